#!/usr/bin/env bash
# dump_restore.sh: a database that uses smart_rules is dumped with pg_dump and restored into an
# empty database, as plain SQL with psql -v ON_ERROR_STOP=1 and as a custom-format archive with
# pg_restore --exit-on-error, and the restored databases have the same logs, partitions,
# indexes, pg_partman registration and catalog, and keep working (a logged run, maintenance,
# the analytics refresh). docs/operations.md, "Restoring a dump", explains why this needs care.
#
#   PGHOST=/tmp PGPORT=5491 PGUSER=postgres test/restore/dump_restore.sh
#
# Needs a superuser and the extension installed; starts no server. Uses databases
# smart_rules_dump_source, smart_rules_dump_plain and smart_rules_dump_custom (dropped first,
# dropped again when all is well). Prints "dump and restore: ok" or fails.
set -euo pipefail
source_db=smart_rules_dump_source
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_sql() { local db=$1; shift; psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

for db in "$source_db" smart_rules_dump_plain smart_rules_dump_custom; do
    dropdb --if-exists "$db"
done
createdb "$source_db"
run_sql "$source_db" <<'SQL' >/dev/null
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SET smart_rules.tenant = 'acme';
SELECT smart_rules.create_rule_set('shop');
SELECT smart_rules.add_version('shop', E'ruleset: shop\nversion: 1.0.0\npii: [document]\nrules:\n  - id: tidy\n    field: title\n    do: trim\n  - id: digits\n    field: document\n    do: digits_only\n');
SELECT smart_rules.publish_version('shop', '1.0.0');
CREATE TABLE products (sku text PRIMARY KEY, title text, document text);
INSERT INTO products VALUES ('a', ' mug ', '529.982.247-25'), ('b', ' cup ', NULL);
SELECT count(*) FROM smart_rules.apply_rules('shop', 'products', NULL::products);
-- Older logs in a partition pg_partman makes now, and a row only the default partition takes.
SELECT partman.create_partition_time('smart_rules.correction_logs',
                                     ARRAY[date_trunc('month', now()) - interval '8 months']);
INSERT INTO smart_rules.correction_logs
    (tenant_id, run_id, rule_set, version, rule_id, row_key, field, action, severity, created_at)
VALUES ('acme', 0, 'shop', '0.9.0', 'tidy', 'a', 'title', 'correct', 'info',
        date_trunc('month', now()) - interval '8 months'),
       ('acme', 0, 'shop', '0.9.0', 'tidy', 'b', 'title', 'correct', 'info',
        now() + interval '10 years');
SELECT smart_rules.set_retention('2 years');
SELECT smart_rules.refresh_analytics();
SQL

# What must come back: rows per partition, each partition's indexes, the template's, pg_partman's
# registration, the catalog, the runs, the analytics once refreshed.
fingerprint() {
    run_sql "$1" <<'SQL'
SELECT 'partition ' || c.relname || ': ' || (xpath('/row/n/text()',
           query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text
           || ' rows; ' || coalesce((SELECT string_agg(pg_get_indexdef(i.indexrelid), '; '
                                                   ORDER BY pg_get_indexdef(i.indexrelid))
                                       FROM pg_index i WHERE i.indrelid = c.oid), 'no index')
  FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
 WHERE h.inhparent = 'smart_rules.correction_logs'::regclass
 ORDER BY c.relname;
SELECT 'template: ' || string_agg(regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', ''), '; '
                                  ORDER BY pg_get_indexdef(i.indexrelid))
  FROM pg_index i WHERE i.indrelid = 'partman.template_smart_rules_correction_logs'::regclass;
SELECT 'parent indexes: ' || count(*) FROM pg_index WHERE indrelid = 'smart_rules.correction_logs'::regclass;
SELECT 'part_config: ' || row(parent_table, control, partition_type, partition_interval, premake,
                              retention, retention_keep_table, infinite_time_partitions, template_table)::text
  FROM partman.part_config;
SELECT 'catalog: ' || string_agg(format('%s/%s %s %s', s.tenant_id, s.name, v.version, v.status), ', ')
  FROM smart_rules.rule_sets s JOIN smart_rules.rule_versions v ON v.rule_set_id = s.id;
SELECT 'runs: ' || count(*) FROM smart_rules.rule_runs;
SELECT 'digests: ' || count(*) FROM smart_rules.correction_logs WHERE old_value LIKE 'sha256:%';
SQL
}

pg_dump -d "$source_db" -f "$work/dump.sql"
pg_dump -Fc -d "$source_db" -f "$work/dump.custom"
fingerprint "$source_db" > "$work/source.txt"
[[ -n ${VERBOSE:-} ]] && cat "$work/source.txt"

createdb smart_rules_dump_plain
psql -X -q -v ON_ERROR_STOP=1 -d smart_rules_dump_plain -f "$work/dump.sql" > /dev/null
createdb smart_rules_dump_custom
pg_restore --exit-on-error -d smart_rules_dump_custom "$work/dump.custom"

for db in smart_rules_dump_plain smart_rules_dump_custom; do
    fingerprint "$db" > "$work/$db.txt"
    if ! diff -u "$work/source.txt" "$work/$db.txt"; then
        echo "$db differs from $source_db" >&2
        exit 1
    fi
    # The restored database keeps working: a logged run, maintenance (a new partition gets the
    # template's indexes), the analytics refresh (the views start empty after a restore).
    result=$(run_sql "$db" <<'SQL'
SET smart_rules.tenant = 'acme';
SELECT count(*) FROM smart_rules.apply_rules('shop', 'products', NULL::products);
SELECT partman.create_partition_time('smart_rules.correction_logs',
                                     ARRAY[date_trunc('month', now()) + interval '9 months']);
SELECT smart_rules.run_maintenance();
SELECT sum(events) FROM smart_rules.my_correction_stats_daily
 WHERE day = (now() AT TIME ZONE 'UTC')::date;
SELECT count(*) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indrelid
 WHERE h.inhparent = 'smart_rules.correction_logs'::regclass
   AND i.indrelid = (SELECT to_regclass(format('smart_rules.correction_logs_p%s',
                                               to_char(now() + interval '9 months', 'YYYY_MM'))));
SQL
)
    # 2 rows applied; the partition made; maintenance refreshed; today's events: 3 from the
    # source's run and 3 from this one; the new partition's 2 indexes.
    expected=$'2\nt\nt\n6\n2'
    if [[ $result != "$expected" ]]; then
        echo "$db does not work as expected after the restore:" >&2
        echo "$result" >&2
        exit 1
    fi
done

for db in "$source_db" smart_rules_dump_plain smart_rules_dump_custom; do
    dropdb "$db"
done
echo "dump and restore: ok"

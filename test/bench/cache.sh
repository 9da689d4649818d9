#!/usr/bin/env bash
# cache.sh: what the backend-local program cache (src/pg/program_cache.c) saves on apply by name.
#
#   PGHOST=/tmp/sock PGPORT=5436 PGUSER=postgres test/bench/cache.sh
#
# Creates database smart_rules_cache_bench (dropped first if it exists; kept afterwards) with the
# extension, a 16-rule rule set 'cache_bench' of tenant 'bench' published as 1.0.0, and the
# 1-row table cache_one. Then, for each mode below (the variables of cache.pgbench), one pgbench
# client in one connection runs TRANSACTIONS calls (default 5000) after a warm-up of 200, and the
# average latency per call (client side, round trip included) is printed. Starts no server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=smart_rules_cache_bench
transactions=${TRANSACTIONS:-5000}

dropdb --if-exists "$db"
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
CREATE TABLE cache_one (sku text, title text, brand text, price text, stock text);
INSERT INTO cache_one VALUES (' ab 12 ', '  NICE   SHOE  ', ' acme ', '1.234,50', '3');
SET smart_rules.tenant = 'bench';
SELECT smart_rules.create_rule_set('cache_bench') > 0;
SELECT smart_rules.add_version('cache_bench', $$
ruleset: cache_bench
version: 1.0.0
rules:
  - {id: sku-clean, field: sku, do: [remove_whitespace, upper, null_if_empty]}
  - {id: title-trim, field: title, do: [trim, collapse_whitespace]}
  - {id: title-case, field: title, when: "title = upper(title)", do: title_case}
  - {id: title-cut, field: title, do: {truncate: {max: 60}}}
  - {id: brand-trim, field: brand, do: [trim, upper]}
  - {id: brand-empty, field: brand, do: null_if_empty}
  - {id: price-parse, field: price, do: {parse_decimal: {decimal: ',', thousands: '.'}}}
  - {id: stock-trim, field: stock, do: trim}
  - {id: sku-required, field: sku, when: "sku is null", do: reject}
  - {id: title-required, field: title, when: "title is null", do: flag, message: no title}
  - {id: sku-lower, field: sku, when: "length(sku) > 40", do: {truncate: {max: 40}}}
  - {id: brand-cut, field: brand, do: {truncate: {max: 30}}}
  - {id: title-collapse, field: title, do: collapse_whitespace}
  - {id: stock-empty, field: stock, do: null_if_empty}
  - {id: price-empty, field: price, when: "price is null", do: flag, message: no price}
  - {id: title-trim-again, field: title, do: trim}
$$);
SELECT smart_rules.publish_version('cache_bench', '1.0.0');
SQL

export PGOPTIONS="-c smart_rules.tenant=bench"
# mode: the -D variables of cache.pgbench
declare -A variables=(
    [apply_cached]="-D step=0 -D cold=0"  [apply_cold]="-D step=0 -D cold=1"
    [lookup_cached]="-D step=1 -D cold=0" [lookup_cold]="-D step=1 -D cold=1"
    [resolve_plpgsql]="-D step=2 -D cold=0" 
    [round_trip]="-D step=3 -D cold=0" [reset_round_trip]="-D step=3 -D cold=1")
for mode in round_trip reset_round_trip lookup_cached lookup_cold resolve_plpgsql apply_cached apply_cold; do
    # shellcheck disable=SC2086 # the -D options are meant to split
    pgbench -n -f "$here/cache.pgbench" ${variables[$mode]} -t 200 "$db" >/dev/null
    # shellcheck disable=SC2086
    latency=$(pgbench -n -f "$here/cache.pgbench" ${variables[$mode]} -t "$transactions" "$db" \
                  | sed -n 's/^latency average = \(.*\) ms$/\1/p')
    printf '%-16s %s ms per call\n' "$mode" "$latency"
done

# In the server, without the client round trip: CALLS (default 20000) calls in one statement
# (CALLS / 10 for the slower ones), timed with clock_timestamp(); printed per call. The apply
# calls get a version argument that depends on the row (always null), so that each row calls
# the function again instead of rereading its first result.
calls=${CALLS:-20000}
psql -X -q -At -v ON_ERROR_STOP=1 -v calls="$calls" -d "$db" <<'SQL'
CREATE FUNCTION pg_temp.per_call_us(statement text, calls int) RETURNS numeric
    LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE statement USING calls;
    RETURN round((extract(epoch FROM clock_timestamp() - started) * 1e6 / calls)::numeric, 1);
END
$$;
SELECT 'in server, µs per call: lookup_cached ' || pg_temp.per_call_us(
    $$SELECT count(smart_rules.resolve_rules_cached('cache_bench')) FROM generate_series(1, $1)$$, :calls);
SELECT 'in server, µs per call: lookup_cold ' || pg_temp.per_call_us(
    $$SELECT count(r) FROM generate_series(1, $1) g,
             LATERAL (SELECT smart_rules.program_cache_reset() AS reset WHERE g > 0 OFFSET 0) c,
             LATERAL (SELECT smart_rules.resolve_rules_cached('cache_bench') AS r
                       WHERE c.reset::text IS NOT NULL OFFSET 0) l$$, :calls / 10);
SELECT 'in server, µs per call: program_cache_reset ' || pg_temp.per_call_us(
    $$SELECT count(smart_rules.program_cache_reset()) FROM generate_series(1, $1)$$, :calls);
SELECT 'in server, µs per call: apply_cached ' || pg_temp.per_call_us(
    $$SELECT count((SELECT count(*) FROM smart_rules.apply_rules('cache_bench', 'cache_one',
                        NULL::cache_one, version => CASE WHEN g < 0 THEN '' END, log => false)))
        FROM generate_series(1, $1) g$$, :calls / 10);
SELECT 'in server, µs per call: apply_cold ' || pg_temp.per_call_us(
    $$SELECT count((SELECT count(*) FROM smart_rules.apply_rules('cache_bench', 'cache_one',
                        NULL::cache_one, version => CASE WHEN g < 0 THEN '' END, log => false)
                    WHERE smart_rules.program_cache_reset()::text IS NOT NULL))
        FROM generate_series(1, $1) g$$, :calls / 10);
SELECT 'in server, µs per call: resolve_plpgsql ' || pg_temp.per_call_us(
    $$SELECT count(smart_rules.resolve_rules('cache_bench')) FROM generate_series(1, $1)$$, :calls / 10);
SQL

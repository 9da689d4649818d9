#!/usr/bin/env bash
# analytics.sh: the analytics and retention benchmark (docs/performance.md, "Analytics and
# retention").
#
#   PGHOST=/tmp PGPORT=5491 PGUSER=postgres test/bench/analytics.sh [ROWS]   (default 10000000)
#
# Needs a superuser and the extension installed; starts no server. Creates database
# smart_rules_analytics_bench (dropped first; kept afterwards) and roles smart_rules_bench_app
# and smart_rules_bench_bi (kept), loads analytics.sql -v rows=ROWS (ROWS log rows over 12
# monthly partitions, their runs), VACUUM ANALYZE, then times, each in its own transaction:
#   refresh      SELECT smart_rules.refresh_analytics(): the first one after the load (the views
#                were empty), then REPEATS more with nothing new (steady state)
#   BI queries   bench_ms(query, 21) in analytics.sql: planning + execution, server side,
#                21 runs in one session, median (and min/max) reported; the tenant queries run as
#                smart_rules_bench_app with smart_rules.tenant set, the others as
#                smart_rules_bench_bi; the same question asked of correction_logs directly, for
#                comparison; all of them once right after the refreshes, and once more after
#                VACUUM ANALYZE of the views (what autovacuum does after a refresh)
#   retention    set_retention to drop exactly the oldest partition, then
#                SELECT smart_rules.run_maintenance(refresh => false); three times (three
#                partitions), each checked to have dropped one partition
#   erasure      SELECT smart_rules.erase_subject(key) as the app role, three keys
#   index cost   what indexes of correction_logs cost when logging: INSERT of one month's rows
#                into a copy of the table with no index, the run_id index, the two indexes of the
#                extension, and the tenant-led pair it does not use
# Times of single statements are psql's \timing (client wall clock, one statement per
# transaction, commit included). Environment: REPEATS (default 3), BENCH_PGOPTIONS (default
# "-c jit=off -c max_parallel_workers_per_gather=0": one backend per statement, as the other
# benchmarks; parallel workers only compete for the 2 cores). Output: markdown on stdout;
# progress on stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rows=${1:-10000000}
repeats=${REPEATS:-3}
db=smart_rules_analytics_bench
export PGOPTIONS="${BENCH_PGOPTIONS:--c jit=off -c max_parallel_workers_per_gather=0}"

say() { echo "[analytics bench] $*" >&2; }
run_sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
# The client time of one statement (ms), in its own session and transaction.
time_statement() {
    run_sql -c '\timing on' -c "$1" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
partitions() { run_sql -At -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'smart_rules.correction_logs'::regclass"; }

say "database $db, $rows log rows"
dropdb --if-exists "$db"
createdb "$db"
load_started=$(date +%s)
run_sql -v rows="$rows" -f "$here/analytics.sql"
runs=$(run_sql -At -c "SELECT runs FROM bench_shape")
chunk=$(( (runs + 9) / 10 ))
for (( first = 0; first < runs; first += chunk )); do
    last=$(( first + chunk < runs ? first + chunk : runs ))
    say "loading runs $first..$((last - 1)) of $runs"
    run_sql -c "CALL bench_load($first, $last)"
done
run_sql -c "CALL bench_load_runs()"
say "vacuum analyze"
run_sql -c "VACUUM ANALYZE smart_rules.correction_logs" -c "VACUUM ANALYZE smart_rules.rule_runs"
load_seconds=$(( $(date +%s) - load_started ))

echo "## Analytics benchmark: $rows log rows"
echo
echo "- machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- server: $(run_sql -At -c "SELECT current_setting('server_version')"), shared_buffers $(run_sql -At -c 'SHOW shared_buffers'), work_mem $(run_sql -At -c 'SHOW work_mem'), PGOPTIONS '$PGOPTIONS'"
echo "- data: $(run_sql -At -c "SELECT format('%s log rows in %s partitions (%s with rows), %s runs, %s tenants; correction_logs %s with indexes', (SELECT count(*) FROM smart_rules.correction_logs), (SELECT count(*) FROM pg_inherits WHERE inhparent = 'smart_rules.correction_logs'::regclass), (SELECT count(DISTINCT tableoid) FROM smart_rules.correction_logs), (SELECT count(*) FROM smart_rules.rule_runs), (SELECT count(DISTINCT tenant_id) FROM smart_rules.rule_runs), pg_size_pretty((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'smart_rules.correction_logs'::regclass)))"); generated and indexed in ${load_seconds} s"
echo

say "refresh"
first_refresh=$(time_statement "SELECT smart_rules.refresh_analytics()")
steady=()
for (( i = 0; i < repeats; i++ )); do
    steady+=("$(time_statement "SELECT smart_rules.refresh_analytics()")")
done
steady_median=$(printf '%s\n' "${steady[@]}" | median)
echo "### Refresh (both views, CONCURRENTLY)"
echo
echo "| refresh | ms |"
echo "| --- | ---: |"
echo "| first, after the load (views empty) | $first_refresh |"
echo "| again, nothing new (median of $repeats: ${steady[*]}) | $steady_median |"
echo
echo "Views: $(run_sql -At -c "SELECT format('correction_stats_daily %s rows (%s), rule_run_stats_daily %s rows (%s)', (SELECT count(*) FROM smart_rules.correction_stats_daily), pg_size_pretty(pg_total_relation_size('smart_rules.correction_stats_daily')), (SELECT count(*) FROM smart_rules.rule_run_stats_daily), pg_size_pretty(pg_total_relation_size('smart_rules.rule_run_stats_daily')))")."
echo

say "BI queries"
today="(now() AT TIME ZONE 'UTC')::date"
declare -a names roles queries
add_query() { names+=("$1"); roles+=("$2"); queries+=("$3"); }
add_query "a tenant's last 30 days by rule (my_correction_stats_daily)" app \
    "SELECT rule_set, rule_id, action, sum(events) AS events FROM smart_rules.my_correction_stats_daily WHERE day >= $today - 30 GROUP BY rule_set, rule_id, action ORDER BY events DESC"
add_query "a tenant's top 10 rules by corrections, all time (my_correction_stats_daily)" app \
    "SELECT rule_set, rule_id, sum(events) AS corrections FROM smart_rules.my_correction_stats_daily WHERE action = 'correct' GROUP BY rule_set, rule_id ORDER BY corrections DESC LIMIT 10"
add_query "a tenant's runs per day, last 30 days (my_rule_run_stats_daily)" app \
    "SELECT day, sum(runs) AS runs, sum(rows_in) AS rows_in, sum(corrections) AS corrections, max(p95_ms) AS p95_ms FROM smart_rules.my_rule_run_stats_daily WHERE day >= $today - 30 GROUP BY day ORDER BY day"
add_query "top 10 rules by corrections, all tenants, last 30 days (correction_stats_daily)" bi \
    "SELECT rule_set, rule_id, sum(events) AS corrections FROM smart_rules.correction_stats_daily WHERE action = 'correct' AND day >= $today - 30 GROUP BY rule_set, rule_id ORDER BY corrections DESC LIMIT 10"
add_query "top 10 rules by corrections, all tenants, all time (correction_stats_daily)" bi \
    "SELECT rule_set, rule_id, sum(events) AS corrections FROM smart_rules.correction_stats_daily WHERE action = 'correct' GROUP BY rule_set, rule_id ORDER BY corrections DESC LIMIT 10"
add_query "for comparison: a tenant's last 30 days by rule from correction_logs" super \
    "SELECT rule_set, rule_id, action, count(*) AS events FROM smart_rules.correction_logs WHERE tenant_id = 'tenant-07' AND created_at >= now() - interval '30 days' GROUP BY rule_set, rule_id, action ORDER BY events DESC"
# One markdown row per query: the median, fastest and slowest of 21 runs.
time_queries() {
    for i in "${!names[@]}"; do
        case ${roles[$i]} in
            app) as_role="SET ROLE smart_rules_bench_app; SET smart_rules.tenant = 'tenant-07';" ;;
            bi) as_role="SET ROLE smart_rules_bench_bi;" ;;
            *) as_role="" ;;
        esac
        figures=$(run_sql -At -F ' | ' -c "$as_role SELECT * FROM bench_ms(\$q\$${queries[$i]}\$q\$)")
        echo "| ${names[$i]} | $figures |"
    done
}
echo "### BI queries (median of 21, planning + execution, server side)"
echo
echo "Right after the refreshes:"
echo
echo "| query | median ms | min | max |"
echo "| --- | ---: | ---: | ---: |"
time_queries
echo
run_sql -c "VACUUM ANALYZE smart_rules.correction_stats_daily, smart_rules.rule_run_stats_daily"
echo "After VACUUM ANALYZE of the views:"
echo
echo "| query | median ms | min | max |"
echo "| --- | ---: | ---: | ---: |"
time_queries
echo

say "retention"
echo "### Retention: dropping the oldest partition"
echo
echo "| retention | partition dropped | run_maintenance(refresh => false) ms |"
echo "| --- | --- | ---: |"
drops=()
for keep in "10 months" "9 months" "8 months"; do
    oldest=$(run_sql -At -c "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'smart_rules.correction_logs'::regclass AND c.relname <> 'correction_logs_default' ORDER BY c.relname LIMIT 1")
    oldest_rows=$(run_sql -At -c "SELECT count(*) FROM smart_rules.$oldest")
    before=$(partitions)
    run_sql -c "SELECT smart_rules.set_retention('$keep')" >/dev/null
    ms=$(time_statement "SELECT smart_rules.run_maintenance(refresh => false)")
    after=$(partitions)
    gone=$(run_sql -At -c "SELECT to_regclass('smart_rules.$oldest') IS NULL")
    if [[ $gone != t ]]; then echo "partition $oldest was not dropped" >&2; exit 1; fi
    echo "| $keep | $oldest ($oldest_rows rows; partitions $before -> $after) | $ms |"
    drops+=("$ms")
done
echo
echo "Median: $(printf '%s\n' "${drops[@]}" | median) ms."
echo

say "erasure"
erasures=()
for key in 1234 56789 199999; do
    erasures+=("$(time_statement "SET ROLE smart_rules_bench_app; SET smart_rules.tenant = 'tenant-07'; SELECT smart_rules.erase_subject('$key')")")
done
echo "### Erasure"
echo
echo "erase_subject(row_key) as the app role, tenant-07, over $(run_sql -At -c "SELECT count(*) FROM smart_rules.correction_logs") rows left: ${erasures[*]} ms (median $(printf '%s\n' "${erasures[@]}" | median) ms)."
echo

say "index cost"
month=$(run_sql -At -c "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'smart_rules.correction_logs'::regclass AND c.relname <> 'correction_logs_default' ORDER BY c.relname LIMIT 1")
month_rows=$(run_sql -At -c "SELECT count(*) FROM smart_rules.$month")
echo "### What the indexes cost when logging"
echo
echo "INSERT of the $month_rows log rows of one month into a copy of correction_logs with these indexes (after a CHECKPOINT):"
echo
echo "| indexes | ms | µs per row |"
echo "| --- | ---: | ---: |"
declare -a index_sets=(
    ""
    "(run_id)"
    "(run_id); (created_at, tenant_id, rule_set, rule_id)"
    "(run_id); (tenant_id, created_at); (tenant_id, rule_set, rule_id, created_at)")
for index_set in "${index_sets[@]}"; do
    run_sql -c "CREATE TABLE bench_index_cost (LIKE smart_rules.correction_logs)"
    IFS=';' read -ra columns <<< "$index_set"
    for c in "${columns[@]}"; do run_sql -c "CREATE INDEX ON bench_index_cost $c"; done
    run_sql -c "CHECKPOINT"
    ms=$(time_statement "INSERT INTO bench_index_cost SELECT * FROM smart_rules.$month")
    run_sql -c "DROP TABLE bench_index_cost"
    echo "| ${index_set:-none} | $ms | $(awk -v ms="$ms" -v n="$month_rows" 'BEGIN { printf "%.1f", ms * 1000 / n }') |"
done
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."

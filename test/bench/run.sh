#!/usr/bin/env bash
# run.sh: the 16-rule benchmark, smart_rules side by side with the hand-written baselines, all
# measured in ONE run on the same server (this way the ratios hold on a noisy machine).
#
#   PGHOST=/tmp/sock PGPORT=5436 PGUSER=postgres test/bench/run.sh [ROWS...]   (default 50000 1000000)
#
# Needs: a superuser (COPY ... TO '/dev/null' writes a server file; /proc is read through
# pg_read_file), a server on this machine (the backend's /proc/<pid>/status is sampled), the
# extension installed, pg_partman and pg_prewarm available. Starts no server.
# Environment: RUNS (timed runs, default 5), REUSE_DATA=1 (keep an existing database whose
# products table already has ROWS rows instead of generating it again), BENCH_PGOPTIONS
# (default "-c jit=off -c max_parallel_workers_per_gather=0").
#
# For each ROWS, database smart_rules_bench_<ROWS> (kept afterwards): reference/gen.sql -v N=ROWS,
# reference/funcs.sql, the extension, rules/bench16.yaml compiled once into table bench_rules
# (outside every timing), VACUUM ANALYZE, pg_prewarm. Five statements:
#   floor               COPY (SELECT * FROM products) TO '/dev/null'
#   rules_sql           reference/rules_sql.sql, unchanged
#   rules_plpgsql       the statement of the baseline's rules_plpgsql.sql (one PL/pgSQL call per row)
#   apply_rules         COPY (SELECT * FROM smart_rules.apply_rules(ir, 'products',
#                       NULL::clean_product_t, log => false)) TO '/dev/null'
#   apply_rules+log     the same with log => true, autocommit (the commit is timed); before each run,
#                       untimed, the log tables are truncated and a CHECKPOINT taken
# all run in ONE psql session, interleaved: an untimed warm-up round (each statement once), then
# RUNS timed rounds (each statement once, in the order above), so that a burst of load on a shared
# machine hits every statement alike. Time = psql \timing (client wall clock; the result of COPY
# TO '/dev/null' is one line). Reported: the median of the RUNS times of each statement.
# Memory: one more session per rules_sql / apply_rules / apply_rules+log: the backend first runs
# the floor COPY (so the table's shared buffers are already in its resident set), then the
# statement once. Reported: the growth of RssAnon (private memory) from just before the statement
# to its peak, sampled every 10 ms from /proc/<pid>/status by this script, and the growth of
# VmHWM (peak resident set, which also counts shared buffers touched for the first time, such
# as the pages the log rows are written to).
# Output: markdown on stdout (machine, server, tables); progress on stderr.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

RUNS=${RUNS:-5}
export PGOPTIONS="${BENCH_PGOPTIONS:--c jit=off -c max_parallel_workers_per_gather=0}"
sizes=("$@")
[ $# -gt 0 ] || sizes=(50000 1000000)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
progress() { echo "run.sh: $*" >&2; }

# --- the statements, one file each -------------------------------------------------------------

apply_statement() { # log => $1
  echo "COPY (SELECT * FROM smart_rules.apply_rules((SELECT ir FROM bench_rules), 'products',
                                               NULL::clean_product_t, log => $1)) TO '/dev/null';"
}
echo "COPY (SELECT * FROM products) TO '/dev/null';" >"$scratch/floor.sql"
cp reference/rules_sql.sql "$scratch/rules_sql.sql"
echo "COPY (SELECT (c).* FROM (SELECT clean_product_plpgsql(p) AS c FROM products p OFFSET 0) s)
  TO '/dev/null';" >"$scratch/rules_plpgsql.sql"
apply_statement false >"$scratch/apply_rules.sql"
{
  echo '\timing off'
  echo 'SELECT bench_truncate_logs();'
  echo 'CHECKPOINT;'
  echo '\timing on'
  apply_statement true
} >"$scratch/apply_rules_log.sql"

statements=(floor rules_sql rules_plpgsql apply_rules apply_rules_log)
# Session prologue: the tenant the runs and log rows belong to.
session_setup=(-c "SET smart_rules.tenant = 'bench'")

# --- per-database setup --------------------------------------------------------------------------

setup_database() { # db rows
  local db=$1 rows=$2 psql_db=(psql -X -q -v ON_ERROR_STOP=1 -d "$1")
  local have=0
  if [ "${REUSE_DATA:-0}" = 1 ] && psql -X -At -d "$db" -c "SELECT 1" >/dev/null 2>&1; then
    have=$("${psql_db[@]}" -At -c "SELECT CASE WHEN to_regclass('products') IS NULL THEN 0
                                          ELSE (SELECT count(*) FROM products) END")
  fi
  if [ "$have" != "$rows" ]; then
    progress "generating $rows rows into $db"
    dropdb --if-exists "$db"
    createdb "$db"
    "${psql_db[@]}" -v N="$rows" -f reference/gen.sql >/dev/null
  fi
  "${psql_db[@]}" -f reference/funcs.sql >/dev/null 2>&1
  "${psql_db[@]}" -v bench16="$(cat rules/bench16.yaml)" >/dev/null <<'SQL'
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS smart_rules CASCADE;
CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
DROP EXTENSION IF EXISTS pg_prewarm;
CREATE EXTENSION pg_prewarm SCHEMA public;
DROP TABLE IF EXISTS bench_rules;
CREATE TABLE bench_rules AS SELECT smart_rules.compile_rules(:'bench16') AS ir;
-- Empties whichever log tables the extension has (between runs of apply_rules + log).
CREATE OR REPLACE FUNCTION bench_truncate_logs() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tables text;
BEGIN
  SELECT string_agg(t, ', ') INTO tables
  FROM unnest(ARRAY['smart_rules.correction_logs', 'smart_rules.rule_runs', 'smart_rules.events']) t
  WHERE to_regclass(t) IS NOT NULL;
  IF tables IS NOT NULL THEN
    EXECUTE 'TRUNCATE ' || tables || ' CASCADE';
  END IF;
END $$;
-- 'VmHWM RssAnon' of this backend, in kB.
CREATE OR REPLACE FUNCTION bench_backend_memory() RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(substring(line FROM '[0-9]+'), ' ' ORDER BY line LIKE 'RssAnon:%')
  FROM regexp_split_to_table(pg_read_file('/proc/' || pg_backend_pid() || '/status'), E'\n') line
  WHERE line LIKE 'VmHWM:%' OR line LIKE 'RssAnon:%'
$$;
VACUUM (ANALYZE) products;
SELECT public.pg_prewarm('products'), public.pg_prewarm('products_pkey');
SQL
}

# --- timing --------------------------------------------------------------------------------------

# time_statements db: one line per statement (in the order of `statements`): its RUNS timed
# runs in ms, space-separated.
time_statements() {
  local db=$1 args=("${session_setup[@]}" -c '\timing on') name
  for ((round = 0; round <= RUNS; round++)); do
    for name in "${statements[@]}"; do args+=(-f "$scratch/$name.sql"); done
  done
  if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" "${args[@]}" >"$scratch/timing.out" 2>&1; then
    cat "$scratch/timing.out" >&2
    return 1
  fi
  grep -oP '^Time: \K[0-9.]+' "$scratch/timing.out" | awk -v n="${#statements[@]}" '
    NR > n { k = (NR - 1) % n; t[k] = t[k] (t[k] == "" ? "" : " ") $1 }
    END { for (k = 0; k < n; k++) print t[k] }'
}

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure_memory db file [psql options...]: "rss_anon_growth_kib vmhwm_growth_kib"
measure_memory() {
  local db=$1 file=$2
  shift 2
  local pid_file=$scratch/pid peak_file=$scratch/peak report
  rm -f "$pid_file" "$peak_file"
  # The sampler: waits for the backend's pid, then keeps the highest RssAnon until it exits.
  (
    while [ ! -s "$pid_file" ]; do sleep 0.01; done
    pid=$(tr -dc 0-9 <"$pid_file")
    peak=0
    while [ -r "/proc/$pid/status" ]; do
      while read -r key value _; do
        [ "$key" = RssAnon: ] && [ "$value" -gt "$peak" ] && peak=$value
      done 2>/dev/null <"/proc/$pid/status" || true
      sleep 0.01
    done
    echo "$peak" >"$peak_file"
  ) &
  local sampler=$!
  report=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@" \
    -c "\o $pid_file" -c "SELECT pg_backend_pid()" -c '\o' \
    -f "$scratch/floor.sql" -c "SELECT pg_sleep(0.2)" -c "SELECT bench_backend_memory()" \
    -f "$file" -c "SELECT bench_backend_memory()" | grep -E '^[0-9]+ [0-9]+$')
  wait "$sampler"
  # report: "hwm_before anon_before" then "hwm_after anon_after"
  awk -v peak="$(cat "$peak_file")" 'NR == 1 { hwm0 = $1; anon0 = $2 } NR == 2 { hwm1 = $1 }
    END { printf "%d %d\n", peak - anon0, hwm1 - hwm0 }' <<<"$report"
}

# --- the run -------------------------------------------------------------------------------------

cpu_model=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
cpus=$(nproc)
ram_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
echo "# 16-rule benchmark: smart_rules.apply_rules vs hand-written SQL"
echo
echo "- date: $(date -u +%FT%TZ)"
echo "- machine: $cpu_model, $cpus CPUs, $ram_gib GiB RAM"
echo "- server: $(psql -X -At -d postgres -c 'SELECT version()')"
echo "- settings: $(psql -X -At -d postgres -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_wal_size', 'fsync', 'synchronous_commit')"); session: $PGOPTIONS"
echo "- method: 1 warm-up + $RUNS timed runs per statement, median; times in ms (see the header of test/bench/run.sh)"
echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

for rows in "${sizes[@]}"; do
  db=smart_rules_bench_$rows
  setup_database "$db" "$rows"
  declare -A runs=() medians=()
  progress "$rows rows: timing (1 warm-up + $RUNS rounds of ${statements[*]})"
  mapfile -t timings < <(time_statements "$db")
  [ "${#timings[@]}" -eq "${#statements[@]}" ] || { progress "timing failed"; exit 1; }
  for k in "${!statements[@]}"; do
    name=${statements[$k]}
    runs[$name]=${timings[$k]}
    medians[$name]=$(median "${runs[$name]}")
  done
  log_rows=$(psql -X -At -d "$db" -c "SELECT count(*) FROM smart_rules.correction_logs")
  declare -A memory=()
  for name in rules_sql apply_rules apply_rules_log; do
    progress "$rows rows: memory of $name"
    memory[$name]=$(measure_memory "$db" "$scratch/$name.sql" "${session_setup[@]}")
  done

  echo
  echo "## $rows rows"
  echo
  echo "| statement | runs (ms) | median (ms) | best (ms) | rows/s (median) | x floor (median) | RssAnon growth (MiB) | VmHWM growth (MiB) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for name in "${statements[@]}"; do
    label=$name
    [ "$name" = apply_rules ] && label='apply_rules (log => false)'
    [ "$name" = apply_rules_log ] && label='apply_rules (log => true)'
    read -r anon hwm <<<"${memory[$name]:-}"
    awk -v label="$label" -v runs="${runs[$name]}" -v med="${medians[$name]}" -v rows="$rows" \
      -v floor="${medians[floor]}" -v anon="${anon:-}" -v hwm="${hwm:-}" 'BEGIN {
        mem_anon = anon == "" ? "" : sprintf("%.1f", anon / 1024)
        mem_hwm = hwm == "" ? "" : sprintf("%.1f", hwm / 1024)
        n = split(runs, t, " "); best = t[1]
        for (i = 2; i <= n; i++) if (t[i] + 0 < best + 0) best = t[i]
        printf "| %s | %s | %.1f | %.1f | %.0f | %.2f | %s | %s |\n", label, runs, med, best,
               rows / (med / 1000), med / floor, mem_anon, mem_hwm }'
  done
  echo
  awk -v sql="${medians[rules_sql]}" -v plpgsql="${medians[rules_plpgsql]}" \
    -v ours="${medians[apply_rules]}" -v logged="${medians[apply_rules_log]}" \
    -v floor="${medians[floor]}" -v log_rows="$log_rows" 'BEGIN {
      printf "- apply_rules is %.1fx faster than rules_sql, %.1fx faster than rules_plpgsql, %.2fx the COPY floor\n",
             sql / ours, plpgsql / ours, ours / floor
      printf "- log => true adds %.0f ms for %d log rows (%.0f ms per million log rows)\n",
             logged - ours, log_rows, (log_rows > 0 ? (logged - ours) / (log_rows / 1e6) : 0) }'
  unset runs medians memory
done
echo
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

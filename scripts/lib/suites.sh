# The test suites of scripts/test. Each suite_* function runs one suite, prints its own
# summary and records its counts with record_suite; a suite never stops the others.
# print_total ends the output with the one line CI reads: `N passed, M failed`.

SR_TOTAL_PASSED=0
SR_TOTAL_FAILED=0
SR_SUITE_SUMMARIES=()

# record_suite NAME PASSED FAILED
record_suite() {
  local summary
  summary=$(printf '%-9s %d passed, %d failed' "$1:" "$2" "$3")
  echo "$summary"
  SR_SUITE_SUMMARIES+=("$summary")
  SR_TOTAL_PASSED=$((SR_TOTAL_PASSED + $2))
  SR_TOTAL_FAILED=$((SR_TOTAL_FAILED + $3))
}

# Prints every suite's summary, then the total as the very last line; returns 1 on any failure.
print_total() {
  step "summary"
  printf '%s\n' "${SR_SUITE_SUMMARIES[@]}"
  echo "$SR_TOTAL_PASSED passed, $SR_TOTAL_FAILED failed"
  [ "$SR_TOTAL_FAILED" -eq 0 ]
}

# The number that sed expression $1 extracts from file $2 (its last match), or 0.
extract_count() {
  local value
  value=$(sed -n "$1" "$2" | tail -n 1)
  echo "${value:-0}"
}

# Runs "$@" with a time limit, its output shown and kept in build/logs/<name>.log.
# Returns the command's exit status.
run_shown() {
  local name=$1 limit=$2
  shift 2
  mkdir -p "$SR_LOG_DIR"
  timeout --kill-after=30 "$limit" "$@" 2>&1 | tee "$SR_LOG_DIR/$name.log"
  return "${PIPESTATUS[0]}"
}

# Fails a database suite at once when there is no cluster to run it against.
require_cluster() {
  [ -n "$SR_CLUSTER_DIR" ] && return 0
  echo "no cluster (the build or the cluster start failed above)"
  return 1
}

# 1. boundary: the check on the real tree, then the check itself on planted violations.
suite_boundary() {
  step "suite: boundary"
  local passed=0 failed=0 scratch clean
  scratch=$(mktemp -d) || { record_suite boundary 0 1; return; }
  on_exit "rm -rf '$scratch'"

  # check_case DESCRIPTION EXPECTED_STATUS TREE
  check_case() {
    local output status
    output=$("$SR_ROOT/scripts/check-boundary" "$3" 2>&1)
    status=$?
    if [ "$status" -eq "$2" ]; then
      echo "ok - $1"
      passed=$((passed + 1))
    else
      echo "not ok - $1 (exit $status, expected $2)"
      printf '%s\n' "$output" | sed 's/^/    /'
      failed=$((failed + 1))
    fi
  }
  # plant NAME FILE LINE: a copy of the clean tree with LINE added to FILE; prints its path.
  plant() {
    local tree=$scratch/$1
    cp -a "$clean" "$tree"
    mkdir -p "$(dirname "$tree/$2")"
    printf '%s\n' "$3" >>"$tree/$2"
    echo "$tree"
  }

  clean=$scratch/clean
  mkdir -p "$clean/src/core/compiler" "$clean/src/capi" "$clean/src/pg"
  printf '#include "common/diagnostic.hpp"\n#include <string>\n' >"$clean/src/core/compiler/a.cpp"
  printf '#include <stddef.h>\n' >"$clean/src/capi/smart_rules_capi.h"
  printf '#include "postgres.h"\n#include "utils/builtins.h"\n' >"$clean/src/pg/glue.c"

  check_case "the source tree respects the boundary" 0 "$SR_ROOT"
  check_case "a clean tree passes" 0 "$clean"
  check_case "postgres.h in the core is caught" 1 \
    "$(plant core-postgres src/core/compiler/a.cpp '#include "postgres.h"')"
  check_case "utils/ header in the C ABI is caught" 1 \
    "$(plant capi-utils src/capi/capi_compile.cpp '#include <utils/builtins.h>')"
  check_case "indented executor/ include in a core header is caught" 1 \
    "$(plant core-executor src/core/runtime/batch.hpp '  #  include "executor/spi.h"')"
  check_case "a C++ file in the glue is caught" 1 \
    "$(plant glue-cpp src/pg/glue_extra.cpp '// C++')"
  check_case "a C++ header in the glue is caught" 1 \
    "$(plant glue-hpp src/pg/sub/helpers.hh '// C++')"

  record_suite boundary "$passed" "$failed"
}

# 2. unit: the GoogleTest binary.
suite_unit() {
  step "suite: unit"
  if ! build_unit_tests; then
    record_suite unit 0 1
    return
  fi
  run_shown unit 1200 "$SR_TESTS_BUILD/unit_tests" --gtest_brief=1
  local status=$? log=$SR_LOG_DIR/unit.log passed failed
  passed=$(extract_count 's/^\[  PASSED  \] \([0-9]*\) tests\{0,1\}\..*/\1/p' "$log")
  failed=$(extract_count 's/^\[  FAILED  \] \([0-9]*\) tests\{0,1\}, listed below.*/\1/p' "$log")
  # A crash or an abort prints no summary: count it as a failure.
  [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  record_suite unit "$passed" "$failed"
}

# 3. regress: pg_regress (make installcheck) against the throwaway cluster; ISOLATION= leaves
# the isolation specs to their own suite.
suite_regress() {
  installcheck_suite regress 'sql/*.sql' regression.diffs ISOLATION=
}

# 3b. isolation: the isolation specs (specs/*.spec, PGXS ISOLATION) through pg_isolation_regress,
# without the pg_regress files (REGRESS= ; those are the regress suite's).
suite_isolation() {
  installcheck_suite isolation 'specs/*.spec' output_iso/regression.diffs REGRESS=
}

# installcheck_suite NAME TESTS_GLOB DIFFS MAKE_ARG: `make installcheck MAKE_ARG`, counting the
# tests that pass and fail, and showing DIFFS on a failure.
installcheck_suite() {
  local name=$1 tests=$2 diffs=$3 make_arg=$4
  step "suite: $name"
  require_cluster || { record_suite "$name" 0 1; return; }
  if ! compgen -G "$SR_ROOT/$tests" >/dev/null; then
    echo "no tests in $tests"
    record_suite "$name" 0 0
    return
  fi
  run_shown "$name" 1200 make -C "$SR_ROOT" installcheck PG_CONFIG="$SR_PG_CONFIG" "$make_arg"
  local status=$? log=$SR_LOG_DIR/$name.log passed failed
  # PostgreSQL 15 prints `test name ... ok`; 16 and later print TAP (`ok 1 - name`).
  passed=$(grep -cE '\.\.\. ok( |$)|^ok [0-9]+ ' "$log")
  failed=$(grep -cE '\.\.\. (FAILED|failed)|^not ok [0-9]+ ' "$log")
  if [ "$failed" -gt 0 ] && [ -f "$SR_ROOT/$diffs" ]; then
    echo "--- $diffs"
    head -n 500 "$SR_ROOT/$diffs"
  fi
  [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  record_suite "$name" "$passed" "$failed"
}

# golden: each marketplace's seller file read, corrected by its built-in rule set and written
# back, compared byte for byte with the expected file and correction log (test/golden/run.sh).
suite_golden() {
  step "suite: golden"
  require_cluster || { record_suite golden 0 1; return; }
  run_shown golden 1200 bash "$SR_ROOT/test/golden/run.sh"
  local log=$SR_LOG_DIR/golden.log
  record_suite golden "$(extract_count 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p' "$log")" \
    "$(extract_count 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p' "$log")"
  tail -n 1 "$log" | grep -q '^[0-9]* passed, [0-9]* failed$' || record_suite golden 0 1
}

# restore: a database using smart_rules survives pg_dump and restore (plain and custom format)
# with its logs, partitions, indexes, pg_partman registration and catalog (test/restore/).
suite_restore() {
  script_suite restore test/restore/dump_restore.sh 'dump and restore: ok'
}

# script_suite NAME SCRIPT LAST_LINE: a suite that is one script against the cluster; it passes
# when the script succeeds and its last line is LAST_LINE.
script_suite() {
  local name=$1 script=$2 last_line=$3
  step "suite: $name"
  require_cluster || { record_suite "$name" 0 1; return; }
  run_shown "$name" 1200 bash "$SR_ROOT/$script"
  local status=$? log=$SR_LOG_DIR/$name.log
  if [ "$status" -eq 0 ] && tail -n 1 "$log" | grep -qxF "$last_line"; then
    record_suite "$name" 1 0
  else
    record_suite "$name" 0 1
  fi
}

# equivalence: apply_rules with the 16-rule benchmark set returns exactly the rows of the
# hand-written SQL baseline on generated catalog data (test/bench/equivalence.sh).
suite_equivalence() {
  script_suite equivalence test/bench/equivalence.sh '1 passed, 0 failed'
}

# 4. pgtap: pg_prove over test/pgtap/*.sql, in a database with the extensions installed (each
# file creates pgtap itself, inside its transaction).
suite_pgtap() {
  step "suite: pgtap"
  require_cluster || { record_suite pgtap 0 1; return; }
  if ! compgen -G "$SR_ROOT/test/pgtap/*.sql" >/dev/null; then
    echo "no pgTAP tests in test/pgtap/"
    record_suite pgtap 0 0
    return
  fi
  cluster_create_database smart_rules_pgtap || { record_suite pgtap 0 1; return; }
  run_shown pgtap 1200 pg_prove --nocolor --failures -d smart_rules_pgtap \
    "$SR_ROOT"/test/pgtap/*.sql
  local status=$? log=$SR_LOG_DIR/pgtap.log total failed failed_assertions
  total=$(extract_count 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log")
  # The summary report lists each file with a problem as `(Wstat: W Tests: T Failed: F)`; a
  # file that died or ran fewer tests than planned has F = 0 and counts as one failure.
  read -r failed_assertions failed < <(sed -n 's/.*(Wstat: [0-9]* Tests: [0-9]* Failed: \([0-9]*\))$/\1/p' "$log" |
    awk '{ assertions += $1; failures += ($1 > 0 ? $1 : 1) } END { print assertions + 0, failures + 0 }')
  [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  record_suite pgtap "$((total > failed_assertions ? total - failed_assertions : 0))" "$failed"
}

# 5. schema: test/schema/run (the JSON Schema of the rule language against the fixtures and
# docs; its last line is `N passed, M failed`).
suite_schema() {
  step "suite: schema"
  if [ ! -f "$SR_ROOT/test/schema/run" ]; then
    echo "test/schema/run is missing"
    record_suite schema 0 1
    return
  fi
  run_shown schema 1800 bash "$SR_ROOT/test/schema/run"
  local status=$? last passed=0 failed=1
  last=$(tail -n 1 "$SR_LOG_DIR/schema.log")
  if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=${BASH_REMATCH[1]}
    failed=${BASH_REMATCH[2]}
  else
    echo "test/schema/run did not end with 'N passed, M failed'"
  fi
  [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  record_suite schema "$passed" "$failed"
}

# 6. fuzz: every libFuzzer target for FUZZ_SECONDS (default 60), seeded with the YAML
# fixtures, the examples and test/fuzz/regressions (inputs that once failed, replayed first on
# every run); a target passes when it finds nothing.
suite_fuzz() {
  step "suite: fuzz"
  if ! build_fuzzers; then
    record_suite fuzz 0 1
    return
  fi
  local seconds=${FUZZ_SECONDS:-60} passed=0 failed=0 seeds target
  seeds=$(mktemp -d) || { record_suite fuzz 0 1; return; }
  on_exit "rm -rf '$seeds'"
  {
    find "$SR_ROOT/test/fixtures" "$SR_ROOT/examples" -type f -name '*.yaml'
    find "$SR_ROOT/test/fuzz/regressions" -type f
  } 2>/dev/null |
    while read -r seed; do cp "$seed" "$seeds/$(sha1sum <"$seed" | cut -c1-16)"; done
  for target in "$SR_FUZZ_BUILD"/*_fuzzer; do
    [ -x "$target" ] || continue
    if run_fuzzer "$target" "$seeds" "$seconds"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
    fi
  done
  [ $((passed + failed)) -eq 0 ] && { echo "no fuzz target was built"; failed=1; }
  record_suite fuzz "$passed" "$failed"
}

# run_fuzzer TARGET SEED_DIR SECONDS: fuzzes a copy of the seeds; on a finding prints the
# report and the input, and keeps the input in build/fuzz/artifacts/.
run_fuzzer() {
  local target=$1 seconds=$3 name corpus artifacts log status input options
  name=$(basename "$target")
  corpus=$(mktemp -d) || return 1
  on_exit "rm -rf '$corpus'"
  cp -a "$2/." "$corpus/"
  artifacts=$SR_FUZZ_BUILD/artifacts/$name/
  mkdir -p "$artifacts" "$SR_LOG_DIR"
  log=$SR_LOG_DIR/fuzz-$name.log
  # Memory is capped at 2 GiB by ASan (hard_rss_limit_mb) rather than by libFuzzer's
  # -rss_limit_mb: on that limit libFuzzer first prints a heap profile, which takes many
  # minutes on a heap of millions of small blocks, and only then saves the input.
  options=(-max_total_time="$seconds" -rss_limit_mb=0 -malloc_limit_mb=2048 -timeout=30
    -print_final_stats=1 -artifact_prefix="$artifacts")
  [ -f "$SR_ROOT/test/fuzz/$name.dict" ] && options+=(-dict="$SR_ROOT/test/fuzz/$name.dict")
  echo "$name: fuzzing for $seconds s ($(ls "$corpus" | wc -l) seeds)"
  ASAN_OPTIONS=hard_rss_limit_mb=2048 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    timeout --kill-after=30 $((seconds + 600)) "$target" "${options[@]}" "$corpus" >"$log" 2>&1
  status=$?
  if [ "$status" -eq 0 ]; then
    grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/$name: /"
    return 0
  fi
  echo "$name: failed (exit $status); the report:"
  # The report without progress lines and ASan's process memory map.
  grep -vE '^#[0-9]+\s|^\s+(NEW_FUNC|0x[0-9a-f]+-0x)' "$log" | tail -n 80
  input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
  if [ -n "$input" ] && [ -f "$input" ]; then
    echo "--- the input ($input, $(wc -c <"$input") bytes), as text:"
    head -c 4096 "$input" | cat -v
    echo
    echo "--- as base64:"
    head -c 4096 "$input" | base64
    echo "--- reproduce: ASAN_OPTIONS=hard_rss_limit_mb=2048 $target '$input'"
  fi
  return 1
}

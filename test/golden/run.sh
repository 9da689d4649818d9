#!/usr/bin/env bash
# run.sh: the golden tests of the marketplaces. For each directory test/golden/<marketplace>/ with
# an input file (input.*, a seller's file as exported), in a fresh database of the server that
# PGHOST/PGPORT/PGUSER point at (a superuser; the extension must be installed), golden.sql reads
# it with read_csv, applies the built-in rule set of that marketplace, and writes the corrected
# file with to_csv_bytes (the marketplace's own headers and encoding) and the run's correction
# log; both must equal, byte for byte, expected.<ext> and expected_log.csv, and every rule of
# the rule set must fire on the input.
# GOLDEN_UPDATE=1 writes the expected files instead (review them with git diff).
# The last line is `N passed, M failed` (two tests per marketplace: file and log).
#
#   PGHOST=/tmp/sock PGPORT=5499 PGUSER=postgres test/golden/run.sh [marketplace ...]
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
database=${GOLDEN_DATABASE:-smart_rules_golden}
psql_cmd=(psql -X -q -v ON_ERROR_STOP=1 -d "$database")
passed=0
failed=0

# compare NAME EXPECTED ACTUAL: one test; shows the first differences on failure.
compare() {
  if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
    cp "$3" "$2"
    echo "updated - $1"
    passed=$((passed + 1))
  elif cmp -s "$2" "$3"; then
    echo "ok - $1"
    passed=$((passed + 1))
  else
    echo "not ok - $1"
    diff -a "$2" "$3" | head -n 40 | sed 's/^/    /'
    failed=$((failed + 1))
  fi
}

if [ $# -gt 0 ]; then marketplaces=("$@"); else
  marketplaces=()
  for dir in "$here"/*/; do marketplaces+=("$(basename "$dir")"); done
fi

scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
dropdb --if-exists "$database" && createdb "$database" &&
  "${psql_cmd[@]}" -c "CREATE SCHEMA partman" -c "CREATE EXTENSION pg_partman SCHEMA partman" \
    -c "CREATE EXTENSION smart_rules" || { echo "cannot create the database"; echo "0 passed, 1 failed"; exit 1; }

for marketplace in "${marketplaces[@]}"; do
  dir=$here/$marketplace
  input=$(ls "$dir"/input.* 2>/dev/null | head -n 1)
  if [ -z "$input" ]; then
    echo "not ok - $marketplace: no input file"
    failed=$((failed + 1))
    continue
  fi
  extension=${input##*.}
  if ! "${psql_cmd[@]}" -v marketplace="$marketplace" -v data="$(base64 -w0 "$input")" \
       -v file_out="$scratch/file.b64" -v log_out="$scratch/log.csv" -f "$here/golden.sql"; then
    echo "not ok - $marketplace: golden.sql failed"
    failed=$((failed + 2))
    continue
  fi
  base64 -d "$scratch/file.b64" >"$scratch/file.$extension"
  compare "$marketplace: corrected file" "$dir/expected.$extension" "$scratch/file.$extension"
  compare "$marketplace: correction log" "$dir/expected_log.csv" "$scratch/log.csv"
done

[ "$failed" -eq 0 ] && dropdb "$database"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

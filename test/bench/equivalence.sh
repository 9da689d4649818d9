#!/usr/bin/env bash
# equivalence.sh: the correctness half of the 16-rule benchmark. In a fresh database of the server
# that PGHOST/PGPORT/PGUSER point at (a superuser; the extension must be installed), loads the
# reference catalog (reference/gen.sql, N=20000 rows unless EQUIVALENCE_ROWS says otherwise) and
# reference/funcs.sql, then runs equivalence.sql: apply_rules with rules/bench16.yaml must return
# exactly the rows of the hand-written reference/rules_sql.sql. The database is dropped afterwards
# (kept on failure, to look at). The last line is `1 passed, 0 failed` or `0 passed, 1 failed`;
# the exit status is non-zero on failure.
#
#   PGHOST=/tmp/sock PGPORT=5499 PGUSER=postgres test/bench/equivalence.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1

database=${EQUIVALENCE_DATABASE:-smart_rules_equivalence}
rows=${EQUIVALENCE_ROWS:-20000}
psql_cmd=(psql -X -q -v ON_ERROR_STOP=1 -d "$database")

fail() {
  echo "equivalence: $1 (database $database kept)"
  echo "0 passed, 1 failed"
  exit 1
}

# The SELECT inside rules_sql.sql's `COPY ( ... ) TO '/dev/null';`, its logic untouched: drop
# the whole-line comments, the line `COPY (` and the line `) TO '/dev/null';`.
reference_select() {
  sed -e '/^--/d' -e '/^COPY ($/d' -e "/^) TO '\/dev\/null';$/d" reference/rules_sql.sql
}

dropdb --if-exists "$database" && createdb "$database" || fail "cannot create the database"
"${psql_cmd[@]}" -v N="$rows" -f reference/gen.sql >/dev/null || fail "gen.sql failed"
"${psql_cmd[@]}" -f reference/funcs.sql >/dev/null 2>&1 || fail "funcs.sql failed"
"${psql_cmd[@]}" -c "CREATE SCHEMA partman" -c "CREATE EXTENSION pg_partman SCHEMA partman" \
  -c "CREATE EXTENSION smart_rules" || fail "cannot create the extension"
"${psql_cmd[@]}" -v rules_sql_select="$(reference_select)" -v bench16="$(cat rules/bench16.yaml)" \
  -f equivalence.sql || fail "the outputs differ, or the comparison failed"
dropdb "$database" || fail "cannot drop the database"
echo "1 passed, 0 failed"

# The throwaway PostgreSQL cluster: initdb into a fresh temp dir owned by the cluster owner
# (`postgres` when we are root), Unix socket only (listen_addresses = ''), trust auth, stopped
# and deleted when the script exits. Port 5499 unless SMART_RULES_PGPORT says otherwise; as
# nothing listens on TCP, the port only names the socket file inside our own dir.
# After cluster_start, PGHOST/PGPORT/PGUSER point every client (psql, pg_regress, pg_prove) at it.

SR_CLUSTER_DIR=

cluster_start() {
  step "start a throwaway PostgreSQL $SR_PG_MAJOR cluster"
  local port=${SMART_RULES_PGPORT:-5499}
  SR_CLUSTER_DIR=$(mktemp -d /tmp/smart_rules_pg.XXXXXX) || return 1
  on_exit cluster_stop
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$SR_CLUSTER_DIR" && chmod 755 "$SR_CLUSTER_DIR" || return 1
  fi
  local data=$SR_CLUSTER_DIR/data
  as_cluster_owner "$SR_PG_BINDIR/initdb" -D "$data" -U postgres --auth=trust \
    -E UTF8 --locale=C.UTF-8 >"$SR_CLUSTER_DIR/initdb.log" 2>&1 || {
    cat "$SR_CLUSTER_DIR/initdb.log"
    return 1
  }
  # Durability is pointless for a cluster that is deleted on exit; turning it off saves time.
  as_cluster_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$SR_CLUSTER_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  as_cluster_owner "$SR_PG_BINDIR/pg_ctl" -D "$data" -l "$SR_CLUSTER_DIR/server.log" \
    -w -t 120 start >/dev/null || {
    cat "$SR_CLUSTER_DIR/server.log"
    return 1
  }
  export PGHOST=$SR_CLUSTER_DIR PGPORT=$port PGUSER=postgres
  echo "running: PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=$PGUSER"
}

# Stops the cluster and deletes its files; quiet and safe to call more than once.
cluster_stop() {
  [ -n "$SR_CLUSTER_DIR" ] || return 0
  if [ -f "$SR_CLUSTER_DIR/data/postmaster.pid" ]; then
    as_cluster_owner "$SR_PG_BINDIR/pg_ctl" -D "$SR_CLUSTER_DIR/data" -m fast -w stop \
      >/dev/null 2>&1 || warn "could not stop the cluster in $SR_CLUSTER_DIR"
  fi
  rm -rf "$SR_CLUSTER_DIR"
  SR_CLUSTER_DIR=
}

# Runs psql on database $1 with the remaining arguments; stops at the first error.
cluster_psql() {
  local database=$1
  shift
  psql -X -q -v ON_ERROR_STOP=1 -d "$database" "$@"
}

# Creates database $1 with the documented install: pg_partman in schema partman, then smart_rules.
cluster_create_database() {
  local database=$1
  cluster_psql postgres -c "CREATE DATABASE \"$database\"" || return 1
  cluster_psql "$database" <<'SQL'
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE EXTENSION smart_rules;
SQL
}

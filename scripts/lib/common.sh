# Shared helpers for scripts/demo and scripts/test: paths, messages, privilege switching and
# one EXIT trap that runs every registered cleanup (the throwaway cluster, temp dirs).
# Sourced, never run; the caller sets its own shell options.

SR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SR_PG_MAJOR=15
SR_PG_BINDIR=/usr/lib/postgresql/$SR_PG_MAJOR/bin
SR_PG_CONFIG=$SR_PG_BINDIR/pg_config
SR_LOG_DIR=$SR_ROOT/build/logs
export PATH="$SR_PG_BINDIR:$PATH"

# A step heading, so that long CI logs are easy to scan.
step() {
  printf '\n==> %s\n' "$*"
}

warn() {
  printf 'warning: %s\n' "$*" >&2
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

# Runs a command as the owner of the throwaway cluster: initdb and postgres refuse to run as
# root, so root switches to the `postgres` system user; anyone else runs it as themselves.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Runs "$@" with its output in build/logs/<name>.log; on failure prints the log's tail.
run_logged() {
  local name=$1
  shift
  mkdir -p "$SR_LOG_DIR"
  local log=$SR_LOG_DIR/$name.log
  "$@" >"$log" 2>&1 && return 0
  local status=$?
  printf '%s failed (exit %d); last lines of %s:\n' "$name" "$status" "$log"
  tail -n 150 "$log"
  return "$status"
}

SR_CLEANUPS=()

# Registers a command to run when the script exits (last registered runs first).
on_exit() {
  SR_CLEANUPS+=("$*")
}

run_cleanups() {
  local i
  for ((i = ${#SR_CLEANUPS[@]} - 1; i >= 0; i--)); do
    eval "${SR_CLEANUPS[$i]}" || true
  done
  SR_CLEANUPS=()
}

trap run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

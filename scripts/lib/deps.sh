# Installs the Debian 12 packages that building, the demo and every test suite need.
# Only missing packages are installed; `apt-get update` runs first, so a fresh machine works.

SR_APT_PACKAGES=(
  postgresql-15 postgresql-server-dev-15 postgresql-15-partman postgresql-15-pgtap pgtap
  libyaml-dev nlohmann-json3-dev libre2-dev libutf8proc-dev
  cmake make g++ clang libclang-rt-14-dev pkg-config libgtest-dev libbenchmark-dev
)

# Prints the packages of "$@" that are not installed.
missing_packages() {
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$package"
    fi
  done
}

# Refreshes the package lists, then installs what is missing. postgresql-server-dev-15 pins
# the exact server version and may upgrade postgresql-15, so the two are always installed in one
# transaction. A failed refresh only matters when something has to be installed.
# SMART_RULES_SKIP_APT=1 skips this step (a developer machine that is already set up).
install_dependencies() {
  step "dependencies"
  if [ "${SMART_RULES_SKIP_APT:-0}" = 1 ]; then
    echo "skipped (SMART_RULES_SKIP_APT=1)"
    return 0
  fi
  local wanted=("${SR_APT_PACKAGES[@]}") missing updated=true
  # The schema suite runs node and npm; a machine may already have them from elsewhere.
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
  missing=$(missing_packages "${wanted[@]}")
  case $missing in
    *postgresql-15* | *postgresql-server-dev-15*)
      missing=$(printf '%s\n' $missing postgresql-15 postgresql-server-dev-15 | sort -u) ;;
  esac
  export DEBIAN_FRONTEND=noninteractive
  run_logged apt-update as_root apt-get update || updated=false
  if [ -z "$missing" ]; then
    echo "all packages present"
    return 0
  fi
  $updated || return 1
  echo "installing: $(echo $missing)"
  # shellcheck disable=SC2086  # one word per package
  run_logged apt-install as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends $missing || return 1
  echo "installed"
}

#!/usr/bin/env bash
# Prepare everything pijler_support needs to run: PostgreSQL with a role for
# the current OS user, Odoo 18.0 Community, and a Python environment holding
# Odoo's requirements and ours. Safe to run again: each step checks first.
#
#   scripts/setup.sh          what `make demo` needs
#   scripts/setup.sh --test   plus what the tests need (chromium, pytest, ...)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
ODOO_BRANCH="18.0"
ODOO_GIT="${ODOO_GIT:-https://github.com/odoo/odoo.git}"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
WITH_TESTS=0
[ "${1:-}" = "--test" ] && WITH_TESTS=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_ready=0
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing Debian packages: ${missing[*]}"
    if [ $apt_ready -eq 0 ]; then
        as_root apt-get update -qq
        apt_ready=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else sudo -u postgres sh -c "$*"; fi
}

setup_postgres() {
    command -v pg_lsclusters >/dev/null 2>&1 || apt_install postgresql
    if ! pg_lsclusters -h | grep -q .; then
        say "Creating a PostgreSQL cluster"
        local version
        version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
        as_root pg_createcluster "$version" main
    fi
    pg_lsclusters -h | while read -r version cluster _ status _; do
        if [ "$status" != "online" ]; then
            say "Starting PostgreSQL $version/$cluster"
            as_root pg_ctlcluster "$version" "$cluster" start
        fi
    done
    local user
    user="$(id -un)"
    if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$user'\"" | grep -q 1; then
        say "Creating PostgreSQL role $user"
        as_postgres "createuser --createdb --superuser '$user'"
    fi
}

is_odoo_18() {
    [ -f "$1/odoo/release.py" ] && grep -q "^version_info = (18, 0," "$1/odoo/release.py"
}

setup_odoo_source() {
    if is_odoo_18 "$ODOO_SRC"; then
        return 0
    fi
    if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        echo "ODOO_SRC=$ODOO_SRC exists but holds no Odoo 18.0 tree." >&2
        echo "Point ODOO_SRC at an Odoo 18.0 checkout, or at an empty folder." >&2
        exit 1
    fi
    apt_install git
    say "Cloning Odoo $ODOO_BRANCH into $ODOO_SRC"
    as_root mkdir -p "$ODOO_SRC"
    as_root chown "$(id -u):$(id -g)" "$ODOO_SRC"
    git clone --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT" "$ODOO_SRC"
}

setup_python() {
    # Headers and tools that psycopg2 and python-ldap-free Odoo need to build.
    apt_install python3-venv python3-dev libpq-dev build-essential
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the Python environment in $VENV"
        "$PYTHON" -m venv "$VENV"
        "$VENV/bin/pip" install -q --upgrade pip wheel setuptools
    fi
    local files=("$ROOT/requirements.txt")
    [ $WITH_TESTS -eq 1 ] && files+=("$ROOT/requirements-test.txt")
    local stamp="$VENV/.pijler-requirements-$WITH_TESTS"
    local wanted
    wanted=$(cat "${files[@]}" | sha1sum | cut -d' ' -f1)-$ODOO_SRC
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        say "Installing Python requirements"
        local args=()
        for file in "${files[@]}"; do args+=(-r "$file"); done
        "$VENV/bin/pip" install -q "${args[@]}"
        # Odoo's setup.py imports odoo itself: no build isolation. Its own
        # requirement pins are covered by requirements.txt, hence --no-deps.
        "$VENV/bin/pip" install -q --no-build-isolation --no-deps -e "$ODOO_SRC"
        echo "$wanted" >"$stamp"
    fi
}

write_config() {
    # Wheels of OCA addons install into site-packages/odoo/addons.
    local site
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    local addons="$ODOO_SRC/addons,$ROOT"
    [ -d "$site/odoo/addons" ] && addons="$addons,$site/odoo/addons"
    cat >"$ROOT/.odoo.conf" <<CONF
[options]
addons_path = $addons
data_dir = $ROOT/.odoo-data
admin_passwd = admin
db_host = False
db_port = False
http_port = ${HTTP_PORT:-8069}
CONF
}

setup_postgres
setup_odoo_source
setup_python
if [ $WITH_TESTS -eq 1 ]; then
    apt_install chromium fonts-dejavu-core
fi
write_config
say "Set-up done: Odoo in $ODOO_SRC, Python in $VENV"

# Shared helpers for bin/run and bin/test. Sourced, not executed.
# Every step checks before it acts, so running a command twice is safe.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
RUN_DIR="$ROOT/.run"
PY="$VENV/bin/python"

export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
export RETAIL_DB_USER="${RETAIL_DB_USER:-odoo}"
export RETAIL_DB_PASSWORD="${RETAIL_DB_PASSWORD:-odoo}"
export RETAIL_HTTP_PORT="${RETAIL_HTTP_PORT:-8069}"
export RETAIL_PYTHON="${RETAIL_PYTHON:-}"

log() { printf '[retail] %s\n' "$*" >&2; }

apt_install() {
    # Installs the Debian packages that are missing, updating the index only when needed.
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_system_packages() {
    apt_install postgresql libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev \
        libjpeg-dev zlib1g-dev build-essential chromium chromium-driver
    # Node.js may come from elsewhere than Debian (its npm then conflicts with Debian's): only fill a gap.
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    if ! lessc --version 2>/dev/null | grep -q '^lessc 2\.'; then
        log "installing lessc 2.x from npm"
        npm install -g --silent less@2.7.3 less-plugin-clean-css@1.5.1 >/dev/null
    fi
}

find_python37() {
    if [ -n "$RETAIL_PYTHON" ]; then echo "$RETAIL_PYTHON"; return; fi
    local candidate
    for candidate in \
        "$(command -v pyenv >/dev/null 2>&1 && echo "$(pyenv root)/versions/3.7.16/bin/python3.7")" \
        "$HOME/.pyenv/versions/3.7.16/bin/python3.7" \
        "$(command -v python3.7 || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return; fi
    done
    # Last resort: let pyenv build it (needs network access to PyPI's mirrors only for pip).
    if command -v pyenv >/dev/null 2>&1; then
        pyenv install -s 3.7.16 >&2
        echo "$(pyenv root)/versions/3.7.16/bin/python3.7"; return
    fi
    log "Python 3.7 not found: set RETAIL_PYTHON to a python3.7 executable"; exit 1
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha"
    local want
    want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha1sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
    if [ ! -x "$PY" ]; then
        log "creating the Python 3.7 virtual environment in .venv"
        "$(find_python37)" -m venv "$VENV"
    fi
    log "installing pinned requirements into .venv (1-2 minutes the first time)"
    local pip_log="$VENV/pip.log"
    {
        "$PY" -m pip install -q --upgrade 'pip<24' 'setuptools<58' wheel &&
        "$PY" -m pip install -q -r "$ROOT/requirements.txt" &&
        "$PY" -m pip install -q --no-deps -r "$ROOT/requirements-oca.txt"
    } > "$pip_log" 2>&1 || { grep -v "is ignored: it is neither" "$pip_log" | tail -30 >&2; exit 1; }
    echo "$want" > "$stamp"
}

pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT"; }

ensure_postgres() {
    if ! pg_ready; then
        log "starting PostgreSQL"
        local version
        version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
        if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
            pg_createcluster "$version" main >/dev/null
        fi
        pg_ctlcluster "$version" main start || service postgresql start
        for _ in $(seq 30); do pg_ready && break; sleep 1; done
        pg_ready || { log "PostgreSQL did not start on $PGHOST:$PGPORT"; exit 1; }
    fi
    # Odoo refuses the postgres superuser: make sure its own login role exists.
    if ! PGPASSWORD="$RETAIL_DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$RETAIL_DB_USER" -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        log "creating the PostgreSQL role $RETAIL_DB_USER"
        runuser -u postgres -- env -u PGHOST psql -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$RETAIL_DB_USER') THEN
    CREATE ROLE "$RETAIL_DB_USER" LOGIN CREATEDB PASSWORD '$RETAIL_DB_PASSWORD';
  ELSE
    ALTER ROLE "$RETAIL_DB_USER" LOGIN CREATEDB PASSWORD '$RETAIL_DB_PASSWORD';
  END IF;
END\$\$;
SQL
    fi
}

db_exists() {
    PGPASSWORD="$RETAIL_DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$RETAIL_DB_USER" -d postgres -Atc \
        "select 1 from pg_database where datname = '$1'" | grep -q 1
}

module_installed() {
    PGPASSWORD="$RETAIL_DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$RETAIL_DB_USER" -d "$1" -Atc \
        "select 1 from ir_module_module where name = '$2' and state = 'installed'" 2>/dev/null | grep -q 1
}

write_runtime_conf() {
    # odoo.conf with the connection settings of this environment: .run/odoo.conf
    "$PY" - "$ROOT/odoo.conf" "$RUN_DIR/odoo.conf" <<'PYEOF'
import configparser, os, sys
conf = configparser.ConfigParser(interpolation=None)
conf.read(sys.argv[1])
opts = conf['options']
opts['db_host'] = os.environ['PGHOST']
opts['db_port'] = os.environ['PGPORT']
opts['db_user'] = os.environ['RETAIL_DB_USER']
opts['db_password'] = os.environ['RETAIL_DB_PASSWORD']
opts['http_port'] = os.environ['RETAIL_HTTP_PORT']
root = os.path.dirname(os.path.abspath(sys.argv[1]))
opts['addons_path'] = ','.join(os.path.join(root, p.strip()) for p in opts['addons_path'].split(','))
opts['data_dir'] = os.path.join(root, opts['data_dir'])
with open(sys.argv[2], 'w') as out:
    conf.write(out)
PYEOF
}

odoo() {
    # The Odoo server with this repository's settings (see write_runtime_conf).
    # A sub-command (shell, scaffold...) must come before the options.
    local sub=()
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then sub=("$1"); shift; fi
    (cd "$ROOT" && "$PY" "$ROOT/bin/odoo-bin" "${sub[@]}" -c "$RUN_DIR/odoo.conf" "$@")
}

install_modules() {
    # install_modules DB MODULES CHECKED_MODULE: installs MODULES (comma-separated)
    # into DB, creating it if needed; on failure shows the log's errors and exits.
    local db="$1" modules="$2" checked="$3" logfile="$RUN_DIR/install-$1.log" rc=0
    : > "$logfile"   # this run's lines only: old errors must not show
    odoo -d "$db" -i "$modules" --stop-after-init \
        --logfile "$logfile" --log-handler=py.warnings:ERROR || rc=$?
    if [ "$rc" -ne 0 ] || ! module_installed "$db" "$checked" || log_has_errors "$logfile"; then
        install_failed "installation" "$logfile" "$rc"
    fi
}

log_has_errors() { grep -qE " (ERROR|CRITICAL) |^Traceback" "$1"; }

install_failed() {
    # install_failed WHAT LOGFILE RC: prints the log's errors and its end, then exits.
    log "$1 failed (exit code $3), see ${2#$ROOT/}"
    grep -E " (ERROR|CRITICAL) " "$2" | tail -20 >&2 || true
    tail -30 "$2" >&2
    exit 1
}

suite_dependencies() {
    # The modules the suite's addons depend on, outside the suite (comma-separated).
    # Not the demo's (a chart of accounts has no place in a production upgrade).
    "$PY" - "$ROOT" <<'PYEOF'
import ast, glob, os, sys
paths = glob.glob(os.path.join(sys.argv[1], 'retail_*', '__manifest__.py'))
suite = {os.path.basename(os.path.dirname(path)) for path in paths}
depends = set()
for path in paths:
    with open(path) as manifest:
        depends.update(ast.literal_eval(manifest.read()).get('depends', []))
print(','.join(sorted(depends - suite)))
PYEOF
}

upgrade_suite() {
    # Upgrades every module of the suite in DB (they all depend on retail_governance).
    # Dependencies added since the installed version (e.g. document) are installed
    # in the same run (-i leaves installed modules alone): Odoo would install them
    # anyway, but only after logging "Unmet dependencies" errors. Fails loudly like
    # install_modules.
    local logfile="$RUN_DIR/upgrade-$1.log" rc=0 depends pending
    depends="$(suite_dependencies)"
    : > "$logfile"
    odoo -d "$1" -i "$depends" -u retail_governance --stop-after-init \
        --logfile "$logfile" --log-handler=py.warnings:ERROR || rc=$?
    # Odoo 11 logs "Unmet dependencies" (ERROR) for a module whose new dependency
    # it installs later in the same run: harmless if every module ends installed.
    pending="$(modules_pending "$1")"
    if [ -n "$pending" ]; then
        log "modules left half-done: $pending"
    fi
    if [ "$rc" -ne 0 ] || [ -n "$pending" ] || upgrade_log_has_errors "$logfile"; then
        install_failed "upgrade of $1" "$logfile" "$rc"
    fi
}

upgrade_log_has_errors() {
    grep -vE "odoo\.modules\.graph: module [a-z0-9_]+: Unmet dependencies: " "$1" \
        | grep -qE " (ERROR|CRITICAL) |^Traceback"
}

modules_pending() {
    # Modules of DB an install or upgrade left to install, upgrade or remove.
    PGPASSWORD="$RETAIL_DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$RETAIL_DB_USER" -d "$1" \
        -Atc "select string_agg(name || ' (' || state || ')', ', ') from ir_module_module
              where state in ('to install', 'to upgrade', 'to remove')" 2>/dev/null || true
}

drop_db() {
    PGPASSWORD="$RETAIL_DB_PASSWORD" dropdb --if-exists -h "$PGHOST" -p "$PGPORT" \
        -U "$RETAIL_DB_USER" "$1"
}

copy_db() {
    # copy_db SRC DST: DST becomes a copy of SRC, with its filestore (the web
    # assets and the attachments live there, not in the database).
    local store="$RUN_DIR/filestore/filestore"
    drop_db "$2"
    PGPASSWORD="$RETAIL_DB_PASSWORD" createdb -h "$PGHOST" -p "$PGPORT" \
        -U "$RETAIL_DB_USER" -T "$1" "$2"
    rm -rf "${store:?}/$2"
    if [ -d "$store/$1" ]; then cp -a "$store/$1" "$store/$2"; fi
}

suite_code_sha() {
    # A hash of the addons' code (not their tests): databases are upgraded when it changes.
    (cd "$ROOT" && find retail_* addons -path '*/tests' -prune -o -type f \
        \( -name '*.py' -o -name '*.xml' -o -name '*.csv' \) -print | sort | xargs cat \
        | sha1sum | cut -d' ' -f1)
}

setup_all() {
    ensure_system_packages
    ensure_venv
    ensure_postgres
    mkdir -p "$RUN_DIR"
    write_runtime_conf
}

#!/usr/bin/env bash
# Run the whole test suite of pijler_support on a fresh database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
VENV="${VENV:-$ROOT/.venv}"
DB="${TEST_DB:-pijler_test}"
CONF="$ROOT/.odoo.conf"
cd "$ROOT"

"$ROOT/scripts/setup.sh" --test

echo "==> Checking style (ruff)"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "==> Checking Odoo conventions (pylint-odoo)"
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" \
    --disable=prefer-env-translation,missing-readme pijler_support

echo "==> Creating database $DB with pijler_support and its demo data"
dropdb --if-exists "$DB"
rm -rf "$ROOT/.odoo-data/filestore/$DB"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" \
    -i pijler_support --stop-after-init --log-level=warn --http-port=0 \
    --without-demo=

echo "==> Running the tests"
# The wheels of OCA addons create site-packages/odoo/addons, which would hide
# an editable Odoo from pytest: put the Odoo tree first on the path.
export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
set +e
"$VENV/bin/pytest" -c "$ROOT/pytest.ini" \
    --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    "$ROOT/pijler_support/tests" "$@"
status=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure here too.
exit $status

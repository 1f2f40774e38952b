#!/bin/sh
# Waits for PostgreSQL, installs the suite and the demo network once, then serves.
set -eu
cd /opt/retail
DB="${RETAIL_DB:-retail_demo}"
export PGPASSWORD="$RETAIL_DB_PASSWORD"
until pg_isready -q -h "$PGHOST" -p "$PGPORT"; do sleep 1; done
CONF="${ODOO_CONF:-odoo.conf}"
ODOO="python bin/odoo-bin -c $CONF --db_host $PGHOST --db_port $PGPORT --db_user $RETAIL_DB_USER --db_password $RETAIL_DB_PASSWORD --data-dir /var/lib/odoo"
installed=$(psql -h "$PGHOST" -p "$PGPORT" -U "$RETAIL_DB_USER" -d "$DB" -Atc \
    "select 1 from ir_module_module where name = 'retail_demo' and state = 'installed'" 2>/dev/null || true)
if [ "$installed" != 1 ]; then
    $ODOO -d "$DB" -i retail_inventory_harmonization,retail_demo --stop-after-init
fi
exec $ODOO -d "$DB" --db-filter "^$DB\$" --http-port 8069 --longpolling-port 8072 "$@"

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.upgrade import add_filled_column

from .models.retail_stock_balance_fast import LOCATION_SOURCES, TRIGGERS


def add_order_warehouse_column(cr):
    """Sales order lines' ``retail_warehouse_id`` (their order's warehouse,
    which the store roles' record rule tests), added and filled in SQL."""
    add_filled_column(cr, 'sale_order_line', 'retail_warehouse_id', 'stock_warehouse', """
        UPDATE {table} row SET {column} = o.warehouse_id
          FROM sale_order o WHERE o.id = row.order_id AND o.warehouse_id IS NOT NULL""")


def pre_init_hook(cr):
    """Installed on a database with sales: the lines' warehouse filled in
    SQL, not computed line by line."""
    add_order_warehouse_column(cr)


def uninstall_hook(cr, registry):
    """Drops the balance fast path: its triggers on Odoo's tables would call
    functions that read views the uninstall removes."""
    for table, (prefix, function) in TRIGGERS.items():
        for event in ('insert', 'update', 'delete'):
            cr.execute("DROP TRIGGER IF EXISTS %s_%s ON %s" % (prefix, event, table))
        cr.execute("DROP FUNCTION IF EXISTS %s()" % function)
    for table in LOCATION_SOURCES:
        cr.execute("DROP TRIGGER IF EXISTS retail_balance_locations ON %s" % table)
    cr.execute("""
        DROP TRIGGER IF EXISTS retail_balance_product_update ON product_template;
        DROP FUNCTION IF EXISTS retail_balance_product_changed();
        DROP FUNCTION IF EXISTS retail_balance_locations_changed();
        DROP TABLE IF EXISTS retail_balance_location, retail_balance_move,
                             retail_balance_base, retail_balance_delta""")

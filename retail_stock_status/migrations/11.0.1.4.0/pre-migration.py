# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sales order lines get their order's warehouse, which the store roles'
record rule tests, filled in SQL (see ``add_order_warehouse_column``)."""
from openupgradelib import openupgrade

from odoo.addons.retail_stock_status.hooks import add_order_warehouse_column


@openupgrade.migrate()
def migrate(env, version):
    if version:
        add_order_warehouse_column(env.cr)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Locations get their warehouse; moves, move lines and transfers the
warehouses the store roles' rules test, filled in SQL (see
``add_location_warehouse_columns``)."""
from openupgradelib import openupgrade

from odoo.addons.retail_governance.upgrade import add_location_warehouse_columns


@openupgrade.migrate()
def migrate(env, version):
    if version:
        add_location_warehouse_columns(env.cr)

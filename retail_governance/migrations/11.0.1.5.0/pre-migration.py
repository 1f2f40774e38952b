# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Moves and move lines get the warehouse of their transfer's operation type,
which the store roles' record rules test, filled in SQL (see
``add_picking_warehouse_columns``)."""
from openupgradelib import openupgrade

from odoo.addons.retail_governance.upgrade import add_picking_warehouse_columns


@openupgrade.migrate()
def migrate(env, version):
    if version:
        add_picking_warehouse_columns(env.cr)

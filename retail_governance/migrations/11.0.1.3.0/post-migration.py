# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The store roles' record rules read the user's locations from a list.

Their domains are in a ``noupdate`` file, so an upgrade leaves the earlier
``child_of`` domains in place (they searched the locations again at every
read). The rules this release changed get their domain from the module's file.
"""
from openupgradelib import openupgrade

from odoo.addons.retail_governance.upgrade import update_rule_domains

RULES = (
    'stock_location_rule_store', 'stock_quant_rule_store', 'stock_inventory_rule_store',
    'stock_inventory_line_rule_store', 'stock_scrap_rule_store', 'stock_move_rule_store',
    'stock_move_line_rule_store', 'stock_cycle_count_rule_store',
)


@openupgrade.migrate()
def migrate(env, version):
    if version:
        update_rule_domains(env, 'retail_governance', 'retail_governance_rules.xml', RULES)

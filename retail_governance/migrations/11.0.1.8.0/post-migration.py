# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The store roles' rules on locations, moves, move lines and transfers test
warehouse columns instead of the lists of the stores' locations and operation
types (see pre-migration)."""
from openupgradelib import openupgrade

from odoo.addons.retail_governance.upgrade import update_rule_domains


@openupgrade.migrate()
def migrate(env, version):
    if version:
        update_rule_domains(env, 'retail_governance', 'retail_governance_rules.xml', (
            'stock_location_rule_store', 'stock_move_rule_store', 'stock_move_line_rule_store',
            'stock_picking_rule_store'))

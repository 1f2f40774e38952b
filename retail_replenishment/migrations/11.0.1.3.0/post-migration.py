# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The store roles' rule on purchase orders tests the operation type against
the user's list of them instead of a path to its warehouse."""
from openupgradelib import openupgrade

from odoo.addons.retail_governance.upgrade import update_rule_domains


@openupgrade.migrate()
def migrate(env, version):
    if version:
        update_rule_domains(env, 'retail_replenishment', 'purchase_order_rules.xml', (
            'purchase_order_rule_store',))

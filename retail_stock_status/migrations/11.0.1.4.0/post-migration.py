# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The store roles' rule on sales order lines tests the line's warehouse
column instead of a path through the order (see pre-migration)."""
from openupgradelib import openupgrade

from odoo.addons.retail_governance.upgrade import update_rule_domains


@openupgrade.migrate()
def migrate(env, version):
    if version:
        update_rule_domains(env, 'retail_stock_status', 'sale_order_rules.xml',
                            ('sale_order_line_rule_store',))

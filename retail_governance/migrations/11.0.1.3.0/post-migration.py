# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The store roles' record rules read the user's locations from a list.

Their domains are in a ``noupdate`` file, so an upgrade leaves the earlier
``child_of`` domains in place (they searched the locations again at every
read). The rules this release changed get their domain from the module's file.
"""
import os

from lxml import etree
from openupgradelib import openupgrade

RULES = (
    'stock_location_rule_store', 'stock_quant_rule_store', 'stock_inventory_rule_store',
    'stock_inventory_line_rule_store', 'stock_scrap_rule_store', 'stock_move_rule_store',
    'stock_move_line_rule_store', 'stock_cycle_count_rule_store',
)


def _domains_from_file():
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), 'security', 'retail_governance_rules.xml')
    tree = etree.parse(path)
    return {record.get('id'): record.findtext("field[@name='domain_force']")
            for record in tree.iter('record') if record.get('id') in RULES}


@openupgrade.migrate()
def migrate(env, version):
    if not version:
        return
    for xml_id, domain in _domains_from_file().items():
        rule = env.ref('retail_governance.%s' % xml_id, raise_if_not_found=False)
        if rule and rule.domain_force != domain:
            rule.domain_force = domain

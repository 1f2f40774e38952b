# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One active reordering rule per product x location from this release on.

Odoo 11 accepted two active rules for the same product and location (and then
ordered twice, odoo/odoo#47909). This release guarantees one with a partial
unique index, which cannot be created over duplicates: before the update, the
extra rules are archived (kept, not deleted), the most recently changed one of
each pair staying active.
"""
from openupgradelib import openupgrade


@openupgrade.migrate(use_env=False)
def migrate(cr, version):
    if not version:
        return
    openupgrade.logged_query(cr, """
        UPDATE stock_warehouse_orderpoint op SET active = FALSE
          FROM (SELECT id, row_number() OVER (
                       PARTITION BY product_id, location_id
                       ORDER BY write_date DESC NULLS LAST, id DESC) AS rank
                  FROM stock_warehouse_orderpoint WHERE active) ranked
         WHERE ranked.id = op.id AND ranked.rank > 1
    """)

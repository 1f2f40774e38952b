# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Runs replenish storable products only (odoo/odoo#16371).

Odoo 11 keeps a reordering rule when its product becomes a service or a
consumable (or when one is created over XML-RPC, the form's domain aside), and
its scheduler then orders it. The run's evaluation leaves such rules out, as
it leaves out archived products.
"""
from odoo import api, models


class RetailReplenishmentBuilder(models.AbstractModel):
    _inherit = 'retail.replenishment.builder'

    @api.model
    def _evaluate(self, warehouses):
        pairs, needs = super(RetailReplenishmentBuilder, self)._evaluate(warehouses)
        if not needs:
            return pairs, needs
        storable = set(self.env['product.product'].browse(
            list({need['product_id'] for need in needs})).filtered(
                lambda product: product.type == 'product').ids)
        return pairs, [need for need in needs if need['product_id'] in storable]

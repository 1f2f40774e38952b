# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class RetailReplenishmentBuilder(models.AbstractModel):
    _inherit = 'retail.replenishment.builder'

    @api.model
    def _create_store_documents(self, run, warehouse, lines, date_planned, rules,
                                signatures):
        """The run inserts its moves with SQL, after creating the pickings:
        the transfer is made once both legs have their moves."""
        pickings = super(RetailReplenishmentBuilder, self)._create_store_documents(
            run, warehouse, lines, date_planned, rules, signatures)
        self.env['retail.transfer']._sync_pickings(pickings)
        return pickings

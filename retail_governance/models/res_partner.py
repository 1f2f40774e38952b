# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    def _notify_by_chat(self, message):
        """Odoo 11 formats every posted message for the inbox (about 10 ms)
        even when no partner is to be told, as for most tracking messages and
        notes of pickings and transfers: with nobody to tell, nothing to do."""
        if not self:
            return None
        return super()._notify_by_chat(message)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .loading import is_loading_data


class StockScrap(models.Model):
    """Scraps are adjustments too: a reason code, and within the tolerance of
    the adjustment rules; larger write-offs go through an approved inventory
    adjustment."""
    _name = 'stock.scrap'
    _inherit = ['stock.scrap', 'retail.audit.mixin']

    retail_reason_id = fields.Many2one(
        'retail.adjustment.reason', string='Reason', ondelete='restrict',
        states={'done': [('readonly', True)]})

    @api.multi
    def do_scrap(self):
        for scrap in self:
            scrap._retail_check_scrap()
        res = super(StockScrap, self).do_scrap()
        for scrap in self:
            scrap._retail_audit(
                'scrap',
                before={'location': scrap.location_id, 'product': scrap.product_id},
                after={'location': scrap.scrap_location_id, 'quantity': scrap.scrap_qty},
                note=scrap.retail_reason_id.name)
        return res

    @api.multi
    def _retail_check_scrap(self):
        self.ensure_one()
        if self.state == 'done':
            # Odoo 11 would make and post another scrap move.
            raise UserError(_(
                "Scrap %s is already done: the same units cannot be scrapped "
                "twice.") % self.name)
        if not self.retail_reason_id and not is_loading_data(self.env):
            raise UserError(_("Scrap %s needs a reason code.") % self.name)
        company = self.location_id.company_id or self.env.user.company_id
        result = self.env['retail.adjustment.rule']._evaluate_adjustments(
            company, self.location_id.get_warehouse(),
            [self._retail_prepare_adjustment()])[self.id]
        if result['exceeded']:
            raise UserError(_(
                "Scrapping %s %s of %s is beyond the tolerance of the adjustment "
                "rule %s (%s %s adjusted here in its window already): record it "
                "as an inventory adjustment, which needs approval.") % (
                    self.scrap_qty, self.product_uom_id.name,
                    self.product_id.display_name, result['rule'].name,
                    result['window_qty'], self.product_id.uom_id.name))

    @api.multi
    def _retail_prepare_adjustment(self):
        """The scrap as the adjustment rules judge it (see
        retail.adjustment.rule._evaluate_adjustments)."""
        self.ensure_one()
        # sudo: the system quantity of the location, whatever the user may read.
        system_qty = sum(self.env['stock.quant'].sudo()._gather(
            self.product_id, self.location_id, lot_id=self.lot_id,
            package_id=self.package_id, owner_id=self.owner_id,
            strict=True).mapped('quantity'))
        return {
            'key': self.id,
            'product': self.product_id,
            'location': self.location_id,
            'qty': -self.product_uom_id._compute_quantity(
                self.scrap_qty, self.product_id.uom_id, round=False),
            'system_qty': system_qty,
            'counter': self.env.user,
        }

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError


class RetailStatusChange(models.TransientModel):
    """Moves stock of one warehouse from one status location to another, with a reason."""
    _name = 'retail.status.change'
    _description = 'Change Stock Status'

    warehouse_id = fields.Many2one('stock.warehouse', required=True)
    product_id = fields.Many2one('product.product', required=True,
                                 domain=[('type', '=', 'product')])
    # Quarantined stock leaves only through a quality inspection.
    location_id = fields.Many2one(
        'stock.location', string='From', required=True,
        domain=[('usage', '=', 'internal'),
                ('retail_effective_status_id.code', '!=', 'quarantined')])
    location_dest_id = fields.Many2one('stock.location', string='To', required=True,
                                       domain=[('usage', '=', 'internal')])
    quantity = fields.Float(required=True, digits=dp.get_precision('Product Unit of Measure'))
    reason = fields.Char(required=True)

    @api.onchange('warehouse_id')
    def _onchange_warehouse_id(self):
        self.location_id = self.warehouse_id.lot_stock_id
        self.location_dest_id = self.warehouse_id.retail_damaged_location_id

    def action_apply(self):
        self.ensure_one()
        if self.quantity <= 0:
            raise UserError(_("The quantity to move must be positive."))
        if not self.reason.strip():
            raise UserError(_("Give a reason for the status change."))
        for location in (self.location_id, self.location_dest_id):
            if location.get_warehouse() != self.warehouse_id:
                raise UserError(_("%s is not a location of %s.") % (
                    location.display_name, self.warehouse_id.name))
        picking = self.warehouse_id._retail_move_stock(
            [(self.product_id, self.quantity)], self.location_id, self.location_dest_id,
            reason=self.reason, origin=_('Status change'))
        return {
            'type': 'ir.actions.act_window', 'res_model': 'stock.picking',
            'res_id': picking.id, 'view_mode': 'form',
        }

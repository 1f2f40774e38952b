# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.retail_stock_status import SERVER_ONLY


class RetailReturnDisposition(models.TransientModel):
    """Decides what happens to a customer return waiting in a store's returns location."""
    _name = 'retail.return.disposition'
    _description = 'Return Disposition'

    warehouse_id = fields.Many2one('stock.warehouse', required=True)
    product_id = fields.Many2one('product.product', required=True,
                                 domain=[('type', '=', 'product')])
    quantity = fields.Float(required=True, digits=dp.get_precision('Product Unit of Measure'))
    disposition = fields.Selection([
        ('restock', 'Restock (sellable)'),
        ('damaged', 'Damaged'),
        ('vendor', 'Return to vendor'),
    ], required=True, default='restock')
    vendor_id = fields.Many2one('res.partner', domain=[('supplier', '=', True)],
                                help="Vendor the goods go back to.")
    reason = fields.Char(required=True)

    def _get_disposition_location(self):
        """Destination per disposition; a dict of strategies, easy to extend."""
        self.ensure_one()
        return {
            'restock': lambda wiz: wiz.warehouse_id.lot_stock_id,
            'damaged': lambda wiz: wiz.warehouse_id.retail_damaged_location_id,
            'vendor': lambda wiz: (wiz.vendor_id.property_stock_supplier
                                   or self.env.ref('stock.stock_location_suppliers')),
        }[self.disposition](self)

    @api.constrains('quantity')
    def _check_quantity(self):
        for wizard in self:
            if wizard.quantity <= 0:
                raise ValidationError(_("The quantity of a disposition must be positive."))

    def action_apply(self):
        """Returns wait in a quarantined location: deciding on them is an
        inspection, done by a quality inspector, and the only way out of it."""
        self.ensure_one()
        if not self.env.user.has_group('retail_stock_status.group_quality_inspector'):
            raise AccessError(_("Only quality inspectors decide on customer returns."))
        if self.disposition == 'vendor' and not self.vendor_id:
            raise UserError(_("Choose the vendor the goods go back to."))
        returns = self.warehouse_id.retail_returns_location_id
        if not returns:
            raise UserError(_("%s has no returns location.") % self.warehouse_id.name)
        picking = self.warehouse_id.with_context(
            retail_quarantine_release=SERVER_ONLY)._retail_move_stock(
            [(self.product_id, self.quantity)], returns, self._get_disposition_location(),
            reason=_('Return disposition (%s): %s') % (
                dict(self._fields['disposition'].selection)[self.disposition], self.reason),
            origin=_('Return disposition'))
        return {
            'type': 'ir.actions.act_window', 'res_model': 'stock.picking',
            'res_id': picking.id, 'view_mode': 'form',
        }

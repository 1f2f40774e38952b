# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import ValidationError


class RetailEmergencyTransferLine(models.Model):
    _name = 'retail.emergency.transfer.line'
    _description = 'Emergency Transfer Line'
    _order = 'transfer_id, id'

    transfer_id = fields.Many2one(
        'retail.emergency.transfer', string='Emergency Transfer', required=True,
        index=True, ondelete='cascade', auto_join=True)  # (the store rules join it)
    company_id = fields.Many2one(related='transfer_id.company_id', store=True, readonly=True)
    state = fields.Selection(related='transfer_id.state', readonly=True)
    product_id = fields.Many2one(
        'product.product', required=True, index=True,
        domain=[('type', '=', 'product')])
    product_qty = fields.Float(
        string='Quantity', required=True, default=1.0,
        digits=dp.get_precision('Product Unit of Measure'))
    product_uom_id = fields.Many2one('product.uom', string='Unit of Measure', required=True)
    currency_id = fields.Many2one(related='transfer_id.currency_id', readonly=True)
    product_uom_qty = fields.Float(
        string='Quantity in Product Unit', compute='_compute_product_uom_qty',
        digits=dp.get_precision('Product Unit of Measure'))
    value = fields.Monetary(
        compute='_compute_product_uom_qty', currency_field='currency_id',
        help="Quantity at the product's cost.")

    @api.depends('product_id', 'product_qty', 'product_uom_id')
    def _compute_product_uom_qty(self):
        for line in self:
            if not (line.product_id and line.product_uom_id):
                line.product_uom_qty = line.value = 0.0
                continue
            line.product_uom_qty = line.product_uom_id._compute_quantity(
                line.product_qty, line.product_id.uom_id, round=False)
            line.value = line.product_uom_qty * line.product_id.standard_price

    @api.onchange('product_id')
    def _onchange_product_id(self):
        if self.product_id:
            self.product_uom_id = self.product_id.uom_id

    @api.constrains('product_id', 'product_qty', 'product_uom_id')
    def _check_line(self):
        for line in self:
            line._check_line_values()

    @api.multi
    def _check_line_values(self):
        """Bad lines are refused with a message that names what is wrong."""
        self.ensure_one()
        # sudo: a product of another company is unreadable; say so clearly.
        line = self.sudo()
        product = line.product_id
        if self.product_qty <= 0:
            raise ValidationError(_(
                "The quantity of %s must be positive (not %s).") % (
                    product.display_name, self.product_qty))
        if not product.active:
            raise ValidationError(_(
                "Product %s is archived and cannot be transferred.") % product.display_name)
        if product.type != 'product':
            raise ValidationError(_(
                "Product %s is not a stockable product.") % product.display_name)
        if product.company_id and product.company_id != line.transfer_id.company_id:
            raise ValidationError(_(
                "Product %s belongs to another company than transfer %s.") % (
                    product.display_name, line.transfer_id.name))
        if line.product_uom_id.category_id != product.uom_id.category_id:
            raise ValidationError(_(
                "Unit %s cannot measure product %s.") % (
                    line.product_uom_id.name, product.display_name))

    @api.model
    def create(self, vals):
        if vals.get('product_id') and not vals.get('product_uom_id'):
            vals['product_uom_id'] = self.env['product.product'].browse(
                vals['product_id']).uom_id.id
        transfer = self.env['retail.emergency.transfer'].browse(vals.get('transfer_id'))
        transfer._check_editable()
        return super(RetailEmergencyTransferLine, self).create(vals)

    @api.multi
    def write(self, vals):
        self.mapped('transfer_id')._check_editable()
        if 'transfer_id' in vals:
            self.env['retail.emergency.transfer'].browse(vals['transfer_id'])._check_editable()
        return super(RetailEmergencyTransferLine, self).write(vals)

    @api.multi
    def unlink(self):
        self.mapped('transfer_id')._check_editable()
        return super(RetailEmergencyTransferLine, self).unlink()

    @api.multi
    def _prepare_move_vals(self, picking, procure_method, move_dest=None):
        """A move of this line in ``picking`` (store-to-store path)."""
        self.ensure_one()
        transfer = self.transfer_id
        return {
            'name': transfer.name,
            'origin': transfer.name,
            'company_id': transfer.company_id.id,
            'product_id': self.product_id.id,
            'product_uom': self.product_uom_id.id,
            'product_uom_qty': self.product_qty,
            'location_id': picking.location_id.id,
            'location_dest_id': picking.location_dest_id.id,
            'picking_id': picking.id,
            'picking_type_id': picking.picking_type_id.id,
            'group_id': transfer.procurement_group_id.id,
            'warehouse_id': picking.picking_type_id.warehouse_id.id,
            'procure_method': procure_method,
            'priority': picking.priority,
            'move_dest_ids': [(4, move_dest.id)] if move_dest else [],
        }

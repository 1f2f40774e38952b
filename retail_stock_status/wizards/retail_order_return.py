# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero


class RetailOrderReturn(models.TransientModel):
    """A customer brings back goods of an order in any warehouse of the
    order's company: an online order in a store, a store sale at the DC.

    The order may belong to a warehouse the user does not work in (store
    clerks only read the orders of their own stores), so the wizard reads the
    order's delivered lines as the system: a returning customer shows the
    order, the clerk must see what it delivered. What is created (the return
    receipt in the receiving warehouse) is created as the user, under their
    own rights."""
    _name = 'retail.order.return'
    _description = 'Return an Order to Any Location'

    order_id = fields.Many2one('sale.order', string='Order', required=True)
    order_reference = fields.Char(
        string='Order Number',
        help="The number on the customer's receipt or confirmation (scan it): "
             "finds an order of any store or of the web shop.")
    company_id = fields.Many2one('res.company', compute='_compute_company_id')
    warehouse_id = fields.Many2one(
        'stock.warehouse', string='Receiving Warehouse', required=True,
        default=lambda self: self._default_warehouse_id(),
        help="Where the customer brings the goods back; they wait in its "
             "returns location until a quality inspector decides on them.")
    reason = fields.Char(required=True)
    line_ids = fields.One2many('retail.order.return.line', 'wizard_id', string='Lines')

    @api.model
    def _default_warehouse_id(self):
        """The user's first store, else the warehouse of the order (the order
        is only known when the wizard is opened from it)."""
        warehouse = self.env.user.retail_warehouse_ids[:1]
        if warehouse:
            return warehouse
        order = self._context_order()
        return order.sudo().warehouse_id if order else self.env['stock.warehouse']

    @api.depends('order_id')
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.order_id.sudo().company_id

    @api.model
    def _context_order(self):
        context = self.env.context
        if context.get('default_order_id'):
            return self.env['sale.order'].browse(context['default_order_id'])
        if context.get('active_model') == 'sale.order' and context.get('active_id'):
            return self.env['sale.order'].browse(context['active_id'])
        return self.env['sale.order']

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        order = self._context_order()
        if order:
            res['order_id'] = order.id
            if 'line_ids' in fields_list:
                res['line_ids'] = self._prepare_line_commands(order)
        return res

    @api.onchange('order_reference')
    def _onchange_order_reference(self):
        if self.order_reference:
            self.order_id = self._find_order(self.order_reference)
            self._onchange_order_id()

    @api.model
    def _find_order(self, reference):
        """The confirmed order of the user's companies with this number. As
        the system: a store clerk does not read other stores' orders, but
        takes back what they sold, as the customer's receipt shows."""
        order = self.env['sale.order'].sudo().search([
            ('name', '=', (reference or '').strip()),
            ('company_id', 'in', self.env.user.company_ids.ids)], limit=1)
        if not order:
            raise UserError(_("No order numbered %s.") % reference)
        return order

    @api.model
    def create(self, vals):
        if vals.get('order_reference') and not vals.get('order_id'):
            order = self._find_order(vals['order_reference'])
            vals = dict(vals, order_id=order.id)
            if not vals.get('line_ids'):
                vals['line_ids'] = self._prepare_line_commands(order)
        return super().create(vals)

    @api.onchange('order_id')
    def _onchange_order_id(self):
        self.line_ids = self._prepare_line_commands(self.order_id)

    @api.model
    def _prepare_line_commands(self, order):
        """One line per order line with something left to return, proposing
        all of it (as Odoo's own return wizard does)."""
        commands = []
        for sale_line in order.sudo().order_line:
            returnable = self.env['retail.order.return.line']._returnable_qty(sale_line)
            if float_compare(returnable, 0.0,
                             precision_rounding=sale_line.product_uom.rounding) > 0:
                commands.append((0, 0, self._prepare_line_vals(sale_line, returnable)))
        return commands

    @api.model
    def _prepare_line_vals(self, sale_line, quantity):
        return {'sale_line_id': sale_line.id, 'product_id': sale_line.product_id.id,
                'quantity': quantity}

    def action_apply(self):
        """Creates the return receipt in the receiving warehouse. The refund
        follows when the receipt is validated (see stock.picking)."""
        self.ensure_one()
        self._check_warehouse()
        to_return = self._get_quantities_to_return()
        vals = self._prepare_picking_vals(to_return)
        order_id = vals.pop('retail_return_order_id')
        picking = self.env['stock.picking'].create(vals)
        # the link that makes the validation credit the customer: the system's
        picking.sudo().retail_return_order_id = order_id
        picking.action_confirm()
        picking.action_assign()
        order = self.order_id.sudo()
        picking.message_post(body=_("Return of %s, received at %s: %s") % (
            order.name, self.warehouse_id.name, self.reason))
        # sudo: the order may be another store's or the web shop's; its
        # history names the return whoever took it back
        order.message_post(
            body=_("Goods returned at %s (%s): %s") % (
                self.warehouse_id.name, picking.name, self.reason),
            author_id=self.env.user.partner_id.id)
        return {
            'type': 'ir.actions.act_window', 'res_model': 'stock.picking',
            'res_id': picking.id, 'view_mode': 'form',
        }

    def _check_warehouse(self):
        self.ensure_one()
        order = self.order_id.sudo()
        if order.state not in ('sale', 'done'):
            raise UserError(_("%s is not a confirmed order: nothing of it can be "
                              "returned.") % order.name)
        if self.warehouse_id.company_id != order.company_id:
            raise UserError(_(
                "%s belongs to %s, order %s to %s: goods are returned in a "
                "warehouse of the order's company.") % (
                    self.warehouse_id.name, self.warehouse_id.company_id.name,
                    order.name, order.company_id.name))
        if not self.env.user._retail_works_in(self.warehouse_id):
            raise AccessError(_("You do not work in %s: you cannot take returns "
                                "there.") % self.warehouse_id.name)
        if not self.warehouse_id.in_type_id:
            raise UserError(_("%s has no receipt operation type.") % self.warehouse_id.name)

    def _get_quantities_to_return(self):
        """[(wizard line, sale line, quantity in the sale line's unit)] for the
        lines with a quantity, after checking each against the order."""
        self.ensure_one()
        result = []
        for line in self.line_ids:
            sale_line = line._get_sale_line()
            rounding = sale_line.product_uom.rounding
            if float_is_zero(line.quantity, precision_rounding=rounding):
                continue
            returnable = line._returnable_qty(sale_line)
            if float_compare(line.quantity, returnable, precision_rounding=rounding) > 0:
                raise UserError(_(
                    "Only %s %s of %s can still be returned on %s, not %s.") % (
                        returnable, sale_line.product_uom.name,
                        sale_line.product_id.display_name, self.order_id.sudo().name,
                        line.quantity))
            result.append((line, sale_line, line.quantity))
        if not result:
            raise UserError(_("Give the quantity the customer returns."))
        return result

    def _prepare_picking_vals(self, to_return):
        self.ensure_one()
        order = self.order_id.sudo()
        customers = self.env.ref('stock.stock_location_customers')
        moves = []
        for _line, sale_line, quantity in to_return:
            for delivered, qty in self.env['retail.order.return.line']._split_over_deliveries(
                    sale_line, quantity):
                moves.append((0, 0, self._prepare_move_vals(sale_line, delivered, qty)))
        return {
            'picking_type_id': self.warehouse_id.in_type_id.id,
            'partner_id': order.partner_shipping_id.id,
            'location_id': customers.id,
            'location_dest_id': self.warehouse_id.lot_stock_id.id,
            'origin': _('Return of %s') % order.name,
            'company_id': order.company_id.id,
            'retail_return_order_id': order.id,
            'move_lines': moves,
        }

    def _prepare_move_vals(self, sale_line, delivered_move, quantity):
        """A return of ``delivered_move`` that lowers the line's delivered
        quantity once done (``to_refund``, read by sale_stock)."""
        self.ensure_one()
        customers = self.env.ref('stock.stock_location_customers')
        return {
            'name': sale_line.name,
            'product_id': sale_line.product_id.id,
            'product_uom_qty': quantity,
            'product_uom': sale_line.product_uom.id,
            'location_id': customers.id,
            'location_dest_id': self.warehouse_id.lot_stock_id.id,
            'picking_type_id': self.warehouse_id.in_type_id.id,
            'warehouse_id': self.warehouse_id.id,
            'partner_id': sale_line.order_id.partner_shipping_id.id,
            'company_id': sale_line.order_id.company_id.id,
            'origin_returned_move_id': delivered_move.id,
            'to_refund': True,
            'sale_line_id': sale_line.id,
            'procure_method': 'make_to_stock',
        }


class RetailOrderReturnLine(models.TransientModel):
    _name = 'retail.order.return.line'
    _description = 'Return an Order to Any Location: Line'

    wizard_id = fields.Many2one('retail.order.return', required=True, ondelete='cascade')
    sale_line_id = fields.Many2one(
        'sale.order.line', string='Order Line',
        help="Left empty, the order's line of the product is taken.")
    product_id = fields.Many2one('product.product', required=True)
    uom_id = fields.Many2one('product.uom', string='Unit of Measure',
                             compute='_compute_returnable_qty')
    returnable_qty = fields.Float(
        string='Returnable', compute='_compute_returnable_qty',
        digits=dp.get_precision('Product Unit of Measure'),
        help="Delivered and not returned yet (returns waiting to be received included).")
    quantity = fields.Float(string='Quantity to Return',
                            digits=dp.get_precision('Product Unit of Measure'))

    @api.depends('sale_line_id', 'product_id', 'wizard_id.order_id')
    def _compute_returnable_qty(self):
        for line in self:
            sale_line = line.sudo()._find_sale_line()
            line.uom_id = sale_line.product_uom
            line.returnable_qty = self._returnable_qty(sale_line) if sale_line else 0.0

    @api.constrains('quantity')
    def _check_quantity(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(_("A returned quantity cannot be negative (%s).")
                                      % line.product_id.display_name)

    def _find_sale_line(self):
        """The order line this line returns; without one given, the order's
        first line of the product with something left to return."""
        self.ensure_one()
        order = self.wizard_id.order_id.sudo()
        if self.sale_line_id:
            sale_line = self.sale_line_id.sudo()
            return sale_line if sale_line.order_id == order \
                and sale_line.product_id == self.product_id else sale_line.browse()
        candidates = order.order_line.filtered(lambda l: l.product_id == self.product_id)
        return candidates.filtered(lambda l: self._returnable_qty(l) > 0)[:1] or candidates[:1]

    def _get_sale_line(self):
        self.ensure_one()
        sale_line = self._find_sale_line()
        if not sale_line:
            raise UserError(_("%s is not on order %s: it cannot be returned with it.") % (
                self.product_id.display_name, self.wizard_id.order_id.sudo().name))
        return sale_line

    @api.model
    def _get_delivered_moves(self, sale_line):
        """Done moves of the line to a customer, latest first: what a return
        goes back against."""
        return sale_line.sudo().move_ids.filtered(
            lambda m: m.state == 'done' and not m.scrapped
            and m.location_dest_id.usage == 'customer'
            and not m.origin_returned_move_id).sorted('date', reverse=True)

    @api.model
    def _move_returnable_qty(self, move, uom):
        """What of ``move`` is not returned yet (nor on its way back), in ``uom``."""
        returned = sum(
            ret.product_uom._compute_quantity(ret.product_uom_qty, uom)
            for ret in move.returned_move_ids.filtered(lambda r: r.state != 'cancel'))
        return move.product_uom._compute_quantity(move.product_uom_qty, uom) - returned

    @api.model
    def _returnable_qty(self, sale_line):
        uom = sale_line.product_uom
        return max(0.0, sum(self._move_returnable_qty(move, uom)
                            for move in self._get_delivered_moves(sale_line)))

    @api.model
    def _split_over_deliveries(self, sale_line, quantity):
        """[(delivered move, quantity)] taking ``quantity`` back from the
        line's deliveries, latest first (an order shipped from several
        warehouses has one delivery per warehouse)."""
        uom = sale_line.product_uom
        parts = []
        for move in self._get_delivered_moves(sale_line):
            if float_is_zero(quantity, precision_rounding=uom.rounding):
                break
            qty = min(quantity, self._move_returnable_qty(move, uom))
            if float_compare(qty, 0.0, precision_rounding=uom.rounding) > 0:
                parts.append((move, qty))
                quantity -= qty
        return parts

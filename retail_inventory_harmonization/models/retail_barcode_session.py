# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

OPERATIONS = [
    ('ship', 'Ship'),
    ('receive', 'Receive'),
    ('count', 'Count'),
    ('collect', 'Hand Over'),
]
# The receiving desk's card: the units scanned after it are damaged, until
# it is scanned again.
DAMAGED_COMMAND = 'O-CMD.DAMAGED'


class RetailBarcodeSession(models.Model):
    """One scanning session of the Barcode app: scan an operation (or a
    location to count), then products; confirm validates the picking (ship,
    receive) or creates the count's adjustment under the adjustment rules.

    Scans run as an onchange in the web client (barcodes mixin) and as
    ``action_scan`` over RPC; both go through ``_process_scan``, and
    ``action_confirm`` checks everything again on the server."""
    _name = 'retail.barcode.session'
    _description = 'Barcode Session'
    _inherit = ['barcodes.barcode_events_mixin']
    _order = 'id desc'

    name = fields.Char(compute='_compute_name')
    operation = fields.Selection(OPERATIONS, string='Flow', required=True, default='receive')
    user_id = fields.Many2one('res.users', required=True, readonly=True,
                              default=lambda self: self.env.uid, index=True)
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True,
        default=lambda self: self.env.user.company_id)
    state = fields.Selection([('draft', 'Scanning'), ('done', 'Confirmed')],
                             default='draft', required=True, readonly=True)
    picking_id = fields.Many2one('stock.picking', string='Picking')
    transfer_id = fields.Many2one(related='picking_id.retail_transfer_id', readonly=True)
    location_id = fields.Many2one('stock.location', string='Location to Count')
    line_ids = fields.One2many('retail.barcode.session.line', 'session_id', string='Scanned')
    message = fields.Char(readonly=True)
    message_type = fields.Selection(
        [('info', 'Info'), ('warning', 'Warning'), ('danger', 'Error')],
        default='info', readonly=True)
    reason_id = fields.Many2one(
        'retail.adjustment.reason', string='Reason for Differences',
        default=lambda self: self.env.ref(
            'retail_governance.reason_count_correction', raise_if_not_found=False))
    inventory_id = fields.Many2one('stock.inventory', string='Adjustment', readonly=True)
    left_qty = fields.Float(string='Left to Scan', compute='_compute_left_qty')
    damaged_mode = fields.Boolean(
        string='Scanning Damaged Units', readonly=True,
        help="Receiving: the units scanned now arrived damaged; they go to the "
             "store's damaged location. Scan %s (or the button) to switch."
             % DAMAGED_COMMAND)

    @api.depends('operation', 'picking_id', 'location_id')
    def _compute_name(self):
        labels = dict(OPERATIONS)
        for session in self:
            target = session.picking_id.name or session.location_id.display_name or ''
            session.name = ('%s %s' % (labels.get(session.operation, ''), target)).strip()

    @api.depends('line_ids.scanned_qty', 'line_ids.expected_qty')
    def _compute_left_qty(self):
        for session in self:
            session.left_qty = 0.0 if session.operation == 'count' else sum(
                max(line.expected_qty - line.scanned_qty, 0.0) for line in session.line_ids)

    # ------------------------------------------------------------------
    # Scanning
    # ------------------------------------------------------------------
    def on_barcode_scanned(self, barcode):
        self._process_scan(barcode)

    @api.multi
    def action_scan(self, barcode):
        """A scan over RPC (what the web client does with an onchange)."""
        self.ensure_one()
        self._check_open()
        ok = self._process_scan(barcode)
        return {'ok': ok, 'message': self.message, 'left_qty': self.left_qty}

    def _say(self, message, kind='info'):
        self.message = message
        self.message_type = kind
        return kind == 'info'

    def _process_scan(self, barcode):
        """Applies one scan; a refused scan says why and changes nothing else."""
        barcode = (barcode or '').strip()
        if not barcode:
            return self._say(_('Empty scan.'), 'warning')
        if self.state == 'done':
            return self._say(_('This session is confirmed: start a new one.'), 'danger')
        if barcode == DAMAGED_COMMAND:
            return self._switch_damaged()
        if self.operation == 'collect' and not self.picking_id:
            return self._scan_collect_order(barcode)
        if self.operation in ('ship', 'receive') and not self.picking_id:
            return self._scan_operation(barcode)
        if self.operation == 'count' and not self.location_id:
            return self._scan_location(barcode)
        return self._scan_product(barcode)

    @api.multi
    def action_switch_damaged(self):
        self.ensure_one()
        self._check_open()
        self._switch_damaged()
        return True

    def _switch_damaged(self):
        if self.operation != 'receive':
            return self._say(_('Damaged units are booked when receiving.'), 'warning')
        self.damaged_mode = not self.damaged_mode
        if self.damaged_mode:
            return self._say(_('Damaged units: scan each damaged unit, then %s again.')
                             % DAMAGED_COMMAND, 'warning')
        return self._say(_('Back to units in good condition.'))

    def _scan_operation(self, barcode):
        Picking = self.env['stock.picking']
        domain = ['|', ('name', '=', barcode), ('retail_transfer_id.name', '=', barcode)]
        leg = 'out' if self.operation == 'ship' else 'in'
        # sudo: tell "another store's" from "unknown"; the user's own search
        # below decides what they may use.
        found = Picking.sudo().search(domain + [('state', 'not in', ('cancel',))])
        if not found:
            return self._say(_('Unknown operation: %s') % barcode, 'danger')
        mine = Picking.search([('id', 'in', found.ids)])
        if not mine or not self._works_in(mine):
            return self._say(_('%s belongs to another store: scan one of your '
                               'operations.') % barcode, 'danger')
        candidates = mine.filtered(lambda p: p._retail_is_leg(leg))
        if not candidates:
            return self._say(_('%s is not an operation to %s.') % (
                barcode, dict(OPERATIONS)[self.operation].lower()), 'danger')
        picking = candidates.filtered(lambda p: p.state not in ('done', 'cancel'))[:1]
        if not picking:
            return self._say(_('%s is already done: nothing to %s twice.') % (
                barcode, dict(OPERATIONS)[self.operation].lower()), 'danger')
        if picking.state not in ('assigned',) and self.operation == 'ship':
            return self._say(_('%s is not ready: its stock is not reserved.')
                             % picking.name, 'danger')
        if picking.state not in ('assigned',) and self.operation == 'receive':
            return self._say(_('%s is not shipped yet.') % picking.name, 'danger')
        self.picking_id = picking
        self._load_picking_lines()
        return self._say(_('%s: scan the products.') % picking.name)

    def _scan_collect_order(self, barcode):
        """Hand over: the customer shows the order (its number, printed as a
        barcode on the confirmation); its goods reserved in this store load."""
        Order = self.env['sale.order']
        # sudo: as for operations, tell another store's order from an unknown one.
        found = Order.sudo().search([('name', '=', barcode)], limit=1)
        if not found:
            return self._say(_('Unknown order: %s') % barcode, 'danger')
        if found.retail_fulfilment_mode == 'collect' and not self._works_in_warehouse(
                found.retail_collect_warehouse_id):
            return self._say(_('%s is collected at %s, not in your store.') % (
                barcode, found.retail_collect_warehouse_id.name), 'danger')
        refusal = found._retail_hand_over_refusal()
        if refusal:
            return self._say(refusal, 'danger')
        self.picking_id = found._retail_collect_picking()
        self._load_picking_lines()
        return self._say(_('%s for %s: scan the goods as you hand them over.') % (
            barcode, found.partner_id.name))

    def _load_picking_lines(self):
        """One line per product to scan, per lot for products tracked by lot
        (the lots reserved on the operation)."""
        Line = self.env['retail.barcode.session.line']
        lines = Line.browse()
        keys = []
        for move in self.picking_id.move_lines.filtered(
                lambda m: m.state not in ('done', 'cancel')):
            lots = move.move_line_ids.mapped('lot_id') \
                if move.product_id.tracking != 'none' else []
            for lot_id in (lots.ids if lots else [False]):
                if (move.product_id.id, lot_id) not in keys:
                    keys.append((move.product_id.id, lot_id))
        for product_id, lot_id in keys:
            vals = {'product_id': product_id, 'lot_id': lot_id, 'scanned_qty': 0.0}
            if isinstance(self.id, models.NewId):
                lines |= Line.new(vals)
            else:
                lines |= Line.create(dict(vals, session_id=self.id))
        self.line_ids = lines

    def _scan_location(self, barcode):
        Location = self.env['stock.location']
        # A location's barcode, or its name as printed on its label (S001/Stock).
        domain = ['|', ('barcode', '=', barcode), ('complete_name', '=like', '%' + barcode)]
        # sudo: as for operations, tell another store's location from an unknown one.
        found = Location.sudo().search(domain + [('usage', '=', 'internal')]).filtered(
            lambda l: barcode in (l.barcode, l.display_name, l.complete_name))[:1]
        if not found:
            return self._say(_('Unknown location: %s') % barcode, 'danger')
        if not Location.search([('id', '=', found.id)]) or not self._works_in_warehouse(
                found.get_warehouse()):
            return self._say(_('%s belongs to another store.') % barcode, 'danger')
        self.location_id = found
        return self._say(_('Counting %s: scan every unit (blind count).')
                         % found.display_name)

    def _scan_product(self, barcode):
        Product = self.env['product.product']
        lot = self.env['stock.production.lot']
        product = Product.search([('barcode', '=', barcode)], limit=1)
        if not product:
            # A lot's name is unique per product only: the operation's first.
            lots = lot.search([('name', '=', barcode)])
            lot = lots.filtered(
                lambda l: l.product_id in self.picking_id.move_lines.mapped('product_id'))[:1] \
                or lots[:1]
            product = lot.product_id
        if not product:
            return self._say(_('Unknown barcode: %s') % barcode, 'danger')
        if product.tracking != 'none' and not lot:
            return self._say(_("%s is tracked by lot: scan the lot's label.")
                             % product.display_name, 'warning')
        if self.operation != 'count' and product not in self.picking_id.move_lines.mapped(
                'product_id'):
            return self._say(_('%s is not on %s: put it aside.') % (
                product.display_name, self.picking_id.name), 'danger')
        if lot and self.operation != 'count':
            reserved = self.picking_id.move_line_ids.filtered(
                lambda ml: ml.product_id == product).mapped('lot_id')
            if lot not in reserved:
                return self._say(_('Lot %s of %s is not on %s: scan one of its lots (%s).') % (
                    lot.name, product.display_name, self.picking_id.name,
                    ', '.join(reserved.mapped('name'))), 'danger')
        line = self.line_ids.filtered(lambda l: l.product_id == product and l.lot_id == lot)[:1]
        damaged = 1.0 if self.damaged_mode and self.operation == 'receive' else 0.0
        if line:
            line.scanned_qty += 1.0
            line.damaged_qty += damaged
        else:
            vals = {'product_id': product.id, 'lot_id': lot.id, 'scanned_qty': 1.0,
                    'damaged_qty': damaged}
            Line = self.env['retail.barcode.session.line']
            if isinstance(self.id, models.NewId):
                self.line_ids |= Line.new(vals)
            else:
                Line.create(dict(vals, session_id=self.id))
            line = self.line_ids.filtered(
                lambda l: l.product_id == product and l.lot_id == lot)[:1]
        if self.operation != 'count' and float_compare(
                line.scanned_qty, line.expected_qty,
                precision_rounding=product.uom_id.rounding) > 0:
            return self._say(_('%s: %s scanned, more than the %s expected.') % (
                product.display_name, line.scanned_qty, line.expected_qty), 'warning')
        label = '%s (%s)' % (product.display_name, lot.name) if lot else product.display_name
        if damaged:
            return self._say(_('%s: %s of %s, %s of them damaged.') % (
                label, line.scanned_qty, line.expected_qty, line.damaged_qty), 'warning')
        if self.operation == 'count':
            return self._say(_('%s: %s counted.') % (label, line.scanned_qty))
        return self._say(_('%s: %s of %s.') % (label, line.scanned_qty, line.expected_qty))

    def _works_in(self, pickings):
        return all(self._works_in_warehouse(
            p.picking_type_id.warehouse_id or p.location_id.get_warehouse()) for p in pickings)

    def _works_in_warehouse(self, warehouse):
        return self.env.user._retail_works_in(warehouse)

    # ------------------------------------------------------------------
    # Confirm
    # ------------------------------------------------------------------
    @api.multi
    def action_confirm(self):
        self.ensure_one()
        self._check_open()
        if self.operation == 'count':
            self._confirm_count()
        else:
            self._confirm_picking()
        self.write({'state': 'done'})
        return True

    @api.multi
    def _check_open(self):
        for session in self:
            if session.user_id != self.env.user:
                raise AccessError(_("This scanning session is %s's.") % session.user_id.name)
            if session.state == 'done':
                raise UserError(_("This session is already confirmed."))

    @api.multi
    def _confirm_picking(self):
        picking = self.picking_id
        if not picking:
            raise UserError(_("Scan an operation first."))
        # Reading the picking as the user applies the store rules.
        picking.check_access_rule('write')
        leg = 'in' if self.operation == 'receive' else 'out'
        if not picking._retail_is_leg(leg) or not self._works_in(picking):
            raise AccessError(_("%s is not one of your operations to %s.") % (
                picking.name, dict(OPERATIONS)[self.operation].lower()))
        if picking.state in ('done', 'cancel'):
            raise UserError(_("%s is already %s.") % (picking.name, picking.state))
        on_picking = picking.move_lines.mapped('product_id')
        foreign = self.line_ids.mapped('product_id') - on_picking
        if foreign:
            raise UserError(_("Not on %s: %s") % (
                picking.name, ', '.join(foreign.mapped('display_name'))))
        scanned, by_lot = {}, {}
        for line in self.line_ids:
            if line.scanned_qty < 0:
                raise UserError(_("Quantities cannot be negative."))
            if line.product_id.tracking == 'none':
                scanned[line.product_id.id] = scanned.get(line.product_id.id, 0.0) + \
                    line.scanned_qty
                continue
            if line.scanned_qty and line.lot_id not in picking.move_line_ids.filtered(
                    lambda ml: ml.product_id == line.product_id).mapped('lot_id'):
                raise UserError(_("%s: lot %s is not on %s.") % (
                    line.product_id.display_name, line.lot_id.name or '-', picking.name))
            key = (line.product_id.id, line.lot_id.id)
            by_lot[key] = by_lot.get(key, 0.0) + line.scanned_qty
        if not any(scanned.values()) and not any(by_lot.values()):
            raise UserError(_("Nothing scanned: scan the products before confirming."))
        if self.operation in ('ship', 'collect'):
            self._check_ship_quantities(picking, scanned)
            self._check_ship_lot_quantities(picking, by_lot)
        if self.operation == 'collect':
            self._check_all_handed_over(picking, scanned, by_lot)
        picking._retail_set_quantities_done(scanned)
        picking._retail_set_lot_quantities_done(by_lot)
        self._book_damaged(picking)
        picking.action_done()

    @api.multi
    def _book_damaged(self, picking):
        """The damaged units scanned go to the receiving store's damaged
        location: split off the done quantity of their move lines."""
        damaged_lines = self.line_ids.filtered(lambda l: l.damaged_qty > 0)
        if not damaged_lines:
            return
        if self.operation != 'receive':
            raise UserError(_("Damaged units are booked when receiving."))
        warehouse = picking.picking_type_id.warehouse_id or \
            picking.location_dest_id.get_warehouse()
        damaged_location = warehouse.retail_damaged_location_id
        if not damaged_location:
            raise UserError(_("%s has no damaged location to receive damaged units "
                              "into: set one on the warehouse.") % warehouse.name)
        for line in damaged_lines:
            if float_compare(line.damaged_qty, line.scanned_qty,
                             precision_rounding=line.product_id.uom_id.rounding) > 0:
                raise UserError(_("%s: %s damaged of %s received.") % (
                    line.product_id.display_name, line.damaged_qty, line.scanned_qty))
            left = line.damaged_qty
            for move_line in picking.move_line_ids.filtered(
                    lambda ml: ml.product_id == line.product_id and ml.lot_id == line.lot_id
                    and ml.qty_done > 0):
                qty = min(left, move_line.qty_done)
                move_line.copy({'qty_done': qty, 'product_uom_qty': 0,
                                'location_dest_id': damaged_location.id})
                move_line.qty_done -= qty
                left -= qty
                if float_is_zero(left, precision_rounding=line.product_id.uom_id.rounding):
                    break

    @api.model
    def _check_ship_quantities(self, picking, scanned):
        for product_id, qty in scanned.items():
            moves = picking.move_lines.filtered(lambda m: m.product_id.id == product_id)
            reserved = sum(moves.mapped('reserved_availability'))
            product = moves[:1].product_id
            if float_compare(qty, reserved, precision_rounding=product.uom_id.rounding) > 0:
                raise UserError(_("%s: %s scanned, only %s reserved to ship.") % (
                    product.display_name, qty, reserved))

    @api.model
    def _check_all_handed_over(self, picking, scanned, by_lot):
        """A customer collects the whole order: every reserved unit is scanned."""
        missing = self.line_ids.filtered(lambda l: float_compare(
            l.scanned_qty, l.expected_qty, precision_rounding=l.product_id.uom_id.rounding) < 0)
        if missing:
            raise UserError(_("Scan every unit the customer takes: %s") % ', '.join(
                '%s (%s of %s)' % (l.product_id.display_name, l.scanned_qty, l.expected_qty)
                for l in missing))

    @api.model
    def _check_ship_lot_quantities(self, picking, by_lot):
        for (product_id, lot_id), qty in by_lot.items():
            lines = picking.move_line_ids.filtered(
                lambda ml: ml.product_id.id == product_id and ml.lot_id.id == lot_id)
            reserved = sum(lines.mapped('product_uom_qty'))
            product = lines[:1].product_id
            if float_compare(qty, reserved, precision_rounding=product.uom_id.rounding) > 0:
                raise UserError(_("%s, lot %s: %s scanned, only %s reserved to ship.") % (
                    product.display_name, lines[:1].lot_id.name, qty, reserved))

    @api.multi
    def _confirm_count(self):
        location = self.location_id
        if not location:
            raise UserError(_("Scan the location to count first."))
        if not self._works_in_warehouse(location.get_warehouse()):
            raise AccessError(_("%s belongs to another store.") % location.display_name)
        counted = self.line_ids.filtered(lambda l: l.product_id)
        if not counted:
            raise UserError(_("Nothing counted: scan the products before confirming."))
        Inventory = self.env['stock.inventory']
        inventory = Inventory.create({
            'name': _('Barcode count %s') % location.display_name,
            'location_id': location.id,
            'filter': 'partial',
            'company_id': self.company_id.id,
        })
        inventory.action_start()
        Line = self.env['stock.inventory.line']
        for line in counted:
            inv_line = Line.create({
                'inventory_id': inventory.id,
                'product_id': line.product_id.id,
                'product_uom_id': line.product_id.uom_id.id,
                'prod_lot_id': line.lot_id.id,
                'location_id': location.id,
                'product_qty': line.scanned_qty,
            })
            if inv_line._retail_has_difference():
                inv_line.retail_reason_id = self.reason_id
        self.inventory_id = inventory
        if inventory.need_validation:
            inventory.action_request_approval()

    @api.multi
    def action_open_inventory(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': 'stock.inventory',
                'res_id': self.inventory_id.id, 'view_mode': 'form', 'views': [(False, 'form')]}

    @api.multi
    def action_open_transfer(self):
        self.ensure_one()
        return self.picking_id.action_view_retail_transfer()

    @api.model
    def action_new(self, operation):
        """A fresh session form, in edit mode so that the scanner types into it."""
        return {
            'type': 'ir.actions.act_window', 'res_model': self._name,
            'view_mode': 'form', 'views': [(False, 'form')], 'target': 'current',
            'context': {'default_operation': operation, 'form_view_initial_mode': 'edit'},
        }


class RetailBarcodeSessionLine(models.Model):
    _name = 'retail.barcode.session.line'
    _description = 'Barcode Session Line'
    _order = 'id'

    # auto_join: the rule on session_id.user_id joins the sessions instead of
    # listing the ids of every session of the user.
    session_id = fields.Many2one('retail.barcode.session', required=True,
                                 ondelete='cascade', index=True, auto_join=True)
    product_id = fields.Many2one('product.product', required=True)
    lot_id = fields.Many2one('stock.production.lot', string='Lot')
    scanned_qty = fields.Float(string='Scanned', digits=(16, 3))
    damaged_qty = fields.Float(
        string='Damaged', digits=(16, 3),
        help="Of the units scanned, those that arrived damaged.")
    expected_qty = fields.Float(
        string='Expected', compute='_compute_expected_qty', digits=(16, 3),
        help="What the operation expects (not shown in a blind count).")
    left_qty = fields.Float(string='Left', compute='_compute_expected_qty', digits=(16, 3))

    @api.depends('product_id', 'lot_id', 'session_id.picking_id', 'scanned_qty')
    def _compute_expected_qty(self):
        for line in self:
            session = line.session_id
            if session.operation == 'count' or not session.picking_id or \
                    session.state == 'done':
                line.expected_qty = 0.0
                line.left_qty = 0.0
                continue
            moves = session.picking_id.move_lines.filtered(
                lambda m: m.product_id == line.product_id and m.state not in ('done', 'cancel'))
            if line.lot_id:
                # A lot expects what is reserved of it (shipped in it, for a receipt).
                line.expected_qty = sum(moves.mapped('move_line_ids').filtered(
                    lambda ml: ml.lot_id == line.lot_id).mapped('product_uom_qty'))
            else:
                # A receipt expects what arrived in transit (reserved there).
                line.expected_qty = sum(moves.mapped(
                    'reserved_availability' if session.operation == 'receive'
                    else 'product_uom_qty'))
            left = line.expected_qty - line.scanned_qty
            line.left_qty = left if not float_is_zero(left, precision_digits=3) else 0.0

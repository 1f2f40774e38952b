# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

COLLECT_STATES = [
    ('waiting', 'Waiting for a Transfer'),
    ('ready', 'Ready to Collect'),
    ('collected', 'Collected'),
    ('cancelled', 'Cancelled'),
]
# Written by the suite only (as the system): the promise, the collection, the
# reminder. A store clerk may not move a promise or fake a collection.
SYSTEM_FIELDS = frozenset(['retail_promised_date', 'retail_collected_date',
                           'retail_collected_by_id', 'retail_collect_reminded'])
# How the order reaches its customer, fixed once it is confirmed.
FULFILMENT_FIELDS = frozenset(['retail_fulfilment_mode', 'retail_collect_warehouse_id'])


class SaleOrder(models.Model):
    """How a channel order reaches its customer: shipped from wherever the
    channel sources it, or collected in a store the customer chose, where its
    stock is reserved at once or brought by a transfer."""
    _inherit = 'sale.order'

    retail_channel_id = fields.Many2one(
        related='team_id.retail_channel_id', store=True, readonly=True,
        string='Sales Channel')
    retail_fulfilment_mode = fields.Selection([
        ('ship', 'Ship to the Customer'),
        ('collect', 'Click and Collect'),
    ], string='Fulfilment', required=True, default='ship', index=True,
        readonly=True, states={'draft': [('readonly', False)], 'sent': [('readonly', False)]},
        track_visibility='onchange')
    retail_collect_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Collection Store', index=True, readonly=True,
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]},
        help="The store where the customer collects the order: its stock is "
             "reserved there, or a transfer brings it.")
    retail_promised_date = fields.Datetime(
        string='Promised Date', readonly=True, copy=False, index=True,
        help="When the customer can have the order: at once for stock reserved "
             "where it leaves, after the transfer lead time for stock that a "
             "transfer brings first.")
    retail_collect_state = fields.Selection(
        COLLECT_STATES, string='Collection', compute='_compute_retail_collect_state')
    retail_collected_date = fields.Datetime(string='Collected On', readonly=True, copy=False)
    retail_collected_by_id = fields.Many2one(
        'res.users', string='Handed Over By', readonly=True, copy=False)
    retail_collect_reminded = fields.Boolean(readonly=True, copy=False)
    retail_sourcing_move_ids = fields.One2many(
        'stock.move', compute='_compute_retail_sourcing_move_ids', string='Sourcing',
        help="Which warehouse ships or transfers what, and why.")

    @api.multi
    def write(self, vals):
        self._retail_check_fulfilment_write(vals)
        return super().write(vals)

    def _retail_check_fulfilment_write(self, vals):
        if self.env.uid == SUPERUSER_ID:
            return
        system = SYSTEM_FIELDS.intersection(vals)
        if system:
            raise AccessError(_("%s: set by the system, not by hand.") % ', '.join(
                sorted(self._fields[name].string for name in system)))
        if FULFILMENT_FIELDS.intersection(vals) and self.filtered(
                lambda order: order.state not in ('draft', 'sent')):
            raise UserError(_(
                "How a confirmed order reaches its customer cannot change: cancel "
                "it and set it back to quotation first."))

    def _retail_customer_moves(self):
        """The moves that take this order's goods to its customer."""
        self.ensure_one()
        return self.order_line.mapped('move_ids').filtered(
            lambda move: move.state != 'cancel' and move.location_dest_id.usage == 'customer')

    @api.depends('state', 'retail_fulfilment_mode')
    def _compute_retail_collect_state(self):
        for order in self:
            if order.retail_fulfilment_mode != 'collect' or order.state == 'draft':
                order.retail_collect_state = False
            elif order.state == 'cancel':
                order.retail_collect_state = 'cancelled'
            else:
                states = set(order._retail_customer_moves().mapped('state'))
                if states and states <= {'done'}:
                    order.retail_collect_state = 'collected'
                elif states and states <= {'assigned', 'done'}:
                    order.retail_collect_state = 'ready'
                else:
                    order.retail_collect_state = 'waiting'

    def _compute_retail_sourcing_move_ids(self):
        Move = self.env['stock.move']
        for order in self:
            order.retail_sourcing_move_ids = Move.search([
                ('group_id', '=', order.procurement_group_id.id),
                ('state', '!=', 'cancel')]) if order.procurement_group_id else Move

    @api.onchange('retail_fulfilment_mode', 'retail_collect_warehouse_id')
    def _onchange_retail_collect_warehouse(self):
        if self.retail_fulfilment_mode == 'collect' and self.retail_collect_warehouse_id:
            self.warehouse_id = self.retail_collect_warehouse_id

    def _action_confirm(self):
        self._retail_prepare_collection()
        return super()._action_confirm()

    def _retail_prepare_collection(self):
        """A click-and-collect order names its store, and leaves from it in
        one go: the customer collects everything at once."""
        for order in self.filtered(lambda o: o.retail_fulfilment_mode == 'collect'):
            store = order.retail_collect_warehouse_id
            if not store:
                raise UserError(_(
                    "%s is a click-and-collect order: choose the store where the "
                    "customer collects it.") % order.name)
            if store.company_id != order.company_id:
                raise UserError(_(
                    "%s cannot be collected at %s, a store of another company.") % (
                        order.name, store.name))
            order.write({'warehouse_id': store.id, 'picking_policy': 'one'})

    def _retail_home_warehouse(self):
        """The store the customer faces, from which the order leaves after the
        other warehouses' parts are transferred to it: the collection store,
        or the store an order of a pooling channel is placed in. None: the
        channel ships from its warehouses."""
        self.ensure_one()
        if self.retail_fulfilment_mode == 'collect':
            return self.retail_collect_warehouse_id
        if self.team_id.retail_channel_id.fulfilment_scope == 'pool':
            return self.warehouse_id
        return self.env['stock.warehouse']

    def _retail_update_promised_date(self):
        """The system's own field, written without the chatter's tracking: a
        sales order's write through the mail thread reads and compares every
        tracked field (about 15 ms at each confirmation)."""
        for order in self:
            promised = max(order._retail_customer_moves().filtered(
                lambda m: m.state != 'done').mapped('date_expected'), default=False)
            if promised and order.retail_promised_date != promised:
                order.sudo().with_context(tracking_disable=True).write(
                    {'retail_promised_date': promised})

    # ------------------------------------------------------------------
    # Collection
    # ------------------------------------------------------------------
    @api.multi
    def action_retail_hand_over(self):
        """The customer is at the counter: the store hands the reserved goods
        over (the delivery from the store is validated in full). The Barcode
        app's *Hand Over* does the same after scanning them."""
        for order in self:
            picking = order._retail_collect_picking()
            picking.check_access_rights('write')
            picking.check_access_rule('write')
            for line in picking.move_line_ids:
                line.qty_done = line.product_uom_qty
            picking.action_done()
        return True

    def _retail_collect_picking(self):
        """The open delivery of a click-and-collect order at its store, ready."""
        self.ensure_one()
        refusal = self._retail_hand_over_refusal()
        if refusal:
            raise UserError(refusal)
        return self._retail_customer_moves().filtered(
            lambda m: m.state == 'assigned').mapped('picking_id')[:1]

    def _retail_hand_over_refusal(self):
        """Why the order cannot be handed over now, or None (the order form's
        button and the Barcode app's scan say the same)."""
        self.ensure_one()
        if self.retail_fulfilment_mode != 'collect':
            return _("%s is not a click-and-collect order.") % self.name
        if self.retail_collect_state != 'ready':
            return _("%s cannot be handed over: it is %s.") % (
                self.name, dict(self._fields['retail_collect_state']._description_selection(
                    self.env)).get(self.retail_collect_state, self.state).lower())
        return None

    def _retail_mark_collected(self):
        """Called when a delivery of the order is done: the order is collected
        once nothing is left to hand over."""
        for order in self.filtered(lambda o: o.retail_fulfilment_mode == 'collect'
                                   and not o.retail_collected_date):
            if order.retail_collect_state == 'collected':
                order.sudo().write({'retail_collected_date': fields.Datetime.now(),
                                    'retail_collected_by_id': self.env.uid})
                order.activity_ids.filtered(
                    lambda a: a.activity_type_id == order._retail_reminder_type()).unlink()
                order.message_post(body=_("Collected at %s, handed over by %s.") % (
                    order.retail_collect_warehouse_id.name, self.env.user.name))

    # ------------------------------------------------------------------
    # Orders not collected
    # ------------------------------------------------------------------
    @api.model
    def _cron_retail_collect_expiry(self):
        """Reminds the store of orders waiting to be collected, then cancels
        those not collected in time, which releases their stock."""
        now = fields.Datetime.from_string(fields.Datetime.now())
        for company in self.env['res.company'].search([]):
            days = company.retail_collect_days
            remind = max(days - company.retail_collect_reminder_days, 0)
            orders = self.search(self._retail_uncollected_domain(
                company, now - timedelta(days=remind)))
            ready = orders.filtered(lambda o: o.retail_collect_state == 'ready')
            limit = fields.Datetime.to_string(now - timedelta(days=days))
            expired = ready.filtered(lambda o: o.retail_promised_date <= limit)
            (ready - expired).filtered(
                lambda o: not o.retail_collect_reminded)._retail_remind_collection(days)
            expired._retail_cancel_uncollected(days)
        return True

    @api.model
    def _retail_uncollected_domain(self, company, promised_before):
        return [('company_id', '=', company.id), ('state', '=', 'sale'),
                ('retail_fulfilment_mode', '=', 'collect'),
                ('retail_collected_date', '=', False),
                ('retail_promised_date', '<=', fields.Datetime.to_string(promised_before))]

    def _retail_reminder_type(self):
        return self.env.ref('mail.mail_activity_data_call')

    def _retail_remind_collection(self, days):
        model = self.env['ir.model']._get(self._name)
        for order in self:
            deadline = fields.Datetime.from_string(order.retail_promised_date) + \
                timedelta(days=days)
            self.env['mail.activity'].create({
                'activity_type_id': order._retail_reminder_type().id,
                'res_model_id': model.id, 'res_id': order.id,
                'user_id': (order.user_id or self.env.user).id,
                'date_deadline': fields.Date.to_string(deadline.date()),
                'summary': _("Remind the customer to collect %s at %s") % (
                    order.name, order.retail_collect_warehouse_id.name),
                'note': _("Not collected by %s, the order is cancelled and its "
                          "stock released.") % fields.Date.to_string(deadline.date()),
            })
            order.sudo().retail_collect_reminded = True

    def _retail_cancel_uncollected(self, days):
        for order in self:
            order.action_cancel()
            order.activity_ids.filtered(
                lambda a: a.activity_type_id == order._retail_reminder_type()).unlink()
            order.message_post(body=_(
                "Not collected within %s days of %s: cancelled, and its stock at %s "
                "released.") % (days, order.retail_promised_date,
                                order.retail_collect_warehouse_id.name))


class ResCompany(models.Model):
    _inherit = 'res.company'

    retail_collect_days = fields.Integer(
        'Days to Collect', default=7,
        help="Click-and-collect orders not collected this many days after their "
             "promised date are cancelled, and their stock released.")
    retail_collect_reminder_days = fields.Integer(
        'Reminder Before Cancelling (days)', default=2,
        help="This many days before a click-and-collect order is cancelled, "
             "its salesperson gets an activity to remind the customer.")

    @api.constrains('retail_collect_days', 'retail_collect_reminder_days')
    def _check_retail_collect_days(self):
        for company in self:
            if company.retail_collect_days < 1 or not \
                    0 <= company.retail_collect_reminder_days < company.retail_collect_days:
                raise ValidationError(_(
                    "Orders wait at least one day to be collected, and the reminder "
                    "comes before the cancellation."))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict, namedtuple

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .retail_sales_channel import ChannelAllocation

# Where a line's stock may come from: its channel, the store the customer
# faces (or None) and the stores that rejected it (ids).
Sourcing = namedtuple('Sourcing', 'channel home rejected')


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    def _action_confirm(self):
        """Confirms several orders in one call one by one: Odoo 11's own
        confirmation reads ``self.order_line`` as one order's (a singleton
        error), and each order's lines allocate after the ones before."""
        if len(self) > 1:
            for order in self:
                super(SaleOrder, order)._action_confirm()
            return True
        return super()._action_confirm()

    def _retail_shipping_warehouses(self):
        """The warehouses the order's open deliveries leave from."""
        self.ensure_one()
        return self.order_line.mapped('move_ids').filtered(
            lambda move: move.state not in ('done', 'cancel')).mapped('warehouse_id')


class SaleOrderLine(models.Model):
    """A product waiting for the data steward's approval cannot be sold."""
    _name = 'sale.order.line'
    _inherit = ['sale.order.line', 'retail.approved.product.mixin']

    # The store roles' record rule tests this column: a rule on
    # order_id.warehouse_id made Odoo 11 search every order of the user's
    # stores and inline their ids at each check.
    retail_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Order's Warehouse", readonly=True, index=True,
        related='order_id.warehouse_id', store=True)

    @api.model
    def _retail_product_use(self):
        return _("sold")

    # Odoo's sale module reads the values before the input guard (on the base
    # model) sees them: its create runs the line's onchanges on them, its write
    # compares the quantity; 'abc', NaN or 1e308 gave a Python traceback.
    @api.model
    def create(self, vals):
        self._retail_check_input(vals)
        return super(SaleOrderLine, self).create(vals)

    @api.multi
    def write(self, vals):
        self._retail_check_input(vals)
        return super(SaleOrderLine, self).write(vals)

    def _action_launch_procurement_rule(self):
        """Every path that creates demand on a channel comes here: confirming
        orders (one or several in a call), raising the quantity of a confirmed
        line, adding a line to a confirmed order. The channel's lines allocate
        one by one under the channel lock, each seeing the moves of the ones
        before, and refuse or backorder per the channel's policy."""
        channel_lines = self.filtered(lambda line: line._retail_channel())
        super(SaleOrderLine, self - channel_lines)._action_launch_procurement_rule()
        if channel_lines:
            channel_lines._retail_allocate_and_procure()
        return True

    def _retail_channel(self):
        """The channel whose stock this line takes, if it takes stock at all."""
        self.ensure_one()
        if self.state != 'sale' or self.product_id.type != 'product':
            return self.env['retail.sales.channel']
        return self.order_id.team_id.retail_channel_id

    def _retail_unprocured_qty(self):
        """What the line asks beyond what is already procured, in the product's unit."""
        self.ensure_one()
        qty = self.product_uom_qty - self._get_qty_procurement()
        return self.product_uom._compute_quantity(qty, self.product_id.uom_id)

    def _retail_allocate_and_procure(self, resourcing=False):
        """Allocates the lines over their channels' warehouses, then procures
        them together: Odoo's procurement_jit reserves the whole order again
        after each procurement call, once per order is enough. A product seen
        again waits for the lines before to be procured, so that its
        allocation reads their moves.

        ``resourcing``: the lines' parts that a store rejected are sourced
        again; what no other warehouse has is backordered at the first one
        (the order is confirmed already), and the order says so."""
        self._retail_lock_allocations()
        rejected = self._retail_rejected_warehouses()
        batch = self.browse()
        for line in self:
            if line.product_id in batch.mapped('product_id'):
                batch._retail_allocate_and_procure_batch(rejected, resourcing)
                batch = self.browse()
            batch |= line
        batch._retail_allocate_and_procure_batch(rejected, resourcing)
        self.mapped('order_id')._retail_update_promised_date()
        return True

    def _retail_lock_allocations(self):
        """Waits for the allocations of the same products at the same
        warehouses: every warehouse the lines' channels may take from (the
        rejections left aside: a superset of what the allocation reads)."""
        keys = set()
        for line in self:
            channel = line._retail_channel()
            if not channel:
                continue
            warehouses = channel._serving_warehouses(line.order_id._retail_home_warehouse())
            keys.update((line.product_id.id, warehouse.id) for warehouse in warehouses)
        self.env['retail.sales.channel']._lock_allocations(keys)

    def _retail_allocate_and_procure_batch(self, rejected, resourcing):
        """Lines of distinct products: one availability read per order,
        channel, customer-facing store and rejecting stores, then one
        procurement."""
        if not self:
            return
        # Moves of the lines procured before are in this transaction: make
        # sure the balances read them whole.
        self.env['stock.move'].recompute()
        groups = defaultdict(dict)
        for line in self:
            demand = line._retail_unprocured_qty()
            if demand > 0:
                sourcing = Sourcing(line._retail_channel(),
                                    line.order_id._retail_home_warehouse(),
                                    rejected.get(line.id, frozenset()))
                # Per order: the allocation ships an order from as few
                # warehouses as it can.
                groups[line.order_id, sourcing][line] = demand
        allocation = ChannelAllocation({})
        for (order, sourcing), demands in groups.items():
            by_product, shortage = sourcing.channel._allocate(
                {line.product_id.id: qty for line, qty in demands.items()},
                exclude=sourcing.rejected, home=sourcing.home,
                shipping=order._retail_shipping_warehouses())
            priorities = {line.warehouse_id.id: line.sequence
                          for line in sourcing.channel.warehouse_line_ids}
            for line, demand in demands.items():
                short = shortage.get(line.product_id.id)
                parts = by_product[line.product_id.id]
                if short and resourcing:
                    line._retail_backorder_short(sourcing, parts, short)
                elif short and sourcing.channel.oversell_policy == 'refuse':
                    line._retail_raise_oversell(sourcing.channel, demand, short)
                allocation[line.id] = [
                    (warehouse.id, qty, line._retail_sourcing_note(
                        sourcing, warehouse, priorities,
                        index == len(parts) - 1 and short))
                    for index, (warehouse, qty) in enumerate(parts)]
                if sourcing.home:
                    allocation.home[line.id] = sourcing.home.id
        self.browse(list(allocation))._retail_procure(allocation)

    def _retail_procure(self, allocation):
        """Procures the lines as allocated. Odoo confirms each move as it makes
        it, and so assigns, pushes and merges the order's deliveries once per
        line; here the lines' moves are confirmed together, then their
        deliveries reserved once (what procurement_jit did after each call)."""
        if not self:
            return
        deferred = []
        super(SaleOrderLine, self.with_context(
            retail_channel_allocation=allocation, retail_deferred_moves=deferred,
        ))._action_launch_procurement_rule()
        moves = self.env['stock.move'].browse(deferred).exists()
        if moves:
            moves = moves._action_confirm()
            moves.mapped('picking_id').filtered(
                lambda picking: picking.state in ('confirmed', 'waiting', 'assigned')
                and not picking.printed).action_assign()

    def _retail_sourcing_note(self, sourcing, warehouse, priorities, backordered):
        """Why the allocation took this part from ``warehouse``, for the
        order's sourcing tab."""
        self.ensure_one()
        channel, home, rejected = sourcing
        if backordered:
            return _("Backordered at %s: no warehouse of %s has it") % (
                warehouse.name, channel.name)
        if home and warehouse == home:
            if self.order_id.retail_fulfilment_mode == 'collect':
                return _("In stock at %s, where the customer collects") % home.name
            return _("In stock at %s, where the customer buys") % home.name
        if home:
            return _("%s lacks it: transferred from %s") % (home.name, warehouse.name)
        note = _("Priority %s of %s") % (priorities.get(warehouse.id), channel.name)
        if rejected:
            note = _("%s, sourced again after a rejection by %s") % (
                note, ', '.join(self.env['stock.warehouse'].browse(rejected).mapped('name')))
        return note

    def _retail_rejected_warehouses(self):
        """{line id: ids of the stores that rejected its parts}, in one read."""
        rejected = defaultdict(set)
        for row in self.env['retail.fulfilment.rejection'].sudo().search_read(
                [('sale_line_id', 'in', self.ids)], ['sale_line_id', 'warehouse_id']):
            rejected[row['sale_line_id'][0]].add(row['warehouse_id'][0])
        return {line_id: frozenset(ids) for line_id, ids in rejected.items()}

    def _retail_backorder_short(self, sourcing, parts, short):
        """What no warehouse left has waits at the first of them (a backorder)."""
        self.ensure_one()
        channel, home, rejected = sourcing
        if channel.oversell_policy == 'refuse':
            # (the backorder policy added it already)
            warehouse = channel._serving_warehouses(home, rejected)[:1] or \
                channel._serving_warehouses(home)[:1]
            parts.append((warehouse, short))
        self.order_id.message_post(body=_(
            "%s %s of %s could not be sourced again from the channel's other "
            "warehouses: backordered at %s.") % (
                short, self.product_id.uom_id.name, self.product_id.display_name,
                parts[-1][0].name))

    def _retail_raise_oversell(self, channel, demand, short_qty):
        self.ensure_one()
        raise UserError(_(
            "Cannot confirm %s: it asks for %s %s more of %s, but channel %s has "
            "only %s available to sell.") % (
                self.order_id.name, demand, self.product_id.uom_id.name,
                self.product_id.display_name, channel.name, demand - short_qty))

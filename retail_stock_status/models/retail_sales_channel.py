# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from itertools import groupby

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.addons.retail_governance.models.company_check import check_same_company
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class ChannelAllocation(dict):
    """{sale line id: [(warehouse id, quantity, why)]} that a channel
    allocated, in the context of the line's procurement; ``home``: {sale line
    id: warehouse id} of lines delivered from a store the customer faces
    (click-and-collect, pooled orders), into which the other warehouses'
    parts are transferred. Its own type, so that a client cannot send an
    allocation in the context (XML-RPC sends plain dicts)."""

    def __init__(self, parts, home=None):
        super().__init__(parts)
        self.home = home or {}


class RetailSalesChannel(models.Model):
    """A way customers buy (stores, online, marketplace) and the stock it may sell."""
    _name = 'retail.sales.channel'
    _description = 'Retail Sales Channel'
    _inherit = ['mail.thread']
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.sales.channel'))
    team_ids = fields.One2many(
        'crm.team', 'retail_channel_id', string='Sales Teams',
        help="Orders of these sales teams sell through this channel.")
    warehouse_line_ids = fields.One2many(
        'retail.sales.channel.warehouse', 'channel_id', string='Serving Warehouses',
        copy=True)
    oversell_policy = fields.Selection([
        ('refuse', 'Refuse the order'),
        ('backorder', 'Accept and backorder'),
    ], required=True, default='refuse', track_visibility='onchange',
        help="What confirming an order does when it asks for more than is "
             "available to sell in this channel.")
    sell_consigned = fields.Boolean(
        'Sell Consigned Stock', default=False, track_visibility='onchange',
        help="Whether this channel may sell units owned by a partner (consigned) "
             "that lie in sellable locations. Off: it sells the company's own "
             "stock only.")
    fulfilment_scope = fields.Selection([
        ('network', 'Serving warehouses by priority'),
        ('pool', "The order's store, then its regional pool"),
    ], required=True, default='network', track_visibility='onchange',
        help="Serving warehouses by priority: an order takes stock from the "
             "warehouses below in their order (DC first, then stores). The "
             "order's store, then its regional pool: an order placed in a store "
             "takes that store's stock first, then the stock of the stores of "
             "its pool, which a store-to-store transfer brings to the store.")

    _sql_constraints = [
        ('code_company_uniq', 'unique (code, company_id)',
         'The code of a sales channel must be unique per company.'),
    ]

    @api.constrains('company_id', 'warehouse_line_ids')
    def _check_warehouse_company(self):
        check_same_company(self, 'warehouse_line_ids.warehouse_id', _(
            "Channel %s cannot sell from warehouses of another company: %s"))

    @api.multi
    def available_to_sell(self, product_ids, warehouse_id=False):
        """Quantity each product may sell in this channel, in the product's unit:
        per serving warehouse, its available to sell minus the channel's floor
        there, never below zero, summed. With ``warehouse_id`` (a store taking
        an order, a click-and-collect store): over the warehouses that would
        serve an order there (that store, then its pool or the channel's
        warehouses). Returns ``[{'product_id': id, 'qty': quantity}]``, one per
        product asked, in the order asked, so that it works over XML-RPC as in
        Python."""
        self.ensure_one()
        product_ids = [int(pid) for pid in (product_ids or [])]
        home = self.env['stock.warehouse'].browse(int(warehouse_id or 0)).exists()
        if warehouse_id and not home:
            raise ValidationError(_("There is no warehouse %s.") % warehouse_id)
        by_warehouse = self._available_by_warehouse(
            product_ids, self._serving_warehouses(home) if home else None)
        totals = defaultdict(float)
        for (_warehouse_id, product_id), qty in by_warehouse.items():
            totals[product_id] += qty
        return [{'product_id': pid, 'qty': totals[pid]} for pid in product_ids]

    def _serving_warehouses(self, home=None, exclude=()):
        """The warehouses an order takes stock from, in order. ``home``: the
        store the customer faces (where the order is placed, or collected):
        first, then its pool (pooling channels) or the channel's warehouses by
        priority. ``exclude``: ids of stores that rejected the line."""
        self.ensure_one()
        lines = self.warehouse_line_ids.sorted('sequence')
        others = lines.mapped('warehouse_id')
        if home and self.fulfilment_scope == 'pool':
            pool = home.retail_pool_id.warehouse_ids if home.retail_pool_id else home
            others = others.filtered(lambda wh: wh in pool)
        if home:
            others = home | (others - home)
        return others.filtered(lambda wh: wh.id not in exclude)

    def _available_by_warehouse(self, product_ids, warehouses=None):
        """{(warehouse_id, product_id): quantity the channel may take there}:
        over ``warehouses`` (default: the serving ones). A warehouse that does
        not serve the channel (a click-and-collect store) keeps no floor."""
        self.ensure_one()
        lines = self.warehouse_line_ids
        if warehouses is None:
            warehouses = lines.mapped('warehouse_id')
        if not warehouses or not product_ids:
            return {}
        # Plain SQL on the view: the channel's availability is the same for whoever
        # sells through it; store users' record rules on balances must not shrink it.
        self.env.cr.execute("""
            SELECT warehouse_id, product_id, sellable_qty, consigned_sellable_qty,
                   outgoing_unreserved_qty
              FROM {}
             WHERE warehouse_id IN %s AND product_id IN %s""".format(
                                self.env['retail.stock.balance']._read_table()),
                            (tuple(warehouses.ids), tuple(product_ids)))
        rows = self.env.cr.fetchall()
        # Each line's floor once, not a record lookup per balance row.
        floors = {line.warehouse_id.id: line._floor_function() for line in lines}
        no_floor = lambda sellable: 0.0  # noqa: E731
        sell_consigned = self.sell_consigned
        result = {}
        for warehouse_id, product_id, sellable, consigned, outgoing in rows:
            if sell_consigned:
                sellable += consigned
            floor = floors.get(warehouse_id, no_floor)(sellable)
            result[(warehouse_id, product_id)] = max(sellable - outgoing - floor, 0.0)
        return result

    def _allocate(self, demand, exclude=(), home=None, shipping=None):
        """Splits ``demand`` ({product_id: qty}, one order's lines) over the
        serving warehouses in order (see ``_serving_warehouses``), but those of
        ``exclude`` (ids: stores that rejected it). Among warehouses of the
        same priority the order ships from as few as it can (see
        ``_consolidating_order``; ``shipping``: the warehouses already
        shipping part of the order). What none has is backordered, per the
        channel's policy, at the first of them.
        Returns ({product_id: [(warehouse, qty)]}, {product_id: short qty})."""
        self.ensure_one()
        warehouses = self._serving_warehouses(home, exclude)
        available = self._available_by_warehouse(list(demand), warehouses)
        levels = self._priority_levels(warehouses, home)
        allocation, shortage, used = {}, {}, set(shipping or ())
        for product_id, wanted in demand.items():
            parts, remaining = [], wanted
            for level in levels:
                stock = {wh: available.get((wh.id, product_id), 0.0) for wh in level}
                for warehouse in self._consolidating_order(level, stock, remaining, used):
                    take = min(remaining, stock[warehouse])
                    if take > 0:
                        parts.append((warehouse, take))
                        used.add(warehouse)
                        remaining -= take
            if float_compare(remaining, 0, precision_digits=4) > 0:
                shortage[product_id] = remaining
                if self.oversell_policy == 'backorder' and warehouses:
                    parts.append((warehouses[0], remaining))
            allocation[product_id] = parts
        return allocation, shortage

    def _priority_levels(self, warehouses, home=None):
        """``warehouses`` (in serving order) grouped by equal priority: the
        store the customer faces alone first, then by the channel's sequence."""
        self.ensure_one()
        sequences = {line.warehouse_id: (1, line.sequence)
                     for line in self.warehouse_line_ids}
        sequences[home] = (0,)
        return [list(level) for _key, level in groupby(warehouses, key=sequences.get)]

    @api.model
    def _consolidating_order(self, level, stock, wanted, used):
        """The warehouses of one priority level in the order to take from,
        so that an order leaves in as few deliveries as it can: one already
        shipping part of the order that has all of ``wanted``, then one that
        has all of it, then one already shipping, then the others, each in
        the channel's order. ``stock``: {warehouse: quantity it may give};
        ``used``: warehouses already shipping part of the order."""
        rank = {warehouse: index for index, warehouse in enumerate(level)}

        def key(warehouse):
            fills = float_compare(stock[warehouse], wanted, precision_digits=4) >= 0
            shipping = warehouse in used
            return (not (fills and shipping), not fills, not shipping, rank[warehouse])
        return sorted(level, key=key)

    @api.model_cr
    def init(self):
        # One row per product and warehouse that channels allocate; see
        # _lock_allocations. (Until 11.0.1.7.0, one row per product.)
        self.env.cr.execute("""
            DROP TABLE IF EXISTS retail_channel_allocation_counter;
            CREATE TABLE IF NOT EXISTS retail_channel_allocation_lock (
                product_id integer NOT NULL
                    REFERENCES product_product (id) ON DELETE CASCADE,
                warehouse_id integer NOT NULL
                    REFERENCES stock_warehouse (id) ON DELETE CASCADE,
                allocations bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (product_id, warehouse_id)
            )""")

    @api.model
    def _lock_allocations(self, keys):
        """Serialises the allocations that read the same stock, across workers:
        ``keys`` are the (product id, warehouse id) pairs an allocation may take
        from. Two stores' channels selling the same product do not wait for
        each other; two channels served by the same warehouse do.

        Odoo runs a request in one REPEATABLE READ snapshot taken at its first
        query, so a lock taken later would not let a second request see the
        moves the first one committed meanwhile. Each allocation updates the
        pairs' counter rows instead: a concurrent one waits for a row, then
        fails with a serialization error because the row changed after its
        snapshot, and Odoo's RPC layer retries the request, which then sees the
        first one's moves. Rows are taken in key order (no deadlock)."""
        keys = sorted(set(keys))
        if keys:
            products, warehouses = zip(*keys)
            self.env.cr.execute("""
                INSERT INTO retail_channel_allocation_lock AS counter
                            (product_id, warehouse_id, allocations)
                SELECT product_id, warehouse_id, 1
                  FROM unnest(%s, %s) AS key (product_id, warehouse_id)
                 ORDER BY product_id, warehouse_id
                ON CONFLICT (product_id, warehouse_id)
                DO UPDATE SET allocations = counter.allocations + 1""", (
                list(products), list(warehouses)))
        return True


class RetailSalesChannelWarehouse(models.Model):
    """A warehouse serving a channel, its priority and the floor it keeps back."""
    _name = 'retail.sales.channel.warehouse'
    _description = 'Warehouse Serving a Sales Channel'
    _order = 'channel_id, sequence, id'

    channel_id = fields.Many2one('retail.sales.channel', required=True, ondelete='cascade')
    company_id = fields.Many2one(related='channel_id.company_id', store=True, readonly=True)
    sequence = fields.Integer(default=10, help="Lower sequences serve first.")
    warehouse_id = fields.Many2one('stock.warehouse', required=True, ondelete='cascade')
    floor_qty = fields.Float(
        'Floor Quantity', digits=dp.get_precision('Product Unit of Measure'),
        help="Units this warehouse keeps for its walk-in customers: the channel "
             "never takes them.")
    floor_percent = fields.Float(
        'Floor %', help="Share of the sellable stock kept back; the larger of the "
                        "two floors applies.")

    _sql_constraints = [
        ('warehouse_channel_uniq', 'unique (channel_id, warehouse_id)',
         'A warehouse serves a channel only once.'),
        ('floor_positive', 'CHECK (floor_qty >= 0 AND floor_percent >= 0 AND floor_percent <= 100)',
         'Floors are positive and a percentage is at most 100.'),
    ]

    @api.model
    def create(self, vals):
        self._check_floor_vals(vals)
        return super(RetailSalesChannelWarehouse, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_floor_vals(vals)
        return super(RetailSalesChannelWarehouse, self).write(vals)

    @api.model
    def _check_floor_vals(self, vals):
        """The floors' SQL check, with a message and before the database sees
        the values (a violated SQL constraint is logged as a server error)."""
        qty, percent = vals.get('floor_qty'), vals.get('floor_percent')
        numbers = (int, float)
        if (isinstance(qty, numbers) and qty < 0) or (
                isinstance(percent, numbers) and not 0 <= percent <= 100):
            raise ValidationError(_(
                "Floors cannot be negative and a floor percentage is at most 100."))

    def _floor_function(self):
        """A function of the sellable quantity giving this line's floor (read
        once, then applied to many balances)."""
        self.ensure_one()
        floor_qty, floor_share = self.floor_qty, self.floor_percent / 100.0
        return lambda sellable_qty: max(floor_qty, sellable_qty * floor_share, 0.0)

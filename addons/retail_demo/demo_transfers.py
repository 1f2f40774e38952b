# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo transfers in every state, so that each role finds work on first login:
the store clerk (S001) a shipment to receive and a discrepancy, the DC operator
transfers to pick and ship, the store manager an overdue transfer, the
inventory controller a discrepancy to write off, planners the cycle times."""
import logging
from datetime import timedelta

from odoo import fields

_logger = logging.getLogger(__name__)

# (destination, state to reach, SKU numbers x quantity)
DEMO_TRANSFERS = [
    ('S001', 'requested', [(11, 4), (12, 2)]),
    ('S002', 'approved', [(13, 6)]),
    ('S003', 'picked', [(14, 3), (15, 3)]),
    ('S010', 'picked', [(16, 5)]),
    ('S001', 'shipped', [(17, 4), (18, 2), (19, 6)]),
    ('S002', 'shipped', [(20, 3)]),
    ('S003', 'overdue', [(21, 5), (22, 2)]),
    ('S001', 'discrepancy', [(23, 5), (24, 4)]),
    ('S015', 'received', [(25, 6)]),
    ('S020', 'closed', [(26, 4), (27, 2)]),
    ('S002', 'closed', [(28, 3)]),
    ('S030', 'cancelled', [(29, 2)]),
]


def create_demo_transfers(env):
    Warehouse = env['stock.warehouse']
    dc = Warehouse.search([('code', '=', 'DC')], limit=1)
    users = {key: env.ref('retail_demo.user_%s' % key) for key in (
        'store_clerk', 'store_manager', 'dc_operator')}
    transfers = env['retail.transfer']
    for code, state, lines in DEMO_TRANSFERS:
        store = Warehouse.search([('code', '=', code)], limit=1)
        products = [(env['product.product'].search(
            [('default_code', '=', 'SKU%06d' % number)], limit=1), qty)
            for number, qty in lines]
        transfer = _create_pair(env, dc, store, [(p, q) for p, q in products if p])
        _advance(env, transfer, state, users)
        transfers |= transfer
    _logger.info("retail demo network: %s transfers (%s)", len(transfers), ', '.join(
        sorted(set(transfers.mapped('state')))))
    return transfers


def _create_pair(env, source, dest, lines):
    """A delivery from ``source`` into transit and a receipt from transit into
    ``dest``, their moves linked as Odoo's resupply route links them."""
    transit = env.user.company_id.internal_transit_location_id
    Picking, Move = env['stock.picking'], env['stock.move']
    common = {'origin': 'Demo %s' % dest.code, 'partner_id': dest.partner_id.id,
              'move_type': 'direct'}
    receipt = Picking.create(dict(common, picking_type_id=dest.in_type_id.id,
                                  location_id=transit.id,
                                  location_dest_id=dest.lot_stock_id.id))
    delivery = Picking.create(dict(common, picking_type_id=source.out_type_id.id,
                                   location_id=source.lot_stock_id.id,
                                   location_dest_id=transit.id))
    for product, qty in lines:
        vals = {'name': product.display_name, 'product_id': product.id,
                'product_uom': product.uom_id.id, 'product_uom_qty': qty}
        incoming = Move.create(dict(vals, picking_id=receipt.id, location_id=transit.id,
                                    location_dest_id=dest.lot_stock_id.id))
        Move.create(dict(vals, picking_id=delivery.id, location_id=source.lot_stock_id.id,
                         location_dest_id=transit.id, move_dest_ids=[(4, incoming.id)]))
    env['retail.transfer']._sync_pickings(delivery | receipt)
    return delivery.retail_transfer_id


def _validate(picking, user, ratio=1.0, short=0.0):
    """``user`` validates ``picking``: every line in full (times ``ratio``),
    the last one ``short`` units short."""
    picking = picking.sudo(user)
    moves = picking.move_lines
    quantities = {}
    for move in moves:
        qty = move.reserved_availability or move.product_uom_qty
        quantities[move.product_id.id] = qty * ratio
    if short and moves:
        last = moves[-1].product_id.id
        quantities[last] = max(quantities[last] - short, 0.0)
    picking._retail_set_quantities_done(quantities)
    picking.action_done()


def _advance(env, transfer, state, users):
    out, incoming = transfer.out_picking_ids, transfer.in_picking_ids
    if state == 'requested':
        return
    (out | incoming).action_confirm()
    if state == 'approved':
        return
    if state == 'cancelled':
        (out | incoming).action_cancel()
        return
    out.action_assign()
    if state == 'picked':
        return
    _validate(out, users['dc_operator'])
    if state == 'overdue':
        expected = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=1)
        from odoo.addons.retail_inventory_harmonization.models.retail_transfer import (
            as_system)
        as_system(transfer).write({'date_expected': fields.Datetime.to_string(expected)})
        env['retail.transfer']._cron_flag_overdue()
        return
    if state == 'shipped':
        return
    receiver = users['store_clerk'] if transfer.dest_warehouse_id.code == 'S001' \
        else users['store_manager'] if transfer.dest_warehouse_id.code in (
            'S002', 'S003') else env.user
    _validate(incoming, receiver, short=2.0 if state == 'discrepancy' else 0.0)
    if state == 'closed':
        transfer.sudo(users['store_manager'] if receiver == users['store_manager']
                      else env.user).action_close()

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Omnichannel in the demo: stores pooled by region (one pool per cluster),
the Stores channel serving a store's customers from its pool, and three
orders that show the flows: an online order ready to collect at S001, one
waiting at S002 for a transfer from the DC, and an order at S003 served by
another store of its pool."""
import logging

_logger = logging.getLogger(__name__)

DEMO_CUSTOMER = 'Demo omnichannel customer'


def create_demo_fulfilment(env):
    """Pools and orders, unless the demo has them already."""
    Pool = env['retail.store.pool']
    if Pool.search_count([]):
        return
    stores = env['stock.warehouse'].search([('code', '=like', 'S___')], order='code')
    for cluster in stores.mapped('retail_cluster_id'):
        Pool.create({
            'name': '%s region' % cluster.name, 'code': cluster.code,
            'warehouse_ids': [(6, 0, stores.filtered(
                lambda wh: wh.retail_cluster_id == cluster).ids)]})
    channels = {channel.code: channel for channel in env['retail.sales.channel'].search([])}
    if 'STORES' in channels:
        channels['STORES'].fulfilment_scope = 'pool'
    _create_demo_orders(env, channels, stores)
    _logger.info("retail demo network: %s store pools, click-and-collect orders %s",
                 Pool.search_count([]), ', '.join(env['sale.order'].search([
                     ('retail_fulfilment_mode', '=', 'collect')]).mapped('name')))


def _create_demo_orders(env, channels, stores):
    web, store_channel = channels.get('WEB'), channels.get('STORES')
    by_code = {store.code: store for store in stores}
    if not web or not store_channel or not {'S001', 'S002', 'S003'} <= set(by_code):
        return
    customer = env['res.partner'].create({'name': DEMO_CUSTOMER, 'customer': True})
    products = env['product.product'].search([('default_code', '=like', 'SKU%')],
                                             order='default_code')
    dc = env['stock.warehouse'].search([('code', '=', 'DC')], limit=1)
    available = _available(web, products, by_code['S001'] | by_code['S002'] | dc)
    ready = next((p for p in products if available[(by_code['S001'].id, p.id)] >= 2), None)
    waiting = next((p for p in products if available[(by_code['S002'].id, p.id)] == 0
                    and available[(dc.id, p.id)] >= 1), None)
    orders = []
    if ready:
        orders.append(_order(env, web, customer, ready, 2, collect_at=by_code['S001']))
    if waiting:
        orders.append(_order(env, web, customer, waiting, 1, collect_at=by_code['S002']))
    pool = by_code['S003'].retail_pool_id.warehouse_ids - by_code['S003']
    pooled_stock = _available(store_channel, products, pool | by_code['S003'])
    pooled = next((p for p in products if pooled_stock[(by_code['S003'].id, p.id)] == 0
                   and any(pooled_stock[(wh.id, p.id)] >= 1 for wh in pool)), None)
    if pooled:
        orders.append(_order(env, store_channel, customer, pooled, 1,
                             warehouse=by_code['S003']))
    for order in orders:
        order.action_confirm()


def _available(channel, products, warehouses):
    found = channel._available_by_warehouse(products.ids, warehouses)
    return {(wh.id, p.id): found.get((wh.id, p.id), 0.0) for wh in warehouses for p in products}


def _order(env, channel, customer, product, qty, collect_at=None, warehouse=None):
    vals = {'partner_id': customer.id, 'team_id': channel.team_ids[:1].id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': qty})]}
    if collect_at:
        vals.update(retail_fulfilment_mode='collect', retail_collect_warehouse_id=collect_at.id,
                    warehouse_id=collect_at.id)
    if warehouse:
        vals['warehouse_id'] = warehouse.id
    return env['sale.order'].create(vals)

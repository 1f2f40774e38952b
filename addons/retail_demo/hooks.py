# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import SUPERUSER_ID, api

from .demo_transfers import create_demo_transfers
from .fulfilment import create_demo_fulfilment
from .generator import RetailNetworkGenerator
from .master_data import create_demo_master_data
from .story import create_demo_story

_logger = logging.getLogger(__name__)

DEMO_SIZE = {'stores': 35, 'skus': 300, 'weeks': 8, 'seed': 42}

# Demo user (XML id in data/res_users.xml) -> warehouse codes they work in.
USER_WAREHOUSES = {
    'user_store_clerk': ['S001'],
    'user_store_manager': ['S001', 'S002', 'S003'],
    'user_dc_operator': ['DC'],
}


def post_init_hook(cr, registry):
    """Builds the demo network once the module's data (users) is loaded."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    summary = RetailNetworkGenerator(env, **DEMO_SIZE).generate()
    _logger.info("retail demo network: %(stores)s stores, %(products)s products, "
                 "%(moves)s moves, %(quants)s quants", summary)
    assign_demo_warehouses(env)
    create_demo_channels(env)
    apply_demo_policies(env)
    create_demo_story(env)
    create_demo_transfers(env)
    create_demo_master_data(env)
    create_demo_fulfilment(env)


def assign_demo_warehouses(env):
    Warehouse = env['stock.warehouse']
    for xmlid, codes in USER_WAREHOUSES.items():
        user = env.ref('retail_demo.%s' % xmlid)
        user.retail_warehouse_ids = Warehouse.search([('code', 'in', codes)])


def apply_demo_policies(env):
    """The demo planner answers for every cluster, and every store gets its
    reordering rules from the policies at once."""
    clusters = env['retail.store.cluster'].search([])
    clusters.write({'planner_id': env.ref('retail_demo.user_planner').id})
    counts = clusters.apply_policies()
    _logger.info("retail demo network: reordering rules %s", counts)


def create_demo_channels(env):
    """Stores sell walk-in from every store; Online ships from the DC first, then
    from the urban stores above a floor of 2 units or 30%; the Marketplace only
    from the DC and refuses to oversell."""
    Warehouse = env['stock.warehouse']
    Team = env['crm.team']
    dc = Warehouse.search([('code', '=', 'DC')])
    stores = Warehouse.search([('code', '=like', 'S___')], order='code')
    urban = stores.filtered(lambda wh: wh.retail_cluster_id.code == 'URB')
    channels = [
        ('STORES', 'Stores', 'refuse', [(wh, 10, 0, 0) for wh in stores]),
        ('WEB', 'Online', 'backorder', [(dc, 1, 0, 0)] + [(wh, 10, 2, 30) for wh in urban]),
        ('MKT', 'Marketplace', 'refuse', [(dc, 1, 5, 0)]),
    ]
    for code, name, policy, lines in channels:
        team = Team.create({'name': name})
        env['retail.sales.channel'].create({
            'code': code, 'name': name, 'oversell_policy': policy,
            'team_ids': [(6, 0, team.ids)],
            'warehouse_line_ids': [(0, 0, {
                'warehouse_id': wh.id, 'sequence': seq, 'floor_qty': floor_qty,
                'floor_percent': floor_pct}) for wh, seq, floor_qty, floor_pct in lines],
        })

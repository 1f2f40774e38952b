# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import SUPERUSER_ID, api

from .generator import RetailNetworkGenerator

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


def assign_demo_warehouses(env):
    Warehouse = env['stock.warehouse']
    for xmlid, codes in USER_WAREHOUSES.items():
        user = env.ref('retail_demo.%s' % xmlid)
        user.retail_warehouse_ids = Warehouse.search([('code', 'in', codes)])

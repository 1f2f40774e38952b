# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What waits for the demo's data steward: a new product made by the retail
administrator and a lead time the planner wants changed.

The demo company keeps its master data approval off (the suite's tests build
their own products, stores and policies in it): the requests are made as the
governed models make them when it is on. The README's tour turns it on."""
import logging

_logger = logging.getLogger(__name__)

DEMO_PRODUCT = 'Oat Drink Barista 1L'
# The cluster whose DC-to-store lead time the planner asks to change, and to what.
DEMO_CLUSTER_CODE, DEMO_LEAD_DAYS = 'OUT', 5.0


def create_demo_master_data(env):
    """Makes the two requests unless the demo already has them."""
    Change = env['retail.master.data.change']
    if Change.search_count([]):
        return
    admin = env.ref('retail_demo.user_retail_admin')
    planner = env.ref('retail_demo.user_planner')
    family = env['product.category'].search([
        ('name', '=', 'Fresh Food'), ('parent_id.name', '=', 'Retail')], limit=1)
    product = env['product.template'].create({
        'name': DEMO_PRODUCT, 'type': 'product', 'default_code': 'DEMO-OAT-1L',
        'categ_id': family.id or env.ref('product.product_category_all').id,
        'standard_price': 1.2, 'list_price': 2.49})
    Change.sudo(admin)._retail_request_creation(product)
    cluster = env['retail.store.cluster'].search([('code', '=', DEMO_CLUSTER_CODE)], limit=1)
    if cluster:
        Change.sudo(planner)._retail_request_changes(cluster, {'lead_days': DEMO_LEAD_DAYS})
    _logger.info("retail demo network: %s master data request(s) for the data steward",
                 Change.search_count([]))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase

from odoo.addons.retail_governance.tests.common import create_retail_user


class ReplenishmentRunCase(SavepointCase):
    """A small network of the demo: the DC and three stores (S001..S003) in a
    cluster of their own, five products with a reordering rule in each store
    (and only those rules active), stores below their minimum, a planner."""

    @classmethod
    def setUpClass(cls):
        super(ReplenishmentRunCase, cls).setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True,
            retail_replenishment_in_transaction=True))
        Warehouse = cls.env['stock.warehouse']
        cls.dc = Warehouse.search([('code', '=', 'DC')])
        cls.stores = Warehouse.search([('code', 'in', ('S001', 'S002', 'S003'))],
                                      order='code')
        cls.company = cls.dc.company_id
        cls.planner = create_retail_user(cls.env, 'rb_planner', 'group_planner')
        cls.clerk = create_retail_user(cls.env, 'rb_clerk', 'group_store_clerk',
                                       warehouses=cls.stores[:1])
        cls.cluster = cls.env['retail.store.cluster'].create({
            'name': 'Run test cluster', 'code': 'RBTEST', 'company_id': cls.company.id,
            'supply_warehouse_id': cls.dc.id, 'lead_days': 2, 'review_days': 7,
            'planner_id': cls.planner.id,
        })
        cls.stores.write({'retail_cluster_id': cls.cluster.id})
        # Only this test's reordering rules are active.
        cls.env.cr.execute("UPDATE stock_warehouse_orderpoint SET active = false")
        cls.env['stock.warehouse.orderpoint'].invalidate_cache()
        cls.products = cls._stocked_products(5, 200)
        cls.orderpoints = cls.env['stock.warehouse.orderpoint']
        for store in cls.stores:
            for index, product in enumerate(cls.products):
                on_hand = product.with_context(location=store.lot_stock_id.id).qty_available
                # The last product comes in packs of 4, its max 21 above stock.
                cls.orderpoints |= cls._create_orderpoint(
                    store, product, on_hand + 3 + index,
                    on_hand + 12 + 2 * index + (1 if index == 4 else 0),
                    multiple=4 if index == 4 else 1)

    @classmethod
    def _stocked_products(cls, count, dc_qty):
        """``count`` demo products with at least ``dc_qty`` in the DC and
        nothing on its way to the stores: a server whose scheduler ran (the
        README's ``bin/run``) leaves open receipts in the stores, into which
        Odoo's scheduler would merge the tests' needs."""
        cls.env.cr.execute("""
            SELECT q.product_id FROM stock_quant q
              JOIN product_product pp ON pp.id = q.product_id
             WHERE q.location_id = %s AND pp.active
               AND NOT EXISTS (
                   SELECT 1 FROM stock_move m
                    WHERE m.product_id = q.product_id AND m.location_dest_id IN %s
                      AND m.state NOT IN ('done', 'cancel'))
             GROUP BY q.product_id HAVING sum(q.quantity) >= %s
             ORDER BY q.product_id LIMIT %s
        """, (cls.dc.lot_stock_id.id, tuple(cls.stores.mapped('lot_stock_id').ids),
              dc_qty, count))
        return cls.env['product.product'].browse([r[0] for r in cls.env.cr.fetchall()])

    @classmethod
    def _create_orderpoint(cls, warehouse, product, min_qty, max_qty, multiple=1):
        return cls.env['stock.warehouse.orderpoint'].create({
            'warehouse_id': warehouse.id, 'location_id': warehouse.lot_stock_id.id,
            'product_id': product.id, 'product_min_qty': min_qty,
            'product_max_qty': max_qty, 'qty_multiple': multiple,
        })

    def _run(self, user=None, clusters=None):
        Run = self.env['retail.replenishment.run'].sudo(user or self.planner)
        action = Run.action_run_clusters((clusters or self.cluster).ids)
        return Run.browse(action['res_id'])

    def _store_moves(self, run):
        return self.env['stock.move'].search([
            ('group_id', 'in', run.procurement_group_ids.ids),
            ('location_dest_id', 'in', self.stores.mapped('lot_stock_id').ids)])

    @staticmethod
    def _quantities(moves):
        result = {}
        for move in moves:
            key = (move.location_dest_id.id, move.product_id.id)
            result[key] = result.get(key, 0.0) + move.product_uom_qty
        return result

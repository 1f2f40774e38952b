# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class TestDemoNetwork(SavepointCase):
    """The demo database holds the reference scenario of PRODUCT.md."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Warehouse = cls.env['stock.warehouse']
        cls.dc = cls.Warehouse.search([('code', '=', 'DC')])
        cls.stores = cls.Warehouse.search([('code', '=like', 'S___')])
        cls.products = cls.env['product.product'].search(
            [('default_code', '=like', 'SKU______')])
        cls.customers = cls.env.ref('stock.stock_location_customers')

    def _sales_by_week(self):
        self.env.cr.execute("""
            SELECT date_trunc('week', m.date)::date, sum(m.product_qty)
              FROM stock_move m
             WHERE m.state = 'done' AND m.location_dest_id = %s
               AND m.location_id IN %s
             GROUP BY 1 ORDER BY 1""", (
            self.customers.id, tuple(self.stores.mapped('lot_stock_id').ids)))
        return self.env.cr.fetchall()

    def test_one_dc_and_35_stores_in_three_clusters(self):
        """One DC and 35 stores: 14 urban, 12 suburban, 9 outlet."""
        self.assertEqual(len(self.dc), 1)
        self.assertEqual(len(self.stores), 35)
        self.assertFalse(self.dc.retail_cluster_id)
        sizes = {c.code: c.store_count for c in self.stores.mapped('retail_cluster_id')}
        self.assertEqual(sizes, {'URB': 14, 'SUB': 12, 'OUT': 9})

    def test_every_store_resupplied_from_dc_through_transit(self):
        """Each store has Odoo's inter-warehouse route from the DC via the transit location."""
        transit = self.env.user.company_id.internal_transit_location_id
        self.assertTrue(transit)
        for store in self.stores:
            self.assertEqual(store.default_resupply_wh_id, self.dc)
            route = store.resupply_route_ids
            self.assertEqual(len(route), 1, store.code)
            rules = route.pull_ids
            self.assertIn(transit, rules.mapped('location_id'), store.code)
            self.assertIn(store.lot_stock_id, rules.mapped('location_id'), store.code)
            self.assertIn(route, store.route_ids, store.code)

    def test_products_in_families_with_barcodes_vendors_prices(self):
        """About 300 stockable SKUs in at least 5 families, each with a valid
        EAN-13 barcode, a cost below its price and a vendor with a lead time."""
        self.assertEqual(len(self.products), 300)
        families = self.products.mapped('categ_id')
        self.assertGreaterEqual(len(families), 5)
        self.assertTrue(families.filtered('retail_quality_sensitive'))
        self.assertTrue(families.filtered(lambda c: not c.retail_quality_sensitive))
        barcode_nomenclature = self.env['barcode.nomenclature']
        for product in self.products:
            self.assertEqual(product.type, 'product')
            self.assertTrue(barcode_nomenclature.check_ean(product.barcode), product.barcode)
            self.assertGreater(product.standard_price, 0)
            self.assertGreater(product.lst_price, product.standard_price)
            self.assertTrue(product.seller_ids, product.default_code)
            self.assertGreater(product.seller_ids[0].delay, 0)
        self.assertEqual(len(set(self.products.mapped('barcode'))), 300)

    def test_opening_balances_at_every_location(self):
        """The DC holds the whole assortment, every store more than half of it."""
        Quant = self.env['stock.quant']
        for warehouse in self.dc | self.stores:
            groups = Quant.read_group(
                [('location_id', 'child_of', warehouse.view_location_id.id),
                 ('quantity', '>', 0)], ['product_id'], ['product_id'])
            self.assertGreaterEqual(
                len(groups), 300 if warehouse == self.dc else 150, warehouse.code)
        dc_qty = self.products[:10].with_context(
            warehouse=self.dc.id).mapped('qty_available')
        self.assertTrue(all(qty > 0 for qty in dc_qty))

    def test_eight_weeks_of_sales_with_weekly_pattern(self):
        """Store sales reach customers in each of the last 8 weeks, the week after
        payday selling more than the last week of the month."""
        weeks = self._sales_by_week()
        self.assertIn(len(weeks), (8, 9))  # 8 weeks may straddle 9 calendar weeks
        self.env.cr.execute("""
            SELECT count(DISTINCT picking_id), count(*) FROM stock_move
             WHERE state = 'done' AND location_dest_id = %s""", (self.customers.id,))
        pickings, moves = self.env.cr.fetchone()
        self.assertEqual(pickings, 35 * 8)
        self.assertGreater(moves, 20000)

    def test_fast_and_slow_movers_and_spikes(self):
        """Weekly store sales span slow movers (a unit now and then), fast movers
        and a few demand spikes far above a SKU's usual week."""
        self.env.cr.execute("""
            WITH per_sku AS (
                SELECT product_id, location_id, avg(product_qty) AS mean,
                       max(product_qty) AS peak, count(*) AS weeks
                  FROM stock_move
                 WHERE state = 'done' AND location_dest_id = %s
                 GROUP BY 1, 2)
            SELECT count(*) FILTER (WHERE weeks <= 4 AND mean <= 1.5),
                   count(*) FILTER (WHERE mean >= 8),
                   count(*) FILTER (WHERE peak >= 4 * mean AND peak >= 8)
              FROM per_sku""", (self.customers.id,))
        slow, fast, spiked = self.env.cr.fetchone()
        self.assertGreater(slow, 100)
        self.assertGreater(fast, 100)
        self.assertGreater(spiked, 3)

    def test_one_user_per_role(self):
        """Seven demo users, one per retail role; store users carry their stores."""
        expected = {
            'store_clerk': 'group_store_clerk',
            'store_manager': 'group_store_manager',
            'dc_operator': 'group_dc_operator',
            'planner': 'group_planner',
            'inventory_controller': 'group_inventory_controller',
            'finance_approver': 'group_finance_approver',
            'retail_admin': 'group_retail_admin',
        }
        Users = self.env['res.users']
        for login, group in expected.items():
            user = Users.search([('login', '=', login)])
            self.assertTrue(user.has_group('retail_governance.%s' % group), login)
            self.assertTrue(user.email, login)  # chatter posts need the author's email
        clerk = Users.search([('login', '=', 'store_clerk')])
        self.assertEqual(clerk.retail_warehouse_ids.mapped('code'), ['S001'])
        self.assertFalse(clerk.has_group('retail_governance.group_store_manager'))

    def test_three_sales_channels(self):
        """Stores, Online and Marketplace channels sell from their warehouses."""
        channels = self.env['retail.sales.channel'].search([])
        self.assertEqual(set(channels.mapped('code')), {'STORES', 'WEB', 'MKT'})
        online = channels.filtered(lambda c: c.code == 'WEB')
        self.assertEqual(online.warehouse_line_ids.sorted('sequence')[0].warehouse_id, self.dc)
        self.assertTrue(all(online.warehouse_line_ids[1:].mapped('floor_qty')))
        product = self.products[0]
        available = online.available_to_sell(product.ids)[0]['qty']
        self.assertGreater(available, 0)

    def test_real_time_valuation_matches_stock(self):
        """Demo families are valued in real time, and their stock valuation
        accounts hold the value of the stock on hand at cost."""
        family = self.products[0].categ_id
        self.assertEqual(family.property_valuation, 'real_time')
        account = family.property_stock_valuation_account_id
        family_products = self.products.filtered(lambda p: p.categ_id == family)
        # The opening entry, and the real-time entries of later moves (the demo's
        # cycle counts) of the family's products.
        self.env.cr.execute("""
            SELECT coalesce(sum(debit - credit), 0) FROM account_move_line
             WHERE account_id = %s AND (move_id IN (
                   SELECT id FROM account_move WHERE ref = %s) OR product_id IN %s)""",
                            (account.id, 'Opening stock value: %s' % family.name,
                             tuple(family_products.ids)))
        posted = self.env.cr.fetchone()[0]
        # Stock shipped between locations is in the company's transit location,
        # still valued (Odoo posts nothing for a move into it). It must not be
        # added on top of qty_available: with company_owned, qty_available
        # already counts every internal *and* transit location of the company
        # (stock's _get_domain_locations, as stock_account values them), so
        # adding the transit quants again counted them twice. owner_id=False:
        # partner-owned (consigned) units are not the company's, as in
        # stock_account's own valuation.
        transit_location = self.env.user.company_id.internal_transit_location_id
        transit = self.env['stock.quant'].search([
            ('location_id', '=', transit_location.id),
            ('product_id', 'in', family_products.ids), ('owner_id', '=', False)])
        self.assertTrue(transit, "the demo has family stock in transit")
        Quant = self.env['stock.quant']
        for product in transit.mapped('product_id'):
            held = Quant.search([('product_id', '=', product.id), ('owner_id', '=', False),
                                 ('location_id.usage', '=', 'internal')])
            in_transit = transit.filtered(lambda q: q.product_id == product)
            self.assertEqual(
                product.with_context(company_owned=True, owner_id=False).qty_available,
                sum((held | in_transit).mapped('quantity')), product.default_code)
        expected = sum(p.with_context(company_owned=True, owner_id=False).qty_available *
                       p.standard_price for p in family_products)
        self.assertAlmostEqual(posted, expected, places=1)

    def test_clusters_replenished_from_dc_by_the_planner(self):
        """The clusters have their own lead times and review periods, the DC and the planner."""
        clusters = self.stores.mapped('retail_cluster_id')
        settings = {c.code: (c.lead_days, c.review_days) for c in clusters}
        self.assertEqual(settings, {'URB': (1, 3), 'SUB': (2, 7), 'OUT': (4, 14)})
        self.assertEqual(clusters.mapped('supply_warehouse_id'), self.dc)
        self.assertEqual(clusters.mapped('planner_id'), self.env.ref('retail_demo.user_planner'))

    def test_policy_for_every_cluster_and_family(self):
        """Every cluster has one policy per family: demand-driven, Electronics fixed."""
        families = self.products.mapped('categ_id')
        for cluster in self.stores.mapped('retail_cluster_id'):
            policies = cluster.policy_ids
            self.assertEqual(policies.mapped('categ_id'), families, cluster.code)
            fixed = policies.filtered(lambda p: p.method == 'fixed')
            self.assertEqual(fixed.mapped('categ_id.name'), ['Electronics'], cluster.code)

    def test_every_store_has_its_reordering_rules(self):
        """Each store has one active rule per SKU from the policies; the DC has none of them."""
        self.env.cr.execute("""
            SELECT warehouse_id, count(*), count(DISTINCT product_id),
                   count(*) FILTER (WHERE retail_set_by = 'policy')
              FROM stock_warehouse_orderpoint WHERE active AND retail_policy_id IS NOT NULL
             GROUP BY warehouse_id""")
        counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        self.assertEqual(set(counts), set(self.stores.ids))
        self.assertEqual(set(counts.values()), {(300, 300, 300)})
        # fast movers hold more than slow ones; every rule that sells keeps a minimum
        self.env.cr.execute("""
            SELECT count(*) FILTER (WHERE retail_daily_demand > 0 AND product_min_qty < 1),
                   count(*) FILTER (WHERE product_max_qty < product_min_qty),
                   max(product_max_qty) > 20
              FROM stock_warehouse_orderpoint WHERE active AND retail_policy_id IS NOT NULL""")
        self.assertEqual(self.env.cr.fetchone(), (0, 0, True))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from odoo.addons.retail_inventory_harmonization.models import retail_kpi_math as kpi

# The week of the test: Monday 8 June 2026 to Sunday 14 June; computed as on
# the Sunday, so that the whole week has passed.
WEEK = '2026-06-08'
TODAY = '2026-06-14'


class TestKpiSnapshots(SavepointCase):
    """A company of its own with a DC and two stores, and one week of hand-made
    history dated by hand:

    Store 1 (counts, adjustments, aging, stockouts): received from a vendor on
    2 June P1 100, P2 20, P3 50, P4 10, P8 7 (costs 2, 5, 1, 10, 3); counted on
    Tuesday 9 June P1 97, P2 10, P3 50, P4 12 (tolerance 5 %); sold the last 10
    P2 on Thursday 11 June; reordering rules for P1 and P2 since Monday.

    Store 2 (fill rates, cycle time): the DC shipped P5 10, P6 8, P7 4 on
    Tuesday 08:00 (requested Monday 08:00), all expected in the store on
    Wednesday; it received P5 10 and P6 5 on Wednesday 14:00 (P6: 3 to
    follow) and P7 4 on Saturday 08:00 (late). Customers ordered P5 6 and P6 4
    for Thursday; P5 left in full on Thursday, P6 not at all."""

    @classmethod
    def setUpClass(cls):
        super(TestKpiSnapshots, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env['res.company'].create({
            'name': 'KPI Company', 'retail_count_tolerance': 5.0})
        Warehouse = cls.env['stock.warehouse']
        cls.dc = Warehouse.create({'name': 'KPI DC', 'code': 'KDC',
                                   'company_id': cls.company.id})
        cls.store1 = Warehouse.create({'name': 'KPI Store 1', 'code': 'KS1',
                                       'company_id': cls.company.id})
        cls.store2 = Warehouse.create({
            'name': 'KPI Store 2', 'code': 'KS2', 'company_id': cls.company.id,
            'resupply_wh_ids': [(6, 0, cls.dc.ids)]})
        cls.controller = create_retail_user(
            cls.env, 'kpi_controller', 'group_inventory_controller', company=cls.company)
        cls.planner = create_retail_user(
            cls.env, 'kpi_planner', 'group_planner', company=cls.company)
        cls.manager1 = create_retail_user(
            cls.env, 'kpi_manager1', 'group_store_manager', warehouses=cls.store1,
            company=cls.company)
        costs = {'P1': 2, 'P2': 5, 'P3': 1, 'P4': 10, 'P5': 4, 'P6': 4, 'P7': 4, 'P8': 3}
        cls.p = {name: cls._create_product(name, cost) for name, cost in costs.items()}
        cls.supplier = cls.env.ref('stock.stock_location_suppliers')
        cls.customer = cls.env.ref('stock.stock_location_customers')
        cls.transit = cls.company.internal_transit_location_id
        cls._build_store1()
        cls._build_store2()

    # ------------------------------------------------------------------
    # Builders
    # ------------------------------------------------------------------
    @classmethod
    def _create_product(cls, name, cost):
        product = cls.env['product.product'].create({
            'name': 'KPI %s' % name, 'type': 'product', 'company_id': False})
        # The cost is per company: the test's and the user's (moves are valued
        # in the acting user's company).
        product.standard_price = cost
        product.with_context(force_company=cls.company.id).standard_price = cost
        return product

    @classmethod
    def _transfer(cls, picking_type, src, dest, lines, origins=None):
        """A validated transfer of ``lines`` [(product, qty, qty done)]."""
        picking = cls.env['stock.picking'].create({
            'picking_type_id': picking_type.id, 'location_id': src.id,
            'location_dest_id': dest.id, 'company_id': cls.company.id,
            'move_lines': [(0, 0, {
                'name': product.name, 'product_id': product.id, 'product_uom_qty': qty,
                'product_uom': product.uom_id.id, 'location_id': src.id,
                'location_dest_id': dest.id, 'company_id': cls.company.id,
                'move_orig_ids': [(6, 0, origins[product].ids)] if origins else False,
            }) for product, qty, _done in lines]})
        picking.action_confirm()
        picking.action_assign()
        for product, _qty, done in lines:
            move = picking.move_lines.filtered(lambda m: m.product_id == product)
            if not done:
                continue
            if not move.move_line_ids:
                move.write({'move_line_ids': [(0, 0, move._prepare_move_line_vals())]})
            move.move_line_ids.write({'qty_done': 0})
            move.move_line_ids[0].qty_done = done
        picking.action_done()
        return picking

    @classmethod
    def _date_moves(cls, moves, date, expected=None, created=None):
        cls.env.cr.execute("""
            UPDATE stock_move SET date = %s,
                   date_expected = coalesce(%s, date_expected),
                   create_date = coalesce(%s, create_date)
             WHERE id IN %s""", (date, expected, created, tuple(moves.ids)))
        moves.invalidate_cache()

    @classmethod
    def _build_store1(cls):
        p = cls.p
        stock = cls.store1.lot_stock_id
        receipt = cls._transfer(cls.store1.in_type_id, cls.supplier, stock, [
            (p['P1'], 100, 100), (p['P2'], 20, 20), (p['P3'], 50, 50),
            (p['P4'], 10, 10), (p['P8'], 7, 7)])
        cls._date_moves(receipt.move_lines, '2026-06-02 09:00:00', '2026-06-02 09:00:00')
        inventory = cls.env['stock.inventory'].create({
            'name': 'KPI count', 'filter': 'partial', 'location_id': stock.id,
            'company_id': cls.company.id})
        inventory.action_start()
        reason = cls.env.ref('retail_governance.reason_count_correction')
        for name, counted in (('P1', 97), ('P2', 10), ('P3', 50), ('P4', 12)):
            cls.env['stock.inventory.line'].create({
                'inventory_id': inventory.id, 'product_id': p[name].id,
                'location_id': stock.id, 'product_qty': counted,
                'retail_reason_id': reason.id})
        inventory.action_done()
        cls.env.cr.execute("UPDATE stock_inventory SET date = %s WHERE id = %s",
                           ('2026-06-09 10:00:00', inventory.id))
        cls._date_moves(inventory.move_ids, '2026-06-09 10:00:00')
        cls.count = inventory
        sale = cls._transfer(cls.store1.out_type_id, stock, cls.customer,
                             [(p['P2'], 10, 10)])
        cls._date_moves(sale.move_lines, '2026-06-11 10:00:00', '2026-06-11 12:00:00')
        for name, in_date in (('P1', '2026-06-01'), ('P3', '2026-04-20'),
                              ('P4', '2026-01-01'), ('P8', '2026-03-25')):
            cls.env.cr.execute(
                "UPDATE stock_quant SET in_date = %s WHERE product_id = %s "
                "AND location_id = %s", (in_date, p[name].id, stock.id))
        for name in ('P1', 'P2'):
            orderpoint = cls.env['stock.warehouse.orderpoint'].create({
                'warehouse_id': cls.store1.id, 'location_id': stock.id,
                'product_id': p[name].id, 'product_min_qty': 5, 'product_max_qty': 30,
                'company_id': cls.company.id})
            cls.env.cr.execute(
                "UPDATE stock_warehouse_orderpoint SET create_date = %s WHERE id = %s",
                ('2026-06-08 00:00:00', orderpoint.id))

    @classmethod
    def _build_store2(cls):
        p = cls.p
        dc_stock, stock = cls.dc.lot_stock_id, cls.store2.lot_stock_id
        cls._transfer(cls.dc.in_type_id, cls.supplier, dc_stock, [
            (p['P5'], 10, 10), (p['P6'], 8, 8), (p['P7'], 4, 4)])
        shipment = cls._transfer(cls.dc.out_type_id, dc_stock, cls.transit, [
            (p['P5'], 10, 10), (p['P6'], 8, 8), (p['P7'], 4, 4)])
        cls._date_moves(shipment.move_lines, '2026-06-09 08:00:00',
                        created='2026-06-08 08:00:00')
        origins = {move.product_id: move for move in shipment.move_lines}
        receipt = cls._transfer(cls.store2.in_type_id, cls.transit, stock, [
            (p['P5'], 10, 10), (p['P6'], 8, 5), (p['P7'], 4, 4)], origins=origins)
        moves = {move.product_id: move for move in receipt.move_lines}
        cls._date_moves(moves[p['P5']] | moves[p['P6']], '2026-06-10 14:00:00',
                        '2026-06-10 18:00:00')
        cls._date_moves(moves[p['P7']], '2026-06-13 08:00:00', '2026-06-10 18:00:00')
        delivery = cls._transfer(cls.store2.out_type_id, stock, cls.customer, [
            (p['P5'], 6, 6), (p['P6'], 4, 0)])
        backorder = cls.env['stock.picking'].search([('backorder_id', '=', delivery.id)])
        cls._date_moves(delivery.move_lines | backorder.move_lines,
                        '2026-06-11 10:00:00', '2026-06-11 12:00:00')

    def _compute(self, weeks=1):
        return self.env['retail.kpi.snapshot'].sudo(self.controller).compute_snapshots(
            weeks=weeks, date=TODAY, companies=self.company)

    def _snapshot(self, warehouse, user=None):
        return self.env['retail.kpi.snapshot'].sudo(user or self.planner).search([
            ('warehouse_id', '=', warehouse.id), ('week_start', '=', WEEK)])

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_accuracy_lines_within_tolerance(self):
        """Count accuracy (lines): 2 of 4 counted lines within 5 % of the system."""
        self._compute()
        snapshot = self._snapshot(self.store1)
        # P1 |97-100| = 3 <= 5; P2 10 > 1; P3 0 <= 2.5; P4 2 > 0.5.
        self.assertEqual((snapshot.count_line_qty, snapshot.count_line_ok_qty), (4, 2))
        self.assertAlmostEqual(snapshot.accuracy_line_pct, 50.0)

    def test_accuracy_quantity(self):
        """Count accuracy (qty): 1 - (3 + 10 + 0 + 2) / (100 + 20 + 50 + 10)."""
        self._compute()
        snapshot = self._snapshot(self.store1)
        self.assertAlmostEqual(snapshot.accuracy_qty_pct, 100.0 * (1 - 15.0 / 180.0), 1)

    def test_adjustment_frequency_and_value(self):
        """One adjustment in the week, worth |−3 x 2| + |−10 x 5| + |2 x 10| = 76."""
        self._compute()
        snapshot = self._snapshot(self.store1)
        self.assertEqual(snapshot.adjustment_count, 1)
        self.assertAlmostEqual(snapshot.adjustment_value, 76.0)

    def test_stockout_rate(self):
        """P2 ran out on Thursday: 4 of 14 SKU-days with a rule had nothing to sell."""
        self._compute()
        snapshot = self._snapshot(self.store1)
        self.assertEqual((snapshot.stockout_days, snapshot.stockout_pair_days), (4, 14))
        self.assertAlmostEqual(snapshot.stockout_rate_pct, 100.0 * 4 / 14, 1)

    def test_stock_aging_buckets(self):
        """Aging on the Sunday: P1 13 days, P3 55, P8 81, P4 164 (quantity and value)."""
        self._compute()
        snapshot = self._snapshot(self.store1)
        self.assertEqual(
            [snapshot.aging_qty_0_30, snapshot.aging_qty_31_60, snapshot.aging_qty_61_90,
             snapshot.aging_qty_91], [97, 50, 7, 12])
        self.assertEqual(
            [snapshot.aging_value_0_30, snapshot.aging_value_31_60,
             snapshot.aging_value_61_90, snapshot.aging_value_91], [194, 50, 21, 120])

    def test_fill_rate_store_replenishment(self):
        """Replenishment fill rate: only P5's 10 of 22 came in full and on time."""
        self._compute()
        snapshot = self._snapshot(self.store2)
        self.assertEqual((snapshot.repl_requested_qty, snapshot.repl_filled_qty), (22, 10))
        self.assertAlmostEqual(snapshot.fill_rate_repl_pct, 100.0 * 10 / 22, 1)

    def test_fill_rate_customer_orders(self):
        """Customer fill rate: P5's 6 left in full, P6's 4 not: 6 / 10."""
        self._compute()
        snapshot = self._snapshot(self.store2)
        self.assertEqual((snapshot.cust_requested_qty, snapshot.cust_filled_qty), (10, 6))
        self.assertAlmostEqual(snapshot.fill_rate_cust_pct, 60.0)

    def test_transfer_cycle_time(self):
        """Cycle time: shipped to received (30 + 30 + 96) / 3 h, requested 24 h earlier."""
        self._compute()
        snapshot = self._snapshot(self.store2)
        self.assertEqual(snapshot.transfer_count, 1)
        self.assertAlmostEqual(snapshot.cycle_ship_hours, 52.0)
        self.assertAlmostEqual(snapshot.cycle_request_hours, 76.0)

    def test_health_score_worst_first(self):
        """The health score averages the measured KPIs; the worse store comes first."""
        self._compute()
        store1, store2 = self._snapshot(self.store1), self._snapshot(self.store2)
        # Store 2: fill rates 45.45 and 60, no count, no rule.
        self.assertAlmostEqual(store2.health_score, (100.0 * 10 / 22 + 60.0) / 2, 1)
        # Store 1: accuracy 50, customers 100 (the P2 sale), 100 - 28.57.
        self.assertAlmostEqual(store1.health_score,
                               kpi.health_score([50.0, 100.0, 100 - 100.0 * 4 / 14]), 1)
        ordered = self.env['retail.kpi.snapshot'].sudo(self.planner).search([
            ('week_start', '=', WEEK), ('health_score', '!=', False)])
        self.assertEqual(ordered.mapped('warehouse_id').ids, [self.store2.id, self.store1.id])

    def test_recompute_idempotent(self):
        """A rerun over the same weeks writes the same rows, no duplicates."""
        Snapshot = self.env['retail.kpi.snapshot']
        self._compute(weeks=2)
        domain = [('company_id', '=', self.company.id)]
        fields = [name for name in Snapshot._fields if name.endswith(('_pct', '_qty',
                                                                      '_hours', '_count'))]
        first = Snapshot.search_read(domain, fields, order='id')
        warehouses = self.env['stock.warehouse'].search_count(domain)
        self.assertEqual(len(first), warehouses * 2)
        self._compute(weeks=2)
        self.assertEqual(Snapshot.search_read(domain, fields, order='id'), first)

    def test_store_manager_sees_own_store(self):
        """A store manager reads the snapshots of their own stores only."""
        self._compute()
        seen = self.env['retail.kpi.snapshot'].sudo(self.manager1).search([])
        self.assertEqual(seen.mapped('warehouse_id'), self.store1)

    def test_store_manager_cannot_compute(self):
        """Only controllers and retail administrators start the computation."""
        with self.assertRaises(AccessError):
            self.env['retail.kpi.snapshot'].sudo(self.manager1).compute_snapshots(
                weeks=1, date=TODAY, companies=self.company)

    def test_formula_functions(self):
        """The pure formulas give the same figures as the snapshot job."""
        lines = [(97, 100), (10, 20), (50, 50), (12, 10)]
        self.assertEqual(kpi.accuracy_line_pct(lines, 5.0), 50.0)
        self.assertAlmostEqual(kpi.accuracy_qty_pct(lines), 100.0 * (1 - 15.0 / 180.0))
        self.assertEqual(kpi.iso_week_label(kpi.parse_date(WEEK)), '2026-W24')
        self.assertEqual(kpi.age_bucket(81), 2)

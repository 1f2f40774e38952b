"""The reliability invariants (issue 11, item 1) report the states that break them.

Each test corrupts the demo database with SQL inside a savepoint, asks the
invariants, and rolls the corruption back: the invariants hold on the demo
database and name the offending rows once it is broken.
"""
from odoo.tests.common import SavepointCase

import invariants

RECEIVED_TWICE = 'no transfer received twice'
SEGREGATION = 'approvals given by someone other than the requester and the counters'
NEGATIVE = 'no negative stock in the internal locations of a store'
COMPANY = "retail documents belong to their warehouse's company"

_INSERT_MOVE = """
    INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, product_qty,
                            location_id, location_dest_id, company_id, date, date_expected,
                            procure_method, state)
    SELECT 'invariant probe', p.id, t.uom_id, %(qty)s, %(qty)s, %(src)s, %(dst)s,
           %(company)s, now(), now(), 'make_to_stock', 'done'
      FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
     WHERE p.id = %(product)s
    RETURNING id
"""


class TestReliabilityInvariants(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref('base.main_company')
        cls.stores = cls.env['stock.warehouse'].search(
            [('retail_cluster_id', '!=', False)], order='code', limit=2)
        cls.dc = cls.env['stock.warehouse'].search(
            [('retail_cluster_id', '=', False)], order='id', limit=1)
        cls.transit = cls.company.internal_transit_location_id or cls.env.ref(
            'stock.stock_location_inter_wh')
        cls.cr.execute("""
            SELECT q.id, q.product_id FROM stock_quant q
             WHERE q.location_id = %s AND q.quantity > 5 AND q.reserved_quantity = 0
             ORDER BY q.id LIMIT 1""", (cls.stores[0].lot_stock_id.id,))
        cls.quant_id, cls.product_id = cls.cr.fetchone()
        cls.other_company = cls.env['res.company'].create({'name': 'Invariant Probe Co'})

    def _broken_after(self, statements):
        """Invariants broken by ``statements`` [(sql, params)], rolled back afterwards."""
        self.cr.execute('SAVEPOINT corrupt')
        try:
            for sql, params in statements:
                self.cr.execute(sql, params)
            return invariants.broken_invariants(self.cr)
        finally:
            self.cr.execute('ROLLBACK TO SAVEPOINT corrupt')

    def _move(self, src, dst, qty):
        self.cr.execute(_INSERT_MOVE, {
            'qty': qty, 'src': src.id, 'dst': dst.id, 'company': self.company.id,
            'product': self.product_id})
        return self.cr.fetchone()[0]

    def _shipment_and_receipts(self, shipped, received):
        """A shipment DC -> transit and done receipts transit -> store of it;
        returns the invariants broken. Quants are kept on the ledger."""
        store_stock = self.stores[0].lot_stock_id
        self.cr.execute('SAVEPOINT corrupt')
        try:
            ship = self._move(self.dc.lot_stock_id, self.transit, shipped)
            for qty in received:
                receipt = self._move(self.transit, store_stock, qty)
                self.cr.execute(
                    'INSERT INTO stock_move_move_rel (move_orig_id, move_dest_id)'
                    ' VALUES (%s, %s)', (ship, receipt))
            broken = invariants.broken_invariants(self.cr)
        finally:
            self.cr.execute('ROLLBACK TO SAVEPOINT corrupt')
        return broken

    def test_new_invariants_hold_on_the_demo_database(self):
        """The demo network holds the reliability invariants."""
        broken = invariants.broken_invariants(self.cr)
        for name in (RECEIVED_TWICE, SEGREGATION, NEGATIVE, COMPANY):
            self.assertNotIn(name, broken)

    def test_second_receipt_of_one_shipment_is_reported(self):
        """A shipment of 10 received twice (10 + 10) at the store is reported."""
        columns, rows = self._shipment_and_receipts(10, [10, 10])[RECEIVED_TWICE]
        row = dict(zip(columns, rows[0]))
        self.assertEqual((row['shipped_qty'], row['received_qty']), (10, 20))

    def test_receipt_split_by_a_backorder_is_not_received_twice(self):
        """A receipt split by a backorder (6 + 4 of 10) is one receipt, not two."""
        self.assertNotIn(RECEIVED_TWICE, self._shipment_and_receipts(10, [6, 4]))

    def test_approval_by_the_requester_is_reported(self):
        """An approval given by the user who requested it is reported."""
        inventory = self.env['stock.inventory'].search([], limit=1)
        user = self.env.ref('retail_demo.user_inventory_controller', False) or \
            self.env['res.users'].search([('login', '=', 'inventory_controller')])
        broken = self._broken_after([
            ('UPDATE stock_inventory SET retail_requested_by_id = %s WHERE id = %s',
             (user.id, inventory.id)),
            ("INSERT INTO tier_review (model, res_id, status, done_by, sequence)"
             " VALUES ('stock.inventory', %s, 'approved', %s, 10)", (inventory.id, user.id)),
        ])
        columns, rows = broken[SEGREGATION]
        self.assertEqual(dict(zip(columns, rows[0]))['inventory_id'], inventory.id)

    def test_approval_by_the_counter_is_reported(self):
        """An approval given by the user who entered a differing count is reported."""
        line = self.env['stock.inventory.line'].search([], limit=1)
        user = self.env['res.users'].search([('login', '=', 'store_manager')])
        broken = self._broken_after([
            ('UPDATE stock_inventory_line SET write_uid = %s,'
             ' product_qty = coalesce(theoretical_qty, 0) + 1 WHERE id = %s',
             (user.id, line.id)),
            ("INSERT INTO tier_review (model, res_id, status, done_by, sequence)"
             " VALUES ('stock.inventory', %s, 'approved', %s, 10)",
             (line.inventory_id.id, user.id)),
        ])
        self.assertIn(SEGREGATION, broken)

    def test_negative_store_stock_is_reported(self):
        """A negative quant in a store's stock location is reported."""
        broken = self._broken_after([
            ('UPDATE stock_quant SET quantity = -2 WHERE id = %s', (self.quant_id,))])
        columns, rows = broken[NEGATIVE]
        self.assertEqual(dict(zip(columns, rows[0]))['quant_id'], self.quant_id)

    def test_orderpoint_of_another_company_than_its_warehouse_is_reported(self):
        """A reordering rule whose company is not its warehouse's is reported."""
        store = self.stores[1]
        orderpoint = self.env['stock.warehouse.orderpoint'].search(
            [('warehouse_id', '=', store.id)], limit=1) or \
            self.env['stock.warehouse.orderpoint'].create({
                'warehouse_id': store.id, 'location_id': store.lot_stock_id.id,
                'product_id': self.product_id, 'product_min_qty': 1,
                'product_max_qty': 5})
        broken = self._broken_after([
            ('UPDATE stock_warehouse_orderpoint SET company_id = %s WHERE id = %s',
             (self.other_company.id, orderpoint.id))])
        columns, rows = broken[COMPANY]
        self.assertEqual(dict(zip(columns, rows[0]))['model'], 'stock.warehouse.orderpoint')

    def test_picking_of_another_company_than_its_warehouse_is_reported(self):
        """A transfer whose company is not its warehouse's is reported."""
        picking = self.env['stock.picking'].search([], limit=1)
        broken = self._broken_after([
            ('UPDATE stock_picking SET company_id = %s WHERE id = %s',
             (self.other_company.id, picking.id))])
        self.assertEqual(dict(zip(*[broken[COMPANY][0], broken[COMPANY][1][0]]))['id'],
                         picking.id)

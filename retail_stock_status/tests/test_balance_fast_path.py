# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import RetailStockCase

COLUMNS = ['on_hand_qty', 'reserved_qty', 'sellable_qty', 'damaged_qty', 'quarantined_qty',
           'in_transit_qty', 'consigned_qty', 'consigned_sellable_qty',
           'outgoing_unreserved_qty', 'available_to_sell_qty']


class TestBalanceFastPath(RetailStockCase):
    """The balances read the fast path (tables kept by triggers); each test checks
    the rows against the live view computed from the quants and moves, and
    against what a user expects to see."""

    def _rows(self, view, products):
        self.env.cr.execute("""
            SELECT warehouse_id, product_id, {} FROM {}
             WHERE product_id IN %s ORDER BY 1, 2""".format(', '.join(COLUMNS), view),
                            (tuple(products.ids),))
        return self.env.cr.fetchall()

    def assertSameAsLive(self, products):
        fast = self._rows('retail_stock_balance', products)
        self.assertEqual(fast, self._rows('retail_stock_balance_live', products))
        return fast

    def test_moves_reservations_and_owners_reach_the_fast_path(self):
        self._stock(self.product, 10, self.store.lot_stock_id)
        self._stock(self.product, 4, self.store.lot_stock_id, owner=self.vendor)
        self._stock(self.product, 2, self.store.retail_damaged_location_id)
        self._deliver(self.product, 3, self.store)
        self._deliver(self.product, 20, self.store, assign=False)
        self.assertBalance(self.store, self.product, on_hand_qty=16, sellable_qty=7,
                           reserved_qty=3, damaged_qty=2, consigned_qty=4,
                           outgoing_unreserved_qty=20, available_to_sell_qty=0)
        self.assertSameAsLive(self.product)

    def _pending(self):
        self.env.cr.execute("SELECT count(*) FROM retail_balance_delta")
        return self.env.cr.fetchone()[0]

    def test_compaction_folds_changes_and_drops_emptied_rows(self):
        other = self._create_product('Test socks')
        self._stock(self.product, 10, self.store.lot_stock_id)
        self._stock(other, 5, self.store.lot_stock_id)
        picking = self._deliver(other, 5, self.store)
        self._validate(picking)
        # Odoo 11 keeps emptied quants; an administrator's clean-up removes them.
        self.env['stock.quant'].search([('product_id', '=', other.id),
                                        ('quantity', '=', 0)]).unlink()
        before = self.assertSameAsLive(self.product | other)
        self.assertGreater(self.env['retail.stock.balance.fast'].compact(), 0)
        self.assertEqual(self._pending(), 0)
        self.assertEqual(self.assertSameAsLive(self.product | other), before)
        self.assertEqual(self._rows('retail_stock_balance_plain', self.product | other),
                         before)
        self.assertFalse(self.Balance.search([('product_id', '=', other.id),
                                              ('warehouse_id', '=', self.store.id)]))
        self.assertBalance(self.store, self.product, on_hand_qty=10, sellable_qty=10)

    def test_reads_fold_pending_changes_first(self):
        """Lists, pivots and channels read the base rows alone, after folding the
        changes of the transaction in."""
        self._stock(self.product, 7, self.store.lot_stock_id)
        self.assertGreater(self._pending(), 0)
        groups = self.Balance.read_group([('product_id', '=', self.product.id)],
                                         ['warehouse_id', 'on_hand_qty'], ['warehouse_id'])
        self.assertEqual(self._pending(), 0)
        self.assertEqual([(g['warehouse_id'][0], g['on_hand_qty']) for g in groups],
                         [(self.store.id, 7)])
        self._stock(self.product, 2, self.store.lot_stock_id)
        channel = self.env['retail.sales.channel'].create({
            'name': 'Test web', 'code': 'TWEB',
            'warehouse_line_ids': [(0, 0, {'warehouse_id': self.store.id})]})
        self.assertEqual(channel.available_to_sell(self.product.ids),
                         [{'product_id': self.product.id, 'qty': 9}])
        self.assertEqual(self._pending(), 0)

    def test_groupings_equal_odoos_own(self):
        """Pivots and grouped lists (grouped on the balance's own columns, ordered
        here) give what Odoo's read_group gives (grouped and ordered in SQL)."""
        socks = self._create_product('Test socks', family=self.sensitive_family)
        for warehouse, qty in ((self.store2, 3), (self.store, 5), (self.dc, 8)):
            self._stock(self.product, qty, warehouse.lot_stock_id)
            self._stock(socks, qty + 1, warehouse.lot_stock_id)
        domain = [('product_id', 'in', (self.product | socks).ids)]
        fields = ['on_hand_qty', 'available_to_sell_qty', 'warehouse_id', 'categ_id']
        for groupby, lazy in ((['warehouse_id', 'categ_id'], False),
                              (['categ_id', 'warehouse_id'], False),
                              (['warehouse_id'], True), (['categ_id', 'warehouse_id'], True)):
            ours = self.Balance.read_group(domain, fields, groupby, lazy=lazy)
            odoos = self.Balance.read_group(domain, fields, groupby, lazy=lazy,
                                            orderby=', '.join(groupby))
            self.assertEqual(ours, odoos)
            self.assertTrue(len(ours) >= 2)

    def test_open_moves_counted_until_done_or_cancelled(self):
        """Unreserved demand and stock in transit are part of the fast path: they
        appear with the moves and go with their cancellation."""
        self._stock(self.product, 4, self.store.lot_stock_id)
        waiting = self._deliver(self.product, 10, self.store)
        self.env['retail.stock.balance.fast'].compact()
        self.assertBalance(self.store, self.product, reserved_qty=4,
                           outgoing_unreserved_qty=6, available_to_sell_qty=0)
        waiting.action_cancel()
        self.assertBalance(self.store, self.product, reserved_qty=0,
                           outgoing_unreserved_qty=0, available_to_sell_qty=4)
        self.assertSameAsLive(self.product)

    def test_location_status_change_moves_its_stock_to_the_new_status(self):
        """A location turned from sellable to damaged: its stock is damaged at once,
        without any quant changing."""
        back_room = self.env['stock.location'].create({
            'name': 'Back room', 'usage': 'internal',
            'location_id': self.store.lot_stock_id.id})
        self._stock(self.product, 6, back_room)
        self.env['retail.stock.balance.fast'].compact()
        self.assertBalance(self.store, self.product, sellable_qty=6, damaged_qty=0)
        back_room.retail_status_id = self.env.ref('retail_stock_status.status_damaged')
        self.assertBalance(self.store, self.product, on_hand_qty=6, sellable_qty=0,
                           damaged_qty=6)
        self.assertSameAsLive(self.product)

    def test_location_moved_to_another_warehouse_takes_its_stock_along(self):
        shelf = self.env['stock.location'].create({
            'name': 'Shelf', 'usage': 'internal', 'location_id': self.store.lot_stock_id.id})
        self._stock(self.product, 4, shelf)
        shelf.location_id = self.store2.lot_stock_id
        self.assertBalance(self.store, self.product, on_hand_qty=0)
        self.assertBalance(self.store2, self.product, on_hand_qty=4, sellable_qty=4)
        self.assertSameAsLive(self.product)

    def test_overlapping_nested_sets_while_recomputed_do_not_break_writes(self):
        """Installing the suite on a database with several warehouses: Odoo
        recomputes parent_left/right one location at a time, and midway one
        warehouse's view range covers another's locations. Each of those
        updates must go through (it failed with a duplicate location in the
        fast path), and the balances must be right once the ranges are."""
        self._stock(self.product, 6, self.store.lot_stock_id)
        view, other_view = self.store.view_location_id, self.store2.view_location_id
        ranges = [(loc.id, loc.parent_left, loc.parent_right) for loc in view | other_view]
        self.env.cr.execute("""
            UPDATE stock_location SET parent_left = least(%s, %s),
                                      parent_right = greatest(%s, %s)
             WHERE id = %s""", (view.parent_left, other_view.parent_left,
                                view.parent_right, other_view.parent_right, other_view.id))
        for location_id, left, right in ranges:
            self.env.cr.execute(
                "UPDATE stock_location SET parent_left = %s, parent_right = %s WHERE id = %s",
                (left, right, location_id))
        self.env['stock.location'].invalidate_cache()
        self.assertBalance(self.store, self.product, on_hand_qty=6, sellable_qty=6)
        self.assertSameAsLive(self.product)

    def test_product_moved_to_another_family_is_grouped_there(self):
        self._stock(self.product, 3, self.store.lot_stock_id)
        self.assertEqual(self.Balance.search([('product_id', '=', self.product.id)]).categ_id,
                         self.family)
        self.product.categ_id = self.sensitive_family
        groups = self.Balance.read_group([('product_id', '=', self.product.id)],
                                         ['categ_id', 'on_hand_qty'], ['categ_id'])
        self.assertEqual([(g['categ_id'][0], g['on_hand_qty']) for g in groups],
                         [(self.sensitive_family.id, 3)])
        self.assertSameAsLive(self.product)

    def test_rebuild_gives_the_same_rows(self):
        self._stock(self.product, 8, self.store.lot_stock_id)
        self._stock(self.product, 3, self.store2.retail_quarantine_location_id)
        before = self.assertSameAsLive(self.product)
        self.env['retail.stock.balance.fast']._rebuild()
        self.assertEqual(self.assertSameAsLive(self.product), before)

    def test_trigger_plans_planned_on_one_move_count_many(self):
        """The trigger functions keep their statements' plans for the session
        (PostgreSQL 12 and later): a plan made on single moves then counts a
        statement of many moves, in transit and unreserved, as the live view."""
        if self.env.cr._cnx.server_version >= 120000:
            self.env.cr.execute("""SELECT proname, proconfig FROM pg_proc
                                    WHERE proname LIKE 'retail_balance_%%_changed'""")
            functions = dict(self.env.cr.fetchall())
            self.assertEqual(len(functions), 5, functions)
            for name, config in functions.items():
                self.assertIn('plan_cache_mode=force_generic_plan', config or [], name)
        products = self.env['product.product'].browse([
            self._create_product('Test bulk %d' % i).id for i in range(40)])
        for product in products[:8]:
            self._stock(product, 5, self.store.lot_stock_id)
            self._validate(self._deliver(product, 1, self.store))
        for product in products:
            self._stock(product, 5, self.store.lot_stock_id)
        transit = self.env.user.company_id.internal_transit_location_id
        shipment = self.env['stock.picking'].create({
            'picking_type_id': self.store.out_type_id.id,
            'location_id': self.store.lot_stock_id.id, 'location_dest_id': transit.id,
            'move_lines': [(0, 0, {
                'name': product.name, 'product_id': product.id, 'product_uom_qty': qty,
                'product_uom': product.uom_id.id, 'location_id': self.store.lot_stock_id.id,
                'location_dest_id': transit.id})
                for product in products for qty in (3, 4)],
        })
        shipment.action_confirm()
        shipment.action_assign()
        self.assertSameAsLive(products)
        self.assertBalance(self.store, products[-1], on_hand_qty=5, reserved_qty=5,
                           sellable_qty=0, outgoing_unreserved_qty=2, available_to_sell_qty=0)
        self._validate(shipment)
        self.assertSameAsLive(products)

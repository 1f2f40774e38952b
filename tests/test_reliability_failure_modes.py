"""Known failure modes of Odoo stock, each held by a guard (issue 11, item 2).

Replenishment: services and archived products are never ordered (odoo/odoo#16371),
a rerun does not grow the quantities ordered (#33798), generated documents
belong to the stores' company, not the planner's current one (#23764).
Counts: the moves done while a count is open are kept (#42997).
Names: control characters, which break every XML-RPC read of the record
(#145577), are refused with a clear message and change nothing.
"""
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

from odoo.addons.retail_replenishment.tests.common_run import ReplenishmentRunCase


class TestReplenishmentFailureModes(ReplenishmentRunCase):

    def _bypass(self, sql, product):
        """Odoo refuses to archive a product or change its type while it has
        active rules; imports, SQL scripts and older databases do not ask."""
        self.env.cr.execute(sql, (product.id,))
        self.env['product.product'].invalidate_cache()
        self.env['product.template'].invalidate_cache()

    def _set_type(self, product, product_type):
        self._bypass("UPDATE product_template SET type = '%s' WHERE id = (SELECT "
                     "product_tmpl_id FROM product_product WHERE id = %%s)" % product_type,
                     product)

    def _ordered(self, run, product):
        return sum(self._store_moves(run).filtered(
            lambda m: m.product_id == product).mapped('product_uom_qty'))

    def test_service_product_never_replenished(self):
        """A reordering rule whose product became a service orders nothing; the others do."""
        service, storable = self.products[0], self.products[1]
        self._set_type(service, 'service')
        try:
            run = self._run()
            self.assertEqual(self._ordered(run, service), 0)
            self.assertGreater(self._ordered(run, storable), 0)
        finally:
            # The ledger invariants count storable products only.
            self._set_type(service, 'product')

    def test_consumable_product_never_replenished(self):
        """A reordering rule whose product became a consumable orders nothing."""
        consumable = self.products[2]
        self._set_type(consumable, 'consu')
        try:
            self.assertEqual(self._ordered(self._run(), consumable), 0)
        finally:
            self._set_type(consumable, 'product')

    def test_archived_product_never_replenished(self):
        """A reordering rule of an archived product orders nothing."""
        archived = self.products[3]
        self._bypass("UPDATE product_product SET active = false WHERE id = %s", archived)
        run = self._run()
        self.assertEqual(self._ordered(run, archived), 0)
        self.assertGreater(self._ordered(run, self.products[0]), 0)

    def test_rerun_does_not_grow_quantities(self):
        """Running again at once orders nothing more: the quantities stay those of the first run."""
        first = self._run()
        ordered = self._quantities(self._store_moves(first))
        second = self._run()
        self.assertFalse(self._store_moves(second))
        self.assertEqual(self._quantities(self._store_moves(first)), ordered)

    def test_documents_in_the_stores_company(self):
        """The administrator (no record rules) working in another company orders
        for the stores' company, not the current one."""
        other = self.env['res.company'].create({'name': 'Reliability Other Co'})
        admin = self.env.ref('base.user_root')
        admin.write({'company_ids': [(4, other.id)], 'company_id': other.id})
        run = self._run(user=admin)
        moves = self._store_moves(run) | self._store_moves(run).mapped('move_orig_ids')
        self.assertTrue(moves)
        self.assertEqual(moves.mapped('company_id'), self.company)
        self.assertEqual(moves.mapped('picking_id.company_id'), self.company)
        self.assertEqual(run.company_id, self.company)


class TestCountOverlappingMoves(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env['stock.warehouse'].search([('code', '=', 'S001')])
        cls.stock = cls.store.lot_stock_id
        cls.env.cr.execute("""
            SELECT product_id FROM stock_quant quant
             WHERE location_id = %s AND quantity >= 10 AND reserved_quantity = 0
               -- not in a count of the demo's in progress (Odoo refuses a second)
               AND NOT EXISTS (
                   SELECT 1 FROM stock_inventory_line line
                     JOIN stock_inventory inventory ON inventory.id = line.inventory_id
                    WHERE inventory.state = 'confirm' AND line.product_id = quant.product_id
                      AND line.location_id = quant.location_id)
             ORDER BY product_id LIMIT 1""", (cls.stock.id,))
        cls.product = cls.env['product.product'].browse(cls.env.cr.fetchone()[0])
        cls.customers = cls.env.ref('stock.stock_location_customers')

    def _on_hand(self):
        return self.product.with_context(location=self.stock.id).qty_available

    def _deliver(self, qty):
        move = self.env['stock.move'].create({
            'name': 'Sale during the count', 'product_id': self.product.id,
            'product_uom': self.product.uom_id.id, 'product_uom_qty': qty,
            'location_id': self.stock.id, 'location_dest_id': self.customers.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.write({'qty_done': qty})
        move._action_done()
        self.assertEqual(move.state, 'done')

    def test_delivery_during_count_is_kept(self):
        """A count started at 10, a delivery of 3 done, the count (10) validated: 7 remain."""
        inventory = self.env['stock.inventory'].create({
            'name': 'Count overlapping a sale', 'location_id': self.stock.id,
            'filter': 'product', 'product_id': self.product.id})
        inventory.action_start()
        counted = self._on_hand()
        self.assertEqual(inventory.line_ids.theoretical_qty, counted)
        inventory.line_ids.product_qty = counted
        self._deliver(3)
        inventory.action_done()
        self.assertEqual(inventory.state, 'done')
        self.assertEqual(self._on_hand(), counted - 3)

    def test_found_units_during_count_add_to_the_moves(self):
        """A count started at N finds 2 more, a delivery of 3 is done meanwhile: N - 1 remain."""
        inventory = self.env['stock.inventory'].create({
            'name': 'Count overlapping a sale', 'location_id': self.stock.id,
            'filter': 'product', 'product_id': self.product.id})
        inventory.action_start()
        start = self._on_hand()
        inventory.line_ids.write({
            'product_qty': start + 2,
            'retail_reason_id': self.env['retail.adjustment.reason'].search([], limit=1).id})
        self._deliver(3)
        inventory.with_context(tracking_disable=True).action_done()
        self.assertEqual(self._on_hand(), start - 1)


class TestControlCharacters(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env['res.users'].search([('login', '=', 'retail_admin')])
        cls.product = cls.env['product.product'].search([('type', '=', 'product')], limit=1)

    def test_product_created_with_control_character_refused(self):
        """A product named with a vertical tab is refused and not created."""
        Product = self.env['product.product'].sudo(self.admin)
        count = Product.search_count([])
        with self.assertRaisesRegex(ValidationError, 'control character'):
            Product.create({'name': 'Bad\x0bname', 'type': 'product'})
        self.assertEqual(Product.search_count([]), count)

    def test_product_renamed_with_escape_refused(self):
        """Renaming a product with an escape sequence is refused; the name is unchanged."""
        name = self.product.name
        with self.assertRaisesRegex(ValidationError, 'control character'):
            self.product.sudo(self.admin).write({'name': 'Red \x1b[31m'})
        self.product.invalidate_cache()
        self.assertEqual(self.product.name, name)

    def test_retail_record_with_control_character_refused(self):
        """A store cluster named with a control character is refused."""
        with self.assertRaisesRegex(ValidationError, 'control character'):
            self.env['retail.store.cluster'].create({
                'name': 'Cluster\x00', 'code': 'CTRL',
                'company_id': self.env.user.company_id.id})

    def test_tabs_and_line_breaks_accepted(self):
        """Tabs and line breaks are ordinary text: accepted."""
        self.product.sudo(self.admin).write({
            'name': 'Tab\tname', 'description': 'Line one\nLine two\r\n'})
        self.assertEqual(self.product.name, 'Tab\tname')

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError

from .common import GovernanceCase, receive_from_vendor


class TestStoreRules(GovernanceCase):
    """Store roles see their own stores; network roles see all stores of their companies."""

    def _visible(self, user, model, domain):
        return self.env[model].sudo(user).search(domain)

    def test_clerk_sees_own_store_quants_only(self):
        """A store clerk reads the quants of their store, not another store's."""
        quants = self._visible(self.clerk_a, 'stock.quant', [('product_id', '=', self.product.id)])
        self.assertEqual(quants.mapped('location_id'), self.store_a.lot_stock_id)

    def test_clerk_sees_own_store_locations_only(self):
        """Internal locations of other stores are hidden; shared locations stay visible."""
        Location = self.env['stock.location'].sudo(self.clerk_a)
        self.assertTrue(Location.search([('id', '=', self.store_a.lot_stock_id.id)]))
        self.assertFalse(Location.search([('id', '=', self.store_b.lot_stock_id.id)]))
        customers = self.env.ref('stock.stock_location_customers')
        self.assertTrue(Location.search([('id', '=', customers.id)]))

    def test_new_store_location_visible_at_once(self):
        """A shelf added to a store, or moved from another store into it, is
        the clerk's at once: the rules' cached location list follows."""
        self.assertTrue(self._visible(self.clerk_a, 'stock.quant', []))  # rules cached
        shelf = self.env['stock.location'].create({
            'name': 'GV shelf', 'location_id': self.store_a.lot_stock_id.id})
        receive_from_vendor(self.env, shelf, {self.product_cheap: 3})
        self.assertEqual(self._visible(self.clerk_a, 'stock.quant', [
            ('location_id', '=', shelf.id)]).mapped('quantity'), [3.0])
        other_shelf = self.env['stock.location'].create({
            'name': 'GV shelf B', 'location_id': self.store_b.lot_stock_id.id})
        self.assertFalse(self._visible(self.clerk_a, 'stock.location', [
            ('id', '=', other_shelf.id)]))
        receive_from_vendor(self.env, other_shelf, {self.product_cheap: 2})
        moves = self.env['stock.move'].search([('location_dest_id', '=', other_shelf.id)])
        self.assertEqual(moves.mapped('retail_to_warehouse_id'), self.store_b)
        self.assertFalse(self._visible(self.clerk_a, 'stock.move', [('id', 'in', moves.ids)]))
        other_shelf.location_id = self.store_a.lot_stock_id
        self.assertTrue(self._visible(self.clerk_a, 'stock.location', [
            ('id', '=', other_shelf.id)]))
        # Its moves follow it (the rules test their locations' warehouses).
        self.assertEqual(other_shelf.retail_warehouse_id, self.store_a)
        self.assertEqual(moves.mapped('retail_to_warehouse_id'), self.store_a)
        self.assertEqual(self._visible(self.clerk_a, 'stock.move', [('id', 'in', moves.ids)]),
                         moves)

    def test_new_warehouse_locations_are_its(self):
        """A new warehouse's locations, made before it, carry it: a clerk of
        the new store sees them at once, another store's clerk does not."""
        warehouse = self.env['stock.warehouse'].create({'name': 'GV new store', 'code': 'GVN'})
        locations = self.env['stock.location'].with_context(active_test=False).search([
            ('id', 'child_of', warehouse.view_location_id.id)])
        self.assertGreater(len(locations), 3)
        self.assertEqual(locations.mapped('retail_warehouse_id'), warehouse)
        self.clerk_a.retail_warehouse_ids = warehouse
        self.assertTrue(self._visible(self.clerk_a, 'stock.location', [
            ('id', '=', warehouse.lot_stock_id.id)]))
        self.assertFalse(self._visible(self.clerk_a, 'stock.location', [
            ('id', '=', self.store_a.lot_stock_id.id)]))

    def test_clerk_cannot_read_other_store_adjustment(self):
        """A store clerk cannot read or change another store's adjustment."""
        inventory_b = self._count(self.manager_b, {self.product: 99}, warehouse=self.store_b)
        self.assertFalse(self._visible(self.clerk_a, 'stock.inventory',
                                       [('id', '=', inventory_b.id)]))
        with self.assertRaises(AccessError):
            inventory_b.sudo(self.clerk_a).read(['name'])
        with self.assertRaises(AccessError):
            inventory_b.sudo(self.clerk_a).action_done()

    def test_clerk_cannot_count_other_store(self):
        """A store clerk cannot create an adjustment in another store."""
        with self.assertRaises((AccessError, ValidationError)):
            self._count(self.clerk_a, {self.product: 99}, warehouse=self.store_b)

    def test_clerk_sees_own_store_pickings_and_types(self):
        """Operation types and transfers of other stores are hidden from a store clerk."""
        types = self._visible(self.clerk_a, 'stock.picking.type',
                              [('warehouse_id', 'in', (self.store_a | self.store_b).ids)])
        self.assertEqual(types.mapped('warehouse_id'), self.store_a)

    def test_new_operation_type_transfers_visible_at_once(self):
        """Transfers of an operation type added to a store, or moved into it,
        are the clerk's at once: the rules' cached operation type list follows."""
        self.assertFalse(self._visible(self.clerk_a, 'stock.picking', [
            ('picking_type_id.warehouse_id', '=', self.store_b.id)]))  # rules cached
        returns = self.store_a.int_type_id.copy({'name': 'GV store returns'})
        elsewhere = self.store_b.int_type_id.copy({'name': 'GV store B moves'})
        pickings = self.env['stock.picking'].browse()
        for picking_type in (returns, elsewhere):
            pickings |= self.env['stock.picking'].create({
                'picking_type_id': picking_type.id,
                'location_id': picking_type.default_location_src_id.id,
                'location_dest_id': picking_type.default_location_dest_id.id})
        self.assertEqual(self._visible(self.clerk_a, 'stock.picking', [
            ('id', 'in', pickings.ids)]), pickings[0])
        elsewhere.warehouse_id = self.store_a
        self.assertEqual(self._visible(self.clerk_a, 'stock.picking', [
            ('id', 'in', pickings.ids)]), pickings)

    def test_network_roles_see_all_stores(self):
        """DC operators, planners, controllers, finance and retail admins see every store."""
        for user in (self.dc_operator, self.planner, self.controller, self.finance,
                     self.retail_admin):
            quants = self._visible(user, 'stock.quant', [
                ('product_id', '=', self.product.id), ('location_id.usage', '=', 'internal')])
            self.assertEqual(quants.mapped('location_id'),
                             (self.store_a | self.store_b).mapped('lot_stock_id'), user.login)

    def test_other_company_hidden(self):
        """A store clerk of company B sees nothing of company A's stores."""
        self.assertFalse(self._visible(self.clerk_c, 'stock.quant',
                                       [('product_id', '=', self.product.id)]))

    def test_clerk_sees_own_store_moves_only(self):
        """A store clerk reads the stock moves and move lines of their store, not another's."""
        for model in ('stock.move', 'stock.move.line'):
            records = self._visible(self.clerk_a, model, [('product_id', '=', self.product.id)])
            self.assertEqual(records.mapped('location_dest_id'), self.store_a.lot_stock_id,
                             model)
            other = self.env[model].search([
                ('product_id', '=', self.product.id),
                ('location_dest_id', '=', self.store_b.lot_stock_id.id)], limit=1)
            with self.assertRaises(AccessError):
                other.sudo(self.clerk_a).read(['product_qty' if model == 'stock.move'
                                               else 'qty_done'])

    def _drop_ship(self, warehouse):
        """A transfer of ``warehouse`` from the vendor to a customer: its move
        touches no location of the store."""
        supplier = self.env.ref('stock.stock_location_suppliers')
        customers = self.env.ref('stock.stock_location_customers')
        return self.env['stock.picking'].create({
            'picking_type_id': warehouse.out_type_id.id, 'location_id': supplier.id,
            'location_dest_id': customers.id, 'move_lines': [(0, 0, {
                'name': 'Drop ship', 'product_id': self.product.id, 'product_uom_qty': 1,
                'product_uom': self.product.uom_id.id, 'location_id': supplier.id,
                'location_dest_id': customers.id})]})

    def test_clerk_sees_moves_of_own_store_transfers(self):
        """A move of the store's transfer is the clerk's even between locations
        of no store (vendor to customer); moved into another store's transfer,
        it is no longer theirs."""
        move = self._drop_ship(self.store_a).move_lines
        self.assertEqual(move.retail_picking_warehouse_id, self.store_a)
        self.assertEqual(self._visible(self.clerk_a, 'stock.move', [('id', '=', move.id)]),
                         move)
        move.picking_id = self._drop_ship(self.store_b)
        self.assertEqual(move.retail_picking_warehouse_id, self.store_b)
        self.assertFalse(self._visible(self.clerk_a, 'stock.move', [('id', '=', move.id)]))

    def test_transfer_warehouse_cannot_be_set(self):
        """The column the rules test follows the transfer: a clerk cannot make
        the store's move look like another store's (nor anyone set it)."""
        picking = self._drop_ship(self.store_a)
        picking.action_confirm()
        picking.force_assign()
        move = picking.move_lines
        self.assertTrue(move.move_line_ids)
        for user in (self.clerk_a, self.env.user):
            for record in (move, move.move_line_ids[:1]):
                for name in ('retail_picking_warehouse_id', 'retail_from_warehouse_id',
                             'retail_to_warehouse_id'):
                    with self.assertRaisesRegex(ValidationError, 'cannot be set'):
                        record.sudo(user).write({name: self.store_b.id})
            with self.assertRaisesRegex(ValidationError, 'cannot be set'):
                self.store_a.lot_stock_id.sudo(user).write(
                    {'retail_warehouse_id': self.store_b.id})
            with self.assertRaisesRegex(ValidationError, 'cannot be set'):
                picking.sudo(user).write({'retail_warehouse_id': self.store_b.id})
        self.assertEqual(move.retail_picking_warehouse_id, self.store_a)
        self.assertEqual(self.store_a.lot_stock_id.retail_warehouse_id, self.store_a)
        self.assertEqual(picking.retail_warehouse_id, self.store_a)

    def test_followed_state_and_company_cannot_be_set(self):
        """A move line's state follows its move, a move's scrap flag its
        destination and a quant's company its location: a clerk cannot mark a
        line of an unvalidated transfer done or its move scrapped, nor anyone
        move a quant to another company; the value they follow can still be
        written (clients send it back)."""
        picking = self._drop_ship(self.store_a)
        picking.action_confirm()
        picking.force_assign()
        line = picking.move_lines.move_line_ids[:1]
        with self.assertRaisesRegex(ValidationError, 'cannot be set'), \
                self.env.cr.savepoint():
            line.sudo(self.clerk_a).write({'state': 'done', 'qty_done': 1})
        with self.assertRaisesRegex(ValidationError, 'cannot be set'), \
                self.env.cr.savepoint():
            line.move_id.sudo(self.clerk_a).write({'scrapped': True})
        line.invalidate_cache()
        self.assertEqual((line.state, line.qty_done), ('assigned', 0))
        self.assertFalse(line.move_id.scrapped)
        line.sudo(self.clerk_a).write({'state': 'assigned', 'qty_done': 1})
        self.assertEqual(line.qty_done, 1)
        quant = self.env['stock.quant'].search([
            ('product_id', '=', self.product.id),
            ('location_id', '=', self.store_a.lot_stock_id.id)])
        self.assertTrue(quant)
        other = self.env['res.company'].create({'name': 'GV other company'})
        with self.assertRaisesRegex(ValidationError, 'cannot be set'), \
                self.env.cr.savepoint():
            quant.write({'company_id': other.id})
        quant.invalidate_cache()
        self.assertEqual(quant.company_id, self.store_a.company_id)

    def test_clerk_sees_packages_of_own_store_only(self):
        """Packages in another store are hidden from a store clerk; empty ones are shared."""
        Package = self.env['stock.quant.package']
        packages = Package.browse([Package.create({'name': 'GV pack %s' % code}).id
                                   for code in ('A', 'B', 'empty')])
        for package, store in zip(packages, (self.store_a, self.store_b)):
            move = self.env['stock.move'].create({
                'name': 'Pack', 'product_id': self.product.id,
                'product_uom': self.product.uom_id.id, 'product_uom_qty': 1,
                'location_id': store.lot_stock_id.id,
                'location_dest_id': store.lot_stock_id.id})
            move._action_confirm()
            move._action_assign()
            move.move_line_ids.write({'qty_done': 1, 'result_package_id': package.id})
            move._action_done()
        visible = self._visible(self.clerk_a, 'stock.quant.package', [('id', 'in', packages.ids)])
        self.assertEqual(visible, packages[0] | packages[2])

    def test_product_quantity_in_other_store_context_is_nothing(self):
        """A product's quantities read in another store's context show none of its stock."""
        product = self.product.sudo(self.clerk_a)
        self.assertTrue(self.product.with_context(warehouse=self.store_b.id).qty_available)
        in_b = product.with_context(warehouse=self.store_b.id)
        self.assertEqual((in_b.qty_available, in_b.virtual_available), (0.0, 0.0))
        self.assertEqual(product.with_context(warehouse=self.store_a.id).qty_available,
                         self.product.with_context(warehouse=self.store_a.id).qty_available)

    def test_network_roles_see_every_store_move(self):
        """Network roles read the moves of every store."""
        for user in (self.dc_operator, self.planner, self.controller, self.finance,
                     self.retail_admin):
            moves = self._visible(user, 'stock.move', [('product_id', '=', self.product.id)])
            self.assertEqual(moves.mapped('location_dest_id'),
                             (self.store_a | self.store_b).mapped('lot_stock_id'), user.login)

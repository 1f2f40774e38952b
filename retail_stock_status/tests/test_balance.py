# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError

from .common import RetailStockCase


class TestStockBalance(RetailStockCase):
    """The balances agree with Odoo's quants and moves in every status."""

    def test_on_hand_and_sellable(self):
        """Counted stock is on hand and sellable, as Odoo's own quantity says."""
        self._stock(self.product, 10, self.store.lot_stock_id)
        self.assertBalance(self.store, self.product, on_hand_qty=10, sellable_qty=10,
                           reserved_qty=0, available_to_sell_qty=10)
        self.assertEqual(self.product.with_context(warehouse=self.store.id).qty_available, 10)

    def test_reservation_reduces_sellable(self):
        """A reserved delivery is reserved, no longer sellable nor available."""
        self._stock(self.product, 10, self.store.lot_stock_id)
        self._deliver(self.product, 4, self.store)
        self.assertBalance(self.store, self.product, on_hand_qty=10, reserved_qty=4,
                           sellable_qty=6, available_to_sell_qty=6)

    def test_partial_reservation_counts_unreserved_demand(self):
        """A delivery asking more than on hand reserves what is there; the rest is
        unreserved demand and nothing is left to sell."""
        self._stock(self.product, 3, self.store.lot_stock_id)
        picking = self._deliver(self.product, 5, self.store)
        self.assertEqual(picking.move_lines.state, 'partially_available')
        self.assertBalance(self.store, self.product, on_hand_qty=3, reserved_qty=3,
                           sellable_qty=0, outgoing_unreserved_qty=2,
                           available_to_sell_qty=0)

    def test_unreserved_demand_reduces_available_to_sell(self):
        """Confirmed, not yet reserved demand is subtracted from available to sell."""
        self._stock(self.product, 10, self.store.lot_stock_id)
        self._deliver(self.product, 4, self.store, assign=False)
        self.assertBalance(self.store, self.product, sellable_qty=10,
                           outgoing_unreserved_qty=4, available_to_sell_qty=6)

    def test_owned_stock_is_consigned(self):
        """Stock owned by a vendor is on hand and consigned, not the company's."""
        self._stock(self.product, 5, self.store.lot_stock_id, owner=self.vendor)
        self._stock(self.product, 2, self.store.lot_stock_id)
        self.assertBalance(self.store, self.product, on_hand_qty=7, consigned_qty=5)

    def test_owned_stock_is_consigned_only(self):
        """Vendor-owned units are consigned and neither sellable nor available."""
        self._stock(self.product, 5, self.store.lot_stock_id, owner=self.vendor)
        self._stock(self.product, 23, self.store.lot_stock_id)
        self.assertBalance(self.store, self.product, on_hand_qty=28, consigned_qty=5,
                           sellable_qty=23, available_to_sell_qty=23)

    def test_statuses_partition_on_hand(self):
        """Each unit on hand has one status: the statuses add up to on hand, also
        with reserved, owned, damaged and quarantined stock."""
        self._stock(self.product, 10, self.store.lot_stock_id)
        self._stock(self.product, 4, self.store.lot_stock_id, owner=self.vendor)
        self._stock(self.product, 2, self.store.retail_damaged_location_id)
        self._stock(self.product, 3, self.store.retail_quarantine_location_id,
                    owner=self.vendor)
        self._stock(self.product, 1, self.store.retail_returns_location_id)
        self._deliver(self.product, 6, self.store)
        self.assertBalance(self.store, self.product, on_hand_qty=20, sellable_qty=4,
                           reserved_qty=6, damaged_qty=2, quarantined_qty=1,
                           consigned_qty=7)

    def test_damaged_and_quarantined(self):
        """Stock in the damaged and quarantine locations shows in those statuses only."""
        self._stock(self.product, 2, self.store.retail_damaged_location_id)
        self._stock(self.product, 3, self.store.retail_quarantine_location_id)
        self._stock(self.product, 4, self.store.retail_returns_location_id)
        self.assertBalance(self.store, self.product, on_hand_qty=9, damaged_qty=2,
                           quarantined_qty=7, sellable_qty=0, available_to_sell_qty=0)

    def test_in_transit_attributed_to_destination(self):
        """Stock the DC shipped to a store is in transit for that store until received."""
        self._stock(self.product, 20, self.dc.lot_stock_id)
        group = self.env['procurement.group'].create({'name': 'Replenish TS1'})
        self.env['procurement.group'].run(
            self.product, 6, self.unit, self.store.lot_stock_id, 'test', 'test',
            {'warehouse_id': self.store, 'group_id': group})
        ship = self.env['stock.picking'].search([('group_id', '=', group.id),
                                                 ('location_id', '=', self.dc.lot_stock_id.id)])
        receipt = self.env['stock.picking'].search([
            ('group_id', '=', group.id), ('picking_type_id', '=', self.store.in_type_id.id)])
        self.assertTrue(ship and receipt)
        self.assertBalance(self.store, self.product, in_transit_qty=0)
        ship.action_assign()
        self._validate(ship)
        self.assertBalance(self.store, self.product, in_transit_qty=6, on_hand_qty=0)
        self.assertBalance(self.dc, self.product, on_hand_qty=14, in_transit_qty=0)
        self.assertBalance(self.store2, self.product, in_transit_qty=0)
        self._validate(receipt)
        self.assertBalance(self.store, self.product, in_transit_qty=0, on_hand_qty=6,
                           sellable_qty=6)

    def test_multi_step_transit(self):
        """With two-step reception at the store, stock is in transit until it reaches
        the store's input, then on hand there."""
        self.store2.reception_steps = 'two_steps'
        self._stock(self.product, 10, self.dc.lot_stock_id)
        group = self.env['procurement.group'].create({'name': 'Replenish TS2'})
        self.env['procurement.group'].run(
            self.product, 4, self.unit, self.store2.lot_stock_id, 'test', 'test',
            {'warehouse_id': self.store2, 'group_id': group})
        pickings = self.env['stock.picking'].search([('group_id', '=', group.id)])
        ship = pickings.filtered(lambda p: p.location_id == self.dc.lot_stock_id)
        ship.action_assign()
        self._validate(ship)
        self.assertBalance(self.store2, self.product, in_transit_qty=4, on_hand_qty=0)
        receipt = pickings.filtered(lambda p: p.location_id.usage == 'transit')
        self._validate(receipt)
        self.assertEqual(receipt.move_lines.location_dest_id, self.store2.wh_input_stock_loc_id)
        self.assertBalance(self.store2, self.product, in_transit_qty=0, on_hand_qty=4)
        putaway = pickings.filtered(
            lambda p: p.location_id == self.store2.wh_input_stock_loc_id)
        putaway.action_assign()
        self._validate(putaway)
        self.assertBalance(self.store2, self.product, on_hand_qty=4, sellable_qty=4)

    def test_other_unit_of_measure(self):
        """Quantities are in the product's unit whatever unit the move uses."""
        self._stock(self.product, 30, self.store.lot_stock_id)
        self._deliver(self.product, 2, self.store, uom=self.dozen)
        self.assertBalance(self.store, self.product, on_hand_qty=30, reserved_qty=24,
                           sellable_qty=6)

    def test_matches_odoo_quantities_on_demo_network(self):
        """For a sample of demo stores and SKUs, on hand equals Odoo's qty_available."""
        rows = self.Balance.search([('warehouse_id.code', 'in', ('S001', 'S017', 'DC'))],
                                   limit=200)
        self.assertTrue(rows)
        for row in rows:
            expected = row.product_id.with_context(warehouse=row.warehouse_id.id).qty_available
            self.assertAlmostEqual(row.on_hand_qty, expected, places=4)

    def test_store_clerk_sees_own_store_only(self):
        """A store clerk reads the balances of their store; a planner those of all stores."""
        self._stock(self.product, 5, self.store.lot_stock_id)
        self._stock(self.product, 7, self.store2.lot_stock_id)
        clerk = self._create_user('bal_clerk', 'retail_governance.group_store_clerk',
                                  warehouses=self.store)
        planner = self._create_user('bal_planner', 'retail_governance.group_planner')
        domain = [('product_id', '=', self.product.id)]
        self.assertEqual(self.Balance.sudo(clerk).search(domain).mapped('warehouse_id'),
                         self.store)
        self.assertEqual(self.Balance.sudo(planner).search(domain).mapped('warehouse_id'),
                         self.store | self.store2)

    def test_other_company_balances_hidden(self):
        """Users of another company do not see this company's balances."""
        company_b = self.env['res.company'].create({'name': 'Balance Company B'})
        warehouse_b = self._create_warehouse('B store', 'BBS', company=company_b)
        self._stock(self.product, 4, warehouse_b.lot_stock_id)
        self._stock(self.product, 5, self.store.lot_stock_id)
        user_b = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'B planner', 'login': 'b_planner', 'company_id': company_b.id,
            'company_ids': [(6, 0, company_b.ids)],
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id,
                                  self.env.ref('retail_governance.group_planner').id])]})
        rows = self.Balance.sudo(user_b).search([('product_id', '=', self.product.id)])
        self.assertEqual(rows.mapped('warehouse_id'), warehouse_b)

    def test_balances_are_read_only(self):
        """Nobody writes balances: they are computed from the ledger."""
        self._stock(self.product, 5, self.store.lot_stock_id)
        clerk = self._create_user('bal_clerk2', 'retail_governance.group_store_clerk',
                                  warehouses=self.store)
        row = self.Balance.sudo(clerk).search([('product_id', '=', self.product.id)])
        with self.assertRaises(AccessError):
            row.write({'on_hand_qty': 100})

    def test_search_read_applies_rules_and_names(self):
        """Reading balances in one query keeps the record rules and shows names."""
        self._stock(self.product, 5, self.store.lot_stock_id)
        self._stock(self.product, 7, self.store2.lot_stock_id)
        clerk = self._create_user('bal_clerk3', 'retail_governance.group_store_clerk',
                                  warehouses=self.store2)
        rows = self.Balance.sudo(clerk).search_read(
            [('product_id', '=', self.product.id)], ['warehouse_id', 'on_hand_qty'],
            order='on_hand_qty desc')
        self.assertEqual(rows, [{'id': rows[0]['id'], 'on_hand_qty': 7.0,
                                 'warehouse_id': (self.store2.id, self.store2.name)}])
        self.assertEqual(self.Balance.browse(rows[0]['id']).on_hand_qty, 7.0)

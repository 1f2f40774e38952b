# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import (
    create_retail_user, receive_from_vendor)
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase


class TestEmergencyTransfer(SavepointCase):
    """A DC and two stores resupplied from it (Odoo's resupply routes), a
    store of another company; thresholds 50 units and 1,000 at cost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Transfer = cls.env['retail.emergency.transfer']
        cls.company = cls.env.user.company_id
        cls.company.write({'retail_emergency_qty_threshold': 50,
                           'retail_emergency_value_threshold': 1000})
        cls.company_b = cls.env['res.company'].create({'name': 'Emergency Company B'})
        Warehouse = cls.env['stock.warehouse']
        cls.dc = Warehouse.create({'name': 'Emergency DC', 'code': 'EMDC'})
        cls.store_1 = Warehouse.create({
            'name': 'Emergency Store 1', 'code': 'EMS1',
            'resupply_wh_ids': [(6, 0, cls.dc.ids)]})
        cls.store_2 = Warehouse.create({
            'name': 'Emergency Store 2', 'code': 'EMS2',
            'resupply_wh_ids': [(6, 0, cls.dc.ids)]})
        cls.store_b = Warehouse.create({
            'name': 'Emergency Store B', 'code': 'EMSB', 'company_id': cls.company_b.id})
        cls.clerk_1 = create_retail_user(cls.env, 'em_clerk_1', 'group_store_clerk',
                                         warehouses=cls.store_1)
        cls.dc_operator = create_retail_user(cls.env, 'em_dc_operator', 'group_dc_operator',
                                             warehouses=cls.dc)
        cls.planner = create_retail_user(cls.env, 'em_planner', 'group_planner')
        cls.planner_2 = create_retail_user(cls.env, 'em_planner_2', 'group_planner')
        cls.cluster = cls.env['retail.store.cluster'].create({
            'name': 'Emergency cluster', 'code': 'EMC', 'planner_id': cls.planner.id,
            'warehouse_ids': [(6, 0, (cls.store_1 | cls.store_2).ids)]})
        family = cls.env['product.category'].create({'name': 'Emergency Family'})
        cls.product = cls._create_product('EM Shirt', 10.0, family)
        cls.product_expensive = cls._create_product('EM Jacket', 200.0, family)
        cls._receive(cls.dc, {cls.product: 500, cls.product_expensive: 20})
        cls._receive(cls.store_2, {cls.product: 40})

    @classmethod
    def _create_product(cls, name, cost, family):
        return cls.env['product.product'].create({
            'name': name, 'type': 'product', 'categ_id': family.id,
            'standard_price': cost})

    @classmethod
    def _receive(cls, warehouse, quantities):
        """Stock received from a vendor through a done move."""
        receive_from_vendor(cls.env, warehouse.lot_stock_id, quantities)

    def _request(self, user, source, quantities, dest=None):
        return self.Transfer.sudo(user).create({
            'source_warehouse_id': source.id,
            'dest_warehouse_id': (dest or self.store_1).id,
            'line_ids': [(0, 0, {'product_id': product.id, 'product_qty': qty})
                         for product, qty in quantities.items()],
        })

    def _on_hand(self, warehouse, product):
        return sum(self.env['stock.quant'].search([
            ('product_id', '=', product.id),
            ('location_id', 'child_of', warehouse.view_location_id.id)]).mapped('quantity'))

    @staticmethod
    def _validate(picking, user):
        picking = picking.sudo(user)
        for move in picking.move_lines:
            for line in move.move_line_ids:
                line.qty_done = line.product_uom_qty
        picking.action_done()

    def _assert_nothing_created(self, count_before):
        self.assertEqual(self.Transfer.search_count([]), count_before)

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------
    def test_below_threshold_goes_straight_to_transfer(self):
        """A request within both thresholds starts the transfer on submit."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 10})
        transfer.action_submit()
        self.assertEqual(transfer.state, 'approved')
        self.assertFalse(transfer.approval_required)
        self.assertFalse(transfer.approved_by_id)
        self.assertEqual(transfer.requested_by_id, self.clerk_1)
        self.assertEqual(transfer.picking_count, 2)

    def test_above_quantity_threshold_waits_for_planner(self):
        """Above the quantity threshold, nothing moves until the cluster's planner approves."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 60})
        transfer.action_submit()
        self.assertEqual(transfer.state, 'to_approve')
        self.assertEqual(transfer.picking_count, 0)
        self.assertEqual(transfer.activity_ids.mapped('user_id'), self.planner)
        transfer.sudo(self.planner).action_approve()
        self.assertEqual(transfer.state, 'approved')
        self.assertEqual(transfer.approved_by_id, self.planner)
        self.assertEqual(transfer.picking_count, 2)
        self.assertFalse(transfer.activity_ids)

    def test_above_value_threshold_waits_for_planner(self):
        """Few units worth more than the value threshold need approval too."""
        transfer = self._request(self.clerk_1, self.dc, {self.product_expensive: 6})
        transfer.action_submit()
        self.assertEqual(transfer.state, 'to_approve')

    def test_self_approval_refused(self):
        """A planner cannot approve their own request above the threshold; another planner can."""
        transfer = self._request(self.planner, self.dc, {self.product: 60})
        transfer.sudo(self.planner).action_submit()
        self.assertTrue(transfer.activity_ids)
        self.assertNotIn(self.planner, transfer.activity_ids.mapped('user_id'))
        with self.assertRaises(UserError):
            transfer.sudo(self.planner).action_approve()
        self.assertEqual(transfer.state, 'to_approve')
        self.assertEqual(transfer.picking_count, 0)
        transfer.sudo(self.planner_2).action_approve()
        self.assertEqual(transfer.approved_by_id, self.planner_2)

    def test_clerk_cannot_approve(self):
        """Store staff cannot approve a request waiting for a planner."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 60})
        transfer.action_submit()
        with self.assertRaises(AccessError):
            transfer.sudo(self.clerk_1).action_approve()
        self.assertEqual(transfer.state, 'to_approve')

    def test_refused_request_moves_nothing(self):
        """A refused request creates no transfer."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 60})
        transfer.action_submit()
        transfer.sudo(self.planner).action_refuse()
        self.assertEqual(transfer.state, 'refused')
        self.assertEqual(transfer.picking_count, 0)

    def test_reopened_request_stays_requesters(self):
        """Whoever reopens a refused request, its requester still cannot approve it."""
        transfer = self._request(self.planner, self.dc, {self.product: 60})
        transfer.sudo(self.planner).action_submit()
        transfer.sudo(self.planner_2).action_refuse()
        transfer.sudo(self.planner_2).action_draft()
        transfer.sudo(self.planner_2).action_submit()
        self.assertEqual(transfer.requested_by_id, self.planner)
        with self.assertRaises(UserError):
            transfer.sudo(self.planner).action_approve()
        self.assertEqual(transfer.state, 'to_approve')

    def test_state_only_through_actions(self):
        """Writing the state or the approver directly is refused, also at creation."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 60})
        transfer.action_submit()
        for vals in ({'state': 'approved'}, {'approved_by_id': self.planner.id},
                     {'requested_by_id': self.planner.id}):
            with self.assertRaises(UserError):
                transfer.sudo(self.planner).write(vals)
        self.assertEqual(transfer.state, 'to_approve')
        with self.assertRaises(UserError):
            self.Transfer.sudo(self.clerk_1).create({
                'source_warehouse_id': self.dc.id, 'dest_warehouse_id': self.store_1.id,
                'state': 'approved'})
        forged = self.Transfer.sudo(self.clerk_1).with_context(
            default_state='done', default_requested_by_id=self.planner.id).create({
                'source_warehouse_id': self.dc.id, 'dest_warehouse_id': self.store_1.id})
        self.assertEqual((forged.state, forged.requested_by_id), ('draft', self.clerk_1))

    def test_submitted_request_is_frozen(self):
        """Lines and warehouses of a submitted request cannot change."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 60})
        transfer.action_submit()
        with self.assertRaises(UserError):
            transfer.line_ids.sudo(self.clerk_1).write({'product_qty': 1})
        with self.assertRaises(UserError):
            transfer.sudo(self.clerk_1).write({'source_warehouse_id': self.store_2.id})

    # ------------------------------------------------------------------
    # Per-store rights
    # ------------------------------------------------------------------
    def test_clerk_cannot_request_for_other_store(self):
        """A store clerk requests for their own store only."""
        count = self.Transfer.search_count([])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self._request(self.clerk_1, self.dc, {self.product: 5}, dest=self.store_2)
        self._assert_nothing_created(count)

    def test_clerk_sees_requests_of_own_store_only(self):
        """A store clerk does not see another store's requests."""
        other = self._request(self.planner, self.dc, {self.product: 5}, dest=self.store_2)
        own = self._request(self.clerk_1, self.dc, {self.product: 5})
        visible = self.Transfer.sudo(self.clerk_1).search([('id', 'in', (own | other).ids)])
        self.assertEqual(visible, own)

    def test_source_store_sees_but_cannot_change_request(self):
        """The source store's staff see a request on their stock but cannot change or cancel it."""
        clerk_2 = create_retail_user(self.env, 'em_clerk_2', 'group_store_clerk',
                                     warehouses=self.store_2)
        transfer = self._request(self.clerk_1, self.store_2, {self.product: 5})
        self.assertEqual(self.Transfer.sudo(clerk_2).search([('id', '=', transfer.id)]),
                         transfer)
        with self.assertRaises(AccessError):
            transfer.sudo(clerk_2).action_cancel()
        self.assertEqual(transfer.state, 'draft')

    # ------------------------------------------------------------------
    # Transfer paths
    # ------------------------------------------------------------------
    def test_dc_path_delivery_and_receipt_through_transit(self):
        """From the DC: Odoo's resupply route makes a DC delivery to transit
        and a store receipt from it; validating both moves the stock."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 10})
        transfer.action_submit()
        transit = self.company.internal_transit_location_id
        delivery = transfer.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.dc.out_type_id)
        receipt = transfer.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.store_1.in_type_id)
        self.assertEqual((delivery.location_id, delivery.location_dest_id),
                         (self.dc.lot_stock_id, transit))
        self.assertEqual((receipt.location_id, receipt.location_dest_id),
                         (transit, self.store_1.lot_stock_id))
        self.assertEqual(delivery.move_lines.move_dest_ids, receipt.move_lines)
        self.assertEqual(delivery.state, 'assigned')
        self.assertEqual(receipt.state, 'waiting')
        self._validate(delivery, self.dc_operator)
        self.assertEqual(transfer.state, 'approved')
        self.assertEqual(receipt.state, 'assigned')
        self._validate(receipt, self.clerk_1)
        self.assertEqual(transfer.state, 'done')
        self.assertEqual(self._on_hand(self.store_1, self.product), 10)
        self.assertEqual(self._on_hand(self.dc, self.product), 490)

    def test_store_to_store_path(self):
        """From another store: its delivery to transit and our receipt from transit, linked."""
        transfer = self._request(self.clerk_1, self.store_2, {self.product: 5})
        transfer.action_submit()
        delivery = transfer.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.store_2.out_type_id)
        receipt = transfer.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.store_1.in_type_id)
        self.assertEqual(len(transfer.sudo().picking_ids), 2)
        self.assertEqual(delivery.move_lines.move_dest_ids, receipt.move_lines)
        self.assertEqual(delivery.state, 'assigned')
        self._validate(delivery, self.dc_operator)
        self._validate(receipt, self.clerk_1)
        self.assertEqual(transfer.state, 'done')
        self.assertEqual(self._on_hand(self.store_1, self.product), 5)
        self.assertEqual(self._on_hand(self.store_2, self.product), 35)

    def test_cancel_withdraws_pickings(self):
        """Cancelling a started transfer before shipping cancels its pickings."""
        transfer = self._request(self.clerk_1, self.dc, {self.product: 10})
        transfer.action_submit()
        transfer.sudo(self.clerk_1).action_cancel()
        self.assertEqual(transfer.state, 'cancelled')
        self.assertEqual(set(transfer.sudo().picking_ids.mapped('state')), {'cancel'})

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    def test_more_than_available_refused(self):
        """A request beyond the source's available stock is refused and changes nothing."""
        transfer = self._request(self.clerk_1, self.store_2, {self.product: 41})
        with self.assertRaisesRegex(UserError, 'EM Shirt: 41.0 requested, 40.0 available'):
            transfer.action_submit()
        self.assertEqual(transfer.state, 'draft')
        self.assertEqual(transfer.picking_count, 0)

    def test_zero_or_negative_quantity_refused(self):
        """Lines of zero or negative quantity are refused."""
        count = self.Transfer.search_count([])
        for qty in (0, -3):
            with self.assertRaisesRegex(ValidationError, 'must be positive'), \
                    self.env.cr.savepoint():
                self._request(self.clerk_1, self.dc, {self.product: qty})
        self._assert_nothing_created(count)

    def test_same_source_and_destination_refused(self):
        """A store cannot request from itself."""
        count = self.Transfer.search_count([])
        with self.assertRaisesRegex(ValidationError, 'must differ'), \
                self.env.cr.savepoint():
            self._request(self.clerk_1, self.store_1, {self.product: 1})
        self._assert_nothing_created(count)

    def test_other_company_refused(self):
        """A warehouse of another company cannot be the source."""
        count = self.Transfer.search_count([])
        with self.assertRaisesRegex(ValidationError, 'another company'), \
                self.env.cr.savepoint():
            self._request(self.planner, self.store_b, {self.product: 1})
        self._assert_nothing_created(count)

    def test_archived_product_refused(self):
        """Archived products are refused, also when archived after the request was drafted."""
        count = self.Transfer.search_count([])
        transfer = self._request(self.clerk_1, self.dc, {self.product: 1})
        self.product.active = False
        with self.assertRaisesRegex(ValidationError, 'archived'):
            transfer.action_submit()
        self.assertEqual(transfer.state, 'draft')
        with self.assertRaisesRegex(ValidationError, 'archived'), self.env.cr.savepoint():
            self._request(self.clerk_1, self.dc, {self.product: 1})
        self.assertEqual(self.Transfer.search_count([]), count + 1)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .common import GovernanceCase


class TestAuditLog(GovernanceCase):
    """Stock-affecting events leave entries nobody can change or delete."""

    def _events(self, record):
        return self.env['retail.audit.log'].search([
            ('res_model', '=', record._name), ('res_id', '=', record.id)]).mapped('event_type')

    def test_adjustment_events_logged(self):
        """Request, approvals, rejection and validation of an adjustment are
        logged with the user."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).request_validation()
        inventory.sudo(self.manager_a).reject_tier()
        inventory.sudo(self.clerk_a).restart_validation()
        inventory.sudo(self.clerk_a).request_validation()
        inventory.sudo(self.manager_a).validate_tier()
        inventory.sudo(self.controller).validate_tier()
        inventory.sudo(self.clerk_a).action_done()
        events = self._events(inventory)
        for event in ('adjustment_requested', 'adjustment_rejected',
                      'adjustment_approved', 'adjustment_validated'):
            self.assertIn(event, events)
        validated = self.env['retail.audit.log'].search([
            ('res_id', '=', inventory.id), ('res_model', '=', 'stock.inventory'),
            ('event_type', '=', 'adjustment_validated')])
        self.assertEqual(validated.user_id, self.clerk_a)
        self.assertIn('100', validated.before_values)
        self.assertIn('85', validated.after_values)
        self.assertEqual(inventory.sudo(self.clerk_a).retail_audit_log_count, len(events))

    def test_transfer_validation_logged(self):
        """A validated transfer is logged."""
        picking = self.env['stock.picking'].sudo(self.clerk_a).create({
            'picking_type_id': self.store_a.out_type_id.id,
            'location_id': self.store_a.lot_stock_id.id,
            'location_dest_id': self.env.ref('stock.stock_location_customers').id,
            'move_lines': [(0, 0, {
                'name': 'sale', 'product_id': self.product.id, 'product_uom_qty': 3,
                'product_uom': self.product.uom_id.id,
                'location_id': self.store_a.lot_stock_id.id,
                'location_dest_id': self.env.ref('stock.stock_location_customers').id})]})
        picking.action_confirm()
        picking.action_assign()
        picking.move_lines.move_line_ids.write({'qty_done': 3})
        picking.action_done()
        self.assertEqual(self._events(picking), ['transfer_validated'])

    def test_transfer_buttons_answer_xmlrpc_values(self):
        """Confirming, unreserving and validating a transfer answer True, which XML-RPC carries."""
        picking = self.env['stock.picking'].sudo(self.clerk_a).create({
            'picking_type_id': self.store_a.out_type_id.id,
            'location_id': self.store_a.lot_stock_id.id,
            'location_dest_id': self.env.ref('stock.stock_location_customers').id,
            'move_lines': [(0, 0, {
                'name': 'sale', 'product_id': self.product.id, 'product_uom_qty': 3,
                'product_uom': self.product.uom_id.id,
                'location_id': self.store_a.lot_stock_id.id,
                'location_dest_id': self.env.ref('stock.stock_location_customers').id})]})
        self.assertIs(picking.action_confirm(), True)
        picking.action_assign()
        self.assertIs(picking.do_unreserve(), True)
        picking.action_assign()
        picking.move_lines.move_line_ids.write({'qty_done': 3})
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(picking.state, 'done')

    def test_rule_change_logged(self):
        """Changing a rule's tolerance logs the before and after values."""
        self.rule.sudo(self.controller).write({'qty_threshold': 25})
        entry = self.env['retail.audit.log'].search([
            ('res_model', '=', 'retail.adjustment.rule'), ('res_id', '=', self.rule.id),
            ('user_id', '=', self.controller.id)])
        self.assertEqual(entry.event_type, 'rule_changed')
        self.assertIn('10', entry.before_values)
        self.assertIn('25', entry.after_values)

    def test_orderpoint_override_logged(self):
        """A manual change of a reordering rule's min/max is logged."""
        orderpoint = self.env['stock.warehouse.orderpoint'].create({
            'warehouse_id': self.store_a.id, 'location_id': self.store_a.lot_stock_id.id,
            'product_id': self.product.id, 'product_min_qty': 5, 'product_max_qty': 20})
        orderpoint.sudo(self.controller).write({'product_max_qty': 40})
        self.assertEqual(self._events(orderpoint), ['orderpoint_overridden'])

    def test_orderpoint_override_not_hidden_by_context(self):
        """A context flag a client can send does not pass a manual change off as the policy's."""
        orderpoint = self.env['stock.warehouse.orderpoint'].create({
            'warehouse_id': self.store_a.id, 'location_id': self.store_a.lot_stock_id.id,
            'product_id': self.product.id, 'product_min_qty': 5, 'product_max_qty': 20})
        orderpoint.sudo(self.controller).with_context(retail_orderpoint_policy=True).write(
            {'product_max_qty': 40})
        self.assertEqual(self._events(orderpoint), ['orderpoint_overridden'])

    def test_log_event_public_method(self):
        """Other modules log their events (e.g. status moves) with log_event."""
        entry = self.env['retail.audit.log'].sudo(self.clerk_a).log_event(
            'status_move', self.store_a.lot_stock_id, before={'status': 'sellable'},
            after={'status': 'damaged'}, note='broken box')
        self.assertEqual(entry.user_id, self.clerk_a)
        self.assertEqual(entry.warehouse_id, self.store_a)
        with self.assertRaises(UserError):
            self.env['retail.audit.log'].log_event('status_move', self.store_a.id)

    def test_entries_cannot_be_changed_or_deleted(self):
        """Write and unlink are refused for everyone, the superuser included."""
        entry = self.env['retail.audit.log'].log_event('status_move', self.store_a)
        for env_user in (self.env.user, self.retail_admin, self.controller):
            log = entry.sudo(env_user)
            with self.assertRaises((UserError, AccessError)):
                log.write({'note': 'rewritten'})
            with self.assertRaises((UserError, AccessError)):
                log.unlink()
        self.assertTrue(entry.exists())

    def test_entries_cannot_be_forged(self):
        """Entries are created by the system only, not by create()."""
        for env_user in (self.env.user, self.retail_admin):
            with self.assertRaises((UserError, AccessError)):
                self.env['retail.audit.log'].sudo(env_user).create({
                    'event_type': 'scrap', 'user_id': self.clerk_a.id,
                    'company_id': self.company_a.id})

    def test_store_clerk_reads_own_store_entries_only(self):
        """A store clerk reads the entries of their own stores only."""
        Log = self.env['retail.audit.log']
        entry_a = Log.log_event('status_move', self.store_a.lot_stock_id)
        entry_b = Log.log_event('status_move', self.store_b.lot_stock_id)
        visible = Log.sudo(self.clerk_a).search([('id', 'in', (entry_a | entry_b).ids)])
        self.assertEqual(visible, entry_a)

    def test_exception_raised_names_acting_user(self):
        """An exception the system raises on a user's action (under sudo) names that user."""
        exc = self.env['retail.exception'].sudo(self.clerk_a).raise_exception(
            'receipt_discrepancy', location=self.store_a.lot_stock_id, product=self.product,
            quantity=2)
        entry = self.env['retail.audit.log'].search([
            ('res_model', '=', 'retail.exception'), ('res_id', '=', exc.id),
            ('event_type', '=', 'exception_raised')])
        self.assertEqual(entry.user_id, self.clerk_a)
        self.assertEqual(entry.warehouse_id, self.store_a)

    def test_actor_cannot_be_named_from_context(self):
        """A context value an RPC client could send does not sign entries in another's name."""
        Log = self.env['retail.audit.log'].sudo(self.clerk_a).with_context(
            retail_audit_actor=self.controller.id)
        entry = Log.log_event('status_move', self.store_a.lot_stock_id)
        self.assertEqual(entry.user_id, self.clerk_a)

    def test_status_move_entry_carries_its_warehouse(self):
        """A status move between two locations of a store is an entry of that store."""
        move = self.env['stock.move'].create({
            'name': 'status', 'product_id': self.product.id,
            'product_uom': self.product.uom_id.id, 'product_uom_qty': 1,
            'location_id': self.store_a.lot_stock_id.id,
            'location_dest_id': self.store_a.lot_stock_id.id})
        entry = self.env['retail.audit.log'].log_event('status_move', move)
        self.assertEqual(entry.warehouse_id, self.store_a)
        self.assertEqual(self.env['retail.audit.log'].sudo(self.manager_a).search(
            [('id', '=', entry.id)]), entry)
        self.assertFalse(self.env['retail.audit.log'].sudo(self.manager_b).search(
            [('id', '=', entry.id)]))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import GovernanceCase


class TestException(GovernanceCase):
    """The exception register: owners, deadlines, escalation, resolution."""

    def _raise(self, user=None, **kwargs):
        Exception_ = self.env['retail.exception']
        if user:
            Exception_ = Exception_.sudo(user)
        kwargs.setdefault('location', self.store_a.lot_stock_id)
        kwargs.setdefault('product', self.product)
        return Exception_.raise_exception(kwargs.pop('exception_type', 'receipt_discrepancy'),
                                          **kwargs)

    def _make_overdue(self, exception):
        """The deadline is the system's: moved back behind the ORM, as time would."""
        self.env.cr.execute(
            "UPDATE retail_exception SET deadline = %s WHERE id = %s",
            (fields.Datetime.to_string(datetime.now() - timedelta(hours=1)), exception.id))
        exception.invalidate_cache(['deadline'])

    def test_raise_assigns_store_manager_with_activity(self):
        """A new exception goes to the store manager with an activity and a deadline by type."""
        exception = self._raise(self.clerk_a, quantity=4, value=40)
        self.assertEqual(exception.owner_id, self.manager_a)
        self.assertEqual(exception.warehouse_id, self.store_a)
        self.assertEqual(exception.state, 'open')
        self.assertEqual(exception.sudo().activity_ids.user_id, self.manager_a)
        deadline = fields.Datetime.from_string(exception.deadline)
        hours = (deadline - datetime.now()).total_seconds() / 3600
        self.assertAlmostEqual(hours, 48, delta=0.1)

    def test_raise_updates_open_duplicate(self):
        """Raising the same open exception again updates it instead of duplicating."""
        first = self._raise(quantity=4)
        second = self._raise(quantity=6)
        self.assertEqual(first, second)
        self.assertEqual(second.quantity, 6)

    def test_cron_escalates_overdue(self):
        """The cron hands overdue exceptions to the store manager, then the inventory controller."""
        exception = self._raise(owner=self.clerk_a, exception_type='overdue_in_transit')
        self._make_overdue(exception)
        self.env['retail.exception']._cron_escalate_overdue()
        self.assertEqual(exception.state, 'escalated')
        self.assertEqual(exception.owner_id, self.manager_a)
        self._make_overdue(exception)
        self.env['retail.exception']._cron_escalate_overdue()
        self.assertIn(exception.owner_id, self.env.ref(
            'retail_governance.group_inventory_controller').users)
        self.assertNotEqual(exception.owner_id, self.manager_a)
        self.assertIn('escalated', ' '.join(exception.message_ids.mapped('body')))
        self.assertFalse(exception.is_overdue)

    def test_cron_leaves_exceptions_in_time(self):
        """Exceptions within their deadline are not escalated."""
        exception = self._raise(owner=self.clerk_a)
        self.env['retail.exception']._cron_escalate_overdue()
        self.assertEqual(exception.state, 'open')
        self.assertEqual(exception.owner_id, self.clerk_a)

    def test_resolution_above_value_needs_note_and_evidence(self):
        """Above the evidence value, resolving needs a note and an attachment."""
        exception = self._raise(value=900).sudo(self.manager_a)
        with self.assertRaises(UserError):
            exception.action_resolve()
        exception.resolution_note = 'Vendor credited the missing units.'
        with self.assertRaises(UserError):
            exception.action_resolve()
        self._attach(self.manager_a, exception)
        exception.action_resolve()
        self.assertEqual(exception.state, 'resolved')
        self.assertEqual(exception.resolved_by_id, self.manager_a)

    def test_resolution_below_value_is_simple(self):
        """Below the evidence value, an exception resolves without evidence."""
        exception = self._raise(value=20).sudo(self.clerk_a)
        exception.action_resolve()
        self.assertEqual(exception.state, 'resolved')

    def test_store_clerk_sees_own_store_exceptions(self):
        """A store clerk does not see the exceptions of another store."""
        mine = self._raise()
        other = self._raise(location=self.store_b.lot_stock_id)
        visible = self.env['retail.exception'].sudo(self.clerk_a).search(
            [('id', 'in', (mine | other).ids)])
        self.assertEqual(visible, mine)

    def test_other_company_exceptions_hidden(self):
        """Exceptions of company B are raised in company B and hidden from company A."""
        exception = self._raise(location=self.store_c.lot_stock_id, product=self.product)
        self.assertEqual(exception.company_id, self.company_b)
        self.assertFalse(self.env['retail.exception'].sudo(self.controller).search(
            [('id', '=', exception.id)]))
        self.assertTrue(self.env['retail.exception'].sudo(self.clerk_c).search(
            [('id', '=', exception.id)]))

    def test_raise_exception_refuses_ids(self):
        """raise_exception takes records (server code), not ids from a client."""
        with self.assertRaises(UserError):
            self.env['retail.exception'].raise_exception(
                'demand_spike', location=self.store_a.lot_stock_id.id)

    def test_value_not_zeroed_while_resolving(self):
        """Writing the value to 0 in the call that resolves is refused and changes nothing."""
        exception = self._raise(value=900)
        with self.assertRaises(AccessError):
            exception.sudo(self.manager_a).write({'value': 0, 'state': 'resolved'})
        self.assertEqual(exception.state, 'open')
        self.assertEqual(exception.value, 900)
        with self.assertRaises(UserError):
            exception.sudo(self.manager_a).action_resolve()

    def test_system_facts_read_only(self):
        """Type, quantity, value, source and deadline are the system's after creation."""
        exception = self._raise(value=900, quantity=4, source=self.store_a)
        for vals in ({'value': 0}, {'quantity': 0}, {'exception_type': 'demand_spike'},
                     {'source_model': 'res.partner'}, {'source_id': 0},
                     {'source_name': 'Nothing'}, {'escalation_level': 5},
                     {'resolved_by_id': self.manager_a.id}):
            with self.assertRaises(AccessError):
                exception.sudo(self.retail_admin).write(vals)
        self.assertEqual((exception.value, exception.quantity, exception.source_id),
                         (900, 4, self.store_a.id))

    def test_state_changes_only_through_actions(self):
        """Nobody writes the state; the Start, Resolve and Cancel buttons change it."""
        exception = self._raise(value=20)
        for state in ('in_progress', 'escalated', 'resolved', 'cancelled'):
            with self.assertRaises(AccessError):
                exception.sudo(self.manager_a).write({'state': state})
        self.assertEqual(exception.state, 'open')
        exception.sudo(self.manager_a).action_start()
        self.assertEqual(exception.state, 'in_progress')
        exception.sudo(self.manager_a).action_resolve()
        self.assertEqual(exception.state, 'resolved')

    def test_users_cannot_create_system_exceptions(self):
        """The types the system raises cannot be created by a user, retail admin included."""
        Exception_ = self.env['retail.exception']
        for exception_type in Exception_._get_system_exception_types():
            for user in (self.clerk_a, self.retail_admin):
                with self.assertRaises(AccessError):
                    Exception_.sudo(user).create({
                        'exception_type': exception_type,
                        'location_id': self.store_a.lot_stock_id.id, 'value': 0})
        self.assertFalse(Exception_.search([('location_id', '=', self.store_a.lot_stock_id.id)]))

    def test_staff_report_open_with_facts_locked(self):
        """Staff report an exception of their own type, open; its facts are then locked."""
        Exception_ = self.env['retail.exception'].sudo(self.clerk_a)
        with self.assertRaises(AccessError):
            Exception_.create({'exception_type': 'staff_report', 'state': 'resolved',
                               'location_id': self.store_a.lot_stock_id.id})
        exception = Exception_.create({
            'exception_type': 'staff_report', 'location_id': self.store_a.lot_stock_id.id,
            'product_id': self.product.id, 'quantity': 3, 'value': 30,
            'description': 'Shelf label shows the wrong size.'})
        self.assertEqual(exception.state, 'open')
        self.assertEqual(exception.owner_id, self.manager_a)
        with self.assertRaises(AccessError):
            exception.write({'value': 0})
        exception.write({'description': 'Shelf label shows the wrong size and price.'})

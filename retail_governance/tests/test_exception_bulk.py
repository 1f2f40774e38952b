# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.exceptions import AccessError, UserError

from .common import GovernanceCase


class TestExceptionBulk(GovernanceCase):
    """raise_exceptions: many exceptions at once, as raise_exception makes one."""

    @classmethod
    def setUpClass(cls):
        super(TestExceptionBulk, cls).setUpClass()
        cls.products = cls.env['product.product'].browse([
            cls._create_product('GV Bulk %s' % i, 1.0).id for i in range(30)])

    def _requests(self, products, **kwargs):
        return [dict(kwargs, exception_type=kwargs.get('exception_type', 'demand_spike'),
                     location=self.store_a.lot_stock_id, product=product, quantity=i + 1)
                for i, product in enumerate(products)]

    def _count_queries(self, products):
        cr = self.env.cr
        before = cr.sql_log_count
        self.env['retail.exception'].sudo(self.clerk_a).raise_exceptions(
            self._requests(products))
        return cr.sql_log_count - before

    def test_bulk_sets_owner_deadline_activity_and_audit(self):
        """New exceptions: manager owner, activity, follower, audit entry naming the clerk."""
        exceptions = self.env['retail.exception'].sudo(self.clerk_a).raise_exceptions(
            self._requests(self.products[:3]))
        self.assertEqual(len(exceptions), 3)
        for i, exception in enumerate(exceptions.sudo()):
            self.assertEqual(exception.owner_id, self.manager_a)
            self.assertEqual(exception.escalation_level, 1)
            self.assertEqual(exception.warehouse_id, self.store_a)
            self.assertEqual(exception.company_id, self.company_a)
            self.assertEqual(exception.product_id, self.products[i])
            self.assertEqual(exception.quantity, i + 1)
            self.assertEqual(exception.state, 'open')
            self.assertTrue(exception.deadline)
            self.assertNotEqual(exception.name, '/')
            self.assertEqual(exception.activity_ids.user_id, self.manager_a)
            self.assertEqual(exception.activity_ids.date_deadline, exception.deadline[:10])
            self.assertIn(self.manager_a.partner_id, exception.message_partner_ids)
            entry = self.env['retail.audit.log'].search([
                ('res_model', '=', 'retail.exception'), ('res_id', '=', exception.id)])
            self.assertEqual(entry.event_type, 'exception_raised')
            self.assertEqual(entry.user_id, self.clerk_a)
            self.assertEqual(entry.warehouse_id, self.store_a)
            self.assertEqual(json.loads(entry.after_values)['owner'], self.manager_a.name)
        self.assertIn(exceptions[0], self.env['retail.exception'].sudo(self.manager_a).search(
            [('owner_id', '=', self.manager_a.id)]))

    def test_bulk_updates_open_duplicates(self):
        """An open exception raised again (before or in the same call) is updated, not doubled."""
        first = self.env['retail.exception'].raise_exception(
            'demand_spike', location=self.store_a.lot_stock_id, product=self.products[0],
            quantity=5)
        requests = self._requests(self.products[:2])
        requests.append(dict(requests[1], quantity=9))
        exceptions = self.env['retail.exception'].raise_exceptions(requests)
        self.assertEqual(exceptions[0], first)
        self.assertEqual(exceptions[1], exceptions[2])
        self.assertEqual(first.quantity, 1)
        self.assertEqual(exceptions[1].quantity, 9)
        self.assertEqual(self.env['retail.exception'].search_count([
            ('product_id', 'in', self.products[:2].ids)]), 2)
        self.assertEqual(len(exceptions[1].sudo().activity_ids), 1)

    def test_bulk_query_count_does_not_grow_per_exception(self):
        """27 exceptions cost less than one query each beyond what 3 cost."""
        few = self._count_queries(self.products[:3])
        many = self._count_queries(self.products[3:])
        self.assertLess(many, few + 27, "3 exceptions: %s queries, 27: %s" % (few, many))

    def test_bulk_refuses_ids_from_clients(self):
        """Arguments that are not records (what an RPC client sends) are refused, nothing raised."""
        with self.assertRaises(UserError):
            self.env['retail.exception'].sudo(self.planner).raise_exceptions([{
                'exception_type': 'demand_spike', 'location': self.store_a.lot_stock_id.id,
                'product': self.products[0].id}])
        self.assertFalse(self.env['retail.exception'].search(
            [('product_id', '=', self.products[0].id)]))

    def test_bulk_keeps_system_fields_locked(self):
        """A user still cannot change the system fields of an exception raised in bulk."""
        exception = self.env['retail.exception'].raise_exceptions(
            self._requests(self.products[:1]))
        exception.sudo(self.manager_a).write({'description': 'Checked the shelf.'})
        with self.assertRaises(AccessError):
            exception.sudo(self.manager_a).write({'quantity': 0})
        self.assertEqual(exception.quantity, 1)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import RetailStockCase


class TestSaleLineRules(RetailStockCase):
    """Odoo's 'own documents only' rule on order lines, on the column the
    lines keep of their order's salesperson: the same lines, no search."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env['res.users'].with_context(no_reset_password=True)
        groups = [cls.env.ref('base.group_user').id,
                  cls.env.ref('sales_team.group_sale_salesman').id]
        cls.seller, cls.colleague = [Users.create({
            'name': login, 'login': login, 'email': '%s@example.com' % login,
            'groups_id': [(6, 0, groups)]}) for login in ('slr_seller', 'slr_colleague')]
        cls.orders = {who: cls.env['sale.order'].create({
            'partner_id': cls.customer.id, 'warehouse_id': cls.store.id,
            'user_id': user.id if user else False,
            'order_line': [(0, 0, {'product_id': cls.product.id, 'product_uom_qty': 1})]})
            for who, user in (('own', cls.seller), ('colleague', cls.colleague),
                              ('nobody', None))}

    def _visible_lines(self):
        return self.env['sale.order.line'].sudo(self.seller).search([
            ('order_id', 'in', [order.id for order in self.orders.values()])])

    def test_salesperson_sees_own_and_unassigned_lines(self):
        rule = self.env.ref('sale.sale_order_line_personal_rule')
        self.assertNotIn('order_id.user_id', rule.domain_force)
        self.assertEqual(self._visible_lines(), (
            self.orders['own'] | self.orders['nobody']).mapped('order_line'))

    def test_lines_follow_their_order_reassigned(self):
        self.orders['colleague'].user_id = self.seller
        self.orders['own'].user_id = self.colleague
        self.assertEqual(self._visible_lines(), (
            self.orders['colleague'] | self.orders['nobody']).mapped('order_line'))

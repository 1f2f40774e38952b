# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.base.ir.ir_rule import IrRule as OdooIrRule

from .common import GovernanceCase, create_retail_user


class TestRuleSqlCache(GovernanceCase):
    """Record rules whose SQL depends on nothing but their domain are turned
    into SQL once per user, model and mode; the others as Odoo does, at each
    check, so that they follow the records they read."""

    def _users(self):
        return (self.clerk_a | self.manager_a | self.dc_operator | self.planner
                | self.controller | self.finance | self.retail_admin | self.clerk_c)

    def test_every_rule_gives_odoo_sql(self):
        """For every role and every model with rules, the access checks use
        exactly the SQL Odoo makes of the rules (first call and cached one)."""
        models = set(self.env['ir.rule'].search([]).mapped('model_id.model'))
        checked = 0
        for user in self._users():
            Rule = self.env['ir.rule'].sudo(user)
            for model in sorted(models):
                if model not in self.env:
                    continue
                for mode in ('read', 'write', 'create', 'unlink'):
                    expected = OdooIrRule.domain_get(Rule, model, mode)
                    for _call in range(2):
                        self.assertEqual(
                            tuple(map(list, Rule.domain_get(model, mode))),
                            tuple(map(list, expected)), '%s, %s, %s' % (user.login, model, mode))
                    checked += 1
        self.assertGreater(checked, 100)

    def test_store_rule_translated_once(self):
        """A store clerk's rule on transfers is not translated again at each
        check (Odoo 11 searched the company tree at every one)."""
        Rule = self.env['ir.rule'].sudo(self.clerk_a)
        first = Rule.domain_get('stock.picking', 'read')
        self.assertTrue(first[0], 'the clerk has rules on transfers')
        before = self.cr.sql_log_count
        self.assertEqual(Rule.domain_get('stock.picking', 'read'), first)
        self.assertEqual(self.cr.sql_log_count, before)

    def test_rule_reading_other_records_follows_them(self):
        """A rule through another record (a dotted path) is translated at each
        check: a transfer created after the first check is seen at once."""
        group = self.env['res.groups'].create({'name': 'GV origin readers'})
        self.env['ir.rule'].create({
            'name': 'GV moves of the GV-RULE transfers', 'groups': [(6, 0, group.ids)],
            'model_id': self.env.ref('stock.model_stock_move').id,
            'domain_force': "[('picking_id.origin', '=', 'GV-RULE')]"})
        reader = create_retail_user(self.env, 'gv_origin_reader', 'stock.group_stock_user')
        reader.groups_id = [(4, group.id)]
        Move = self.env['stock.move'].sudo(reader)
        first = self._create_picking('GV-RULE')
        self.assertEqual(Move.search([('id', 'in', first.move_lines.ids)]), first.move_lines)
        later = self._create_picking('GV-RULE')
        self.assertEqual(Move.search([('id', 'in', later.move_lines.ids)]), later.move_lines)
        other = self._create_picking('GV-OTHER')
        self.assertFalse(Move.search([('id', 'in', other.move_lines.ids)]))

    def test_new_child_company_seen_at_once(self):
        """A company created under the user's after the first check is the
        user's at once (the company tree read by child_of is not kept stale)."""
        Reason = self.env['retail.adjustment.reason'].sudo(self.controller)
        self.assertTrue(Reason.search([]))  # rule translated and kept
        child = self.env['res.company'].create({
            'name': 'GV child company', 'parent_id': self.company_a.id})
        reason = self.env['retail.adjustment.reason'].create({
            'name': 'GV child reason', 'code': 'GVCHILD', 'company_id': child.id})
        self.assertEqual(Reason.search([('id', '=', reason.id)]), reason)

    def test_changed_rule_applies_at_once(self):
        """A rule written by an administrator applies at the next check."""
        group = self.env['res.groups'].create({'name': 'GV name readers'})
        rule = self.env['ir.rule'].create({
            'name': 'GV moves by name', 'groups': [(6, 0, group.ids)],
            'model_id': self.env.ref('stock.model_stock_move').id,
            'domain_force': "[('name', '=', 'GV-STATE')]"})
        reader = create_retail_user(self.env, 'gv_name_reader', 'stock.group_stock_user')
        reader.groups_id = [(4, group.id)]
        picking = self._create_picking('GV-STATE')
        Move = self.env['stock.move'].sudo(reader)
        self.assertEqual(Move.search([('id', 'in', picking.move_lines.ids)]), picking.move_lines)
        rule.domain_force = "[('name', '=', 'GV-OTHER')]"
        self.assertFalse(Move.search([('id', 'in', picking.move_lines.ids)]))

    def _create_picking(self, origin):
        stock = self.store_a.lot_stock_id
        customers = self.env.ref('stock.stock_location_customers')
        return self.env['stock.picking'].create({
            'picking_type_id': self.store_a.out_type_id.id, 'origin': origin,
            'location_id': stock.id, 'location_dest_id': customers.id,
            'move_lines': [(0, 0, {
                'name': origin, 'product_id': self.product.id, 'product_uom_qty': 1,
                'product_uom': self.product.uom_id.id, 'location_id': stock.id,
                'location_dest_id': customers.id})]})

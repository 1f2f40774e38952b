# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .common import GovernanceCase


class TestQuantityPaths(GovernanceCase):
    """Scrap, the quantity wizard and quants follow the adjustment rules or are closed."""

    def _scrap(self, user, qty, reason=True):
        return self.env['stock.scrap'].sudo(user).create({
            'product_id': self.product.id, 'product_uom_id': self.product.uom_id.id,
            'scrap_qty': qty, 'location_id': self.store_a.lot_stock_id.id,
            'retail_reason_id': reason and self.reason_damage.id})

    def test_scrap_within_tolerance(self):
        """A scrap within tolerance, with a reason, is done and audited."""
        scrap = self._scrap(self.clerk_a, 2)
        scrap.action_validate()
        self.assertEqual(scrap.state, 'done')
        self.assertEqual(self._on_hand(self.product), 98)
        self.assertEqual(scrap.retail_audit_log_count, 1)

    def test_scrap_done_twice_refused(self):
        """A done scrap validated again (both are public over XML-RPC) is
        refused: the units go once, the audit trail says it once."""
        scrap = self._scrap(self.clerk_a, 2)
        scrap.action_validate()
        for method in ('action_validate', 'do_scrap'):
            with self.assertRaises(UserError):
                getattr(scrap, method)()
        self.assertEqual(self._on_hand(self.product), 98)
        self.assertEqual(scrap.retail_audit_log_count, 1)

    def test_scrap_needs_reason(self):
        """A scrap without a reason code is refused."""
        scrap = self._scrap(self.clerk_a, 2, reason=False)
        with self.assertRaises(UserError):
            scrap.do_scrap()
        self.assertEqual(self._on_hand(self.product), 100)

    def test_scrap_beyond_tolerance_refused(self):
        """A write-off beyond tolerance must go through an approved adjustment."""
        scrap = self._scrap(self.retail_admin, 30)
        with self.assertRaises(UserError):
            scrap.do_scrap()
        self.assertEqual(self._on_hand(self.product), 100)

    def _wizard(self, user, qty, reason=True):
        return self.env['stock.change.product.qty'].sudo(user).create({
            'product_id': self.product.id, 'product_tmpl_id': self.product.product_tmpl_id.id,
            'new_quantity': qty, 'location_id': self.store_a.lot_stock_id.id,
            'retail_reason_id': reason and self.reason_count.id})

    def test_quantity_wizard_within_tolerance(self):
        """The quantity wizard works within tolerance, with a reason."""
        self._wizard(self.controller, 97).change_product_qty()
        self.assertEqual(self._on_hand(self.product), 97)

    def test_quantity_wizard_needs_reason(self):
        """The quantity wizard without a reason is refused."""
        with self.assertRaises(UserError):
            self._wizard(self.controller, 97, reason=False).change_product_qty()
        self.assertEqual(self._on_hand(self.product), 100)

    def test_quantity_wizard_beyond_tolerance_refused(self):
        """The quantity wizard cannot skip the approval of a large change."""
        with self.assertRaises(UserError):
            self._wizard(self.retail_admin, 50).change_product_qty()
        self.assertEqual(self._on_hand(self.product), 100)

    def test_quants_not_editable(self):
        """Nobody edits, creates or deletes quants directly, retail admin included."""
        quant = self.env['stock.quant'].search([
            ('product_id', '=', self.product.id),
            ('location_id', '=', self.store_a.lot_stock_id.id)])
        for user in (self.controller, self.retail_admin):
            with self.assertRaises(AccessError):
                quant.sudo(user).write({'quantity': 500})
            with self.assertRaises(AccessError):
                quant.sudo(user).unlink()
            with self.assertRaises(AccessError):
                self.env['stock.quant'].sudo(user).create({
                    'product_id': self.product.id, 'quantity': 5,
                    'location_id': self.store_a.lot_stock_id.id})

    def test_done_move_lines_not_rewritten(self):
        """Done moves are neither rewritten nor added to: that would change stock past the rules."""
        line = self.env['stock.move.line'].search([
            ('product_id', '=', self.product.id), ('state', '=', 'done'),
            ('location_dest_id', '=', self.store_a.lot_stock_id.id)])
        self.assertEqual(len(line), 1)
        for user in (self.clerk_a, self.controller):
            with self.assertRaises(UserError):
                line.sudo(user).write({'qty_done': 150})
            with self.assertRaises(UserError):
                line.sudo(user).copy({'qty_done': 5})
        self.assertEqual(self._on_hand(self.product), 100)

    def test_quantity_wizard_leaves_consigned_units(self):
        """The quantity wizard sets our units only: vendor-owned ones stay as they are."""
        vendor = self.env['res.partner'].create({'name': 'GV Consignor'})
        self._set_stock(self.store_a, {self.product: 5}, owner=vendor)
        self._wizard(self.controller, 97).change_product_qty()
        quants = self.env['stock.quant'].search([
            ('product_id', '=', self.product.id),
            ('location_id', '=', self.store_a.lot_stock_id.id)])
        self.assertEqual(sum(quants.filtered(lambda q: not q.owner_id).mapped('quantity')), 97)
        self.assertEqual(sum(quants.filtered('owner_id').mapped('quantity')), 5)

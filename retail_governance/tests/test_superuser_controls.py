# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import SUPERUSER_ID
from odoo.exceptions import UserError

from .common import GovernanceCase


class TestSuperuserControls(GovernanceCase):
    """Reasons and evidence apply to every login, the superuser (uid 1, the
    ``admin`` login of Odoo 11) included; only install-time loading passes."""

    def _admin_count(self, counts, reason=False):
        """An adjustment counted by the superuser, without a reason by default."""
        self.assertEqual(self.env.uid, SUPERUSER_ID)
        location = self.store_a.lot_stock_id
        inventory = self.env['stock.inventory'].create({
            'name': 'Count by admin', 'filter': 'partial', 'location_id': location.id})
        inventory.action_start()
        for product, qty in counts.items():
            self.env['stock.inventory.line'].create({
                'inventory_id': inventory.id, 'product_id': product.id,
                'location_id': location.id, 'product_qty': qty,
                'retail_reason_id': reason and reason.id})
        return inventory

    @contextmanager
    def _data_loading(self):
        """What Odoo is in while it loads modules and their data files."""
        registry = self.env.registry
        ready = registry.ready
        registry.ready = False
        try:
            yield
        finally:
            registry.ready = ready

    def test_superuser_adjustment_needs_reason(self):
        """The admin login cannot validate a difference without a reason code."""
        inventory = self._admin_count({self.product: 95})
        with self.assertRaises(UserError):
            inventory.action_done()
        self.assertEqual(inventory.state, 'confirm')
        self.assertEqual(self._on_hand(self.product), 100)

    def test_superuser_scrap_needs_reason(self):
        """The admin login cannot scrap without a reason code."""
        scrap = self.env['stock.scrap'].create({
            'product_id': self.product.id, 'product_uom_id': self.product.uom_id.id,
            'scrap_qty': 2, 'location_id': self.store_a.lot_stock_id.id})
        with self.assertRaises(UserError):
            scrap.do_scrap()
        self.assertEqual(self._on_hand(self.product), 100)

    def test_superuser_needs_evidence(self):
        """The admin login cannot request approval without the evidence the rule requires."""
        self.rule.evidence_required = True
        inventory = self._admin_count({self.product: 85}, reason=self.reason_damage)
        with self.assertRaises(UserError):
            inventory.request_validation()
        self.assertFalse(inventory.review_ids)

    def test_context_key_does_not_pass(self):
        """A context key a client can send (install_mode) does not lift the controls."""
        inventory = self._admin_count({self.product: 95}).with_context(
            install_mode=True, module='retail_demo')
        with self.assertRaises(UserError):
            inventory.action_done()
        self.assertEqual(self._on_hand(self.product), 100)

    def test_install_time_loading_passes(self):
        """While Odoo loads modules and data (registry not ready), data files need no reason."""
        inventory = self._admin_count({self.product: 95})
        with self._data_loading():
            inventory.action_done()
        self.assertEqual(inventory.state, 'done')
        self.assertEqual(self._on_hand(self.product), 95)

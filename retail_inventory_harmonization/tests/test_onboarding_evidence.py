# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase
from odoo.tools.safe_eval import safe_eval


class TestEvidence(SavepointCase):
    """Two stores, each with an exception and an adjustment carrying evidence
    (text reports Odoo indexes), a partner's attachment that is no evidence,
    a clerk of store A and a planner."""

    @classmethod
    def setUpClass(cls):
        super(TestEvidence, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Warehouse = cls.env['stock.warehouse']
        cls.store_a = Warehouse.create({'name': 'Evidence Store A', 'code': 'EVA'})
        cls.store_b = Warehouse.create({'name': 'Evidence Store B', 'code': 'EVB'})
        cls.clerk_a = create_retail_user(cls.env, 'ev_clerk_a', 'group_store_clerk',
                                         warehouses=cls.store_a)
        cls.planner = create_retail_user(cls.env, 'ev_planner', 'group_planner')
        Exception_ = cls.env['retail.exception']
        cls.exc_a = Exception_.raise_exception(
            'receipt_discrepancy', location=cls.store_a.lot_stock_id, owner=cls.planner)
        cls.exc_b = Exception_.raise_exception(
            'receipt_discrepancy', location=cls.store_b.lot_stock_id, owner=cls.planner)
        cls.inv_a = cls._inventory(cls.store_a)
        cls.inv_b = cls._inventory(cls.store_b)
        cls.att_exc_a = cls._attach(cls.exc_a, 'Pallet crushed by a forklift at the dock')
        cls.att_exc_b = cls._attach(cls.exc_b, 'Carton wet on arrival')
        cls.att_inv_a = cls._attach(cls.inv_a, 'Count sheet aisle 3')
        cls.att_inv_b = cls._attach(cls.inv_b, 'Count sheet aisle 7')
        cls.att_partner = cls._attach(cls.env.user.partner_id, 'Business card')
        cls.ours = cls.att_exc_a | cls.att_exc_b | cls.att_inv_a | cls.att_inv_b | \
            cls.att_partner

    @classmethod
    def _inventory(cls, warehouse):
        return cls.env['stock.inventory'].create({
            'name': 'Evidence count %s' % warehouse.code, 'filter': 'partial',
            'location_id': warehouse.lot_stock_id.id})

    @classmethod
    def _attach(cls, record, text):
        return cls.env['ir.attachment'].create({
            'name': '%s.txt' % text[:12], 'datas_fname': 'report.txt',
            'mimetype': 'text/plain', 'datas': base64.b64encode(text.encode()),
            'res_model': record._name, 'res_id': record.id})

    def _evidence(self, user, domain=None):
        action = self.env.ref('retail_inventory_harmonization.retail_evidence_action')
        return self.env['ir.attachment'].sudo(user).search(
            safe_eval(action.domain) + [('id', 'in', self.ours.ids)] + (domain or []))

    def test_type_and_store_of_evidence(self):
        """Each evidence carries its type and the store of its record."""
        self.assertEqual((self.att_exc_a.retail_evidence_type,
                          self.att_exc_a.retail_warehouse_id), ('exception', self.store_a))
        self.assertEqual((self.att_inv_b.retail_evidence_type,
                          self.att_inv_b.retail_warehouse_id), ('adjustment', self.store_b))
        self.assertFalse(self.att_partner.retail_evidence_type)

    def test_network_role_sees_all_evidence(self):
        """A planner's Evidence view lists the evidence of every store, no other file."""
        self.assertEqual(self._evidence(self.planner), self.ours - self.att_partner)

    def test_store_user_sees_own_store_evidence(self):
        """A store clerk's Evidence view lists their own store's evidence only."""
        self.assertEqual(self._evidence(self.clerk_a), self.att_exc_a | self.att_inv_a)

    def test_store_user_cannot_open_other_store_evidence(self):
        """Reading another store's evidence by id is refused."""
        with self.assertRaises(AccessError):
            self.att_exc_b.sudo(self.clerk_a).read(['datas'])

    def test_filter_by_store_and_type(self):
        """The view filters by store and by type."""
        self.assertEqual(self._evidence(self.planner, [
            ('retail_warehouse_id', '=', self.store_b.id),
            ('retail_evidence_type', '=', 'adjustment')]), self.att_inv_b)

    def test_search_by_content(self):
        """Evidence is found by the words inside it."""
        self.assertEqual(self._evidence(self.planner, [
            ('index_content', 'ilike', 'forklift')]), self.att_exc_a)
        self.assertFalse(self._evidence(self.clerk_a, [
            ('index_content', 'ilike', 'carton wet')]))

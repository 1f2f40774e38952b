# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import GovernanceCase, receive_from_vendor


class TestMasterDataApproval(GovernanceCase):
    """With the company's master data approval on, new products, locations and
    warehouses, and changes of a product's unit, barcode, tracking or costing
    method, wait for a data steward other than the requester."""

    @classmethod
    def setUpClass(cls):
        super(TestMasterDataApproval, cls).setUpClass()
        cls.company_a.retail_master_data_approval = True
        cls.steward = cls._create_user('gv_steward', 'group_data_steward')
        cls.steward_2 = cls._create_user('gv_steward_2', 'group_data_steward')
        cls.Change = cls.env['retail.master.data.change']

    def _changes(self, record):
        return self.Change.search([('res_model', '=', record._name),
                                   ('res_id', '=', record.id)])

    def _new_product(self, user, name='GV New Juice'):
        return self.env['product.template'].sudo(user).create({
            'name': name, 'type': 'product', 'categ_id': self.family.id,
            'standard_price': 2.0}).sudo()

    def _audit_events(self, change):
        return self.env['retail.audit.log'].search([
            ('res_model', '=', change._name), ('res_id', '=', change.id)]).mapped('event_type')

    def test_new_product_waits_for_steward(self):
        """A new product cannot be counted or moved until a steward other than
        its creator approves it; then it can."""
        template = self._new_product(self.retail_admin)
        product = template.product_variant_id
        self.assertEqual(template.retail_approval_state, 'pending')
        change = self._changes(template)
        self.assertEqual(len(change), 1)
        self.assertEqual((change.change_type, change.state, change.requested_by_id),
                         ('create', 'pending', self.retail_admin))
        with self.assertRaises(UserError):
            self._count(self.clerk_a, {product: 5})
        with self.assertRaises(UserError):
            receive_from_vendor(self.env, self.store_a.lot_stock_id, {product: 5})
        # the creator holds the steward role too, and still cannot approve
        with self.assertRaisesRegex(UserError, 'you requested it'):
            change.sudo(self.retail_admin).action_approve()
        # nor can a user without the role
        with self.assertRaises(UserError):
            change.sudo(self.controller).action_approve()
        self.assertEqual(template.retail_approval_state, 'pending')

        change.sudo(self.steward).action_approve()
        self.assertEqual(change.state, 'approved')
        self.assertEqual(change.decided_by_id, self.steward)
        self.assertEqual(template.retail_approval_state, 'approved')
        receive_from_vendor(self.env, self.store_a.lot_stock_id, {product: 5})
        self.assertEqual(self._on_hand(product), 5)
        self.assertEqual(self._audit_events(change),
                         ['master_data_approved', 'master_data_requested'])
        with self.assertRaisesRegex(UserError, 'already decided'):
            change.sudo(self.steward_2).action_reject()

    def test_rejected_product_is_archived(self):
        template = self._new_product(self.controller)
        change = self._changes(template)
        change.sudo(self.steward).action_reject()
        self.assertEqual(change.state, 'rejected')
        self.assertEqual(template.retail_approval_state, 'rejected')
        self.assertFalse(template.active)
        self.assertIn('master_data_rejected', self._audit_events(change))

    def _approved_product(self):
        """A product made before the setting was turned on, never moved."""
        self.company_a.retail_master_data_approval = False
        product = self._create_product('GV Lemonade', 1.5)
        self.company_a.retail_master_data_approval = True
        return product

    def test_unit_change_waits_and_applies(self):
        """A unit change is not written until approved; other fields are."""
        dozen = self.env.ref('product.product_uom_dozen')
        template = self._approved_product().product_tmpl_id
        unit = template.uom_id
        template.sudo(self.controller).write({
            'uom_id': dozen.id, 'uom_po_id': dozen.id, 'description': 'Cotton'})
        self.assertEqual(template.uom_id, unit)
        self.assertEqual(template.description, 'Cotton')
        change = self._changes(template)
        self.assertEqual(change.change_type, 'write')
        self.assertIn('Dozen', change.description)
        self.assertEqual(template.retail_change_count, 1)
        change.sudo(self.steward).action_approve()
        self.assertEqual(template.uom_id, dozen)
        self.assertEqual(template.uom_po_id, dozen)

    def test_barcode_change_rejected(self):
        product = self._approved_product()
        self.company_a.retail_master_data_approval = False
        product.barcode = '4006381333931'
        self.company_a.retail_master_data_approval = True
        product.sudo(self.controller).write({'barcode': '5449000000996'})
        self.assertEqual(product.barcode, '4006381333931')
        change = self._changes(product)
        change.sudo(self.steward).action_reject()
        self.assertEqual(product.barcode, '4006381333931')
        self.assertEqual(change.state, 'rejected')

    def test_impossible_change_refused_at_once(self):
        """A unit of another category than the purchase unit (or a tracking
        that does not exist) is refused when asked, and no request is made."""
        kg = self.env.ref('product.product_uom_kgm')
        template = self._approved_product().product_tmpl_id
        with self.assertRaisesRegex(ValidationError, 'same category'):
            template.sudo(self.controller).write({'uom_id': kg.id})
        with self.assertRaisesRegex(UserError, 'not a valid value'):
            template.sudo(self.controller).write({'tracking': 'bogus'})
        self.assertFalse(self._changes(template))
        self.assertNotEqual(template.uom_id, kg)

    def test_same_value_makes_no_request(self):
        template = self.product.product_tmpl_id
        template.sudo(self.controller).write({'tracking': template.tracking})
        self.assertFalse(self._changes(template))

    def test_new_location_cannot_receive_until_approved(self):
        location = self.env['stock.location'].sudo(self.controller).create({
            'name': 'Back room', 'location_id': self.store_a.view_location_id.id,
            'usage': 'internal'}).sudo()
        self.assertEqual(location.retail_approval_state, 'pending')
        with self.assertRaisesRegex(UserError, 'cannot receive stock'):
            receive_from_vendor(self.env, location, {self.product: 3})
        self._changes(location).sudo(self.steward).action_approve()
        receive_from_vendor(self.env, location, {self.product: 3})
        self.assertEqual(sum(self.env['stock.quant'].search([
            ('location_id', '=', location.id)]).mapped('quantity')), 3)

    def test_new_warehouse_waits_with_its_locations(self):
        """One request for a new warehouse; its stock location cannot receive
        until it is approved."""
        requests_before = self.Change.search_count([])
        warehouse = self.env['stock.warehouse'].sudo(self.retail_admin).create({
            'name': 'Governance Store D', 'code': 'GVD'}).sudo()
        self.assertEqual(self.Change.search_count([]), requests_before + 1)
        self.assertEqual(warehouse.retail_approval_state, 'pending')
        self.assertEqual(warehouse.view_location_id.retail_approval_state, 'pending')
        with self.assertRaisesRegex(UserError, 'cannot receive stock'):
            receive_from_vendor(self.env, warehouse.lot_stock_id, {self.product: 3})
        self._changes(warehouse).sudo(self.steward).action_approve()
        self.assertEqual(warehouse.view_location_id.retail_approval_state, 'approved')
        receive_from_vendor(self.env, warehouse.lot_stock_id, {self.product: 3})

    def test_approval_not_written_nor_forged(self):
        """The approval state and the requests change only through the
        buttons, also for the superuser."""
        template = self._new_product(self.retail_admin)
        with self.assertRaises(AccessError):
            template.write({'retail_approval_state': 'approved'})
        change = self._changes(template)
        with self.assertRaises(AccessError):
            change.sudo(self.steward).write({'state': 'approved'})
        with self.assertRaises(AccessError):
            change.write({'state': 'approved'})
        with self.assertRaises(AccessError):
            self.Change.create({
                'name': 'X', 'res_model': template._name, 'res_id': template.id,
                'change_type': 'create', 'requested_by_id': self.steward.id,
                'company_id': self.company_a.id})
        with self.assertRaises(AccessError):
            change.review_ids.sudo(self.steward).write({'status': 'approved'})
        with self.assertRaises(AccessError):
            change.sudo(self.steward).validate_tier()
        self.assertEqual(template.retail_approval_state, 'pending')
        self.assertEqual(change.state, 'pending')

    def test_company_without_approval(self):
        """Without the company's setting, master data is written at once."""
        self.company_a.retail_master_data_approval = False
        template = self._new_product(self.controller)
        self.assertEqual(template.retail_approval_state, 'approved')
        self.assertFalse(self._changes(template))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from odoo.addons.retail_governance.tests.common import create_retail_user, receive_from_vendor
from odoo.addons.retail_inventory_harmonization.models.retail_data_quality import (
    gtin_check_digit_ok)
from odoo.tests.common import SavepointCase


class TestDataQuality(SavepointCase):
    """Each check of the data-quality report finds the records made wrong on
    purpose here, and not their correct siblings."""

    @classmethod
    def setUpClass(cls):
        super(TestDataQuality, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Report = cls.env['retail.data.quality.report']
        cls.family = cls.env['product.category'].create({'name': 'DQ Family'})
        cls.vendor = cls.env['res.partner'].create({'name': 'DQ Vendor', 'supplier': True})
        cls.unit = cls.env.ref('product.product_uom_unit')
        cls.dozen = cls.env.ref('product.product_uom_dozen')
        cls.good = cls._product('DQ Good', code='DQ-GOOD', barcode='4006381333931')
        cls.twin_a = cls._product('DQ Twin A', code='DQ-DUP')
        cls.twin_b = cls._product('DQ Twin B', code='DQ-DUP')
        cls.upc = cls._product('DQ UPC', barcode='036000291452')
        cls.ean = cls._product('DQ EAN', barcode='0036000291452')
        cls.bad_digit = cls._product('DQ Bad Digit', barcode='4006381333932')
        cls.dozens = cls._product('DQ Dozens', uom=cls.dozen)
        cls.no_vendor = cls._product('DQ No Vendor', vendor=False)
        cls.no_lead = cls._product('DQ No Lead Time', delay=0)
        cls.no_cost = cls._product('DQ No Cost', cost=0.0)
        cls.planner = create_retail_user(cls.env, 'dq_planner', 'group_planner')
        cls.clerk = create_retail_user(cls.env, 'dq_clerk', 'group_store_clerk')

    @classmethod
    def _product(cls, name, code=None, barcode=None, uom=None, vendor=True, delay=2, cost=5.0):
        uom = uom or cls.unit
        return cls.env['product.product'].create({
            'name': name, 'type': 'product', 'categ_id': cls.family.id,
            'default_code': code, 'barcode': barcode, 'standard_price': cost,
            'uom_id': uom.id, 'uom_po_id': uom.id,
            'seller_ids': [(0, 0, {'name': cls.vendor.id, 'delay': delay})] if vendor else []})

    def _found(self, kind, model='product.product'):
        return {f['res_id'] for f in self.Report.sudo(self.planner).get_findings([kind])
                if f['res_model'] == model}

    def test_check_digits(self):
        self.assertTrue(gtin_check_digit_ok('4006381333931'))
        self.assertTrue(gtin_check_digit_ok('036000291452'))
        self.assertTrue(gtin_check_digit_ok('96385074'))
        self.assertFalse(gtin_check_digit_ok('4006381333932'))

    def test_product_findings(self):
        """Duplicates, check digits, units, vendors, lead times and costs."""
        expected = {
            'duplicate_reference': self.twin_a | self.twin_b,
            'duplicate_barcode': self.upc | self.ean,
            'invalid_barcode': self.bad_digit,
            'uom_unlike_family': self.dozens,
            'no_vendor': self.no_vendor,
            'no_lead_time': self.no_lead,
            'no_cost': self.no_cost,
        }
        mine = (self.good | self.twin_a | self.twin_b | self.upc | self.ean | self.bad_digit
                | self.dozens | self.no_vendor | self.no_lead | self.no_cost)
        for kind, products in expected.items():
            self.assertEqual(self._found(kind) & set(mine.ids), set(products.ids), kind)

    def test_network_and_stock_findings(self):
        """A warehouse in no cluster, a hand-made reordering rule, stock in a
        view location, negative stock; correct siblings not."""
        Warehouse = self.env['stock.warehouse']
        lone = Warehouse.create({'name': 'DQ Lone', 'code': 'DQL'})
        dc = Warehouse.create({'name': 'DQ DC', 'code': 'DQD'})
        store = Warehouse.create({'name': 'DQ Store', 'code': 'DQS'})
        self.env['retail.store.cluster'].create({
            'name': 'DQ cluster', 'code': 'DQC', 'supply_warehouse_id': dc.id,
            'warehouse_ids': [(6, 0, store.ids)]})
        found = self._found('warehouse_no_cluster', 'stock.warehouse')
        self.assertIn(lone.id, found)
        self.assertFalse({dc.id, store.id} & found)

        rule = self.env['stock.warehouse.orderpoint'].create({
            'warehouse_id': store.id, 'location_id': store.lot_stock_id.id,
            'product_id': self.good.id, 'product_min_qty': 1, 'product_max_qty': 5})
        self.assertIn(rule.id, self._found('rule_no_policy', 'stock.warehouse.orderpoint'))

        shelf = self.env['stock.location'].create({
            'name': 'DQ shelf', 'location_id': lone.lot_stock_id.id})
        receive_from_vendor(self.env, shelf, {self.good: 4})
        # Odoo refuses this through the ORM; data loaded by SQL (a legacy
        # import) does not ask.
        self.env.cr.execute("UPDATE stock_location SET usage = 'view' WHERE id = %s",
                            (shelf.id,))
        quants = self._found('quant_in_view', 'stock.quant')
        self.assertEqual(self.env['stock.quant'].browse(quants).filtered(
            lambda q: q.product_id == self.good).mapped('location_id'), shelf)

        customers = self.env.ref('stock.stock_location_customers')
        move = self.env['stock.move'].create({
            'name': 'DQ oversold', 'product_id': self.good.id, 'product_uom': self.unit.id,
            'product_uom_qty': 2, 'location_id': lone.lot_stock_id.id,
            'location_dest_id': customers.id})
        move._action_confirm()
        move.write({'move_line_ids': [(0, 0, dict(move._prepare_move_line_vals(),
                                                  qty_done=2))]})
        move._action_done()
        negative = self.env['stock.quant'].browse(self._found('negative_quant', 'stock.quant'))
        self.assertEqual(negative.filtered(lambda q: q.product_id == self.good).mapped(
            'quantity'), [-2.0])

    def test_screen_lists_findings(self):
        """Run from the screen: the findings are stored for the user, grouped by check."""
        report = self.Report.sudo(self.planner).create({})
        action = report.action_run()
        findings = self.env['retail.data.quality.finding'].sudo(self.planner).search(
            action['domain'])
        self.assertEqual(report.finding_count, len(findings))
        twins = findings.filtered(lambda f: f.kind == 'duplicate_reference'
                                  and f.res_id in (self.twin_a | self.twin_b).ids)
        self.assertEqual(len(twins), 2)
        opened = twins[0].action_open_record()
        self.assertEqual((opened['res_model'], opened['res_id']), ('product.product',
                                                                   twins[0].res_id))

    def test_store_roles_refused(self):
        """The report spans every store: not for store roles; unknown checks refused."""
        with self.assertRaises(AccessError):
            self.Report.sudo(self.clerk).get_findings()
        with self.assertRaises(UserError):
            self.Report.sudo(self.planner).get_findings(['no_such_check'])

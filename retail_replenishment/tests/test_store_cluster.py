# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase
from odoo.tools import mute_logger


class TestStoreCluster(SavepointCase):
    """Store clusters group the stores of one company under one policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Cluster = cls.env['retail.store.cluster']
        cls.company_b = cls.env['res.company'].create({'name': 'Cluster Company B'})
        cls.cluster = cls.Cluster.create({'name': 'Airport kiosks', 'code': 'AIR'})
        cls.store = cls.env['stock.warehouse'].create({
            'name': 'Airport T1', 'code': 'AT1', 'retail_cluster_id': cls.cluster.id})
        cls.store_b = cls.env['stock.warehouse'].create({
            'name': 'B Store', 'code': 'BST', 'company_id': cls.company_b.id})
        cls.clerk = create_retail_user(cls.env, 'cluster_clerk', 'group_store_clerk')

    def test_store_count(self):
        """The cluster shows how many stores it holds."""
        self.assertEqual(self.cluster.store_count, 1)
        self.env['stock.warehouse'].create({
            'name': 'Airport T2', 'code': 'AT2', 'retail_cluster_id': self.cluster.id})
        self.cluster.invalidate_cache()
        self.assertEqual(self.cluster.store_count, 2)

    def test_code_unique_per_company(self):
        """Two clusters of one company cannot share a code; another company can reuse it."""
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'), \
                self.env.cr.savepoint():
            self.Cluster.create({'name': 'Other', 'code': 'AIR'})
        other = self.Cluster.create({'name': 'B airports', 'code': 'AIR',
                                     'company_id': self.company_b.id})
        self.assertEqual(other.company_id, self.company_b)

    def test_store_of_other_company_refused(self):
        """A store cannot join a cluster of another company."""
        with self.assertRaises(ValidationError):
            self.store_b.retail_cluster_id = self.cluster

    def test_clerk_reads_but_cannot_edit_clusters(self):
        """Store staff see their cluster; only planners and administrators change it."""
        self.assertEqual(self.cluster.sudo(self.clerk).name, 'Airport kiosks')
        with self.assertRaises(AccessError):
            self.cluster.sudo(self.clerk).write({'name': 'Renamed'})

    def test_cluster_in_use_cannot_be_deleted(self):
        """Deleting a cluster that still holds stores is refused."""
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'), \
                self.env.cr.savepoint():
            self.cluster.unlink()

    def test_balances_filter_by_cluster(self):
        """Stock balances can be filtered by store cluster."""
        product = self.env['product.product'].create({'name': 'Cluster item', 'type': 'product'})
        move = self.env['stock.move'].create({
            'name': 'count', 'product_id': product.id, 'product_uom_qty': 4,
            'product_uom': product.uom_id.id,
            'location_id': self.env.ref('stock.location_inventory').id,
            'location_dest_id': self.store.lot_stock_id.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.qty_done = 4
        move._action_done()
        balances = self.env['retail.stock.balance'].search([
            ('retail_cluster_id', '=', self.cluster.id), ('product_id', '=', product.id)])
        self.assertEqual(balances.mapped('warehouse_id'), self.store)
        self.assertEqual(balances.on_hand_qty, 4)

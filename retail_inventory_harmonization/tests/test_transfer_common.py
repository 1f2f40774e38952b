# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Builders shared by the transfer and Barcode app tests (no test here)."""
from odoo.addons.retail_governance.tests.common import (
    create_retail_user, receive_from_vendor)
from odoo.tests.common import SavepointCase


class TransferCase(SavepointCase):
    """A DC and two stores of one cluster (lead time 2 days) resupplied from it
    through Odoo's resupply routes, one user per role, three products with
    EAN-13 barcodes in stock at the DC and at store 1, and an adjustment rule
    for the transit location that needs an inventory controller's approval."""

    @classmethod
    def setUpClass(cls):
        super(TransferCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Transfer = cls.env['retail.transfer']
        cls.company = cls.env.user.company_id
        Warehouse = cls.env['stock.warehouse']
        cls.dc = Warehouse.create({'name': 'Transfer DC', 'code': 'TRDC'})
        cls.store_1 = Warehouse.create({
            'name': 'Transfer Store 1', 'code': 'TRS1',
            'resupply_wh_ids': [(6, 0, cls.dc.ids)]})
        cls.store_2 = Warehouse.create({
            'name': 'Transfer Store 2', 'code': 'TRS2',
            'resupply_wh_ids': [(6, 0, cls.dc.ids)]})
        cls.clerk_1 = create_retail_user(cls.env, 'tr_clerk_1', 'group_store_clerk',
                                         warehouses=cls.store_1)
        cls.clerk_2 = create_retail_user(cls.env, 'tr_clerk_2', 'group_store_clerk',
                                         warehouses=cls.store_2)
        cls.manager_1 = create_retail_user(cls.env, 'tr_manager_1', 'group_store_manager',
                                           warehouses=cls.store_1)
        cls.dc_operator = create_retail_user(cls.env, 'tr_dc_operator', 'group_dc_operator',
                                             warehouses=cls.dc)
        cls.controller = create_retail_user(cls.env, 'tr_controller',
                                            'group_inventory_controller')
        cls.controller_2 = create_retail_user(cls.env, 'tr_controller_2',
                                              'group_inventory_controller')
        cls.planner = create_retail_user(cls.env, 'tr_planner', 'group_planner')
        cls.cluster = cls.env['retail.store.cluster'].create({
            'name': 'Transfer cluster', 'code': 'TRC', 'planner_id': cls.planner.id,
            'lead_days': 2.0, 'supply_warehouse_id': cls.dc.id,
            'warehouse_ids': [(6, 0, (cls.store_1 | cls.store_2).ids)]})
        cls.family = cls.env['product.category'].create({'name': 'Transfer Family'})
        cls.shirt = cls._create_product('TR Shirt', '2990000000015', 10.0)
        cls.shoes = cls._create_product('TR Shoes', '2990000000022', 40.0)
        cls.socks = cls._create_product('TR Socks', '2990000000039', 2.0)
        cls.other = cls._create_product('TR Hat', '2990000000046', 5.0)
        cls._receive(cls.dc, {cls.shirt: 100, cls.shoes: 100, cls.socks: 100})
        cls._receive(cls.store_1, {cls.shirt: 20, cls.socks: 30})
        cls.transit = cls.company.internal_transit_location_id
        cls.rule = cls.env['retail.adjustment.rule'].create({
            'name': 'Transfer family', 'sequence': 1, 'company_id': cls.company.id,
            'product_categ_ids': [(6, 0, cls.family.ids)],
            'qty_threshold': 1, 'value_threshold': 5, 'percent_threshold': 1,
            'require_store_manager': False, 'require_inventory_controller': True,
            'require_finance': False, 'window_days': 0})

    @classmethod
    def _create_product(cls, name, barcode, cost):
        return cls.env['product.product'].create({
            'name': name, 'type': 'product', 'categ_id': cls.family.id,
            'standard_price': cost, 'barcode': barcode})

    @classmethod
    def _receive(cls, warehouse, quantities):
        """Stock received from a vendor through a done move."""
        receive_from_vendor(cls.env, warehouse.lot_stock_id, quantities)

    @classmethod
    def _create_transfer(cls, quantities, dest=None, uom=None):
        """A DC-to-store need run through Odoo's resupply route (as the
        replenishment and emergency requests do), in ``uom`` if given (else
        the products' own); returns its transfer."""
        dest = dest or cls.store_1
        group = cls.env['procurement.group'].create({'name': 'TR need', 'move_type': 'direct'})
        route = cls.env['stock.location.route'].search([
            ('supplied_wh_id', '=', dest.id), ('supplier_wh_id', '=', cls.dc.id)], limit=1)
        for product, qty in quantities.items():
            cls.env['procurement.group'].run(
                product, qty, uom or product.uom_id, dest.lot_stock_id, 'TR need', 'TR need',
                {'group_id': group, 'route_ids': route, 'warehouse_id': dest,
                 'company_id': cls.company})
        pickings = cls.env['stock.picking'].search([('group_id', '=', group.id)])
        pickings.filtered(lambda p: p.retail_transfer_leg == 'out').action_assign()
        return pickings.mapped('retail_transfer_id')

    @classmethod
    def _validate(cls, picking, user, quantities):
        """``user`` validates ``picking`` with done quantities per product, as
        the picking form does (no backorder question: Odoo's action_done)."""
        picking = picking.sudo(user)
        picking._retail_set_quantities_done({p.id: q for p, q in quantities.items()})
        picking.action_done()

    def _ship(self, transfer, quantities=None):
        out = transfer.out_picking_ids
        self._validate(out, self.dc_operator, quantities or {
            m.product_id: m.product_uom_qty for m in out.move_lines})
        return transfer

    def _exceptions(self, transfer, exception_type):
        return self.env['retail.exception'].search([
            ('source_model', '=', 'retail.transfer'), ('source_id', '=', transfer.id),
            ('exception_type', '=', exception_type)])

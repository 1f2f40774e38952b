# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo.tests.common import SavepointCase


def create_retail_user(env, login, *roles, warehouses=None, company=None):
    """A user with the retail ``roles`` (XML ids; bare names are retail_governance
    groups), the warehouses they work in and their company. Shared by the
    suite's tests."""
    company = company or env.user.company_id
    groups = [env.ref('base.group_user').id] + [
        env.ref(role if '.' in role else 'retail_governance.%s' % role).id
        for role in roles]
    return env['res.users'].with_context(no_reset_password=True).create({
        'name': login, 'login': login, 'email': '%s@example.com' % login,
        'company_id': company.id, 'company_ids': [(6, 0, company.ids)],
        'groups_id': [(6, 0, groups)],
        'retail_warehouse_ids': [(6, 0, warehouses.ids if warehouses else [])],
    })


def receive_from_vendor(env, location, quantities):
    """Stock received from a vendor into ``location`` through done moves
    ({product: quantity}). Shared by the suite's tests."""
    supplier = env.ref('stock.stock_location_suppliers')
    for product, qty in quantities.items():
        move = env['stock.move'].create({
            'name': 'Vendor receipt', 'product_id': product.id,
            'product_uom': product.uom_id.id, 'product_uom_qty': qty,
            'location_id': supplier.id, 'location_dest_id': location.id})
        move._action_confirm()
        move.write({'move_line_ids': [(0, 0, dict(
            move._prepare_move_line_vals(), qty_done=qty))]})
        move._action_done()


class GovernanceCase(SavepointCase):
    """Two stores of company A, one store of company B, one user per role,
    products with stock, and one adjustment rule for the stores of company A:
    tolerance 10 units, 500 at cost, 20 %; store manager and inventory
    controller approve beyond it; finance too above 1,000."""

    @classmethod
    def setUpClass(cls):
        super(GovernanceCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = cls.env.user.company_id
        cls.company_b = cls.env['res.company'].create({'name': 'Governance Company B'})
        cls.store_a = cls._create_warehouse('Governance Store A', 'GVA', cls.company_a)
        cls.store_b = cls._create_warehouse('Governance Store B', 'GVB', cls.company_a)
        cls.store_c = cls._create_warehouse('Governance Store C', 'GVC', cls.company_b)
        cls.clerk_a = cls._create_user('gv_clerk_a', 'group_store_clerk', cls.store_a)
        cls.clerk_a2 = cls._create_user('gv_clerk_a2', 'group_store_clerk', cls.store_a)
        cls.manager_a = cls._create_user('gv_manager_a', 'group_store_manager', cls.store_a)
        cls.manager_b = cls._create_user('gv_manager_b', 'group_store_manager', cls.store_b)
        cls.dc_operator = cls._create_user('gv_dc_operator', 'group_dc_operator')
        cls.planner = cls._create_user('gv_planner', 'group_planner')
        cls.controller = cls._create_user('gv_controller', 'group_inventory_controller')
        cls.finance = cls._create_user('gv_finance', 'group_finance_approver')
        cls.retail_admin = cls._create_user('gv_retail_admin', 'group_retail_admin')
        cls.clerk_c = cls._create_user('gv_clerk_c', 'group_store_clerk', cls.store_c,
                                       company=cls.company_b)
        cls.family = cls.env['product.category'].create({'name': 'Governance Family'})
        cls.product = cls._create_product('GV Shirt', 10.0)
        cls.product_expensive = cls._create_product('GV Jacket', 200.0)
        cls.product_cheap = cls._create_product('GV Socks', 1.0)
        cls._set_stock(cls.store_a, {cls.product: 100, cls.product_expensive: 50,
                                     cls.product_cheap: 20})
        cls._set_stock(cls.store_b, {cls.product: 100})
        cls.reason_damage = cls.env.ref('retail_governance.reason_damage')
        cls.reason_count = cls.env.ref('retail_governance.reason_count_correction')
        cls.rule = cls.env['retail.adjustment.rule'].create(cls._prepare_rule_vals())

    @classmethod
    def _prepare_rule_vals(cls, **overrides):
        vals = {
            'name': 'Governance stores', 'company_id': cls.company_a.id,
            'warehouse_ids': [(6, 0, (cls.store_a | cls.store_b).ids)],
            'qty_threshold': 10, 'value_threshold': 500, 'percent_threshold': 20,
            'require_store_manager': True, 'require_inventory_controller': True,
            'require_finance': True, 'finance_value_threshold': 1000,
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _create_warehouse(cls, name, code, company):
        return cls.env['stock.warehouse'].create({
            'name': name, 'code': code, 'company_id': company.id})

    @classmethod
    def _create_user(cls, login, role, warehouses=None, company=None):
        return create_retail_user(cls.env, login, role, warehouses=warehouses,
                                  company=company or cls.company_a)

    @classmethod
    def _create_product(cls, name, cost):
        return cls.env['product.product'].create({
            'name': name, 'type': 'product', 'categ_id': cls.family.id,
            'standard_price': cost})

    @classmethod
    def _set_stock(cls, warehouse, quantities, owner=None):
        """Opening stock received from a vendor: a receipt, not an adjustment,
        so it counts in no adjustment window. ``owner``: consigned stock."""
        supplier = cls.env.ref('stock.stock_location_suppliers')
        for product, qty in quantities.items():
            move = cls.env['stock.move'].create({
                'name': 'Opening %s' % warehouse.code, 'product_id': product.id,
                'product_uom': product.uom_id.id, 'product_uom_qty': qty,
                'location_id': supplier.id, 'location_dest_id': warehouse.lot_stock_id.id,
                'company_id': warehouse.company_id.id,
                'restrict_partner_id': owner.id if owner else False})
            move._action_confirm()
            move._action_assign()
            if not move.move_line_ids:
                move.write({'move_line_ids': [(0, 0, move._prepare_move_line_vals())]})
            move.move_line_ids.write({'qty_done': qty, 'owner_id': owner.id if owner else False})
            move._action_done()

    def _count(self, user, counts, warehouse=None, reason=None):
        """An adjustment counted by ``user``: {product: counted quantity}."""
        warehouse = warehouse or self.store_a
        location = warehouse.lot_stock_id
        inventory = self.env['stock.inventory'].sudo(user).create({
            'name': 'Count by %s' % user.login, 'filter': 'partial',
            'location_id': location.id})
        inventory.action_start()
        for product, qty in counts.items():
            self.env['stock.inventory.line'].sudo(user).create({
                'inventory_id': inventory.id, 'product_id': product.id,
                'location_id': location.id, 'product_qty': qty,
                'retail_reason_id': (reason or self.reason_damage).id})
        return inventory

    def _attach(self, user, record):
        return self.env['ir.attachment'].sudo(user).create({
            'name': 'evidence.txt', 'datas_fname': 'evidence.txt',
            'datas': base64.b64encode(b'photo of the damaged goods'),
            'res_model': record._name, 'res_id': record.id})

    def _on_hand(self, product, warehouse=None):
        location = (warehouse or self.store_a).lot_stock_id
        return sum(self.env['stock.quant'].search([
            ('product_id', '=', product.id),
            ('location_id', '=', location.id)]).mapped('quantity'))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.tests.common import SavepointCase


class RetailStockCase(SavepointCase):
    """Builders shared by the stock-status tests: a small network of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Warehouse = cls.env['stock.warehouse']
        cls.Balance = cls.env['retail.stock.balance']
        cls.unit = cls.env.ref('product.product_uom_unit')
        cls.dozen = cls.env.ref('product.product_uom_dozen')
        cls.customers = cls.env.ref('stock.stock_location_customers')
        cls.suppliers = cls.env.ref('stock.stock_location_suppliers')
        cls.inventory_loss = cls.env.ref('stock.location_inventory')
        cls.family = cls.env['product.category'].create({'name': 'Test family'})
        cls.sensitive_family = cls.env['product.category'].create({
            'name': 'Test fresh', 'retail_quality_sensitive': True})
        cls.vendor = cls.env['res.partner'].create({'name': 'Test vendor', 'supplier': True})
        cls.customer = cls.env['res.partner'].create({'name': 'Test customer'})
        cls.dc = cls._create_warehouse('Test DC', 'TDC')
        cls.store = cls._create_warehouse('Test Store 1', 'TS1', resupply_from=cls.dc)
        cls.store2 = cls._create_warehouse('Test Store 2', 'TS2', resupply_from=cls.dc)
        cls.product = cls._create_product('Test shirt')

    @classmethod
    def _create_warehouse(cls, name, code, resupply_from=None, company=None):
        vals = {'name': name, 'code': code}
        if company:
            vals['company_id'] = company.id
        if resupply_from:
            # Stores buy nothing themselves: the DC resupplies them.
            vals.update(resupply_wh_ids=[(6, 0, resupply_from.ids)],
                        default_resupply_wh_id=resupply_from.id, buy_to_resupply=False)
        return cls.env['stock.warehouse'].create(vals)

    @classmethod
    def _create_product(cls, name, family=None, uom=None, **vals):
        uom = uom or cls.unit
        return cls.env['product.product'].create(dict({
            'name': name, 'type': 'product', 'categ_id': (family or cls.family).id,
            'uom_id': uom.id, 'uom_po_id': uom.id, 'standard_price': 10.0,
            'list_price': 25.0}, **vals))

    @classmethod
    def _create_channel(cls, name, code, lines, **vals):
        """A sales channel sold through a sales team of its own
        (``channel.team_ids``), served by ``lines``: (warehouse, sequence) or
        (warehouse, sequence, {floor_qty / floor_percent})."""
        team = cls.env['crm.team'].create({'name': '%s team' % name})
        return cls.env['retail.sales.channel'].create(dict({
            'name': name, 'code': code, 'team_ids': [(6, 0, team.ids)],
            'warehouse_line_ids': [(0, 0, dict(
                {'warehouse_id': line[0].id, 'sequence': line[1]},
                **(line[2] if len(line) > 2 else {}))) for line in lines],
        }, **vals))

    @classmethod
    def _create_user(cls, login, *roles, warehouses=None):
        return create_retail_user(cls.env, login, *roles, warehouses=warehouses)

    @classmethod
    def _move(cls, product, qty, source, dest, uom=None, owner=None, reason=None):
        """A done move, as Odoo makes it (quants follow the ledger)."""
        move = cls.env['stock.move'].create({
            'name': 'test', 'product_id': product.id, 'product_uom_qty': qty,
            'product_uom': (uom or product.uom_id).id, 'location_id': source.id,
            'location_dest_id': dest.id, 'retail_status_reason': reason,
            'restrict_partner_id': owner.id if owner else False,
        })
        move._action_confirm()
        move._action_assign()
        if not move.move_line_ids:
            move.write({'move_line_ids': [(0, 0, move._prepare_move_line_vals())]})
        for line in move.move_line_ids:
            line.write({'qty_done': line.product_uom_qty or qty,
                        'owner_id': owner.id if owner else False})
        move._action_done()
        return move

    @classmethod
    def _stock(cls, product, qty, location, owner=None):
        """Stock counted into ``location`` (an inventory gain)."""
        return cls._move(product, qty, cls.inventory_loss, location, owner=owner)

    def _deliver(self, product, qty, warehouse, uom=None, assign=True):
        """A confirmed delivery from the warehouse stock to a customer."""
        picking = self.env['stock.picking'].create({
            'picking_type_id': warehouse.out_type_id.id,
            'location_id': warehouse.lot_stock_id.id,
            'location_dest_id': self.customers.id, 'partner_id': self.customer.id,
            'move_lines': [(0, 0, {
                'name': product.name, 'product_id': product.id, 'product_uom_qty': qty,
                'product_uom': (uom or product.uom_id).id,
                'location_id': warehouse.lot_stock_id.id,
                'location_dest_id': self.customers.id})],
        })
        picking.action_confirm()
        if assign:
            picking.action_assign()
        return picking

    def _validate(self, picking):
        for move in picking.move_lines:
            for line in move.move_line_ids:
                line.qty_done = line.product_uom_qty
        picking.action_done()

    def _balance(self, warehouse, product):
        """The balance row of warehouse x product as a dict (zeros if none)."""
        rows = self.Balance.search_read(
            [('warehouse_id', '=', warehouse.id), ('product_id', '=', product.id)])
        return rows[0] if rows else {f: 0.0 for f in self.Balance._fields
                                     if f.endswith('_qty')}

    def assertBalance(self, warehouse, product, **expected):
        balance = self._balance(warehouse, product)
        self.assertEqual({k: balance[k] for k in expected}, expected)

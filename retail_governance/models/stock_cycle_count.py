# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockCycleCount(models.Model):
    _inherit = 'stock.cycle.count'

    retail_product_ids = fields.Many2many(
        'product.product', 'retail_cycle_count_product_rel', 'cycle_count_id',
        'product_id', string='High-risk Products',
        help="The products to count; empty: the whole location.")

    @api.multi
    def _prepare_inventory_adjustment(self):
        vals = super(StockCycleCount, self)._prepare_inventory_adjustment()
        if self.retail_product_ids:
            vals.update(filter='partial', line_ids=[
                (0, 0, line) for line in self._prepare_retail_count_lines()])
        return vals

    @api.multi
    def do_cancel(self):
        """OCA's answers None, which XML-RPC cannot carry."""
        super(StockCycleCount, self).do_cancel()
        return True

    @api.multi
    def _prepare_retail_count_lines(self):
        """One line per high-risk product and stock position (owner, lot,
        package) of the location, counted quantity preset to the system's:
        units owned by a partner (consigned) stay under their owner, so an
        untouched count changes nothing. Products without stock get one
        line at zero."""
        self.ensure_one()
        groups = self.env['stock.quant'].read_group(
            self._get_retail_count_quant_domain(),
            ['product_id', 'owner_id', 'lot_id', 'package_id', 'quantity'],
            ['product_id', 'owner_id', 'lot_id', 'package_id'], lazy=False)
        positions = {}
        for group in groups:
            key = tuple(group[name] and group[name][0] for name in (
                'product_id', 'owner_id', 'lot_id', 'package_id'))
            positions[key] = positions.get(key, 0.0) + group['quantity']
        lines = []
        for product in self.retail_product_ids:
            keys = sorted((key for key in positions if key[0] == product.id),
                          key=lambda key: tuple(part or 0 for part in key)
                          ) or [(product.id, False, False, False)]
            for _product, owner_id, lot_id, package_id in keys:
                lines.append({
                    'product_id': product.id,
                    'product_uom_id': product.uom_id.id,
                    'location_id': self.location_id.id,
                    'partner_id': owner_id,
                    'prod_lot_id': lot_id,
                    'package_id': package_id,
                    'product_qty': positions.get(
                        (product.id, owner_id, lot_id, package_id), 0.0),
                })
        return lines

    @api.multi
    def _get_retail_count_quant_domain(self):
        """The quants a count's lines start from: those its lines' system
        quantity is read from (stock.inventory.line._get_quants)."""
        self.ensure_one()
        return [('location_id', '=', self.location_id.id),
                ('product_id', 'in', self.retail_product_ids.ids),
                ('company_id', '=', (self.location_id.company_id or self.company_id).id)]

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .retail_stock_status import DAMAGED, QUARANTINED


class StockWarehouse(models.Model):
    _inherit = 'stock.warehouse'

    retail_damaged_location_id = fields.Many2one(
        'stock.location', string='Damaged Location', readonly=True)
    retail_quarantine_location_id = fields.Many2one(
        'stock.location', string='Quarantine Location', readonly=True,
        help="Receipts of quality-sensitive families wait here for inspection.")
    retail_returns_location_id = fields.Many2one(
        'stock.location', string='Returns Location', readonly=True,
        help="Customer returns land here and wait for their disposition.")

    def _retail_status_location_specs(self):
        """Status locations every warehouse gets: field -> (name, status code).
        Returns wait for a disposition, so they count as quarantined."""
        return {
            'retail_damaged_location_id': (_('Damaged'), DAMAGED),
            'retail_quarantine_location_id': (_('Quarantine'), QUARANTINED),
            'retail_returns_location_id': (_('Returns'), QUARANTINED),
        }

    def _prepare_retail_status_location_vals(self, name, status):
        self.ensure_one()
        return {
            'name': name, 'usage': 'internal', 'location_id': self.view_location_id.id,
            'company_id': self.company_id.id, 'retail_status_id': status.id,
        }

    @api.model
    def create(self, vals):
        warehouse = super().create(vals)
        warehouse.action_create_status_locations()
        return warehouse

    def action_create_status_locations(self):
        """Gives each warehouse its damaged, quarantine and returns locations,
        beside (not inside) its stock location so that Odoo never reserves them
        for sales. Warehouses that have them keep them."""
        Location = self.env['stock.location']
        Status = self.env['retail.stock.status']
        for warehouse in self:
            vals = {}
            for field, (name, code) in warehouse._retail_status_location_specs().items():
                if warehouse[field]:
                    continue
                status = Status._get_by_code(code)
                if not status:
                    raise UserError(_("The stock status %s is missing.") % code)
                vals[field] = Location.create(
                    warehouse._prepare_retail_status_location_vals(name, status)).id
            if vals:
                warehouse.write(vals)
        return True

    @api.model
    def _retail_create_all_status_locations(self):
        """For warehouses that existed before the module (called at install)."""
        self.with_context(active_test=False).search([]).action_create_status_locations()

    def _retail_move_stock(self, quantities, location, location_dest, reason, origin):
        """Moves ``quantities`` ([(product, qty in its unit)]) from ``location`` to
        ``location_dest`` in one validated internal transfer of this warehouse
        carrying ``reason``. Refuses when the stock is not there."""
        self.ensure_one()
        picking = self.env['stock.picking'].create(
            self._prepare_retail_move_picking_vals(quantities, location, location_dest,
                                                   reason, origin))
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_lines:
            if float_compare(move.reserved_availability, move.product_uom_qty,
                             precision_rounding=move.product_uom.rounding) < 0:
                raise UserError(_(
                    "Only %s %s of %s is in %s, %s asked.") % (
                        move.reserved_availability, move.product_uom.name,
                        move.product_id.display_name, location.display_name,
                        move.product_uom_qty))
            for line in move.move_line_ids:
                line.qty_done = line.product_uom_qty
        picking.action_done()
        return picking

    def _prepare_retail_move_picking_vals(self, quantities, location, location_dest,
                                          reason, origin):
        self.ensure_one()
        return {
            'picking_type_id': self.int_type_id.id,
            'location_id': location.id, 'location_dest_id': location_dest.id,
            'origin': origin, 'retail_status_reason': reason,
            'move_lines': [(0, 0, {
                'name': reason, 'product_id': product.id, 'product_uom_qty': qty,
                'product_uom': product.uom_id.id, 'location_id': location.id,
                'location_dest_id': location_dest.id, 'retail_status_reason': reason,
            }) for product, qty in quantities],
        }

    def action_view_retail_balances(self):
        self.ensure_one()
        action = self.env.ref('retail_stock_status.retail_stock_balance_action').read()[0]
        action['domain'] = [('warehouse_id', '=', self.id)]
        action['context'] = {}
        return action

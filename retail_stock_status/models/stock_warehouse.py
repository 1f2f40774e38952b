# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
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
    retail_pool_id = fields.Many2one(
        'retail.store.pool', string='Regional Pool', index=True, ondelete='set null',
        help="Stores of one pool serve each other's customers in pooling channels.")
    retail_transfer_lead_days = fields.Integer(
        'Transfer Lead Time (days)', default=1,
        help="Days a transfer from another warehouse takes to reach this one: "
             "the promised date of an order collected here that waits for one.")

    @api.constrains('retail_transfer_lead_days')
    def _check_retail_transfer_lead_days(self):
        if any(warehouse.retail_transfer_lead_days < 0 for warehouse in self):
            raise ValidationError(_("A transfer lead time cannot be negative."))

    @api.constrains('retail_pool_id', 'company_id')
    def _check_retail_pool_company(self):
        for warehouse in self.filtered('retail_pool_id'):
            if warehouse.retail_pool_id.company_id != warehouse.company_id:
                raise ValidationError(_(
                    "%s cannot join the pool %s of another company.") % (
                        warehouse.name, warehouse.retail_pool_id.name))

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

    def _retail_transfer_to(self, dest, product, qty, uom, group, origin, date):
        """Moves ``qty`` of ``product`` from this warehouse to ``dest`` through
        the transit location, as Odoo's resupply routes do: a delivery here,
        reserved now, and a receipt there that waits for it. Returns the
        receipt's move, for the moves to wait for."""
        self.ensure_one()
        transit = self.company_id.internal_transit_location_id
        if not transit:
            raise UserError(_("Company %s has no transit location.") % self.company_id.name)
        Move = self.env['stock.move']
        common = {
            'name': product.display_name, 'product_id': product.id,
            'product_uom': uom.id, 'product_uom_qty': qty, 'origin': origin,
            'group_id': group.id if group else False, 'company_id': self.company_id.id,
            'partner_id': dest.partner_id.id, 'date': date, 'date_expected': date,
            'retail_source_warehouse_id': self.id,
        }
        incoming = Move.create(dict(
            common, picking_type_id=dest.in_type_id.id, location_id=transit.id,
            location_dest_id=(dest.in_type_id.default_location_dest_id
                              or dest.lot_stock_id).id, warehouse_id=dest.id,
            retail_sourcing_note=_("Transfer from %s to %s") % (self.name, dest.name)))
        outgoing = Move.create(dict(
            common, picking_type_id=self.out_type_id.id, location_id=(
                self.out_type_id.default_location_src_id or self.lot_stock_id).id,
            location_dest_id=transit.id, warehouse_id=self.id,
            move_dest_ids=[(4, incoming.id)],
            retail_sourcing_note=_("Transfer from %s to %s") % (self.name, dest.name)))
        # not merged into another transfer of the order: the receipt move
        # returned is the one the delivery waits for
        (outgoing | incoming)._action_confirm(merge=False)
        outgoing._action_assign()
        return incoming

    def action_view_retail_balances(self):
        self.ensure_one()
        action = self.env.ref('retail_stock_status.retail_stock_balance_action').read()[0]
        action['domain'] = [('warehouse_id', '=', self.id)]
        action['context'] = {}
        return action

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..upgrade import sync_location_warehouses

# Context key of a warehouse's creation: its locations wait with the
# warehouse (one request), not each on its own.
WAREHOUSE_CREATE_KEY = 'retail_warehouse_create'
WAREHOUSE_CREATE_TOKEN = object()


class StockLocation(models.Model):
    """A new location waits for the data steward: until approved, neither it
    nor the locations under it receive stock."""
    _name = 'stock.location'
    _inherit = ['stock.location', 'retail.master.data.state.mixin']

    # Kept by _retail_sync_warehouses (SQL), never written by a client: the
    # store roles' record rules test it (and moves' and transfers' copies).
    retail_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Warehouse', readonly=True, index=True, copy=False,
        help="The warehouse this location is in (under its view location).")

    @api.model
    def _retail_creating_warehouse(self):
        return self.env.context.get(WAREHOUSE_CREATE_KEY) is WAREHOUSE_CREATE_TOKEN

    @api.model
    def _retail_master_data_governed(self):
        if self._retail_creating_warehouse():
            return False
        return super(StockLocation, self)._retail_master_data_governed()

    @api.multi
    def _retail_needs_creation_approval(self):
        """Not under a location that waits: it waits with it."""
        return (super(StockLocation, self)._retail_needs_creation_approval()
                and not self._retail_unapproved_ids(self.mapped('location_id').ids))

    @api.model
    def create(self, vals):
        self._retail_refuse_warehouse(vals)
        location = super(StockLocation, self).create(vals)
        # A new warehouse's locations: the warehouse syncs them all once made.
        if not self._retail_creating_warehouse():
            self._retail_sync_warehouses()
            self.env['res.users']._retail_clear_rule_cache()
        return location

    @api.multi
    def write(self, vals):
        self._retail_refuse_warehouse(vals)
        result = super(StockLocation, self).write(vals)
        if 'location_id' in vals:
            self._retail_sync_warehouses()
            self.env['res.users']._retail_clear_rule_cache()
        return result

    @api.model
    def _retail_refuse_warehouse(self, vals):
        if 'retail_warehouse_id' in vals:
            raise ValidationError(_(
                "%s: %s follows the warehouse the location is in and cannot be set.") % (
                    self._description, self._fields['retail_warehouse_id'].string))

    @api.multi
    def check_zero_confirmation(self):
        """stock_cycle_count looks up each location's warehouse and that
        warehouse's zero-confirmation rule at every validated move (a move's
        source locations): two searches per location for nothing where no
        warehouse has such a rule, the usual case. Where one has, its own
        check runs as it was."""
        if not self.env['stock.cycle.count.rule'].sudo().search_count(
                [('rule_type', '=', 'zero')]):
            return None
        return super(StockLocation, self).check_zero_confirmation()

    @api.model
    def _retail_sync_warehouses(self):
        """Every location's warehouse in step with the warehouses' trees (a
        location created or moved, a warehouse created or given another view
        location), and the moves' copies of the locations that changed."""
        if sync_location_warehouses(self.env.cr):
            self.invalidate_cache(['retail_warehouse_id'])
            for model in ('stock.move', 'stock.move.line'):
                self.env[model].invalidate_cache(
                    ['retail_from_warehouse_id', 'retail_to_warehouse_id'])

    @api.model
    def _retail_unapproved_ids(self, location_ids):
        """The ids among ``location_ids`` that are, or are under, a location
        not approved by the data steward (found up parent_id: the nested sets
        are not computed while modules load)."""
        if not location_ids:
            return set()
        self._cr.execute("""
            WITH RECURSIVE up(origin, id) AS (
                SELECT id, id FROM stock_location WHERE id = ANY(%s)
                 UNION
                SELECT up.origin, l.location_id
                  FROM up JOIN stock_location l ON l.id = up.id
                 WHERE l.location_id IS NOT NULL
            )
            SELECT DISTINCT up.origin
              FROM up JOIN stock_location l ON l.id = up.id
             WHERE l.retail_approval_state != 'approved'""", (list(location_ids),))
        return {row[0] for row in self._cr.fetchall()}

    @api.model
    def _retail_check_can_receive(self, location_ids):
        blocked = self._retail_unapproved_ids(location_ids)
        if blocked:
            names = self.sudo().browse(sorted(blocked)).mapped('display_name')
            raise UserError(_(
                "Location %s is not approved by the data steward yet: it cannot "
                "receive stock.") % ', '.join(names))

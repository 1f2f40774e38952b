# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError

# Context key of a warehouse's creation: its locations wait with the
# warehouse (one request), not each on its own.
WAREHOUSE_CREATE_KEY = 'retail_warehouse_create'
WAREHOUSE_CREATE_TOKEN = object()


class StockLocation(models.Model):
    """A new location waits for the data steward: until approved, neither it
    nor the locations under it receive stock."""
    _name = 'stock.location'
    _inherit = ['stock.location', 'retail.master.data.state.mixin']

    @api.model
    def _retail_master_data_governed(self):
        if self.env.context.get(WAREHOUSE_CREATE_KEY) is WAREHOUSE_CREATE_TOKEN:
            return False
        return super(StockLocation, self)._retail_master_data_governed()

    @api.multi
    def _retail_needs_creation_approval(self):
        """Not under a location that waits: it waits with it."""
        return (super(StockLocation, self)._retail_needs_creation_approval()
                and not self._retail_unapproved_ids(self.mapped('location_id').ids))

    @api.model
    def create(self, vals):
        location = super(StockLocation, self).create(vals)
        self.env['res.users']._retail_clear_rule_cache()
        return location

    @api.multi
    def write(self, vals):
        result = super(StockLocation, self).write(vals)
        if 'location_id' in vals:
            self.env['res.users']._retail_clear_rule_cache()
        return result

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

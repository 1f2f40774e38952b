# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class RetailStoreScopeMixin(models.AbstractModel):
    """The warehouse columns the store roles' record rules test on moves and
    move lines, in the row as it is inserted. Odoo computes stored related
    fields only after the record's one2many values are written, and checks
    the rules in between: a store manager's move, or its transfer, would be
    hidden from them while it is created."""
    _name = 'retail.store.scope.mixin'
    _description = 'Store Scope Columns'

    # {column: location column} of the warehouses of a row's locations.
    _retail_location_warehouse_columns = {
        'retail_from_warehouse_id': 'location_id',
        'retail_to_warehouse_id': 'location_dest_id',
    }

    @api.model
    def _create(self, vals):
        return super(RetailStoreScopeMixin, self)._create(self._retail_with_scope(vals))

    @api.model
    def _retail_with_scope(self, vals):
        """``vals`` (column values) with the warehouses of its locations and
        transfer, as the related fields will store them."""
        vals = dict(vals)
        # sudo: the columns name the warehouses whatever the user sees.
        Location = self.env['stock.location'].sudo()
        for column, location_column in self._retail_location_warehouse_columns.items():
            if isinstance(vals.get(location_column), int):
                vals[column] = Location.browse(vals[location_column]).retail_warehouse_id.id
        if isinstance(vals.get('picking_id'), int):
            vals['retail_picking_warehouse_id'] = self.env['stock.picking'].sudo().browse(
                vals['picking_id']).picking_type_id.warehouse_id.id
        return vals

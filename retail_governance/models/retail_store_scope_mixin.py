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
        transfer, as the related fields will store them (one query: the
        records' ORM reads would prefetch every column of theirs)."""
        columns = [(column, vals.get(location_column))
                   for column, location_column in self._retail_location_warehouse_columns.items()]
        columns = [(column, location_id) for column, location_id in columns
                   if isinstance(location_id, int)]
        picking_id = vals.get('picking_id')
        if not isinstance(picking_id, int):
            picking_id = None
        if not columns and not picking_id:
            return vals
        selects = ['(SELECT retail_warehouse_id FROM stock_location WHERE id = %s)'] * len(columns)
        params = [location_id for _column, location_id in columns]
        if picking_id:
            selects.append("""(SELECT t.warehouse_id FROM stock_picking p
                                 JOIN stock_picking_type t ON t.id = p.picking_type_id
                                WHERE p.id = %s)""")
            params.append(picking_id)
            columns.append(('retail_picking_warehouse_id', picking_id))
        self.env.cr.execute('SELECT ' + ', '.join(selects), params)
        found = self.env.cr.fetchone()
        return dict(vals, **{column: warehouse_id or False
                             for (column, _id), warehouse_id in zip(columns, found)})

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reordering rules Odoo 11 accepts and then misuses: a rule of an archived
product (the form's domain only hides them) and a rule whose location is not
in its warehouse (it replenishes a location the warehouse's routes do not
serve)."""
from odoo import _, api, models
from odoo.exceptions import ValidationError


class StockWarehouseOrderpoint(models.Model):
    _inherit = 'stock.warehouse.orderpoint'

    @api.constrains('product_id', 'active')
    def _check_retail_product_active(self):
        for orderpoint in self.filtered('active'):
            if not orderpoint.product_id.active:
                raise ValidationError(_(
                    "Reordering rule %s: product %s is archived.") % (
                        orderpoint.name, orderpoint.product_id.display_name))

    @api.constrains('location_id', 'warehouse_id')
    def _check_retail_location_in_warehouse(self):
        for orderpoint in self:
            view = orderpoint.warehouse_id.view_location_id
            location = orderpoint.location_id
            if view and location and not (
                    view.parent_left <= location.parent_left < view.parent_right):
                raise ValidationError(_(
                    "Reordering rule %s: location %s is not in warehouse %s.") % (
                        orderpoint.name, location.display_name,
                        orderpoint.warehouse_id.name))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Roles that work across all the stores of their companies; the other retail
# roles (store clerk, store manager) are limited to their own warehouses.
NETWORK_ROLES = (
    'retail_governance.group_dc_operator',
    'retail_governance.group_planner',
    'retail_governance.group_inventory_controller',
    'retail_governance.group_finance_approver',
)


class ResUsers(models.Model):
    _inherit = 'res.users'

    retail_warehouse_ids = fields.Many2many(
        comodel_name='stock.warehouse',
        relation='retail_user_warehouse_rel',
        column1='user_id',
        column2='warehouse_id',
        string='Retail Warehouses',
        help="Stores and distribution centres this user works in. Store roles "
             "only see the stock of these warehouses.",
    )
    retail_location_ids = fields.Many2many(
        'stock.location', string='Locations of My Warehouses',
        compute='_compute_retail_location_ids',
        help="Every location under the user's warehouses, archived ones "
             "included: what the store roles' record rules let them see.")

    @api.depends('retail_warehouse_ids')
    def _compute_retail_location_ids(self):
        """The record rules read this list once per rule cache (Odoo caches
        their domains per user), where a ``child_of`` leaf searched the
        locations again at every read of a move, a quant or a count (about
        1.5 ms each, 600 times per inter-store transfer)."""
        # sudo: the rules see every location; which ones is the user's data.
        Location = self.env['stock.location'].sudo().with_context(active_test=False)
        for user in self:
            views = user.sudo().retail_warehouse_ids.mapped('view_location_id')
            user.retail_location_ids = Location.search(
                [('id', 'child_of', views.ids)]) if views else Location

    retail_picking_type_ids = fields.Many2many(
        'stock.picking.type', string='Operation Types of My Warehouses',
        compute='_compute_retail_picking_type_ids',
        help="Every operation type of the user's warehouses, archived ones "
             "included: the transfers the store roles' record rules let them see.")

    @api.depends('retail_warehouse_ids')
    def _compute_retail_picking_type_ids(self):
        """Read once per rule cache, as the locations: the transfers' rule
        on ``picking_type_id.warehouse_id`` searched the operation types at
        every check of a picking (about 15 times per validation)."""
        # sudo: the rules see every operation type; which ones is the user's data.
        Type = self.env['stock.picking.type'].sudo().with_context(active_test=False)
        for user in self:
            warehouses = user.sudo().retail_warehouse_ids
            user.retail_picking_type_ids = Type.search(
                [('warehouse_id', 'in', warehouses.ids)]) if warehouses else Type

    @api.constrains('retail_warehouse_ids', 'company_ids')
    def _check_retail_warehouse_company(self):
        for user in self:
            foreign = user.retail_warehouse_ids.filtered(
                lambda wh: wh.company_id not in user.company_ids)
            if foreign:
                raise ValidationError(_(
                    "User %s cannot work in warehouses of a company they do "
                    "not belong to: %s") % (
                        user.name, ', '.join(foreign.mapped('name'))))

    @api.model
    def create(self, vals):
        user = super(ResUsers, self).create(vals)
        if vals.get('retail_warehouse_ids'):
            user._retail_clear_rule_cache()
        return user

    @api.multi
    def write(self, vals):
        result = super(ResUsers, self).write(vals)
        if 'retail_warehouse_ids' in vals:
            self._retail_clear_rule_cache()
        return result

    def _retail_clear_rule_cache(self):
        """Record rules read the user's warehouses, their locations and
        operation types, and Odoo caches rule domains per user: a store
        reassignment, or a location or operation type added to a store, must
        take effect at once."""
        self.env['ir.rule'].clear_caches()
        self.env['res.users'].invalidate_cache(['retail_location_ids', 'retail_picking_type_ids'])

    @api.multi
    def _retail_is_store_scoped(self):
        """Whether the record rules limit this user to their own warehouses."""
        self.ensure_one()
        return self.has_group('retail_governance.group_store_clerk') and not any(
            self.has_group(group) for group in NETWORK_ROLES)

    @api.multi
    def _retail_works_in(self, warehouse):
        """Whether this user may act for ``warehouse`` (network roles: any)."""
        self.ensure_one()
        return not self._retail_is_store_scoped() or bool(
            warehouse & self.retail_warehouse_ids)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
        user = super().create(vals)
        if vals.get('retail_warehouse_ids'):
            user._retail_clear_rule_cache()
        return user

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if 'retail_warehouse_ids' in vals:
            self._retail_clear_rule_cache()
        return result

    def _retail_clear_rule_cache(self):
        """Record rules read the user's warehouses, and Odoo caches rule domains
        per user: a store reassignment must take effect at once."""
        self.env['ir.rule'].clear_caches()

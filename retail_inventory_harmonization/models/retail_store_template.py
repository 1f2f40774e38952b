# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.company_check import check_same_company
from odoo.exceptions import ValidationError


class RetailStoreTemplate(models.Model):
    """A store format: everything a new store of this format gets when it is
    onboarded (see the wizard retail.store.onboarding)."""
    _name = 'retail.store.template'
    _description = 'Store Template'
    _inherit = ['mail.thread']
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.store.template'))
    description = fields.Text()
    cluster_id = fields.Many2one(
        'retail.store.cluster', string='Store Cluster', required=True,
        ondelete='restrict', track_visibility='onchange',
        help="The cluster the new store joins: its policies give the store its "
             "reordering rules at once.")
    supply_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Supplying DC', ondelete='restrict',
        track_visibility='onchange',
        help="Warehouse that resupplies the store (Odoo's resupply route). "
             "Empty: the cluster's, else the company's distribution centre.")
    status_location_names = fields.Char(
        string='Status Locations', compute='_compute_status_location_names',
        help="Locations every store gets beside its stock: damaged, quarantine "
             "(quality-sensitive receipts) and returns.")
    channel_line_ids = fields.One2many(
        'retail.store.template.channel', 'template_id', string='Sales Channels',
        copy=True,
        help="Channels the store serves, with the floor each leaves in the store.")
    adjustment_rule_ids = fields.Many2many(
        'retail.adjustment.rule', 'retail_store_template_adjustment_rule_rel',
        'template_id', 'rule_id', string='Adjustment Rules',
        help="Approval rules that apply to the store's adjustments.")
    group_ids = fields.Many2many(
        'res.groups', 'retail_store_template_group_rel', 'template_id', 'group_id',
        string='Staff Roles',
        domain=lambda self: [('category_id', '=', self.env.ref(
            'retail_governance.module_category_retail').id)],
        help="Roles the store's staff get when the store is onboarded.")
    warehouse_ids = fields.One2many(
        'stock.warehouse', 'retail_store_template_id', string='Stores', readonly=True)

    _sql_constraints = [
        ('name_company_uniq', 'unique (name, company_id)',
         'The name of a store template must be unique per company.'),
    ]

    def _compute_status_location_names(self):
        names = ', '.join(
            name for name, _code in
            self.env['stock.warehouse']._retail_status_location_specs().values())
        for template in self:
            template.status_location_names = names

    @api.constrains('company_id', 'cluster_id', 'supply_warehouse_id',
                    'adjustment_rule_ids')
    def _check_company(self):
        for field in ('cluster_id', 'supply_warehouse_id', 'adjustment_rule_ids',
                      'channel_line_ids.channel_id'):
            check_same_company(self, field, _(
                "Store template %s cannot use what belongs to another company: %s"))

    @api.constrains('cluster_id', 'supply_warehouse_id')
    def _check_supply(self):
        for template in self:
            if not template._get_supply_warehouse():
                raise ValidationError(_(
                    "Store template %s needs a supplying DC: set one on the "
                    "template, its cluster or the company.") % template.name)

    @api.constrains('group_ids')
    def _check_groups(self):
        category = self.env.ref('retail_governance.module_category_retail')
        for template in self:
            other = template.group_ids.filtered(lambda g: g.category_id != category)
            if other:
                raise ValidationError(_(
                    "Store template %s can only give retail roles to the staff, not: %s")
                    % (template.name, ', '.join(other.mapped('name'))))

    def _get_supply_warehouse(self):
        self.ensure_one()
        return (self.supply_warehouse_id or self.cluster_id.supply_warehouse_id
                or self.company_id.retail_dc_id)


class RetailStoreTemplateChannel(models.Model):
    _name = 'retail.store.template.channel'
    _description = 'Sales Channel of a Store Template'
    _order = 'template_id, sequence, id'

    template_id = fields.Many2one(
        'retail.store.template', required=True, ondelete='cascade')
    company_id = fields.Many2one(
        related='template_id.company_id', store=True, readonly=True)
    channel_id = fields.Many2one(
        'retail.sales.channel', required=True, ondelete='cascade')
    sequence = fields.Integer(default=10, help="Lower sequences serve first.")
    floor_qty = fields.Float(
        string='Floor (units)', help="Units per product the channel leaves in the store.")
    floor_percent = fields.Float(
        string='Floor (%)', help="Share of the store's sellable stock the channel leaves.")

    def _prepare_channel_warehouse_vals(self, warehouse):
        self.ensure_one()
        return {
            'channel_id': self.channel_id.id, 'warehouse_id': warehouse.id,
            'sequence': self.sequence, 'floor_qty': self.floor_qty,
            'floor_percent': self.floor_percent,
        }


class StockWarehouse(models.Model):
    _inherit = 'stock.warehouse'

    retail_store_template_id = fields.Many2one(
        'retail.store.template', string='Store Template', readonly=True,
        ondelete='set null', help="The template this store was onboarded from.")

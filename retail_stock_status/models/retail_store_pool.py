# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.company_check import check_same_company


class RetailStorePool(models.Model):
    """Stores of one region that serve each other's customers: a channel that
    pools sells, in a store, that store's stock first and then the pool's,
    with a store-to-store transfer."""
    _name = 'retail.store.pool'
    _description = 'Regional Store Pool'
    _inherit = ['mail.thread']
    _order = 'name'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    code = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.store.pool'))
    warehouse_ids = fields.One2many(
        'stock.warehouse', 'retail_pool_id', string='Stores',
        help="A store belongs to one pool at most.")
    warehouse_count = fields.Integer(compute='_compute_warehouse_count', string='Stores')

    _sql_constraints = [
        ('code_company_uniq', 'unique (code, company_id)',
         'The code of a store pool must be unique per company.'),
    ]

    @api.depends('warehouse_ids')
    def _compute_warehouse_count(self):
        for pool in self:
            pool.warehouse_count = len(pool.warehouse_ids)

    @api.constrains('company_id', 'warehouse_ids')
    def _check_warehouse_company(self):
        check_same_company(self, 'warehouse_ids', _(
            "Pool %s cannot hold stores of another company: %s"))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.addons import decimal_precision as dp


class StockWarehouseOrderpoint(models.Model):
    _inherit = 'stock.warehouse.orderpoint'

    retail_policy_id = fields.Many2one(
        'retail.replenishment.policy', string='Replenishment Policy', index=True,
        ondelete='set null', readonly=True)
    retail_cluster_id = fields.Many2one(
        related='warehouse_id.retail_cluster_id', string='Store Cluster', store=True,
        readonly=True)
    retail_categ_id = fields.Many2one(
        related='product_id.categ_id', string='Product Family', store=True,
        readonly=True)
    retail_daily_demand = fields.Float(
        string='Daily Demand', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True, group_operator='sum',
        help="Average daily demand over the policy's lookback, days without sales "
             "counted as zero.")
    retail_demand_stddev = fields.Float(
        string='Demand Std. Dev.', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True,
        help="Standard deviation of the daily demand over the lookback.")
    retail_safety_stock = fields.Float(
        string='Safety Stock', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True)
    retail_proposed_min_qty = fields.Float(
        string='Proposed Minimum', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True)
    retail_proposed_max_qty = fields.Float(
        string='Proposed Maximum', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True)
    retail_computed_date = fields.Datetime(string='Computed On', readonly=True)
    retail_locked = fields.Boolean(
        string='Locked by Planner', copy=False,
        help="Policy computations update the proposed values only; the applied "
             "min/max stay as the planner set them.")
    retail_set_by = fields.Selection(
        [('policy', 'Policy'), ('planner', 'Planner'), ('manual', 'Manual')],
        string='Set By', readonly=True, copy=False, default='manual')
    retail_set_by_user_id = fields.Many2one(
        'res.users', string='Set By User', readonly=True, copy=False,
        help="Who last set the min/max: the user, or the one who ran the policy "
             "computation.")

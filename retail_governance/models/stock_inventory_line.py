# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .stock_inventory import RESET_KEY, RESET_TOKEN

# Fields that change what an approver approved.
COUNT_FIELDS = ('product_id', 'product_qty', 'location_id', 'prod_lot_id',
                'package_id', 'partner_id', 'product_uom_id', 'retail_reason_id')


class StockInventoryLine(models.Model):
    _inherit = 'stock.inventory.line'

    retail_reason_id = fields.Many2one(
        'retail.adjustment.reason', string='Reason', ondelete='restrict',
        help="Why the counted quantity differs from the system quantity.")
    retail_value_diff = fields.Float(
        string='Value Difference', compute='_compute_retail_rule',
        help="Absolute difference valued at the product's cost.")
    retail_rule_id = fields.Many2one(
        'retail.adjustment.rule', string='Adjustment Rule', compute='_compute_retail_rule')
    retail_over_rule = fields.Boolean(
        string='Beyond Tolerance', compute='_compute_retail_rule')

    @api.multi
    @api.depends('product_qty', 'theoretical_qty', 'product_id', 'location_id')
    def _compute_retail_rule(self):
        Rule = self.env['retail.adjustment.rule']
        rules_by_company = {}
        for line in self:
            company = line.inventory_id.company_id or line.company_id or self.env.user.company_id
            if company not in rules_by_company:
                # sudo: the rules are the company's policy, whoever counts.
                rules_by_company[company] = Rule.sudo().search(Rule._get_rule_domain(company))
            diff = line.product_qty - line.theoretical_qty
            value = abs(diff) * line.product_id.with_context(
                force_company=company.id).standard_price
            line.retail_value_diff = value
            line.retail_rule_id = False
            line.retail_over_rule = False
            if not line._retail_has_difference():
                continue
            rule = Rule._find_rule(company, line.location_id.get_warehouse(),
                                   line.product_id, rules=rules_by_company[company])
            line.retail_rule_id = rule
            line.retail_over_rule = bool(rule) and rule._is_exceeded(
                diff, value, line.discrepancy_percent)

    @api.multi
    def _retail_has_difference(self):
        self.ensure_one()
        return float_compare(
            self.product_qty, self.theoretical_qty,
            precision_rounding=self.product_uom_id.rounding or 0.001) != 0

    @api.multi
    def _retail_check_not_under_approval(self):
        if self.env.context.get(RESET_KEY) is RESET_TOKEN:
            return
        for inventory in self.mapped('inventory_id'):
            if inventory.review_ids and inventory.state in inventory._state_from:
                raise UserError(_(
                    "Adjustment %s is under approval: restart the approval to "
                    "change its counts.") % inventory.name)

    @api.model
    def create(self, vals):
        line = super(StockInventoryLine, self).create(vals)
        line._retail_check_not_under_approval()
        return line

    @api.multi
    def write(self, vals):
        if set(vals) & set(COUNT_FIELDS):
            self._retail_check_not_under_approval()
        return super(StockInventoryLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._retail_check_not_under_approval()
        return super(StockInventoryLine, self).unlink()

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.tools import DEFAULT_SERVER_DATETIME_FORMAT


class StockCycleCountRule(models.Model):
    """High-risk SKUs: per location, the products that make most of its value
    (value class A) and those with a recent count variance are counted."""
    _inherit = 'stock.cycle.count.rule'

    retail_value_share = fields.Float(
        string='Value Class A Share (%)', default=80.0,
        help="Products that together make up this share of the location's "
             "on-hand value at cost, most valuable first, are high risk.")
    retail_variance_days = fields.Integer(
        string='Variance Look-back (days)', default=90,
        help="Products whose counts differed from a known system quantity "
             "in validated adjustments of this many last days are high risk "
             "(first counts of a product, from zero, are not variances).")
    retail_variance_percent = fields.Float(
        string='Variance Above (%)', default=5.0,
        help="Minimum difference, as a percentage of the system quantity, "
             "that makes a past count variance high risk.")
    retail_max_products = fields.Integer(
        string='Products per Count', default=50,
        help="At most this many products per count document, riskiest first.")

    @api.model
    def _selection_rule_types(self):
        res = super(StockCycleCountRule, self)._selection_rule_types()
        res.append(('retail_risk', _('High-risk SKUs')))
        return res

    @api.depends('rule_type')
    def _compute_rule_description(self):
        retail = self.filtered(lambda r: r.rule_type == 'retail_risk')
        for rule in retail:
            rule.rule_description = _(
                'Counts, per location, the products of value class A and those '
                'with a recent count variance.')
        if self - retail:
            for rule in self - retail:
                super(StockCycleCountRule, rule)._compute_rule_description()

    def compute_rule(self, locs):
        if self.rule_type == 'retail_risk':
            return self._compute_rule_retail_risk(locs)
        return super(StockCycleCountRule, self).compute_rule(locs)

    @api.multi
    def _compute_rule_retail_risk(self, locs):
        self.ensure_one()
        proposals = []
        today = datetime.today()
        for loc in locs.filtered(lambda l: l.usage == 'internal'):
            products = self._get_retail_high_risk_products(loc)
            if products:
                proposal = self._propose_cycle_count(today, loc)
                proposal['retail_products'] = products
                proposals.append(proposal)
        return proposals

    @api.multi
    def _get_retail_high_risk_products(self, location):
        """Value class A and recent variances of ``location``, riskiest first."""
        self.ensure_one()
        return (self._get_retail_recent_variance_products(location)
                | self._get_retail_value_class_products(location)
                )[:self.retail_max_products or None]

    @api.multi
    def _get_retail_value_class_products(self, location):
        """By the company's own on-hand value: consigned units (owned by a
        partner) are not part of it."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT q.product_id, sum(q.quantity) * coalesce(
                   max(CASE WHEN p.company_id = %s THEN p.value_float END),
                   max(p.value_float), 0) AS value
              FROM stock_quant q
              LEFT JOIN ir_property p
                ON p.name = 'standard_price'
               AND p.res_id = 'product.product,' || q.product_id
             WHERE q.location_id = %s AND q.quantity > 0
               AND q.owner_id IS NULL
             GROUP BY q.product_id
             ORDER BY value DESC, q.product_id
        """, (location.company_id.id or self.env.user.company_id.id, location.id))
        rows = [row for row in self.env.cr.fetchall() if row[1] > 0]
        total = sum(value for _product, value in rows)
        product_ids, cumulated = [], 0.0
        for product_id, value in rows:
            if total and cumulated >= total * self.retail_value_share / 100.0:
                break
            product_ids.append(product_id)
            cumulated += value
        return self.env['product.product'].browse(product_ids)

    @api.multi
    def _get_retail_recent_variance_products(self, location):
        self.ensure_one()
        since = (datetime.today() - timedelta(days=self.retail_variance_days)).strftime(
            DEFAULT_SERVER_DATETIME_FORMAT)
        self.env.cr.execute("""
            SELECT l.product_id
              FROM stock_inventory_line l
              JOIN stock_inventory i ON i.id = l.inventory_id
             WHERE l.location_id = %s AND i.state = 'done' AND i.date >= %s
               AND l.theoretical_qty <> 0
               AND abs(l.product_qty - l.theoretical_qty) * 100.0
                   > %s * abs(l.theoretical_qty)
             GROUP BY l.product_id
             ORDER BY max(abs(l.product_qty - l.theoretical_qty)) DESC, l.product_id
        """, (location.id, since, self.retail_variance_percent))
        return self.env['product.product'].browse([row[0] for row in self.env.cr.fetchall()])

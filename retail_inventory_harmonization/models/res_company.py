# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """The company's defaults of the operating model: what a new cluster,
    adjustment rule or KPI of this company starts from."""
    _inherit = 'res.company'

    retail_dc_id = fields.Many2one(
        'stock.warehouse', string='Distribution Centre',
        help="The company's distribution centre: new clusters and store templates "
             "are supplied from it.")
    retail_service_level = fields.Float(
        string='Default Service Level', default=0.95,
        help="Service level of new clusters (between 0 and 1).")
    retail_qty_tolerance = fields.Float(
        string='Default Quantity Tolerance', default=10.0,
        help="Quantity tolerance of new adjustment rules (units).")
    retail_value_tolerance = fields.Float(
        string='Default Value Tolerance', default=500.0,
        help="Value tolerance of new adjustment rules (at cost).")
    retail_percent_tolerance = fields.Float(
        string='Default Percentage Tolerance (%)', default=20.0,
        help="Percentage tolerance of new adjustment rules.")
    retail_count_tolerance = fields.Float(
        string='Count Tolerance (%)', default=5.0,
        help="A counted line is accurate (inventory accuracy KPI) when it differs "
             "from the system quantity by at most this percentage of it.")
    retail_finance_threshold = fields.Float(
        string='Finance Approval Above', default=1000.0,
        help="Adjustments worth more than this at cost need finance approval "
             "(default of new adjustment rules).")
    retail_setup_issues = fields.Text(
        compute='_compute_retail_setup', string='Set-up Checklist')
    retail_setup_done = fields.Boolean(compute='_compute_retail_setup')

    @api.constrains('retail_service_level')
    def _check_retail_service_level(self):
        for company in self:
            if not 0 < company.retail_service_level < 1:
                raise ValidationError(_(
                    "Company %s: the default service level must lie between 0 and 1 "
                    "(e.g. 0.95).") % company.name)

    @api.constrains('retail_qty_tolerance', 'retail_value_tolerance',
                    'retail_percent_tolerance', 'retail_count_tolerance',
                    'retail_finance_threshold')
    def _check_retail_tolerances(self):
        for company in self:
            if min(company.retail_qty_tolerance, company.retail_value_tolerance,
                   company.retail_percent_tolerance, company.retail_count_tolerance,
                   company.retail_finance_threshold) < 0:
                raise ValidationError(_(
                    "Company %s: tolerances and thresholds cannot be negative.")
                    % company.name)

    @api.constrains('retail_dc_id')
    def _check_retail_dc_company(self):
        for company in self:
            if company.retail_dc_id and company.retail_dc_id.company_id != company:
                raise ValidationError(_(
                    "Company %s cannot use the warehouse of another company as its "
                    "distribution centre: %s") % (company.name,
                                                  company.retail_dc_id.name))

    def _compute_retail_setup(self):
        for company in self:
            issues = company._get_retail_setup_issues()
            company.retail_setup_issues = '\n'.join(issues)
            company.retail_setup_done = not issues

    def _get_retail_setup_issues(self):
        """What this company still lacks before the operating model runs: the
        first-run checklist, one sentence per missing piece. Reads as the
        superuser: the checklist is about the company, not about what the
        reader may see."""
        self.ensure_one()
        env = self.sudo().env
        domain = [('company_id', '=', self.id)]
        issues = []
        if not self.sudo().retail_dc_id:
            issues.append(_("No distribution centre is set."))
        if not env['retail.store.cluster'].search_count(domain):
            issues.append(_("No store cluster exists."))
        if not env['retail.adjustment.rule'].search_count(domain):
            issues.append(_("No adjustment approval rule exists."))
        dc = self.sudo().retail_dc_id
        loose = env['stock.warehouse'].search(
            domain + [('retail_cluster_id', '=', False), ('id', '!=', dc.id)])
        if loose:
            issues.append(_("Stores without a cluster: %s") % ', '.join(
                loose.mapped('code')))
        return issues


class RetailStoreCluster(models.Model):
    _inherit = 'retail.store.cluster'

    @api.model
    def default_get(self, fields_list):
        """New clusters start from their company's defaults."""
        values = super(RetailStoreCluster, self).default_get(fields_list)
        company = self.env['res.company'].browse(
            values.get('company_id')) or self.env.user.company_id
        if 'service_level' in fields_list and 'default_service_level' not in self.env.context:
            values['service_level'] = company.retail_service_level
        if 'supply_warehouse_id' in fields_list and not values.get('supply_warehouse_id'):
            values['supply_warehouse_id'] = company.retail_dc_id.id
        return values

    @api.model
    def create(self, vals):
        # default_get knows the user's company only: a cluster created for another
        # company takes that company's DC and service level.
        if vals.get('company_id'):
            company = self.env['res.company'].browse(vals['company_id'])
            vals = dict(vals)
            vals.setdefault('supply_warehouse_id', company.retail_dc_id.id)
            if company.retail_service_level:
                vals.setdefault('service_level', company.retail_service_level)
        return super(RetailStoreCluster, self).create(vals)


class RetailAdjustmentRule(models.Model):
    _inherit = 'retail.adjustment.rule'

    @api.model
    def default_get(self, fields_list):
        """New adjustment rules start from their company's tolerances."""
        values = super(RetailAdjustmentRule, self).default_get(fields_list)
        company = self.env['res.company'].browse(
            values.get('company_id')) or self.env.user.company_id
        for name, value in self._company_defaults(company).items():
            if name in fields_list and 'default_%s' % name not in self.env.context:
                values[name] = value
        return values

    @api.model
    def _company_defaults(self, company):
        return {
            'qty_threshold': company.retail_qty_tolerance,
            'value_threshold': company.retail_value_tolerance,
            'percent_threshold': company.retail_percent_tolerance,
            'finance_value_threshold': company.retail_finance_threshold,
        }

    @api.model
    def create(self, vals):
        # A rule created for another company than the user's takes that company's.
        if vals.get('company_id'):
            company = self.env['res.company'].browse(vals['company_id'])
            vals = dict(vals)
            for name, value in self._company_defaults(company).items():
                if 'default_%s' % name not in self.env.context:
                    vals.setdefault(name, value)
        return super(RetailAdjustmentRule, self).create(vals)

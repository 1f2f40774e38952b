# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The company's retail defaults in Inventory > Configuration > Settings
    (the settings are per company: they are the current company's fields)."""
    _inherit = 'res.config.settings'

    retail_dc_id = fields.Many2one(
        related='company_id.retail_dc_id', string='Distribution Centre')
    retail_service_level = fields.Float(
        related='company_id.retail_service_level', string='Default Service Level')
    retail_qty_tolerance = fields.Float(
        related='company_id.retail_qty_tolerance', string='Default Quantity Tolerance')
    retail_value_tolerance = fields.Float(
        related='company_id.retail_value_tolerance', string='Default Value Tolerance')
    retail_percent_tolerance = fields.Float(
        related='company_id.retail_percent_tolerance',
        string='Default Percentage Tolerance (%)')
    retail_count_tolerance = fields.Float(
        related='company_id.retail_count_tolerance', string='Count Tolerance (%)')
    retail_finance_threshold = fields.Float(
        related='company_id.retail_finance_threshold', string='Finance Approval Above')
    retail_setup_issues = fields.Text(
        related='company_id.retail_setup_issues', string='Set-up Checklist',
        readonly=True)

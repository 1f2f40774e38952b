# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    retail_exception_evidence_value = fields.Float(
        string='Exception Evidence Value',
        default=500.0,
        help="Exceptions whose value is above this amount can only be resolved "
             "with a resolution note and an attached evidence.")
    retail_master_data_approval = fields.Boolean(
        string='Master Data Approval',
        help="New products, locations and warehouses, and changes of units of "
             "measure, barcodes, tracking, costing methods and replenishment "
             "parameters wait for a data steward's approval. Turn it on at "
             "go-live, once the initial master data is loaded.")

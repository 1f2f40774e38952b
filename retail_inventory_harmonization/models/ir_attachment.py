# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Records whose attachments are evidence: model -> evidence type. Transfer
# discrepancies are exceptions (retail.exception) or, once transfers are their
# own documents, attachments of retail.transfer.
EVIDENCE_MODELS = {
    'stock.inventory': 'adjustment',
    'stock.scrap': 'adjustment',
    'retail.exception': 'exception',
    'retail.quality.inspection': 'inspection',
    'retail.transfer': 'transfer',
}


class IrAttachment(models.Model):
    """Evidence: photos and reports attached to adjustments, exceptions,
    inspections and transfers, with the store they concern. Who reads an
    attachment is decided by Odoo's own check() and _search() on the record it
    is attached to, so a store user sees their stores' evidence only."""
    _inherit = 'ir.attachment'

    retail_evidence_type = fields.Selection([
        ('adjustment', 'Adjustment'),
        ('exception', 'Exception'),
        ('inspection', 'Quality Inspection'),
        ('transfer', 'Transfer'),
    ], string='Evidence Type', compute='_compute_retail_evidence', store=True,
        index=True)
    retail_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Store', compute='_compute_retail_evidence',
        store=True, index=True)

    @api.depends('res_model', 'res_id')
    def _compute_retail_evidence(self):
        for attachment in self:
            evidence_type = EVIDENCE_MODELS.get(attachment.res_model)
            if not evidence_type or not attachment.res_id \
                    or attachment.res_model not in self.env:
                attachment.retail_evidence_type = False
                attachment.retail_warehouse_id = False
                continue
            # The record's store, whoever attaches: the attachment's access is
            # still checked against the record itself (check()).
            record = self.env[attachment.res_model].sudo().browse(
                attachment.res_id).exists()
            attachment.retail_evidence_type = evidence_type
            attachment.retail_warehouse_id = record and self._retail_record_warehouse(
                record)

    @api.model
    def _retail_record_warehouse(self, record):
        """The warehouse an evidence's record concerns."""
        for name in ('warehouse_id', 'dest_warehouse_id', 'location_dest_id',
                     'location_id'):
            if name not in record._fields:
                continue
            value = record[name]
            if value._name == 'stock.warehouse':
                return value
            if value._name == 'stock.location' and value:
                warehouse = value.get_warehouse()
                if warehouse:
                    return warehouse
        return self.env['stock.warehouse']

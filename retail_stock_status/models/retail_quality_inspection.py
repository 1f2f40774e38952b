# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.retail_governance.models.retail_audit_log import keep_actor

from .retail_stock_status import SERVER_ONLY

# Fields that only the inspection's buttons set.
WORKFLOW_FIELDS = ('state', 'inspector_id', 'date_done', 'picking_ids')


class RetailQualityInspection(models.Model):
    """Inspection of quarantined stock: passed quantities become sellable,
    failed ones damaged, both by stock moves."""
    _name = 'retail.quality.inspection'
    _description = 'Quality Inspection'
    _inherit = ['mail.thread']
    _order = 'id desc'

    name = fields.Char(default=lambda self: _('New'), readonly=True, copy=False)
    warehouse_id = fields.Many2one(
        'stock.warehouse', required=True, readonly=True,
        states={'draft': [('readonly', False)]}, track_visibility='onchange')
    location_id = fields.Many2one(
        'stock.location', string='Inspected Location', required=True, readonly=True,
        states={'draft': [('readonly', False)]},
        help="The quarantine (or returns) location the inspected stock waits in.")
    # Set from the warehouse at creation (not a related field: record rules on
    # company must hold from the first constraint check on).
    company_id = fields.Many2one('res.company', required=True, readonly=True, index=True)
    inspector_id = fields.Many2one('res.users', readonly=True, copy=False,
                                   track_visibility='onchange')
    date_done = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection([('draft', 'Draft'), ('done', 'Done'), ('cancel', 'Cancelled')],
                             default='draft', required=True, readonly=True,
                             track_visibility='onchange')
    line_ids = fields.One2many('retail.quality.inspection.line', 'inspection_id',
                               readonly=True, states={'draft': [('readonly', False)]})
    picking_ids = fields.Many2many('stock.picking', string='Release Transfers',
                                   readonly=True, copy=False)
    notes = fields.Text()

    @api.model
    def create(self, vals):
        if vals.get('state', 'draft') != 'draft' or any(
                vals.get(name) for name in WORKFLOW_FIELDS if name != 'state'):
            self._check_workflow_write(vals)
        self._set_company_from_warehouse(vals)
        if vals.get('name', _('New')) == _('New'):
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'retail.quality.inspection') or _('New')
        return super().create(vals)

    @api.onchange('warehouse_id')
    def _onchange_warehouse_id(self):
        self.location_id = self.warehouse_id.retail_quarantine_location_id

    @api.constrains('location_id', 'warehouse_id', 'company_id')
    def _check_location(self):
        for inspection in self:
            wh = inspection.warehouse_id
            if inspection.company_id != wh.company_id:
                raise ValidationError(_("Inspection %s belongs to the company of its "
                                        "warehouse.") % inspection.name)
            if inspection.location_id not in (wh.retail_quarantine_location_id
                                              | wh.retail_returns_location_id):
                raise ValidationError(_(
                    "Inspection %s must inspect the quarantine or returns location "
                    "of %s.") % (inspection.name, wh.name))

    def write(self, vals):
        self._check_workflow_write(vals)
        self._set_company_from_warehouse(vals)
        return super().write(vals)

    def _check_workflow_write(self, vals):
        """States move only through the buttons' methods: writing the state (or
        who inspected, when, and the release transfers) from a client is refused,
        and so is changing a done or cancelled inspection (but its notes)."""
        if self.env.context.get('retail_inspection_transition') is SERVER_ONLY:
            return
        if set(vals) & set(WORKFLOW_FIELDS):
            raise AccessError(_(
                "The state of a quality inspection changes only through its "
                "Validate and Cancel buttons."))
        if any(not name.startswith(('message_', 'activity_')) and name != 'notes'
               for name in vals):
            self._check_draft()

    def _check_draft(self):
        for inspection in self.filtered(lambda i: i.state != 'draft'):
            raise UserError(_("Inspection %s is %s: it can no longer be changed.") % (
                inspection.name, dict(self._fields['state'].selection)[inspection.state]))

    def _write_transition(self, vals):
        return self.with_context(retail_inspection_transition=SERVER_ONLY).write(vals)

    @api.model
    def _set_company_from_warehouse(self, vals):
        if vals.get('warehouse_id'):
            vals['company_id'] = self.env['stock.warehouse'].browse(
                vals['warehouse_id']).company_id.id

    def action_load_quarantined(self):
        """Proposes a line per product waiting in the inspected location."""
        for inspection in self.filtered(lambda i: i.state == 'draft'):
            groups = self.env['stock.quant'].read_group(
                [('location_id', '=', inspection.location_id.id), ('quantity', '>', 0)],
                ['product_id', 'quantity'], ['product_id'])
            inspection.line_ids = [(5, 0, 0)] + [
                (0, 0, {'product_id': group['product_id'][0], 'passed_qty': 0,
                        'failed_qty': 0}) for group in groups]
        return True

    def _check_inspector(self):
        if not self.env.user.has_group('retail_stock_status.group_quality_inspector'):
            raise AccessError(_("Only quality inspectors can release or reject "
                                "quarantined stock."))

    def action_done(self):
        """Moves passed quantities to sellable stock and failed ones to damaged."""
        self._check_inspector()
        for inspection in self:
            if inspection.state != 'draft':
                raise UserError(_("Inspection %s is already %s.") % (
                    inspection.name, inspection.state))
            lines = inspection.line_ids.filtered(lambda l: l.passed_qty or l.failed_qty)
            if not lines:
                raise UserError(_("Inspection %s has no passed or failed quantity.")
                                % inspection.name)
            lines._check_quarantined_qty()
            wh = inspection.warehouse_id
            # sudo: an inspector releases stock even without rights on transfers;
            # the inspection itself is the controlled, logged document. The
            # audit trail names the inspector (keep_actor), not the superuser.
            pickings = self.env['stock.picking']
            for field, dest in (('passed_qty', wh.lot_stock_id),
                                ('failed_qty', wh.retail_damaged_location_id)):
                quantities = [(line.product_id, line[field]) for line in lines if line[field]]
                if quantities:
                    pickings |= keep_actor(wh).sudo().with_context(
                        retail_quarantine_release=SERVER_ONLY)._retail_move_stock(
                        quantities, inspection.location_id, dest,
                        reason=_('%s: %s') % (inspection.name,
                                              _('passed') if field == 'passed_qty'
                                              else _('failed')),
                        origin=inspection.name)
            inspection._write_transition({
                'state': 'done', 'inspector_id': self.env.uid,
                'date_done': fields.Datetime.now(),
                'picking_ids': [(6, 0, pickings.ids)],
            })
        return True

    def action_cancel(self):
        self.filtered(lambda i: i.state == 'draft')._write_transition({'state': 'cancel'})
        return True


class RetailQualityInspectionLine(models.Model):
    _name = 'retail.quality.inspection.line'
    _description = 'Quality Inspection Line'

    inspection_id = fields.Many2one('retail.quality.inspection', required=True,
                                    ondelete='cascade', index=True)
    company_id = fields.Many2one(related='inspection_id.company_id', store=True,
                                 readonly=True)
    product_id = fields.Many2one('product.product', required=True)
    uom_id = fields.Many2one(related='product_id.uom_id', readonly=True)
    quarantined_qty = fields.Float(
        compute='_compute_quarantined_qty', string='Waiting',
        digits=dp.get_precision('Product Unit of Measure'))
    passed_qty = fields.Float('Passed', digits=dp.get_precision('Product Unit of Measure'))
    failed_qty = fields.Float('Failed', digits=dp.get_precision('Product Unit of Measure'))
    notes = fields.Char()
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char()

    _sql_constraints = [
        ('qty_positive', 'CHECK (passed_qty >= 0 AND failed_qty >= 0)',
         'Passed and failed quantities cannot be negative.'),
    ]

    @api.model
    def create(self, vals):
        self.env['retail.quality.inspection'].browse(vals.get('inspection_id'))._check_draft()
        return super().create(vals)

    def write(self, vals):
        self.mapped('inspection_id')._check_draft()
        return super().write(vals)

    def unlink(self):
        self.mapped('inspection_id')._check_draft()
        return super().unlink()

    def _compute_quarantined_qty(self):
        groups = self.env['stock.quant'].read_group(
            [('location_id', 'in', self.mapped('inspection_id.location_id').ids),
             ('product_id', 'in', self.mapped('product_id').ids)],
            ['product_id', 'location_id', 'quantity'], ['product_id', 'location_id'],
            lazy=False)
        qty = {(g['product_id'][0], g['location_id'][0]): g['quantity'] for g in groups}
        for line in self:
            line.quarantined_qty = qty.get(
                (line.product_id.id, line.inspection_id.location_id.id), 0.0)

    def _check_quarantined_qty(self):
        for line in self:
            inspected = line.passed_qty + line.failed_qty
            if float_compare(inspected, line.quarantined_qty,
                             precision_rounding=line.product_id.uom_id.rounding) > 0:
                raise UserError(_(
                    "%s: %s inspected but only %s waits in %s.") % (
                        line.product_id.display_name, inspected, line.quarantined_qty,
                        line.inspection_id.location_id.display_name))

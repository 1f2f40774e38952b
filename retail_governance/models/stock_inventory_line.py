# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import float_compare, split_every

from .loading import is_loading_data
from .stock_inventory import RESET_KEY, RESET_TOKEN

# Fields that change what an approver approved.
COUNT_FIELDS = ('product_id', 'product_qty', 'location_id', 'prod_lot_id',
                'package_id', 'partner_id', 'product_uom_id', 'retail_reason_id')
# Lines whose moves Odoo generates in one go (see _generate_moves).
MOVE_CHUNK = 250


class StockInventoryLine(models.Model):
    _inherit = 'stock.inventory.line'

    retail_reason_id = fields.Many2one(
        'retail.adjustment.reason', string='Reason', ondelete='restrict',
        help="Why the counted quantity differs from the system quantity.")
    retail_value_diff = fields.Float(
        string='Value Difference', compute='_compute_retail_rule',
        help="Absolute difference valued at the product's cost.")
    retail_window_qty = fields.Float(
        string='Adjusted in Window', compute='_compute_retail_rule',
        digits=dp.get_precision('Product Unit of Measure'),
        help="What adds up to this difference under the rule's cumulative "
             "window (product's unit): the validated adjustments, scraps and "
             "quantity changes of the last days of this product here (or by "
             "this counter in the store), and the other lines of this "
             "adjustment for it.")
    retail_window_value = fields.Float(
        string='Window Value', compute='_compute_retail_rule',
        help="Value at cost of this product's validated adjustments, scraps "
             "and quantity changes in the rule's window, before this adjustment.")
    retail_rule_id = fields.Many2one(
        'retail.adjustment.rule', string='Adjustment Rule', compute='_compute_retail_rule')
    retail_over_rule = fields.Boolean(
        string='Beyond Tolerance', compute='_compute_retail_rule')

    @api.multi
    @api.depends('product_qty', 'theoretical_qty', 'product_id', 'location_id',
                 'product_uom_id')
    def _compute_retail_rule(self):
        """One evaluation per adjustment: its warehouse looked up once, its
        rules and its window read in one query for all its lines."""
        Rule = self.env['retail.adjustment.rule']
        batches = defaultdict(lambda: self.browse())
        for line in self:
            batches[line.inventory_id or line.location_id] |= line
        for lines in batches.values():
            first = lines[0]
            inventory = first.inventory_id
            company = inventory.company_id or first.company_id or self.env.user.company_id
            warehouse = (inventory.location_id or first.location_id).get_warehouse()
            results = Rule._evaluate_adjustments(company, warehouse, [
                line._retail_prepare_adjustment(key) for key, line in enumerate(lines)],
                exclude_inventory=inventory if isinstance(inventory.id, int) else None)
            for key, line in enumerate(lines):
                result = results[key]
                line.retail_value_diff = result['value']
                line.retail_window_qty = result['window_qty']
                line.retail_window_value = result['history_value']
                line.retail_rule_id = result['rule'] if line._retail_has_difference() else False
                line.retail_over_rule = result['exceeded']

    @api.multi
    def _generate_moves(self):
        """Odoo's, by chunks of lines with a fresh cache in between. Every move
        Odoo creates here sends its fields' recomputation over all the records
        in the cache and in the lines' prefetch, so one call over thousands of
        lines grows with their square (2,000 lines: 61 s in one go, 47 s by
        chunks; a 5,000-line count took more than 12 minutes)."""
        moves = self.env['stock.move']
        for ids in split_every(MOVE_CHUNK, self.ids):
            moves |= super(StockInventoryLine, self.browse(ids))._generate_moves()
            self.recompute()
            self.invalidate_cache()
        return moves

    @api.multi
    def _retail_prepare_adjustment(self, key):
        """The line as the adjustment rules judge it (see
        retail.adjustment.rule._evaluate_adjustments)."""
        self.ensure_one()
        product = self.product_id
        diff = self.product_qty - self.theoretical_qty if self._retail_has_difference() else 0.0
        to_product_uom = (lambda qty: self.product_uom_id._compute_quantity(
            qty, product.uom_id, round=False)) if (
                self.product_uom_id and product
                and self.product_uom_id != product.uom_id) else (lambda qty: qty)
        return {
            'key': key,
            'product': product,
            'location': self.location_id,
            'qty': to_product_uom(diff),
            'system_qty': to_product_uom(self.theoretical_qty),
            'counter': self.write_uid or self.env.user,
        }

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
        if not is_loading_data(self.env):
            line.product_id._retail_check_approved(_("counted"))
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

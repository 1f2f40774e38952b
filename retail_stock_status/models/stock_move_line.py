# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .retail_stock_status import QUARANTINED, SERVER_ONLY

# Fields of a done move line whose change moves stock again.
QUANT_FIELDS = ('location_id', 'location_dest_id', 'qty_done', 'product_id',
                'product_uom_id', 'lot_id', 'package_id', 'result_package_id', 'owner_id')


def is_quarantine(location):
    return location.retail_effective_status_id.code == QUARANTINED


class StockMoveLine(models.Model):
    _inherit = 'stock.move.line'

    # Odoo 11 indexes no column of a move line but its id: the balances (in
    # transit, unreserved demand) and ``move.move_line_ids`` read by move, every
    # picking form and scan by picking (``picking.move_line_ids``), each a scan of
    # the 6.2 million lines at 100 stores x 10,000 SKUs.
    move_id = fields.Many2one(index=True)
    picking_id = fields.Many2one(index=True)

    @api.model_cr
    def init(self):
        """Reserving and unreserving look for the open lines of a product in a
        location (``_free_reservation``): without this index, each read all lines."""
        super().init()
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS retail_stock_move_line_product_location
                ON stock_move_line (product_id, location_id)""")

    @api.model
    def create(self, vals):
        line = super().create(vals)
        if line.state == 'done':
            line._retail_check_quarantine_exit()
        return line

    def write(self, vals):
        if set(vals) & set(QUANT_FIELDS) and not self._retail_releases_quarantine():
            locations = self.env['stock.location'].browse(
                [vals[f] for f in ('location_id', 'location_dest_id') if vals.get(f)])
            for line in self.filtered(lambda l: l.state == 'done'):
                touched = line.location_id | line.location_dest_id | locations
                quarantine = touched.filtered(is_quarantine)
                if quarantine:
                    raise UserError(_(
                        "%s: a done move into or out of %s cannot be changed: only a "
                        "validated quality inspection releases quarantined stock.") % (
                            line.product_id.display_name, quarantine[0].display_name))
        return super().write(vals)

    def _retail_releases_quarantine(self):
        """Whether the current action is a validated inspection's release."""
        return self.env.context.get('retail_quarantine_release') is SERVER_ONLY

    def _retail_leaving_quarantine(self):
        """Lines taking stock out of quarantine to any other status or place.
        Inventory adjustments are not a way out: they book a count's difference
        (approved as any other), they do not make the stock usable."""
        return self.filtered(
            lambda line: is_quarantine(line.location_id)
            and not is_quarantine(line.location_dest_id)
            and not line.move_id.inventory_id)

    def _retail_check_quarantine_exit(self):
        """Only a validated quality inspection releases quarantined stock (to
        sellable, or to damaged when it failed); transfers, the status change
        wizard, scraps and deliveries from quarantine are refused."""
        if self._retail_releases_quarantine():
            return True
        leaving = self._retail_leaving_quarantine()
        if leaving:
            line = leaving[0]
            raise UserError(_(
                "%s waits in %s: only a validated quality inspection releases "
                "quarantined stock (failed units go to Damaged).") % (
                    line.product_id.display_name, line.location_id.display_name))
        return True

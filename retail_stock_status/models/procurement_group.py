# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from .retail_sales_channel import ChannelAllocation


class ProcurementGroup(models.Model):
    _inherit = 'procurement.group'

    @api.model
    def run(self, product_id, product_qty, product_uom, location_id, name, origin, values):
        """Sale lines of a retail channel are procured from the warehouses their
        order allocated them to, by priority: one procurement per warehouse.
        A line delivered from a store the customer faces (its home) is
        delivered from there; the other warehouses' parts come to it first by
        a transfer, which the delivery waits for."""
        parts, home = self._retail_channel_parts(product_id, values)
        if not parts:
            return super().run(product_id, product_qty, product_uom, location_id,
                               name, origin, values)
        Warehouse = self.env['stock.warehouse']
        total = sum(qty for _wh, qty, _why in parts)
        for warehouse_id, qty, why in parts:
            # The allocation is in the product's unit; the procurement may not be.
            part_qty = product_qty * qty / total if total else 0.0
            source = Warehouse.browse(warehouse_id)
            part_values = dict(values, warehouse_id=home or source,
                               retail_source_warehouse_id=source.id,
                               retail_sourcing_note=why)
            if home and source != home:
                part_values.update(self._retail_transfer_values(
                    source, home, product_id, part_qty, product_uom, values, origin))
            super().run(product_id, part_qty, product_uom, location_id, name, origin,
                        part_values)
        return True

    @api.model
    def _retail_transfer_values(self, source, home, product, qty, uom, values, origin):
        """A transfer from ``source`` to ``home`` of the part, and the values
        that make home's delivery wait for it (promised after the lead time)."""
        date = fields.Datetime.to_string(
            fields.Datetime.from_string(values.get('date_planned') or fields.Datetime.now())
            + timedelta(days=home.retail_transfer_lead_days))
        incoming = source._retail_transfer_to(
            home, product, qty, uom, values.get('group_id'), origin, date)
        return {'retail_move_orig_ids': incoming, 'date_planned': date}

    def _retail_channel_parts(self, product, values):
        """([(warehouse id, quantity, why)], home warehouse or None) of the
        line being procured, when its channel allocated it."""
        line = values.get('sale_line_id')
        allocation = self.env.context.get('retail_channel_allocation')
        if not line or not isinstance(allocation, ChannelAllocation):
            return [], None
        line_id = line if isinstance(line, int) else line.id
        parts = [part for part in allocation.get(line_id, []) if part[1] > 0]
        home = allocation.home.get(line_id)
        return parts, home and self.env['stock.warehouse'].browse(home)


class ProcurementRule(models.Model):
    _inherit = 'procurement.rule'

    def _run_move(self, product_id, product_qty, product_uom, location_id, name, origin,
                  values):
        """Odoo confirms each move as it makes it. Under a channel's procurement
        (``retail_deferred_moves`` in the context) the move waits in the list
        instead, and the order's moves are confirmed together afterwards."""
        rule = self
        if self.env.context.get('retail_deferred_moves') is not None:
            rule = self.with_context(retail_defer_confirm=True)
        return super(ProcurementRule, rule)._run_move(
            product_id, product_qty, product_uom, location_id, name, origin, values)

    def _get_stock_move_values(self, product_id, product_qty, product_uom, location_id,
                               name, origin, values, group_id):
        """Channel moves say where their stock comes from and why; a delivery
        waiting for a transfer is made to order, after the transfer's receipt."""
        vals = super()._get_stock_move_values(
            product_id, product_qty, product_uom, location_id, name, origin, values,
            group_id)
        if values.get('retail_source_warehouse_id'):
            vals.update(retail_source_warehouse_id=values['retail_source_warehouse_id'],
                        retail_sourcing_note=values.get('retail_sourcing_note'))
        incoming = values.get('retail_move_orig_ids')
        if incoming:
            vals.update(procure_method='make_to_order',
                        move_orig_ids=[(4, move.id) for move in incoming])
        return vals

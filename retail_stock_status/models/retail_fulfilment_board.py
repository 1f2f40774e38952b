# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from .stock_picking import FULFILMENT_STAGES


class RetailFulfilmentBoard(models.Model):
    """Per warehouse, its open deliveries of channel orders by stage: what the
    store has to pick, to ship and to hand over to customers who collect, and
    what waits for stock. Read from the pickings (a view), never stored."""
    _name = 'retail.fulfilment.board'
    _description = 'Store Fulfilment Board'
    _auto = False
    _order = 'warehouse_id'

    warehouse_id = fields.Many2one('stock.warehouse', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    waiting_count = fields.Integer('Waiting for Stock', readonly=True)
    to_pick_count = fields.Integer('To Pick', readonly=True)
    to_ship_count = fields.Integer('To Ship', readonly=True)
    to_hand_over_count = fields.Integer('To Hand Over', readonly=True)
    late_count = fields.Integer(
        'Late', readonly=True,
        help="Deliveries to pick, to ship or waiting for stock past their scheduled "
             "date (a customer collecting comes when it suits them).")

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        query, params = self.env['stock.picking']._retail_fulfilment_stage_query(
            columns="picking_type.warehouse_id, stage.code, picking.scheduled_date")
        # a view takes no parameters: the stage query's (all pickings) goes in
        query = self.env.cr.mogrify(query, params).decode()
        self.env.cr.execute("""
            CREATE VIEW {} AS (
                SELECT warehouse.id AS id, warehouse.id AS warehouse_id,
                       warehouse.company_id,
                       count(*) FILTER (WHERE open.code = 'waiting') AS waiting_count,
                       count(*) FILTER (WHERE open.code = 'to_pick') AS to_pick_count,
                       count(*) FILTER (WHERE open.code = 'to_ship') AS to_ship_count,
                       count(*) FILTER (WHERE open.code = 'to_hand_over')
                           AS to_hand_over_count,
                       count(*) FILTER (WHERE open.code != 'to_hand_over' AND
                                        open.scheduled_date < now() at time zone 'utc')
                           AS late_count
                  FROM stock_warehouse warehouse
                  LEFT JOIN ({}) open ON open.warehouse_id = warehouse.id
                 WHERE warehouse.active
                 GROUP BY warehouse.id)""".format(self._table, query))

    @api.multi
    def action_open_stage(self):
        """The warehouse's deliveries at the stage the button names."""
        self.ensure_one()
        stage = self.env.context.get('retail_stage')
        if stage not in dict(FULFILMENT_STAGES):
            raise UserError(_("Choose a fulfilment stage."))
        action = self.env.ref('retail_stock_status.stock_picking_ship_from_store_action').read()[0]
        stages = dict(self.env['stock.picking']._fields['retail_fulfilment_stage']
                      ._description_selection(self.env))
        name = _('%s: %s') % (self.warehouse_id.name, stages[stage])
        action.update({
            'name': name, 'display_name': name,
            'domain': [('picking_type_id.warehouse_id', '=', self.warehouse_id.id),
                       ('retail_fulfilment_stage', '=', stage)],
            'context': {},
        })
        return action

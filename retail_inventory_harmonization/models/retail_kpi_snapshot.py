# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .retail_kpi_math import iso_week_label, parse_date, week_start

_logger = logging.getLogger(__name__)

PCT = {'digits': (16, 1), 'group_operator': 'avg', 'readonly': True}
QTY = {'digits': (16, 2), 'readonly': True}

# The snapshot of every warehouse x week of the range, in one statement. Every
# KPI is a CTE keyed by (warehouse_id, week_start); the grid of all warehouses
# x weeks is joined to them, so a KPI without data in a week gives NULL (not
# measured) and a rerun overwrites the same rows (ON CONFLICT), no duplicates.
SNAPSHOT_SQL = """
WITH weeks AS (
    SELECT generate_series(%(week_from)s::date, %(week_to)s::date - 7,
                           interval '7 days')::date AS week_start
), wh AS (
    SELECT w.id AS warehouse_id, w.company_id, w.retail_cluster_id AS cluster_id
      FROM stock_warehouse w
     WHERE w.active AND w.company_id IN %(company_ids)s
), loc AS MATERIALIZED (
    SELECT lw.location_id, lw.warehouse_id, lw.is_sellable
      FROM retail_location_warehouse lw JOIN wh ON wh.warehouse_id = lw.warehouse_id
), counts AS (
    SELECT loc.warehouse_id, date_trunc('week', i.date)::date AS week_start,
           count(*) AS lines,
           count(*) FILTER (WHERE abs(l.product_qty - l.theoretical_qty)
                            <= c.retail_count_tolerance / 100.0 * abs(l.theoretical_qty)
                               + 1e-9) AS lines_ok,
           sum(abs(l.theoretical_qty)) AS system_qty,
           sum(abs(l.product_qty - l.theoretical_qty)) AS diff_qty
      FROM stock_inventory_line l
      JOIN stock_inventory i ON i.id = l.inventory_id
      JOIN loc ON loc.location_id = l.location_id
      JOIN res_company c ON c.id = i.company_id
     WHERE i.state = 'done' AND i.date >= %(date_from)s AND i.date < %(date_to)s
     GROUP BY 1, 2
), adjustments AS (
    SELECT loc.warehouse_id, date_trunc('week', i.date)::date AS week_start,
           count(DISTINCT i.id) AS adjustments,
           coalesce(sum(abs(m.value)), 0) AS adjusted_value
      FROM stock_inventory i
      JOIN loc ON loc.location_id = i.location_id
      LEFT JOIN stock_move m ON m.inventory_id = i.id AND m.state = 'done'
     WHERE i.state = 'done' AND i.date >= %(date_from)s AND i.date < %(date_to)s
     GROUP BY 1, 2
), fill_lines AS (
    -- One line per original transfer x product: requested is the quantity first
    -- ordered; it counts as filled when done moves of that transfer and of its
    -- backorders brought it in full by the expected day.
    SELECT loc.warehouse_id,
           CASE WHEN src.usage = 'transit' THEN 'repl' ELSE 'cust' END AS kind,
           date_trunc('week', min(m.date_expected))::date AS week_start,
           max(coalesce(nullif(m.ordered_qty, 0), m.product_uom_qty)) AS requested,
           sum(m.product_uom_qty) FILTER (
               WHERE m.state = 'done' AND m.date::date <= m.date_expected::date
           ) AS on_time
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dst ON dst.id = m.location_dest_id
      JOIN loc ON loc.location_id = CASE WHEN src.usage = 'transit'
                                         THEN m.location_dest_id ELSE m.location_id END
      LEFT JOIN stock_picking p ON p.id = m.picking_id
     WHERE m.state != 'draft'
       AND m.date_expected >= %(date_from)s AND m.date_expected < %(date_to)s
       AND ((src.usage = 'transit' AND dst.usage = 'internal')
            OR (src.usage = 'internal' AND dst.usage = 'customer'))
     GROUP BY loc.warehouse_id, kind, coalesce(p.backorder_id, p.id, -m.id), m.product_id
), fill AS (
    SELECT warehouse_id, week_start,
           sum(requested) FILTER (WHERE kind = 'repl') AS repl_requested,
           sum(CASE WHEN on_time >= requested - 1e-6 THEN requested ELSE 0 END)
               FILTER (WHERE kind = 'repl') AS repl_filled,
           sum(requested) FILTER (WHERE kind = 'cust') AS cust_requested,
           sum(CASE WHEN on_time >= requested - 1e-6 THEN requested ELSE 0 END)
               FILTER (WHERE kind = 'cust') AS cust_filled
      FROM fill_lines GROUP BY 1, 2
), cycle AS (
    SELECT loc.warehouse_id, date_trunc('week', rcv.date)::date AS week_start,
           count(DISTINCT rcv.picking_id) AS transfers,
           avg(extract(epoch FROM rcv.date - shp.date) / 3600.0) AS ship_hours,
           avg(extract(epoch FROM rcv.date - shp.create_date) / 3600.0) AS request_hours
      FROM stock_move rcv
      JOIN stock_location src ON src.id = rcv.location_id AND src.usage = 'transit'
      JOIN loc ON loc.location_id = rcv.location_dest_id
      JOIN stock_move_move_rel r ON r.move_dest_id = rcv.id
      JOIN stock_move shp ON shp.id = r.move_orig_id AND shp.state = 'done'
     WHERE rcv.state = 'done' AND rcv.date >= %(date_from)s AND rcv.date < %(date_to)s
     GROUP BY 1, 2
), cost AS (
    SELECT substring(res_id FROM 17)::integer AS product_id, company_id,
           value_float AS cost
      FROM ir_property
     WHERE name = 'standard_price' AND res_id LIKE 'product.product,%%'
), aging AS (
    SELECT loc.warehouse_id, %(current_week)s::date AS week_start,
           sum(q.quantity) FILTER (WHERE a.age <= 30) AS q0,
           sum(q.quantity) FILTER (WHERE a.age BETWEEN 31 AND 60) AS q1,
           sum(q.quantity) FILTER (WHERE a.age BETWEEN 61 AND 90) AS q2,
           sum(q.quantity) FILTER (WHERE a.age > 90) AS q3,
           sum(q.quantity * a.cost) FILTER (WHERE a.age <= 30) AS v0,
           sum(q.quantity * a.cost) FILTER (WHERE a.age BETWEEN 31 AND 60) AS v1,
           sum(q.quantity * a.cost) FILTER (WHERE a.age BETWEEN 61 AND 90) AS v2,
           sum(q.quantity * a.cost) FILTER (WHERE a.age > 90) AS v3
      FROM stock_quant q
      JOIN loc ON loc.location_id = q.location_id
      LEFT JOIN cost ON cost.product_id = q.product_id AND cost.company_id = q.company_id
      CROSS JOIN LATERAL (
          SELECT %(today)s::date - coalesce(q.in_date, q.create_date)::date AS age,
                 CASE WHEN q.owner_id IS NULL THEN coalesce(cost.cost, 0) ELSE 0 END
                     AS cost) a
     WHERE %(with_aging)s
     GROUP BY 1, 2
), pairs AS (
    -- Store x SKU with a reordering rule, since the rule exists.
    SELECT op.warehouse_id, op.product_id, min(op.create_date)::date AS since
      FROM stock_warehouse_orderpoint op JOIN wh ON wh.warehouse_id = op.warehouse_id
     WHERE op.active AND op.create_date < %(date_to)s
     GROUP BY 1, 2
), ledger AS (
    -- Daily net change of the sellable stock of each pair, from the done moves.
    SELECT x.warehouse_id, x.product_id, p.since,
           greatest(x.day, %(date_from)s::date) AS day, sum(x.qty) AS qty
      FROM (SELECT loc.warehouse_id, m.product_id, m.date::date AS day, m.product_qty AS qty
              FROM stock_move m JOIN loc ON loc.location_id = m.location_dest_id
             WHERE loc.is_sellable AND m.state = 'done' AND m.date < %(date_to)s
            UNION ALL
            SELECT loc.warehouse_id, m.product_id, m.date::date, -m.product_qty
              FROM stock_move m JOIN loc ON loc.location_id = m.location_id
             WHERE loc.is_sellable AND m.state = 'done' AND m.date < %(date_to)s) x
      JOIN pairs p ON p.warehouse_id = x.warehouse_id AND p.product_id = x.product_id
     GROUP BY 1, 2, 3, 4
), events AS (
    -- Balance from each change to the next: piecewise constant, so the days
    -- with nothing to sell are interval lengths, not one row per day.
    SELECT e.warehouse_id, e.product_id, e.since, e.day,
           sum(e.qty) OVER w AS balance,
           coalesce(lead(e.day) OVER w, %(date_to)s::date) AS next_day
      FROM (SELECT p.warehouse_id, p.product_id, p.since, %(date_from)s::date AS day,
                   0 AS qty
              FROM pairs p
            UNION ALL
            SELECT warehouse_id, product_id, since, day, qty FROM ledger) e
    WINDOW w AS (PARTITION BY e.warehouse_id, e.product_id ORDER BY e.day)
), stockouts AS (
    SELECT e.warehouse_id, wk.week_start,
           sum(d.days) AS pair_days,
           coalesce(sum(d.days) FILTER (WHERE e.balance <= 1e-9), 0) AS out_days
      FROM events e
      JOIN weeks wk ON wk.week_start < e.next_day
                   AND wk.week_start + 7 > greatest(e.day, e.since)
      CROSS JOIN LATERAL (
          SELECT least(e.next_day, wk.week_start + 7, %(today_end)s::date)
                 - greatest(e.day, e.since, wk.week_start) AS days) d
     WHERE d.days > 0
     GROUP BY 1, 2
)
INSERT INTO retail_kpi_snapshot (
    company_id, warehouse_id, cluster_id, week_start, week,
    count_line_qty, count_line_ok_qty, accuracy_line_pct,
    count_system_qty, count_diff_qty, accuracy_qty_pct,
    repl_requested_qty, repl_filled_qty, fill_rate_repl_pct,
    cust_requested_qty, cust_filled_qty, fill_rate_cust_pct,
    transfer_count, cycle_ship_hours, cycle_request_hours,
    aging_qty_0_30, aging_qty_31_60, aging_qty_61_90, aging_qty_91,
    aging_value_0_30, aging_value_31_60, aging_value_61_90, aging_value_91,
    adjustment_count, adjustment_value,
    stockout_pair_days, stockout_days, stockout_rate_pct,
    health_score, computed_date,
    create_uid, create_date, write_uid, write_date)
SELECT g.company_id, g.warehouse_id, g.cluster_id, g.week_start,
       to_char(g.week_start, 'IYYY-"W"IW'),
       c.lines, c.lines_ok, 100.0 * c.lines_ok / nullif(c.lines, 0),
       c.system_qty, c.diff_qty,
       greatest(0, 100.0 * (1 - c.diff_qty / nullif(c.system_qty, 0))),
       f.repl_requested, f.repl_filled, 100.0 * f.repl_filled / nullif(f.repl_requested, 0),
       f.cust_requested, f.cust_filled, 100.0 * f.cust_filled / nullif(f.cust_requested, 0),
       cy.transfers, cy.ship_hours, cy.request_hours,
       ag.q0, ag.q1, ag.q2, ag.q3, ag.v0, ag.v1, ag.v2, ag.v3,
       a.adjustments, a.adjusted_value,
       s.pair_days, s.out_days, 100.0 * s.out_days / nullif(s.pair_days, 0),
       (SELECT avg(v) FROM (VALUES
            (100.0 * c.lines_ok / nullif(c.lines, 0)),
            (100.0 * f.repl_filled / nullif(f.repl_requested, 0)),
            (100.0 * f.cust_filled / nullif(f.cust_requested, 0)),
            (100.0 - 100.0 * s.out_days / nullif(s.pair_days, 0))) AS h(v)),
       %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
  FROM (SELECT wh.*, weeks.week_start FROM wh CROSS JOIN weeks) g
  LEFT JOIN counts c ON c.warehouse_id = g.warehouse_id AND c.week_start = g.week_start
  LEFT JOIN adjustments a ON a.warehouse_id = g.warehouse_id AND a.week_start = g.week_start
  LEFT JOIN fill f ON f.warehouse_id = g.warehouse_id AND f.week_start = g.week_start
  LEFT JOIN cycle cy ON cy.warehouse_id = g.warehouse_id AND cy.week_start = g.week_start
  LEFT JOIN aging ag ON ag.warehouse_id = g.warehouse_id AND ag.week_start = g.week_start
  LEFT JOIN stockouts s ON s.warehouse_id = g.warehouse_id AND s.week_start = g.week_start
ON CONFLICT (company_id, warehouse_id, week_start) DO UPDATE SET
    cluster_id = EXCLUDED.cluster_id, week = EXCLUDED.week,
    count_line_qty = EXCLUDED.count_line_qty,
    count_line_ok_qty = EXCLUDED.count_line_ok_qty,
    accuracy_line_pct = EXCLUDED.accuracy_line_pct,
    count_system_qty = EXCLUDED.count_system_qty,
    count_diff_qty = EXCLUDED.count_diff_qty,
    accuracy_qty_pct = EXCLUDED.accuracy_qty_pct,
    repl_requested_qty = EXCLUDED.repl_requested_qty,
    repl_filled_qty = EXCLUDED.repl_filled_qty,
    fill_rate_repl_pct = EXCLUDED.fill_rate_repl_pct,
    cust_requested_qty = EXCLUDED.cust_requested_qty,
    cust_filled_qty = EXCLUDED.cust_filled_qty,
    fill_rate_cust_pct = EXCLUDED.fill_rate_cust_pct,
    transfer_count = EXCLUDED.transfer_count,
    cycle_ship_hours = EXCLUDED.cycle_ship_hours,
    cycle_request_hours = EXCLUDED.cycle_request_hours,
    -- Aging is the quants' state when computed: a past week keeps what was
    -- seen while it was the current one.
    aging_qty_0_30 = coalesce(EXCLUDED.aging_qty_0_30, retail_kpi_snapshot.aging_qty_0_30),
    aging_qty_31_60 = coalesce(EXCLUDED.aging_qty_31_60, retail_kpi_snapshot.aging_qty_31_60),
    aging_qty_61_90 = coalesce(EXCLUDED.aging_qty_61_90, retail_kpi_snapshot.aging_qty_61_90),
    aging_qty_91 = coalesce(EXCLUDED.aging_qty_91, retail_kpi_snapshot.aging_qty_91),
    aging_value_0_30 = coalesce(EXCLUDED.aging_value_0_30,
                                retail_kpi_snapshot.aging_value_0_30),
    aging_value_31_60 = coalesce(EXCLUDED.aging_value_31_60,
                                 retail_kpi_snapshot.aging_value_31_60),
    aging_value_61_90 = coalesce(EXCLUDED.aging_value_61_90,
                                 retail_kpi_snapshot.aging_value_61_90),
    aging_value_91 = coalesce(EXCLUDED.aging_value_91, retail_kpi_snapshot.aging_value_91),
    adjustment_count = EXCLUDED.adjustment_count,
    adjustment_value = EXCLUDED.adjustment_value,
    stockout_pair_days = EXCLUDED.stockout_pair_days,
    stockout_days = EXCLUDED.stockout_days,
    stockout_rate_pct = EXCLUDED.stockout_rate_pct,
    health_score = EXCLUDED.health_score,
    computed_date = EXCLUDED.computed_date,
    write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
"""


class RetailKpiSnapshot(models.Model):
    """The KPIs of the operating model per warehouse and ISO week, stored by
    the snapshot job (set-based SQL) so that dashboards read rows, not the
    ledger. Percentages are averaged across stores in pivots; the underlying
    quantities add up."""
    _name = 'retail.kpi.snapshot'
    _description = 'Retail KPI Snapshot'
    _order = 'week_start desc, health_score, warehouse_id'
    _rec_name = 'week'

    company_id = fields.Many2one('res.company', required=True, readonly=True, index=True)
    warehouse_id = fields.Many2one('stock.warehouse', string='Store', required=True,
                                   readonly=True, index=True, ondelete='cascade')
    cluster_id = fields.Many2one('retail.store.cluster', string='Cluster', readonly=True,
                                 index=True, ondelete='set null')
    week_start = fields.Date(string='Week Starting', required=True, readonly=True,
                             index=True, help="Monday of the ISO week.")
    week = fields.Char(string='ISO Week', readonly=True)
    health_score = fields.Float(
        help="Mean of the week's measured KPIs where 100 is best: count accuracy "
             "(lines), fill rates, 100 - stockout rate. Lowest first: the stores "
             "to look at.", **PCT)
    count_line_qty = fields.Integer(string='Counted Lines', readonly=True)
    count_line_ok_qty = fields.Integer(string='Lines within Tolerance', readonly=True)
    accuracy_line_pct = fields.Float(
        string='Count Accuracy (lines %)',
        help="Counted lines whose |counted - system| <= count tolerance % x system "
             "/ counted lines, x 100 (done adjustments dated in the week).", **PCT)
    count_system_qty = fields.Float(string='Counted System Qty', **QTY)
    count_diff_qty = fields.Float(string='Counted Abs. Difference', **QTY)
    accuracy_qty_pct = fields.Float(
        string='Count Accuracy (qty %)',
        help="100 x (1 - sum |counted - system| / sum system) over the counted "
             "lines of the week, never below 0.", **PCT)
    repl_requested_qty = fields.Float(string='Replenishment Requested', **QTY)
    repl_filled_qty = fields.Float(string='Replenishment Filled', **QTY)
    fill_rate_repl_pct = fields.Float(
        string='Fill Rate Replenishment (%)',
        help="Quantity of DC-to-store lines received in full by their expected "
             "day / quantity requested (lines expected in the week), x 100. A "
             "line is a transfer x product; backorders count with their line.",
        **PCT)
    cust_requested_qty = fields.Float(string='Customer Requested', **QTY)
    cust_filled_qty = fields.Float(string='Customer Filled', **QTY)
    fill_rate_cust_pct = fields.Float(
        string='Fill Rate Customers (%)',
        help="Quantity of customer delivery lines shipped in full by their "
             "expected day / quantity ordered (lines expected in the week), x 100.",
        **PCT)
    transfer_count = fields.Integer(string='Transfers Received', readonly=True)
    cycle_ship_hours = fields.Float(
        string='Cycle Shipped to Received (h)',
        help="Mean over the lines received in the week from transit of received "
             "time - time the sender shipped them, in hours.", **PCT)
    cycle_request_hours = fields.Float(
        string='Cycle Requested to Received (h)',
        help="Mean over the lines received in the week of received time - time "
             "the sender's move was created (requested), in hours.", **PCT)
    aging_qty_0_30 = fields.Float(
        string='Age 0-30 d (qty)',
        help="On hand whose incoming date is 0 to 30 days old when computed "
             "(the current week's snapshot; past weeks keep theirs).", **QTY)
    aging_qty_31_60 = fields.Float(string='Age 31-60 d (qty)', **QTY)
    aging_qty_61_90 = fields.Float(string='Age 61-90 d (qty)', **QTY)
    aging_qty_91 = fields.Float(string='Age > 90 d (qty)', **QTY)
    aging_value_0_30 = fields.Float(
        string='Age 0-30 d (value)',
        help="Sum of quantity x product cost of the company's own quants (consigned "
             "units have no value) in the age bucket.", **QTY)
    aging_value_31_60 = fields.Float(string='Age 31-60 d (value)', **QTY)
    aging_value_61_90 = fields.Float(string='Age 61-90 d (value)', **QTY)
    aging_value_91 = fields.Float(string='Age > 90 d (value)', **QTY)
    adjustment_count = fields.Integer(
        string='Adjustments', readonly=True,
        help="Done inventory adjustments of the warehouse dated in the week.")
    adjustment_value = fields.Float(
        string='Adjusted Value',
        help="Sum of |value| of the stock moves the week's adjustments posted.", **QTY)
    stockout_pair_days = fields.Integer(
        string='SKU-Days with a Rule', readonly=True,
        help="Store x SKU x day with an active reordering rule (from its creation).")
    stockout_days = fields.Integer(
        string='SKU-Days out of Stock', readonly=True,
        help="Of those, the days that ended with nothing on hand in sellable "
             "locations (balance rebuilt from the done moves).")
    stockout_rate_pct = fields.Float(
        string='Stockout Rate (%)',
        help="SKU-days out of stock / SKU-days with a reordering rule, x 100.", **PCT)
    computed_date = fields.Datetime(string='Computed On', readonly=True)

    _sql_constraints = [
        ('warehouse_week_uniq', 'unique (company_id, warehouse_id, week_start)',
         'One KPI snapshot per warehouse and week.'),
    ]

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def compute_snapshots(self, weeks=2, date=None, companies=None):
        """Computes (again) the snapshots of the last ``weeks`` ISO weeks up to
        the week of ``date`` (today), for ``companies`` (the user's). Returns
        the number of rows written. Idempotent: a rerun writes the same rows."""
        user = self.env.user
        if not (user.has_group('retail_governance.group_retail_admin')
                or user.has_group('retail_governance.group_inventory_controller')):
            raise AccessError(_("Only inventory controllers and retail administrators "
                                "compute the KPI snapshots."))
        weeks = int(weeks)
        if weeks < 1:
            raise UserError(_("Compute at least one week."))
        companies = self._get_snapshot_companies(companies)
        params = self._get_snapshot_params(weeks, date, companies)
        started = time.time()
        # One statement over whole tables: hash joins only. A nested loop chosen
        # on a stale estimate (e.g. right after rules were created in bulk) turns
        # the stockout join quadratic.
        self.env.cr.execute("SET LOCAL enable_nestloop = off")
        self.env.cr.execute(SNAPSHOT_SQL, params)
        count = self.env.cr.rowcount
        self.env.cr.execute("RESET enable_nestloop")
        self.invalidate_cache()
        _logger.info("KPI snapshots: %s rows (%s weeks) in %.1fs", count, weeks,
                     time.time() - started)
        return count

    def _get_snapshot_companies(self, companies):
        """The companies asked (records or ids, e.g. over XML-RPC) among the
        user's own; all of the user's when none is asked."""
        user = self.env.user
        if companies is None or companies is False:
            return user.company_ids
        if not isinstance(companies, models.BaseModel):
            try:
                ids = [int(cid) for cid in (companies if isinstance(companies, (list, tuple))
                                            else [companies])]
            except (TypeError, ValueError):
                raise UserError(_("Companies are given by their ids, not %s.") % (companies,))
            companies = self.env['res.company'].browse(ids).exists()
        if user.id != SUPERUSER_ID:
            companies &= user.company_ids
        return companies

    def _get_snapshot_params(self, weeks, date, companies):
        today = parse_date(date or fields.Date.context_today(self))
        current = week_start(today)
        week_from = current - timedelta(days=7 * (weeks - 1))
        week_to = current + timedelta(days=7)
        return {
            'week_from': week_from, 'week_to': week_to,
            'date_from': fields.Date.to_string(week_from),
            'date_to': fields.Date.to_string(week_to),
            'current_week': current, 'today': today,
            'today_end': today + timedelta(days=1),
            'with_aging': True,
            'company_ids': tuple(companies.ids) or (0,),
            'now': fields.Datetime.now(), 'uid': self.env.uid,
        }

    @api.model
    def _cron_compute_snapshots(self, weeks=2):
        """Nightly: this week so far and the last one (late receipts and counts)."""
        return self.sudo().compute_snapshots(
            weeks=weeks, companies=self.env['res.company'].sudo().search([]))

    @api.model
    def action_backfill(self, weeks=12):
        """Rebuilds the snapshots of past weeks from the history."""
        self.compute_snapshots(weeks=weeks)
        return True

    @staticmethod
    def _week_label(day):
        return iso_week_label(day)

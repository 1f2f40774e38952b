# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math
import time
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import ValidationError

from .replenishment_math import daily_stats, demand_min_max

_logger = logging.getLogger(__name__)

DEFAULT_LOOKBACK_DAYS = 56
# Store x product pairs applied per batch of stores.
BATCH_PAIRS = 100000
# Fields of an existing rule as _read_existing_rules returns it.
RULE_ID, RULE_ACTIVE, RULE_LOCKED, RULE_SET_BY, RULE_OURS, RULE_VALUES = range(6)


class RetailReplenishmentPolicy(models.Model):
    """How the min/max of a cluster's stores are set for one product family."""
    _name = 'retail.replenishment.policy'
    _description = 'Replenishment Policy'
    # A new policy, or a change of its parameters, waits for the data
    # steward when the company asks for it: the runs use approved values only.
    _inherit = ['retail.master.data.state.mixin']
    _retail_governed_fields = (
        'active', 'cluster_id', 'categ_id', 'method', 'min_qty', 'max_qty',
        'service_level', 'lookback_weeks', 'pack_multiple', 'spike_factor',
        'date_from', 'date_to')
    _order = 'cluster_id, sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Among policies of equally specific families, the lowest wins.")
    active = fields.Boolean(default=True)
    cluster_id = fields.Many2one(
        'retail.store.cluster', string='Store Cluster', required=True, index=True,
        ondelete='cascade')
    company_id = fields.Many2one(
        related='cluster_id.company_id', store=True, readonly=True, index=True)
    categ_id = fields.Many2one(
        'product.category', string='Product Family', index=True, ondelete='restrict',
        help="The policy covers this category and its children. Empty: every product.")
    method = fields.Selection(
        [('fixed', 'Fixed min/max'), ('demand', 'Demand-driven')],
        required=True, default='demand',
        help="Fixed: the min/max given here. Demand-driven: computed from each store's "
             "own sales over the lookback.")
    min_qty = fields.Float(
        string='Minimum Quantity', digits=dp.get_precision('Product Unit of Measure'))
    max_qty = fields.Float(
        string='Maximum Quantity', digits=dp.get_precision('Product Unit of Measure'))
    service_level = fields.Float(
        help="Probability of not running out during the lead time (between 0 and 1). "
             "Empty: the cluster's.")
    lookback_weeks = fields.Integer(
        default=8, help="Weeks of sales history the daily demand is computed from.")
    pack_multiple = fields.Float(
        default=1.0, digits=dp.get_precision('Product Unit of Measure'),
        help="Min, max and ordered quantities are rounded up to this multiple.")
    spike_factor = fields.Float(
        default=3.0,
        help="A demand spike is raised when a store's last-week demand exceeds this "
             "factor times its average weekly demand.")
    date_from = fields.Date(string='Active From')
    date_to = fields.Date(string='Active To')

    @api.constrains('min_qty', 'max_qty')
    def _check_min_max(self):
        for policy in self:
            if policy.min_qty < 0 or policy.max_qty < 0 or policy.min_qty > policy.max_qty:
                raise ValidationError(_(
                    "Policy %s: the minimum and maximum cannot be negative and the "
                    "minimum cannot exceed the maximum.") % policy.display_name)

    @api.constrains('service_level', 'lookback_weeks', 'pack_multiple', 'spike_factor')
    def _check_parameters(self):
        for policy in self:
            if policy.service_level and not 0 < policy.service_level < 1:
                raise ValidationError(_(
                    "Policy %s: the service level must lie between 0 and 1 "
                    "(e.g. 0.95).") % policy.display_name)
            if policy.lookback_weeks < 1:
                raise ValidationError(_(
                    "Policy %s: the lookback must be at least one week.")
                    % policy.display_name)
            if policy.pack_multiple < 0 or policy.spike_factor < 0:
                raise ValidationError(_(
                    "Policy %s: the pack multiple and the spike factor cannot be "
                    "negative.") % policy.display_name)

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for policy in self:
            if policy.date_from and policy.date_to and policy.date_from > policy.date_to:
                raise ValidationError(_(
                    "Policy %s ends before it starts.") % policy.display_name)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_compute_apply(self):
        """Computes and applies the min/max of the clusters of these policies."""
        clusters = self.mapped('cluster_id')
        clusters._post_apply_counts(clusters.apply_policies())
        return True

    # ------------------------------------------------------------------
    # Policy precedence
    # ------------------------------------------------------------------
    @api.model
    def _get_policy_matches(self, clusters, date=None, products=None):
        """{(cluster id, product id): policy id} for every stockable, active,
        saleable product of the clusters' company that a policy covers.

        The policies of a cluster that are active on ``date`` and whose family is
        the product's category or one of its parents compete: the most specific
        family wins (the nearest ancestor), then the lowest sequence, then the
        oldest policy. A policy without a family covers every product and loses
        to any policy with one. One query for all clusters and products; override
        to change the precedence.

        The ancestors come from a recursive query on parent_id, not from
        Odoo 11's nested sets (parent_left/parent_right): those are computed only
        at the end of a module installation, so categories created by an install
        hook (the demo) have none yet."""
        if not clusters:
            return {}
        date = date or fields.Date.context_today(self)
        self._cr.execute("""
            WITH RECURSIVE ancestor AS (
                SELECT id AS categ_id, id AS ancestor_id, 0 AS distance
                  FROM product_category
                UNION ALL
                SELECT a.categ_id, c.parent_id, a.distance + 1
                  FROM ancestor a
                  JOIN product_category c ON c.id = a.ancestor_id
                 WHERE c.parent_id IS NOT NULL AND a.distance < 100
            )
            SELECT DISTINCT ON (pol.cluster_id, pp.id) pol.cluster_id, pp.id, pol.id
              FROM retail_replenishment_policy pol
              JOIN retail_store_cluster cl ON cl.id = pol.cluster_id
              JOIN ancestor a ON a.ancestor_id = coalesce(pol.categ_id, a.categ_id)
              JOIN product_template pt ON pt.categ_id = a.categ_id
              JOIN product_product pp ON pp.product_tmpl_id = pt.id
             WHERE pol.active AND pol.cluster_id = ANY(%(clusters)s)
               AND pol.retail_approval_state = 'approved'
               AND pt.retail_approval_state = 'approved'
               AND (pol.date_from IS NULL OR pol.date_from <= %(date)s)
               AND (pol.date_to IS NULL OR pol.date_to >= %(date)s)
               AND pt.type = 'product' AND pt.active AND pp.active AND pt.sale_ok
               AND (pt.company_id IS NULL OR pt.company_id = cl.company_id)
               AND (%(all_products)s OR pp.id = ANY(%(products)s))
             ORDER BY pol.cluster_id, pp.id, pol.categ_id IS NULL, a.distance,
                      pol.sequence, pol.id""", {
            'clusters': clusters.ids, 'date': date,
            'all_products': products is None,
            'products': products.ids if products is not None else [],
        })
        return {(cluster_id, product_id): policy_id
                for cluster_id, product_id, policy_id in self._cr.fetchall()}

    # ------------------------------------------------------------------
    # Demand
    # ------------------------------------------------------------------
    @api.model
    def _get_demand_stats(self, warehouses, products=None, date=None):
        """{(warehouse id, product id): (d, s, last week's demand)} of the
        stores' sales, each pair over the lookback of the policy that covers it
        (8 weeks without a policy). Pairs without any sale or return in the
        longest lookback are left out: their demand is 0. See :meth:`_read_demand`.
        Part of the contract with the replenishment run (demand spikes)."""
        date = date or fields.Date.context_today(self)
        matches = self._get_policy_matches(
            warehouses.mapped('retail_cluster_id'), date, products)
        weeks = dict(self.browse(set(matches.values())).with_context(
            active_test=False).mapped(lambda p: (p.id, p.lookback_weeks)))
        lookbacks = {key: weeks[policy_id] * 7 for key, policy_id in matches.items()}
        return self._read_demand(warehouses, lookbacks, date, products)

    @api.model
    def _store_locations(self, warehouses):
        """{internal location id: warehouse id} under the warehouses' view
        locations, found down parent_id (not from the nested sets, which an
        install hook does not have yet)."""
        self._cr.execute("""
            WITH RECURSIVE tree AS (
                SELECT w.view_location_id AS id, w.id AS warehouse_id, 0 AS depth
                  FROM stock_warehouse w WHERE w.id = ANY(%s)
                UNION ALL
                SELECT l.id, t.warehouse_id, t.depth + 1
                  FROM stock_location l JOIN tree t ON l.location_id = t.id
                 WHERE t.depth < 50
            )
            SELECT t.id, t.warehouse_id
              FROM tree t JOIN stock_location l ON l.id = t.id
             WHERE l.usage = 'internal'""", (warehouses.ids,))
        return dict(self._cr.fetchall())

    @api.model
    def _read_demand(self, warehouses, lookbacks, date, products=None):
        """One aggregation over the done stock moves of the stores' internal
        locations (:meth:`_store_locations`) to and from customer locations
        (sales minus customer returns, ``product_qty``: in the product's unit
        of measure), per day (UTC) over the ``date``'s N previous days
        (``date`` itself excluded, it is not over), N =
        ``lookbacks[(cluster id, product id)]`` or 56.

        d is the mean over the N days, days without sales counted as zero, and
        never below 0 (returns exceeding sales); s is the *population* standard
        deviation over the same N days, from the sum and the sum of squares of
        the daily net demand; last week's demand is the sum of the 7 previous
        days. Returns {(warehouse id, product id): (d, s, last week)}."""
        if not warehouses:
            return {}
        keys = list(lookbacks)
        max_days = max([DEFAULT_LOOKBACK_DAYS, 7] + list(lookbacks.values()))
        end = fields.Date.from_string(date)
        start = fields.Date.to_string(end - timedelta(days=max_days))
        locations = self._store_locations(warehouses)
        self._cr.execute("SELECT id FROM stock_location WHERE usage = 'customer'")
        customers = [row[0] for row in self._cr.fetchall()]
        # The moves are filtered by the arrays of locations (not by joins on
        # them): PostgreSQL then reads only the stores' moves, about 3 times
        # faster for a batch of 10 stores at 100 x 10,000. The products are
        # filtered here, not in SQL: beside the locations, an array of 10,000
        # products made the statement take 117 s instead of 3 s for 5 stores.
        self._cr.execute("""
            WITH store AS (
                SELECT w.id AS warehouse_id, w.retail_cluster_id AS cluster_id
                  FROM stock_warehouse w
                 WHERE w.id = ANY(%(warehouses)s)
            ), store_location AS (
                SELECT * FROM unnest(%(sl_ids)s::int[], %(sl_warehouses)s::int[])
                    AS sl(id, warehouse_id)
            ), lookback AS (
                SELECT * FROM unnest(%(lb_clusters)s::int[], %(lb_products)s::int[],
                                     %(lb_days)s::int[]) AS lb(cluster_id, product_id, days)
            ), daily AS (
                SELECT warehouse_id, product_id, day, sum(qty) AS qty FROM (
                    SELECT sl.warehouse_id, m.product_id, m.date::date AS day,
                           m.product_qty AS qty
                      FROM stock_move m
                      JOIN store_location sl ON sl.id = m.location_id
                     WHERE m.location_id = ANY(%(sl_ids)s)
                       AND m.location_dest_id = ANY(%(customers)s)
                       AND m.state = 'done' AND m.date >= %(start)s AND m.date < %(end)s
                    UNION ALL
                    SELECT sl.warehouse_id, m.product_id, m.date::date, -m.product_qty
                      FROM stock_move m
                      JOIN store_location sl ON sl.id = m.location_dest_id
                     WHERE m.location_dest_id = ANY(%(sl_ids)s)
                       AND m.location_id = ANY(%(customers)s)
                       AND m.state = 'done' AND m.date >= %(start)s AND m.date < %(end)s
                ) moves GROUP BY 1, 2, 3
            ), windowed AS (
                SELECT d.warehouse_id, d.product_id, d.day, d.qty,
                       coalesce(lb.days, %(default_days)s) AS days
                  FROM daily d
                  JOIN store s ON s.warehouse_id = d.warehouse_id
                  LEFT JOIN lookback lb ON lb.cluster_id = s.cluster_id
                                       AND lb.product_id = d.product_id
            )
            SELECT warehouse_id, product_id, days,
                   coalesce(sum(qty) FILTER (WHERE day >= %(end)s::date - days), 0),
                   coalesce(sum(qty * qty) FILTER (WHERE day >= %(end)s::date - days), 0),
                   coalesce(sum(qty) FILTER (WHERE day >= %(end)s::date - 7), 0)
              FROM windowed
             GROUP BY warehouse_id, product_id, days""", {
            'warehouses': warehouses.ids, 'start': start, 'end': date,
            'sl_ids': list(locations), 'sl_warehouses': list(locations.values()),
            'customers': customers,
            'lb_clusters': [k[0] for k in keys], 'lb_products': [k[1] for k in keys],
            'lb_days': [lookbacks[k] for k in keys],
            'default_days': DEFAULT_LOOKBACK_DAYS,
        })
        wanted = set(products.ids) if products is not None else None
        stats = {}
        for warehouse_id, product_id, days, total, squares, last_week in self._cr.fetchall():
            if wanted is not None and product_id not in wanted:
                continue
            # numeric columns arrive as floats (Odoo's cursor converts them)
            mean, stddev = daily_stats(total, squares, days)
            stats[(warehouse_id, product_id)] = (max(mean, 0.0), stddev, last_week)
        return stats

    # ------------------------------------------------------------------
    # Min/max strategies: _calc_<method>(params, cluster, d, s) -> (ss, min, max)
    # ------------------------------------------------------------------
    @api.model
    def _calc_fixed(self, params, cluster, daily_demand, stddev):
        """The policy's own min/max; no safety stock of its own."""
        return 0.0, params['min_qty'], params['max_qty']

    @api.model
    def _calc_demand(self, params, cluster, daily_demand, stddev):
        """Demand-driven min/max, see replenishment_math.demand_min_max."""
        return demand_min_max(
            daily_demand, stddev, cluster['lead_days'], cluster['review_days'],
            params['service_level'] or cluster['service_level'], params['pack_multiple'])

    @api.multi
    def _get_calc_params(self):
        """{policy id: plain values the strategies read} (no ORM in the loop)."""
        return {policy.id: {
            'method': policy.method, 'min_qty': policy.min_qty,
            'max_qty': policy.max_qty, 'service_level': policy.service_level,
            'pack_multiple': policy.pack_multiple,
            'lookback_days': policy.lookback_weeks * 7,
        } for policy in self.with_context(active_test=False)}

    # ------------------------------------------------------------------
    # Compute and apply
    # ------------------------------------------------------------------
    @api.model
    def _compute_apply(self, clusters):
        """Entry point of the replenishment run: see
        retail.store.cluster.apply_policies."""
        return clusters.apply_policies()

    @api.model
    def _apply_to_clusters(self, clusters, date=None):
        """Creates, updates or archives the reordering rules of every store x
        product of ``clusters`` so that they hold what the policies give;
        returns the counts {'created', 'updated', 'archived', 'unchanged',
        'locked'}.

        Set-based: one query for precedence, then per batch of stores (about
        BATCH_PAIRS store x product pairs, to bound memory) one query for
        demand and one for the existing rules, then bulk INSERT / UPDATE ...
        FROM unnest of what differs only, so a second apply with the same
        inputs writes nothing. Rules locked by a planner keep their min/max
        (only their proposed values and inputs change). Rules of these
        clusters' policies (or set by a policy in their stores) that no policy
        covers any more are archived; rules people made for products no policy
        covers are left alone."""
        counts = dict.fromkeys(('created', 'updated', 'archived', 'unchanged', 'locked'), 0)
        if not clusters:
            return counts
        started = time.time()
        date = date or fields.Date.context_today(self)
        now = fields.Datetime.now()
        # Row locks on the clusters: a concurrent apply of the same clusters
        # waits, then fails to serialize and is retried by Odoo on a fresh
        # snapshot, instead of inserting the same rules twice.
        self._cr.execute(
            "UPDATE retail_store_cluster SET policy_applied_date = %s WHERE id = ANY(%s)",
            (now, clusters.ids))
        clusters.invalidate_cache(['policy_applied_date'])

        # sudo: the stores of a cluster, whatever the applying user's store rules
        stores = self.env['stock.warehouse'].sudo().search([
            ('retail_cluster_id', 'in', clusters.ids)])
        matches = self._get_policy_matches(clusters, date)
        policy_params = self.browse(set(matches.values()))._get_calc_params()
        lookbacks = {key: policy_params[policy_id]['lookback_days']
                     for key, policy_id in matches.items()}
        products_by_cluster = {}
        for (cluster_id, product_id), policy_id in sorted(matches.items()):
            products_by_cluster.setdefault(cluster_id, []).append((product_id, policy_id))
        context = {
            'now': now, 'uid': self.env.uid, 'date': date,
            'digits': self.env['decimal.precision'].precision_get('Product Unit of Measure'),
            'policies': policy_params, 'lookbacks': lookbacks,
            'products_by_cluster': products_by_cluster,
            'calcs': {policy_id: getattr(self, '_calc_%s' % params['method'])
                      for policy_id, params in policy_params.items()},
            'clusters': {cluster.id: {
                'lead_days': cluster.lead_days, 'review_days': cluster.review_days,
                'service_level': cluster.service_level,
                'rule_lead_days': int(math.ceil(cluster.lead_days)),
            } for cluster in clusters},
        }
        widest = max([len(p) for p in products_by_cluster.values()] + [1])
        step = max(1, BATCH_PAIRS // widest)
        for start in range(0, len(stores), step):
            self._apply_to_stores(stores[start:start + step], context, counts)
        counts['archived'] += self._archive_strays(clusters, stores, now)
        self.env['stock.warehouse.orderpoint'].invalidate_cache()
        _logger.info("Reordering rules of clusters %s applied in %.1fs: %s",
                     clusters.mapped('code'), time.time() - started, counts)
        return counts

    @api.model
    def _apply_to_stores(self, stores, context, counts):
        """The apply of one batch of stores (see :meth:`_apply_to_clusters`)."""
        digits = context['digits']
        stats = self._read_demand(stores, context['lookbacks'], context['date'])
        existing, archived = self._read_existing_rules(stores)
        zero = (0.0, 0.0, 0.0)
        inserts, updates, locked_updates, seen = [], [], [], set()
        for store in stores:
            cluster = context['clusters'][store.retail_cluster_id.id]
            location_id = store.lot_stock_id.id
            for product_id, policy_id in context['products_by_cluster'].get(
                    store.retail_cluster_id.id, ()):
                params = context['policies'][policy_id]
                daily, stddev, _last_week = stats.get((store.id, product_id), zero)
                safety, min_qty, max_qty = context['calcs'][policy_id](
                    params, cluster, daily, stddev)
                min_qty, max_qty = round(min_qty, digits), round(max_qty, digits)
                values = (min_qty, max_qty, params['pack_multiple'],
                          cluster['rule_lead_days'], policy_id, round(daily, digits),
                          round(stddev, digits), round(safety, digits), min_qty, max_qty)
                key = (location_id, product_id)
                seen.add(key)
                rule = existing.get(key) or archived.get(key)
                if rule is None:
                    inserts.append((store.id, location_id, product_id,
                                    store.company_id.id) + values)
                    counts['created'] += 1
                elif rule[RULE_LOCKED]:
                    if self._differs(rule[RULE_VALUES][4:], values[4:], digits):
                        locked_updates.append((rule[RULE_ID],) + values[4:])
                    counts['locked'] += 1
                elif rule[RULE_ACTIVE] and rule[RULE_SET_BY] == 'policy' and \
                        not self._differs(rule[RULE_VALUES], values, digits):
                    counts['unchanged'] += 1
                else:
                    updates.append((rule[RULE_ID],) + values)
                    counts['updated'] += 1
        to_archive = [rule[RULE_ID] for key, rule in existing.items()
                      if key not in seen and rule[RULE_OURS] and not rule[RULE_LOCKED]]
        counts['archived'] += len(to_archive)
        self._write_rules(inserts, updates, locked_updates, to_archive,
                          context['now'], context['uid'])

    @staticmethod
    def _differs(old, new, digits):
        """Whether stored values differ from computed ones beyond the rounding
        (the equal tuples of an unchanged rule return at once)."""
        if old == new:
            return False
        tolerance = 0.5 * 10 ** -digits
        return any(
            (a is None) != (b is None) or (
                a is not None and (abs(a - b) > tolerance if isinstance(b, float) else a != b))
            for a, b in zip(old, new))

    # Columns of the computed values, in the order of the tuples above.
    _value_columns = (
        'product_min_qty', 'product_max_qty', 'qty_multiple', 'lead_days',
        'retail_policy_id', 'retail_daily_demand', 'retail_demand_stddev',
        'retail_safety_stock', 'retail_proposed_min_qty', 'retail_proposed_max_qty')

    @api.model
    def _read_existing_rules(self, stores):
        """The active rules at the stores' stock locations by (location,
        product); and per pair without one, an archived policy rule (not
        locked) to reactivate rather than duplicate. Rules are tuples (see the
        RULE_* indexes): 10,000s of them per batch."""
        self._cr.execute("""
            SELECT id, active, coalesce(retail_locked, false),
                   CASE WHEN lead_type = 'net' THEN retail_set_by END,
                   retail_policy_id IS NOT NULL OR retail_set_by = 'policy',
                   location_id, product_id, {columns}
              FROM stock_warehouse_orderpoint
             WHERE location_id = ANY(%(locations)s)
               AND (active OR (retail_policy_id IS NOT NULL
                               AND NOT coalesce(retail_locked, false)))
             ORDER BY active, id DESC""".format(columns=', '.join(self._value_columns)), {
            'locations': stores.mapped('lot_stock_id').ids})
        existing, archived = {}, {}
        for row in self._cr.fetchall():
            # numeric columns arrive as floats (Odoo's cursor converts them);
            # ordered by id descending: the one kept is the oldest of the pair
            (existing if row[1] else archived)[(row[5], row[6])] = row[:5] + (row[7:],)
        return existing, archived

    @api.model
    def _archive_strays(self, clusters, stores, now):
        """Archives the (unlocked) rules made from these clusters' policies that
        lie outside their stores now (a store left the cluster); returns how many."""
        self._cr.execute("""
            UPDATE stock_warehouse_orderpoint
               SET active = false, write_uid = %(uid)s, write_date = %(now)s
             WHERE active AND NOT coalesce(retail_locked, false)
               AND retail_policy_id IN (SELECT id FROM retail_replenishment_policy
                                         WHERE cluster_id = ANY(%(clusters)s))
               AND NOT location_id = ANY(%(locations)s)""", {
            'uid': self.env.uid, 'now': now, 'clusters': clusters.ids,
            'locations': stores.mapped('lot_stock_id').ids})
        return self._cr.rowcount

    @api.model
    def _write_rules(self, inserts, updates, locked_updates, to_archive, now, uid):
        Orderpoint = self.env['stock.warehouse.orderpoint']
        stamp = {'write_uid': uid, 'write_date': now}
        if inserts:
            by_company = {}
            for row in inserts:
                by_company.setdefault(row[3], []).append(row)
            defaults = Orderpoint._retail_insert_defaults()
            for company_id, rows in by_company.items():
                names = Orderpoint._retail_next_names(
                    self.env['res.company'].browse(company_id), len(rows))
                columns = ('name', 'warehouse_id', 'location_id', 'product_id',
                           'company_id') + self._value_columns + ('retail_cluster_id',
                                                                  'retail_categ_id')
                categ = self._product_categories([row[2] for row in rows])
                cluster_of = self._warehouse_clusters({row[0] for row in rows})
                Orderpoint._retail_bulk_insert(columns, [
                    (name,) + row + (cluster_of[row[0]], categ[row[2]])
                    for name, row in zip(names, rows)], dict(
                        defaults, active=True, lead_type='net', retail_locked=False,
                        retail_set_by='policy', retail_set_by_user_id=uid,
                        retail_computed_date=now, create_uid=uid, create_date=now,
                        group_id=None, **stamp))
        if updates:
            Orderpoint._retail_bulk_update(self._value_columns, updates, dict(
                active=True, lead_type='net', retail_set_by='policy',
                retail_set_by_user_id=uid, retail_computed_date=now, **stamp))
        if locked_updates:
            Orderpoint._retail_bulk_update(
                self._value_columns[4:], locked_updates,
                dict(retail_computed_date=now, **stamp))
        if to_archive:
            self._cr.execute("""
                UPDATE stock_warehouse_orderpoint
                   SET active = false, write_uid = %s, write_date = %s
                 WHERE id = ANY(%s)""", (uid, now, to_archive))

    @api.model
    def _product_categories(self, product_ids):
        self._cr.execute("""
            SELECT pp.id, pt.categ_id FROM product_product pp
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE pp.id = ANY(%s)""", (list(product_ids),))
        return dict(self._cr.fetchall())

    @api.model
    def _warehouse_clusters(self, warehouse_ids):
        self._cr.execute(
            "SELECT id, retail_cluster_id FROM stock_warehouse WHERE id = ANY(%s)",
            (list(warehouse_ids),))
        return dict(self._cr.fetchall())

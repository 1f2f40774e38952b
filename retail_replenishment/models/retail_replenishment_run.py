# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time
import traceback
import zlib
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .procurement_group import SCHEDULER_LOCK_KEY
from .replenishment_allocation import fair_share

_logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that keeps runs of one company apart
# (a constant: Python's str hash differs per process).
LOCK_KEY = zlib.crc32(b'retail.replenishment.run')

RUN_GROUPS = ('retail_governance.group_planner', 'retail_governance.group_retail_admin')

# The run creates its own record with this object in the context: no XML-RPC
# client can send a Python object, the admin login (uid 1) included.
_RUN_CREATE_KEY = 'retail_replenishment_run_create'
_RUN_CREATE_TOKEN = object()


class RetailReplenishmentRun(models.Model):
    """One replenishment run: every store x product in scope evaluated at once,
    DC-to-store transfers and DC purchases created, exceptions to planners."""
    _name = 'retail.replenishment.run'
    _description = 'Replenishment Run'
    _inherit = ['mail.thread']
    _order = 'id desc'
    _mail_post_access = 'read'

    name = fields.Char(required=True, readonly=True, copy=False, default='/')
    state = fields.Selection(
        selection=[('draft', 'Draft'), ('running', 'Running'), ('done', 'Done'),
                   ('failed', 'Failed')],
        default='draft', required=True, readonly=True, index=True,
        track_visibility='onchange')
    trigger = fields.Selection(
        selection=[('manual', 'Manual'), ('cron', 'Scheduled')],
        default='manual', required=True, readonly=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        states={'draft': [('readonly', False)]},
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.replenishment.run'))
    cluster_ids = fields.Many2many(
        'retail.store.cluster', 'retail_replenishment_run_cluster_rel', 'run_id',
        'cluster_id', string='Clusters', readonly=True,
        states={'draft': [('readonly', False)]},
        help="Clusters the run replenishes; none: every cluster of the company.")
    user_id = fields.Many2one(
        'res.users', string='Started by', readonly=True,
        default=lambda self: self.env.uid,
        help="Who started the run (the scheduler's user for nightly runs).")
    date_start = fields.Datetime(string='Started', readonly=True)
    date_end = fields.Datetime(string='Ended', readonly=True)
    duration = fields.Float(string='Duration (s)', readonly=True, digits=(16, 1))
    progress = fields.Float(readonly=True, digits=(16, 0), help="Percent done.")
    pair_count = fields.Integer(string='Pairs Evaluated', readonly=True)
    below_min_count = fields.Integer(string='Below Minimum', readonly=True)
    picking_count = fields.Integer(string='Transfers', readonly=True)
    move_count = fields.Integer(string='Moves', readonly=True)
    purchase_count = fields.Integer(string='RFQs', readonly=True)
    exception_count = fields.Integer(string='Exceptions', readonly=True)
    errors = fields.Text(readonly=True)
    procurement_group_ids = fields.Many2many(
        'procurement.group', 'retail_replenishment_run_group_rel', 'run_id', 'group_id',
        string='Procurement Groups', readonly=True, copy=False)
    purchase_ids = fields.Many2many(
        'purchase.order', 'retail_replenishment_run_purchase_rel', 'run_id',
        'purchase_id', string='RFQs Created', readonly=True, copy=False)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        if (self.env.context.get(_RUN_CREATE_KEY) is not _RUN_CREATE_TOKEN
                and set(vals) - set(self._get_scope_fields())):
            raise AccessError(_(
                "A replenishment run records its own results: set only its scope."))
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'retail.replenishment.run') or '/'
        return super(RetailReplenishmentRun, self).create(vals)

    @api.model
    def _get_scope_fields(self):
        """What a user sets on a run before starting it; the rest is the run's."""
        return ['cluster_ids', 'company_id']

    @api.multi
    def _record(self, vals):
        # sudo: the run writes its own state and results, whoever started it
        # (planners may not write runs; user_id keeps who started it).
        return self.sudo().write(vals)

    @api.multi
    def unlink(self):
        if self.filtered(lambda r: r.state != 'draft'):
            raise UserError(_("Only draft replenishment runs can be deleted."))
        return super(RetailReplenishmentRun, self).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_start(self):
        """Starts draft runs (a planner or a retail administrator)."""
        self._check_can_start()
        for run in self:
            if run.state != 'draft':
                raise UserError(_("Run %s has already been started.") % run.name)
        results = self.browse()
        for run in self:
            results |= self._start(run.cluster_ids, company=run.company_id, run=run)
        return results._action_open()

    @api.model
    def action_run_clusters(self, cluster_ids):
        """Runs the replenishment of ``cluster_ids`` now (the cluster form's
        button, also over XML-RPC); returns the run's form."""
        self._check_can_start()
        clusters = self.env['retail.store.cluster'].browse(cluster_ids).exists()
        if not clusters:
            raise UserError(_("Select the store clusters to replenish."))
        if len(clusters.mapped('company_id')) > 1:
            raise UserError(_("A replenishment run covers clusters of one company."))
        return self._start(clusters)._action_open()

    @api.multi
    def _action_open(self):
        action = self.env.ref(
            'retail_replenishment.action_retail_replenishment_run').read()[0]
        if len(self) == 1:
            action.update(res_id=self.id, view_mode='form',
                          views=[(False, 'form')])
        else:
            action['domain'] = [('id', 'in', self.ids)]
        return action

    @api.multi
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env.ref('stock.action_picking_tree_all').read()[0]
        action['domain'] = [('group_id', 'in', self.procurement_group_ids.ids)]
        return action

    @api.multi
    def action_view_purchases(self):
        self.ensure_one()
        action = self.env.ref('purchase.purchase_rfq').read()[0]
        action['domain'] = [('id', 'in', self.purchase_ids.ids)]
        return action

    # ------------------------------------------------------------------
    # Starting a run: rights, lock, own cursor
    # ------------------------------------------------------------------
    @api.model
    def _check_can_start(self):
        """Only planners and retail administrators start runs (the nightly
        job calls _start directly); uid 1 is a person here, no exception."""
        if not any(self.env.user.has_group(group) for group in RUN_GROUPS):
            raise AccessError(_(
                "Only planners and retail administrators may start a "
                "replenishment run."))

    @api.model
    def _prepare_run_vals(self, clusters, trigger, company):
        return {
            'cluster_ids': [(6, 0, clusters.ids)],
            'trigger': trigger,
            'company_id': company.id,
            'user_id': self.env.uid,
        }

    @api.model
    def _use_new_cursor(self):
        """Runs commit their chunks from their own cursor, except when the
        caller owns the transaction (tests, benchmarks, scripts that roll
        back): context key ``retail_replenishment_in_transaction``."""
        return not self.env.context.get('retail_replenishment_in_transaction')

    @api.model
    def _start(self, clusters, trigger='manual', company=None, run=None,
               apply_policies=False):
        """Runs the replenishment of ``clusters`` (all clusters of the
        company when empty) and returns the run (in the caller's env).

        Two runs of a company never overlap: a PostgreSQL advisory lock is
        taken first; a second run is refused with a clear message. In its own
        cursor (the default), the lock is taken by the cursor's first
        statement and held for the session while chunks are committed."""
        company = company or clusters[:1].company_id or self.env.user.company_id
        if not self._use_new_cursor():
            self._lock(company, session=False)
            if run:
                run._record({'trigger': trigger})
            else:
                # sudo: the run creates its own record (see _record).
                run = self.browse(self.sudo().with_context(**{
                    _RUN_CREATE_KEY: _RUN_CREATE_TOKEN}).create(
                    self._prepare_run_vals(clusters, trigger, company)).id)
            if apply_policies:
                run._apply_policies()
            run._execute(commit=False)
            return run
        run_id = run.id if run else None
        with api.Environment.manage(), self.pool.cursor() as cr:
            Run = self.with_env(self.env(cr=cr))
            Run._lock(company, session=True)
            try:
                # A new transaction: its snapshot starts after the lock.
                cr.commit()
                Run._fail_interrupted_runs(company)
                if run_id:
                    new_run = Run.browse(run_id)
                    new_run._record({'trigger': trigger})
                else:
                    # sudo: the run creates its own record (see _record).
                    new_run = Run.browse(Run.sudo().with_context(**{
                        _RUN_CREATE_KEY: _RUN_CREATE_TOKEN}).create(Run._prepare_run_vals(
                            clusters.with_env(Run.env), trigger, company)).id)
                cr.commit()
                run_id = new_run.id
                if apply_policies:
                    new_run._apply_policies()
                    cr.commit()
                new_run._execute(commit=True)
            finally:
                cr.rollback()
                Run._unlock(company)
                cr.commit()
        return self.browse(run_id)

    @api.model
    def _lock(self, company, session):
        """Takes the run's lock of ``company`` and Odoo's scheduler lock (the
        scheduler orders from the same rules), in one statement, or refuses."""
        function = 'pg_try_advisory_lock' if session else 'pg_try_advisory_xact_lock'
        self.env.cr.execute('SELECT {0}(%s, %s), {0}(%s)'.format(function), (
            LOCK_KEY, company.id, SCHEDULER_LOCK_KEY))
        run_free, scheduler_free = self.env.cr.fetchone()
        if run_free and scheduler_free:
            return
        if session:
            self._unlock(company, run=run_free, scheduler=scheduler_free)
        # A run holds both locks: name the run when its own lock is taken.
        if run_free:
            raise UserError(_(
                "Odoo's scheduler is running: try the replenishment run again "
                "when it has finished."))
        running = self.sudo().search([
            ('company_id', '=', company.id), ('state', '=', 'running')], limit=1)
        raise UserError(_(
            "A replenishment run is already in progress (%s): try again "
            "when it has ended.") % (running.name or _('started just now')))

    @api.model
    def _unlock(self, company, run=True, scheduler=True):
        if run:
            self.env.cr.execute('SELECT pg_advisory_unlock(%s, %s)', (LOCK_KEY, company.id))
        if scheduler:
            self.env.cr.execute('SELECT pg_advisory_unlock(%s)', (SCHEDULER_LOCK_KEY,))

    @api.model
    def _fail_interrupted_runs(self, company):
        """Runs left 'running' while nobody holds the lock were killed."""
        interrupted = self.sudo().search([
            ('company_id', '=', company.id), ('state', '=', 'running')])
        for run in interrupted:
            run._record({
                'state': 'failed', 'date_end': fields.Datetime.now(),
                'errors': (run.errors or '') + _(
                    "Interrupted: the run ended without finishing. Its documents "
                    "are kept; a new run orders only what is still missing.\n")})
            run._raise_failure()
        return interrupted

    @api.multi
    def _raise_failure(self):
        """A failed run reaches the planners of its clusters as an exception
        (one open per cluster, updated by the next failure)."""
        for run in self:
            for cluster in run._get_clusters():
                self.env['retail.exception'].raise_exception(
                    'replenishment_failed', owner=cluster.planner_id or None,
                    source=cluster, company=run.company_id,
                    description=_("Run %s failed: %s") % (run.name, run.errors or ''))

    @api.model
    def _cron_run_nightly(self):
        """Nightly job: computes and applies the policies, then runs every
        cluster of every company."""
        clusters = self.env['retail.store.cluster'].search([])
        for company in clusters.mapped('company_id'):
            company_clusters = clusters.filtered(lambda c: c.company_id == company)
            try:
                self._start(company_clusters, trigger='cron', company=company,
                            apply_policies=True)
            except UserError as error:
                _logger.warning("Replenishment of %s not run: %s", company.name, error.name)

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------
    @api.multi
    def _apply_policies(self):
        clusters = self._get_clusters()
        if hasattr(clusters, 'apply_policies'):
            clusters.apply_policies()
            # The evaluation's plan depends on how many rules there are now.
            self.env.cr.execute('ANALYZE stock_warehouse_orderpoint')

    @api.multi
    def _get_clusters(self):
        self.ensure_one()
        return self.cluster_ids or self.env['retail.store.cluster'].search([
            ('company_id', '=', self.company_id.id)])

    @api.multi
    def _get_stores(self):
        return self.env['stock.warehouse'].search(
            [('retail_cluster_id', 'in', self._get_clusters().ids)],
            order='retail_replenishment_priority, code')

    @api.model
    def _get_chunk_size(self):
        return int(self.env['ir.config_parameter'].sudo().get_param(
            'retail_replenishment.chunk_store_count', 10))

    @api.multi
    def _execute(self, commit=False):
        """Evaluates, allocates and creates the documents. With ``commit``
        (own cursor only), each chunk of stores is committed and a failure is
        recorded on the run; otherwise the error goes to the caller."""
        self.ensure_one()
        started = time.time()
        self._record({'state': 'running', 'date_start': fields.Datetime.now(),
                      'progress': 0, 'errors': False})
        if commit:
            self.env.cr.commit()
        try:
            self._run_steps(commit)
        except Exception as error:
            if not commit:
                raise
            self.env.cr.rollback()
            _logger.exception("Replenishment run %s failed", self.name)
            message = error.name if isinstance(error, UserError) else \
                traceback.format_exc(limit=5)
            self._record({
                'state': 'failed', 'date_end': fields.Datetime.now(),
                'duration': time.time() - started,
                'errors': (self.errors or '') + message})
            self._raise_failure()
            self.env.cr.commit()
            return
        self._record({'state': 'done', 'progress': 100, 'date_end': fields.Datetime.now(),
                      'duration': time.time() - started})
        if commit:
            self.env.cr.commit()

    @api.multi
    def _run_steps(self, commit):
        builder = self.env['retail.replenishment.builder']
        stores = self._get_stores()
        pairs, needs = builder._evaluate(stores)
        self._record({'pair_count': pairs, 'below_min_count': len(needs), 'progress': 10})
        signatures = builder._route_signatures({n['product_id'] for n in needs})
        rules = self._get_store_rules(stores, needs, signatures)
        allocation, shortages = self._allocate(stores, needs, rules, signatures)
        if commit:
            self.env.cr.commit()

        lines_by_store = defaultdict(list)
        for need in needs:
            qty = allocation.get(need['orderpoint_id'], 0.0)
            if qty > 0:
                lines_by_store[need['warehouse_id']].append((need, qty))
        todo = stores.filtered(lambda s: s.id in lines_by_store)
        chunk_size = max(self._get_chunk_size(), 1)
        chunks = [todo[i:i + chunk_size] for i in range(0, len(todo), chunk_size)]
        for number, chunk in enumerate(chunks, 1):
            self._create_chunk_documents(chunk, lines_by_store, rules, signatures)
            self._record({'progress': 10 + 70.0 * number / len(chunks)})
            if commit:
                self.env.cr.commit()
            self._on_chunk_done(number)

        self._create_purchases(stores, rules)
        self._record({'progress': 90})
        if commit:
            self.env.cr.commit()
        self._raise_exceptions(stores, shortages, commit)

    @api.multi
    def _on_chunk_done(self, number):
        """Hook after each chunk of stores (committed in the own-cursor path)."""
        return True

    @api.multi
    def _get_store_rules(self, stores, needs, signatures):
        """{(warehouse_id, route key): (store rule, DC rule)}."""
        builder = self.env['retail.replenishment.builder']
        Product = self.env['product.product']
        rules = {}
        errors = []
        for need in needs:
            key = (need['warehouse_id'], signatures[need['product_id']])
            if key in rules:
                continue
            product = Product.browse(need['product_id'])
            warehouse = stores.browse(need['warehouse_id'])
            try:
                rules[key] = builder._get_resupply_rules(
                    warehouse, product, self.env['procurement.group'])
            except UserError as error:
                rules[key] = None
                errors.append(error.name)
        if errors:
            self._add_errors(errors)
        return rules

    @api.multi
    def _allocate(self, stores, needs, rules, signatures):
        """{orderpoint_id: qty}: every need in full when its DC has enough,
        else a fair share; and the shortages {(dc location, product): info}."""
        builder = self.env['retail.replenishment.builder']
        by_source = defaultdict(list)
        allocation = {}
        for need in needs:
            if need['order_qty'] <= 0:
                continue
            pair = rules.get((need['warehouse_id'], signatures[need['product_id']]))
            if not pair:
                continue
            store_rule, dc_rule = pair
            if not dc_rule:
                allocation[need['orderpoint_id']] = need['order_qty']
                continue
            by_source[(dc_rule.location_src_id.id, need['product_id'])].append(need)
        locations = self.env['stock.location'].browse({k[0] for k in by_source})
        available = builder._get_available_qty(
            locations, list({k[1] for k in by_source}))
        warehouses = {s.id: s for s in stores}
        shortages = {}
        for key, source_needs in by_source.items():
            free = max(available.get(key, 0.0), 0.0)
            total = sum(n['order_qty'] for n in source_needs)
            shares = fair_share(free, [
                (n['orderpoint_id'], n['order_qty'], n['multiple'],
                 (warehouses[n['warehouse_id']].retail_replenishment_priority,
                  warehouses[n['warehouse_id']].code or ''))
                for n in source_needs])
            allocation.update(shares)
            if total > free + 1e-9:
                need_by_store = defaultdict(float)
                for n in source_needs:
                    need_by_store[n['warehouse_id']] += n['order_qty'] - shares[
                        n['orderpoint_id']]
                shortages[key] = {'need': total, 'available': free,
                                  'need_by_store': need_by_store}
        return allocation, shortages

    @api.multi
    def _create_chunk_documents(self, chunk, lines_by_store, rules, signatures):
        builder = self.env['retail.replenishment.builder']
        pickings = self.env['stock.picking']
        groups = self.env['procurement.group']
        for warehouse in chunk:
            lines = lines_by_store[warehouse.id]
            date_planned = builder._date_planned(warehouse.retail_cluster_id)
            try:
                with self.env.cr.savepoint():
                    created = builder._create_store_documents(
                        self, warehouse, lines, date_planned, rules, signatures)
            except UserError as error:
                self._add_errors(['%s: %s' % (warehouse.code, error.name)])
                continue
            pickings |= created
            groups |= created.mapped('group_id')
        if pickings:
            self.env.cr.execute(
                "SELECT count(*) FROM stock_move WHERE picking_id IN %s",
                (tuple(pickings.ids),))
            moves = self.env.cr.fetchone()[0]
            self._record({
                'procurement_group_ids': [(4, g.id) for g in groups],
                'picking_count': self.picking_count + len(pickings),
                'move_count': self.move_count + moves,
            })

    @api.multi
    def _get_supply_warehouses(self, stores, rules):
        warehouses = self._get_clusters().mapped('supply_warehouse_id')
        for pair in rules.values():
            if pair and pair[1]:
                warehouses |= pair[1].location_src_id.get_warehouse()
        return warehouses - stores

    @api.multi
    def _create_purchases(self, stores, rules):
        """The DCs' reordering rules, evaluated after the transfers, buy
        from vendors (one draft RFQ per vendor, as Odoo's buy rule does)."""
        builder = self.env['retail.replenishment.builder']
        dcs = self._get_supply_warehouses(stores, rules)
        pairs, needs = builder._evaluate(dcs)
        if not needs:
            return
        purchases, errors = builder._create_purchases(needs, self)
        if errors:
            self._add_errors(errors)
        self._record({
            'pair_count': self.pair_count + pairs,
            'below_min_count': self.below_min_count + len(needs),
            'purchase_ids': [(4, p.id) for p in purchases],
            'purchase_count': len(self.purchase_ids | purchases),
        })

    @api.multi
    def _add_errors(self, errors):
        self._record({'errors': (self.errors or '') + ''.join(e + '\n' for e in errors)})

    # ------------------------------------------------------------------
    # Exceptions
    # ------------------------------------------------------------------
    @api.model
    def _get_exception_chunk_size(self):
        return 200

    @api.multi
    def _raise_exceptions(self, stores, shortages, commit=False):
        """Supply shortages (one per DC product, owned by the planner of the
        cluster that misses most) and demand spikes (one per store x product,
        to its cluster's planner). An open exception of the same kind is
        updated by the next run (retail.exception.raise_exceptions, one call per
        chunk)."""
        todo = []
        clusters = {s.id: s.retail_cluster_id for s in stores}
        Location = self.env['stock.location']
        Product = self.env['product.product']
        warehouses = {}
        for (location_id, product_id), info in sorted(shortages.items()):
            location = Location.browse(location_id)
            if location_id not in warehouses:
                warehouses[location_id] = location.get_warehouse()
            by_cluster = defaultdict(float)
            for warehouse_id, need in info['need_by_store'].items():
                by_cluster[clusters[warehouse_id]] += need
            cluster = max(by_cluster, key=lambda c: (by_cluster[c], -c.id))
            todo.append(('supply_shortage', dict(
                location=location, product=Product.browse(product_id),
                warehouse=warehouses[location_id],
                quantity=info['need'] - info['available'],
                owner=cluster.planner_id or None, source=warehouses[location_id],
                description=_(
                    "Run %s: the stores need %s, the DC can give %s; allocated by "
                    "fair share. Missing per cluster: %s.") % (
                        self.name, info['need'], info['available'], ', '.join(
                            '%s %s' % (c.name, q) for c, q in sorted(
                                by_cluster.items(), key=lambda i: -i[1]))))))
        for warehouse, product, last_week, weekly, cluster, factor in self._get_spikes(stores):
            todo.append(('demand_spike', dict(
                location=warehouse.lot_stock_id, product=product, warehouse=warehouse,
                quantity=last_week, owner=cluster.planner_id or None, source=cluster,
                description=_(
                    "Run %s: last week's demand %s is above %s times the weekly "
                    "average %s.") % (self.name, last_week, factor, round(weekly, 2)))))
        Exception_ = self.env['retail.exception']
        size = self._get_exception_chunk_size()
        for start in range(0, len(todo), size):
            Exception_.raise_exceptions([
                dict(values, exception_type=exception_type)
                for exception_type, values in todo[start:start + size]])
            done = min(start + size, len(todo))
            self._record({'exception_count': done,
                          'progress': 90 + 10.0 * done / len(todo)})
            if commit:
                self.env.cr.commit()

    @api.multi
    def _get_spikes(self, stores):
        """[(warehouse, product, last week qty, weekly average, cluster, factor)]
        of the rules in scope whose policy has a spike factor."""
        self.env.cr.execute("""
            SELECT op.warehouse_id, op.product_id, pol.spike_factor
              FROM stock_warehouse_orderpoint op
              JOIN retail_replenishment_policy pol ON pol.id = op.retail_policy_id
             WHERE op.active AND op.warehouse_id IN %s AND pol.spike_factor > 0
        """, (tuple(stores.ids) or (0,),))
        factors = {(w, p): f for w, p, f in self.env.cr.fetchall()}
        if not factors:
            return []
        stats = self._get_demand_stats(stores, list({p for _w, p in factors}))
        Warehouse = self.env['stock.warehouse']
        Product = self.env['product.product']
        spikes = []
        for (warehouse_id, product_id), factor in sorted(factors.items()):
            daily, _stddev, last_week = stats.get((warehouse_id, product_id), (0, 0, 0))
            weekly = daily * 7.0
            if weekly > 0 and last_week > factor * weekly:
                warehouse = Warehouse.browse(warehouse_id)
                spikes.append((warehouse, Product.browse(product_id), last_week,
                               weekly, warehouse.retail_cluster_id, factor))
        return spikes

    @api.model
    def _get_demand_stats(self, stores, product_ids):
        """{(warehouse_id, product_id): (daily demand, stddev, last week qty)},
        from the policies' own statistics."""
        Policy = self.env['retail.replenishment.policy']
        if hasattr(Policy, '_get_demand_stats'):
            products = self.env['product.product'].browse(product_ids)
            return Policy._get_demand_stats(stores, products)
        return {}

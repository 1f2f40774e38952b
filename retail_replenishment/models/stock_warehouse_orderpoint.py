# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.addons.retail_governance.models.stock_warehouse_orderpoint import is_policy_write
from odoo.exceptions import AccessError, ValidationError

_logger = logging.getLogger(__name__)

UNIQUE_ACTIVE_INDEX = 'stock_warehouse_orderpoint_retail_active_uniq'
# Manual changes of these fields make the rule "set by" the user who made them.
MIN_MAX_FIELDS = ('product_min_qty', 'product_max_qty', 'qty_multiple')
# Bulk statements write at most this many rows each.
BULK_CHUNK = 20000


class StockWarehouseOrderpoint(models.Model):
    """Reordering rules show where their min/max came from (policy or person),
    and a product has at most one active rule per location (odoo/odoo#47909:
    Odoo 11 accepts two and then replenishes twice).

    The min/max of a rule locked by a planner are parameters: locking,
    unlocking and changing a locked rule wait for the data steward when the
    company asks for it."""
    _name = 'stock.warehouse.orderpoint'
    _inherit = ['stock.warehouse.orderpoint', 'retail.master.data.mixin']
    _retail_governed_fields = (
        'product_min_qty', 'product_max_qty', 'qty_multiple', 'retail_locked')
    _retail_governed_create = False

    retail_policy_id = fields.Many2one(
        'retail.replenishment.policy', string='Replenishment Policy', index=True,
        ondelete='set null', readonly=True)
    retail_cluster_id = fields.Many2one(
        related='warehouse_id.retail_cluster_id', string='Store Cluster', store=True,
        readonly=True)
    retail_categ_id = fields.Many2one(
        related='product_id.categ_id', string='Product Family', store=True,
        readonly=True)
    retail_daily_demand = fields.Float(
        string='Daily Demand', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True, group_operator='sum',
        help="Average daily demand over the policy's lookback, days without sales "
             "counted as zero.")
    retail_demand_stddev = fields.Float(
        string='Demand Std. Dev.', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True, group_operator='avg',
        help="Standard deviation of the daily demand over the lookback.")
    retail_safety_stock = fields.Float(
        string='Safety Stock', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True)
    retail_proposed_min_qty = fields.Float(
        string='Proposed Minimum', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True, help="Minimum the policy computed (applied unless locked).")
    retail_proposed_max_qty = fields.Float(
        string='Proposed Maximum', digits=dp.get_precision('Product Unit of Measure'),
        readonly=True, help="Maximum the policy computed (applied unless locked).")
    retail_computed_date = fields.Datetime(
        string='Computed On', readonly=True,
        help="When the policy computation last changed this rule.")
    retail_locked = fields.Boolean(
        string='Locked by Planner', copy=False,
        help="Policy computations update the proposed values only; the applied "
             "min/max stay as the planner set them.")
    retail_set_by = fields.Selection(
        [('policy', 'Policy'), ('planner', 'Planner'), ('manual', 'Manual')],
        string='Set By', readonly=True, copy=False, default='manual')
    retail_set_by_user_id = fields.Many2one(
        'res.users', string='Set By User', readonly=True, copy=False,
        default=lambda self: self.env.uid,
        help="Who last set the min/max: the user, or the one who ran the policy "
             "computation.")

    def init(self):
        """The partial unique index is the guarantee under concurrency (two
        requests creating the same rule at once); the constraint below gives the
        clear message. A database that already holds duplicates keeps working
        (they are logged) until someone archives them."""
        self._cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s",
                         (UNIQUE_ACTIVE_INDEX,))
        if self._cr.fetchone():
            return
        self._cr.execute("""
            SELECT product_id, location_id, array_agg(id ORDER BY id)
              FROM stock_warehouse_orderpoint WHERE active
             GROUP BY product_id, location_id HAVING count(*) > 1 LIMIT 20""")
        duplicates = self._cr.fetchall()
        if duplicates:
            _logger.warning(
                "Reordering rules: several active rules for one product and location "
                "(product, location, rule ids): %s. Archive the extra ones and update "
                "retail_replenishment to guarantee one rule.", duplicates)
            return
        self._cr.execute(sql.SQL(
            "CREATE UNIQUE INDEX {} ON stock_warehouse_orderpoint "
            "(product_id, location_id) WHERE active").format(
                sql.Identifier(UNIQUE_ACTIVE_INDEX)))

    @api.model_cr_context
    def _register_hook(self):
        """Over XML-RPC, a violation of the unique index (a concurrent create)
        is reported with the constraint's message, as Odoo does for
        _sql_constraints."""
        self.pool._sql_error[UNIQUE_ACTIVE_INDEX] = self._duplicate_message()
        return super()._register_hook()

    @api.model
    def _duplicate_message(self):
        return _("A product can have only one active reordering rule per location: "
                 "%s already has one in %s. Change that rule instead of adding another.")

    @api.constrains('product_min_qty', 'product_max_qty')
    def _check_min_max(self):
        """As a policy's. Odoo 11 takes a minimum above the maximum (its
        scheduler then orders up to the minimum): a typing slip that would
        pass unseen."""
        for op in self:
            if op.product_min_qty < 0 or op.product_max_qty < 0 \
                    or op.product_min_qty > op.product_max_qty:
                raise ValidationError(_(
                    "Reordering rule of %s in %s: the minimum and maximum cannot be "
                    "negative and the minimum cannot exceed the maximum.") % (
                        op.product_id.display_name, op.location_id.display_name))

    @api.constrains('product_id', 'location_id', 'active')
    def _check_unique_active_rule(self):
        self._retail_check_duplicates(
            [(op.product_id.id, op.location_id.id) for op in self if op.active],
            self.ids)

    @api.model
    def _retail_check_duplicates(self, pairs, exclude_ids=()):
        """Raises ValidationError if one of the (product, location) ``pairs`` has
        another active rule (not in ``exclude_ids``), or appears twice."""
        pairs = [pair for pair in pairs if all(pair)]
        if not pairs:
            return
        seen = set()
        clash = next((pair for pair in pairs if pair in seen or seen.add(pair)), None)
        if not clash:
            # SQL: the other rule may be invisible to the user (another company)
            # and must still count.
            self._cr.execute("""
                SELECT o.product_id, o.location_id
                  FROM stock_warehouse_orderpoint o
                  JOIN unnest(%s::int[], %s::int[]) AS v(product_id, location_id)
                    ON v.product_id = o.product_id AND v.location_id = o.location_id
                 WHERE o.active AND NOT o.id = ANY(%s) LIMIT 1""",
                             ([p for p, _l in pairs], [loc for _p, loc in pairs],
                              list(exclude_ids)))
            clash = self._cr.fetchone()
        if clash:
            product = self.env['product.product'].sudo().browse(clash[0])
            location = self.env['stock.location'].sudo().browse(clash[1])
            raise ValidationError(self._duplicate_message() % (
                product.display_name, location.display_name))

    @api.model
    def create(self, vals):
        # the defaults (location from the warehouse) before the check, as
        # super() would add them: the index must not be the one to refuse
        vals = self._add_missing_default_values(vals)
        if vals.get('retail_locked'):
            self._retail_check_can_lock()
        if vals.get('active', True):
            self._retail_check_duplicates([(vals.get('product_id'), vals.get('location_id'))])
        if not is_policy_write(self.env):
            vals = dict(vals, **self._retail_prepare_set_by_vals())
        return super().create(vals)

    @api.multi
    def write(self, vals):
        locking = self.browse()
        if 'retail_locked' in vals:
            self._retail_check_can_lock()
            locking = self.filtered(lambda op: op.retail_locked != bool(vals['retail_locked']))
        if {'product_id', 'location_id', 'active'} & set(vals):
            self._retail_check_duplicates([
                (vals.get('product_id', op.product_id.id),
                 vals.get('location_id', op.location_id.id))
                for op in self if vals.get('active', op.active)], self.ids)
        if (set(MIN_MAX_FIELDS) & set(vals)
                and not is_policy_write(self.env)):
            vals = dict(vals, **self._retail_prepare_set_by_vals())
        res = super().write(vals)
        # (a lock waiting for the data steward is not one yet)
        for op in locking.filtered(lambda op: op.retail_locked == bool(vals['retail_locked'])):
            op._retail_audit('orderpoint_overridden',
                             before={'retail_locked': not op.retail_locked},
                             after={'retail_locked': op.retail_locked})
        return res

    @api.multi
    def _retail_held_records(self, vals):
        held = super()._retail_held_records(vals)
        if vals.get('retail_locked'):
            return held
        return held.filtered('retail_locked')

    @api.model
    def _retail_prepare_set_by_vals(self):
        """A person set the min/max by hand: a planner ('planner') or anybody
        else with the right to ('manual')."""
        user = self.env.user
        is_planner = user.has_group('retail_governance.group_planner') or \
            user.has_group('retail_governance.group_retail_admin')
        return {'retail_set_by': 'planner' if is_planner else 'manual',
                'retail_set_by_user_id': user.id}

    @api.multi
    def _retail_check_can_lock(self):
        user = self.env.user
        if not (user.has_group('retail_governance.group_planner')
                or user.has_group('retail_governance.group_retail_admin')):
            raise AccessError(_(
                "Only planners and retail administrators can lock or unlock "
                "reordering rules."))

    # ------------------------------------------------------------------
    # Bulk writes of the policy computation (retail.replenishment.policy)
    # ------------------------------------------------------------------
    @api.model
    def _retail_next_names(self, company, count):
        """``count`` names from the reordering rules' sequence, in one query
        when the sequence is a PostgreSQL one."""
        if not count:
            return []
        sequence = self.env['ir.sequence'].sudo().search([
            ('code', '=', 'stock.orderpoint'),
            ('company_id', 'in', [company.id, False])], order='company_id', limit=1)
        if not sequence:
            return [_('Reordering rule')] * count
        if sequence.implementation != 'standard' or sequence.use_date_range:
            return [sequence._next() for _i in range(count)]
        self._cr.execute(sql.SQL(
            "SELECT nextval({}) FROM generate_series(1, %s)").format(
                sql.Literal('ir_sequence_%03d' % sequence.id)), (count,))
        prefix, suffix = sequence._get_prefix_suffix()
        pattern = '%%0%sd' % sequence.padding
        return [prefix + pattern % row[0] + suffix for row in self._cr.fetchall()]

    @api.model
    def _retail_insert_defaults(self):
        """Column values of a new rule that the computation does not set: what
        Odoo and the installed modules default to (as the ORM would write)."""
        names = [name for name, field in self._fields.items()
                 if field.store and field.column_type and name != 'name'
                 and name not in models.MAGIC_COLUMNS]
        defaults = self.default_get(names)
        return {name: self._fields[name].convert_to_column(value, self)
                for name, value in defaults.items() if name in names}

    @api.model
    def _retail_column_type(self, name):
        return sql.SQL(self._fields[name].column_type[1])

    @api.model
    def _retail_bulk_insert(self, columns, rows, constants):
        """INSERT of ``rows`` (tuples in the order of ``columns``) with
        ``constants`` {column: value} for every row; chunked."""
        const_names = [name for name in constants if name not in columns]
        query = sql.SQL(
            "INSERT INTO {table} ({cols}) SELECT {exprs} FROM unnest({arrays}) AS v({vcols})"
        ).format(
            table=sql.Identifier(self._table),
            cols=sql.SQL(', ').join(map(sql.Identifier, list(columns) + const_names)),
            exprs=sql.SQL(', ').join(
                [sql.SQL('v.{}').format(sql.Identifier(n)) for n in columns]
                + [sql.SQL('%s::{}').format(self._retail_column_type(n))
                   for n in const_names]),
            arrays=sql.SQL(', ').join(
                sql.SQL('%s::{}[]').format(self._retail_column_type(n)) for n in columns),
            vcols=sql.SQL(', ').join(map(sql.Identifier, columns)))
        for start in range(0, len(rows), BULK_CHUNK):
            arrays = [list(col) for col in zip(*rows[start:start + BULK_CHUNK])]
            self._cr.execute(query, [constants[n] for n in const_names] + arrays)

    @api.model
    def _retail_bulk_update(self, columns, rows, constants):
        """One UPDATE ... FROM unnest per chunk; ``rows`` are (id, values in the
        order of ``columns``); ``constants`` {column: value} for every row."""
        query = sql.SQL(
            "UPDATE {table} o SET {sets} FROM unnest(%s::int[], {arrays}) "
            "AS v(id, {vcols}) WHERE o.id = v.id").format(
                table=sql.Identifier(self._table),
                sets=sql.SQL(', ').join(
                    [sql.SQL('{0} = v.{0}').format(sql.Identifier(n)) for n in columns]
                    + [sql.SQL('{} = %s::{}').format(
                        sql.Identifier(n), self._retail_column_type(n)) for n in constants]),
                arrays=sql.SQL(', ').join(
                    sql.SQL('%s::{}[]').format(self._retail_column_type(n)) for n in columns),
                vcols=sql.SQL(', ').join(map(sql.Identifier, columns)))
        for start in range(0, len(rows), BULK_CHUNK):
            arrays = [list(col) for col in zip(*rows[start:start + BULK_CHUNK])]
            self._cr.execute(query, list(constants.values()) + arrays)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fast path of the stock balances: the balance of every warehouse x product
kept in tables by PostgreSQL triggers, in the transaction that changes the
quants, moves or locations it comes from.

- ``retail_balance_location``: every location with what decides where its
  quants and moves count (usage, warehouse, company partner, status code,
  sellable), equal to ``retail_location_warehouse``. Statement triggers on
  locations, warehouses, statuses and companies keep it so; when a location
  changes, its quants and open moves are counted again.
- ``retail_balance_move``: what each open move adds (in transit towards a
  warehouse, unreserved demand), as last counted: a move's new contribution
  minus this one is its change, whichever trigger sees it first.
- ``retail_balance_delta``: insert-only rows of changes, one per statement and
  warehouse x product. Inserting never updates a shared row, so two
  transactions moving the same product never wait on, nor conflict over, the
  fast path: Odoo's own locking stays what it decides.
- ``retail_balance_base``: one row per warehouse x product with the deltas
  folded in by :meth:`compact` (a cron); ``quant_count`` and ``move_count`` say
  whether the live view would show the row at all.

``retail_stock_balance`` reads the base rows no delta touches as they are and
adds up the touched ones with their deltas. ``retail_stock_balance_live``
computes the same balances from the quants and moves; the invariant in
``tests/invariants.py`` compares the two row by row after every test.
"""
import logging

from psycopg2.extensions import TransactionRollbackError

from odoo import api, models

_logger = logging.getLogger(__name__)

# Quantity columns the quants give, then the ones the open moves give.
QUANT_COLUMNS = ['on_hand_qty', 'reserved_qty', 'sellable_qty', 'damaged_qty',
                 'quarantined_qty', 'consigned_qty', 'consigned_sellable_qty']
MOVE_COLUMNS = ['in_transit_qty', 'outgoing_qty']
COUNT_COLUMNS = ['quant_count', 'move_count']
BASE_COLUMNS = COUNT_COLUMNS + QUANT_COLUMNS + MOVE_COLUMNS

# Serializes compactions and rebuilds (pg_advisory_xact_lock key).
FAST_PATH_LOCK = 7301420001

# Tables whose changes may change where a quant or move counts.
LOCATION_SOURCES = ['stock_location', 'stock_warehouse', 'retail_stock_status',
                    'res_company']
# Columns whose change changes what an open move or move line adds.
MOVE_FIELDS = ['state', 'product_id', 'product_qty', 'location_id', 'location_dest_id']
MOVE_LINE_FIELDS = ['move_id', 'product_id', 'product_qty']
OPEN_STATES = "('confirmed', 'partially_available', 'assigned')"
TRIGGERS = {
    'stock_quant': ('retail_balance_quant', 'retail_balance_quant_changed'),
    'stock_move': ('retail_balance_move', 'retail_balance_move_changed'),
    'stock_move_line': ('retail_balance_move_line', 'retail_balance_move_line_changed'),
}


class RetailStockBalanceFast(models.AbstractModel):
    _name = 'retail.stock.balance.fast'
    _description = 'Stock Balance Fast Path'

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------
    @api.model
    def _insert_delta_sql(self, columns, select):
        return 'INSERT INTO retail_balance_delta (warehouse_id, product_id, {}) {}'.format(
            ', '.join(columns), select)

    @api.model
    def _quant_aggregate_sql(self, source):
        """SELECT of (warehouse_id, product_id, quant_count, quantities...) from
        ``source``, rows (location_id, product_id, owner_id, quantity,
        reserved_quantity, sign), attributed by ``retail_balance_location``."""
        location_model = self.env['retail.stock.balance.location']
        measures = location_model._quant_measures_sql()
        bucket = location_model._status_bucket_sql(partner='lw.partner_id')
        return """
            SELECT q.warehouse_id, q.product_id, sum(q.sign) AS quant_count, {sums}
              FROM (SELECT q.*, lw.warehouse_id, {bucket} AS bucket,
                           (lw.is_sellable AND lw.status_code IS DISTINCT FROM 'damaged'
                            AND lw.status_code IS DISTINCT FROM 'quarantined')
                               AS in_sellable_location
                      FROM ({source}) q
                      JOIN retail_balance_location lw ON lw.location_id = q.location_id
                     WHERE lw.warehouse_id IS NOT NULL) q
             GROUP BY q.warehouse_id, q.product_id
            HAVING sum(q.sign) <> 0 OR {nonzero}""".format(
            source=source, bucket=bucket,
            sums=', '.join('sum(q.sign * ({})) AS {}'.format(measures[name], name)
                           for name in QUANT_COLUMNS),
            nonzero=' OR '.join('sum(q.sign * ({})) <> 0'.format(measures[name])
                                for name in QUANT_COLUMNS))

    @api.model
    def _quant_delta_sql(self, source):
        return self._insert_delta_sql(['quant_count'] + QUANT_COLUMNS,
                                      self._quant_aggregate_sql(source))

    @api.model
    def _quant_rows_sql(self, table, sign, where='TRUE'):
        return ('SELECT location_id, product_id, owner_id, quantity, reserved_quantity, '
                '{} AS sign FROM {} WHERE {}'.format(sign, table, where))

    @api.model
    def _move_contribution_sql(self, moves='stock_move'):
        """Rows (move_id, warehouse_id, product_id, move_count, in_transit_qty,
        outgoing_qty) of what the open moves among ``moves`` (a table or a
        subquery of stock_move rows) add:
        the same quantities as retail.stock.balance._open_move_query, per move
        (a quantity not computed yet, as in a move the ORM has just inserted,
        adds nothing there either: SQL's sum skips it)."""
        return """
            SELECT move_id, warehouse_id, product_id, count(*) AS move_count,
                   sum(in_transit_qty) AS in_transit_qty, sum(outgoing_qty) AS outgoing_qty
              FROM (
                SELECT m.id AS move_id, lw.warehouse_id, ml.product_id,
                       coalesce(ml.product_qty, 0) AS in_transit_qty, 0 AS outgoing_qty
                  FROM {moves} m
                  JOIN retail_balance_location src
                    ON src.location_id = m.location_id AND src.usage = 'transit'
                  JOIN stock_move_line ml ON ml.move_id = m.id
                  JOIN retail_balance_location lw
                    ON lw.location_id = m.location_dest_id AND lw.warehouse_id IS NOT NULL
                 WHERE m.state IN ('assigned', 'partially_available')
                UNION ALL
                SELECT m.id, lw.warehouse_id, m.product_id, 0,
                       coalesce(m.product_qty, 0) - coalesce((
                           SELECT sum(ml.product_qty) FROM stock_move_line ml
                            WHERE ml.move_id = m.id), 0)
                  FROM {moves} m
                  JOIN retail_balance_location lw
                    ON lw.location_id = m.location_id AND lw.is_sellable
                  LEFT JOIN retail_balance_location dest
                    ON dest.location_id = m.location_dest_id
                   AND dest.warehouse_id = lw.warehouse_id
                 WHERE m.state IN {open_states} AND dest.location_id IS NULL
              ) c
             GROUP BY move_id, warehouse_id, product_id""".format(
            moves=moves, open_states=OPEN_STATES)

    @api.model
    def _sync_moves_sql(self, moves, inserted=False):
        """SQL that counts again the moves whose ids the SQL array
        ``moves`` holds: the change since they were last counted goes to the
        deltas, and their new contribution is kept. ``inserted``: the moves
        were just inserted, so no contribution of theirs is kept yet."""
        # The moves are looked up by id from the array, behind OFFSET 0 (a planning
        # fence): the trigger's cached plan would otherwise start from the index
        # on the state, i.e. from every open move of the database, for each batch.
        ids = "(SELECT unnest({}) AS id OFFSET 0)".format(moves)
        current = self._move_contribution_sql(
            "(SELECT m.* FROM {} a JOIN stock_move m ON m.id = a.id OFFSET 0)".format(ids))
        if inserted:
            # Their contribution is computed once, kept, and is their change
            # (a replenishment run inserts a million moves by thousands).
            return """
                WITH kept AS (INSERT INTO retail_balance_move {current} RETURNING *)
                {insert}
                SELECT warehouse_id, product_id, sum(move_count), sum(in_transit_qty),
                       sum(outgoing_qty)
                  FROM kept GROUP BY warehouse_id, product_id""".format(
                current=current,
                insert=self._insert_delta_sql(['move_count'] + MOVE_COLUMNS, ''))
        # One statement: the new contribution is computed once (a CTE read
        # three times is materialized); every part reads the snapshot from
        # before the statement, so ``kept`` is what was counted last. The
        # rows deleted (gone from the contribution) and the rows upserted (in
        # it) are disjoint: no row is changed twice.
        return """
            WITH cur AS ({current}),
            kept AS (SELECT * FROM retail_balance_move WHERE move_id IN {ids}),
            gone AS (
                DELETE FROM retail_balance_move k
                 WHERE k.move_id IN {ids}
                   AND NOT EXISTS (SELECT 1 FROM cur
                                    WHERE cur.move_id = k.move_id
                                      AND cur.warehouse_id = k.warehouse_id
                                      AND cur.product_id = k.product_id)),
            counted AS (
                INSERT INTO retail_balance_move AS k SELECT * FROM cur
                ON CONFLICT (move_id, warehouse_id, product_id) DO UPDATE
                   SET move_count = excluded.move_count,
                       in_transit_qty = excluded.in_transit_qty,
                       outgoing_qty = excluded.outgoing_qty
                 WHERE (k.move_count, k.in_transit_qty, k.outgoing_qty) IS DISTINCT FROM
                       (excluded.move_count, excluded.in_transit_qty, excluded.outgoing_qty))
            {insert}
            SELECT warehouse_id, product_id, sum(move_count), sum(in_transit_qty),
                   sum(outgoing_qty)
              FROM (SELECT warehouse_id, product_id, move_count, in_transit_qty, outgoing_qty
                      FROM cur
                    UNION ALL
                    SELECT warehouse_id, product_id, -move_count, -in_transit_qty,
                           -outgoing_qty
                      FROM kept) c
             GROUP BY warehouse_id, product_id
            HAVING sum(move_count) <> 0 OR sum(in_transit_qty) <> 0
                OR sum(outgoing_qty) <> 0""".format(
            insert=self._insert_delta_sql(['move_count'] + MOVE_COLUMNS, ''),
            current=current, ids=ids)

    @api.model
    def _current_locations_sql(self):
        """One row per location. While Odoo recomputes the nested sets one
        location at a time (installing on a database with several warehouses),
        ranges overlap and a location may lie in two warehouses' views: it
        takes one of them until the last update puts it where it belongs."""
        return """SELECT DISTINCT ON (l.id)
                         l.id, l.usage, lw.warehouse_id, c.partner_id, lw.status_code,
                         lw.is_sellable
                    FROM stock_location l
                    LEFT JOIN retail_location_warehouse lw ON lw.location_id = l.id
                    LEFT JOIN res_company c ON c.id = lw.company_id
                   ORDER BY l.id, lw.warehouse_id"""

    # ------------------------------------------------------------------
    # Tables, functions, triggers
    # ------------------------------------------------------------------
    @api.model
    def _create_fast_path(self):
        """(Re)creates the tables, the trigger functions and triggers, then
        rebuilds the tables from the quants and moves: an upgrade that changes
        how a balance is derived gets balances computed its way."""
        cr = self.env.cr
        quantity_columns = ', '.join('{} numeric NOT NULL DEFAULT 0'.format(name)
                                     for name in QUANT_COLUMNS + MOVE_COLUMNS)
        cr.execute("""
            DROP TABLE IF EXISTS retail_balance_location, retail_balance_move,
                                 retail_balance_base, retail_balance_delta CASCADE;
            CREATE TABLE retail_balance_location (
                location_id integer PRIMARY KEY, usage varchar, warehouse_id integer,
                partner_id integer, status_code varchar, is_sellable boolean);
            CREATE TABLE retail_balance_move (
                move_id integer NOT NULL, warehouse_id integer NOT NULL,
                product_id integer NOT NULL, move_count integer NOT NULL,
                in_transit_qty numeric NOT NULL, outgoing_qty numeric NOT NULL,
                PRIMARY KEY (move_id, warehouse_id, product_id));
            CREATE TABLE retail_balance_base (
                warehouse_id integer NOT NULL, product_id integer NOT NULL,
                categ_id integer, uom_id integer,
                quant_count integer NOT NULL DEFAULT 0,
                move_count integer NOT NULL DEFAULT 0, {columns},
                PRIMARY KEY (warehouse_id, product_id));
            CREATE INDEX retail_balance_base_product ON retail_balance_base (product_id);
            CREATE TABLE retail_balance_delta (
                id bigserial PRIMARY KEY,
                warehouse_id integer NOT NULL, product_id integer NOT NULL,
                quant_count integer NOT NULL DEFAULT 0,
                move_count integer NOT NULL DEFAULT 0, {columns});
            CREATE INDEX retail_balance_delta_key
                ON retail_balance_delta (warehouse_id, product_id);
        """.format(columns=quantity_columns))
        self._create_quant_trigger()
        self._create_move_triggers()
        self._create_location_trigger()
        self._create_product_trigger()
        self._rebuild()

    @api.model
    def _create_trigger_function(self, name, body, declare=''):
        self.env.cr.execute("""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql
            {settings} AS $$
            {declare}
            BEGIN
                {body}
                RETURN NULL;
            END $$""".format(name=name, body=body, settings=self._trigger_function_settings(),
                             declare=('DECLARE ' + declare) if declare else ''))

    @api.model
    def _trigger_function_settings(self):
        """The statements of the trigger functions keep one plan per session.
        By default PostgreSQL plans a statement that reads a variable (the
        ``moves`` array) again at each call while its plans cost about the same,
        and the sync statements are joins whose planning costs more than their
        run (an inter-store transfer makes about 16 syncs). Their plans are
        written for any number of moves (ids looked up behind a planning
        fence), so one plan serves a move and a replenishment's thousands."""
        if self.env.cr._cnx.server_version >= 120000:  # plan_cache_mode: PostgreSQL 12
            return 'SET plan_cache_mode = force_generic_plan'
        return ''

    @api.model
    def _create_statement_triggers(self, table):
        """One statement trigger per event (PostgreSQL gives transition tables to
        single-event triggers only)."""
        prefix, function = TRIGGERS[table]
        for event, transition in (('INSERT', 'NEW TABLE AS new_rows'),
                                  ('UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'),
                                  ('DELETE', 'OLD TABLE AS old_rows')):
            self.env.cr.execute("""
                DROP TRIGGER IF EXISTS {name} ON {table};
                CREATE TRIGGER {name} AFTER {event} ON {table}
                    REFERENCING {transition} FOR EACH STATEMENT
                    EXECUTE PROCEDURE {function}()""".format(
                name='%s_%s' % (prefix, event.lower()), table=table, event=event,
                transition=transition, function=function))

    @api.model
    def _create_quant_trigger(self):
        self._create_trigger_function('retail_balance_quant_changed', """
            IF TG_OP = 'INSERT' THEN
                {insert};
            ELSIF TG_OP = 'DELETE' THEN
                {delete};
            ELSE
                {update};
            END IF;""".format(
            insert=self._quant_delta_sql(self._quant_rows_sql('new_rows', 1)),
            delete=self._quant_delta_sql(self._quant_rows_sql('old_rows', -1)),
            update=self._quant_delta_sql('{} UNION ALL {}'.format(
                self._quant_rows_sql('new_rows', 1), self._quant_rows_sql('old_rows', -1)))))
        self._create_statement_triggers('stock_quant')

    @api.model
    def _changed_sql(self, fields):
        """True for a row of ``new_rows`` (n) whose ``fields`` differ from its
        row in ``old_rows`` (o)."""
        return "({}) IS DISTINCT FROM ({})".format(
            ', '.join('o.%s' % f for f in fields), ', '.join('n.%s' % f for f in fields))

    @api.model
    def _may_count_sql(self, move):
        """True for a move (the alias ``move`` of a stock_move row) that may add
        something now or did when last counted: its source is a transit or
        sellable location, or a contribution of it is kept. Receipts, inventory
        moves and the like skip the count (most moves of an adjustment do)."""
        return """(EXISTS (SELECT 1 FROM retail_balance_location src
                             WHERE src.location_id = {move}.location_id
                               AND (src.usage = 'transit' OR src.is_sellable))
                   OR EXISTS (SELECT 1 FROM retail_balance_move kept
                               WHERE kept.move_id = {move}.id))""".format(move=move)

    @api.model
    def _create_move_triggers(self):
        """Only moves open before or after a statement can change a balance: a
        move that is not open has no contribution (it was removed when the move
        left the open states). The moves to count again are taken from the
        transition tables, so that a bulk insert of waiting or done moves costs
        one scan of what it inserted."""
        self._create_trigger_function(TRIGGERS['stock_move'][1], """
            IF TG_OP = 'INSERT' THEN
                SELECT array_agg(n.id) INTO moves FROM new_rows n
                 WHERE n.state IN {open} AND {may_count_new};
                IF moves IS NOT NULL THEN
                    {sync_inserted};
                END IF;
                RETURN NULL;
            ELSIF TG_OP = 'DELETE' THEN
                SELECT array_agg(o.id) INTO moves FROM old_rows o
                 WHERE o.state IN {open} AND {may_count_old};
            ELSE
                SELECT array_agg(n.id) INTO moves
                  FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE {changed} AND (o.state IN {open} OR n.state IN {open})
                   AND {may_count_new};
            END IF;
            IF moves IS NOT NULL THEN
                {sync};
            END IF;""".format(open=OPEN_STATES, changed=self._changed_sql(MOVE_FIELDS),
                              may_count_new=self._may_count_sql('n'),
                              may_count_old=self._may_count_sql('o'),
                              sync=self._sync_moves_sql('moves'),
                              sync_inserted=self._sync_moves_sql('moves', inserted=True)),
            declare='moves integer[];')
        self._create_statement_triggers('stock_move')
        self._create_trigger_function(TRIGGERS['stock_move_line'][1], """
            IF TG_OP = 'INSERT' THEN
                SELECT array_agg(DISTINCT move_id) INTO moves FROM new_rows;
            ELSIF TG_OP = 'DELETE' THEN
                SELECT array_agg(DISTINCT move_id) INTO moves FROM old_rows;
            ELSE
                SELECT array_agg(DISTINCT x) INTO moves
                  FROM (SELECT unnest(ARRAY[o.move_id, n.move_id]) AS x
                          FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE {changed}) ids;
            END IF;
            -- Their moves looked up by id (behind a planning fence, as in the
            -- sync): a join of the transition table with stock_move may be
            -- planned as a nested loop over both.
            IF moves IS NOT NULL THEN
                SELECT array_agg(m.id) INTO moves
                  FROM (SELECT unnest(moves) AS id OFFSET 0) a
                  JOIN stock_move m ON m.id = a.id
                 WHERE m.state IN {open} AND {may_count};
            END IF;
            IF moves IS NOT NULL THEN
                {sync};
            END IF;""".format(open=OPEN_STATES, changed=self._changed_sql(MOVE_LINE_FIELDS),
                              may_count=self._may_count_sql('m'),
                              sync=self._sync_moves_sql('moves')), declare='moves integer[];')
        self._create_statement_triggers('stock_move_line')

    @api.model
    def _create_location_trigger(self):
        changed_quants = "location_id = ANY(changed)"
        self._create_trigger_function('retail_balance_locations_changed', """
            SELECT array_agg(coalesce(cur.id, was.location_id)) INTO changed
              FROM ({current}) cur
              FULL JOIN retail_balance_location was ON was.location_id = cur.id
             WHERE (cur.usage, cur.warehouse_id, cur.partner_id, cur.status_code,
                    cur.is_sellable)
                   IS DISTINCT FROM
                   (was.usage, was.warehouse_id, was.partner_id, was.status_code,
                    was.is_sellable);
            IF changed IS NULL THEN
                RETURN NULL;
            END IF;
            {remove};
            DELETE FROM retail_balance_location WHERE location_id = ANY(changed);
            INSERT INTO retail_balance_location
                SELECT * FROM ({current}) cur WHERE cur.id = ANY(changed);
            {add};
            SELECT array_agg(id) INTO moves FROM stock_move
             WHERE state IN {open_states}
               AND (location_id = ANY(changed) OR location_dest_id = ANY(changed));
            IF moves IS NOT NULL THEN
                {sync};
            END IF;""".format(
            current=self._current_locations_sql(), open_states=OPEN_STATES,
            remove=self._quant_delta_sql(
                self._quant_rows_sql('stock_quant', -1, changed_quants)),
            add=self._quant_delta_sql(
                self._quant_rows_sql('stock_quant', 1, changed_quants)),
            sync=self._sync_moves_sql('moves')), declare='changed integer[]; moves integer[];')
        for table in LOCATION_SOURCES:
            self.env.cr.execute("""
                DROP TRIGGER IF EXISTS retail_balance_locations ON {table};
                CREATE TRIGGER retail_balance_locations
                    AFTER INSERT OR UPDATE OR DELETE ON {table}
                    FOR EACH STATEMENT EXECUTE PROCEDURE retail_balance_locations_changed()
            """.format(table=table))

    @api.model
    def _create_product_trigger(self):
        """The base rows carry their product's family and unit, so that network
        reads need no join on products; a product changing either updates them."""
        self._create_trigger_function('retail_balance_product_changed', """
            UPDATE retail_balance_base b
               SET categ_id = n.categ_id, uom_id = n.uom_id
              FROM new_rows n
              JOIN product_product pp ON pp.product_tmpl_id = n.id
             WHERE b.product_id = pp.id
               AND (b.categ_id, b.uom_id) IS DISTINCT FROM (n.categ_id, n.uom_id);""")
        self.env.cr.execute("""
            DROP TRIGGER IF EXISTS retail_balance_product_update ON product_template;
            CREATE TRIGGER retail_balance_product_update AFTER UPDATE ON product_template
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
                EXECUTE PROCEDURE retail_balance_product_changed()""")

    @api.model
    def _rebuild(self):
        """Recomputes the tables from the locations, quants and open moves."""
        cr = self.env.cr
        cr.execute("SELECT pg_advisory_xact_lock(%s)", (FAST_PATH_LOCK,))
        # Writers of quants and moves wait until the rebuild commits.
        cr.execute("LOCK TABLE retail_balance_delta, retail_balance_base, retail_balance_move "
                   "IN EXCLUSIVE MODE")
        cr.execute("""
            DELETE FROM retail_balance_location;
            INSERT INTO retail_balance_location {current};
            DELETE FROM retail_balance_delta;
            DELETE FROM retail_balance_base;
            DELETE FROM retail_balance_move;
            INSERT INTO retail_balance_move {moves};
            INSERT INTO retail_balance_base (warehouse_id, product_id, categ_id, uom_id,
                                             {columns})
            SELECT b.warehouse_id, b.product_id, min(pt.categ_id), min(pt.uom_id), {sums}
              FROM (
                SELECT warehouse_id, product_id, quant_count, 0 AS move_count, {quant_columns},
                       0 AS in_transit_qty, 0 AS outgoing_qty
                  FROM ({quants}) q
                UNION ALL
                SELECT warehouse_id, product_id, 0, move_count, {quant_zeros},
                       in_transit_qty, outgoing_qty
                  FROM retail_balance_move
            ) b
              JOIN product_product pp ON pp.id = b.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             GROUP BY b.warehouse_id, b.product_id;
            ANALYZE retail_balance_location;
            ANALYZE retail_balance_base;
        """.format(current=self._current_locations_sql(),
                   moves=self._move_contribution_sql(),
                   columns=', '.join(BASE_COLUMNS),
                   sums=', '.join('sum(b.%s)' % c for c in BASE_COLUMNS),
                   quant_columns=', '.join(QUANT_COLUMNS),
                   quant_zeros=', '.join('0' for _c in QUANT_COLUMNS),
                   quants=self._quant_aggregate_sql(self._quant_rows_sql('stock_quant', 1))))
        cr.execute("SELECT count(*) FROM retail_balance_base")
        _logger.info("stock balance fast path rebuilt: %d rows", cr.fetchone()[0])

    # ------------------------------------------------------------------
    # Compaction
    # ------------------------------------------------------------------
    @api.model
    def _fold_pending(self):
        """Folds the changes pending in this transaction's snapshot, if any.
        True when none is left (the base rows alone are then exact here);
        False when another transaction is folding them or has folded them
        since this one started (its snapshot still sees them)."""
        cr = self.env.cr
        cr.execute("SELECT EXISTS (SELECT 1 FROM retail_balance_delta)")
        if not cr.fetchone()[0]:
            return True
        try:
            with cr.savepoint():
                return self.compact() >= 0
        except TransactionRollbackError:
            return False

    @api.model
    def compact(self):
        """Folds the deltas into the base rows (cron). Returns the number of delta
        rows folded, or -1 when another compaction holds the lock. The deltas a
        concurrent transaction inserts are not visible here, so they stay."""
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock(%s)", (FAST_PATH_LOCK,))
        if not cr.fetchone()[0]:
            return -1
        # A concurrent fold that committed after this transaction's snapshot
        # makes these statements fail (serialization): the caller handles it.
        cr.execute("""
            WITH folded AS (DELETE FROM retail_balance_delta RETURNING *),
            summed AS (
                SELECT warehouse_id, product_id, {sums}
                  FROM folded GROUP BY warehouse_id, product_id
            ), merged AS (
                INSERT INTO retail_balance_base (warehouse_id, product_id, categ_id, uom_id,
                                                 {columns})
                SELECT s.warehouse_id, s.product_id, pt.categ_id, pt.uom_id, {s_columns}
                  FROM summed s
                  JOIN product_product pp ON pp.id = s.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                ON CONFLICT (warehouse_id, product_id) DO UPDATE SET {updates}
                RETURNING warehouse_id, product_id
            )
            SELECT (SELECT count(*) FROM folded),
                   (SELECT array_agg(warehouse_id) FROM merged),
                   (SELECT array_agg(product_id) FROM merged)""".format(
            columns=', '.join(BASE_COLUMNS),
            s_columns=', '.join('s.%s' % name for name in BASE_COLUMNS),
            sums=', '.join('sum({0}) AS {0}'.format(name) for name in BASE_COLUMNS),
            updates=', '.join('{0} = retail_balance_base.{0} + excluded.{0}'.format(name)
                              for name in BASE_COLUMNS)), log_exceptions=False)
        folded, warehouse_ids, product_ids = cr.fetchone()
        if warehouse_ids:
            # Rows that came to nothing, among those just merged only (not a
            # scan of the whole base at every read after a change).
            cr.execute("""
                DELETE FROM retail_balance_base
                 WHERE (warehouse_id, product_id) IN (
                        SELECT * FROM unnest(%s::int[], %s::int[])) AND {}""".format(
                ' AND '.join('{} = 0'.format(name) for name in BASE_COLUMNS)),
                (warehouse_ids, product_ids), log_exceptions=False)
        return folded

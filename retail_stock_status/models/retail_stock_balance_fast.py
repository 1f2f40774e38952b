# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fast path of the stock balances: on-hand quantities per warehouse x product
kept in tables by PostgreSQL triggers, in the transaction that changes the quants.

- ``retail_balance_location``: every internal location of a warehouse with what
  decides the status of its quants (warehouse, company partner, status code,
  sellable). Statement triggers on locations, warehouses, statuses and companies
  keep it equal to ``retail_location_warehouse``; when a location changes, its
  quants move from their old attribution to the new one as deltas.
- ``retail_balance_delta``: insert-only rows of changes (per statement on
  ``stock_quant``, aggregated per warehouse x product). Inserting never updates a
  shared row, so two transactions moving the same product never wait on, nor
  conflict over, the fast path: Odoo's own quant locking stays what it decides.
- ``retail_balance_base``: one row per warehouse x product, the deltas folded in
  by :meth:`compact` (a cron); ``quant_count`` says whether the live view would
  show a row at all.

``retail_stock_balance`` reads the base rows no delta touches as they are and
adds up the touched ones with their deltas and the open moves (in transit,
unreserved demand), which stay computed at read time. ``retail_stock_balance_live``
is the same balance computed from the quants; the invariant in
``tests/invariants.py`` compares the two row by row.
"""
import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

# Quantity columns the quants give, in the order of the tables' columns.
QUANT_COLUMNS = ['on_hand_qty', 'reserved_qty', 'sellable_qty', 'damaged_qty',
                 'quarantined_qty', 'consigned_qty', 'consigned_sellable_qty']

# Serializes compactions and rebuilds (pg_advisory_xact_lock key).
FAST_PATH_LOCK = 7301420001

# Tables whose changes may change where a quant's quantity belongs.
LOCATION_SOURCES = ['stock_location', 'stock_warehouse', 'retail_stock_status',
                    'res_company']


class RetailStockBalanceFast(models.AbstractModel):
    _name = 'retail.stock.balance.fast'
    _description = 'Stock Balance Fast Path'

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------
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
                      JOIN retail_balance_location lw ON lw.location_id = q.location_id) q
             GROUP BY q.warehouse_id, q.product_id
            HAVING sum(q.sign) <> 0 OR {nonzero}""".format(
            source=source, bucket=bucket,
            sums=', '.join('sum(q.sign * ({})) AS {}'.format(measures[name], name)
                           for name in QUANT_COLUMNS),
            nonzero=' OR '.join('sum(q.sign * ({})) <> 0'.format(measures[name])
                                for name in QUANT_COLUMNS))

    @api.model
    def _insert_delta_sql(self, source):
        return 'INSERT INTO retail_balance_delta (warehouse_id, product_id, ' \
               'quant_count, {}) {}'.format(', '.join(QUANT_COLUMNS),
                                           self._quant_aggregate_sql(source))

    @api.model
    def _quant_rows_sql(self, table, sign, where='TRUE'):
        return ('SELECT location_id, product_id, owner_id, quantity, reserved_quantity, '
                '{} AS sign FROM {} WHERE {}'.format(sign, table, where))

    @api.model
    def _current_locations_sql(self):
        return """SELECT lw.location_id, lw.warehouse_id, c.partner_id, lw.status_code,
                         lw.is_sellable
                    FROM retail_location_warehouse lw
                    JOIN res_company c ON c.id = lw.company_id"""

    # ------------------------------------------------------------------
    # Tables, functions, triggers
    # ------------------------------------------------------------------
    @api.model
    def _create_fast_path(self):
        """(Re)creates the tables if missing, the trigger functions and triggers,
        then rebuilds the tables from the quants: an upgrade that changes how a
        status is derived gets balances computed its way."""
        cr = self.env.cr
        quantity_columns = ', '.join('{} numeric NOT NULL DEFAULT 0'.format(name)
                                     for name in QUANT_COLUMNS)
        cr.execute("""
            CREATE TABLE IF NOT EXISTS retail_balance_location (
                location_id integer PRIMARY KEY, warehouse_id integer NOT NULL,
                partner_id integer, status_code varchar, is_sellable boolean);
            CREATE TABLE IF NOT EXISTS retail_balance_base (
                warehouse_id integer NOT NULL, product_id integer NOT NULL,
                quant_count integer NOT NULL DEFAULT 0, {columns},
                PRIMARY KEY (warehouse_id, product_id));
            CREATE TABLE IF NOT EXISTS retail_balance_delta (
                id bigserial PRIMARY KEY,
                warehouse_id integer NOT NULL, product_id integer NOT NULL,
                quant_count integer NOT NULL DEFAULT 0, {columns});
            CREATE INDEX IF NOT EXISTS retail_balance_delta_key
                ON retail_balance_delta (warehouse_id, product_id);
        """.format(columns=quantity_columns))
        cr.execute("""
            CREATE OR REPLACE FUNCTION retail_balance_quant_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    {insert};
                ELSIF TG_OP = 'DELETE' THEN
                    {delete};
                ELSE
                    {update};
                END IF;
                RETURN NULL;
            END $$""".format(
            insert=self._insert_delta_sql(self._quant_rows_sql('new_rows', 1)),
            delete=self._insert_delta_sql(self._quant_rows_sql('old_rows', -1)),
            update=self._insert_delta_sql('{} UNION ALL {}'.format(
                self._quant_rows_sql('new_rows', 1), self._quant_rows_sql('old_rows', -1)))))
        changed_quants = "location_id = ANY(changed)"
        cr.execute("""
            CREATE OR REPLACE FUNCTION retail_balance_locations_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE changed integer[];
            BEGIN
                SELECT array_agg(coalesce(cur.location_id, was.location_id)) INTO changed
                  FROM ({current}) cur
                  FULL JOIN retail_balance_location was ON was.location_id = cur.location_id
                 WHERE (cur.warehouse_id, cur.partner_id, cur.status_code, cur.is_sellable)
                       IS DISTINCT FROM
                       (was.warehouse_id, was.partner_id, was.status_code, was.is_sellable);
                IF changed IS NULL THEN
                    RETURN NULL;
                END IF;
                {remove};
                DELETE FROM retail_balance_location WHERE location_id = ANY(changed);
                INSERT INTO retail_balance_location
                    SELECT * FROM ({current}) cur WHERE cur.location_id = ANY(changed);
                {add};
                RETURN NULL;
            END $$""".format(
            current=self._current_locations_sql(),
            remove=self._insert_delta_sql(
                self._quant_rows_sql('stock_quant', -1, changed_quants)),
            add=self._insert_delta_sql(
                self._quant_rows_sql('stock_quant', 1, changed_quants))))
        for event, transition in (('INSERT', 'NEW TABLE AS new_rows'),
                                  ('UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'),
                                  ('DELETE', 'OLD TABLE AS old_rows')):
            name = 'retail_balance_quant_%s' % event.lower()
            cr.execute("""
                DROP TRIGGER IF EXISTS {name} ON stock_quant;
                CREATE TRIGGER {name} AFTER {event} ON stock_quant
                    REFERENCING {transition} FOR EACH STATEMENT
                    EXECUTE PROCEDURE retail_balance_quant_changed()""".format(
                name=name, event=event, transition=transition))
        for table in LOCATION_SOURCES:
            cr.execute("""
                DROP TRIGGER IF EXISTS retail_balance_locations ON {table};
                CREATE TRIGGER retail_balance_locations
                    AFTER INSERT OR UPDATE OR DELETE ON {table}
                    FOR EACH STATEMENT EXECUTE PROCEDURE retail_balance_locations_changed()
            """.format(table=table))
        self._rebuild()

    @api.model
    def _rebuild(self):
        """Recomputes the three tables from the locations and quants."""
        cr = self.env.cr
        cr.execute("SELECT pg_advisory_xact_lock(%s)", (FAST_PATH_LOCK,))
        # Writers of quants wait until the rebuild commits (they insert deltas).
        cr.execute("LOCK TABLE retail_balance_delta, retail_balance_base IN EXCLUSIVE MODE")
        cr.execute("""
            DELETE FROM retail_balance_location;
            INSERT INTO retail_balance_location {current};
            DELETE FROM retail_balance_delta;
            DELETE FROM retail_balance_base;
            INSERT INTO retail_balance_base (warehouse_id, product_id, quant_count, {columns})
            {aggregate};
            ANALYZE retail_balance_location;
            ANALYZE retail_balance_base;
        """.format(current=self._current_locations_sql(), columns=', '.join(QUANT_COLUMNS),
                   aggregate=self._quant_aggregate_sql(
                       self._quant_rows_sql('stock_quant', 1))))
        cr.execute("SELECT count(*) FROM retail_balance_base")
        _logger.info("stock balance fast path rebuilt: %d rows", cr.fetchone()[0])

    # ------------------------------------------------------------------
    # Compaction
    # ------------------------------------------------------------------
    @api.model
    def compact(self):
        """Folds the deltas into the base rows (cron). Returns the number of delta
        rows folded, or -1 when another compaction holds the lock. The deltas a
        concurrent transaction inserts are not visible here, so they stay."""
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock(%s)", (FAST_PATH_LOCK,))
        if not cr.fetchone()[0]:
            return -1
        cr.execute("""
            WITH folded AS (DELETE FROM retail_balance_delta RETURNING *),
            summed AS (
                SELECT warehouse_id, product_id, sum(quant_count) AS quant_count, {sums}
                  FROM folded GROUP BY warehouse_id, product_id
            ), merged AS (
                INSERT INTO retail_balance_base (warehouse_id, product_id, quant_count, {columns})
                SELECT * FROM summed
                ON CONFLICT (warehouse_id, product_id) DO UPDATE SET
                    quant_count = retail_balance_base.quant_count + excluded.quant_count,
                    {updates}
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM folded), (SELECT count(*) FROM merged)""".format(
            columns=', '.join(QUANT_COLUMNS),
            sums=', '.join('sum({0}) AS {0}'.format(name) for name in QUANT_COLUMNS),
            updates=', '.join('{0} = retail_balance_base.{0} + excluded.{0}'.format(name)
                              for name in QUANT_COLUMNS)))
        folded = cr.fetchone()[0]
        cr.execute("DELETE FROM retail_balance_base WHERE quant_count = 0 AND {}".format(
            ' AND '.join('{} = 0'.format(name) for name in QUANT_COLUMNS)))
        return folded

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import OrderedDict

from odoo import api, fields, models
from odoo.addons import decimal_precision as dp

from .retail_stock_balance_fast import BASE_COLUMNS

QTY = dict(digits=dp.get_precision('Product Unit of Measure'), readonly=True)

# A balance row's id is warehouse_id * PRODUCT_ID_SPAN + product_id: stable, a
# function of the grouping columns (so reads by id filter early) and within
# XML-RPC's 32-bit integers for product ids below 2,097,152 and warehouse ids
# below 1,024.
PRODUCT_ID_SPAN = 2 ** 21

# The balances of the base table alone (see RetailStockBalance._read_table).
PLAIN_VIEW = 'retail_stock_balance_plain'

# Internal locations with their warehouse (by the nested-set range of the
# warehouse's view location) and their effective status. A plain view, so that
# PostgreSQL pushes filters on warehouse or product down into the balances.
LOCATION_WAREHOUSE_VIEW = """
    CREATE VIEW retail_location_warehouse AS
    SELECT l.id AS location_id, w.id AS warehouse_id, w.company_id,
           l.retail_effective_status_id AS status_id, s.code AS status_code,
           coalesce(s.is_sellable, false) AS is_sellable
      FROM stock_location l
      JOIN stock_location vl
        ON l.parent_left >= vl.parent_left AND l.parent_left < vl.parent_right
      JOIN stock_warehouse w ON w.view_location_id = vl.id
      LEFT JOIN retail_stock_status s ON s.id = l.retail_effective_status_id
     WHERE l.usage = 'internal'
"""


class RetailStockBalanceMixin(models.AbstractModel):
    """Reading for the balance views in one query.

    The ORM's search_read searches ids, then reads them in batches by id; on a
    view whose id is computed, every batch recomputes the view. Here the domain,
    the record rules and the order go into one query over the view, so that
    PostgreSQL pushes the filters down into the quants and moves."""
    _name = 'retail.stock.balance.mixin'
    _description = 'Stock Balance Reading'

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None):
        fields = fields or [name for name, field in self._fields.items()
                            if field.store and name not in models.MAGIC_COLUMNS]
        columns = [name for name in fields if name != 'id']
        if any(name not in self._fields or not self._fields[name].store
               or self._fields[name].type in ('one2many', 'many2many')
               for name in columns):
            return super().search_read(domain=domain, fields=fields, offset=offset,
                                       limit=limit, order=order)
        self.check_access_rights('read')
        query = self._where_calc(domain or [])
        self._apply_ir_rules(query, 'read')
        order_by = self._generate_order_by(order, query)
        from_clause, where_clause, params = query.get_sql()
        sql = 'SELECT {} FROM {} WHERE {}{}{}{}'.format(
            ', '.join('"{}"."{}"'.format(self._table, name) for name in ['id'] + columns),
            from_clause, where_clause or 'TRUE', order_by,
            ' LIMIT %d' % limit if limit else '', ' OFFSET %d' % offset if offset else '')
        self.env.cr.execute(sql, params)
        rows = self.env.cr.dictfetchall()
        for name in columns:
            field = self._fields[name]
            if field.type != 'many2one':
                continue
            ids = {row[name] for row in rows if row[name]}
            names = dict(self.env[field.comodel_name].browse(ids).name_get())
            for row in rows:
                row[name] = (row[name], names[row[name]]) if row[name] else False
        return rows


class RetailStockBalanceLocation(models.Model):
    """On-hand stock per location x product, split by status."""
    _name = 'retail.stock.balance.location'
    _inherit = 'retail.stock.balance.mixin'
    _description = 'Stock Balance per Location'
    _auto = False
    _order = 'warehouse_id, location_id, product_id'

    company_id = fields.Many2one('res.company', readonly=True)
    warehouse_id = fields.Many2one('stock.warehouse', readonly=True)
    location_id = fields.Many2one('stock.location', readonly=True)
    status_id = fields.Many2one('retail.stock.status', string='Status', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Family', readonly=True)
    on_hand_qty = fields.Float('On Hand', **QTY)
    reserved_qty = fields.Float('Reserved', **QTY)
    sellable_qty = fields.Float('Sellable', **QTY)
    damaged_qty = fields.Float('Damaged', **QTY)
    quarantined_qty = fields.Float('Quarantined', **QTY)
    consigned_qty = fields.Float('Consigned', **QTY)
    consigned_sellable_qty = fields.Float('Consigned Sellable', **QTY)

    @api.model_cr
    def init(self):
        # One place builds the three views (see retail.stock.balance.init).
        self.env['retail.stock.balance'].init()

    @api.model
    def _create_view(self):
        self.env.cr.execute(LOCATION_WAREHOUSE_VIEW)
        self.env.cr.execute("""
            CREATE VIEW retail_stock_balance_location AS
            WITH quant AS (
                SELECT q.id, q.location_id, q.product_id, q.quantity, q.reserved_quantity,
                       lw.company_id, lw.warehouse_id, lw.status_id,
                       {bucket} AS bucket,
                       (lw.is_sellable AND lw.status_code IS DISTINCT FROM 'damaged'
                        AND lw.status_code IS DISTINCT FROM 'quarantined')
                           AS in_sellable_location
                  FROM stock_quant q
                  JOIN retail_location_warehouse lw ON lw.location_id = q.location_id
                  JOIN res_company c ON c.id = lw.company_id
            )
            SELECT min(q.id) AS id, q.company_id, q.warehouse_id, q.location_id,
                   q.status_id, q.product_id, pt.categ_id,
                   {sums}
              FROM quant q
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             GROUP BY q.company_id, q.warehouse_id, q.location_id, q.status_id,
                      q.product_id, pt.categ_id""".format(
            bucket=self._status_bucket_sql(),
            sums=',\n'.join('coalesce(sum({}), 0) AS {}'.format(expr, name)
                            for name, expr in self._quant_measures_sql().items())))

    @api.model
    def _quant_measures_sql(self):
        """{column: SQL of what one quant row ``q`` (with its ``bucket`` and
        ``in_sellable_location``) adds to it}: one definition for the view and
        the fast path (retail.stock.balance.fast)."""
        return OrderedDict([
            ('on_hand_qty', "q.quantity"),
            ('reserved_qty',
             "CASE WHEN q.bucket = 'sellable' THEN q.reserved_quantity ELSE 0 END"),
            ('sellable_qty', "CASE WHEN q.bucket = 'sellable' "
                             "THEN q.quantity - q.reserved_quantity ELSE 0 END"),
            ('damaged_qty', "CASE WHEN q.bucket = 'damaged' THEN q.quantity ELSE 0 END"),
            ('quarantined_qty',
             "CASE WHEN q.bucket = 'quarantined' THEN q.quantity ELSE 0 END"),
            ('consigned_qty', "CASE WHEN q.bucket = 'consigned' THEN q.quantity ELSE 0 END"),
            ('consigned_sellable_qty',
             "CASE WHEN q.bucket = 'consigned' AND q.in_sellable_location "
             "THEN q.quantity - q.reserved_quantity ELSE 0 END"),
        ])

    @api.model
    def _status_bucket_sql(self, partner='c.partner_id'):
        """SQL giving each quant (``q``, its location ``lw``, its company ``c``)
        exactly one status, so that the statuses partition on hand: units owned
        by a partner are consigned wherever they lie, then the location's status
        decides; a non-sellable status other than damaged or consigned holds the
        stock back from sale, so it counts as quarantined."""
        return """CASE
            WHEN q.owner_id IS NOT NULL AND q.owner_id IS DISTINCT FROM {partner}
                 OR lw.status_code = 'consigned' THEN 'consigned'
            WHEN lw.status_code = 'damaged' THEN 'damaged'
            WHEN lw.status_code = 'quarantined' THEN 'quarantined'
            WHEN lw.is_sellable THEN 'sellable'
            ELSE 'quarantined' END""".format(partner=partner)


class RetailStockBalance(models.Model):
    """Stock per warehouse x product in every status of the operating model.

    One SQL view over quants and open moves, so that reading all balances of a
    network is one query instead of one ``qty_available`` computation per
    product and location."""
    _name = 'retail.stock.balance'
    _inherit = 'retail.stock.balance.mixin'
    _description = 'Stock Balance'
    _auto = False
    _order = 'warehouse_id, product_id'

    company_id = fields.Many2one('res.company', readonly=True)
    warehouse_id = fields.Many2one('stock.warehouse', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Family', readonly=True)
    uom_id = fields.Many2one('product.uom', string='Unit of Measure', readonly=True)
    on_hand_qty = fields.Float('On Hand', **QTY)
    reserved_qty = fields.Float(
        'Reserved', help="Reserved in sellable locations (the company's own units).", **QTY)
    sellable_qty = fields.Float(
        'Sellable', help="The company's own units on hand in sellable locations minus "
                         "what is reserved there.", **QTY)
    damaged_qty = fields.Float('Damaged', **QTY)
    quarantined_qty = fields.Float('Quarantined', **QTY)
    in_transit_qty = fields.Float(
        'In Transit', help="Shipped towards this warehouse, not yet received.", **QTY)
    consigned_qty = fields.Float(
        'Consigned', help="On hand owned by a partner (wherever it lies) or in "
                          "consignment locations: never sellable nor reserved here.", **QTY)
    consigned_sellable_qty = fields.Float(
        'Consigned Sellable',
        help="Consigned units in sellable locations, not reserved: what a channel "
             "that sells consigned stock may take on top of the sellable.", **QTY)
    outgoing_unreserved_qty = fields.Float(
        'Unreserved Demand',
        help="Confirmed outgoing moves from sellable stock not reserved yet.", **QTY)
    available_to_sell_qty = fields.Float(
        'Available to Sell',
        help="Sellable minus the unreserved demand, never below zero.", **QTY)

    @api.model_cr
    def init(self):
        """(Re)builds the balance views, dropping them first so that an upgrade
        may change their columns. Views of other modules built on them are
        dropped too and rebuilt by their own init, which runs later.

        ``retail_stock_balance_live`` computes the balances from the quants and
        open moves at every read; ``retail_stock_balance`` (what the model reads)
        gives the same rows from the fast path (retail.stock.balance.fast) and
        the open moves."""
        self.env.cr.execute("""DROP VIEW IF EXISTS retail_stock_balance,
            retail_stock_balance_live, retail_stock_balance_plain, retail_stock_balance_location,
            retail_location_warehouse CASCADE""")
        self.env['retail.stock.balance.location']._create_view()
        self.env['retail.stock.balance.fast']._create_fast_path()
        self.env.cr.execute("CREATE VIEW retail_stock_balance_live AS {}".format(
            self._balance_select(self._source_query())))
        self.env.cr.execute("CREATE VIEW retail_stock_balance AS {}".format(
            self._fast_select()))
        self.env.cr.execute("CREATE VIEW {} AS {}".format(PLAIN_VIEW, self._plain_select()))

    @api.model
    def _where_calc(self, domain, active_test=True):
        """Searches and groupings (lists, pivots, graphs, counts) read the base
        rows alone when nothing is pending: no merging of changes per row."""
        query = super()._where_calc(domain, active_test=active_test)
        self._swap_read_table(query, self._read_table())
        return query

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                        lazy=True):
        """Groupings by many2one columns (pivots, graphs, grouped lists) group on
        the balance's own columns and order the groups here by their records'
        order. Odoo's SQL would join each comodel to order by it and group by
        its columns too: PostgreSQL then cannot tell how few groups there are
        and sorts every balance row instead of hashing them."""
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        names = groupby[:1] if lazy else groupby
        if orderby or limit or offset or not names or any(
                name not in self._fields or self._fields[name].type != 'many2one'
                for name in names):
            return super()._read_group_raw(domain, fields, groupby, offset=offset,
                                           limit=limit, orderby=orderby, lazy=lazy)
        groups = super(RetailStockBalance, self.with_context(
            retail_group_unordered=True))._read_group_raw(domain, fields, groupby, lazy=lazy)
        ranks = {}
        for name in names:
            ids = {group[name][0] for group in groups if group[name]}
            ordered = self.env[self._fields[name].comodel_name].sudo().with_context(
                active_test=False).search([('id', 'in', list(ids))])
            ranks[name] = {record_id: rank for rank, record_id in enumerate(ordered.ids)}
        return sorted(groups, key=lambda group: tuple(
            ranks[name].get(group[name][0], len(ranks[name])) if group[name]
            else len(ranks[name]) + 1 for name in names))

    @api.model
    def _read_group_prepare(self, orderby, aggregated_fields, annotated_groupbys, query):
        if self.env.context.get('retail_group_unordered'):
            return [group['qualified_field'] for group in annotated_groupbys], []
        return super()._read_group_prepare(orderby, aggregated_fields, annotated_groupbys,
                                           query)

    @api.model
    def _apply_ir_rules(self, query, mode='read'):
        # The rules' domains name this model's own table: they join on it.
        table = self._swap_read_table(query, self._table)
        super()._apply_ir_rules(query, mode=mode)
        self._swap_read_table(query, table)

    @api.model
    def _swap_read_table(self, query, table):
        """Makes ``query`` read ``table`` under this model's table name (once:
        the rules' own queries name it too); returns the table it read before."""
        own = '"%s"' % self._table
        before, names, seen = self._table, [], False
        for name in query.tables:
            if name == own or name.endswith(' as ' + own):
                if name != own:
                    before = name.split(' as ')[0].strip('"')
                if seen:
                    continue
                seen = True
                name = own if table == self._table else '"%s" as %s' % (table, own)
            names.append(name)
        query.tables = names
        return before

    @api.model
    def _read_table(self):
        """The view that gives this transaction exact balances fastest: the
        plain base rows once the pending changes are folded in, else the view
        that merges them."""
        if self.env['retail.stock.balance.fast']._fold_pending():
            return PLAIN_VIEW
        return self._table

    @api.model
    def _balance_select(self, source):
        """The balance rows from ``source``, rows (warehouse_id, product_id,
        quantities...) that add up per warehouse x product."""
        return """
            WITH source AS (
                {select}
            )
            SELECT {columns}
              FROM source s
              JOIN stock_warehouse w ON w.id = s.warehouse_id
              JOIN product_product pp ON pp.id = s.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             GROUP BY w.company_id, s.warehouse_id, s.product_id, pt.categ_id, pt.uom_id,
                      w.id
        """.format(select=source, columns=self._balance_columns_sql('s', 'pt', 'sum'))

    @api.model
    def _warehouse_columns_sql(self):
        """More balance columns from the warehouse ``w`` (SQL, each starting with
        a comma), for modules that add groupable fields to the balances."""
        return ''

    @api.model
    def _source_query(self):
        """Rows (warehouse_id, product_id, quantities...) the balances add up:
        on-hand stock by status from the quants, and the open moves."""
        return """
            SELECT warehouse_id, product_id, on_hand_qty, reserved_qty, sellable_qty,
                   damaged_qty, quarantined_qty, 0 AS in_transit_qty, consigned_qty,
                   consigned_sellable_qty, 0 AS outgoing_qty
              FROM retail_stock_balance_location
            UNION ALL
            SELECT warehouse_id, product_id, 0, 0, 0, 0, 0, in_transit_qty, 0, 0, outgoing_qty
              FROM ({open_moves}) mv
        """.format(open_moves=self._open_move_query())

    @api.model
    def _open_move_query(self):
        """Rows (warehouse_id, product_id, in_transit_qty, outgoing_qty) of the open
        moves: stock in transit towards the warehouse, and unreserved demand.
        Stock in transit is what the receipts from a transit location have
        reserved there: it exists only once the sender shipped it. Extend with
        more UNION ALL branches if needed."""
        return """
            SELECT lw.warehouse_id, ml.product_id, ml.product_qty AS in_transit_qty,
                   0 AS outgoing_qty
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id AND src.usage = 'transit'
              JOIN stock_move_line ml ON ml.move_id = m.id
              JOIN retail_location_warehouse lw ON lw.location_id = m.location_dest_id
             WHERE m.state IN ('assigned', 'partially_available')
            UNION ALL
            SELECT lw.warehouse_id, m.product_id, 0,
                   m.product_qty - coalesce((
                       SELECT sum(ml.product_qty) FROM stock_move_line ml
                        WHERE ml.move_id = m.id), 0)
              FROM stock_move m
              JOIN retail_location_warehouse lw
                ON lw.location_id = m.location_id AND lw.is_sellable
              LEFT JOIN retail_location_warehouse dest
                ON dest.location_id = m.location_dest_id
               AND dest.warehouse_id = lw.warehouse_id
             WHERE m.state IN ('confirmed', 'partially_available', 'assigned')
               AND dest.location_id IS NULL
        """

    @api.model
    def _balance_columns_sql(self, alias, product, aggregate=''):
        """The view's columns from rows ``alias`` of base-table columns (each
        quantity through the SQL function ``aggregate`` when the rows are
        grouped), with the family and unit from ``product`` (an alias holding
        categ_id, uom_id)."""
        quantities = ['{0}({1}.{2}) AS {2}'.format(aggregate, alias, name) for name in (
            'on_hand_qty', 'reserved_qty', 'sellable_qty', 'damaged_qty', 'quarantined_qty',
            'in_transit_qty', 'consigned_qty', 'consigned_sellable_qty')]
        return """
            ({a}.warehouse_id * {product_span} + {a}.product_id) AS id,
            w.company_id, {a}.warehouse_id, {a}.product_id, {p}.categ_id, {p}.uom_id
            {warehouse_columns}, {quantities},
            {f}({a}.outgoing_qty) AS outgoing_unreserved_qty,
            greatest({f}({a}.sellable_qty) - {f}({a}.outgoing_qty), 0) AS available_to_sell_qty
        """.format(a=alias, p=product, f=aggregate, quantities=', '.join(quantities),
                   product_span=PRODUCT_ID_SPAN, warehouse_columns=self._warehouse_columns_sql())

    @api.model
    def _plain_select(self):
        """The balance rows of the base table alone: exact when no delta is
        pending (see retail.stock.balance.fast._fold_pending)."""
        return """
            SELECT {columns}
              FROM retail_balance_base b
              JOIN stock_warehouse w ON w.id = b.warehouse_id
             WHERE b.quant_count > 0 OR b.move_count > 0
        """.format(columns=self._balance_columns_sql('b', 'b'))

    @api.model
    def _fast_select(self):
        """The balance rows from the fast path (retail.stock.balance.fast): base
        rows that no pending delta touches pass as they are (no aggregation
        over the network); the touched ones are added up with their deltas."""
        columns = BASE_COLUMNS
        return """
            WITH source AS (
                SELECT {b_columns}
                  FROM retail_balance_base b
                 WHERE (b.quant_count > 0 OR b.move_count > 0)
                   AND NOT EXISTS (SELECT 1 FROM retail_balance_delta d
                                    WHERE d.warehouse_id = b.warehouse_id
                                      AND d.product_id = b.product_id)
                UNION ALL
                SELECT t.warehouse_id, t.product_id, {t_sums}
                  FROM (SELECT {b_columns}
                          FROM retail_balance_base b
                         WHERE EXISTS (SELECT 1 FROM retail_balance_delta d
                                        WHERE d.warehouse_id = b.warehouse_id
                                          AND d.product_id = b.product_id)
                        UNION ALL
                        SELECT {d_columns} FROM retail_balance_delta d) t
                 GROUP BY t.warehouse_id, t.product_id
                HAVING sum(t.quant_count) > 0 OR sum(t.move_count) > 0
            )
            SELECT {columns}
              FROM source s
              JOIN stock_warehouse w ON w.id = s.warehouse_id
              JOIN product_product pp ON pp.id = s.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
        """.format(
            b_columns=', '.join('b.%s' % c for c in ['warehouse_id', 'product_id'] + columns),
            d_columns=', '.join('d.%s' % c for c in ['warehouse_id', 'product_id'] + columns),
            t_sums=', '.join('sum(t.{0}) AS {0}'.format(c) for c in columns),
            columns=self._balance_columns_sql('s', 'pt'))

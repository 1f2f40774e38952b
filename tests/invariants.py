"""Ledger invariants: SQL checks that hold on a consistent Odoo stock database.

Each invariant is a query returning the rows that break it (none when it holds).
The root ``conftest.py`` runs them after every test, inside the test's own
transaction for Odoo test cases (before their rollback) and on the committed
database for tests that drive a server (XML-RPC, browser). Later features add
their own invariants with :func:`register`.
"""
from collections import OrderedDict

INVARIANTS = OrderedDict()
# The invariant Odoo 11's concurrent quant creation breaks (merge_split_quants).
ONE_QUANT = 'one quant per product x location x lot x package x owner'

# Quantities of a move line in the product's unit of measure, as Odoo's
# product.uom._compute_quantity converts them (qty / from.factor * to.factor).
_LINE_QTY_IN_PRODUCT_UOM = """
    SELECT ml.product_id, ml.location_id, ml.location_dest_id, ml.state,
           ml.lot_id, ml.package_id, ml.result_package_id, ml.owner_id,
           ml.qty_done / line_uom.factor * product_uom.factor AS qty_done,
           ml.product_qty
      FROM stock_move_line ml
      JOIN product_product pp ON pp.id = ml.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_uom line_uom ON line_uom.id = ml.product_uom_id
      JOIN product_uom product_uom ON product_uom.id = pt.uom_id
     WHERE pt.type = 'product'
"""


def register(name, query):
    """Adds an invariant: ``query`` selects the offending rows."""
    INVARIANTS[name] = query


# Odoo 11 keeps quants in every location (negative at vendors and inventory
# loss, positive at customers), so the ledger holds everywhere.
register('quants equal the done-move ledger per product x location', """
    WITH ledger AS (
        -- One scan of the done lines: each adds to its destination and takes
        -- from its source.
        SELECT line.product_id, side.location_id, sum(side.sign * line.qty_done) AS qty
          FROM ({lines} AND ml.state = 'done') line
         CROSS JOIN LATERAL (VALUES (line.location_dest_id, 1), (line.location_id, -1))
               AS side (location_id, sign)
         GROUP BY 1, 2
    ),
    quant AS (
        SELECT product_id, location_id, sum(quantity) AS qty
          FROM stock_quant GROUP BY product_id, location_id
    )
    SELECT coalesce(l.product_id, q.product_id) AS product_id,
           coalesce(l.location_id, q.location_id) AS location_id,
           round(coalesce(l.qty, 0)::numeric, 6) AS ledger_qty,
           round(coalesce(q.qty, 0)::numeric, 6) AS quant_qty
      FROM ledger l
      FULL JOIN quant q ON q.product_id = l.product_id AND q.location_id = l.location_id
     WHERE abs(coalesce(l.qty, 0) - coalesce(q.qty, 0)) > 0.0001
     ORDER BY 1, 2 LIMIT 20
""".format(lines=_LINE_QTY_IN_PRODUCT_UOM))

register('reserved quantity on quants equals the open move lines', """
    WITH line AS ({lines}),
    reserved_lines AS (
        SELECT product_id, location_id, lot_id, package_id, owner_id,
               sum(product_qty) AS qty
          FROM line
         WHERE state NOT IN ('done', 'cancel') AND product_qty <> 0
         GROUP BY 1, 2, 3, 4, 5
    ),
    reserved_quants AS (
        SELECT product_id, location_id, lot_id, package_id, owner_id,
               sum(reserved_quantity) AS qty
          FROM stock_quant WHERE reserved_quantity <> 0
         GROUP BY 1, 2, 3, 4, 5
    )
    SELECT coalesce(l.product_id, q.product_id) AS product_id,
           coalesce(l.location_id, q.location_id) AS location_id,
           coalesce(l.lot_id, q.lot_id) AS lot_id,
           coalesce(l.package_id, q.package_id) AS package_id,
           coalesce(l.owner_id, q.owner_id) AS owner_id,
           round(coalesce(l.qty, 0)::numeric, 6) AS move_line_qty,
           round(coalesce(q.qty, 0)::numeric, 6) AS quant_reserved_qty
      FROM reserved_lines l
      FULL JOIN reserved_quants q
        ON q.product_id = l.product_id AND q.location_id = l.location_id
       AND q.lot_id IS NOT DISTINCT FROM l.lot_id
       AND q.package_id IS NOT DISTINCT FROM l.package_id
       AND q.owner_id IS NOT DISTINCT FROM l.owner_id
      JOIN stock_location loc ON loc.id = coalesce(l.location_id, q.location_id)
     WHERE loc.usage IN ('internal', 'transit')
       AND abs(coalesce(l.qty, 0) - coalesce(q.qty, 0)) > 0.0001
     ORDER BY 1, 2 LIMIT 20
""".format(lines=_LINE_QTY_IN_PRODUCT_UOM))

register(ONE_QUANT, """
    SELECT product_id, location_id, lot_id, package_id, owner_id,
           count(*) AS quants, array_agg(id ORDER BY id) AS quant_ids
      FROM stock_quant
     GROUP BY product_id, location_id, lot_id, package_id, owner_id
    HAVING count(*) > 1
     ORDER BY 1, 2 LIMIT 20
""")

# The stock statuses partition on hand (retail_stock_status): each unit in an
# internal location of a warehouse is sellable, reserved, damaged, quarantined
# or consigned, exactly one of them. On hand is taken from the quants here, not
# from the balance view, so that a view counting a unit twice or not at all fails.
register('statuses partition on hand per warehouse x product', """
    WITH on_hand AS (
        SELECT w.id AS warehouse_id, q.product_id, sum(q.quantity) AS qty
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
          JOIN stock_location vl
            ON l.parent_left >= vl.parent_left AND l.parent_left < vl.parent_right
          JOIN stock_warehouse w ON w.view_location_id = vl.id
         GROUP BY w.id, q.product_id
    )
    SELECT coalesce(o.warehouse_id, b.warehouse_id) AS warehouse_id,
           coalesce(o.product_id, b.product_id) AS product_id,
           round(coalesce(o.qty, 0)::numeric, 6) AS quant_on_hand,
           b.sellable_qty, b.reserved_qty, b.damaged_qty, b.quarantined_qty,
           b.consigned_qty
      FROM on_hand o
      FULL JOIN retail_stock_balance b
        ON b.warehouse_id = o.warehouse_id AND b.product_id = o.product_id
     WHERE abs(coalesce(o.qty, 0) - coalesce(b.sellable_qty + b.reserved_qty
               + b.damaged_qty + b.quarantined_qty + b.consigned_qty, 0)) > 0.0001
     ORDER BY 1, 2 LIMIT 20
""")

# The balance model reads the fast path (tables kept by triggers, see
# retail_stock_status/models/retail_stock_balance_fast.py); the live view
# computes the same rows from the quants and moves. Row by row, every column.
BALANCE_COLUMNS = ['id', 'company_id', 'categ_id', 'uom_id', 'on_hand_qty', 'reserved_qty',
                   'sellable_qty', 'damaged_qty', 'quarantined_qty', 'in_transit_qty',
                   'consigned_qty', 'consigned_sellable_qty', 'outgoing_unreserved_qty',
                   'available_to_sell_qty']
register('fast-path balances equal the balances computed from quants and moves', """
    SELECT coalesce(f.warehouse_id, l.warehouse_id) AS warehouse_id,
           coalesce(f.product_id, l.product_id) AS product_id,
           f.id IS NOT NULL AS in_fast_path, l.id IS NOT NULL AS in_live_view,
           {show}
      FROM retail_stock_balance f
      FULL JOIN retail_stock_balance_live l
        ON l.warehouse_id = f.warehouse_id AND l.product_id = f.product_id
     WHERE ({fast}) IS DISTINCT FROM ({live})
     ORDER BY 1, 2 LIMIT 20
""".format(show=', '.join("f.{0} AS fast_{0}, l.{0} AS live_{0}".format(c)
                          for c in BALANCE_COLUMNS[4:]),
           fast=', '.join('f.%s' % c for c in BALANCE_COLUMNS),
           live=', '.join('l.%s' % c for c in BALANCE_COLUMNS)))

# With no change pending, reads take the base rows alone (the plain view).
register('plain balances equal the live ones when no change is pending', """
    SELECT coalesce(f.warehouse_id, l.warehouse_id) AS warehouse_id,
           coalesce(f.product_id, l.product_id) AS product_id,
           f.id IS NOT NULL AS in_plain_view, l.id IS NOT NULL AS in_live_view
      FROM retail_stock_balance_plain f
      FULL JOIN retail_stock_balance_live l
        ON l.warehouse_id = f.warehouse_id AND l.product_id = f.product_id
     WHERE NOT EXISTS (SELECT 1 FROM retail_balance_delta)
       AND ({fast}) IS DISTINCT FROM ({live})
     ORDER BY 1, 2 LIMIT 20
""".format(fast=', '.join('f.%s' % c for c in BALANCE_COLUMNS),
           live=', '.join('l.%s' % c for c in BALANCE_COLUMNS)))

# Odoo 11 accepts two active reordering rules for one product and location and
# then replenishes twice (odoo/odoo#47909); retail_replenishment refuses them.
register('at most one active reordering rule per product x location', """
    SELECT product_id, location_id, array_agg(id ORDER BY id) AS orderpoint_ids
      FROM stock_warehouse_orderpoint
     WHERE active
     GROUP BY product_id, location_id
    HAVING count(*) > 1
     ORDER BY 1, 2 LIMIT 20
""")


# A receipt out of transit settles the shipment it comes from once: done
# receipts of one shipment chain (the same origin moves) never ask for more
# than was shipped into transit. Backorders split the demand and over-receipts
# keep it (Odoo 11 leaves product_uom_qty at the demand), so only a second
# receipt of the same shipment (odoo/odoo#17589) is reported.
register('no transfer received twice', """
    WITH receipt AS (
        SELECT m.id, m.product_qty,
               array_agg(rel.move_orig_id ORDER BY rel.move_orig_id) AS origin_ids
          FROM stock_move m
          JOIN stock_location src ON src.id = m.location_id AND src.usage = 'transit'
          JOIN stock_location dst ON dst.id = m.location_dest_id AND dst.usage = 'internal'
          JOIN stock_move_move_rel rel ON rel.move_dest_id = m.id
         WHERE m.state = 'done'
         GROUP BY m.id, m.product_qty
    ),
    chain AS (
        SELECT origin_ids, sum(product_qty) AS received_qty,
               array_agg(id ORDER BY id) AS receipt_move_ids
          FROM receipt GROUP BY origin_ids
    ),
    shipped AS (
        SELECT c.origin_ids, sum(o.product_qty) AS shipped_qty
          FROM chain c
          JOIN stock_move o ON o.id = ANY(c.origin_ids) AND o.state = 'done'
         GROUP BY c.origin_ids
    )
    SELECT c.origin_ids AS shipment_move_ids, c.receipt_move_ids,
           round(coalesce(s.shipped_qty, 0)::numeric, 6) AS shipped_qty,
           round(c.received_qty::numeric, 6) AS received_qty
      FROM chain c
      LEFT JOIN shipped s ON s.origin_ids = c.origin_ids
     WHERE array_length(c.receipt_move_ids, 1) > 1
       AND c.received_qty - coalesce(s.shipped_qty, 0) > 0.0001
     ORDER BY 1 LIMIT 20
""")

# Segregation of duties (retail_governance): an adjustment is approved by
# someone other than who requested the approval and who entered its differing
# counts (stock.inventory._retail_requesters).
register('approvals given by someone other than the requester and the counters', """
    SELECT r.id AS review_id, r.res_id AS inventory_id, r.done_by,
           i.retail_requested_by_id AS requested_by
      FROM tier_review r
      JOIN stock_inventory i ON i.id = r.res_id
     WHERE r.model = 'stock.inventory' AND r.status = 'approved'
       AND (r.done_by = i.retail_requested_by_id
            OR EXISTS (SELECT 1 FROM stock_inventory_line l
                        WHERE l.inventory_id = i.id AND l.write_uid = r.done_by
                          AND abs(coalesce(l.product_qty, 0)
                                  - coalesce(l.theoretical_qty, 0)) > 0.0001))
     ORDER BY 1 LIMIT 20
""")

# Stores (warehouses in a replenishment cluster) never sell what they do not
# have: no negative quant in their internal locations. No company setting
# allows negative store stock today; one would be an exception here.
register('no negative stock in the internal locations of a store', """
    SELECT q.id AS quant_id, q.product_id, q.location_id, w.code AS store,
           round(q.quantity::numeric, 6) AS quantity
      FROM stock_quant q
      JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
      JOIN stock_location vl
        ON l.parent_left >= vl.parent_left AND l.parent_left < vl.parent_right
      JOIN stock_warehouse w ON w.view_location_id = vl.id
     WHERE w.retail_cluster_id IS NOT NULL AND q.quantity < -0.0001
     ORDER BY 1 LIMIT 20
""")

# Multi-company: a document belongs to the company of its warehouse(s).
register("retail documents belong to their warehouse's company", """
    WITH doc AS (
        SELECT 'stock.picking' AS model, p.id, p.company_id, t.warehouse_id
          FROM stock_picking p JOIN stock_picking_type t ON t.id = p.picking_type_id
        UNION ALL
        SELECT 'stock.warehouse.orderpoint', id, company_id, warehouse_id
          FROM stock_warehouse_orderpoint
        UNION ALL
        SELECT 'stock.inventory', i.id, i.company_id, w.id
          FROM stock_inventory i
          JOIN stock_location l ON l.id = i.location_id
          JOIN stock_location vl
            ON l.parent_left >= vl.parent_left AND l.parent_left < vl.parent_right
          JOIN stock_warehouse w ON w.view_location_id = vl.id
        UNION ALL
        SELECT 'retail.transfer', id, company_id, source_warehouse_id FROM retail_transfer
        UNION ALL
        SELECT 'retail.transfer', id, company_id, dest_warehouse_id FROM retail_transfer
        UNION ALL
        SELECT 'retail.emergency.transfer', id, company_id, source_warehouse_id
          FROM retail_emergency_transfer
        UNION ALL
        SELECT 'retail.emergency.transfer', id, company_id, dest_warehouse_id
          FROM retail_emergency_transfer
        UNION ALL
        SELECT 'retail.store.cluster', id, company_id, supply_warehouse_id
          FROM retail_store_cluster
        UNION ALL
        SELECT 'retail.exception', id, company_id, warehouse_id FROM retail_exception
        UNION ALL
        SELECT 'retail.audit.log', id, company_id, warehouse_id FROM retail_audit_log
        UNION ALL
        SELECT 'retail.quality.inspection', id, company_id, warehouse_id
          FROM retail_quality_inspection
        UNION ALL
        SELECT 'retail.kpi.snapshot', id, company_id, warehouse_id FROM retail_kpi_snapshot
    )
    SELECT d.model, d.id, d.company_id, w.company_id AS warehouse_company_id
      FROM doc d JOIN stock_warehouse w ON w.id = d.warehouse_id
     WHERE d.company_id IS NOT NULL AND d.company_id <> w.company_id
     ORDER BY 1, 2 LIMIT 20
""")


register("transfers carry their operation type's warehouse", """
    SELECT p.id, p.retail_warehouse_id, t.warehouse_id
      FROM stock_picking p LEFT JOIN stock_picking_type t ON t.id = p.picking_type_id
     WHERE p.retail_warehouse_id IS DISTINCT FROM t.warehouse_id
     ORDER BY 1 LIMIT 20
""")

# The locations' warehouse, kept in SQL from the warehouses' trees, which the
# store roles' rules test.
register("locations carry the warehouse they are in", """
    WITH RECURSIVE view AS (
        SELECT view_location_id AS id, id AS warehouse_id
          FROM stock_warehouse WHERE view_location_id IS NOT NULL
    ), tree (id, warehouse_id) AS (
        SELECT id, warehouse_id FROM view
        UNION ALL
        SELECT l.id, tree.warehouse_id
          FROM stock_location l JOIN tree ON l.location_id = tree.id
         WHERE l.id NOT IN (SELECT id FROM view)
    )
    SELECT l.id, l.complete_name, l.retail_warehouse_id, tree.warehouse_id
      FROM stock_location l LEFT JOIN tree ON tree.id = l.id
     WHERE l.retail_warehouse_id IS DISTINCT FROM tree.warehouse_id
     ORDER BY 1 LIMIT 20
""")

# The store roles' record rules on moves and move lines test these columns:
# every path that writes them (the ORM, the replenishment run's and the
# generators' SQL) keeps them equal to the transfer's and the locations'
# warehouses. One scan per table checks the three columns.
_MOVE_WAREHOUSES = """
    SELECT '{model}' AS model, row.id,
           row.retail_picking_warehouse_id, t.warehouse_id AS transfer_warehouse,
           row.retail_from_warehouse_id, src.retail_warehouse_id AS source_warehouse,
           row.retail_to_warehouse_id, dest.retail_warehouse_id AS destination_warehouse
      FROM {table} row
      JOIN stock_location src ON src.id = row.location_id
      JOIN stock_location dest ON dest.id = row.location_dest_id
      LEFT JOIN stock_picking p ON p.id = row.picking_id
      LEFT JOIN stock_picking_type t ON t.id = p.picking_type_id
     WHERE row.retail_picking_warehouse_id IS DISTINCT FROM t.warehouse_id
        OR row.retail_from_warehouse_id IS DISTINCT FROM src.retail_warehouse_id
        OR row.retail_to_warehouse_id IS DISTINCT FROM dest.retail_warehouse_id
"""
register("moves and move lines carry their transfer's and locations' warehouses", """
    {moves}
    UNION ALL
    {lines}
     ORDER BY 1, 2 LIMIT 20
""".format(moves=_MOVE_WAREHOUSES.format(model='stock.move', table='stock_move'),
           lines=_MOVE_WAREHOUSES.format(model='stock.move.line', table='stock_move_line')))

register("sales order lines carry their order's warehouse", """
    SELECT l.id, l.retail_warehouse_id, o.warehouse_id
      FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
     WHERE l.retail_warehouse_id IS DISTINCT FROM o.warehouse_id
     ORDER BY 1 LIMIT 20
""")


def broken_invariants(cr):
    """Runs every invariant on cursor ``cr``; returns {name: (columns, rows)}
    for those that do not hold."""
    broken = OrderedDict()
    for name, query in INVARIANTS.items():
        cr.execute(query)
        rows = cr.fetchall()
        if rows:
            broken[name] = ([d[0] for d in cr.description], rows)
    return broken


def format_broken(broken):
    lines = []
    for name, (columns, rows) in broken.items():
        lines.append('Ledger invariant broken: %s' % name)
        lines.append('  ' + ' | '.join(columns))
        lines.extend('  ' + ' | '.join(str(v) for v in row) for row in rows)
    return '\n'.join(lines)


def merge_split_quants(env):
    """Merges the quants Odoo 11 splits under contention, as its scheduler's
    ``stock.quant._merge_quants`` does; returns the split groups found (rows
    of the one-quant invariant). A transaction that finds a quant locked
    (``FOR UPDATE NOWAIT``) creates a second one, dated when it commits; Odoo's
    merge groups by in-date too, so two quants split across a second boundary
    would stay split: they take their group's earliest in-date first."""
    cr = env.cr
    cr.execute(INVARIANTS[ONE_QUANT])
    split = [tuple(row) for row in cr.fetchall()]
    if split:
        cr.execute("""
            UPDATE stock_quant q SET in_date = g.in_date
              FROM (SELECT product_id, company_id, location_id, lot_id, package_id,
                           owner_id, min(in_date) AS in_date
                      FROM stock_quant
                     GROUP BY product_id, company_id, location_id, lot_id, package_id,
                              owner_id
                    HAVING count(*) > 1) g
             WHERE q.product_id = g.product_id AND q.location_id = g.location_id
               AND q.company_id IS NOT DISTINCT FROM g.company_id
               AND q.lot_id IS NOT DISTINCT FROM g.lot_id
               AND q.package_id IS NOT DISTINCT FROM g.package_id
               AND q.owner_id IS NOT DISTINCT FROM g.owner_id
               AND q.in_date IS DISTINCT FROM g.in_date""")
        env['stock.quant']._merge_quants()
    return split

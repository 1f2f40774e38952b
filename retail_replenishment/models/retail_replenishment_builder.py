# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Set-based evaluation of reordering rules and creation of the documents a
replenishment run needs, as Odoo 11's scheduler would make them.

Odoo's ``procurement.group._procure_orderpoint_confirm`` evaluates one rule at a
time and creates every move through the ORM (about one rule per second on a
DC and 5 stores). Here one SQL statement evaluates every rule in scope, pickings
are created through the ORM (two per store), and their moves are inserted with
one statement per store, with the values ``procurement.rule._run_move`` and
``stock.move._action_confirm`` give them.
"""
from collections import defaultdict
from datetime import datetime, timedelta

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# States of the moves Odoo counts in incoming/outgoing quantities (every state
# but draft, cancel and done), named so the state index can be used.
OPEN_MOVE_STATES = ('waiting', 'confirmed', 'partially_available', 'assigned')

# A rule's forecast as product._product_available() computes it with the
# rule's location in context (the location and its children: quants, and open
# moves entering or leaving that subtree), then Odoo's order quantity:
# below or at min, order max - forecast rounded up to qty_multiple, minus the
# draft purchase quantities of the rule (_quantity_in_progress).
EVALUATION_QUERY = """
WITH op AS (
    SELECT op.id, op.product_id, op.location_id, op.warehouse_id, op.name,
           pt.uom_id, op.product_min_qty::numeric AS min_qty,
           op.product_max_qty::numeric AS max_qty,
           coalesce(op.qty_multiple, 0)::numeric AS multiple,
           uom.rounding::numeric AS rounding, uom.factor::numeric AS factor
      FROM stock_warehouse_orderpoint op
      JOIN product_product pp ON pp.id = op.product_id AND pp.active
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                              AND pt.retail_approval_state = 'approved'
      JOIN product_uom uom ON uom.id = pt.uom_id
     WHERE op.active AND op.warehouse_id IN %(warehouse_ids)s
),
root AS (
    SELECT DISTINCT loc.id, loc.parent_left, loc.parent_right
      FROM op JOIN stock_location loc ON loc.id = op.location_id
),
sub AS (
    SELECT root.id AS root_id, loc.id AS location_id
      FROM root JOIN stock_location loc
        ON loc.parent_left >= root.parent_left AND loc.parent_left < root.parent_right
     WHERE root.parent_left <> 0
    UNION ALL
    SELECT root.id, root.id FROM root WHERE root.parent_left = 0
),
quant AS (
    SELECT sub.root_id, q.product_id, sum(q.quantity)::numeric AS qty
      FROM sub JOIN stock_quant q ON q.location_id = sub.location_id
     GROUP BY 1, 2
),
open_move AS (
    SELECT m.product_id, m.location_id, m.location_dest_id, m.product_qty
      FROM stock_move m
     WHERE m.state IN %(states)s
),
move_in AS (
    SELECT sub.root_id, m.product_id, sum(m.product_qty)::numeric AS qty
      FROM open_move m JOIN sub ON sub.location_id = m.location_dest_id
     WHERE NOT EXISTS (SELECT 1 FROM sub s2
                        WHERE s2.root_id = sub.root_id AND s2.location_id = m.location_id)
     GROUP BY 1, 2
),
move_out AS (
    SELECT sub.root_id, m.product_id, sum(m.product_qty)::numeric AS qty
      FROM open_move m JOIN sub ON sub.location_id = m.location_id
     WHERE NOT EXISTS (SELECT 1 FROM sub s2
                        WHERE s2.root_id = sub.root_id AND s2.location_id = m.location_dest_id)
     GROUP BY 1, 2
),
progress AS (
    SELECT pol.orderpoint_id, sum(pol.product_qty / line_uom.factor * op.factor) AS qty
      FROM purchase_order_line pol
      JOIN op ON op.id = pol.orderpoint_id
      JOIN product_uom line_uom ON line_uom.id = pol.product_uom
     WHERE pol.state IN ('draft', 'sent', 'to approve')
     GROUP BY 1
),
forecast AS (
    SELECT op.*,
           round((round(coalesce(quant.qty, 0) / op.rounding) * op.rounding
                  + round(coalesce(move_in.qty, 0) / op.rounding) * op.rounding
                  - round(coalesce(move_out.qty, 0) / op.rounding) * op.rounding)
                 / op.rounding) * op.rounding AS virtual_qty,
           coalesce(progress.qty, 0) AS progress_qty
      FROM op
      LEFT JOIN quant ON quant.root_id = op.location_id AND quant.product_id = op.product_id
      LEFT JOIN move_in ON move_in.root_id = op.location_id
                       AND move_in.product_id = op.product_id
      LEFT JOIN move_out ON move_out.root_id = op.location_id
                        AND move_out.product_id = op.product_id
      LEFT JOIN progress ON progress.orderpoint_id = op.id
),
below AS (
    SELECT f.*, greatest(f.min_qty, f.max_qty) - f.virtual_qty AS raw_qty
      FROM forecast f
     WHERE round((f.virtual_qty - f.min_qty) / f.rounding) <= 0
),
rounded AS (
    SELECT b.*,
           CASE WHEN b.multiple > 0
                 AND round(mod(b.raw_qty, b.multiple) / b.rounding) > 0
                THEN b.raw_qty + b.multiple - mod(b.raw_qty, b.multiple)
                ELSE b.raw_qty END AS multiple_qty
      FROM below b
)
SELECT r.id, r.product_id, r.location_id, r.warehouse_id, r.min_qty, r.max_qty,
       r.multiple, r.rounding, r.virtual_qty,
       round((r.multiple_qty - r.progress_qty) / r.rounding) * r.rounding AS order_qty,
       (SELECT count(*) FROM op) AS pairs, r.name, r.uom_id
  FROM rounded r
 ORDER BY r.warehouse_id, r.location_id, r.product_id
"""

# What the DC can still give: on hand in its stock location and children,
# minus every open move leaving it (reserved or not).
DC_AVAILABLE_QUERY = """
WITH root AS (
    SELECT id, parent_left, parent_right FROM stock_location WHERE id IN %(location_ids)s
),
sub AS (
    SELECT root.id AS root_id, loc.id AS location_id, loc.usage
      FROM root JOIN stock_location loc
        ON loc.parent_left >= root.parent_left AND loc.parent_left < root.parent_right
)
SELECT root_id, product_id, sum(qty) FROM (
    SELECT sub.root_id, q.product_id, q.quantity AS qty
      FROM sub JOIN stock_quant q ON q.location_id = sub.location_id
     WHERE sub.usage = 'internal' AND q.product_id IN %(product_ids)s
    UNION ALL
    SELECT sub.root_id, m.product_id, -m.product_qty
      FROM stock_move m JOIN sub ON sub.location_id = m.location_id
     WHERE m.state IN %(states)s AND m.product_id IN %(product_ids)s
       AND NOT EXISTS (SELECT 1 FROM sub s2 WHERE s2.root_id = sub.root_id
                                              AND s2.location_id = m.location_dest_id)
) quantities
GROUP BY 1, 2
"""


class RetailReplenishmentBuilder(models.AbstractModel):
    """Evaluation and documents of a replenishment run, set-based."""
    _name = 'retail.replenishment.builder'
    _description = 'Replenishment Documents Builder'

    # ------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------
    @api.model
    def _evaluate(self, warehouses):
        """Evaluates every active reordering rule of ``warehouses`` at once.

        Returns ``(pairs, needs)``: the number of rules evaluated and one dict per
        rule at or below its minimum (``orderpoint_id``, ``product_id``,
        ``location_id``, ``warehouse_id``, ``min_qty``, ``max_qty``,
        ``multiple``, ``rounding``, ``forecast_qty``, ``order_qty``, the rule's
        ``name`` and ``uom_id``; the order quantity may be 0 or less when draft
        purchases already cover it).
        """
        if not warehouses:
            return 0, []
        self.recompute()
        self.env.cr.execute(EVALUATION_QUERY, {
            'warehouse_ids': tuple(warehouses.ids), 'states': OPEN_MOVE_STATES})
        rows = self.env.cr.fetchall()
        if not rows:
            self.env.cr.execute(
                "SELECT count(*) FROM stock_warehouse_orderpoint op "
                "JOIN product_product pp ON pp.id = op.product_id AND pp.active "
                "WHERE op.active AND op.warehouse_id IN %s", (tuple(warehouses.ids),))
            return self.env.cr.fetchone()[0], []
        needs = [{
            'orderpoint_id': row[0], 'product_id': row[1], 'location_id': row[2],
            'warehouse_id': row[3], 'min_qty': float(row[4]), 'max_qty': float(row[5]),
            'multiple': float(row[6]), 'rounding': float(row[7]),
            'forecast_qty': float(row[8]), 'order_qty': float(row[9]),
            'name': row[11], 'uom_id': row[12],
        } for row in rows]
        return rows[0][10], needs

    @api.model
    def _get_available_qty(self, locations, product_ids):
        """{(location_id, product_id): quantity the location can still ship}."""
        if not locations or not product_ids:
            return {}
        self.env.cr.execute(DC_AVAILABLE_QUERY, {
            'location_ids': tuple(locations.ids), 'product_ids': tuple(product_ids),
            'states': OPEN_MOVE_STATES})
        return {(loc, prod): float(qty) for loc, prod, qty in self.env.cr.fetchall()}

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------
    @api.model
    def _get_resupply_rules(self, warehouse, product, group):
        """(store rule, DC rule) Odoo's procurement would use for ``product``
        in ``warehouse``: the pull rule into the store's stock, then the rule
        its make-to-order move triggers at the rule's source location, with the
        values stock.move._prepare_procurement_values() passes."""
        Group = self.env['procurement.group']
        store_rule = Group._get_rule(product, warehouse.lot_stock_id, {
            'warehouse_id': warehouse, 'company_id': warehouse.company_id,
            'group_id': group, 'route_ids': self.env['stock.location.route']})
        if not store_rule or store_rule.action != 'move':
            raise UserError(_(
                "No resupply route brings %s to %s: set the store's resupply "
                "warehouse.") % (product.display_name, warehouse.name))
        dc_rule = self.env['procurement.rule']
        if store_rule.procure_method == 'make_to_order':
            dc_rule = Group._get_rule(product, store_rule.location_src_id, {
                'warehouse_id': store_rule.propagate_warehouse_id or store_rule.warehouse_id,
                'company_id': warehouse.company_id, 'group_id': group,
                'route_ids': self.env['stock.location.route']})
            if not dc_rule or dc_rule.action != 'move' \
                    or dc_rule.procure_method != 'make_to_stock':
                raise UserError(_(
                    "The resupply route of %s must ship from the DC's stock "
                    "(make to stock): check rule %s.") % (
                        warehouse.name, (dc_rule or store_rule).name))
        return store_rule, dc_rule

    @api.model
    def _route_signatures(self, product_ids):
        """{product_id: key}: products with the same key (their routes and
        their category's) get the same procurement rules."""
        if not product_ids:
            return {}
        self.env.cr.execute("""
            SELECT pp.id, pt.categ_id,
                   array_remove(array_agg(r.route_id ORDER BY r.route_id), NULL)
              FROM product_product pp
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN stock_route_product r ON r.product_id = pt.id
             WHERE pp.id IN %s
             GROUP BY pp.id, pt.categ_id
        """, (tuple(product_ids),))
        rows = self.env.cr.fetchall()
        categ_routes = {categ.id: tuple(categ.total_route_ids.ids)
                        for categ in self.env['product.category'].browse(
                            list({row[1] for row in rows}))}
        return {product_id: (tuple(routes), categ_routes[categ_id])
                for product_id, categ_id, routes in rows}

    # ------------------------------------------------------------------
    # Store documents
    # ------------------------------------------------------------------
    @api.model
    def _prepare_group_vals(self, run, warehouse):
        return {
            'name': '%s/%s' % (run.name, warehouse.code),
            'move_type': 'direct',
        }

    @api.model
    def _get_run_group(self, run, warehouse):
        """The procurement group of ``run`` x ``warehouse``, created once."""
        vals = self._prepare_group_vals(run, warehouse)
        Group = self.env['procurement.group']
        group = Group.search([('name', '=', vals['name'])], limit=1)
        return group or Group.create(vals)

    @api.model
    def _prepare_picking_vals(self, rule, group, origin):
        """What stock.move._get_new_picking_values() gives the first move."""
        return {
            'origin': origin,
            'company_id': rule.company_id.id or rule.location_src_id.company_id.id
            or rule.location_id.company_id.id,
            'move_type': group.move_type or 'direct',
            'partner_id': rule.partner_address_id.id or group.partner_id.id or False,
            'picking_type_id': rule.picking_type_id.id,
            'location_id': rule.location_src_id.id,
            'location_dest_id': rule.location_id.id,
        }

    @api.model
    def _prepare_move_row(self, rule, group, date_planned, company, state):
        """The columns procurement.rule._get_stock_move_values() and
        stock.move._action_confirm() give a move of ``rule`` (see
        MOVE_COLUMNS), once per rule: the product, quantities, name and
        origin of each move are set after."""
        date_expected = fields.Datetime.to_string(
            fields.Datetime.from_string(date_planned) - timedelta(days=rule.delay or 0))
        return {
            'company_id': rule.company_id.id or rule.location_src_id.company_id.id
            or rule.location_id.company_id.id or company.id,
            'partner_id': rule.partner_address_id.id or group.partner_id.id or None,
            'location_id': rule.location_src_id.id,
            'location_dest_id': rule.location_id.id,
            # What the ORM's related fields would store (the store rules test them).
            'retail_from_warehouse_id': rule.location_src_id.sudo().retail_warehouse_id.id or None,
            'retail_to_warehouse_id': rule.location_id.sudo().retail_warehouse_id.id or None,
            'rule_id': rule.id,
            'procure_method': rule.procure_method,
            'picking_type_id': rule.picking_type_id.id or None,
            'group_id': group.id,
            'warehouse_id': rule.propagate_warehouse_id.id or rule.warehouse_id.id or None,
            'date': date_expected,
            'date_expected': date_expected,
            'propagate': rule.propagate,
            'priority': '1',
            'sequence': 10,
            'state': state,
            'scrapped': rule.location_id.scrap_location,
            'additional': False,
            'to_refund': False,
        }

    @api.model
    def _create_store_documents(self, run, warehouse, lines, date_planned, rules,
                                signatures):
        """One DC delivery and one store receipt for ``warehouse`` in ``run``,
        with a move pair per line (``need``, ``qty``; see _evaluate), linked as
        Odoo links a make-to-order move to the move it triggers. ``rules``:
        {(warehouse_id, route key): (store rule, DC rule)}, ``signatures``:
        {product_id: route key}. Returns the pickings; none when the run
        already made them (a resumed run)."""
        group = self._get_run_group(run, warehouse)
        Picking = self.env['stock.picking']
        if Picking.search_count([('group_id', '=', group.id)]):
            return Picking
        lines = [(need, qty, rules.get((warehouse.id, signatures[need['product_id']])))
                 for need, qty in lines if qty > 0]
        lines = [(need, qty, pair) for need, qty, pair in lines if pair]
        if not lines:
            return Picking
        templates = {}

        def row(rule, state, need, qty, name, origin):
            key = (rule.id, state)
            if key not in templates:
                templates[key] = self._prepare_move_row(
                    rule, group, date_planned, warehouse.company_id, state)
            values = dict(templates[key])
            values.update(
                name=name[:2000], origin=origin, product_id=need['product_id'],
                product_uom=need['uom_id'], product_uom_qty=qty, product_qty=qty,
                ordered_qty=qty)
            return values

        store_moves, dc_moves = [], []
        for need, qty, (store_rule, dc_rule) in lines:
            store_moves.append(row(store_rule, 'waiting' if dc_rule else 'confirmed',
                                   need, qty, need['name'], need['name']))
            dc_moves.append(dc_rule and row(dc_rule, 'confirmed', need, qty,
                                            store_rule.name, group.name))
        pickings = {}
        for moves in (store_moves, [m for m in dc_moves if m]):
            for move in moves:
                key = (move['picking_type_id'], move['location_id'], move['location_dest_id'])
                if key not in pickings:
                    rule = self.env['procurement.rule'].browse(move['rule_id'])
                    pickings[key] = Picking.create(
                        self._prepare_picking_vals(rule, group, move['origin']))
                picking = pickings[key]
                move['picking_id'] = picking.id
                move['reference'] = picking.name
                move['retail_picking_warehouse_id'] = picking.picking_type_id.warehouse_id.id \
                    or None
        ids = self._next_ids('stock_move', len(store_moves) + len(dc_moves))
        rows, links = [], []
        for store_move, dc_move in zip(store_moves, dc_moves):
            store_move['id'] = ids.pop()
            rows.append(store_move)
            if dc_move:
                dc_move['id'] = ids.pop()
                rows.append(dc_move)
                links.append((dc_move['id'], store_move['id']))
        self._insert_moves(rows)
        if links:
            execute_values(self.env.cr, """
                INSERT INTO stock_move_move_rel (move_orig_id, move_dest_id) VALUES %s
            """, links, page_size=1000)
        created = Picking.browse([p.id for p in pickings.values()])
        self._update_pickings(created)
        return created

    MOVE_COLUMNS = (
        'id', 'name', 'company_id', 'product_id', 'product_uom', 'product_uom_qty',
        'product_qty', 'ordered_qty', 'partner_id', 'location_id', 'location_dest_id',
        'rule_id', 'procure_method', 'origin', 'picking_type_id', 'group_id',
        'warehouse_id', 'date', 'date_expected', 'propagate', 'priority', 'sequence',
        'state', 'scrapped', 'additional', 'to_refund', 'picking_id', 'reference',
        'retail_picking_warehouse_id', 'retail_from_warehouse_id', 'retail_to_warehouse_id',
    )

    @api.model
    def _insert_moves(self, rows):
        columns = self.MOVE_COLUMNS
        uid = self.env.uid
        template = '(%s, %%s, %%s, now() at time zone \'UTC\', now() at time zone \'UTC\')' % (
            ', '.join(['%s'] * len(columns)))
        execute_values(self.env.cr, """
            INSERT INTO stock_move (%s, create_uid, write_uid, create_date, write_date)
            VALUES %%s
        """ % ', '.join(columns), [
            tuple(row[c] for c in columns) + (uid, uid) for row in rows
        ], template=template, page_size=1000)
        self.env['stock.move'].invalidate_cache()

    @api.model
    def _next_ids(self, table, count):
        """``count`` ids of ``table``'s sequence, last first (for pop())."""
        self.env.cr.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (table, count))
        return [row[0] for row in self.env.cr.fetchall()][::-1]

    @api.model
    def _update_pickings(self, pickings):
        """The stored fields Odoo computes from a picking's moves: state (all
        its moves share one), scheduled date, procurement group, priority."""
        if not pickings:
            return
        self.env.cr.execute("""
            UPDATE stock_picking p
               SET state = m.state, scheduled_date = m.scheduled_date,
                   group_id = m.group_id, priority = m.priority
              FROM (SELECT picking_id, min(state) AS state,
                           min(date_expected) AS scheduled_date,
                           min(group_id) AS group_id, max(priority) AS priority
                      FROM stock_move WHERE picking_id IN %s GROUP BY picking_id) m
             WHERE p.id = m.picking_id
        """, (tuple(pickings.ids),))
        pickings.invalidate_cache()

    # ------------------------------------------------------------------
    # DC purchases
    # ------------------------------------------------------------------
    @api.model
    def _create_purchases(self, needs, run):
        """Vendor RFQs for the DC's needs, as Odoo's buy rule makes them
        (procurement.rule._run_buy: its supplier choice, its draft-RFQ domain,
        its order and line values, one draft RFQ per vendor and picking
        type), with one RFQ search per vendor instead of one per line and the
        order totals computed once. Needs whose rule does not buy go through
        procurement.group.run(). Returns (purchase orders touched, errors)."""
        Orderpoint = self.env['stock.warehouse.orderpoint']
        Group = self.env['procurement.group']
        Line = self.env['purchase.order.line'].sudo()
        errors = []
        orders = {}
        touched = self.env['purchase.order']
        rules = {}
        signatures = self._route_signatures({n['product_id'] for n in needs})
        to_create = []
        for need in needs:
            if need['order_qty'] <= 0:
                continue
            op = Orderpoint.browse(need['orderpoint_id'])
            product, qty = op.product_id, need['order_qty']
            values = op._prepare_procurement_values(qty)
            values.setdefault('priority', '1')
            key = (op.location_id.id, op.warehouse_id.id, signatures[product.id])
            if key not in rules:
                rules[key] = Group._get_rule(product, op.location_id, values)
            rule = rules[key]
            try:
                with self.env.cr.savepoint():
                    if not rule or rule.action != 'buy':
                        Group.run(product, qty, op.product_uom, op.location_id,
                                  op.name, op.name, values)
                        continue
                    suppliers = product.seller_ids.filtered(
                        lambda r: (not r.company_id or r.company_id == values['company_id'])
                        and (not r.product_id or r.product_id == product))
                    if not suppliers:
                        raise UserError(_(
                            "There is no vendor associated to the product %s. Please "
                            "define a vendor for this product.") % product.display_name)
                    supplier = rule._make_po_select_supplier(values, suppliers)
                    domain = rule._make_po_get_domain(values, supplier.name)
                    po = orders.get(domain)
                    if po is None:
                        po = self.env['purchase.order'].sudo().search(
                            [d for d in domain], limit=1)
                        if not po:
                            po = self.env['purchase.order'].with_context(
                                force_company=values['company_id'].id).sudo().create(
                                rule._prepare_purchase_order(
                                    product, qty, op.product_uom, op.name, values,
                                    supplier.name))
                        orders[domain] = po
                    touched |= po
                    merged = po.order_line.filtered(
                        lambda l: l.product_id == product
                        and l.product_uom == product.uom_po_id
                        and l._merge_in_existing_line(
                            product, qty, op.product_uom, op.location_id, op.name,
                            op.name, values))[:1]
                    if merged:
                        merged.write(rule._update_purchase_order_line(
                            product, qty, op.product_uom, values, merged, supplier.name))
                    else:
                        to_create.append((po, rule._prepare_purchase_order_line(
                            product, qty, op.product_uom, values, po, supplier), op.name))
            except UserError as error:
                errors.append('%s: %s' % (product.display_name, error.name))
        with self.env.norecompute():
            for po, vals, _origin in to_create:
                Line.create(vals)
        self.recompute()
        origins = defaultdict(list)
        for po, _vals, origin in to_create:
            origins[po].append(origin)
        for po, names in origins.items():
            known = (po.origin or '').split(', ') if po.origin else []
            new = [n for n in names if n not in known]
            if new:
                po.write({'origin': ', '.join(known + new)})
        return touched, errors

    @api.model
    def _date_planned(self, cluster):
        days = cluster.lead_days or 0.0
        return fields.Datetime.to_string(datetime.now() + timedelta(days=days))

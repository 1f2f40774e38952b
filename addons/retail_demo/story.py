# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's story: the operating model configured, and work in progress for
every role, so that each demo user finds their own queue on first login.

- The company's defaults (DC, service level, tolerances, finance threshold).
- Weekly cycle counts of the last weeks in every store (before the approval
  rules exist, as the network's history), with deterministic differences, so
  that the accuracy KPIs differ between stores and weeks.
- Adjustment approval rules: stores (store manager, then inventory controller,
  finance above 1,000) and the DC (inventory controller, finance above 5,000).
- A store template for each cluster's format.
- Adjustments of S001 waiting for each tier: the store manager, the
  inventory controller (store manager approved), finance (both approved).
- Open exceptions of four types with owners and deadlines, with evidence.
- A quality inspection of S001's quarantine waiting for the store manager.
- The KPI snapshots of the history (backfill).
"""
import base64
import math
import random
from datetime import timedelta

from odoo import fields

STORY_SEED = 42
# Weeks counted, before the approval rules' 7-day window (2 and 3 weeks ago).
COUNT_WEEKS = (3, 2)


def create_demo_story(env):
    # Odoo 11 computes the locations' nested sets only at the end of an install:
    # the warehouse of a location (adjustment rules, KPIs) needs them now.
    env['stock.location']._parent_store_compute()
    story = DemoStory(env)
    story.configure_company()
    story.count_history()
    story.create_rules()
    story.create_templates()
    story.create_pending_adjustments()
    story.create_open_exceptions()
    story.create_pending_inspection()
    story.backfill_kpis()
    return story


class DemoStory(object):

    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.rng = random.Random(STORY_SEED)
        self.company = env.user.company_id
        Warehouse = env['stock.warehouse']
        self.dc = Warehouse.search([('code', '=', 'DC')], limit=1)
        self.stores = Warehouse.search([('code', '=like', 'S___')], order='code')
        self.s001 = self.stores.filtered(lambda wh: wh.code == 'S001')
        self.users = {role: env.ref('retail_demo.user_%s' % role) for role in (
            'store_clerk', 'store_manager', 'dc_operator', 'planner',
            'inventory_controller', 'finance_approver', 'retail_admin')}
        self.reason_count = env.ref('retail_governance.reason_count_correction')
        self.reason_damage = env.ref('retail_governance.reason_damage')
        self.today = fields.Date.from_string(fields.Date.context_today(env.user))

    # ------------------------------------------------------------------
    def configure_company(self):
        self.company.write({
            'retail_dc_id': self.dc.id, 'retail_service_level': 0.95,
            'retail_qty_tolerance': 10.0, 'retail_value_tolerance': 200.0,
            'retail_percent_tolerance': 20.0, 'retail_finance_threshold': 1000.0,
            'retail_count_tolerance': 5.0,
        })

    def _stocked(self, warehouse, limit, min_qty=10, order='p.id'):
        """Products with at least ``min_qty`` in the warehouse's stock:
        [(product, quantity, cost)], in a fixed order."""
        self.cr.execute("""
            SELECT q.product_id, sum(q.quantity)
              FROM stock_quant q JOIN product_product p ON p.id = q.product_id
             WHERE q.location_id = %s AND q.owner_id IS NULL
             GROUP BY q.product_id, p.id HAVING sum(q.quantity) >= %s
             ORDER BY {} LIMIT %s""".format(order),
                        (warehouse.lot_stock_id.id, min_qty, limit))
        Product = self.env['product.product']
        return [(Product.browse(pid), qty, Product.browse(pid).standard_price)
                for pid, qty in self.cr.fetchall()]

    def _count(self, warehouse, counts, user, reason, name):
        """An adjustment of ``counts`` [(product, counted)] by ``user``."""
        location = warehouse.lot_stock_id
        inventory = self.env['stock.inventory'].sudo(user).create({
            'name': name, 'filter': 'partial', 'location_id': location.id})
        inventory.action_start()
        for product, counted in counts:
            self.env['stock.inventory.line'].sudo(user).create({
                'inventory_id': inventory.id, 'product_id': product.id,
                'location_id': location.id, 'product_qty': counted,
                'retail_reason_id': reason.id})
        return inventory

    def count_history(self):
        """Every store counted two SKUs a week, two and three weeks ago: most
        lines right, some a unit or two off (shrinkage, miscounts)."""
        for weeks_ago in COUNT_WEEKS:
            day = self.today - timedelta(days=7 * weeks_ago)
            for index, store in enumerate(self.stores):
                rows = self._stocked(store, 2, min_qty=8, order="md5(%d || ':' || p.id)" % (
                    weeks_ago * 1000 + index))
                counts = []
                for product, qty, _cost in rows:
                    miss = self.rng.choice((0, 0, 0, -1, -1, -2, 1))
                    counts.append((product, qty + miss))
                inventory = self._count(store, counts, self.env.user, self.reason_count,
                                        'Cycle count %s week -%d' % (store.code, weeks_ago))
                inventory.action_done()
                stamp = fields.Datetime.to_string(
                    fields.Datetime.from_string(str(day)) + timedelta(hours=10 + index % 6))
                self.cr.execute("UPDATE stock_inventory SET date = %s WHERE id = %s",
                                (stamp, inventory.id))
                self.cr.execute("UPDATE stock_move SET date = %s WHERE inventory_id = %s",
                                (stamp, inventory.id))
                self.cr.execute("UPDATE stock_move_line SET date = %s WHERE move_id IN "
                                "(SELECT id FROM stock_move WHERE inventory_id = %s)",
                                (stamp, inventory.id))
        self.env['stock.inventory'].invalidate_cache()
        self.env['stock.move'].invalidate_cache()

    def create_rules(self):
        Rule = self.env['retail.adjustment.rule']
        clusters = self.env['retail.store.cluster'].search([])
        self.store_rule = Rule.create({
            'name': 'Stores: standard tolerance', 'sequence': 10,
            'cluster_ids': [(6, 0, clusters.ids)],
            'qty_threshold': 10, 'value_threshold': 200, 'percent_threshold': 0,
            'require_store_manager': True, 'require_inventory_controller': True,
            'require_finance': True, 'finance_value_threshold': 1000, 'window_days': 7,
        })
        self.dc_rule = Rule.create({
            'name': 'DC: controller approval', 'sequence': 20,
            'warehouse_ids': [(6, 0, self.dc.ids)],
            'qty_threshold': 50, 'value_threshold': 1000, 'percent_threshold': 0,
            'require_store_manager': False, 'require_inventory_controller': True,
            'require_finance': True, 'finance_value_threshold': 5000, 'window_days': 7,
        })

    def create_templates(self):
        Channel = self.env['retail.sales.channel']
        stores_channel = Channel.search([('code', '=', 'STORES')], limit=1)
        web = Channel.search([('code', '=', 'WEB')], limit=1)
        clerk = self.env.ref('retail_governance.group_store_clerk')
        for cluster in self.env['retail.store.cluster'].search([], order='sequence'):
            lines = [(0, 0, {'channel_id': stores_channel.id, 'sequence': 10})]
            if cluster.code == 'URB':
                lines.append((0, 0, {'channel_id': web.id, 'sequence': 10,
                                     'floor_qty': 2, 'floor_percent': 30}))
            self.env['retail.store.template'].create({
                'name': cluster.name, 'cluster_id': cluster.id,
                'supply_warehouse_id': self.dc.id,
                'channel_line_ids': lines if stores_channel else [],
                'adjustment_rule_ids': [(6, 0, self.store_rule.ids)],
                'group_ids': [(6, 0, clerk.ids)],
            })

    def create_pending_adjustments(self):
        """S001's clerk counted three products far off: one waits for the store
        manager, one for the inventory controller, one for finance."""
        u = self.users
        cheap = self._stocked(self.s001, 2, min_qty=20, order='p.id')
        self.cr.execute("""
            SELECT q.product_id FROM stock_quant q
              JOIN ir_property ip ON ip.res_id = 'product.product,' || q.product_id
                   AND ip.name = 'standard_price' AND ip.company_id = %s
             WHERE q.location_id = %s AND q.owner_id IS NULL
             GROUP BY q.product_id, ip.value_float
            HAVING sum(q.quantity) * ip.value_float > 1500
             ORDER BY ip.value_float DESC, q.product_id LIMIT 1""",
                        (self.company.id, self.s001.lot_stock_id.id))
        expensive_id = self.cr.fetchone()
        pending = []
        for product, qty, _cost in cheap:
            pending.append(self._count(self.s001, [(product, qty - 15)], u['store_clerk'],
                                       self.reason_damage, 'S001 damaged %s' % product.code))
        if expensive_id:
            product = self.env['product.product'].browse(expensive_id[0])
            qty = product.with_context(location=self.s001.lot_stock_id.id).qty_available
            missing = min(qty, math.ceil(1100.0 / max(product.standard_price, 0.01)) + 1)
            pending.append(self._count(self.s001, [(product, qty - missing)],
                                       u['store_clerk'], self.reason_count,
                                       'S001 shrinkage %s' % product.code))
        for inventory in pending:
            inventory.sudo(u['store_clerk']).request_validation()
        approvers = [u['store_manager'], u['inventory_controller']]
        for index, inventory in enumerate(pending):
            for approver in approvers[:index]:
                if inventory._retail_next_review():
                    inventory.sudo(approver).validate_tier()
        if len(pending) > 2:
            self._attach(pending[2], 'shrinkage_report.txt',
                         'Shrinkage report: display case found open after closing.')
        self.pending_adjustments = pending

    def _attach(self, record, name, text):
        return self.env['ir.attachment'].create({
            'name': name, 'datas_fname': name, 'mimetype': 'text/plain',
            'datas': base64.b64encode(text.encode()),
            'res_model': record._name, 'res_id': record.id})

    def create_open_exceptions(self):
        u = self.users
        Exception_ = self.env['retail.exception']
        Warehouse = self.env['stock.warehouse']
        s002 = Warehouse.search([('code', '=', 'S002')], limit=1)
        s003 = Warehouse.search([('code', '=', 'S003')], limit=1)
        rows = self._stocked(self.s001, 4, min_qty=5, order='p.id DESC')
        products = [row[0] for row in rows] + [self.env['product.product']] * 4
        specs = [
            ('receipt_discrepancy', self.s001, products[0], 6, u['store_manager'],
             'Carton short of 6 units on the last DC delivery.'),
            ('supply_shortage', s002, products[1], 24, u['planner'],
             'The DC could not cover the store\'s minimum.'),
            ('count_variance', s003, products[2], 9, u['inventory_controller'],
             'Two counts in a row differ by more than the tolerance.'),
            ('overdue_in_transit', self.dc, products[3], 12, u['dc_operator'],
             'Shipped to S002 four days ago, not received.'),
        ]
        self.exceptions = Exception_.browse()
        for kind, warehouse, product, qty, owner, description in specs:
            self.exceptions |= Exception_.raise_exception(
                kind, location=warehouse.lot_stock_id, product=product or None,
                quantity=qty, value=qty * (product.standard_price if product else 0),
                owner=owner, description=description, warehouse=warehouse)
        self._attach(self.exceptions[0], 'receipt_photo.txt',
                     'Photo note: outer carton crushed, inner boxes wet.')

    def create_pending_inspection(self):
        """A quality-sensitive delivery waits in S001's quarantine."""
        self.cr.execute("""
            SELECT p.id FROM product_product p
              JOIN product_template t ON t.id = p.product_tmpl_id
              JOIN product_category c ON c.id = t.categ_id
             WHERE c.retail_quality_sensitive AND t.type = 'product'
             ORDER BY p.id LIMIT 1""")
        row = self.cr.fetchone()
        if not row or not self.s001.retail_quarantine_location_id:
            return
        product = self.env['product.product'].browse(row[0])
        quarantine = self.s001.retail_quarantine_location_id
        move = self.env['stock.move'].create({
            'name': 'Fresh delivery awaiting inspection', 'product_id': product.id,
            'product_uom': product.uom_id.id, 'product_uom_qty': 12,
            'location_id': self.env.ref('stock.stock_location_suppliers').id,
            'location_dest_id': quarantine.id})
        move._action_confirm()
        move._action_assign()
        if not move.move_line_ids:
            move.write({'move_line_ids': [(0, 0, move._prepare_move_line_vals())]})
        move.move_line_ids.write({'qty_done': 12, 'location_dest_id': quarantine.id})
        move._action_done()
        inspection = self.env['retail.quality.inspection'].create({
            'warehouse_id': self.s001.id, 'location_id': quarantine.id,
            'notes': 'Check temperature log and packaging before release.'})
        inspection.action_load_quarantined()
        self.inspection = inspection

    def backfill_kpis(self):
        # The opening counts are dated the day before the eight weeks of
        # history: ten ISO weeks up to this one hold them whatever the weekday
        # (nine left them out when the demo was built on a Monday).
        self.env['retail.kpi.snapshot'].compute_snapshots(weeks=10)

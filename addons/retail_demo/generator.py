# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Builds a retail network: one DC, stores in clusters, products, balances, history.

The structure (company, clusters, warehouses with their resupply routes, families,
vendors, users) goes through the ORM, so Odoo creates every location, route and
picking type as it would for a person. The volume (products, opening balances, sales
history, quants) goes in with set-based SQL, because the ORM needs hours for a
100 stores x 10,000 SKUs network. Every bulk row copies the columns of a row the ORM
made for the same purpose (a "prototype"), so defaults, required columns and the
fields added by installed modules stay what Odoo would write. Quants are computed
from the inserted done move lines, so the ledger and the quants agree by
construction.

Every random choice derives from the seed: Python's ``random.Random(seed)`` for the
structure, ``md5(seed, keys)`` in SQL for the volume, so a run gives the same data
whatever the plan PostgreSQL picks.
"""
import contextlib
import logging
import random
import time
from datetime import timedelta

from odoo import fields

_logger = logging.getLogger(__name__)

CLUSTERS = [
    # code, name, demand factor, share of the stores
    ('URB', 'Urban small format', 0.8, 0.40),
    ('SUB', 'Suburban large format', 1.6, 0.35),
    ('OUT', 'Outlet', 0.6, 0.25),
]

# Replenishment settings per cluster: DC-to-store lead time and review period
# (days), service level.
CLUSTER_SETTINGS = {
    'URB': {'lead_days': 1.0, 'review_days': 3.0, 'service_level': 0.95},
    'SUB': {'lead_days': 2.0, 'review_days': 7.0, 'service_level': 0.95},
    'OUT': {'lead_days': 4.0, 'review_days': 14.0, 'service_level': 0.90},
}

FAMILIES = [
    # name, quality sensitive, cost range, margin factor, share of the SKUs
    ('Apparel', False, (6.0, 40.0), 2.4, 0.30),
    ('Footwear', False, (15.0, 60.0), 2.2, 0.15),
    ('Fresh Food', True, (0.5, 6.0), 1.5, 0.15),
    ('Beauty & Health', True, (2.0, 25.0), 2.0, 0.15),
    ('Home', False, (3.0, 45.0), 2.0, 0.15),
    ('Electronics', False, (20.0, 250.0), 1.4, 0.10),
]

# Replenishment policy per family (every cluster): demand-driven unless given.
FAMILY_POLICIES = {
    'Fresh Food': {'pack_multiple': 6.0, 'lookback_weeks': 4},
    # Expensive slow movers: a fixed display quantity.
    'Electronics': {'method': 'fixed', 'min_qty': 2.0, 'max_qty': 4.0},
}

VENDORS = [
    # name, lead time in days
    ('Northwind Apparel', 14), ('Atlas Footwear', 21), ('Green Valley Farms', 2),
    ('Lumen Beauty', 7), ('Casa Living Supply', 10), ('Voltline Electronics', 28),
    ('Pacific Textiles', 18), ('Harbor Wholesale', 5),
]

TOWNS = [
    'Riverside', 'Old Town', 'Harbour', 'Northgate', 'Westfield', 'Eastbrook',
    'Southpark', 'Hillcrest', 'Lakeside', 'Market Square', 'Station Road', 'Kingsway',
    'Meadowbank', 'Fairview', 'Brookhaven', 'Cedar Mills', 'Elmwood', 'Greenhill',
    'Ironbridge', 'Juniper', 'Kelso', 'Linden', 'Maple Cross', 'Newbury', 'Oakridge',
    'Pinehurst', 'Queensbury', 'Rosedale', 'Silverton', 'Thornbury', 'Upton',
    'Valleyview', 'Willowby', 'Yarrow', 'Zenith Park', 'Ashford', 'Bayside',
    'Clifton', 'Dunmore', 'Edgewater',
]

# Weekly demand per store by velocity class: (share of SKUs, low, high).
VELOCITY = [(0.2, 8.0, 20.0), (0.3, 2.0, 6.0), (0.5, 0.05, 0.6)]
# Week-of-month pattern: the week after payday sells more, the last week less.
WEEK_PATTERN = [1.3, 1.0, 0.95, 0.8]
SPIKE_SHARE = 0.002     # store x SKU x week combinations with a demand spike
SPIKE_FACTOR = 5.0


def ean13(digits12):
    """EAN-13 barcode for 12 digits (the 13th is the check digit)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    return digits12 + str((10 - total % 10) % 10)


def share_plan(count, shares):
    """Index of the group of each of ``count`` items, in order, following the
    groups' ``shares``; rounding leftovers go to the first group."""
    plan = []
    for index, share in enumerate(shares):
        plan += [index] * int(round(count * share))
    return (plan + [0] * count)[:count]


def rnd_sql(*keys):
    """SQL expression of a uniform number in [0, 1) from md5 of the seed and keys."""
    parts = ", ".join(("%(seed)s",) + keys)
    return ("(('x' || substr(md5(concat_ws(':', {})), 1, 8))::bit(32)::bigint"
            " / 4294967296.0)".format(parts))


class RetailNetworkGenerator(object):
    """Creates the network in ``env``'s company. Call :meth:`generate`."""

    # Tables the ledger fills; a bulk load sets their foreign keys aside.
    LEDGER_TABLES = ('stock_inventory', 'stock_inventory_line', 'stock_picking',
                     'stock_move', 'stock_move_line', 'stock_quant')

    def __init__(self, env, stores=35, skus=300, weeks=8, seed=42, prefix='S',
                 namespace=0, bulk=False):
        self.env = env
        # bulk: drop the ledger tables' foreign keys during the load and add them
        # back after it, which checks every row against them in one pass (per-row
        # checks are most of the load's time at 100 stores x 10,000 SKUs). Takes
        # exclusive locks on the ledger tables: for a database nobody uses yet.
        self.bulk = bulk
        self.cr = env.cr
        self.store_count = stores
        self.sku_count = skus
        self.weeks = weeks
        self.seed = seed
        self.prefix = prefix
        # A second network in the same database (tests) needs other barcodes and codes.
        self.namespace = namespace
        self.rng = random.Random(seed)
        self.company = env.user.company_id
        self.today = fields.Date.from_string(fields.Date.context_today(env.user))
        self.history_start = self.today - timedelta(days=7 * weeks)
        self.opening_date = self.history_start - timedelta(days=1)
        self.timings = []

    # ------------------------------------------------------------------
    # Orchestration
    # ------------------------------------------------------------------
    def generate(self):
        """Builds everything; returns counts and the time of each step."""
        self.clusters = self._step(self._create_clusters)
        self.dc = self._step(self._create_dc)
        self.stores = self._step(self._create_stores)
        self.families = self._step(self._create_families)
        self.policies = self._step(self._create_policies)
        self.vendors = self._step(self._create_vendors)
        self.products = self._step(self._insert_products)
        self._step(self._insert_stock_ledger)
        self._step(self._post_opening_valuation)
        self.cr.execute("""DROP TABLE IF EXISTS retail_demo_product, retail_demo_store,
            retail_demo_sale, retail_demo_opening, retail_demo_week""")
        self.env['product.product'].invalidate_cache()
        return self.summary()

    def _step(self, method, name=None):
        name = name or method.__name__.lstrip('_')
        start = time.time()
        result = method()
        elapsed = time.time() - start
        self.timings.append((name, elapsed))
        _logger.info("retail network: %s in %.1fs", name, elapsed)
        return result

    def summary(self):
        self.cr.execute("SELECT count(*) FROM stock_move WHERE company_id = %s",
                        (self.company.id,))
        moves = self.cr.fetchone()[0]
        self.cr.execute("SELECT count(*) FROM stock_quant WHERE company_id = %s",
                        (self.company.id,))
        quants = self.cr.fetchone()[0]
        return {
            'stores': len(self.stores), 'products': len(self.products),
            'weeks': self.weeks, 'moves': moves, 'quants': quants,
            'timings': self.timings,
        }

    # ------------------------------------------------------------------
    # Structure, through the ORM
    # ------------------------------------------------------------------
    def _create_clusters(self):
        Cluster = self.env['retail.store.cluster']
        clusters = Cluster.browse()
        for sequence, (code, name, _factor, _share) in enumerate(CLUSTERS):
            clusters |= Cluster.search([('code', '=', code),
                                        ('company_id', '=', self.company.id)]) or \
                Cluster.create(self._prepare_cluster_vals(code, name, sequence))
        return clusters

    def _prepare_cluster_vals(self, code, name, sequence):
        return dict(CLUSTER_SETTINGS[code], code=code, name=name, sequence=sequence,
                    company_id=self.company.id)

    def _create_dc(self):
        dc = self.env['stock.warehouse'].create({
            'name': 'Distribution Centre' + (' %s' % self.prefix if self.prefix != 'S' else ''),
            'code': 'DC' if self.prefix == 'S' else 'DC%s' % self.prefix,
            'company_id': self.company.id,
        })
        self.clusters.filtered(lambda c: not c.supply_warehouse_id).write(
            {'supply_warehouse_id': dc.id})
        return dc

    def _create_stores(self):
        Warehouse = self.env['stock.warehouse']
        stores = Warehouse.browse()
        plan = share_plan(self.store_count, [cluster[3] for cluster in CLUSTERS])
        for number, cluster_index in enumerate(plan, 1):
            stores |= Warehouse.create(self._prepare_store_vals(number, cluster_index))
        return stores

    def _prepare_store_vals(self, number, cluster_index):
        town = TOWNS[(number - 1) % len(TOWNS)]
        if number > len(TOWNS):
            town = '%s %d' % (town, (number - 1) // len(TOWNS) + 1)
        return {
            'name': 'Store %s%03d %s' % (self.prefix, number, town),
            'code': '%s%03d' % (self.prefix, number),
            'company_id': self.company.id,
            'retail_cluster_id': self.clusters[cluster_index].id,
            'resupply_wh_ids': [(6, 0, [self.dc.id])],
            'default_resupply_wh_id': self.dc.id,
            # Stores never buy from vendors themselves: the DC resupplies them.
            'buy_to_resupply': False,
        }

    def _create_families(self):
        Category = self.env['product.category']
        parent = Category.create({'name': 'Retail' + (
            ' %s' % self.prefix if self.prefix != 'S' else '')})
        families = Category.browse()
        for name, quality_sensitive, _cost, _margin, _share in FAMILIES:
            families |= Category.create({
                'name': name, 'parent_id': parent.id,
                'retail_quality_sensitive': quality_sensitive,
                # Automated (real-time) valuation: stock moves post journal entries.
                'property_valuation': 'real_time',
            })
        return families

    def _create_policies(self):
        """One replenishment policy per cluster x family."""
        Policy = self.env['retail.replenishment.policy']
        policies = Policy.browse()
        for cluster in self.clusters:
            for family in self.families:
                policies |= Policy.create(self._prepare_policy_vals(cluster, family))
        return policies

    def _prepare_policy_vals(self, cluster, family):
        settings = FAMILY_POLICIES.get(family.name, {})
        return dict({'method': 'demand', 'pack_multiple': 1.0}, **dict(
            settings, name='%s: %s' % (cluster.name, family.name),
            cluster_id=cluster.id, categ_id=family.id))

    def _create_vendors(self):
        Partner = self.env['res.partner']
        return [(Partner.create({'name': name, 'supplier': True, 'customer': False,
                                 'is_company': True, 'company_id': self.company.id}),
                 lead_time) for name, lead_time in VENDORS]

    # ------------------------------------------------------------------
    # Volume, set-based
    # ------------------------------------------------------------------
    def _product_rows(self):
        """One dict per SKU, from the seeded random generator."""
        rows = []
        kg = self.env.ref('product.product_uom_kgm')
        unit = self.env.ref('product.product_uom_unit')
        family_plan = share_plan(self.sku_count, [family[4] for family in FAMILIES])
        for number in range(1, self.sku_count + 1):
            family_index = family_plan[number - 1]
            name, _quality, (cost_low, cost_high), margin, _share = FAMILIES[family_index]
            velocity = self.rng.random()
            for share, low, high in VELOCITY:
                if velocity < share:
                    break
                velocity -= share
            weekly_demand = round(self.rng.uniform(low, high), 2)
            cost = round(self.rng.uniform(cost_low, cost_high), 2)
            vendor, lead_time = self.vendors[
                (family_index + (number % 3 == 0) * 6) % len(self.vendors)]
            by_weight = name == 'Fresh Food' and number % 4 == 0
            rows.append({
                'number': number,
                'name': '%s %s %05d' % (name, 'by weight' if by_weight else 'item', number),
                'default_code': '%sSKU%06d' % (
                    '%d-' % self.namespace if self.namespace else '', number),
                'barcode': ean13('2%d%010d' % (self.namespace, number)),
                'categ_id': self.families[family_index].id,
                'uom_id': (kg if by_weight else unit).id,
                'list_price': round(cost * margin, 2),
                'standard_price': cost,
                'vendor_id': vendor.id,
                'lead_time': lead_time,
                'weekly_demand': weekly_demand,
            })
        return rows

    @staticmethod
    def _nextval(table):
        return "nextval('{}_id_seq')".format(table)

    def _prototype(self, table, record_id):
        """Column values of one ORM-made row, to copy into bulk rows."""
        self.cr.execute("SELECT * FROM {} WHERE id = %s".format(table), (record_id,))
        columns = [desc[0] for desc in self.cr.description]
        values = dict(zip(columns, self.cr.fetchone()))
        values.pop('id')
        return values

    def _bulk_insert(self, table, prototype, overrides, source, params):
        """INSERT INTO table SELECT ... FROM source: overrides are SQL expressions,
        every other column takes the prototype's value. Callers pass the ``id``
        they allocated (``nextval`` in their temp table) to link rows."""
        columns = ['id'] + list(prototype)
        exprs = []
        for column in columns:
            if column in overrides:
                exprs.append(overrides[column])
            else:
                key = 'proto_%s' % column
                params[key] = prototype[column]
                exprs.append('%({})s'.format(key))
        query = 'INSERT INTO {} ({}) SELECT {} FROM {}'.format(
            table, ', '.join('"%s"' % c for c in columns), ', '.join(exprs), source)
        self.cr.execute(query, params)

    def _insert_products(self):
        rows = self._product_rows()
        proto = self.env['product.product'].create({
            'name': 'Prototype', 'type': 'product', 'standard_price': 1.0,
            'categ_id': self.families[0].id,
            'seller_ids': [(0, 0, {'name': self.vendors[0][0].id, 'delay': 1,
                                   'min_qty': 1, 'price': 1.0})],
        })
        tmpl_proto = self._prototype('product_template', proto.product_tmpl_id.id)
        prod_proto = self._prototype('product_product', proto.id)
        seller_proto = self._prototype('product_supplierinfo', proto.seller_ids.id)
        self.cr.execute(
            "SELECT * FROM ir_property WHERE res_id = %s AND name = 'standard_price'",
            ('product.product,%s' % proto.id,))
        price_columns = [desc[0] for desc in self.cr.description]
        price_proto = dict(zip(price_columns, self.cr.fetchone() or []))
        proto.product_tmpl_id.unlink()

        self.cr.execute("""
            CREATE TEMP TABLE retail_demo_product (
                number int, name varchar, default_code varchar, barcode varchar,
                categ_id int, uom_id int, list_price numeric, standard_price numeric,
                vendor_id int, lead_time int, weekly_demand numeric,
                tmpl_id int, product_id int)""")
        keys = ['number', 'name', 'default_code', 'barcode', 'categ_id', 'uom_id', 'list_price',
                'standard_price', 'vendor_id', 'lead_time', 'weekly_demand']
        self.cr.execute(
            "INSERT INTO retail_demo_product ({}) SELECT * FROM unnest({})".format(
                ', '.join(keys), ', '.join('%s' for _k in keys)),
            [[row[k] for row in rows] for k in keys])

        now = fields.Datetime.now()
        self.cr.execute("UPDATE retail_demo_product SET tmpl_id = {}, product_id = {}".format(
            self._nextval('product_template'), self._nextval('product_product')))
        self._bulk_insert('product_template', tmpl_proto, {
            'id': 'p.tmpl_id', 'name': 'p.name', 'categ_id': 'p.categ_id',
            'uom_id': 'p.uom_id', 'uom_po_id': 'p.uom_id', 'list_price': 'p.list_price',
            'default_code': 'p.default_code',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, 'retail_demo_product p', {'now': now})
        self._bulk_insert('product_product', prod_proto, {
            'id': 'p.product_id', 'product_tmpl_id': 'p.tmpl_id',
            'default_code': 'p.default_code', 'barcode': 'p.barcode',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, 'retail_demo_product p', {'now': now})
        self._bulk_insert('product_supplierinfo', seller_proto, {
            'id': self._nextval('product_supplierinfo'),
            'product_tmpl_id': 'p.tmpl_id', 'name': 'p.vendor_id',
            'delay': 'p.lead_time', 'price': 'round(p.standard_price * 0.97, 2)',
            'min_qty': '1', 'create_date': '%(now)s', 'write_date': '%(now)s',
        }, 'retail_demo_product p', {'now': now})
        if price_proto:
            price_proto.pop('id')
            self._bulk_insert('ir_property', price_proto, {
                'id': self._nextval('ir_property'),
                'res_id': "'product.product,' || p.product_id",
                'value_float': 'p.standard_price',
                'create_date': '%(now)s', 'write_date': '%(now)s',
            }, 'retail_demo_product p', {'now': now})
        self.cr.execute("SELECT product_id FROM retail_demo_product ORDER BY number")
        return self.env['product.product'].browse([r[0] for r in self.cr.fetchall()])

    def _store_table(self):
        """Temp table of the stocked locations with their demand factor."""
        self.cr.execute("""
            CREATE TEMP TABLE retail_demo_store (
                warehouse_id int, location_id int, out_type_id int,
                demand_factor numeric, is_dc boolean, number int)""")
        factors = {cluster.id: CLUSTERS[i][2] for i, cluster in enumerate(self.clusters)}
        # Random keys use the store's number, not its id, so that a network does
        # not depend on what the database held before.
        rows = [(store.id, store.lot_stock_id.id, store.out_type_id.id,
                 factors[store.retail_cluster_id.id], False, number)
                for number, store in enumerate(self.stores, 1)]
        rows.append((self.dc.id, self.dc.lot_stock_id.id, self.dc.out_type_id.id,
                     0.0, True, 0))
        self.cr.execute(
            "INSERT INTO retail_demo_store SELECT * FROM unnest("
            "%s, %s, %s, %s::numeric[], %s, %s)",
            [list(col) for col in zip(*rows)])

    def _insert_stock_ledger(self):
        """Opening balances, weekly sales history, then quants from the ledger."""
        self._store_table()
        params = {
            'seed': self.seed, 'weeks': self.weeks, 'spike_share': SPIKE_SHARE,
            'spike_factor': SPIKE_FACTOR, 'pattern': WEEK_PATTERN,
            'history_start': fields.Date.to_string(self.history_start),
        }
        # Sales per store x SKU x week: demand x cluster factor x week pattern,
        # noise, a few spikes; rounding with a random offset keeps slow movers
        # selling now and then.
        self.cr.execute("""
            CREATE TEMP TABLE retail_demo_sale AS
            SELECT s.warehouse_id, s.location_id, p.product_id, w.week,
                   floor(p.weekly_demand * s.demand_factor
                         * (%(pattern)s::numeric[])[w.week %% 4 + 1]
                         * (0.5 + {noise})
                         * CASE WHEN {spike} < %(spike_share)s
                                THEN %(spike_factor)s ELSE 1 END
                         + {offset}) AS qty,
                   (%(history_start)s::date + w.week * 7
                     + floor({day} * 7)::int + interval '14 hours') AS date
              FROM retail_demo_store s
              CROSS JOIN retail_demo_product p
              CROSS JOIN generate_series(0, %(weeks)s - 1) AS w(week)
             WHERE NOT s.is_dc""".format(
            noise=rnd_sql("'n'", 's.number', 'p.number', 'w.week'),
            spike=rnd_sql("'s'", 's.number', 'p.number', 'w.week'),
            offset=rnd_sql("'o'", 's.number', 'p.number', 'w.week'),
            day=rnd_sql("'d'", 's.number', 'p.number', 'w.week')), params)
        self.cr.execute("DELETE FROM retail_demo_sale WHERE qty <= 0")
        # Closing stock: about two weeks of demand, with some stockouts; the DC
        # holds about four weeks of the whole network's demand.
        self.cr.execute("""
            CREATE TEMP TABLE retail_demo_opening AS
            SELECT s.warehouse_id, s.location_id, p.product_id,
                   CASE WHEN s.is_dc THEN
                        ceil(p.weekly_demand * %(network_factor)s * 4 * (0.5 + {rnd}))
                   WHEN {rnd} < 0.05 THEN 0
                   ELSE round(p.weekly_demand * s.demand_factor * 3 * {rnd})
                   END + coalesce(sold.qty, 0) AS qty
              FROM retail_demo_store s
              CROSS JOIN retail_demo_product p
              LEFT JOIN (SELECT location_id, product_id, sum(qty) AS qty
                           FROM retail_demo_sale GROUP BY 1, 2) sold
                     ON sold.location_id = s.location_id
                    AND sold.product_id = p.product_id""".format(
            rnd=rnd_sql("'c'", 's.number', 'p.number')),
            dict(params, network_factor=sum(
                CLUSTERS[i][2] * CLUSTERS[i][3] for i in range(len(CLUSTERS)))
                * self.store_count))
        self.cr.execute("DELETE FROM retail_demo_opening WHERE qty <= 0")

        protos = self._ledger_prototypes()
        with self._foreign_keys_set_aside():
            self._step(lambda: self._insert_opening(protos), 'insert_opening')
            self._step(lambda: self._insert_sales(protos), 'insert_sales')
            self._step(lambda: self._insert_quants(protos), 'insert_quants')
        self.cr.execute("ANALYZE stock_move; ANALYZE stock_move_line; ANALYZE stock_quant")

    @contextlib.contextmanager
    def _foreign_keys_set_aside(self):
        """In bulk mode, the ledger tables' foreign keys are dropped for the block
        and added back after it with their names and definitions: PostgreSQL then
        validates every row against each key (one join per key), so data that
        breaks one fails the load as a per-row check would have. The triggers of
        the tables (the stock balances' fast path) are disabled for the block and
        their tables rebuilt from the loaded ledger after it."""
        if not self.bulk:
            yield
            return
        tables = list(self.LEDGER_TABLES)
        self.cr.execute("""
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
              FROM pg_constraint c
             WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
             ORDER BY 1, 2""", (tables,))
        keys = self.cr.fetchall()
        self.cr.execute("""
            SELECT tgrelid::regclass::text, tgname FROM pg_trigger
             WHERE NOT tgisinternal AND tgenabled <> 'D' AND tgrelid = ANY(%s::regclass[])
             ORDER BY 1, 2""", (tables,))
        triggers = self.cr.fetchall()
        for table, name, _definition in keys:
            self.cr.execute('ALTER TABLE {} DROP CONSTRAINT "{}"'.format(table, name))
        for table, name in triggers:
            self.cr.execute('ALTER TABLE {} DISABLE TRIGGER "{}"'.format(table, name))
        yield
        start = time.time()
        # Enough memory for each check to be one hashed anti-join.
        self.cr.execute("SET LOCAL work_mem = '256MB'")
        for table, name, definition in keys:
            self.cr.execute('ALTER TABLE {} ADD CONSTRAINT "{}" {}'.format(
                table, name, definition))
        self.timings.append(('foreign_keys_checked', time.time() - start))
        _logger.info("retail network: %d foreign keys added back and checked in %.1fs",
                     len(keys), time.time() - start)
        for table, name in triggers:
            self.cr.execute('ALTER TABLE {} ENABLE TRIGGER "{}"'.format(table, name))
        if triggers and 'retail.stock.balance.fast' in self.env:
            start = time.time()
            self.env['retail.stock.balance.fast']._rebuild()
            self.timings.append(('balance_fast_path_rebuilt', time.time() - start))

    def _ledger_prototypes(self):
        """A done inventory, move, move line and picking made by the ORM, read back
        and rolled back: the column values every bulk ledger row starts from."""
        product = self.products[0]
        store = self.stores[0]
        protos = {}
        self.cr.execute('SAVEPOINT retail_demo_proto')
        inventory = self.env['stock.inventory'].create({
            'name': 'Prototype', 'filter': 'product', 'product_id': product.id,
            'location_id': store.lot_stock_id.id,
        })
        inventory.action_start()
        inventory.line_ids.unlink()
        self.env['stock.inventory.line'].create({
            'inventory_id': inventory.id, 'product_id': product.id,
            'location_id': store.lot_stock_id.id, 'product_qty': 2,
            # Adjustments need a reason code, also after module loading.
            'retail_reason_id': self.env.ref('retail_governance.reason_count_correction').id,
        })
        inventory.action_done()
        in_move = inventory.move_ids
        picking = self.env['stock.picking'].create({
            'picking_type_id': store.out_type_id.id,
            'location_id': store.lot_stock_id.id,
            'location_dest_id': self.env.ref('stock.stock_location_customers').id,
            'move_lines': [(0, 0, {
                'name': product.name, 'product_id': product.id, 'product_uom_qty': 1,
                'product_uom': product.uom_id.id,
                'location_id': store.lot_stock_id.id,
                'location_dest_id': self.env.ref('stock.stock_location_customers').id,
            })],
        })
        picking.action_confirm()
        picking.action_assign()
        picking.move_lines.move_line_ids.write({'qty_done': 1})
        picking.action_done()
        protos['inventory'] = self._prototype('stock_inventory', inventory.id)
        protos['inventory_line'] = self._prototype(
            'stock_inventory_line', inventory.line_ids.id)
        protos['in_move'] = self._prototype('stock_move', in_move.id)
        protos['in_line'] = self._prototype('stock_move_line', in_move.move_line_ids.id)
        protos['picking'] = self._prototype('stock_picking', picking.id)
        protos['out_move'] = self._prototype('stock_move', picking.move_lines.id)
        protos['out_line'] = self._prototype(
            'stock_move_line', picking.move_lines.move_line_ids.id)
        quant = self.env['stock.quant'].search([
            ('product_id', '=', product.id), ('location_id', '=', store.lot_stock_id.id)])
        protos['quant'] = self._prototype('stock_quant', quant.id)
        self.cr.execute('ROLLBACK TO SAVEPOINT retail_demo_proto')
        self.env["product.product"].invalidate_cache()
        return protos

    def _insert_opening(self, protos):
        now = fields.Datetime.now()
        opening = fields.Date.to_string(self.opening_date) + ' 06:00:00'
        params = {'now': now, 'opening': opening}
        self.cr.execute("""
            ALTER TABLE retail_demo_store ADD COLUMN inventory_id int;
            UPDATE retail_demo_store SET inventory_id = {};
            ALTER TABLE retail_demo_opening ADD COLUMN inventory_id int,
                                            ADD COLUMN move_id int;
            UPDATE retail_demo_opening o SET inventory_id = s.inventory_id, move_id = {}
              FROM retail_demo_store s WHERE s.location_id = o.location_id""".format(
            self._nextval('stock_inventory'), self._nextval('stock_move')))
        self._bulk_insert('stock_inventory', protos['inventory'], {
            'id': 's.inventory_id',
            'name': "'Opening balance ' || w.name", 'location_id': 's.location_id',
            'date': '%(opening)s', 'filter': "'none'", 'product_id': 'NULL',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, 'retail_demo_store s JOIN stock_warehouse w ON w.id = s.warehouse_id', params)
        source = ('retail_demo_opening o JOIN retail_demo_product p'
                  ' ON p.product_id = o.product_id')
        self._bulk_insert('stock_inventory_line', protos['inventory_line'], {
            'id': self._nextval('stock_inventory_line'),
            'inventory_id': 'o.inventory_id', 'product_id': 'o.product_id',
            'location_id': 'o.location_id', 'product_qty': 'o.qty',
            'theoretical_qty': '0', 'product_uom_id': 'p.uom_id',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, source, params)
        self._bulk_insert('stock_move', protos['in_move'], {
            'id': 'o.move_id', 'name': "'Opening balance'", 'reference': "'Opening balance'",
            'inventory_id': 'o.inventory_id', 'product_id': 'o.product_id',
            'product_uom': 'p.uom_id', 'product_uom_qty': 'o.qty',
            'product_qty': 'o.qty', 'quantity_done': 'o.qty',
            'location_dest_id': 'o.location_id', 'warehouse_id': 'NULL',
            'retail_picking_warehouse_id': 'NULL', 'retail_from_warehouse_id': 'NULL',
            'retail_to_warehouse_id':
                '(SELECT retail_warehouse_id FROM stock_location WHERE id = o.location_id)',
            'date': '%(opening)s', 'date_expected': '%(opening)s',
            'price_unit': 'p.standard_price', 'value': 'o.qty * p.standard_price',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, source, params)
        self._insert_move_lines(protos['in_line'], 'retail_demo_opening', now)

    def _insert_sales(self, protos):
        now = fields.Datetime.now()
        params = {'now': now}
        self.cr.execute("""
            CREATE TEMP TABLE retail_demo_week AS
            SELECT s.warehouse_id, s.location_id, s.week, max(s.date) AS date,
                   {} AS picking_id
              FROM retail_demo_sale s GROUP BY 1, 2, 3;
            ALTER TABLE retail_demo_sale ADD COLUMN move_id int;
            UPDATE retail_demo_sale SET move_id = {}""".format(
            self._nextval('stock_picking'), self._nextval('stock_move')))
        self._bulk_insert('stock_picking', protos['picking'], {
            'id': 'k.picking_id',
            'name': "w.code || '/SALES/W' || lpad((k.week + 1)::text, 2, '0')",
            'origin': "'Store sales'", 'location_id': 'k.location_id',
            'picking_type_id': 'w.out_type_id', 'retail_warehouse_id': 'w.id', 'date': 'k.date',
            'date_done': 'k.date', 'scheduled_date': 'k.date',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, 'retail_demo_week k JOIN stock_warehouse w ON w.id = k.warehouse_id', params)
        self._bulk_insert('stock_move', protos['out_move'], {
            'id': 's.move_id', 'name': 'p.name', 'reference': 'pk.name', 'origin': "'Store sales'",
            'picking_id': 'k.picking_id', 'picking_type_id': 'pk.picking_type_id',
            'warehouse_id': 'k.warehouse_id', 'retail_picking_warehouse_id': 'k.warehouse_id',
            'retail_from_warehouse_id':
                '(SELECT retail_warehouse_id FROM stock_location WHERE id = s.location_id)',
            'retail_to_warehouse_id': 'NULL',
            'product_id': 's.product_id', 'product_uom': 'p.uom_id',
            'product_uom_qty': 's.qty', 'product_qty': 's.qty',
            'quantity_done': 's.qty', 'location_id': 's.location_id',
            'date': 's.date', 'date_expected': 's.date',
            'price_unit': '-p.standard_price', 'value': '-s.qty * p.standard_price',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, """retail_demo_sale s
              JOIN retail_demo_product p ON p.product_id = s.product_id
              JOIN retail_demo_week k ON k.location_id = s.location_id AND k.week = s.week
              JOIN stock_picking pk ON pk.id = k.picking_id""", params)
        self._insert_move_lines(protos['out_line'], 'retail_demo_sale', now)

    def _insert_move_lines(self, proto, move_table, now):
        """One done move line per move whose id ``move_table`` holds."""
        self._bulk_insert('stock_move_line', proto, {
            'id': self._nextval('stock_move_line'), 'move_id': 'm.id', 'picking_id': 'm.picking_id',
            'retail_picking_warehouse_id': 'm.retail_picking_warehouse_id',
            'retail_from_warehouse_id': 'm.retail_from_warehouse_id',
            'retail_to_warehouse_id': 'm.retail_to_warehouse_id',
            'product_id': 'm.product_id', 'product_uom_id': 'm.product_uom',
            'qty_done': 'm.product_uom_qty', 'product_uom_qty': '0', 'product_qty': '0',
            'location_id': 'm.location_id', 'location_dest_id': 'm.location_dest_id',
            'date': 'm.date', 'reference': 'm.reference',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, 'stock_move m JOIN {} t ON t.move_id = m.id'.format(move_table),
            {'now': now})

    def _insert_quants(self, protos):
        """Quants are the balance of the done move lines inserted here, in every
        location, as Odoo keeps them (negative in the inventory-loss location,
        positive at customers). The products are new, so no quant exists yet."""
        now = fields.Datetime.now()
        self._bulk_insert('stock_quant', protos['quant'], {
            'id': self._nextval('stock_quant'), 'product_id': 'b.product_id',
            'location_id': 'b.location_id', 'company_id': 'l.company_id',
            'quantity': 'b.qty', 'reserved_quantity': '0', 'in_date': '%(opening)s',
            'create_date': '%(now)s', 'write_date': '%(now)s',
        }, """(SELECT product_id, location_id, sum(qty) AS qty FROM (
                  SELECT ml.product_id, ml.location_dest_id AS location_id, ml.qty_done AS qty
                    FROM stock_move_line ml
                   WHERE ml.move_id IN (SELECT move_id FROM retail_demo_opening
                                        UNION ALL SELECT move_id FROM retail_demo_sale)
                  UNION ALL
                  SELECT ml.product_id, ml.location_id, -ml.qty_done
                    FROM stock_move_line ml
                   WHERE ml.move_id IN (SELECT move_id FROM retail_demo_opening
                                        UNION ALL SELECT move_id FROM retail_demo_sale)
                  ) lines GROUP BY product_id, location_id) b
              JOIN stock_location l ON l.id = b.location_id
             WHERE b.qty <> 0""", {
            'now': now,
            'opening': fields.Date.to_string(self.opening_date) + ' 06:00:00'})

    def _post_opening_valuation(self):
        """One posted journal entry per family for the value of the stock the
        ledger leaves on hand (at standard cost): the bulk history posted no
        entries, so without it the stock valuation accounts would read zero."""
        self.cr.execute("""
            SELECT pt.categ_id, sum(q.quantity * p.standard_price)
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
              JOIN retail_demo_product p ON p.product_id = q.product_id
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE q.owner_id IS NULL
             GROUP BY pt.categ_id""")
        values = dict(self.cr.fetchall())
        moves = self.env['account.move']
        for family in self.families:
            accounts = family.property_stock_valuation_account_id, \
                family.property_stock_account_input_categ_id
            value = round(values.get(family.id, 0.0), 2)
            if not value or not all(accounts) or not family.property_stock_journal:
                continue
            moves |= self.env['account.move'].create({
                'journal_id': family.property_stock_journal.id,
                'date': fields.Date.to_string(self.today),
                'ref': 'Opening stock value: %s' % family.name,
                'line_ids': [
                    (0, 0, {'name': 'Opening stock value', 'account_id': accounts[0].id,
                            'debit': value, 'credit': 0.0}),
                    (0, 0, {'name': 'Opening stock value', 'account_id': accounts[1].id,
                            'debit': 0.0, 'credit': value}),
                ],
            })
        moves.post()
        return moves

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Opening balances posted set-based.

An opening balance puts stock where there is none: each row becomes one
inventory line, one done move from the inventory-loss location, one move line
and one quant, as Odoo's own validation makes them (the same columns, the same
valuation: ``value``, ``remaining_qty`` and ``remaining_value`` at the file's
cost), but written by a few statements per site instead of the ORM's hundred
queries per row. Journal entries are one per site and family (the
valuation account against the inventory-loss location's or the family's
stock input account) instead of one per move; the reconciliation reads both.

The adjustment still goes through the adjustment rules (approval beyond
tolerance) and the governance checks of its validation: only the generation of
the moves (``action_check`` within ``action_done``) is replaced, and only for
adjustments of an opening balance whose products have no stock at the site yet.
"""
from odoo import _, api, fields, models

BULK_KEY = 'retail_opening_balance_bulk'
BULK_TOKEN = object()


class StockInventory(models.Model):
    _inherit = 'stock.inventory'

    @api.multi
    def action_done(self):
        opening = self.env['retail.opening.balance'].sudo().search_count([
            ('inventory_ids', 'in', self.ids)])
        if opening and self.env.context.get(BULK_KEY) is not BULK_TOKEN:
            return super(StockInventory, self.with_context(**{
                BULK_KEY: BULK_TOKEN})).action_done()
        return super(StockInventory, self).action_done()

    @api.multi
    def action_check(self):
        """Within the validation of opening balances: their moves set-based."""
        if self.env.context.get(BULK_KEY) is not BULK_TOKEN:
            return super(StockInventory, self).action_check()
        Poster = self.env['retail.opening.balance.poster']
        todo = self.filtered(lambda inv: inv.state not in ('done', 'cancel'))
        bulk = todo.filtered(lambda inv: Poster._can_post(inv))
        for inventory in bulk:
            Poster._post(inventory)
        rest = self - bulk
        if rest:
            super(StockInventory, rest.with_context(**{BULK_KEY: False})).action_check()
        return True

    @api.multi
    @api.depends('state', 'line_ids')
    def _compute_inventory_accuracy(self):
        """stock_cycle_count's, in one query within the validation of
        opening balances (it reads every line)."""
        if self.env.context.get(BULK_KEY) is not BULK_TOKEN:
            return super(StockInventory, self)._compute_inventory_accuracy()
        self.env.cr.execute("""
            SELECT inventory_id, sum(abs(theoretical_qty)),
                   sum(abs(product_qty - theoretical_qty)), count(*)
              FROM stock_inventory_line WHERE inventory_id = ANY(%s) GROUP BY 1
        """, (self.ids,))
        sums = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for inventory in self:
            theoretical, discrepancy, lines = sums.get(inventory.id, (0, 0, 0))
            if theoretical:
                inventory.inventory_accuracy = max(
                    100.0 * float(theoretical - discrepancy) / float(theoretical), 0.0)
            if not lines and inventory.state == 'done':
                inventory.inventory_accuracy = 100.0

    @api.multi
    def post_inventory(self):
        """Within the validation of opening balances: nothing left to post
        when the moves were posted set-based (Odoo's reads every move)."""
        if self.env.context.get(BULK_KEY) is BULK_TOKEN:
            self.env.cr.execute("""
                SELECT 1 FROM stock_move WHERE inventory_id = ANY(%s) AND state != 'done'
                 LIMIT 1""", (self.ids,))
            if not self.env.cr.fetchone():
                return True
        return super(StockInventory, self).post_inventory()


class RetailOpeningBalancePoster(models.AbstractModel):
    _name = 'retail.opening.balance.poster'
    _description = 'Opening Balances Posted Set-Based'

    @api.model
    def _insert_lines(self, inventory, balance_lines, reason):
        """The inventory lines of ``balance_lines`` (their lots created when
        missing), in a few statements; their theoretical quantity is the
        stock already there, as Odoo computes it."""
        cr = self.env.cr
        ids = balance_lines.ids
        cr.execute("""
            INSERT INTO stock_production_lot (name, product_id, product_uom_id,
                                              create_uid, create_date, write_uid, write_date)
            SELECT DISTINCT l.lot_name, l.product_id, pt.uom_id,
                   %(uid)s, %(now)s::timestamp, %(uid)s, %(now)s::timestamp
              FROM retail_opening_balance_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE l.id = ANY(%(ids)s) AND l.lot_name IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM stock_production_lot lot
                                WHERE lot.name = l.lot_name AND lot.product_id = l.product_id)
        """, {'ids': ids, 'uid': self.env.uid, 'now': fields.Datetime.now()})
        cr.execute("""
            INSERT INTO stock_inventory_line (
                inventory_id, product_id, product_uom_id, product_qty, theoretical_qty,
                location_id, prod_lot_id, company_id, retail_reason_id,
                product_name, product_code, location_name, prodlot_name,
                create_uid, create_date, write_uid, write_date)
            SELECT %(inventory)s, l.product_id, pt.uom_id, l.quantity,
                   coalesce((SELECT sum(q.quantity)
                               FROM stock_quant q
                               JOIN stock_location ql ON ql.id = q.location_id
                              WHERE q.product_id = l.product_id
                                AND q.company_id = %(company)s
                                AND ql.parent_left >= loc.parent_left
                                AND ql.parent_left < loc.parent_right
                                AND q.lot_id IS NOT DISTINCT FROM lot.id
                                AND q.package_id IS NULL AND q.owner_id IS NULL), 0),
                   loc.id, lot.id, %(company)s, %(reason)s,
                   pt.name, pp.default_code, loc.complete_name, lot.name,
                   %(uid)s, %(now)s::timestamp, %(uid)s, %(now)s::timestamp
              FROM retail_opening_balance_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN stock_location loc ON loc.id = %(location)s
              LEFT JOIN stock_production_lot lot
                     ON lot.name = l.lot_name AND lot.product_id = l.product_id
             WHERE l.id = ANY(%(ids)s)
             ORDER BY l.file_row
        """, {'ids': ids, 'inventory': inventory.id, 'company': inventory.company_id.id,
              'reason': reason.id, 'location': inventory.location_id.id,
              'uid': self.env.uid, 'now': fields.Datetime.now()})
        inventory.invalidate_cache(['line_ids'])
        self.env['stock.inventory.line'].invalidate_cache()

    @api.model
    def _can_post(self, inventory):
        """Set-based only where the ORM would do exactly this: every line adds
        stock of an approved product at the adjustment's own location, with
        neither stock there (or under it) yet nor package or owner."""
        self.env.cr.execute("""
            SELECT count(*) FILTER (WHERE l.location_id != i.location_id
                                       OR l.package_id IS NOT NULL
                                       OR l.partner_id IS NOT NULL
                                       OR l.product_qty <= 0
                                       OR pt.retail_approval_state != 'approved'
                                       OR EXISTS (
                                           SELECT 1 FROM stock_quant q
                                             JOIN stock_location ql ON ql.id = q.location_id
                                            WHERE q.product_id = l.product_id
                                              AND ql.parent_left >= loc.parent_left
                                              AND ql.parent_left < loc.parent_right)),
                   count(*)
              FROM stock_inventory_line l
              JOIN stock_inventory i ON i.id = l.inventory_id
              JOIN stock_location loc ON loc.id = i.location_id
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE l.inventory_id = %s
        """, (inventory.id,))
        blocking, lines = self.env.cr.fetchone()
        location = inventory.location_id
        return (lines and not blocking and location.usage == 'internal'
                and not location._retail_unapproved_ids(location.ids))

    @api.model
    def _post(self, inventory):
        """Moves, move lines, quants and journal entries of ``inventory``'s
        lines, all done, set-based."""
        cr = self.env.cr
        now = fields.Datetime.now()
        params = {'inventory': inventory.id, 'uid': self.env.uid, 'now': now,
                  'name': _('INV:') + (inventory.name or ''),
                  'company': inventory.company_id.id}
        self._prepare_products(inventory)
        cr.execute("""
            CREATE TEMP TABLE retail_ob_move ON COMMIT DROP AS
            SELECT nextval('stock_move_id_seq') AS move_id, l.id AS line_id,
                   l.product_id, l.product_uom_id, l.product_qty AS qty, l.location_id,
                   l.prod_lot_id AS lot_id, p.loss_location_id, p.cost,
                   l.product_qty * p.cost AS value
              FROM stock_inventory_line l
              JOIN retail_ob_product p ON p.product_id = l.product_id
                                      AND p.company_id = %(company)s
             WHERE l.inventory_id = %(inventory)s
        """, params)
        cr.execute("""
            INSERT INTO stock_move (
                id, name, reference, state, date, date_expected, company_id, product_id,
                product_uom, product_uom_qty, product_qty, ordered_qty, location_id,
                location_dest_id, inventory_id, procure_method, priority, sequence,
                scrapped, propagate, additional, to_refund, price_unit, value,
                remaining_qty, remaining_value, retail_from_warehouse_id,
                retail_to_warehouse_id, create_uid, create_date, write_uid, write_date)
            SELECT m.move_id, %(name)s, %(name)s, 'done', %(now)s::timestamp,
                   %(now)s::timestamp, %(company)s, m.product_id, m.product_uom_id,
                   m.qty, m.qty, m.qty, m.loss_location_id, m.location_id, %(inventory)s,
                   'make_to_stock', '1', 10,
                   false, true, false, false, m.cost, m.value, m.qty, m.value,
                   src.retail_warehouse_id, dest.retail_warehouse_id,
                   %(uid)s, %(now)s::timestamp, %(uid)s, %(now)s::timestamp
              FROM retail_ob_move m
              JOIN stock_location src ON src.id = m.loss_location_id
              JOIN stock_location dest ON dest.id = m.location_id
             ORDER BY m.line_id
        """, params)
        cr.execute("""
            INSERT INTO stock_move_line (
                move_id, product_id, product_uom_id, product_qty, product_uom_qty,
                ordered_qty, qty_done, lot_id, location_id, location_dest_id, date,
                reference, state, retail_from_warehouse_id, retail_to_warehouse_id,
                create_uid, create_date, write_uid, write_date)
            SELECT m.move_id, m.product_id, m.product_uom_id, 0, 0, 0, m.qty, m.lot_id,
                   m.loss_location_id, m.location_id, %(now)s::timestamp, %(name)s, 'done',
                   src.retail_warehouse_id, dest.retail_warehouse_id,
                   %(uid)s, %(now)s::timestamp, %(uid)s, %(now)s::timestamp
              FROM retail_ob_move m
              JOIN stock_location src ON src.id = m.loss_location_id
              JOIN stock_location dest ON dest.id = m.location_id
             ORDER BY m.move_id
        """, params)
        self._update_quants(params)
        self._post_entries(inventory, params)
        cr.execute("DROP TABLE retail_ob_move")
        self.env['stock.move'].invalidate_cache()
        self.env['stock.move.line'].invalidate_cache()
        self.env['stock.quant'].invalidate_cache()
        inventory.invalidate_cache(['move_ids'])

    @api.model
    def _reset(self):
        """Forgets the products prepared in this transaction (their costs change
        when an opening balance is posted)."""
        self.env.cr.execute("DROP TABLE IF EXISTS retail_ob_product")

    @api.model
    def _prepare_products(self, inventory):
        """retail_ob_product: per product of the lines, its inventory-loss
        location, its cost, and for real-time valuation the journal and the
        accounts of its entries (as stock_account finds them). Kept for the
        transaction: the sites of a file share their products, prepared once."""
        cr = self.env.cr
        company = inventory.company_id
        cr.execute("""
            CREATE TEMP TABLE IF NOT EXISTS retail_ob_product (
                company_id int, product_id int, loss_location_id int, cost numeric,
                categ_id int, journal_id int, credit_account_id int,
                valuation_account_id int
            ) ON COMMIT DROP""")
        cr.execute("""
            SELECT DISTINCT l.product_id FROM stock_inventory_line l
             WHERE l.inventory_id = %s
               AND NOT EXISTS (SELECT 1 FROM retail_ob_product p
                                WHERE p.product_id = l.product_id AND p.company_id = %s)
        """, (inventory.id, company.id))
        products = self.env['product.product'].sudo().with_context(
            force_company=company.id).browse([row[0] for row in cr.fetchall()])
        rows = []
        accounts_by_key = {}
        for product in products:
            template = product.product_tmpl_id
            loss = product.property_stock_inventory
            accounts = (None, None, None)
            if self._valued_in_real_time(template):
                key = (template.categ_id.id, template.property_stock_account_input.id,
                       loss.valuation_out_account_id.id)
                if key not in accounts_by_key:
                    data = template.get_product_accounts()
                    accounts_by_key[key] = (
                        data['stock_journal'].id,
                        loss.valuation_out_account_id.id or data['stock_input'].id,
                        data['stock_valuation'].id)
                accounts = accounts_by_key[key]
            rows.append((company.id, product.id, loss.id, product.standard_price,
                         template.categ_id.id) + accounts)
        if rows:
            cr.execute("""
                INSERT INTO retail_ob_product
                SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::numeric[],
                                     %s::int[], %s::int[], %s::int[], %s::int[])
            """, [list(column) for column in zip(*rows)])

    @api.model
    def _valued_in_real_time(self, template):
        """As stock_account values ``template`` (in the context's company);
        read from the properties: its computed ``valuation`` is one record at
        a time."""
        valuation = template.property_valuation or template.categ_id.property_valuation
        return template.type == 'product' and valuation == 'real_time'

    @api.model
    def _update_quants(self, params):
        """Stock at the site, and its negative in the inventory-loss location
        (one quant per product and lot in each, as Odoo keeps them)."""
        cr = self.env.cr
        cr.execute("""
            INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
                                     reserved_quantity, in_date, create_uid, create_date,
                                     write_uid, write_date)
            SELECT m.product_id, loc.company_id, m.location_id, m.lot_id, sum(m.qty), 0,
                   %(now)s::timestamp, %(uid)s, %(now)s::timestamp, %(uid)s, %(now)s::timestamp
              FROM retail_ob_move m JOIN stock_location loc ON loc.id = m.location_id
             GROUP BY m.product_id, loc.company_id, m.location_id, m.lot_id
        """, params)
        cr.execute("""
            CREATE TEMP TABLE retail_ob_loss ON COMMIT DROP AS
            SELECT m.product_id, m.loss_location_id AS location_id, m.lot_id,
                   sum(m.qty) AS qty,
                   (SELECT min(q.id) FROM stock_quant q
                     WHERE q.product_id = m.product_id AND q.location_id = m.loss_location_id
                       AND q.lot_id IS NOT DISTINCT FROM m.lot_id
                       AND q.package_id IS NULL AND q.owner_id IS NULL) AS quant_id
              FROM retail_ob_move m GROUP BY 1, 2, 3
        """)
        cr.execute("""
            UPDATE stock_quant q SET quantity = q.quantity - l.qty,
                                     write_uid = %(uid)s, write_date = %(now)s::timestamp
              FROM retail_ob_loss l WHERE q.id = l.quant_id
        """, params)
        cr.execute("""
            INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
                                     reserved_quantity, in_date, create_uid, create_date,
                                     write_uid, write_date)
            SELECT l.product_id, loc.company_id, l.location_id, l.lot_id, -l.qty, 0,
                   %(now)s::timestamp, %(uid)s, %(now)s::timestamp, %(uid)s, %(now)s::timestamp
              FROM retail_ob_loss l JOIN stock_location loc ON loc.id = l.location_id
             WHERE l.quant_id IS NULL;
            DROP TABLE retail_ob_loss
        """, params)

    @api.model
    def _post_entries(self, inventory, params):
        """One posted journal entry per family of the site (real-time valuation),
        each move's value rounded to the currency as stock_account rounds it."""
        currency = inventory.company_id.currency_id
        self.env.cr.execute("""
            SELECT p.categ_id, p.journal_id, p.credit_account_id, p.valuation_account_id,
                   sum(round(m.value, %s)), sum(m.qty)
              FROM retail_ob_move m
              JOIN retail_ob_product p ON p.product_id = m.product_id
                                      AND p.company_id = %s
             WHERE p.journal_id IS NOT NULL
             GROUP BY 1, 2, 3, 4
        """, (currency.decimal_places, inventory.company_id.id))
        parts = self.env.cr.fetchall()
        Entry = self.env['retail.opening.balance.entry']
        balance = self.env['retail.opening.balance'].search([
            ('inventory_ids', 'in', inventory.ids)], limit=1)
        warehouse = inventory.location_id.get_warehouse()
        date = fields.Date.context_today(self)
        for categ_id, journal_id, credit_id, valuation_id, value, qty in parts:
            value = float(value)
            if currency.is_zero(value):
                continue
            family = self.env['product.category'].browse(categ_id)
            label = _('Opening balance %s: %s') % (warehouse.code, family.display_name)
            move = self.env['account.move'].sudo().create({
                'journal_id': journal_id, 'date': date, 'ref': params['name'],
                'line_ids': [
                    (0, 0, {'name': label, 'account_id': valuation_id,
                            'debit': value, 'credit': 0.0, 'quantity': qty}),
                    (0, 0, {'name': label, 'account_id': credit_id,
                            'debit': 0.0, 'credit': value, 'quantity': qty}),
                ]})
            move.post()
            Entry.sudo().create({
                'import_id': balance.id, 'warehouse_id': warehouse.id,
                'categ_id': categ_id, 'account_move_id': move.id})


class RetailOpeningBalanceEntry(models.Model):
    """The journal entry of one site and family of an opening balance."""
    _name = 'retail.opening.balance.entry'
    _description = 'Opening Balance Journal Entry'

    import_id = fields.Many2one('retail.opening.balance', required=True, ondelete='cascade',
                                index=True)
    warehouse_id = fields.Many2one('stock.warehouse', string='Site', required=True)
    categ_id = fields.Many2one('product.category', string='Family', required=True)
    account_move_id = fields.Many2one('account.move', string='Journal Entry', required=True,
                                      ondelete='restrict')

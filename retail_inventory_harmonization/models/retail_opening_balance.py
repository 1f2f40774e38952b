# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Go-live: each site's opening stock loaded from a file, checked whole before
anything is written, posted as inventory adjustments under the adjustment
rules, and reconciled with the file and with the valuation."""
import base64
import csv
import hashlib
import io
import math

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_round

COLUMNS = ('site', 'product', 'lot', 'quantity', 'unit', 'unit_cost')
REQUIRED_COLUMNS = ('site', 'product', 'quantity', 'unit_cost')
# Beyond this, a quantity or cost is a typo (and Odoo's unit conversion
# overflows on values near 1e308).
MAX_NUMBER = 1e12
STATES = [('draft', 'Draft'), ('error', 'Errors'), ('checked', 'Checked'),
          ('posted', 'Posted')]


def read_rows(content, file_name):
    """[(row number, {column: text})] of a CSV (comma or semicolon) or XLSX file;
    the first row names the columns."""
    if (file_name or '').lower().endswith(('.xlsx', '.xls')):
        import xlrd
        sheet = xlrd.open_workbook(file_contents=content).sheet_by_index(0)
        table = [[_cell_text(cell) for cell in sheet.row(index)] for index in range(sheet.nrows)]
    else:
        text = content.decode('utf-8-sig')
        dialect = csv.Sniffer().sniff(text.split('\n', 1)[0], delimiters=',;\t')
        table = list(csv.reader(io.StringIO(text), dialect))
    if not table:
        return [], []
    header = [name.strip().lower() for name in table[0]]
    rows = [(number, dict(zip(header, [value.strip() for value in row])))
            for number, row in enumerate(table[1:], start=2) if any(v.strip() for v in row)]
    return header, rows


def _cell_text(cell):
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_number(text):
    """A finite float within MAX_NUMBER from ``text`` (a decimal comma
    accepted), else None."""
    try:
        value = float((text or '').replace(',', '.'))
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= MAX_NUMBER else None


class RetailOpeningBalance(models.Model):
    _name = 'retail.opening.balance'
    _description = 'Opening Balances'
    _inherit = ['mail.thread']
    _order = 'id desc'

    name = fields.Char(required=True, default=lambda self: _('Opening balances'),
                       track_visibility='onchange')
    company_id = fields.Many2one('res.company', required=True, readonly=True,
                                 default=lambda self: self.env.user.company_id)
    state = fields.Selection(STATES, default='draft', required=True, readonly=True,
                             track_visibility='onchange')
    file = fields.Binary(string='File', attachment=True,
                         help="CSV (comma or semicolon) or XLSX, first row: site, product, "
                              "lot, quantity, unit, unit_cost. Site: the warehouse's short "
                              "name; product: internal reference or barcode; unit: the "
                              "unit's name (empty: the product's).")
    file_name = fields.Char()
    file_hash = fields.Char(readonly=True, index=True, copy=False)
    error_ids = fields.One2many('retail.opening.balance.error', 'import_id', readonly=True)
    line_ids = fields.One2many('retail.opening.balance.line', 'import_id', readonly=True)
    reconciliation_ids = fields.One2many('retail.opening.balance.reconciliation',
                                         'import_id', readonly=True)
    inventory_ids = fields.Many2many('stock.inventory', string='Adjustments', readonly=True,
                                     copy=False)
    entry_ids = fields.One2many('retail.opening.balance.entry', 'import_id',
                                string='Journal Entries', readonly=True)
    error_count = fields.Integer(compute='_compute_counts')
    row_count = fields.Integer(compute='_compute_counts')

    @api.depends('error_ids', 'line_ids')
    def _compute_counts(self):
        for record in self:
            record.error_count = len(record.error_ids)
            record.row_count = len(record.line_ids)

    @api.model
    def create(self, vals):
        self._check_is_admin()
        return super(RetailOpeningBalance, self).create(vals)

    @api.multi
    def write(self, vals):
        if 'file' in vals and self.filtered(lambda r: r.state == 'posted'):
            raise UserError(_("These opening balances are posted: load another file "
                              "in a new import."))
        if 'file' in vals:
            self.mapped('error_ids').unlink()
            self.mapped('line_ids').unlink()
            vals = dict(vals, state='draft')
        return super(RetailOpeningBalance, self).write(vals)

    @api.model
    def _check_is_admin(self):
        if not self.env.user.has_group('retail_governance.group_retail_admin'):
            raise AccessError(_("Opening balances are loaded by a retail administrator."))

    # ------------------------------------------------------------------
    # Check: every row, every error at once, nothing written to the stock
    # ------------------------------------------------------------------
    @api.multi
    def action_check(self):
        self.ensure_one()
        self._check_is_admin()
        if self.state == 'posted':
            raise UserError(_("These opening balances are already posted."))
        if not self.file:
            raise UserError(_("Choose the file to load first."))
        content = base64.b64decode(self.file)
        try:
            header, rows = read_rows(content, self.file_name)
        except Exception as error:  # csv/xlrd raise many kinds for a bad file
            raise UserError(_("The file cannot be read as CSV or XLSX: %s") % error)
        errors, lines = self._validate_rows(header, rows)
        self.error_ids.unlink()
        self.line_ids.unlink()
        Error = self.env['retail.opening.balance.error']
        for row, message in errors:
            Error.create({'import_id': self.id, 'file_row': row, 'message': message})
        if not errors:
            self._insert_lines(lines)
        self.write({'state': 'error' if errors else 'checked',
                    'file_hash': hashlib.sha256(content).hexdigest()})
        return True

    @api.multi
    def _validate_rows(self, header, rows):
        """([(row, message)], [line values]) of the rows."""
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            return [(1, _("Missing columns: %s (expected %s)") % (
                ', '.join(missing), ', '.join(COLUMNS)))], []
        if not rows:
            return [(1, _("The file has no row to load."))], []
        sites, products, units = self._lookups(rows)
        counting = self._counts_in_progress(sites.values(), products.values())
        unapproved_locations = self.env['stock.location']._retail_unapproved_ids(
            [site.lot_stock_id.id for site in sites.values()])
        poster = self.env['retail.opening.balance.poster']
        errors, lines, seen, costs = [], [], {}, {}
        for number, row in rows:
            row_errors = []
            site = sites.get(row.get('site'))
            if not site:
                row_errors.append(_("unknown site %s") % (row.get('site') or '""'))
            elif site.lot_stock_id.id in unapproved_locations:
                row_errors.append(_("site %s is not approved by the data steward yet")
                                  % site.code)
            product = products.get(row.get('product'))
            if not product:
                row_errors.append(_("unknown product %s") % (row.get('product') or '""'))
            elif product.retail_approval_state != 'approved':
                row_errors.append(_("product %s is not approved by the data steward yet")
                                  % product.display_name)
            qty = parse_number(row.get('quantity'))
            if qty is None:
                row_errors.append(_("quantity %s is not a number (at most 1e12)") % (
                    row.get('quantity') or '""'))
            elif qty < 0:
                row_errors.append(_("negative quantity %s") % row.get('quantity'))
            cost = parse_number(row.get('unit_cost'))
            if cost is None:
                row_errors.append(_("unit cost %s is not a number (at most 1e12)") % (
                    row.get('unit_cost') or '""'))
            elif cost < 0:
                row_errors.append(_("negative unit cost %s") % row.get('unit_cost'))
            elif not cost and product and poster._valued_in_real_time(
                    product.product_tmpl_id.with_context(force_company=self.company_id.id)):
                row_errors.append(_(
                    "unit cost 0 for %s, valued in real time: its journal entries need "
                    "a cost") % product.display_name)
            lot = row.get('lot') or ''
            uom = product.uom_id if product else None
            if product:
                if row.get('unit'):
                    uom = units.get(row['unit'].lower())
                    if not uom:
                        row_errors.append(_("unknown unit %s") % row['unit'])
                    elif uom.category_id != product.uom_id.category_id:
                        row_errors.append(_("unit %s is not a unit of %s (%s)") % (
                            uom.name, product.display_name, product.uom_id.category_id.name))
                if lot and product.tracking == 'none':
                    row_errors.append(_("lot %s on %s, which is not tracked by lot") % (
                        lot, product.display_name))
                if not lot and product.tracking != 'none':
                    row_errors.append(_("%s is tracked by lot: the lot is missing")
                                      % product.display_name)
            if site and product:
                if (site.lot_stock_id.id, product.id) in counting:
                    row_errors.append(_(
                        "the adjustment in progress %s counts %s at %s: validate or "
                        "cancel it first") % (counting[(site.lot_stock_id.id, product.id)],
                                              product.display_name, site.code))
                key = (site.id, product.id, lot)
                if key in seen:
                    row_errors.append(_("same site, product and lot as row %d") % seen[key])
                seen.setdefault(key, number)
            if product and cost is not None and cost >= 0 and uom and not row_errors:
                product_cost = uom._compute_price(cost, product.uom_id)
                first = costs.setdefault(product.id, (number, product_cost))
                if float_compare(first[1], product_cost, precision_digits=6):
                    row_errors.append(_(
                        "unit cost of %s differs from row %d (the cost is one per company)")
                        % (product.display_name, first[0]))
            if row_errors:
                errors.append((number, '; '.join(row_errors)))
                continue
            lines.append({
                'file_row': number, 'warehouse_id': site.id, 'product_id': product.id,
                'lot_name': lot or None,
                'quantity': uom._compute_quantity(qty, product.uom_id),
                'unit_cost': uom._compute_price(cost, product.uom_id)})
        return errors, lines

    @api.multi
    def _lookups(self, rows):
        """Sites by code, products by reference and barcode, units by name:
        one query each, for every row."""
        codes = {row.get('site') for _n, row in rows if row.get('site')}
        sites = {w.code: w for w in self.env['stock.warehouse'].search([
            ('code', 'in', list(codes)), ('company_id', '=', self.company_id.id)])}
        keys = list({row.get('product') for _n, row in rows if row.get('product')})
        Product = self.env['product.product'].with_context(active_test=True)
        products = {}
        for product in Product.search(['|', ('barcode', 'in', keys),
                                       ('default_code', 'in', keys)]):
            if product.company_id and product.company_id != self.company_id:
                continue
            for key in (product.barcode, product.default_code):
                if key:
                    products.setdefault(key, product)
        units = {u.name.lower(): u for u in self.env['product.uom'].search([])}
        return sites, products, units

    @api.model
    def _counts_in_progress(self, sites, products):
        """{(location, product): adjustment name} of the adjustments in progress
        at the sites' stock for the products (Odoo refuses a second one)."""
        locations = [site.lot_stock_id.id for site in sites]
        product_ids = [product.id for product in products]
        if not locations or not product_ids:
            return {}
        self.env.cr.execute("""
            SELECT l.location_id, l.product_id, min(i.name) FROM stock_inventory_line l
              JOIN stock_inventory i ON i.id = l.inventory_id
             WHERE i.state = 'confirm' AND l.location_id = ANY(%s)
               AND l.product_id = ANY(%s)
             GROUP BY 1, 2
        """, (locations, product_ids))
        return {(location, product): name for location, product, name in self.env.cr.fetchall()}

    @api.multi
    def _insert_lines(self, lines):
        """The checked rows, in one statement (a file can have 100,000)."""
        columns = ('file_row', 'warehouse_id', 'product_id', 'lot_name', 'quantity',
                   'unit_cost')
        self.env.cr.execute("""
            INSERT INTO retail_opening_balance_line (
                import_id, file_row, warehouse_id, product_id, lot_name, quantity, unit_cost,
                create_uid, create_date, write_uid, write_date)
            SELECT %s, l.*, %s, (now() at time zone 'UTC'), %s, (now() at time zone 'UTC')
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::varchar[], %s::float[],
                          %s::float[]) AS l
        """, [self.id, self.env.uid, self.env.uid] + [
            [line[column] for line in lines] for column in columns])
        self.invalidate_cache(['line_ids', 'row_count'])

    # ------------------------------------------------------------------
    # Post
    # ------------------------------------------------------------------
    @api.multi
    def action_post(self):
        """One adjustment per site (reason: opening balance) under the
        adjustment rules: validated at once within them, submitted for
        approval beyond them. The products' costs are set from the file first,
        so that the adjustments are valued at them. A file is loaded once."""
        self.ensure_one()
        self._check_is_admin()
        if self.state != 'checked':
            raise UserError(_("Check the file (and correct its errors) before posting."))
        twin = self.search([('file_hash', '=', self.file_hash), ('state', '=', 'posted'),
                            ('company_id', '=', self.company_id.id), ('id', '!=', self.id)],
                           limit=1)
        if twin:
            raise UserError(_("This file was posted already (%s, %s by %s): the same "
                              "opening balances cannot be loaded twice.") % (
                                  twin.name, twin.write_date, twin.write_uid.name))
        self._set_costs()
        self.env['retail.opening.balance.poster']._reset()
        reason = self.env.ref('retail_inventory_harmonization.reason_opening_balance')
        self.env.cr.execute("""
            SELECT l.warehouse_id, array_agg(l.id ORDER BY l.file_row)
              FROM retail_opening_balance_line l
              JOIN stock_warehouse w ON w.id = l.warehouse_id
             WHERE l.import_id = %s GROUP BY l.warehouse_id, w.code ORDER BY w.code
        """, (self.id,))
        Line = self.env['retail.opening.balance.line']
        for warehouse_id, line_ids in self.env.cr.fetchall():
            self._post_site(self.env['stock.warehouse'].browse(warehouse_id),
                            Line.browse(line_ids), reason)
        self.write({'state': 'posted'})
        self._reconcile()
        return True

    @api.multi
    def _set_costs(self):
        self.env.cr.execute("""
            SELECT DISTINCT ON (product_id) product_id, unit_cost
              FROM retail_opening_balance_line WHERE import_id = %s
        """, (self.id,))
        Product = self.env['product.product'].with_context(
            force_company=self.company_id.id).sudo()
        for product_id, cost in self.env.cr.fetchall():
            product = Product.browse(product_id)
            if float_compare(product.standard_price, cost, precision_digits=6):
                product.standard_price = cost

    @api.multi
    def _post_site(self, warehouse, lines, reason):
        """The site's adjustment, its lines written set-based; validated at
        once (set-based too, see retail.opening.balance.poster) unless the
        adjustment rules ask for approvals."""
        inventory = self.env['stock.inventory'].create({
            'name': _('Opening balance %s (%s)') % (warehouse.code, self.name),
            'location_id': warehouse.lot_stock_id.id, 'filter': 'partial',
            'company_id': self.company_id.id})
        inventory.action_start()
        self.env['retail.opening.balance.poster']._insert_lines(inventory, lines, reason)
        # linked before validating: the validation finds it an opening balance
        self.write({'inventory_ids': [(4, inventory.id)]})
        if inventory.need_validation:
            inventory.action_request_approval()
        else:
            inventory.action_done()
        return inventory

    @api.multi
    def action_reconcile(self):
        """The reconciliation again (adjustments approved and validated since)."""
        self.ensure_one()
        self._check_is_admin()
        if self.state != 'posted':
            raise UserError(_("Post the opening balances before reconciling them."))
        self._reconcile()
        return True

    @api.multi
    def _reconcile(self):
        """Per site and family: quantity and value in the file, posted by the
        validated adjustments (their moves' value), and in the accounting
        (their journal entries on the family's stock valuation account)."""
        self.reconciliation_ids.unlink()
        self.env.cr.execute("""
            SELECT l.warehouse_id, pt.categ_id, sum(l.quantity), sum(l.quantity * l.unit_cost)
              FROM retail_opening_balance_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE l.import_id = %s GROUP BY 1, 2
        """, (self.id,))
        empty = dict.fromkeys(('file_qty', 'file_value', 'posted_qty', 'posted_value',
                               'account_value'), 0.0)
        rows = {(w, c): dict(empty, file_qty=q, file_value=v)
                for w, c, q, v in self.env.cr.fetchall()}
        site = {inv.location_id.id: inv.location_id.get_warehouse().id
                for inv in self.inventory_ids}
        # What the validated adjustments moved in (out is negative), with each
        # move's journal entries on any account (kept below: the valuation's).
        self.env.cr.execute("""
            SELECT i.location_id, pt.categ_id,
                   sum(CASE WHEN m.location_dest_id = i.location_id
                            THEN m.product_qty ELSE -m.product_qty END),
                   sum(CASE WHEN m.location_dest_id = i.location_id
                            THEN abs(m.value) ELSE -abs(m.value) END)
              FROM stock_move m
              JOIN stock_inventory i ON i.id = m.inventory_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE m.inventory_id = ANY(%(inventories)s) AND m.state = 'done'
             GROUP BY 1, 2
        """, {'inventories': self.inventory_ids.ids})
        for location_id, categ_id, qty, value in self.env.cr.fetchall():
            row = rows.setdefault((site[location_id], categ_id), dict(empty))
            row.update(posted_qty=qty, posted_value=value)
        # Journal entries: one per move (Odoo's validation) or one per site
        # and family (set-based posting).
        self.env.cr.execute("""
            SELECT i.location_id, pt.categ_id, aml.account_id, sum(aml.debit - aml.credit)
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN stock_move m ON m.id = am.stock_move_id
              JOIN stock_inventory i ON i.id = m.inventory_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE m.inventory_id = ANY(%(inventories)s)
             GROUP BY 1, 2, 3
        """, {'inventories': self.inventory_ids.ids})
        amounts = [(site[location_id], categ_id, account_id, amount)
                   for location_id, categ_id, account_id, amount in self.env.cr.fetchall()]
        self.env.cr.execute("""
            SELECT e.warehouse_id, e.categ_id, aml.account_id, sum(aml.debit - aml.credit)
              FROM retail_opening_balance_entry e
              JOIN account_move_line aml ON aml.move_id = e.account_move_id
             WHERE e.import_id = %s
             GROUP BY 1, 2, 3
        """, (self.id,))
        amounts += self.env.cr.fetchall()
        families = self.env['product.category'].with_context(
            force_company=self.company_id.id).browse({row[1] for row in amounts})
        valuation = {family.id: family.property_stock_valuation_account_id.id
                     for family in families}
        for warehouse_id, categ_id, account_id, amount in amounts:
            if account_id == valuation[categ_id]:
                row = rows.setdefault((warehouse_id, categ_id), dict(empty))
                row['account_value'] += amount
        Reconciliation = self.env['retail.opening.balance.reconciliation']
        for (warehouse_id, categ_id), values in rows.items():
            Reconciliation.create(dict(values, import_id=self.id, warehouse_id=warehouse_id,
                                       categ_id=categ_id))


class RetailOpeningBalanceError(models.Model):
    _name = 'retail.opening.balance.error'
    _description = 'Opening Balance Error'
    _order = 'file_row, id'

    import_id = fields.Many2one('retail.opening.balance', required=True, ondelete='cascade',
                                index=True)
    file_row = fields.Integer(string='Row', readonly=True)
    message = fields.Char(readonly=True)


class RetailOpeningBalanceLine(models.Model):
    _name = 'retail.opening.balance.line'
    _description = 'Opening Balance Row'
    _order = 'file_row'

    import_id = fields.Many2one('retail.opening.balance', required=True, ondelete='cascade',
                                index=True)
    file_row = fields.Integer(string='Row', readonly=True)
    warehouse_id = fields.Many2one('stock.warehouse', string='Site', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    lot_name = fields.Char(string='Lot', readonly=True)
    quantity = fields.Float(readonly=True, help="In the product's unit.")
    unit_cost = fields.Float(readonly=True, help="Per unit of the product's unit.")


class RetailOpeningBalanceReconciliation(models.Model):
    _name = 'retail.opening.balance.reconciliation'
    _description = 'Opening Balance Reconciliation'
    _order = 'warehouse_id, categ_id'

    import_id = fields.Many2one('retail.opening.balance', required=True, ondelete='cascade',
                                index=True)
    warehouse_id = fields.Many2one('stock.warehouse', string='Site', readonly=True)
    categ_id = fields.Many2one('product.category', string='Family', readonly=True)
    file_qty = fields.Float(string='Quantity in File', readonly=True)
    file_value = fields.Float(string='Value in File', readonly=True)
    posted_qty = fields.Float(string='Quantity Posted', readonly=True)
    posted_value = fields.Float(string='Value Posted', readonly=True)
    account_value = fields.Float(
        string='Value in Accounting', readonly=True,
        help="Journal entries on the family's stock valuation account (empty with "
             "periodic valuation, which makes none).")
    difference_value = fields.Float(string='Difference', compute='_compute_difference')

    @api.depends('file_value', 'posted_value')
    def _compute_difference(self):
        for line in self:
            line.difference_value = float_round(line.posted_value - line.file_value, 2)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Data-quality report: the master data that breaks synchronization, found
set-based (one query per check) for the user's companies."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

CHECKS = [
    ('duplicate_reference', 'Duplicate internal reference'),
    ('duplicate_barcode', 'Duplicate barcode (same GTIN)'),
    ('invalid_barcode', 'Barcode with a wrong check digit'),
    ('uom_unlike_family', 'Unit of measure unlike its family'),
    ('no_vendor', 'Stockable product without vendor'),
    ('no_lead_time', 'Vendor without lead time'),
    ('no_cost', 'Stockable product without cost'),
    ('warehouse_no_cluster', 'Warehouse in no cluster'),
    ('rule_no_policy', 'Reordering rule outside any policy'),
    ('quant_in_view', 'Stock in a view location'),
    ('negative_quant', 'Negative stock'),
]
# Who may read the findings (they span every store of the user's companies).
REPORT_GROUPS = (
    'retail_governance.group_retail_admin',
    'retail_governance.group_inventory_controller',
    'retail_governance.group_planner',
)


def gtin_check_digit_ok(code):
    """Whether a numeric EAN-8, UPC-A, EAN-13 or GTIN-14 has the right check digit."""
    digits = [int(char) for char in code]
    body, check = digits[:-1], digits[-1]
    total = sum(digit * (3 if index % 2 == 0 else 1)
                for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


class RetailDataQualityReport(models.TransientModel):
    _name = 'retail.data.quality.report'
    _description = 'Data Quality Report'

    finding_ids = fields.One2many(
        'retail.data.quality.finding', 'report_id', string='Findings', readonly=True)
    finding_count = fields.Integer(compute='_compute_finding_count')
    run_date = fields.Datetime(readonly=True)

    @api.depends('finding_ids')
    def _compute_finding_count(self):
        for report in self:
            report.finding_count = len(report.finding_ids)

    @api.multi
    def action_run(self):
        """Runs every check again; the findings replace the previous ones and
        open grouped by check. Inserted in one statement: a network of 100
        stores can have tens of thousands."""
        self.ensure_one()
        findings = self.get_findings()
        self.finding_ids.unlink()
        columns = ('kind', 'res_model', 'res_id', 'name', 'detail')
        self.env.cr.execute("""
            INSERT INTO retail_data_quality_finding (
                report_id, kind, res_model, res_id, name, detail,
                create_uid, create_date, write_uid, write_date)
            SELECT %s, f.*, %s, (now() at time zone 'UTC'), %s, (now() at time zone 'UTC')
              FROM unnest(%s::varchar[], %s::varchar[], %s::int[], %s::varchar[],
                          %s::varchar[]) AS f
        """, [self.id, self.env.uid, self.env.uid] + [
            [finding[column] for finding in findings] for column in columns])
        self.invalidate_cache(['finding_ids', 'finding_count'])
        self.run_date = fields.Datetime.now()
        return self.action_open_findings()

    @api.multi
    def action_open_findings(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'name': _('Data Quality Findings'),
                'res_model': 'retail.data.quality.finding', 'view_mode': 'tree',
                'views': [(False, 'tree')], 'domain': [('report_id', '=', self.id)],
                'context': {'group_by': 'kind'}, 'target': 'current'}

    @api.model
    def get_findings(self, checks=None):
        """Every finding of ``checks`` (all by default) for the user's companies:
        a list of {kind, res_model, res_id, name, detail} (XML-RPC)."""
        self._check_can_read()
        wanted = [code for code, _label in CHECKS if not checks or code in checks]
        unknown = set(checks or []) - set(wanted)
        if unknown:
            raise UserError(_("Unknown data-quality checks: %s") % ', '.join(sorted(unknown)))
        company_ids = tuple(self.env.user.company_ids.ids)
        findings = []
        for code in wanted:
            for res_model, res_id, name, detail in getattr(self, '_find_%s' % code)(company_ids):
                findings.append({'kind': code, 'res_model': res_model, 'res_id': res_id,
                                 'name': name, 'detail': detail})
        return findings

    @api.model
    def _check_can_read(self):
        if not any(self.env.user.has_group(group) for group in REPORT_GROUPS):
            raise AccessError(_(
                "The data-quality report spans every store: it is for retail "
                "administrators, inventory controllers and planners."))

    def _rows(self, query, params):
        self.env.cr.execute(query, params)
        return self.env.cr.fetchall()

    # ------------------------------------------------------------------
    # Products
    # ------------------------------------------------------------------
    _PRODUCTS = """
        SELECT pp.id, pt.name, pp.default_code, pp.barcode, pt.uom_id, pt.categ_id
          FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE pp.active AND (pt.company_id IS NULL OR pt.company_id IN %s)"""

    def _find_duplicate_reference(self, company_ids):
        rows = self._rows("""
            WITH p AS ({products})
            SELECT p.id, p.name, p.default_code, count(*) OVER (PARTITION BY p.default_code)
              FROM p WHERE p.default_code IS NOT NULL AND p.default_code != ''
        """.format(products=self._PRODUCTS), (company_ids,))
        return [('product.product', pid, name, _('%s: %d products') % (code, count))
                for pid, name, code, count in rows if count > 1]

    def _find_duplicate_barcode(self, company_ids):
        """Numeric barcodes naming the same GTIN (a UPC-A and the EAN-13 with a
        leading zero): Odoo's uniqueness compares the text only."""
        rows = self._rows("""
            WITH p AS ({products}), g AS (
                SELECT p.id, p.name, p.barcode, lpad(p.barcode, 14, '0') AS gtin
                  FROM p WHERE p.barcode ~ '^[0-9]{{8,14}}$')
            SELECT id, name, barcode, count(*) OVER (PARTITION BY gtin) FROM g
        """.format(products=self._PRODUCTS), (company_ids,))
        return [('product.product', pid, name, _('%s: %d products') % (barcode, count))
                for pid, name, barcode, count in rows if count > 1]

    def _find_invalid_barcode(self, company_ids):
        rows = self._rows("""
            WITH p AS ({products})
            SELECT id, name, barcode FROM p
             WHERE p.barcode ~ '^[0-9]+$' AND length(p.barcode) IN (8, 12, 13, 14)
        """.format(products=self._PRODUCTS), (company_ids,))
        return [('product.product', pid, name, _('%s: wrong check digit') % barcode)
                for pid, name, barcode in rows if not gtin_check_digit_ok(barcode)]

    def _find_uom_unlike_family(self, company_ids):
        """Products whose unit is not the one most of their family uses."""
        rows = self._rows("""
            WITH p AS ({products}), usage AS (
                SELECT categ_id, uom_id, count(*) AS n FROM p GROUP BY categ_id, uom_id
            ), standard AS (
                SELECT DISTINCT ON (categ_id) categ_id, uom_id FROM usage
                 ORDER BY categ_id, n DESC, uom_id)
            SELECT p.id, p.name, u.name, su.name, c.name
              FROM p JOIN standard s ON s.categ_id = p.categ_id
              JOIN product_uom u ON u.id = p.uom_id
              JOIN product_uom su ON su.id = s.uom_id
              JOIN product_category c ON c.id = p.categ_id
             WHERE p.uom_id != s.uom_id
        """.format(products=self._PRODUCTS), (company_ids,))
        return [('product.product', pid, name,
                 _('%s, where family %s uses %s') % (uom, family, standard))
                for pid, name, uom, standard, family in rows]

    _STOCKABLE = """
        SELECT pp.id, pt.name, pt.id AS tmpl_id
          FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE pp.active AND pt.active AND pt.type = 'product'
           AND (pt.company_id IS NULL OR pt.company_id IN %s)"""

    def _find_no_vendor(self, company_ids):
        rows = self._rows("""
            WITH p AS ({stockable})
            SELECT p.id, p.name FROM p
             WHERE NOT EXISTS (SELECT 1 FROM product_supplierinfo s
                                WHERE s.product_tmpl_id = p.tmpl_id
                                  AND (s.product_id IS NULL OR s.product_id = p.id))
        """.format(stockable=self._STOCKABLE), (company_ids,))
        return [('product.product', pid, name, _('no vendor to buy it from'))
                for pid, name in rows]

    def _find_no_lead_time(self, company_ids):
        rows = self._rows("""
            WITH p AS ({stockable})
            SELECT p.id, p.name, r.name FROM p
              JOIN product_supplierinfo s ON s.product_tmpl_id = p.tmpl_id
                                         AND (s.product_id IS NULL OR s.product_id = p.id)
              JOIN res_partner r ON r.id = s.name
             WHERE coalesce(s.delay, 0) <= 0
        """.format(stockable=self._STOCKABLE), (company_ids,))
        return [('product.product', pid, name, _('vendor %s: no lead time') % vendor)
                for pid, name, vendor in rows]

    def _find_no_cost(self, company_ids):
        """The cost is per company (an ir.property): missing or zero in one of
        the user's companies."""
        rows = self._rows("""
            WITH p AS ({stockable})
            SELECT p.id, p.name, c.name FROM p CROSS JOIN res_company c
              LEFT JOIN ir_property ip
                     ON ip.name = 'standard_price' AND ip.company_id = c.id
                    AND ip.res_id = 'product.product,' || p.id
             WHERE c.id IN %s AND coalesce(ip.value_float, 0) = 0
        """.format(stockable=self._STOCKABLE), (company_ids, company_ids))
        return [('product.product', pid, name, _('no cost in %s') % company)
                for pid, name, company in rows]

    # ------------------------------------------------------------------
    # Network and stock
    # ------------------------------------------------------------------
    def _find_warehouse_no_cluster(self, company_ids):
        rows = self._rows("""
            SELECT w.id, w.name FROM stock_warehouse w
             WHERE w.active AND w.company_id IN %s AND w.retail_cluster_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM retail_store_cluster c
                                WHERE c.supply_warehouse_id = w.id AND c.active)
        """, (company_ids,))
        return [('stock.warehouse', wid, name,
                 _("neither a store of a cluster nor a cluster's supplying DC"))
                for wid, name in rows]

    def _find_rule_no_policy(self, company_ids):
        rows = self._rows("""
            SELECT op.id, op.name, w.name FROM stock_warehouse_orderpoint op
              JOIN stock_warehouse w ON w.id = op.warehouse_id
              LEFT JOIN retail_replenishment_policy pol
                     ON pol.id = op.retail_policy_id AND pol.active
             WHERE op.active AND op.company_id IN %s AND pol.id IS NULL
        """, (company_ids,))
        return [('stock.warehouse.orderpoint', rid, name,
                 _('%s: min/max set outside the replenishment policies') % warehouse)
                for rid, name, warehouse in rows]

    def _find_quant_in_view(self, company_ids):
        return self._quant_findings("l.usage = 'view'", company_ids)

    def _find_negative_quant(self, company_ids):
        return self._quant_findings("l.usage = 'internal' AND q.quantity < 0", company_ids)

    def _quant_findings(self, where, company_ids):
        """Quants of the user's companies matching ``where`` (on q and l)."""
        rows = self._rows("""
            SELECT q.id, pt.name, l.complete_name, q.quantity FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE {} AND q.company_id IN %s
        """.format(where), (company_ids,))
        return [('stock.quant', qid, name, _('%s in %s') % (qty, location))
                for qid, name, location, qty in rows]


class RetailDataQualityFinding(models.TransientModel):
    _name = 'retail.data.quality.finding'
    _description = 'Data Quality Finding'
    _order = 'kind, name, id'

    report_id = fields.Many2one('retail.data.quality.report', required=True,
                                ondelete='cascade', index=True)
    kind = fields.Selection(CHECKS, string='Check', required=True, readonly=True)
    res_model = fields.Char(string='Model', readonly=True)
    res_id = fields.Integer(string='Record ID', readonly=True)
    name = fields.Char(string='Record', readonly=True)
    detail = fields.Char(readonly=True)

    @api.multi
    def action_open_record(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': self.res_model,
                'res_id': self.res_id, 'view_mode': 'form', 'views': [(False, 'form')],
                'target': 'current'}

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

# Codes of the statuses every location shares (data/retail_stock_status_data.xml).
SELLABLE = 'sellable'
DAMAGED = 'damaged'
QUARANTINED = 'quarantined'
IN_TRANSIT = 'in_transit'
CONSIGNED = 'consigned'


class _ServerOnly(object):
    """A context value that only server code can pass: XML-RPC and JSON-RPC
    carry plain data, never this object. What a button's method does on purpose
    (release quarantined stock, move an inspection to done) is marked with it,
    so that a client cannot ask for the same through the context."""

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        return '<server only>'


SERVER_ONLY = _ServerOnly()


class RetailStockStatus(models.Model):
    """A stock status: what the stock in a location may be used for."""
    _name = 'retail.stock.status'
    _description = 'Stock Status'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code the balances and other modules rely on "
             "(sellable, damaged, quarantined, in_transit, consigned).")
    sequence = fields.Integer(default=10)
    is_sellable = fields.Boolean(
        string='Sellable',
        help="Stock in locations of this status can be sold and reserved.")
    counts_in_valuation = fields.Boolean(
        default=True,
        help="Stock of this status is part of the company's inventory value.")
    company_id = fields.Many2one(
        'res.company', index=True,
        help="Leave empty to share the status with every company.")
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ('code_company_uniq', 'unique (code, company_id)',
         'A stock status code must be unique per company.'),
    ]

    def _get_by_code(self, code):
        """The status of ``code`` for the current company (its own first, else shared)."""
        company = self.env.user.company_id
        return self.sudo().search([
            ('code', '=', code), ('company_id', 'in', [company.id, False])],
            order='company_id', limit=1).sudo(self.env.uid)

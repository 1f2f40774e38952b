# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input is refused with a clear message before it reaches the database,
on create and write of the records this suite works with (issue 11).

- Control characters (odoo/odoo#145577): XML 1.0 cannot carry C0 control
  characters other than tab, line feed and carriage return. A product named
  with a vertical tab (\\x0b) or an escape (\\x1b), typed in the web client or
  imported, makes every XML-RPC read of it fail on the client ("not
  well-formed"): scanners, integrations and the suite's clients stop.
- Names and codes longer than MAX_NAME_LENGTH characters (nobody reads them,
  they break labels and reports).
- Numbers: text where a number is expected ('abc' gave a ValueError
  traceback), NaN and infinities (PostgreSQL stores NaN, and every sum and
  comparison with it is then wrong), and magnitudes beyond MAX_MAGNITUDE
  (1e308 overflows to infinity at the first arithmetic).
- The suite's stored related columns (``retail_*``, e.g. a move's transfer
  warehouse, which record rules test): Odoo 11 stores a value written to a
  related field without inverse as given, so a client could make its own
  records look like another store's.
- Odoo's own stored related ``state``, ``company_id``, ``currency_id`` and
  ``scrapped`` (a move line's state, a quant's or an order line's company, an
  order line's currency, a move's scrap flag), which views, reports and the
  multi-company rules read: a value other than the one they follow is
  refused (a move line of an unvalidated transfer written 'done', a line moved
  to another company, a delivery's move made to look scrapped).
"""
import math
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

CONTROL_CHARACTERS = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
MAX_NAME_LENGTH = 512
MAX_MAGNITUDE = 1e15
NAME_FIELDS = frozenset(['name', 'code', 'default_code', 'barcode'])
NUMBER_TYPES = frozenset(['float', 'monetary', 'integer'])
# Stored related fields of Odoo's that must keep the value they follow.
FOLLOWING_FIELDS = frozenset(['state', 'company_id', 'currency_id', 'scrapped'])

GUARDED_MODELS = frozenset([
    'product.template', 'product.product', 'product.category', 'res.partner',
    'stock.warehouse', 'stock.location', 'stock.inventory', 'stock.inventory.line',
    'stock.picking', 'stock.move', 'stock.move.line', 'stock.scrap',
    'stock.production.lot', 'stock.warehouse.orderpoint', 'stock.quant', 'crm.team',
    'sale.order.line', 'purchase.order.line', 'tier.definition', 'res.company',
])


def find_control_character(value):
    """The first control character of ``value`` XML cannot carry, or None."""
    if not isinstance(value, str):
        return None
    match = CONTROL_CHARACTERS.search(value)
    return match.group() if match else None


class Base(models.AbstractModel):
    _inherit = 'base'

    @api.model
    def _retail_guards_input(self):
        return self._name in GUARDED_MODELS or self._name.startswith('retail.')

    @api.model
    def _retail_check_input(self, vals):
        if not vals or not self._retail_guards_input():
            return
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            if name.startswith('retail_') and self._retail_only_follows(field):
                self._retail_raise_follows(field)
            if field.type in ('char', 'text'):
                self._retail_check_text(field, value)
            elif field.type in NUMBER_TYPES:
                self._retail_check_number(field, value)
            elif field.type == 'many2one' and isinstance(value, str):
                raise ValidationError(_(
                    "%s: %s expects a record, not the text %s.") % (
                        self._description, field.string, ascii(value)[:80]))

    @api.model
    def _retail_check_text(self, field, value):
        char = find_control_character(value)
        if char:
            # The value is shown escaped: the raw character would break the
            # XML-RPC answer that carries the error.
            raise ValidationError(_(
                "%s: %s %s contains the control character %s, which cannot be "
                "shown or exchanged: remove it.") % (
                    self._description, field.string, ascii(value)[:80], ascii(char)))
        if (field.name in NAME_FIELDS and isinstance(value, str)
                and len(value) > MAX_NAME_LENGTH):
            raise ValidationError(_(
                "%s: %s is %s characters long; at most %s are allowed.") % (
                    self._description, field.string, len(value), MAX_NAME_LENGTH))

    @api.model
    def _retail_check_number(self, field, value):
        if value is None or value is False or isinstance(value, bool):
            return
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ValidationError(_(
                    "%s: %s must be a number, not %s.") % (
                        self._description, field.string, ascii(value)[:80]))
        if not isinstance(value, (int, float)):
            return
        if math.isnan(value) or math.isinf(value) or abs(value) > MAX_MAGNITUDE:
            raise ValidationError(_(
                "%s: %s must be a number between -%s and %s (got %s).") % (
                    self._description, field.string, '{:,.0f}'.format(MAX_MAGNITUDE),
                    '{:,.0f}'.format(MAX_MAGNITUDE), value))

    @api.model
    def _retail_following_fields(self, vals):
        """The fields of ``vals`` that must keep the value they follow."""
        if not vals or not self._retail_guards_input():
            return []
        return [name for name in FOLLOWING_FIELDS.intersection(vals)
                if self._retail_only_follows(self._fields[name])]

    @api.model
    def _retail_only_follows(self, field):
        """A stored related field without inverse: Odoo 11 stores a value
        written to it as given."""
        return bool(field.related and field.store and not field.inverse)

    @api.model
    def _retail_raise_follows(self, field):
        raise ValidationError(_("%s: %s follows %s and cannot be set.") % (
            self._description, field.string, '.'.join(field.related)))

    @api.multi
    def _retail_check_following(self, names):
        """Refuses a value of ``names`` other than the one each follows (after
        the write: what it follows may be written in the same call)."""
        for record in self:
            for name in names:
                field = self._fields[name]
                followed = record.sudo().mapped('.'.join(field.related))
                if isinstance(followed, models.BaseModel):
                    followed, stored = followed[:1].id, record[name].id
                else:
                    followed, stored = followed[0] if followed else False, record[name]
                if (followed or False) != (stored or False):
                    self._retail_raise_follows(field)

    @api.model
    def create(self, vals):
        self._retail_check_input(vals)
        following = self._retail_following_fields(vals)
        record = super(Base, self).create(vals)
        if following:
            record._retail_check_following(following)
        return record

    @api.multi
    def write(self, vals):
        self._retail_check_input(vals)
        following = self._retail_following_fields(vals)
        result = super(Base, self).write(vals)
        if following:
            self._retail_check_following(following)
        return result


# ----------------------------------------------------------------------
# Arguments of public methods (called over XML-RPC with anything)
# ----------------------------------------------------------------------
def parse_ids(values, label):
    """``values`` (an id or a list of ids) as a list of ints, or a UserError
    naming ``label``: 'abc' or ['URB'] must not reach int() or SQL."""
    if isinstance(values, int) and not isinstance(values, bool):
        values = [values]
    if not isinstance(values, (list, tuple)) or not all(
            isinstance(value, int) and not isinstance(value, bool) for value in values):
        raise UserError(_("%s: expected a list of record ids, got %s.") % (
            label, ascii(values)[:80]))
    return list(values)


def parse_int(value, label, low, high):
    """``value`` as an int between ``low`` and ``high``, or a UserError."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or math.isnan(number) or not low <= number <= high \
            or number != int(number):
        raise UserError(_("%s must be a whole number from %s to %s, not %s.") % (
            label, low, high, ascii(value)[:80]))
    return int(number)


def parse_date(value, label):
    """``value`` (YYYY-MM-DD) checked, or a UserError; empty stays empty."""
    if not value:
        return value
    try:
        fields.Date.from_string(value)
    except (TypeError, ValueError):
        raise UserError(_("%s must be a date (YYYY-MM-DD), not %s.") % (
            label, ascii(value)[:80]))
    return value

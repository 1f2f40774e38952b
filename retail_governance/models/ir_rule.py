# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools
from odoo.osv import expression

# Operators Odoo 11 turns into SQL without reading any other record.
PLAIN_OPERATORS = frozenset([
    '=', '!=', '<>', '<', '>', '<=', '>=', 'in', 'not in',
    'like', 'not like', 'ilike', 'not ilike', '=like', '=ilike'])
CONSTANT_LEAVES = (expression.TRUE_LEAF, expression.FALSE_LEAF)


class IrRule(models.Model):
    _inherit = 'ir.rule'

    @api.model
    def domain_get(self, model_name, mode='read'):
        """Odoo 11 caches a user's rule domain per model and mode
        (``_compute_domain``) but turns it into SQL again at every access
        check, a few hundred times in one inter-store transfer. A domain whose
        SQL depends on nothing but itself is turned into SQL once, and kept in
        the same cache as the domain (cleared with it: rules, groups,
        companies, the stores' locations and operation types)."""
        kept = self._retail_plain_domain_sql(model_name, mode)
        if kept is None:
            return super(IrRule, self).domain_get(model_name, mode)
        clauses, params, tables = kept
        # Copies: the caller extends its query with them.
        return list(clauses), list(params), list(tables)

    @api.model
    @tools.ormcache('self._uid', 'model_name', 'mode')
    def _retail_plain_domain_sql(self, model_name, mode):
        """The rule SQL of a plain domain (see _retail_is_plain_domain), or
        None when Odoo must translate the domain at each check."""
        domain = self._compute_domain(model_name, mode)
        if not domain or not self._retail_is_plain_domain(self.env[model_name], domain):
            return None
        clauses, params, tables = super(IrRule, self).domain_get(model_name, mode)
        return tuple(clauses), tuple(params), tuple(tables)

    @api.model
    def _retail_is_plain_domain(self, model, domain):
        """Whether Odoo translates ``domain`` into SQL without reading any
        record: every leaf compares a column of the model's own table, or of
        a table it joins (a path through ``auto_join`` many2one fields), with
        a plain operator; no x2many, no inherited or translated field, no
        name search on a many2one. ``child_of`` on a company is allowed: the
        company tree is read, and Odoo clears the caches whenever a company
        is created or written."""
        for leaf in domain:
            if not expression.is_leaf(leaf) or tuple(leaf) in CONSTANT_LEAVES:
                continue
            left, operator, right = leaf
            if not isinstance(left, str) or not self._retail_is_plain_leaf(
                    model, left.split('.'), operator, right):
                return False
        return True

    @api.model
    def _retail_is_plain_leaf(self, model, path, operator, right):
        field = model._fields.get(path[0])
        if field is None or not field.store or not field.column_type \
                or field.inherited or getattr(field, 'translate', False):
            return False
        if len(path) > 1:
            # Odoo joins an auto_join many2one instead of searching it.
            return field.type == 'many2one' and field.auto_join and self._retail_is_plain_leaf(
                self.env[field.comodel_name], path[1:], operator, right)
        if field.type == 'many2one':
            values = right if isinstance(right, (list, tuple)) else [right]
            if any(isinstance(value, str) for value in values):
                return False
            if operator == 'child_of' and field.comodel_name == 'res.company':
                return True
        return operator in PLAIN_OPERATORS

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

ORDERPOINT_FIELDS = ('product_min_qty', 'product_max_qty', 'qty_multiple', 'active')

# Code that recomputes min/max by policy passes this object in the context
# (as_policy); an XML-RPC client can send a context flag, not a Python object.
POLICY_KEY = 'retail_orderpoint_policy'
POLICY_TOKEN = object()


def as_policy(records):
    """``records`` for the policy's own writes of min/max (server code only)."""
    return records.with_context(**{POLICY_KEY: POLICY_TOKEN})


def is_policy_write(env):
    return env.context.get(POLICY_KEY) is POLICY_TOKEN


class StockWarehouseOrderpoint(models.Model):
    """Manual changes of min/max are audited. Code that recomputes them by
    policy (retail_replenishment) writes through ``as_policy(orderpoints)``
    and is not logged as an override."""
    _name = 'stock.warehouse.orderpoint'
    _inherit = ['stock.warehouse.orderpoint', 'retail.audit.mixin']

    @api.multi
    def write(self, vals):
        audited = [name for name in ORDERPOINT_FIELDS if name in vals]
        if not audited or is_policy_write(self.env):
            return super(StockWarehouseOrderpoint, self).write(vals)
        before = {op.id: {name: op[name] for name in audited} for op in self}
        res = super(StockWarehouseOrderpoint, self).write(vals)
        for op in self:
            after = {name: op[name] for name in audited}
            if after != before[op.id]:
                op._retail_audit('orderpoint_overridden', before=before[op.id], after=after)
        return res

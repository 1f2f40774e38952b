# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brings a demo network built by an earlier release up to this one.

The demo network is built once, by the install hook, so what later releases
add to it reaches existing databases here: the clusters' replenishment
settings and supplying DC, one policy per cluster x family, the planner and
the reordering rules the policies give, and the sales channels (databases
built before they existed). Each step skips what is already there, so a
database built by this release, or migrated twice, is left as it is.
"""
import logging

from openupgradelib import openupgrade

from odoo.addons.retail_demo import generator, hooks

_logger = logging.getLogger(__name__)


def _complete_clusters(env):
    Cluster = env['retail.store.cluster']
    dc = env['stock.warehouse'].search([('code', '=', 'DC')], limit=1)
    for code, settings in generator.CLUSTER_SETTINGS.items():
        for cluster in Cluster.search([('code', '=', code)]):
            vals = {} if cluster.supply_warehouse_id or not dc else {
                'supply_warehouse_id': dc.id}
            if not cluster.policy_ids:
                vals.update(settings)
            if vals:
                cluster.write(vals)


def _create_policies(env):
    Policy = env['retail.replenishment.policy']
    families = env['product.category'].search([
        ('name', 'in', [family[0] for family in generator.FAMILIES]),
        ('parent_id.name', '=', 'Retail')])
    builder = generator.RetailNetworkGenerator(env)
    created = Policy.browse()
    for cluster in env['retail.store.cluster'].search([('policy_ids', '=', False)]):
        for family in families:
            created |= Policy.create(builder._prepare_policy_vals(cluster, family))
    return created


def _create_missing_channels(env):
    if not env['retail.sales.channel'].search([], limit=1):
        hooks.create_demo_channels(env)


@openupgrade.migrate(use_env=True)
def migrate(env, version):
    if not version:
        return
    if not env['stock.warehouse'].search([('code', '=', 'DC')], limit=1):
        _logger.info("retail_demo: no demo network in this database, nothing to bring up")
        return
    _complete_clusters(env)
    _create_missing_channels(env)
    if _create_policies(env):
        hooks.apply_demo_policies(env)

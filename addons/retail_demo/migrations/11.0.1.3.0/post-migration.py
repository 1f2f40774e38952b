# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A demo network built by an earlier release gets its regional store pools
and the omnichannel orders of the tour."""
from openupgradelib import openupgrade

from odoo.addons.retail_demo.fulfilment import create_demo_fulfilment


@openupgrade.migrate(use_env=True)
def migrate(env, version):
    create_demo_fulfilment(env)

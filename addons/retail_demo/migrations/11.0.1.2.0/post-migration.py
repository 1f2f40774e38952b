# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A demo network built by an earlier release gets what waits for the data
steward (the steward's user comes with the module's data)."""
from openupgradelib import openupgrade

from odoo.addons.retail_demo.master_data import create_demo_master_data


@openupgrade.migrate(use_env=True)
def migrate(env, version):
    create_demo_master_data(env)

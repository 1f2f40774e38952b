# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""When the suite's controls may step aside: only while Odoo loads modules."""


def is_loading_data(env):
    """Whether Odoo is installing or updating modules (data files, hooks):
    the registry is not ready until the load ends. No client can make it so,
    unlike a context key (``install_mode``) or the user (uid 1 is the admin
    login people use in Odoo 11)."""
    return not env.registry.ready

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Retail Demo Network",
    "summary": "Demo retail network: one DC, 35 stores in three clusters, 300 SKUs, "
               "opening balances, 8 weeks of sales, one user per role",
    "version": "11.0.1.3.0",
    "category": "Warehouse",
    "website": "https://github.com/retail-inventory-harmonization/odoo-retail",
    "author": "Retail Inventory Harmonization contributors",
    "maintainers": ["retail-harmonization"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["retail_inventory_harmonization"],
    "data": [
        "data/res_users.xml",
    ],
    "post_init_hook": "post_init_hook",
}

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Retail Governance",
    "summary": "Roles, per-store permissions, adjustment approvals, audit trail and exception register for multi-location retail",
    "version": "11.0.1.0.0",
    "category": "Warehouse",
    "website": "https://github.com/retail-inventory-harmonization/odoo-retail",
    "author": "Retail Inventory Harmonization contributors",
    "maintainers": ["retail-harmonization"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["stock_account", "mail"],
    "data": [
        "security/retail_governance_security.xml",
        "security/ir.model.access.csv",
        "views/res_users_views.xml",
    ],
}

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Retail Inventory Harmonization",
    "summary": "The retail inventory operating model in one install: stock statuses, cluster replenishment, governance, transfer tracking, onboarding, KPIs",
    "version": "11.0.1.0.0",
    "category": "Warehouse",
    "website": "https://github.com/retail-inventory-harmonization/odoo-retail",
    "author": "Retail Inventory Harmonization contributors",
    "maintainers": ["retail-harmonization"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "installable": True,
    "depends": ["retail_stock_status", "retail_replenishment", "retail_governance"],
    "data": [
        "security/ir.model.access.csv",
        "security/retail_transfer_security.xml",
        "data/retail_transfer_data.xml",
        "views/retail_menus.xml",
        "views/retail_transfer_views.xml",
        "views/retail_barcode_views.xml",
    ],
}

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Retail Stock Status",
    "summary": "One stock-status model for every location: sellable, reserved, damaged, quarantined, in transit, consigned, available to sell per channel",
    "version": "11.0.1.1.0",
    "category": "Warehouse",
    "website": "https://github.com/retail-inventory-harmonization/odoo-retail",
    "author": "Retail Inventory Harmonization contributors",
    "maintainers": ["retail-harmonization"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["sale_stock", "retail_governance"],
    "data": [
        "security/retail_stock_status_security.xml",
        "security/ir.model.access.csv",
        "security/sale_order_rules.xml",
        "data/retail_stock_status_data.xml",
        "views/product_category_views.xml",
        "views/retail_stock_status_views.xml",
        "views/retail_stock_balance_views.xml",
        "views/retail_sales_channel_views.xml",
        "views/retail_quality_inspection_views.xml",
        "views/retail_wizard_views.xml",
        "views/retail_stock_status_menus.xml",
    ],
}

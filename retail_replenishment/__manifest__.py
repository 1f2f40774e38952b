# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Retail Replenishment",
    "summary": "Min/max replenishment by store cluster: reordering rules, DC-to-store transfers, DC purchases, exceptions to planners",
    "version": "11.0.1.0.0",
    "category": "Warehouse",
    "website": "https://github.com/retail-inventory-harmonization/odoo-retail",
    "author": "Retail Inventory Harmonization contributors",
    "maintainers": ["retail-harmonization"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["purchase", "retail_stock_status", "retail_governance"],
    "data": [
        "security/ir.model.access.csv",
        "security/retail_replenishment_security.xml",
        "views/retail_replenishment_menus.xml",
        "views/retail_store_cluster_views.xml",
        "views/retail_replenishment_policy_views.xml",
        "views/stock_warehouse_orderpoint_views.xml",
        "views/stock_warehouse_views.xml",
        "views/retail_stock_balance_views.xml",
        "views/retail_adjustment_rule_views.xml",
    ],
}

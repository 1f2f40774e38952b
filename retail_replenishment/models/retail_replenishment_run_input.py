# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models

from odoo.addons.retail_governance.models.input_guard import parse_ids


class RetailReplenishmentRun(models.Model):
    _inherit = 'retail.replenishment.run'

    @api.model
    def action_run_clusters(self, cluster_ids):
        """Cluster codes instead of ids ('URB') reached SQL (InvalidTextRepresentation)."""
        return super(RetailReplenishmentRun, self).action_run_clusters(
            parse_ids(cluster_ids, _('Store clusters to replenish')))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError

from .retail_adjustment_rule import TIER_STORE_MANAGER

# base_tier_validation lets every user write tier reviews. For governed
# documents, reviews change only through the document's own methods
# (request, approve, reject, restart), which pass this object in the
# context; an RPC client cannot send a Python object.
REVIEW_GUARD_KEY = 'retail_tier_review_guard'
REVIEW_GUARD = object()

GOVERNED_MODELS = ('stock.inventory', 'retail.master.data.change')


def with_review_guard(records):
    return records.with_context(**{REVIEW_GUARD_KEY: REVIEW_GUARD})


class TierReview(models.Model):
    _inherit = 'tier.review'

    def _get_reviewers(self):
        reviewers = super(TierReview, self)._get_reviewers()
        if (self.definition_id.retail_tier == TIER_STORE_MANAGER
                and self.model in GOVERNED_MODELS and self.res_id):
            # sudo: who may review depends on the document, not on who reads it.
            record = self.env[self.model].sudo().browse(self.res_id)
            warehouse = record._retail_get_warehouse()
            reviewers = reviewers.filtered(lambda user: user._retail_works_in(warehouse))
        return reviewers

    def _retail_check_guard(self, models_):
        if self.env.context.get(REVIEW_GUARD_KEY) is REVIEW_GUARD:
            return
        if any(model in GOVERNED_MODELS for model in models_):
            raise AccessError(_(
                "Approvals of adjustments are given with the Approve and Reject "
                "buttons of the adjustment, not by editing the reviews."))

    @api.model
    def create(self, vals):
        self._retail_check_guard([vals.get('model')])
        return super(TierReview, self).create(vals)

    @api.multi
    def write(self, vals):
        self._retail_check_guard(self.mapped('model') + [vals.get('model')])
        return super(TierReview, self).write(vals)

    @api.multi
    def unlink(self):
        self._retail_check_guard(self.mapped('model'))
        return super(TierReview, self).unlink()

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class ProductTemplate(models.Model):
    """A new product, or a change of its unit, barcode, tracking or costing
    method, waits for the data steward (see retail.master.data.mixin)."""
    _name = 'product.template'
    _inherit = ['product.template', 'retail.master.data.state.mixin']
    _retail_governed_fields = (
        'uom_id', 'uom_po_id', 'barcode', 'tracking', 'property_cost_method')

    @api.model
    def _retail_master_data_label(self):
        return _("Product")


class ProductProduct(models.Model):
    """Variants hold their template's approval; their barcode is governed."""
    _name = 'product.product'
    _inherit = ['product.product', 'retail.master.data.mixin']
    _retail_governed_fields = ('barcode',)
    _retail_governed_create = False

    @api.multi
    def _retail_check_approved(self, action):
        """Refuses products waiting for (or refused) the steward's approval.
        ``action``: what cannot be done yet, e.g. _("counted")."""
        waiting = self.sudo().filtered(
            lambda product: product.product_tmpl_id.retail_approval_state != 'approved')
        if waiting:
            raise UserError(_(
                "Product %s is not approved by the data steward yet: it cannot "
                "be %s.") % (', '.join(waiting.mapped('display_name')), action))


class RetailApprovedProductMixin(models.AbstractModel):
    """Document lines whose product must be approved by the data steward
    (a sale or purchase line): refused on create and on a product change."""
    _name = 'retail.approved.product.mixin'
    _description = 'Line of an Approved Product'

    @api.model
    def _retail_product_use(self):
        """What cannot be done with an unapproved product, e.g. _("sold")."""
        return _("used")

    @api.model
    def create(self, vals):
        line = super(RetailApprovedProductMixin, self).create(vals)
        line.product_id._retail_check_approved(self._retail_product_use())
        return line

    @api.multi
    def write(self, vals):
        res = super(RetailApprovedProductMixin, self).write(vals)
        if 'product_id' in vals:
            self.mapped('product_id')._retail_check_approved(self._retail_product_use())
        return res

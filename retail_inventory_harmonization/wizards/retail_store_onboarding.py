# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class RetailStoreOnboarding(models.TransientModel):
    """Opens a store from a template in one step: warehouse, status locations,
    resupply route from the DC, cluster and its reordering rules, channels,
    adjustment rules and the staff's access. Either all of it or nothing."""
    _name = 'retail.store.onboarding'
    _description = 'Onboard a Store'

    template_id = fields.Many2one(
        'retail.store.template', string='Store Template', required=True,
        ondelete='cascade')
    company_id = fields.Many2one(related='template_id.company_id', readonly=True)
    name = fields.Char(string='Store Name', required=True)
    code = fields.Char(string='Short Code', required=True, size=5,
                       help="Warehouse code, e.g. S036 (5 characters at most).")
    user_ids = fields.Many2many(
        'res.users', 'retail_store_onboarding_user_rel', 'wizard_id', 'user_id',
        string='Staff', help="Users who work in the new store: they get the "
                             "template's roles and access to this store.")
    partner_id = fields.Many2one('res.partner', string='Address')

    @api.multi
    def action_onboard(self):
        """Creates the store; returns its form."""
        self.ensure_one()
        self._check_can_onboard()
        self._check_free()
        template = self.template_id
        warehouse = self.env['stock.warehouse'].create(self._prepare_warehouse_vals())
        warehouse.action_create_status_locations()
        ChannelWarehouse = self.env['retail.sales.channel.warehouse']
        for line in template.channel_line_ids:
            ChannelWarehouse.create(line._prepare_channel_warehouse_vals(warehouse))
        self._add_to_rules(warehouse)
        self._grant_staff(warehouse)
        template.cluster_id.apply_policies()
        return self._action_open(warehouse)

    def _check_can_onboard(self):
        """Transient models have no access rows in 11.0: the role is checked here."""
        if not self.env.user.has_group('retail_governance.group_retail_admin'):
            raise AccessError(_("Only a retail administrator can onboard a store."))
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(_("You cannot onboard a store for company %s.")
                              % self.company_id.name)

    def _check_free(self):
        """A code or name already used (also by an archived warehouse) is refused."""
        Warehouse = self.env['stock.warehouse'].sudo().with_context(active_test=False)
        code = (self.code or '').strip()
        name = (self.name or '').strip()
        if not code or not name:
            raise UserError(_("A new store needs a name and a code."))
        used = Warehouse.search(self._get_used_domain('code', code), limit=1)
        if used:
            raise UserError(_("The code %s is already used by warehouse %s.")
                            % (code, used.name))
        used = Warehouse.search(self._get_used_domain('name', name), limit=1)
        if used:
            raise UserError(_("The name %s is already used by the warehouse with "
                              "code %s.") % (name, used.code))

    def _get_used_domain(self, field, value):
        return [('company_id', '=', self.company_id.id), (field, '=ilike', value)]

    def _prepare_warehouse_vals(self):
        template = self.template_id
        supply = template._get_supply_warehouse()
        return {
            'name': self.name.strip(), 'code': self.code.strip(),
            'company_id': template.company_id.id,
            'partner_id': self.partner_id.id,
            'retail_cluster_id': template.cluster_id.id,
            'retail_store_template_id': template.id,
            'resupply_wh_ids': [(6, 0, supply.ids)],
            'default_resupply_wh_id': supply.id,
            # The DC resupplies the store: it never buys from vendors itself.
            'buy_to_resupply': False,
        }

    def _add_to_rules(self, warehouse):
        """Rules scoped by warehouses get the new store unless they reach it
        already (through its cluster, or by applying to every warehouse)."""
        for rule in self.template_id.adjustment_rule_ids:
            if not rule._match_warehouse(warehouse):
                rule.write({'warehouse_ids': [(4, warehouse.id)]})

    def _grant_staff(self, warehouse):
        if not self.user_ids:
            return
        vals = {'retail_warehouse_ids': [(4, warehouse.id)]}
        groups = self.template_id.group_ids
        if groups:
            vals['groups_id'] = [(4, group.id) for group in groups]
        company = warehouse.company_id
        for user in self.user_ids:
            if company not in user.company_ids:
                raise UserError(_("User %s does not belong to company %s.")
                                % (user.name, company.name))
        self.user_ids.write(vals)

    def _action_open(self, warehouse):
        action = self.env.ref('stock.action_warehouse_form').read()[0]
        action.update({'res_id': warehouse.id, 'view_mode': 'form',
                       'views': [(False, 'form')]})
        return action

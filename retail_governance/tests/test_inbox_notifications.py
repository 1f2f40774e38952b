# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.bus.models.bus import json_dump
from odoo.tests.common import SavepointCase

from .common import create_retail_user


class TestInboxNotifications(SavepointCase):
    """A message still reaches the inbox of whom it notifies; a note that
    notifies nobody broadcasts nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = create_retail_user(cls.env, 'inbox_clerk', 'group_store_clerk')
        cls.user.notification_type = 'inbox'
        cls.record = cls.env['res.partner'].create({'name': 'Test supplier'})

    def _inbox_broadcasts(self):
        channel = json_dump([self.env.cr.dbname, 'ir.needaction', self.user.partner_id.id])
        return self.env['bus.bus'].search_count([('channel', '=', channel)])

    def test_notified_partner_is_told(self):
        before = self._inbox_broadcasts()
        message = self.record.message_post(
            body='Count aisle 4 today', partner_ids=self.user.partner_id.ids,
            subtype='mail.mt_comment')
        self.assertIn(self.user.partner_id, message.needaction_partner_ids)
        self.assertEqual(self._inbox_broadcasts(), before + 1)

    def test_note_tells_nobody(self):
        before = self.env['bus.bus'].search_count([])
        message = self.record.message_post(body='Checked', subtype='mail.mt_note')
        self.assertFalse(message.needaction_partner_ids)
        self.assertEqual(self.env['bus.bus'].search_count([]), before)

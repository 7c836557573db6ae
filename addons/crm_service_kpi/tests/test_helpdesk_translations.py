# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""OCA helpdesk_mgmt 11.0 ships no Chinese: crm_service_kpi/i18n_extra does.

Odoo loads, for every installed module, i18n/<lang>.po then i18n_extra/<lang>.po
(ir.translation.load_module_terms), on install/update of the module and when a
language is loaded. Model terms of the PO name their record by helpdesk_mgmt's
XML id, so they are stored under module helpdesk_mgmt; code and selection terms
are looked up by source (and field), whatever module loaded them.
"""
import io
import os
import re

from odoo.modules.module import get_module_resource
from odoo.tests.common import TransactionCase
from odoo.tools.translate import PoFile, trans_export

LANGS = ("zh_CN", "zh_TW")


# Odoo makes a field's XML id unique with the field's database id when two
# fields would share it (helpdesk.ticket.category's "id" and helpdesk.ticket's
# "category_id" both give field_helpdesk_ticket_category_id): that suffix
# differs from one database to the next, so it is not compared.
_DB_SUFFIX = re.compile(r"_\d+$")


def _po_entries(fileobj):
    """{(type, name, res_id, source): translation} of a PO file."""
    return {
        (kind, name,
         (_DB_SUFFIX.sub("", res_id) if name == "ir.model.fields,field_description" else res_id)
         if kind == "model" else None, src): value
        for kind, name, res_id, src, value, _comments in PoFile(fileobj)
    }


class TestHelpdeskTranslations(TransactionCase):

    def setUp(self):
        super().setUp()
        # Forget what an earlier load left in this database: the loads below
        # must be what puts helpdesk_mgmt's Chinese there.
        self.env.cr.execute(
            """DELETE FROM ir_translation
               WHERE lang IN %s AND module IN ('helpdesk_mgmt', 'crm_service_kpi')""",
            (LANGS,))
        self.env["ir.translation"].clear_caches()
        self.module = self.env["ir.module.module"].search([("name", "=", "crm_service_kpi")])

    def _in(self, lang):
        self.env.cache.invalidate()  # what the next request would see
        return self.env(context=dict(self.env.context, lang=lang))

    def assert_chinese(self, lang, expected):
        env = self._in(lang)
        menu = env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
        self.assertEqual(menu.name, expected["menu"])
        fields = env["helpdesk.ticket"].fields_get(["stage_id", "user_id", "priority", "kanban_state"])
        self.assertEqual(fields["stage_id"]["string"], expected["stage"])
        self.assertEqual(fields["user_id"]["string"], expected["user"])
        self.assertEqual(dict(fields["priority"]["selection"])["3"], expected["very_high"])
        self.assertEqual(dict(fields["kanban_state"]["selection"])["blocked"], expected["blocked"])
        stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        self.assertEqual(stage.name, expected["in_progress"])
        form = env["helpdesk.ticket"].fields_view_get(
            view_id=env.ref("helpdesk_mgmt.ticket_view_form").id, view_type="form")
        self.assertIn(expected["assign_to_me"], form["arch"])
        self.assertNotIn("Assign to me", form["arch"])
        # a code term: the subject of a ticket created from a mail without one
        ticket = env["helpdesk.ticket"].message_new({
            "subject": False, "from": "wang.fang@example.com", "body": "<p>?</p>",
            "email_from": "wang.fang@example.com",
        })
        self.assertEqual(ticket.name, expected["no_subject"])

    def test_update_of_crm_service_kpi_loads_chinese(self):
        """The path of installing or updating crm_service_kpi (and of loading a
        language: the wizard runs it for every installed module)."""
        self.assertEqual(
            self._in("zh_CN").ref("helpdesk_mgmt.helpdesk_ticket_main_menu").name, "Helpdesk")
        self.module.with_context(overwrite=False)._update_translations(list(LANGS))
        self.assert_chinese("zh_CN", {
            "menu": "服务台", "stage": "阶段", "user": "负责人", "very_high": "非常高",
            "blocked": "阻塞", "in_progress": "进行中", "assign_to_me": "分派给我",
            "no_subject": "无主题",
        })
        self.assert_chinese("zh_TW", {
            "menu": "服務台", "stage": "階段", "user": "負責人", "very_high": "非常高",
            "blocked": "受阻", "in_progress": "進行中", "assign_to_me": "指派給我",
            "no_subject": "無主題",
        })
        # Code terms are found by source alone: where another module translates
        # the same source, both must agree, or the screen shows either.
        self.env.cr.execute(
            """SELECT ours.lang, ours.src, ours.value, other.module, other.value
               FROM ir_translation ours
               JOIN ir_translation other
                 ON other.lang = ours.lang AND other.src = ours.src AND other.id != ours.id
                AND other.type IN ('code', 'sql_constraint') AND other.value != ours.value
               WHERE ours.type = 'code' AND ours.name LIKE 'addons/helpdesk_mgmt/%%'""")
        self.assertEqual(self.env.cr.fetchall(), [])

    def test_reload_is_idempotent_and_overwrite_keeps_one_row(self):
        for overwrite in (False, False, True):
            self.module.with_context(overwrite=overwrite)._update_translations("zh_CN")
        self.env.cr.execute(
            """SELECT type, name, res_id, src, count(*) FROM ir_translation
               WHERE lang = 'zh_CN' AND module IN ('helpdesk_mgmt', 'crm_service_kpi')
               GROUP BY 1, 2, 3, 4 HAVING count(*) > 1""")
        self.assertEqual(self.env.cr.fetchall(), [])
        stage = self._in("zh_CN").ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        self.assertEqual(stage.name, "新建")

    def test_language_wizard_with_overwrite_loads_chinese(self):
        """Settings > Translations > Load a Translation, "overwrite" ticked."""
        wizard = self.env["base.language.install"].create({"lang": "zh_TW", "overwrite": True})
        wizard.lang_install()
        env = self._in("zh_TW")
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_menu").name, "工單")
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").name, "已完成")
        self.assertEqual(
            env["helpdesk.ticket"].fields_get(["team_id"])["team_id"]["string"], "團隊")

    def test_po_files_cover_the_current_export_of_helpdesk_mgmt(self):
        """Fails as soon as helpdesk_mgmt has a term (or a new place for an old
        term) that the shipped PO files do not translate."""
        buf = io.BytesIO()
        trans_export(False, ["helpdesk_mgmt"], buf, "po", self.env.cr)
        buf.seek(0)
        wanted = set(_po_entries(buf))
        self.assertGreater(len(wanted), 100)
        for lang in LANGS:
            path = get_module_resource("crm_service_kpi", "i18n_extra", lang + ".po")
            self.assertTrue(path and os.path.isfile(path), lang)
            with open(path, "rb") as po:
                shipped = _po_entries(po)
            self.assertEqual(sorted(wanted - set(shipped), key=repr), [], lang)
            untranslated = sorted(key for key in wanted if not shipped[key].strip())
            self.assertEqual(untranslated, [], lang)
            # translated, not copied: every term with letters has a Chinese character
            english = sorted(
                key[3] for key in wanted
                if key[3].strip() not in ("ID",)
                and not any("\u4e00" <= ch <= "\u9fff" for ch in shipped[key]))
            self.assertEqual(english, [], lang)

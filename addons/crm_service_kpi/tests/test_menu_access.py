# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every menu of the addon shown to a role opens a screen that works for it."""
from odoo.tests.common import SavepointCase

ROLES = {
    "salesperson": ["sales_team.group_sale_salesman"],
    "salesperson_all": ["sales_team.group_sale_salesman_all_leads"],
    "sales_manager": ["sales_team.group_sale_manager"],
    "helpdesk_own": ["helpdesk_mgmt.group_helpdesk_user_own"],
    "helpdesk_user": ["helpdesk_mgmt.group_helpdesk_user"],
    "helpdesk_manager": ["helpdesk_mgmt.group_helpdesk_manager"],
    "employee": [],
}


class TestMenuAccess(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.users = {}
        for role, groups in ROLES.items():
            ids = [cls.env.ref("base.group_user").id] + [cls.env.ref(g).id for g in groups]
            cls.users[role] = Users.create({
                "name": "Menu %s" % role, "login": "menu_access_%s" % role, "tz": "UTC",
                "groups_id": [(6, 0, ids)]})
        root = cls.env.ref("crm_service_kpi.service_kpi_menu_root")
        cls.menus = cls.env["ir.ui.menu"].search([("id", "child_of", root.id)])

    def _visible(self, user):
        Menu = self.env["ir.ui.menu"].sudo(user)
        visible = Menu._visible_menu_ids()

        def shown(menu):    # the menu and all its ancestors (load_menus' tree)
            while menu:
                if menu.id not in visible:
                    return False
                menu = menu.parent_id
            return True
        return self.menus.filtered(lambda m: m.action and shown(m))

    def _open(self, user, menu):
        action = menu.action
        env = self.env(user=user)
        if action._name == "ir.actions.client":
            self.assertEqual(action.tag, "crm_service_kpi.dashboard")
            data = env["crm.service.kpi.dashboard"].get_dashboard_data(
                "2026-02-01", "2026-02-28")
            self.assertTrue(data["tiles"])
        else:
            Model = env[action.res_model]
            Model.search_read([], limit=5)
            Model.fields_view_get(view_type="form")

    def test_every_visible_menu_works(self):
        for role, user in self.users.items():
            for menu in self._visible(user):
                with self.subTest(role=role, menu=menu.complete_name):
                    self._open(user, menu)

    def test_dashboard_visible_to_the_roles_that_can_use_it(self):
        dashboard = self.env.ref("crm_service_kpi.crm_service_kpi_dashboard_menu")
        for role in ("helpdesk_own", "helpdesk_user", "helpdesk_manager"):
            self.assertIn(dashboard, self._visible(self.users[role]), role)
        for role in ("salesperson", "sales_manager", "employee"):
            if dashboard in self._visible(self.users[role]):
                self._open(self.users[role], dashboard)
        # salespeople get the sales figures, and no service figures
        data = self.env(user=self.users["salesperson"])[
            "crm.service.kpi.dashboard"].get_dashboard_data("2026-02-01", "2026-02-28")
        available = {t["department"]: t["available"] for t in data["tiles"]}
        self.assertEqual(available, {"service": False, "sales": True, "marketing": True})
        self.assertFalse(data["filters"]["teams"])
        self.assertFalse(data["analysis"], "the ticket analysis is not for salespeople")

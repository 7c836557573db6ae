"""Cross-addon checks on a database where the three addons are installed."""
from odoo.tests.common import TransactionCase

SUITE = ("crm_customer360", "crm_loyalty", "crm_service_kpi")


class TestSuiteInstalled(TransactionCase):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", SUITE)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 3)

    def test_every_model_has_access_rights(self):
        """OCA CI's rule: no model of ours without an ir.model.access line."""
        data = self.env["ir.model.data"].search(
            [("module", "in", SUITE), ("model", "=", "ir.model")]
        )
        models = self.env["ir.model"].browse(data.mapped("res_id"))
        self.assertTrue(models)
        for model in models:
            Model = self.env[model.model]
            # Abstract and transient (wizard) models have no table and need
            # none; SQL-view reports (_auto = False) do need them.
            if Model._abstract or Model._transient:
                continue
            self.assertTrue(
                model.access_ids, "model %s has no access rights" % model.model
            )

    def test_top_menus(self):
        for xmlid in (
            "crm_customer360.customer360_menu_root",
            "crm_loyalty.loyalty_menu_root",
            "crm_service_kpi.service_kpi_menu_root",
        ):
            menu = self.env.ref(xmlid)
            self.assertFalse(menu.parent_id)
            self.assertTrue(menu.web_icon)

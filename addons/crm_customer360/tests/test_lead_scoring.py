# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase

from odoo.addons.crm_customer_base.rules import definitions

AS_OF = "2026-06-30"


class LeadScoringCase(SavepointCase):
    """Two new companies: Alpha has two years of won and lost leads where the
    trade fair wins far more often than the cold list; Beta has a short
    history. Sam sells for Alpha, Mia manages Alpha's sales, Pat is a portal
    user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        Company = env["res.company"]
        cls.alpha = Company.create({"name": "Alpha Scoring Ltd"})
        cls.beta = Company.create({"name": "Beta Scoring Ltd"})
        internal = env.ref("base.group_user")

        def user(login, company, groups):
            return env["res.users"].create({
                "name": login.title(), "login": login, "email": "%s@example.com" % login,
                "company_id": company.id, "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [g.id for g in groups])]})

        cls.sam = user("sam.score", cls.alpha,
                       [internal, env.ref("sales_team.group_sale_salesman")])
        cls.mia = user("mia.score", cls.alpha,
                       [internal, env.ref("sales_team.group_sale_manager")])
        cls.pat = user("pat.score", cls.alpha, [env.ref("base.group_portal")])
        Campaign = env["utm.campaign"]
        cls.fair = Campaign.create({"name": "Scoring Trade Fair"})
        cls.cold = Campaign.create({"name": "Scoring Cold List"})
        cls.won_stage = env["crm.stage"].search([("probability", "=", 100)], limit=1)
        rnd = random.Random(15)
        cls.history = []
        for i in range(160):
            fair = i % 2 == 0
            won = rnd.random() < (0.8 if fair else 0.2)
            cls.history.append(cls._lead(cls.alpha, cls.fair if fair else cls.cold,
                                         "won" if won else "lost", day=i))
        cls.fair_open = cls._lead(cls.alpha, cls.fair, "open", day=200, user=cls.sam)
        cls.cold_open = cls._lead(cls.alpha, cls.cold, "open", day=200, user=cls.sam)
        for i in range(10):
            cls._lead(cls.beta, cls.fair, "won", day=i)
            cls._lead(cls.beta, cls.cold, "lost", day=i)
        cls.beta_open = cls._lead(cls.beta, cls.fair, "open", day=200)
        cls.Model = env["crm.lead.score.model"]

    @classmethod
    def _lead(cls, company, campaign, outcome, day, user=None):
        """A lead created ``day`` days after 2025-06-01 and closed 20 days
        later (won or lost) or left open."""
        lead = cls.env["crm.lead"].create({
            "name": "%s %s %d" % (campaign.name, outcome, day), "company_id": company.id,
            "campaign_id": campaign.id, "type": "opportunity",
            "user_id": (user or cls.env.user).id, "team_id": False})
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = date '2025-06-01' + %s, date_closed = "
            "CASE WHEN %s = 'open' THEN NULL ELSE date '2025-06-21' + %s END, "
            "probability = CASE %s WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE 30 END, "
            "active = %s <> 'lost', stage_id = CASE WHEN %s = 'won' THEN %s ELSE stage_id END "
            "WHERE id = %s",
            [day, outcome, day, outcome, outcome, outcome, cls.won_stage.id, lead.id])
        return lead

    def _train(self, company, as_of=AS_OF):
        model = self.Model._train_company(company, as_of)
        self.env["crm.lead"].invalidate_cache()
        return model

    def test_scores_open_leads_from_the_company_history_only(self):
        model = self._train(self.alpha)
        won = sum(1 for lead in self.history if lead.probability == 100)
        self.assertEqual(model.state, "ok")
        self.assertEqual((model.won_count, model.lost_count), (won, 160 - won))
        self.assertEqual((model.train_count, model.test_count), (120, 40))
        self.assertTrue(model.auc_known)
        self.assertGreater(model.auc, 0.7)
        self.assertEqual(model.open_count, 2)
        self.assertTrue(self.fair_open.lead_score_known and self.cold_open.lead_score_known)
        self.assertGreater(self.fair_open.lead_score, 60)
        self.assertLess(self.cold_open.lead_score, 40)
        self.assertIn("from the campaign Scoring Trade Fair", self.fair_open.lead_score_reasons)
        self.assertIn("the average win rate", self.fair_open.lead_score_reasons)
        self.assertIn("AUC", self.fair_open.lead_score_check)
        # Beta's leads are neither used nor scored by Alpha's model.
        self.assertFalse(self.beta_open.lead_score_known)
        calibration = model.calibration_html
        self.assertIn("o_lead_score_calibration", calibration)

    def test_features_count_only_what_happened_before_the_outcome(self):
        env = self.env
        contact = env["res.partner"].create({"name": "Fair Visitor", "email": "fv@example.com"})
        self.fair_open.write({"partner_id": contact.id, "email_from": "fv@example.com"})
        closed = self.history[0]
        closed.write({"partner_id": contact.id})
        call = env.ref("mail.mail_activity_data_call")
        for lead, date in ((self.fair_open, "2026-01-05 10:00:00"),
                           (closed, "2025-06-10 10:00:00"), (closed, "2025-07-10 10:00:00")):
            env["mail.message"].create({
                "model": "crm.lead", "res_id": lead.id, "message_type": "notification",
                "mail_activity_type_id": call.id, "date": date, "body": "<p>Call</p>"})
        expected = {self.fair_open.id: 1, closed.id: 1}
        if "mail.mail.statistics" in env:
            mailing = env["mail.mass_mailing"].create({
                "name": "Fair follow-up", "body_html": "<p>x</p>",
                "mailing_model_id": env.ref("base.model_res_partner").id})
            env["mail.mail.statistics"].create({
                "model": "res.partner", "res_id": contact.id, "mass_mailing_id": mailing.id,
                "message_id": "<fair-score@example.com>", "sent": "2025-06-02 09:00:00",
                "opened": "2025-06-03 09:00:00", "clicked": "2025-07-15 09:00:00"})
        if "event.registration" in env:
            event = env["event.event"].create({
                "name": "Scoring seminar", "date_begin": "2025-12-01 09:00:00",
                "date_end": "2025-12-01 17:00:00"})
            registration = env["event.registration"].create({
                "event_id": event.id, "name": "Fair Visitor", "email": "FV@example.com"})
            env.cr.execute("UPDATE event_registration SET state = 'done', "
                           "date_closed = '2025-12-01 17:00:00' WHERE id = %s",
                           [registration.id])
        rows = {r["id"]: r for r in self.Model._features(self.alpha, AS_OF)}
        self.assertEqual(rows[self.fair_open.id]["activities"], expected[self.fair_open.id])
        # closed on 2025-06-21: the July call comes after the outcome
        self.assertEqual(rows[closed.id]["activities"], expected[closed.id])
        self.assertNotIn(self.beta_open.id, rows)
        if "mail.mail.statistics" in env:
            self.assertEqual((rows[closed.id]["opens"], rows[closed.id]["clicks"]), (1, 0))
            self.assertEqual((rows[self.fair_open.id]["opens"],
                              rows[self.fair_open.id]["clicks"]), (1, 1))
        if "event.registration" in env:
            self.assertEqual(rows[self.fair_open.id]["attended"], 1)
            self.assertEqual(rows[closed.id]["attended"], 0)

    def test_sql_and_python_agree_on_won_and_lost(self):
        archived = self.env["crm.lead"].create({
            "name": "Archived, not lost", "company_id": self.alpha.id, "probability": 40})
        archived.write({"active": False})
        self.env.cr.execute("UPDATE crm_lead SET create_date = '2025-07-01' WHERE id = %s",
                            [archived.id])
        leads = self.env["crm.lead"].with_context(active_test=False).search(
            [("company_id", "=", self.alpha.id)])
        rows = {r["id"]: r["outcome"] for r in self.Model._features(self.alpha, AS_OF)}
        for lead in leads:
            if definitions.is_won_lead(lead.active, lead.probability):
                expected = 1
            elif definitions.is_lost_lead(lead.active, lead.probability, lead.lost_reason.id):
                expected = 0
            elif definitions.is_open_lead(lead.active, lead.probability):
                expected = None
            else:
                self.assertNotIn(lead.id, rows)
                continue
            self.assertEqual(rows[lead.id], expected, lead.name)
        self.assertNotIn(archived.id, rows)

    def test_training_is_idempotent(self):
        first = self._train(self.alpha)
        score = self.fair_open.lead_score
        second = self._train(self.alpha)
        self.assertEqual(first, second)
        self.assertEqual(self.Model.search_count([("company_id", "=", self.alpha.id)]), 1)
        self.assertAlmostEqual(self.fair_open.lead_score, score, places=6)

    def test_too_few_closed_leads_gives_no_score(self):
        model = self._train(self.beta)
        self.assertEqual(model.state, "too_few")
        self.assertEqual((model.won_count, model.lost_count), (10, 10))
        self.assertIn("Too few closed leads", model.message)
        self.assertFalse(self.beta_open.lead_score_known)
        explained = self.beta_open.lead_score_explain()
        self.assertEqual(explained[str(self.beta_open.id)]["probability"], False)
        self.assertIn("Too few closed leads", explained[str(self.beta_open.id)]["check"])

    def test_scores_disappear_when_the_history_no_longer_suffices(self):
        self._train(self.alpha)
        self.assertTrue(self.fair_open.lead_score_known)
        lost = [lead for lead in self.history if lead.probability == 0]
        self.env.cr.execute("UPDATE crm_lead SET company_id = %s WHERE id IN %s",
                            [self.beta.id, tuple(lead.id for lead in lost)])
        model = self._train(self.alpha)
        self.assertEqual((model.state, model.lost_count), ("too_few", 0))
        self.assertFalse(self.fair_open.lead_score_known)
        self.assertFalse(self.fair_open.lead_score_reasons)

    def test_history_before_the_scoring_date_only(self):
        model = self._train(self.alpha, as_of="2025-06-30")
        self.assertEqual(model.state, "too_few")
        self.assertLess(model.won_count + model.lost_count, 40)

    def test_bad_input_changes_nothing(self):
        with self.assertRaises(UserError):
            self.Model._train_company(self.alpha, "30/06/2026")
        with self.assertRaises(UserError):
            self.Model._train_company(self.env["res.company"].browse(987654321), AS_OF)
        with self.assertRaises(UserError):
            self.Model._train_company(self.alpha, None)
        self.assertFalse(self.Model.search([("company_id", "=", self.alpha.id)]))
        self.assertFalse(self.fair_open.lead_score_known)

    def test_access(self):
        model_alpha = self._train(self.alpha)
        model_beta = self._train(self.beta)
        lead = self.fair_open.sudo(self.sam)
        self.assertGreater(lead.lead_score, 60)
        self.assertTrue(lead.lead_score_reasons)
        self.assertTrue(lead.lead_score_explain()[str(lead.id)]["probability"])
        with self.assertRaises(AccessError):
            self.Model.sudo(self.sam).search([])
        with self.assertRaises(AccessError):
            model_alpha.sudo(self.sam).action_train()
        seen = self.Model.sudo(self.mia).search([])
        self.assertIn(model_alpha, seen)
        self.assertNotIn(model_beta, seen)
        with self.assertRaises(AccessError):
            model_beta.sudo(self.mia).action_train()
        self.assertTrue(model_alpha.sudo(self.mia).action_train())
        with self.assertRaises(AccessError):
            self.fair_open.sudo(self.pat).read(["lead_score"])
        with self.assertRaises(AccessError):
            self.Model.sudo(self.pat).search([])

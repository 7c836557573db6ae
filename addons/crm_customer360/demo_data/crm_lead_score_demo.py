# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data only: eighteen months of closed leads with a real signal, so that
the demo company's lead scoring model learns something (AUC clearly above
0.5) and the open demo leads get scores with reasons.

The history is drawn from a fixed seed: trade fair cards and referrals win
more often than a bought cold-calling list, leads worked with activities win
more often, Chinese and Taiwanese leads of the direct sales team a little more.
Called from demo/crm_lead_score_demo.xml.
"""
import math
import random
from datetime import datetime, timedelta

from odoo import api, fields, models

#: (campaign name, source xmlid, medium xmlid, log-odds, share of the leads)
ORIGINS = (
    ("Trade fair Shanghai", None, "utm.utm_medium_direct", 1.0, 0.25),
    ("Customer referrals", None, "utm.utm_medium_phone", 0.7, 0.12),
    ("Website contact form", "utm.utm_source_search_engine", "utm.utm_medium_website", 0.0, 0.33),
    ("Cold calling list", None, "utm.utm_medium_phone", -1.3, 0.30),
)
COMPANIES = ("Huali Packaging", "Dongfang Tools", "Northwind Traders", "Taipei Optics",
             "Lakeside Foods", "Jinhe Textiles", "Brightway Logistics", "Minsheng Pharma",
             "Harbor Furniture", "Yuanda Motors", "Silverline Retail", "Qinghe Electric")
CONTACTS = ("Wang Fang", "Li Na", "Zhang Wei", "Chen Jing", "Lin Mei", "Anna Schmidt",
            "John Miller", "Huang Lei", "Zhao Min", "Sarah Brown")
COUNTRIES = (("base.cn", 0.25, 0.45), ("base.tw", 0.25, 0.15), ("base.us", -0.2, 0.2),
             ("base.de", -0.2, 0.2))


class CrmLeadScoreDemo(models.AbstractModel):
    _name = "crm.lead.score.demo"
    _description = "Lead scoring demo data"

    @staticmethod
    def _pick(rnd, weighted):
        x, acc = rnd.random(), 0.0
        for item in weighted:
            acc += item[-1]
            if x < acc:
                return item
        return weighted[-1]

    @api.model
    def _generate(self, closed=320, open_count=40, seed=1515):
        env = self.with_context(tracking_disable=True, mail_notrack=True,
                                mail_create_nolog=True).env
        rnd = random.Random(seed)
        company = env.ref("base.main_company")
        teams = [(env.ref("sales_team.team_sales_department"), 0.2),
                 (env.ref("sales_team.salesteam_website_sales"), -0.1)]
        Campaign = env["utm.campaign"]
        Source = env["utm.source"]
        origins = []
        for name, source_xmlid, medium_xmlid, effect, share in ORIGINS:
            campaign = Campaign.search([("name", "=", name)], limit=1) or Campaign.create(
                {"name": name})
            source = env.ref(source_xmlid) if source_xmlid else (
                Source.search([("name", "=", name)], limit=1) or Source.create({"name": name}))
            origins.append((campaign, source, env.ref(medium_xmlid), effect, share))
        countries = [(env.ref(x), effect, share) for x, effect, share in COUNTRIES]
        call = env.ref("mail.mail_activity_data_call")
        lost_reasons = [env.ref("crm.lost_reason_%d" % i) for i in (1, 2, 3)]
        won_stage = env["crm.stage"].search([("probability", "=", 100)], limit=1)
        today = datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)
        Lead = env["crm.lead"]
        rows = []
        for i in range(closed + open_count):
            campaign, source, medium, origin_effect, _share = self._pick(rnd, origins)
            country, country_effect, _share = self._pick(rnd, countries)
            team, team_effect = teams[rnd.random() < 0.35]
            activities = min(int(rnd.expovariate(0.45)), 8)
            logit = -0.6 + origin_effect + country_effect + team_effect + 0.3 * (activities - 2)
            won = rnd.random() < 1.0 / (1.0 + math.exp(-logit))
            is_open = i >= closed
            created = today - timedelta(days=(rnd.randint(5, 60) if is_open
                                              else 45 + (closed - i) * 540 // closed),
                                        hours=rnd.randint(0, 8))
            duration = rnd.randint(7, 60) if won else rnd.randint(3, 45)
            company_name = "%s %s" % (rnd.choice(COMPANIES), rnd.choice(("", "Co.", "Ltd.")))
            lead = Lead.create({
                "name": "%s - %s" % (campaign.name, company_name.strip()),
                "type": "opportunity" if is_open and rnd.random() < 0.5 else "lead",
                "partner_name": company_name.strip(), "contact_name": rnd.choice(CONTACTS),
                "company_id": company.id, "team_id": team.id, "user_id": team.user_id.id,
                "campaign_id": campaign.id, "source_id": source.id, "medium_id": medium.id,
                "country_id": country.id, "planned_revenue": rnd.choice((5, 8, 12, 20, 40)) * 1000,
            })
            closed_on = created + timedelta(days=duration)
            rows.append((lead.id, is_open, won, created, closed_on, activities))
        cr = env.cr
        messages = []
        for lead_id, is_open, won, created, closed_on, activities in rows:
            end = today if is_open else closed_on
            span = max((end - created).days, 1)
            for k in range(activities if not is_open else activities // 2):
                messages.append((lead_id, fields.Datetime.to_string(
                    created + timedelta(days=span * (k + 1) // (activities + 1)))))
            cr.execute("UPDATE crm_lead SET create_date = %s WHERE id = %s",
                       [fields.Datetime.to_string(created), lead_id])
            if is_open:
                continue
            if won:
                cr.execute(
                    "UPDATE crm_lead SET probability = 100, stage_id = %s, date_closed = %s, "
                    "type = 'opportunity' WHERE id = %s",
                    [won_stage.id, fields.Datetime.to_string(closed_on), lead_id])
            else:
                cr.execute(
                    "UPDATE crm_lead SET probability = 0, active = FALSE, lost_reason = %s, "
                    "date_closed = %s WHERE id = %s",
                    [rnd.choice(lost_reasons).id, fields.Datetime.to_string(closed_on), lead_id])
        # The activities done, as Odoo 11 records them (a message with the
        # activity type): one INSERT.
        cr.execute("""
            INSERT INTO mail_message (model, res_id, message_type, mail_activity_type_id,
                                      date, body, subject, create_date, write_date)
            SELECT 'crm.lead', m.res_id, 'notification', %s, m.date, '<p>Call done</p>',
                   'Call', m.date, m.date
              FROM unnest(%s::int[], %s::timestamp[]) AS m(res_id, date)""",
                   [call.id, [m[0] for m in messages], [m[1] for m in messages]])
        Lead.invalidate_cache()
        env["crm.lead.score.model"]._train_company(
            company, fields.Date.to_string(today.date()))

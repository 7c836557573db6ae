# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data only: the business cards of a trade fair imported by the lead
intake a month ago, and the follow-up since (calls, meetings, opportunities,
a won deal), so that the follow-up funnel has a story to show."""
import base64
from datetime import datetime, timedelta

from odoo import api, fields, models

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳")
CITIES = ("上海", "苏州", "杭州", "宁波", "南京")
TRADES = ("精密机械", "电子科技", "包装材料", "国际贸易", "新能源")
TITLES = ("采购经理", "总经理", "工程师", "Purchasing Manager", "CTO")


class CrmLeadIntakeDemo(models.AbstractModel):
    _name = "crm.lead.intake.demo"
    _description = "Lead intake demo data"

    def _ago(self, days, hour=10):
        moment = datetime.now().replace(hour=hour, minute=0, second=0, microsecond=0)
        return fields.Datetime.to_string(moment - timedelta(days=days))

    def _cards(self, count):
        lines = ["姓名,公司,职位,手机,邮箱,国家"]
        for i in range(count):
            name = SURNAMES[i % 10] + GIVEN[(i * 3) % 10]
            company = "%s%s%s有限公司" % (CITIES[i % 5], TRADES[(i // 5) % 5], "一二三四五六七八"[i % 8])
            lines.append("%s,%s,%s,＋８６ １３９ %04d %04d,card%d@fair-demo.example,CN" % (
                name, company, TITLES[i % 5], 1000 + i, 2000 + i, i))
        # a known customer's contact, a card given twice, and a bad row
        lines.append("Jackson Group,Jackson Group,Buyer,,%s,US" % (
            self.env.ref("base.res_partner_10").email or "jackson@fair-demo.example"))
        lines.append("%s%s,重复的名片,,,card0@fair-demo.example,CN" % (SURNAMES[0], GIVEN[0]))
        lines.append("无效,,,,not-an-email,CN")
        return ("\n".join(lines) + "\n").encode("gb18030")

    @api.model
    def _generate(self, campaign_xmlid):
        env = self.env
        campaign = env.ref(campaign_xmlid)
        demo_user = env.ref("base.user_demo")
        wizard = env["crm.lead.intake"].create({
            "file": base64.b64encode(self._cards(40)), "filename": "trade_fair_cards.csv",
            "campaign_id": campaign.id, "import_mode": "good",
            "team_id": env.ref("sales_team.team_sales_department").id})
        wizard.action_preview()
        wizard.action_import()
        leads = wizard.lead_ids.sorted("id")
        cr = env.cr
        cr.execute("UPDATE crm_lead SET intake_date = %s, create_date = %s WHERE id IN %s",
                   [self._ago(30, 9), self._ago(30, 9), tuple(leads.ids)])
        note = env.ref("mail.mt_note")
        for i, lead in enumerate(leads[:24]):
            env["mail.message"].create({
                "model": "crm.lead", "res_id": lead.id, "message_type": "comment",
                "subtype_id": note.id, "author_id": demo_user.partner_id.id,
                "mail_activity_type_id": env.ref("mail.mail_activity_data_call").id,
                "body": "<p>Called after the trade fair.</p>", "date": self._ago(28 - i % 9)})
        for i, lead in enumerate(leads[:10]):
            cr.execute("UPDATE crm_lead SET type = 'opportunity', date_conversion = %s, "
                       "user_id = COALESCE(user_id, %s) WHERE id = %s",
                       [self._ago(20 - i), demo_user.id, lead.id])
        for lead in leads[:3]:
            cr.execute("UPDATE crm_lead SET probability = 100, date_closed = %s, "
                       "stage_id = COALESCE((SELECT id FROM crm_stage WHERE probability = 100 "
                       "ORDER BY sequence LIMIT 1), stage_id) WHERE id = %s",
                       [self._ago(5), lead.id])
        env["crm.lead"].invalidate_cache()

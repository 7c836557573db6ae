# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data only: six months of service, sales and marketing history that
fills the KPI dashboard with believable figures.

Called from demo/crm_service_kpi_demo.xml. Deterministic: every choice comes
from ``random.Random(seed)``, and times are laid out in the working hours of
the team's calendar (``sla.add_working_hours``), relative to today. Records
are created through the ORM (without mails, notifications or automatic
feedback requests), then their history dates are set with SQL, and the
stored SLA/KPI figures are recomputed with the addon's own methods
(``_sla_compute_deadlines``, ``_compute_kpi_hours``, ``_compute_is_detractor``)
so that they agree with the dates.

Fast tickets score better than slow ones (CSAT, NPS), so that the driver
analysis has something to show. Fields added by other parts of the suite
(``utm.campaign.cost``, ``crm.lead.ticket_id``) are filled only when they
exist.
"""
import logging
import random
from datetime import datetime, timedelta

import pytz
from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import satisfaction, sla

_logger = logging.getLogger(__name__)

DEMO_TZ = "Asia/Shanghai"
DEMO_DONE_PARAM = "crm_service_kpi.demo_generated"

TICKET_SUBJECTS = [
    "Invoice shows the wrong VAT rate",
    "Delivery arrived with a damaged box",
    "Cannot log in to the customer portal",
    "Printer driver does not install",
    "Order delivered to the old address",
    "Request for a copy of last month's invoice",
    "Spare part missing from the kit",
    "Device stops after ten minutes",
    "Training session for new staff",
    "Quote needed for an extended warranty",
    "Wrong product variant delivered",
    "Credit note not received",
    "Installation appointment to reschedule",
    "Firmware update failed",
    "Noise from the cooling fan",
    "Manual in Chinese requested",
]

AGENTS = [
    ("Li Na (demo)", "li.na.service.demo"),
    ("Wang Wei (demo)", "wang.wei.service.demo"),
    ("Chen Jing (demo)", "chen.jing.service.demo"),
]

PRIORITY_WEIGHTS = [("0", 30), ("1", 42), ("2", 20), ("3", 8)]
# causes of the solved demo tickets: a third are the customer's own mistake
# or a question the manual answers (drawn from their own stream, so that the
# rest of the demo stays as it was)
CAUSE_WEIGHTS = [("ticket_cause_user_error", 20), ("ticket_cause_how_to", 17),
                 ("ticket_cause_product_defect", 30), ("ticket_cause_delivery", 14),
                 ("ticket_cause_billing", 11), ("ticket_cause_other", 8)]


def _weighted(rng, pairs):
    total = sum(weight for __, weight in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def demo_scores(rng, first_response_hours, resolution_hours, breached, reopened):
    """(csat, nps) of a customer, better when the service was fast: the
    base satisfaction falls with the working hours to the first response and
    to the resolution, and with a breached SLA or a reopening."""
    mood = 4.6
    mood -= min(first_response_hours, 24.0) / 12.0
    mood -= min(resolution_hours, 80.0) / 40.0
    if breached:
        mood -= 0.8
    if reopened:
        mood -= 0.7
    mood += rng.uniform(-0.9, 0.7)
    csat = int(round(min(max(mood, 1.0), 5.0)))
    nps = int(round(min(max(mood * 2.2 - 1.0 + rng.uniform(-1.5, 1.5), 0.0), 10.0)))
    return csat, nps


def _st(value):
    return fields.Datetime.to_string(value)


class CrmServiceKpiDemo(models.AbstractModel):
    _name = "crm.service.kpi.demo"
    _description = "Service KPI demo data"

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    @api.model
    def _demo_calendar(self):
        calendar = self.env.ref("resource.resource_calendar_std", raise_if_not_found=False)
        return calendar or self.env.user.company_id.resource_calendar_id

    @api.model
    def _demo_attendances(self, calendar):
        return [
            (int(a.dayofweek), a.hour_from, a.hour_to, a.date_from, a.date_to)
            for a in calendar.attendance_ids
        ]

    @api.model
    def _demo_local_moment(self, rng, now, days_ago):
        """A moment of a working day ``days_ago`` days ago, local office
        hours (mostly 8:30-17:30), as naive UTC."""
        tz = pytz.timezone(DEMO_TZ)
        local_today = pytz.utc.localize(now).astimezone(tz).replace(tzinfo=None)
        day = (local_today - timedelta(days=days_ago)).date()
        while day.weekday() >= 5 and rng.random() < 0.85:
            day -= timedelta(days=1)
        hour = rng.uniform(8.5, 17.5)
        local = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
        moment = tz.localize(local, is_dst=False).astimezone(pytz.utc).replace(tzinfo=None)
        return min(moment, now - timedelta(minutes=30))

    @api.model
    def _demo_users(self):
        """Service agents: the demo user, the administrator and three
        agents created for the demo."""
        Users = self.env["res.users"].with_context(no_reset_password=True)
        user_group = self.env.ref("helpdesk_mgmt.group_helpdesk_user")
        sales_group = self.env.ref("sales_team.group_sale_salesman")
        agents = Users.browse()
        for name, login in AGENTS:
            user = Users.search([("login", "=", login)], limit=1)
            if not user:
                user = Users.create(
                    {
                        "name": name,
                        "login": login,
                        "email": "%s@example.com" % login,
                        "tz": DEMO_TZ,
                        "groups_id": [(4, user_group.id), (4, sales_group.id)],
                    }
                )
            agents |= user
        return agents

    # ------------------------------------------------------------------
    # entry point
    # ------------------------------------------------------------------
    @api.model
    def _generate(self, seed=2026, ticket_count=220):
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(DEMO_DONE_PARAM):
            return False  # once per database, even if the demo file is loaded again
        params.set_param(DEMO_DONE_PARAM, str(seed))
        rng = random.Random(seed)
        env = self.env(
            context=dict(
                self.env.context,
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_auto_subscribe_no_notify=True,
                # the demo writes messages as history, without notifying anyone
                message_create_from_mail_mail=True,
            )
        )
        self = self.with_env(env)
        now = fields.Datetime.from_string(fields.Datetime.now()).replace(microsecond=0)
        calendar = self._demo_calendar()
        attendances = self._demo_attendances(calendar)
        agents = self._demo_users()
        teams = self._demo_teams(agents, calendar)
        self._demo_policies(teams)
        customers = self._demo_customers()
        if not customers:
            _logger.info("Service KPI demo: no customer, nothing generated")
            return False
        tickets, facts = self._demo_tickets(
            rng, now, attendances, teams, customers, ticket_count
        )
        self._demo_feedback(rng, now, tickets, facts)
        campaigns = self._demo_campaigns()
        self._demo_leads(rng, now, attendances, customers, campaigns, tickets)
        self._demo_orders(rng, now, customers, campaigns)
        return True

    # ------------------------------------------------------------------
    # teams, policies, customers
    # ------------------------------------------------------------------
    @api.model
    def _demo_teams(self, agents, calendar):
        admin = self.env.ref("base.user_root")
        demo = self.env.ref("base.user_demo", raise_if_not_found=False) or admin
        refs = [
            ("helpdesk_mgmt.helpdesk_team_1", admin, agents[:2] | admin),
            ("helpdesk_mgmt.helpdesk_team_2", demo, agents[1:] | demo),
            ("helpdesk_mgmt.helpdesk_team_3", agents[2], agents[2] | admin),
        ]
        teams = self.env["helpdesk.ticket.team"]
        for xmlid, leader, members in refs:
            team = self.env.ref(xmlid, raise_if_not_found=False)
            if not team:
                continue
            team.write(
                {
                    "leader_id": leader.id,
                    "resource_calendar_id": calendar.id,
                    "tz": DEMO_TZ,
                    "user_ids": [(4, user.id) for user in members],
                }
            )
            teams |= team
        if not teams:
            teams = self.env["helpdesk.ticket.team"].create(
                {
                    "name": "Customer Service",
                    "leader_id": admin.id,
                    "resource_calendar_id": calendar.id,
                    "tz": DEMO_TZ,
                    "user_ids": [(6, 0, (agents | admin).ids)],
                }
            )
        return teams

    @api.model
    def _demo_policies(self, teams):
        Policy = self.env["crm.service.sla.policy"]
        existing = {
            sla.policy_key(p["team_id"], p["priority"], p["tier"])
            for p in Policy._sla_policy_dicts()
        }
        rows = [
            ("Standard support", False, False, False, 4.0, 24.0, 10),
            ("Urgent tickets", False, "2", False, 2.0, 12.0, 5),
            ("Critical tickets", False, "3", False, 1.0, 6.0, 5),
            ("Gold customers", False, False, "Gold", 2.0, 16.0, 5),
        ]
        for team in teams[:1]:
            rows.append(("%s: standard" % team.name, team.id, False, False, 3.0, 20.0, 8))
        for name, team_id, priority, tier, first, resolution, sequence in rows:
            if sla.policy_key(team_id, priority, tier) in existing:
                continue
            Policy.create(
                {
                    "name": name,
                    "team_id": team_id,
                    "priority": priority,
                    "tier_name": tier,
                    "first_response_hours": first,
                    "resolution_hours": resolution,
                    "at_risk_pct": 75.0,
                    "sequence": sequence,
                }
            )

    @api.model
    def _demo_customers(self):
        """Companies with an email (the demo customers), and their contacts."""
        companies = self.env["res.partner"].search(
            [
                ("is_company", "=", True),
                ("customer", "=", True),
                ("email", "!=", False),
                ("id", "!=", self.env.user.company_id.partner_id.id),
            ],
            order="id",
            limit=14,
        )
        return companies

    # ------------------------------------------------------------------
    # tickets
    # ------------------------------------------------------------------
    @api.model
    def _demo_stages(self):
        Stage = self.env["helpdesk.ticket.stage"]

        def ref(xmlid, domain):
            stage = self.env.ref(xmlid, raise_if_not_found=False)
            return stage or Stage.search(domain, order="sequence, id", limit=1)

        return {
            "new": ref("helpdesk_mgmt.helpdesk_ticket_stage_new", [("closed", "=", False)]),
            "progress": ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_in_progress", [("closed", "=", False)]
            ),
            "waiting": ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_awaiting", [("waiting_customer", "=", True)]
            ),
            "done": ref("helpdesk_mgmt.helpdesk_ticket_stage_done", [("closed", "=", True)]),
            "cancelled": ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_cancelled", [("closed", "=", True)]
            ),
        }

    @api.model
    def _demo_ticket_plan(self, rng, now, attendances, teams, customers, count):
        """The life of each ticket (dates in naive UTC), decided up front."""
        stages = self._demo_stages()
        categories = self.env["helpdesk.ticket.category"].search([], order="id")
        channels = self.env["helpdesk.ticket.channel"].search([], order="id")
        plans = []
        cause_rng = random.Random("ticket causes %d" % count)
        for index in range(count):
            team = teams[index % len(teams)] if rng.random() < 0.6 else rng.choice(teams)
            members = team.user_ids.sorted("id")
            company = rng.choice(customers)
            contacts = company.child_ids.filtered("email").sorted("id")
            partner = rng.choice(contacts) if contacts and rng.random() < 0.6 else company
            days_ago = int(rng.triangular(0, 182, 60))
            opened = self._demo_local_moment(rng, now, days_ago)
            priority = _weighted(rng, PRIORITY_WEIGHTS)
            bucket = rng.random()
            if bucket < 0.45:
                first_hours = rng.uniform(0.1, 1.0)
            elif bucket < 0.8:
                first_hours = rng.uniform(1.0, 4.0)
            elif bucket < 0.95:
                first_hours = rng.uniform(4.0, 10.0)
            else:
                first_hours = rng.uniform(10.0, 30.0)
            work_hours = first_hours + rng.choice(
                [rng.uniform(0.5, 6.0), rng.uniform(4.0, 18.0), rng.uniform(12.0, 60.0)]
            )
            if priority in ("2", "3"):
                first_hours *= 0.5
                work_hours *= 0.6
            paused = rng.uniform(2.0, 16.0) if rng.random() < 0.18 else 0.0
            first_response = sla.add_working_hours(opened, first_hours, attendances, DEMO_TZ)
            closed = sla.add_working_hours(opened, work_hours + paused, attendances, DEMO_TZ)
            plan = {
                "team": team,
                "user": rng.choice(members) if members else False,
                "partner": partner,
                "priority": priority,
                "category": rng.choice(categories) if categories else False,
                "channel": rng.choice(channels) if channels else False,
                "name": rng.choice(TICKET_SUBJECTS),
                "opened": opened,
                "first_response": first_response if first_response < now else False,
                "first_hours": first_hours,
                "work_hours": work_hours,
                "paused": 0.0,
                "paused_since": False,
                "closed": False,
                "stage": stages["progress"],
                "reopen": 0,
                "customer_reply": rng.random() < 0.5,
            }
            finished = closed < now - timedelta(hours=2) and rng.random() < (
                0.93 if days_ago > 14 else 0.55
            )
            if finished:
                plan.update(closed=closed, paused=paused, stage=stages["done"])
                plan["cause"] = self.env.ref(
                    "crm_service_kpi." + _weighted(cause_rng, CAUSE_WEIGHTS),
                    raise_if_not_found=False)
                if rng.random() < 0.03:
                    plan["stage"] = stages["cancelled"]
                elif rng.random() < 0.09:
                    plan["reopen"] = 1
            elif plan["first_response"] and stages["waiting"] and rng.random() < 0.35:
                plan.update(stage=stages["waiting"], paused_since=plan["first_response"])
            elif not plan["first_response"]:
                plan["stage"] = stages["new"]
            plans.append(plan)
        plans.sort(key=lambda p: p["opened"])
        return plans

    @api.model
    def _demo_tickets(self, rng, now, attendances, teams, customers, count):
        plans = self._demo_ticket_plan(rng, now, attendances, teams, customers, count)
        # Created "in the past" (sla_now before every opening): no SLA
        # notification is sent for history; the real status comes below.
        Ticket = self.env["helpdesk.ticket"].with_context(sla_now="2000-01-01 00:00:00")
        tickets = Ticket.browse()
        for plan in plans:
            ticket = Ticket.create(
                {
                    "name": plan["name"],
                    "description": "<p>%s</p>" % plan["name"],
                    "partner_id": plan["partner"].id,
                    "partner_name": plan["partner"].name,
                    "partner_email": plan["partner"].email,
                    "team_id": plan["team"].id,
                    "priority": plan["priority"],
                    "category_id": plan["category"].id if plan["category"] else False,
                    "channel_id": plan["channel"].id if plan["channel"] else False,
                    "stage_id": plan["stage"].id,
                    "sla_start_date": _st(plan["opened"]),
                    "reopen_count": plan["reopen"],
                    "cause_id": plan["cause"].id if plan.get("cause") else False,
                }
            )
            plan["ticket"] = ticket
            tickets |= ticket
        self._demo_ticket_messages(rng, now, plans)
        cr = self.env.cr
        for plan in plans:
            closed = plan["closed"]
            cr.execute(
                """
                UPDATE helpdesk_ticket
                   SET create_date = %(opened)s, write_date = %(last)s,
                       sla_start_date = %(opened)s, user_id = %(user)s,
                       assigned_date = %(opened)s, last_stage_update = %(last)s,
                       first_response_date = %(first)s, closed_date = %(closed)s,
                       sla_paused_hours = %(paused)s, sla_paused_since = %(paused_since)s,
                       sla_risk_notified = %(history)s, sla_breach_notified = %(history)s
                 WHERE id = %(id)s
                """,
                {
                    "id": plan["ticket"].id,
                    "opened": _st(plan["opened"]),
                    "last": _st(closed or plan["first_response"] or plan["opened"]),
                    "user": plan["user"].id if plan["user"] else None,
                    "first": _st(plan["first_response"]) if plan["first_response"] else None,
                    "closed": _st(closed) if closed else None,
                    "paused": plan["paused"],
                    "paused_since": _st(plan["paused_since"]) if plan["paused_since"] else None,
                    # solved tickets are history: no escalation activity for them
                    "history": bool(closed),
                },
            )
        self._demo_next_reply(plans, attendances)
        tickets.invalidate_cache()
        tickets = tickets.with_context(sla_now=False)
        # deadlines from the real opening, then the status as of now (open
        # tickets past their SLA notify their team leader, as in real life)
        tickets._sla_compute_deadlines()
        self._demo_recompute(tickets, ["first_response_hours", "resolution_hours"])
        facts = {plan["ticket"].id: plan for plan in plans}
        return tickets, facts

    @api.model
    def _demo_next_reply(self, plans, attendances):
        """The next-reply clock of the customer's reply after the first
        response: answered when the ticket was solved (in time or not against
        the policy's target), else still waiting (its state comes with the
        deadlines)."""
        rows = []
        for plan in plans:
            reply = plan.get("reply")
            if not reply:
                continue
            ticket = plan["ticket"]
            if plan["closed"]:
                deadline, _risk = sla.next_reply_deadlines(
                    reply, ticket.sla_policy_id.next_reply_hours, 80.0, 0.0, attendances,
                    DEMO_TZ)
                met = sla.next_reply_met(plan["closed"], deadline)
                rows.append((ticket.id, None, 1, 1 if met else 0))
            else:
                rows.append((ticket.id, _st(reply), 0, 0))
        if rows:
            execute_values(self.env.cr, """
                UPDATE helpdesk_ticket t
                   SET next_reply_start = v.start::timestamp,
                       next_reply_answered_count = v.answered,
                       next_reply_met_count = v.met
                  FROM (VALUES %s) AS v(id, start, answered, met)
                 WHERE t.id = v.id""", rows)

    @api.model
    def _demo_backdate_messages(self, model, res_id, moment, now):
        """Messages the ORM just logged on a backdated document (creation,
        warnings of other addons) take the document's date, not today's."""
        self.env.cr.execute(
            "UPDATE mail_message SET date = %s WHERE model = %s AND res_id = %s AND date >= %s",
            (_st(moment), model, res_id, _st(now)),
        )

    @api.model
    def _demo_recompute(self, records, fnames):
        records.invalidate_cache()
        for fname in fnames:
            self.env.add_todo(records._fields[fname], records)
        records.recompute()

    @api.model
    def _demo_ticket_message(self, ticket, message_type, subtype, author, body, date, **vals):
        """A message on ``ticket`` by the partner ``author`` at ``date``."""
        vals.update(
            model="helpdesk.ticket",
            res_id=ticket.id,
            message_type=message_type,
            subtype_id=subtype.id,
            author_id=author.id,
            body=body,
            date=_st(date),
        )
        return self.env["mail.message"].create(vals)

    @api.model
    def _demo_ticket_messages(self, rng, now, plans):
        comment = self.env.ref("mail.mt_comment")
        note = self.env.ref("mail.mt_note")
        for plan in plans:
            ticket, partner = plan["ticket"], plan["partner"]
            email_from = partner.email_formatted or partner.email
            self._demo_ticket_message(
                ticket, "email", comment, partner,
                "<p>%s. Could you help us, please?</p>" % ticket.name, plan["opened"],
                email_from=email_from, subject=ticket.name,
            )
            agent = plan["user"]
            if not plan["first_response"] or not agent:
                continue
            self._demo_ticket_message(
                ticket, "comment", comment, agent.partner_id,
                "<p>Thank you for your message, we are looking into it.</p>",
                plan["first_response"], partner_ids=[(4, partner.id)],
            )
            end = plan["closed"] or now
            if plan["customer_reply"] and end > plan["first_response"] + timedelta(hours=1):
                reply = plan["first_response"] + timedelta(
                    seconds=rng.uniform(0.3, 0.9) * (end - plan["first_response"]).total_seconds()
                )
                self._demo_ticket_message(
                    ticket, "email", comment, partner,
                    "<p>Here are the details you asked for.</p>", reply,
                    email_from=email_from,
                )
                plan["reply"] = reply
            if plan["closed"]:
                self._demo_ticket_message(
                    ticket, "comment", note, agent.partner_id,
                    "<p>Solved; customer informed.</p>", plan["closed"],
                )

    # ------------------------------------------------------------------
    # feedback
    # ------------------------------------------------------------------
    @api.model
    def _demo_feedback(self, rng, now, tickets, facts):
        """Requests for solved tickets (at most one per customer in 30 days,
        like the real rule), about 60% answered, scores driven by speed."""
        Feedback = self.env["crm.service.feedback"].sudo()
        done_stage = self._demo_stages()["done"]
        last_asked = {}
        created = []
        for ticket in tickets.sorted(lambda t: t.closed_date or ""):
            plan = facts[ticket.id]
            if not plan["closed"] or plan["stage"] != done_stage:
                continue
            if not plan["first_response"]:
                continue
            partner = plan["partner"]
            requested = plan["closed"] + timedelta(minutes=rng.randint(1, 20))
            previous = last_asked.get(partner.id)
            if previous and requested - previous < timedelta(days=30):
                continue
            last_asked[partner.id] = requested
            answered = None
            if rng.random() < 0.62:
                answered = requested + timedelta(hours=rng.uniform(0.5, 70.0))
                if answered >= now:
                    answered = None
            feedback = Feedback.create(
                {
                    "state": "requested",
                    "ticket_id": ticket.id,
                    "partner_id": partner.id,
                    "user_id": ticket.user_id.id,
                    "team_id": ticket.team_id.id,
                    "company_id": ticket.company_id.id or self.env.user.company_id.id,
                    "access_token": satisfaction.new_token(),
                    "request_date": _st(requested),
                    "expiry_date": _st(requested + timedelta(days=30)),
                    # old detractors were followed up at the time
                    "followup_done": bool(answered and now - answered > timedelta(days=10)),
                }
            )
            created.append((feedback, requested, answered))
            if answered:
                csat, nps = demo_scores(
                    rng,
                    ticket.first_response_hours,
                    ticket.resolution_hours,
                    ticket.sla_status == sla.BREACHED,
                    bool(plan["reopen"]),
                )
                feedback.write(
                    {
                        "state": "answered",
                        "csat": csat,
                        "nps": nps,
                        "answered_date": _st(answered),
                        "comment": rng.choice(
                            [False, "Quick and friendly.", "Solved at the first call."]
                            if definitions.is_satisfied(csat)
                            else [False, "Took too long.", "Had to call twice."]
                            if definitions.is_unhappy(csat, None)
                            else [False, False, "Fine in the end."]
                        ),
                    }
                )
        for feedback, requested, __ in created:
            self.env.cr.execute(
                "UPDATE crm_service_feedback SET create_date = %s WHERE id = %s",
                (_st(requested), feedback.id),
            )

    # ------------------------------------------------------------------
    # marketing and sales
    # ------------------------------------------------------------------
    @api.model
    def _demo_campaigns(self):
        Campaign = self.env["utm.campaign"]
        campaigns = Campaign.browse()
        for name, cost in (("Spring trade fair (demo)", 18000.0), ("Newsletter Q3 (demo)", 2500.0)):
            campaign = Campaign.search([("name", "=", name)], limit=1)
            if not campaign:
                vals = {"name": name}
                if "cost" in Campaign._fields:
                    vals["cost"] = cost
                campaign = Campaign.create(vals)
            campaigns |= campaign
        return campaigns

    @api.model
    def _demo_leads(self, rng, now, attendances, customers, campaigns, tickets):
        """Opportunities over six months with a first response by the
        salesperson, about 55% of the closed ones won; a few born from
        tickets when crm.lead has ``ticket_id``."""
        Lead = self.env["crm.lead"]
        salespeople = self.env["res.users"].search(
            [("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").id),
             ("share", "=", False)],
            order="id",
            limit=4,
        )
        if not salespeople:
            return Lead
        sales_team = self.env["crm.team"].search([], order="id", limit=1)
        lost_reason = self.env["crm.lost.reason"].search([], order="id", limit=1)
        comment = self.env.ref("mail.mt_comment")
        solved = tickets.filtered("closed_date").sorted("id")
        has_ticket = "ticket_id" in Lead._fields
        leads = []
        for index in range(60):
            days_ago = int(rng.uniform(3, 180))
            created = self._demo_local_moment(rng, now, days_ago)
            partner = rng.choice(customers)
            user = rng.choice(salespeople)
            revenue = round(rng.uniform(2, 60)) * 500.0
            vals = {
                "name": "%s: %s" % (partner.name, rng.choice(
                    ["new equipment", "maintenance contract", "spare parts", "upgrade",
                     "training package", "extended warranty"])),
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": user.id,
                "team_id": sales_team.id if sales_team else False,
                "planned_revenue": revenue,
                "campaign_id": (
                    rng.choice(campaigns).id if campaigns and rng.random() < 0.5 else False
                ),
            }
            if has_ticket and solved and rng.random() < 0.15:
                vals["ticket_id"] = rng.choice(solved).id
            lead = Lead.create(vals)
            response = sla.add_working_hours(
                created, rng.choice([rng.uniform(0.2, 2.0), rng.uniform(2.0, 12.0)]),
                attendances, DEMO_TZ)
            if response < now:
                self.env["mail.message"].create(
                    {
                        "model": "crm.lead",
                        "res_id": lead.id,
                        "message_type": "comment",
                        "subtype_id": comment.id,
                        "author_id": user.partner_id.id,
                        "partner_ids": [(4, partner.id)],
                        "body": "<p>Thank you for your interest; here is our proposal.</p>",
                        "date": _st(response),
                    }
                )
            outcome = None
            closed = created + timedelta(days=rng.uniform(5, 40))
            if closed < now - timedelta(days=1):
                outcome = "won" if rng.random() < 0.55 else "lost"
            leads.append((lead, created, outcome, closed))
        for lead, created, outcome, closed in leads:
            if outcome == "won":
                lead.action_set_won()
            elif outcome == "lost":
                lead.write({"lost_reason": lost_reason.id if lost_reason else False})
                lead.action_set_lost()
            self.env.cr.execute(
                """
                UPDATE crm_lead
                   SET create_date = %s, date_open = %s, date_last_stage_update = %s,
                       date_closed = %s
                 WHERE id = %s
                """,
                (_st(created), _st(created), _st(closed if outcome else created),
                 _st(closed) if outcome else None, lead.id),
            )
            self._demo_backdate_messages("crm.lead", lead.id, created, now)
        return Lead.browse([lead.id for lead, __, __, __ in leads])

    @api.model
    def _demo_orders(self, rng, now, customers, campaigns):
        """Confirmed orders with their deliveries done a few days later (when
        a warehouse exists), and a few feedback answers about deliveries."""
        if not self.env["stock.warehouse"].search([], limit=1):
            return
        Product = self.env["product.product"]
        products = Product.browse()
        for name, price in (("Service kit (demo)", 120.0), ("Replacement part (demo)", 45.0)):
            product = Product.search([("name", "=", name)], limit=1)
            if not product:
                product = Product.create(
                    {"name": name, "type": "consu", "list_price": price, "sale_ok": True}
                )
            products |= product
        salespeople = self.env["res.users"].search(
            [("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").id),
             ("share", "=", False)],
            order="id",
            limit=4,
        )
        Feedback = self.env["crm.service.feedback"].sudo()
        for index in range(24):
            days_ago = int(rng.uniform(4, 175))
            confirmed = self._demo_local_moment(rng, now, days_ago)
            partner = rng.choice(customers)
            vals = {
                "partner_id": partner.id,
                "user_id": rng.choice(salespeople).id if salespeople else False,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": rng.randint(1, 6)})
                    for product in products
                    if rng.random() < 0.8 or product == products[0]
                ],
            }
            campaign = rng.choice(campaigns) if campaigns and rng.random() < 0.4 else False
            if campaign and "campaign_id" in self.env["sale.order"]._fields:
                vals["campaign_id"] = campaign.id
            order = self.env["sale.order"].create(vals)
            order.action_confirm()
            delivered = confirmed + timedelta(
                days=rng.choice([1, 2, 3, 5, 8, 12]), hours=rng.uniform(0, 6)
            )
            if delivered >= now:
                # every order is delivered, whatever the time of day the demo
                # is installed (an open delivery of these consumables stays
                # reserved in the main stock location)
                delivered = confirmed + (now - confirmed) / 2
            pickings = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
            for move in pickings.mapped("move_lines"):
                move.quantity_done = move.product_uom_qty
            pickings.action_done()
            cr = self.env.cr
            cr.execute(
                "UPDATE sale_order SET date_order = %s, confirmation_date = %s, create_date = %s "
                "WHERE id = %s",
                (_st(confirmed), _st(confirmed), _st(confirmed), order.id),
            )
            self._demo_backdate_messages("sale.order", order.id, confirmed, now)
            if pickings:
                cr.execute(
                    "UPDATE stock_picking SET date_done = %s, date = %s WHERE id IN %s",
                    (_st(delivered), _st(confirmed), tuple(pickings.ids)),
                )
                cr.execute(
                    "UPDATE stock_move SET date = %s WHERE picking_id IN %s",
                    (_st(delivered), tuple(pickings.ids)),
                )
                if index % 4 == 0:
                    answered = delivered + timedelta(hours=rng.uniform(2, 48))
                    feedback = Feedback.create(
                        {
                            "state": "requested",
                            "sale_order_id": order.id,
                            "picking_id": pickings[0].id,
                            "partner_id": partner.id,
                            "user_id": order.user_id.id,
                            "company_id": order.company_id.id,
                            "access_token": satisfaction.new_token(),
                            "request_date": _st(delivered),
                            "expiry_date": _st(delivered + timedelta(days=30)),
                            "followup_done": True,
                        }
                    )
                    if answered < now:
                        fast = delivered - confirmed <= timedelta(days=3)
                        feedback.write(
                            {
                                "state": "answered",
                                "csat": rng.choice([4, 5, 5]) if fast else rng.choice([2, 3, 4]),
                                "nps": rng.choice([8, 9, 10]) if fast else rng.choice([4, 6, 7]),
                                "answered_date": _st(answered),
                            }
                        )
                    cr.execute(
                        "UPDATE crm_service_feedback SET create_date = %s WHERE id = %s",
                        (_st(delivered), feedback.id),
                    )
        self.env["sale.order"].invalidate_cache()

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The access matrix: who may read, write, create and delete what the suite adds.

For each role below, on a database with two companies, this test asserts:

- every model and SQL report of the suite: the model-level rights (read, write,
  create, delete) and, for those with a company, that a user of the other
  company reads none of this company's rows;
- every field the suite adds to a model it does not own (res.partner,
  helpdesk.ticket, ...): who may read it (``internal`` fields are refused to
  portal customers, ``public`` ones follow the record's own access);
- every menu: which roles see it, and that each screen shown to a role opens
  for that role without an error;
- every controller route: its authentication;
- every public (RPC-callable) method: its owner, and for the data methods the
  roles that may call it and those that get an AccessError.

The tables are complete by construction: a new model, field, menu, route or
public method of the suite without its row fails ``test_*_complete``. Print the
current state of the database as tables with ``CRM_MATRIX_DUMP=1``.
"""
import os
import pprint

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

SUITE = ("crm_customer360", "crm_loyalty", "crm_service_kpi", "crm_customer360_event")

# role -> groups (xml ids); every internal role also gets base.group_user by
# implication of the groups below. "other_company" has every manager group,
# in the second company only. "sysadmin" is an administrator who is not the
# superuser (uid 1 bypasses every rule in Odoo 11).
ROLES = {
    "portal": ["base.group_portal"],
    "sales_own": ["sales_team.group_sale_salesman"],
    "sales_all": ["sales_team.group_sale_salesman_all_leads"],
    "sales_manager": ["sales_team.group_sale_manager"],
    "helpdesk_own": ["base.group_user", "helpdesk_mgmt.group_helpdesk_user_own"],
    "helpdesk_leader": ["base.group_user", "helpdesk_mgmt.group_helpdesk_user"],
    "helpdesk_manager": ["base.group_user", "helpdesk_mgmt.group_helpdesk_manager"],
    "loyalty_manager": ["base.group_user", "crm_loyalty.group_loyalty_manager"],
    "other_company": [
        "sales_team.group_sale_manager",
        "helpdesk_mgmt.group_helpdesk_manager",
        "crm_loyalty.group_loyalty_manager",
    ],
    "sysadmin": ["base.group_system", "base.group_erp_manager", "sales_team.group_sale_manager",
                 "helpdesk_mgmt.group_helpdesk_manager", "crm_loyalty.group_loyalty_manager"],
}
ALL = tuple(ROLES)
INTERNAL = tuple(r for r in ALL if r != "portal")

# ---------------------------------------------------------------------------
# Models and SQL reports of the suite: role -> "rwcd" (a dash where refused).
# Roles not named get "----". Wizards (transient models) and abstract models
# are listed in WIZARDS / SERVICES with the group that owns them instead.
# ---------------------------------------------------------------------------
MODEL_ACL = {
    "crm.commitment": {"helpdesk_leader": "r---", "helpdesk_manager": "r---", "helpdesk_own": "r---",
                       "loyalty_manager": "r---", "other_company": "rwcd", "sales_all": "rwc-",
                       "sales_manager": "rwcd", "sales_own": "rwc-", "sysadmin": "rwcd"},
    # an append-only ledger: written by the code paths that change consent
    "crm.consent.log": {r: "r---" for r in INTERNAL},
    "crm.customer360.source": dict({r: "r---" for r in INTERNAL}, sysadmin="rwcd"),
    # written by the assessment (SQL) and the override only
    "crm.loyalty.membership": {r: "r---" for r in (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin")},
    "crm.loyalty.pareto.report": {r: "r---" for r in (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin")},
    "crm.loyalty.program": {"loyalty_manager": "rwcd", "other_company": "rwcd", "sales_all": "r---",
                            "sales_manager": "rwcd", "sales_own": "r---", "sysadmin": "rwcd"},
    "crm.loyalty.referral.report": {r: "r---" for r in (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin")},
    "crm.loyalty.tier": {"loyalty_manager": "rwcd", "other_company": "rwcd", "portal": "r---",
                         "sales_all": "r---", "sales_manager": "rwcd", "sales_own": "r---",
                         "sysadmin": "rwcd"},
    # an append-only ledger
    "crm.loyalty.tier.history": {r: "r---" for r in (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin")},
    "crm.service.driver.report": {r: "r---" for r in (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sysadmin")},
    # answered feedback is append-only whatever the rights (see test_feedback)
    "crm.service.feedback": {"helpdesk_leader": "r---", "helpdesk_manager": "rwcd",
                             "helpdesk_own": "r---", "other_company": "rwcd", "sysadmin": "rwcd"},
    "crm.service.kpi.report": {r: "r---" for r in (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sysadmin")},
    "crm.service.kpi.target": {"helpdesk_leader": "r---", "helpdesk_manager": "rwcd",
                               "helpdesk_own": "r---", "other_company": "rwcd", "sales_all": "r---",
                               "sales_manager": "r---", "sales_own": "r---", "sysadmin": "rwcd"},
    "crm.service.sales.report": {r: "r---" for r in (
        "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin")},
    "crm.service.scorecard": {"helpdesk_leader": "r---", "helpdesk_manager": "rwcd",
                              "other_company": "rwcd", "sales_all": "r---", "sales_manager": "rwcd",
                              "sysadmin": "rwcd"},
    "crm.service.scorecard.line": {"helpdesk_leader": "r---", "helpdesk_manager": "rwcd",
                                   "other_company": "rwcd", "sales_all": "r---",
                                   "sales_manager": "rwcd", "sysadmin": "rwcd"},
    "crm.service.sla.policy": {"helpdesk_leader": "r---", "helpdesk_manager": "rwcd",
                               "helpdesk_own": "r---", "other_company": "rwcd", "sysadmin": "rwcd"},
    "crm.service.ticket.cause": {"helpdesk_leader": "r---", "helpdesk_manager": "rwcd",
                                 "helpdesk_own": "r---", "other_company": "rwcd",
                                 "sysadmin": "rwcd"},
    # portal (and public) users read published answers only (record rule)
    "crm.service.answer": {"helpdesk_leader": "r---", "helpdesk_manager": "rwcd",
                           "helpdesk_own": "r---", "other_company": "rwcd", "portal": "r---",
                           "sysadmin": "rwcd"},
    # an append-only log, written by the portal controller (sudo) only
    "crm.service.answer.event": {"helpdesk_manager": "r---", "other_company": "r---",
                                 "sysadmin": "r---"},
    # issue 15: the follow-up funnel (a SQL view) for sales managers; territories
    # of the lead intake set by managers, read by salespeople; the lead scoring
    # model of each company (trained by the cron, re-trained by a manager)
    "crm.followup.funnel": {"other_company": "r---", "sales_manager": "r---", "sysadmin": "r---"},
    "crm.lead.intake.territory": {"other_company": "rwcd", "sales_all": "r---",
                                  "sales_manager": "rwcd", "sales_own": "r---",
                                  "sysadmin": "rwcd"},
    "crm.lead.score.model": {"other_company": "rw--", "sales_manager": "rw--", "sysadmin": "rw--"},
}
# transient model -> the group whose users run it
WIZARDS = {
    "crm.customer360.handover": "sales_team.group_sale_manager",
    "crm.customer360.sale.confirm": "sales_team.group_sale_salesman",
    "crm.loyalty.mailing.list": "crm_loyalty.group_loyalty_manager",
    "crm.loyalty.override": "crm_loyalty.group_loyalty_manager",
    "crm.service.scorecard.result": "helpdesk_mgmt.group_helpdesk_user",
    "crm.service.scorecard.wizard": "helpdesk_mgmt.group_helpdesk_user",
    "res.config.settings": "base.group_system",
    "crm.service.answer.deflection": "helpdesk_mgmt.group_helpdesk_manager",
    "crm.lead.intake": "sales_team.group_sale_salesman",
    "crm.lead.intake.line": "sales_team.group_sale_salesman",
    # assignment from the panels: managers only (checked in the code)
    "crm.lead.salesperson.recommendation": "sales_team.group_sale_salesman",
    "crm.lead.salesperson.recommendation.line": "sales_team.group_sale_salesman",
    "helpdesk.ticket.technician.recommendation": "helpdesk_mgmt.group_helpdesk_user_own",
    "helpdesk.ticket.technician.recommendation.line": "helpdesk_mgmt.group_helpdesk_user_own",
}
# abstract models: what they serve (their methods check the caller's rights
# on the documents they read)
SERVICES = {
    "crm.customer360.demo": "demo data (install only)",
    "crm.customer360.problem": "open-problem providers of the 360 header",
    "crm.loyalty.demo": "demo data (install only)",
    "crm.service.kpi.dashboard": "the Service KPIs dashboard (helpdesk users)",
    "crm.service.kpi.demo": "demo data (install only)",
    "crm.service.kpi.mixin": "period and argument checks shared by the KPI methods",
    "crm.service.kpi.sales": "sales KPIs (salespeople)",
    "crm.service.kpi.sql.report": "base of the SQL-view reports",
    "report.crm_customer360.report_handover_brief": "the handover brief (sales managers)",
    "crm.lead.intake.demo": "demo data (install only)",
    "crm.lead.score.demo": "demo data (install only)",
}

# Fields the suite adds to models it does not own: "internal" (employees
# only; a portal customer's read is refused) or "public" (whoever may read the
# record, a portal customer on their own record included).
# res.partner: what a portal customer may read of their own record (tier,
# benefits, progress, their consent) and what only employees may read.
_PARTNER_PUBLIC = (
    "consent_email", "consent_phone", "consent_sms", "loyalty_tier_id",
    "loyalty_tier_benefits", "loyalty_next_tier_id", "loyalty_next_tier_missing",
    "loyalty_progress_text", "loyalty_revenue_to_next", "loyalty_tier_date",
    "loyalty_keep_score",
)
_PARTNER_INTERNAL = (
    "awaiting_reply_since", "commitment_open_count", "consent_log_ids",
    "loyalty_assessed_date", "loyalty_below_since", "loyalty_churn_risk",
    "loyalty_churn_risk_since", "loyalty_company_id", "loyalty_cost",
    "loyalty_days_since_purchase", "loyalty_history_ids",
    "loyalty_loyalty_level", "loyalty_margin", "loyalty_membership_id", "loyalty_order_count",
    "loyalty_override_reason", "loyalty_override_tier_id", "loyalty_override_until",
    "loyalty_profit", "loyalty_quadrant", "loyalty_recency_days", "loyalty_referral_count",
    "loyalty_revenue", "loyalty_rfm_f", "loyalty_rfm_m", "loyalty_rfm_r", "loyalty_score",
    "loyalty_segment", "loyalty_service_hours", "loyalty_tenure_days",
    "loyalty_typical_interval", "loyalty_value_level", "referred_by_id",
    "loyalty_tier_progress",
    "loyalty_cost_basis", "loyalty_cost_notes", "loyalty_cost_to_serve",
    "loyalty_delivery_cost", "loyalty_discount_amount", "loyalty_payment_delay_cost",
    "loyalty_refund_amount", "loyalty_service_basis", "loyalty_service_cost",
    "service_ticket_count",
    "loyalty_clv_known", "loyalty_clv_p_alive", "loyalty_clv_expected_90",
    "loyalty_clv_expected_365", "loyalty_clv_order_value", "loyalty_clv_value",
    "loyalty_clv_value_at_risk",
)
# helpdesk.ticket: service figures follow the ticket's own access (a portal
# customer sees their ticket's deadlines).
_TICKET_PUBLIC = (
    "feedback_ids", "first_response_date", "first_response_deadline", "first_response_hours",
    "first_response_risk_date", "invoice_id", "opportunity_count", "opportunity_ids",
    "product_id", "reopen_count", "resolution_deadline", "resolution_hours",
    "resolution_risk_date", "sale_order_id", "sla_breach_notified", "sla_paused_hours",
    "sla_paused_since", "sla_policy_id", "sla_risk_notified", "sla_start_date", "sla_status",
    "sla_due_date", "sla_pause_hours_now", "sla_state",
    "cause_id", "cause_kind", "next_reply_answered_count", "next_reply_breach_notified",
    "next_reply_deadline", "next_reply_message_id", "next_reply_met_count",
    "next_reply_paused_hours", "next_reply_risk_date", "next_reply_risk_notified",
    "next_reply_start", "next_reply_state",
)
SHARED_FIELDS = dict(
    [("res.partner." + f, "public") for f in _PARTNER_PUBLIC]
    + [("res.partner." + f, "internal") for f in _PARTNER_INTERNAL]
    + [("helpdesk.ticket." + f, "public") for f in _TICKET_PUBLIC]
    + [(f, "public") for f in (
        "crm.lead.ticket_id", "helpdesk.ticket.stage.waiting_customer",
        "helpdesk.ticket.team.kpi_digest_week", "helpdesk.ticket.team.leader_id",
        "helpdesk.ticket.team.resource_calendar_id", "helpdesk.ticket.team.tz",
        "mail.activity.commitment_id", "mail.mass_mailing.campaign.company_currency_id",
        "mail.mass_mailing.campaign.cost", "mail.mass_mailing.campaign.date_start",
        "mail.mass_mailing.campaign.team_id", "sale.order.loyalty_tier_benefits",
        "sale.order.loyalty_tier_id", "utm.campaign.company_currency_id", "utm.campaign.cost",
        "utm.campaign.date_start", "utm.campaign.team_id", "utm.campaign.user_id",
        # issue 15: on leads, registrations and quotation lines, whose readers
        # are employees (their own access rules apply)
        "crm.lead.intake_date", "crm.lead.intake_event_ref", "crm.lead.lead_score",
        "crm.lead.lead_score_check", "crm.lead.lead_score_known", "crm.lead.lead_score_reasons",
        "crm.lead.lead_score_reasons_json", "event.event.unconfirmed_registration_count",
        "event.registration.confirmation_bounced", "event.registration.confirmation_sent_date",
        "event.registration.confirmation_status", "sale.order.line.customer360_price_icon",
    )]
    # other customers' prices: salespeople only; the company's feedback settings
    + [(f, "internal") for f in (
        "res.company.service_feedback_expiry_days", "res.company.service_feedback_on_delivery",
        "res.company.service_feedback_throttle_days",
        "sale.order.has_price_conflict", "sale.order.price_conflict_notified_ids",
        "sale.order.price_conflict_order_ids", "sale.order.price_conflict_summary",
        "helpdesk.ticket.answer_ids",
        "helpdesk.ticket.search_body", "helpdesk.ticket.search_title",
        "helpdesk.ticket.similar_ticket_ids", "helpdesk.ticket.suggested_answer_ids",
    )]
)

# Menus: xml id -> roles that see it.
MENUS = {
    "crm_customer360.crm_commitment_menu": INTERNAL,
    "crm_customer360.crm_consent_log_menu": ("sysadmin",),
    "crm_customer360.crm_customer360_source_menu": ("sysadmin",),
    "crm_customer360.customer360_handover_menu": ("other_company", "sales_manager", "sysadmin"),
    "crm_customer360.customer360_menu_config": ("sysadmin",),
    "crm_customer360.customer360_menu_root": INTERNAL,
    "crm_customer360.customer360_timeline_menu": INTERNAL,
    "crm_customer360.res_partner_awaiting_reply_menu": (
        "other_company", "sales_manager", "sysadmin",
    ),
    "crm_loyalty.crm_loyalty_program_menu": (
        "loyalty_manager", "other_company", "sales_manager", "sysadmin",
    ),
    "crm_loyalty.crm_loyalty_referral_report_menu": (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_loyalty.loyalty_menu_config": (
        "loyalty_manager", "other_company", "sales_manager", "sysadmin",
    ),
    "crm_loyalty.loyalty_menu_customers": (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_loyalty.loyalty_menu_history": (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_loyalty.loyalty_menu_pareto": (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_loyalty.loyalty_menu_root": (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_loyalty.loyalty_menu_value_loyalty": (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_loyalty.res_partner_menu_churn_risk": (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_service_kpi.crm_service_driver_report_menu": (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_feedback_menu": (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_kpi_config_menu": (
        "helpdesk_leader", "helpdesk_manager", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_kpi_dashboard_menu": (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sales_all",
        "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_service_kpi.crm_service_kpi_report_menu": (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_cause_report_menu": (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_kpi_target_menu": (
        "helpdesk_leader", "helpdesk_manager", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_sales_report_menu": (
        "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_service_kpi.crm_service_scorecard_menu": (
        "helpdesk_leader", "helpdesk_manager", "other_company", "sales_all", "sales_manager",
        "sysadmin",
    ),
    "crm_service_kpi.crm_service_sla_policy_menu": (
        "helpdesk_manager", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_ticket_cause_menu": (
        "helpdesk_manager", "other_company", "sysadmin",
    ),
    "crm_service_kpi.service_kpi_menu_root": (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sales_all",
        "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_service_kpi.utm_campaign_menu": (
        "helpdesk_manager", "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_service_kpi.crm_service_answer_menu": (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sysadmin",
    ),
    "crm_service_kpi.crm_service_answer_deflection_menu": (
        "helpdesk_manager", "other_company", "sysadmin",
    ),
    "crm_customer360.crm_followup_funnel_crm_menu": ("other_company", "sales_manager", "sysadmin"),
    "crm_customer360.crm_followup_funnel_menu": ("other_company", "sales_manager", "sysadmin"),
    "crm_customer360.crm_lead_intake_c360_menu": (
        "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_customer360.crm_lead_intake_menu": (
        "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
    "crm_customer360.crm_lead_intake_territory_menu": ("other_company", "sales_manager", "sysadmin"),
    "crm_customer360.crm_lead_score_model_menu": ("other_company", "sales_manager", "sysadmin"),
    # Events users (salespeople are, through event_sale)
    "crm_customer360_event.event_registration_unconfirmed_menu": (
        "other_company", "sales_all", "sales_manager", "sales_own", "sysadmin",
    ),
}

# Routes: url -> auth.
ROUTES = {"/my/loyalty": "user", "/service/feedback/<string:token>": "public",
          "/help/answers": "public", "/help/answers/<int:answer_id>": "public",
          "/help/answers/<int:answer_id>/solved": "public", "/help/answers/suggest": "public",
          # helpdesk_mgmt's submission, extended to log tickets created anyway
          "/submitted/ticket": "user",
          # issue 16: the customer's tickets (helpdesk_mgmt's routes, extended)
          "/my/tickets": "user", "/my/tickets/page/<int:page>": "user",
          "/my/ticket/<int:ticket_id>": "user", "/ticket/close": "user"}

# Data methods called by screens: role -> "ok" (roles not named: "denied",
# an AccessError). See test_rpc_methods_by_role.
CALLS = {
    # over the documents the caller may read: zero leads for a portal user
    "crm.service.kpi.sales.sales_summary": {r: "ok" for r in ALL},
    "helpdesk.ticket.kpi_summary": {r: "ok" for r in (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "portal", "sysadmin")},
    "crm.service.answer.search_answers": {r: "ok" for r in (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "portal", "sysadmin")},
    "crm.service.answer.event.deflection_summary": {r: "ok" for r in (
        "helpdesk_manager", "other_company", "sysadmin")},
    "crm.service.kpi.dashboard.get_dashboard_data": {r: "ok" for r in (
        "helpdesk_leader", "helpdesk_manager", "helpdesk_own", "other_company", "sales_all",
        "sales_manager", "sales_own", "sysadmin")},
    "crm.loyalty.program.pareto_shares": {r: "ok" for r in (
        "loyalty_manager", "sales_all", "sales_manager", "sales_own", "sysadmin")},
    # the loyalty screens: the caller's current company (empty for the other one)
    "crm.loyalty.membership.get_value_matrix_data": {r: "ok" for r in (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own",
        "sysadmin")},
    "crm.loyalty.pareto.report.get_pareto_data": {r: "ok" for r in (
        "loyalty_manager", "other_company", "sales_all", "sales_manager", "sales_own",
        "sysadmin")},
    # the one-time link: helpdesk managers of the feedback's company only
    "crm.service.feedback.get_feedback_url": {"helpdesk_manager": "ok", "sysadmin": "ok"},
    # a portal customer on their own record: their own documents only
    "res.partner.customer360_header": {r: "ok" for r in ALL},
    "res.partner.customer360_timeline": {r: "ok" for r in ALL},
    "res.partner.customer360_quick_actions": {r: "ok" for r in ALL},
}

# Public methods: "model.method" -> the role that owns it (documentation and
# completeness); calls per role are in test_rpc_methods_by_role.
METHODS = dict(
    [(m, "orm") for m in (
        "crm.consent.log.create",
        "crm.service.answer.event.unlink",
        "crm.service.answer.event.write",
        "crm.consent.log.unlink",
        "crm.consent.log.write",
        "crm.loyalty.mailing.list.create",
        "crm.loyalty.override.create",
        "crm.loyalty.program.create",
        "crm.loyalty.program.write",
        "crm.service.feedback.unlink",
        "crm.service.kpi.target.create",
        "crm.service.kpi.target.write",
        "crm.loyalty.tier.create",
        "crm.loyalty.tier.write",
        "crm.service.driver.report.read_group",
        "crm.service.feedback.check_mail_message_access",
        "crm.service.kpi.report.read_group",
        "crm.service.kpi.sql.report.read_group",
        "crm.service.sales.report.read_group",
        "res.partner.export_data",
        "res.partner.load",
        "res.partner.read_group",
        "crm.customer360.handover.create",
        "crm.lead.convert_opportunity",
        "crm.lead.create",
        "crm.loyalty.tier.history.unlink",
        "crm.loyalty.tier.history.write",
        "crm.service.feedback.create",
        "crm.service.feedback.name_get",
        "crm.service.feedback.write",
        "crm.service.kpi.target.name_get",
        "crm.service.sla.policy.create",
        "crm.service.sla.policy.write",
        "helpdesk.ticket.create",
        "helpdesk.ticket.message_post",
        "helpdesk.ticket.read_group",
        "helpdesk.ticket.write",
        "mail.activity.action_feedback",
        "mail.activity.create",
        "mail.activity.unlink",
        "res.config.settings.get_values",
        "res.config.settings.set_values",
        "res.partner.create",
        "res.partner.write",
        "sale.order.action_confirm",
        "sale.order.create",
        "sale.order.line.create",
        "sale.order.line.write",
        "sale.order.onchange_partner_id",
        "sale.order.write",
        "stock.picking.action_done",
        "helpdesk.ticket.message_subscribe",
    )]
    +     [(m, "install") for m in (
        "crm.loyalty.membership.init",
        "crm.service.answer.init",
        "crm.loyalty.pareto.report.init",
        "crm.loyalty.referral.report.init",
        "crm.loyalty.tier.history.init",
        "crm.service.driver.report.init",
        "crm.service.kpi.dashboard.init",
        "crm.service.kpi.report.init",
        "crm.service.kpi.sql.report.init",
        "crm.service.sales.report.init",
        "helpdesk.ticket.init",
        "res.partner.init",
    )]
    +     [(m, "sales") for m in (
        "crm.commitment.action_break",
        "crm.commitment.action_cancel",
        "crm.commitment.action_keep",
        "crm.customer360.sale.confirm.action_confirm_anyway",
        "crm.service.kpi.sales.sales_summary",
        "crm.service.kpi.sales.sales_summary_grouped",
        "res.partner.action_loyalty_schedule_activity",
        "crm.loyalty.membership.action_value_matrix",
        "crm.loyalty.membership.get_value_matrix_data",
        "crm.loyalty.pareto.report.get_pareto_data",
        "res.partner.action_open_commitments",
        "res.partner.customer360_fact_action",
        "res.partner.customer360_header",
        "res.partner.customer360_quick_actions",
        "res.partner.customer360_timeline",
    )]
    +     [(m, "sales_manager") for m in (
        "crm.customer360.handover.action_handover",
        "crm.service.scorecard.action_show_scorecard",
        "crm.service.scorecard.compute_scorecards",
        "crm.service.scorecard.wizard.action_show",
        "report.crm_customer360.report_handover_brief.get_report_values",
    )]
    +     [(m, "loyalty_manager") for m in (
        "crm.loyalty.mailing.list.action_build",
        "crm.loyalty.override.action_apply",
        "crm.loyalty.program.action_recompute",
        "crm.loyalty.program.pareto_shares",
    )]
    +     [(m, "helpdesk") for m in (
        "crm.service.kpi.dashboard.action_open_figure",
        "crm.service.kpi.dashboard.get_dashboard_data",
        "helpdesk.ticket.action_create_opportunity",
        "helpdesk.ticket.action_view_opportunities",
        "helpdesk.ticket.kpi_summary",
        "helpdesk.ticket.kpi_summary_grouped",
        "helpdesk.ticket.sla_open_problems",
        "res.partner.action_new_service_ticket",
        "res.partner.action_view_service_tickets",
        "crm.service.answer.search_answers",
        "crm.service.answer.action_use_on_ticket",
    )]
    +     [(m, "helpdesk_manager") for m in (
        "crm.service.feedback.action_resend_request",
        "crm.service.feedback.get_feedback_url",
        "helpdesk.ticket.team.action_send_kpi_digest",
        "crm.service.answer.action_publish",
        "crm.service.answer.action_unpublish",
        "crm.service.answer.event.deflection_summary",
        "helpdesk.ticket.action_create_answer",
    )]
    # the customer's own tickets on the portal (issue 16)
    +     [(m, "portal") for m in (
        "helpdesk.ticket.portal_next_step_words",
    )]
    # issue 15
    + [(m, "install") for m in ("crm.followup.funnel.init",)]
    + [(m, "orm") for m in (
        "crm.lead.salesperson.recommendation.create",
        "helpdesk.ticket.technician.recommendation.create",
        "event.registration.message_receive_bounce",
        "event.mail.registration.execute",
    )]
    + [(m, "sales") for m in (
        "crm.lead.action_recommend_salesperson",
        "crm.lead.recommend_salespeople",
        "crm.lead.lead_score_explain",
        "crm.lead.intake.action_back",
        "crm.lead.intake.action_import",
        "crm.lead.intake.action_open_leads",
        "crm.lead.intake.action_preview",
        "sale.order.line.customer360_price_info",
    )]
    + [(m, "sales_manager") for m in (
        "crm.followup.funnel.action_not_contacted",
        "crm.followup.funnel.get_funnel_data",
        "crm.followup.funnel.get_funnel_sources",
        "crm.lead.action_assign_salesperson",
        "crm.lead.salesperson.recommendation.line.action_assign",
        "crm.lead.score.model.action_train",
    )]
    + [(m, "helpdesk") for m in (
        "helpdesk.ticket.action_recommend_technician",
        "helpdesk.ticket.recommend_technicians",
    )]
    + [(m, "helpdesk_manager") for m in (
        "helpdesk.ticket.action_assign_technician",
        "helpdesk.ticket.technician.recommendation.line.action_assign",
    )]
    + [(m, "events") for m in (
        "event.event.action_resend_confirmations",
        "event.event.action_view_unconfirmed_registrations",
        "event.registration.action_resend_confirmation",
        "event.registration.action_resend_confirmation_button",
    )]
)


def _dump(title, value):
    if os.environ.get("CRM_MATRIX_DUMP"):
        print("\n# %s\n%s = %s" % (title, title, pprint.pformat(value, width=100)))


class TestAccessMatrix(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_create_nolog=True, no_reset_password=True))
        cls.company_a = cls.env.ref("base.main_company")
        Company = cls.env["res.company"]
        vals = {"name": "Matrix Company B"}
        if "security_lead" in Company._fields:
            vals["security_lead"] = 0.0
        cls.company_b = Company.create(vals)
        # a customer of company A with purchases, whose contact is the portal user
        cls.customer = cls._customer_with_history()
        cls.contact = cls.env["res.partner"].create({
            "name": "Matrix Portal Contact", "parent_id": cls.customer.id,
            "email": "matrix.portal@example.com", "type": "contact"})
        cls.users = {}
        for role, groups in ROLES.items():
            company = cls.company_b if role == "other_company" else cls.company_a
            vals = {
                "name": "Matrix %s" % role, "login": "matrix_%s" % role,
                "email": "matrix_%s@example.com" % role,
                "company_id": company.id, "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [cls.env.ref(g).id for g in groups])],
            }
            if role == "portal":
                vals["partner_id"] = cls.contact.id
            cls.users[role] = cls.env["res.users"].with_context(
                no_reset_password=True).create(vals)
        team = cls.env["helpdesk.ticket.team"].search([], limit=1)
        if team and "leader_id" in team._fields:
            team.leader_id = cls.users["helpdesk_leader"]

    @classmethod
    def _customer_with_history(cls):
        """The company-A customer with the most loyalty revenue (demo data),
        else any customer."""
        Partner = cls.env["res.partner"]
        order = "loyalty_revenue desc, id" if "loyalty_revenue" in Partner._fields else "id"
        return Partner.search([("customer", "=", True), ("is_company", "=", True),
                               ("company_id", "in", [cls.company_a.id, False])],
                              order=order, limit=1)

    # ------------------------------------------------------------------
    def _suite_xmlids(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "in", SUITE), ("model", "=", model)])
        return data

    def _suite_models(self):
        models = self.env["ir.model"].browse(self._suite_xmlids("ir.model").mapped("res_id"))
        own, wizards, services = set(), set(), set()
        for model in models:
            Model = self.env[model.model]
            if Model._transient:
                wizards.add(model.model)
            elif Model._abstract:
                services.add(model.model)
            elif self._owned(model.model):
                own.add(model.model)
        return own, wizards, services

    def _owned(self, model_name):
        """True if the suite defines the model (not only extends it)."""
        data = self.env["ir.model.data"].search(
            [("model", "=", "ir.model"), ("res_id", "=", self.env["ir.model"]._get(model_name).id)])
        return set(data.mapped("module")) <= set(SUITE)

    def _rights(self, role, model):
        Model = self.env[model].sudo(self.users[role])
        return "".join(
            letter if Model.check_access_rights(op, raise_exception=False) else "-"
            for letter, op in (("r", "read"), ("w", "write"), ("c", "create"), ("d", "unlink")))

    # ------------------------------------------------------------------
    def test_models_complete(self):
        own, wizards, services = self._suite_models()
        actual = {m: {r: self._rights(r, m) for r in ALL if self._rights(r, m) != "----"}
                  for m in sorted(own)}
        _dump("MODEL_ACL", actual)
        _dump("WIZARDS", sorted(wizards))
        _dump("SERVICES", sorted(services))
        self.assertEqual(set(MODEL_ACL), own, "every model of the suite has a row in MODEL_ACL")
        self.assertEqual(set(WIZARDS), wizards, "every wizard has a row in WIZARDS")
        self.assertEqual(set(SERVICES), services, "every abstract model has a row in SERVICES")

    def test_model_rights(self):
        for model, expected in MODEL_ACL.items():
            for role in ALL:
                with self.subTest(model=model, role=role):
                    self.assertEqual(self._rights(role, model), expected.get(role, "----"))

    def test_company_isolation(self):
        """A user of the other company reads none of company A's rows of any
        model or report of the suite that has a company."""
        own, _wizards, _services = self._suite_models()
        user_b = self.users["other_company"]
        checked = 0
        for model in sorted(own):
            Model = self.env[model]
            if "company_id" not in Model._fields or not Model._fields["company_id"].store:
                continue
            ids = Model.sudo().search([("company_id", "=", self.company_a.id)], limit=200).ids
            if not ids:
                continue
            checked += 1
            with self.subTest(model=model):
                seen = Model.sudo(user_b).search([("id", "in", ids)]).ids
                self.assertFalse(seen, "%s: company B reads company A's rows %s" % (model, seen[:5]))
        self.assertGreaterEqual(checked, 5, "demo data gives rows to most models")

    # ------------------------------------------------------------------
    def _shared_fields(self):
        fields = self.env["ir.model.fields"].browse(
            self._suite_xmlids("ir.model.fields").mapped("res_id"))
        result = {}
        for field in fields:
            if self._owned(field.model) or self.env[field.model]._transient:
                continue
            if field.model == "res.users" and field.name in self.env["res.partner"]._fields:
                continue  # the partner's field, through _inherits: checked there
            result["%s.%s" % (field.model, field.name)] = field
        return result

    def test_shared_fields_complete(self):
        shared = self._shared_fields()
        _dump("SHARED_FIELDS", {k: ("internal" if v.groups else "public")
                                for k, v in sorted(shared.items())})
        self.assertEqual(set(SHARED_FIELDS), set(shared),
                         "every field added to another module's model has a row")

    def test_internal_fields_refused_to_portal(self):
        portal = self.users["portal"]
        wrong = []
        for key, kind in sorted(SHARED_FIELDS.items()):
            model, fname = key.rsplit(".", 1)
            if model not in self.env:
                continue
            if model != "res.partner":
                # on documents of other modules, Odoo's field groups are what
                # keeps an internal field from the document's other readers
                groups = self.env[model]._fields[fname].groups
                if bool(groups) != (kind == "internal"):
                    wrong.append("%s: %s but groups=%r" % (key, kind, groups))
                continue
            partner = self.contact.sudo(portal)
            refused = []
            field = self.env["res.partner"]._fields[fname]
            calls = [lambda: partner.read([fname])]
            if field.store and field.type not in ("one2many", "many2many"):
                calls.append(lambda: self.env["res.partner"].sudo(portal).read_group(
                    [("id", "=", self.contact.id)], [fname], [fname]))
            for call in calls:
                try:
                    with self.env.cr.savepoint():
                        call()
                    refused.append(False)
                except AccessError:
                    refused.append(True)
            if kind == "internal" and not all(refused):
                wrong.append("%s: internal, but a portal user reads it (read, read_group: %s)"
                             % (key, refused))
            elif kind == "public" and refused[0]:
                wrong.append("%s: public, but a portal user cannot read it" % key)
        self.assertFalse(wrong, "\n".join(wrong))

    def test_other_company_reads_no_figures(self):
        """Figures of company A's customers are not readable in company B."""
        user_b = self.users["other_company"]
        Partner = self.env["res.partner"]
        figures = [f for f in ("loyalty_revenue", "loyalty_margin", "loyalty_profit",
                               "loyalty_cost") if f in Partner._fields]
        if not figures or not self.customer.sudo().loyalty_revenue:
            self.skipTest("no customer with loyalty figures in the demo data")
        values = self.customer.sudo(user_b).read(figures)[0]
        for fname in figures:
            self.assertFalse(values[fname], "%s readable from company B" % fname)

    # ------------------------------------------------------------------
    def _visible_menus(self, role):
        if not self.users[role].has_group("base.group_user"):
            return set()  # portal users have no back-end menus (ir.ui.menu is refused)
        visible = set(self.env["ir.ui.menu"].sudo(self.users[role])._visible_menu_ids())
        # the web client shows a menu only under a visible parent
        menus = self.env["ir.ui.menu"].browse(visible)
        return {m.id for m in menus
                if all(p.id in visible for p in self._ancestors(m))}

    @staticmethod
    def _ancestors(menu):
        parent = menu.parent_id
        while parent:
            yield parent
            parent = parent.parent_id

    def test_menus_complete_and_by_role(self):
        data = self._suite_xmlids("ir.ui.menu")
        actual = {}
        visible = {role: self._visible_menus(role) for role in ALL}
        for d in data:
            xmlid = "%s.%s" % (d.module, d.name)
            actual[xmlid] = sorted(r for r in ALL if d.res_id in visible[r])
        _dump("MENUS", actual)
        self.assertEqual(set(MENUS), set(actual), "every menu has a row")
        for xmlid, roles in MENUS.items():
            with self.subTest(menu=xmlid):
                self.assertEqual(sorted(roles), actual[xmlid])

    def test_screens_open_for_their_roles(self):
        """Each window action behind a menu a role sees lists its records for
        that role without an error; each client action loads its data."""
        failures = []
        for xmlid, roles in sorted(MENUS.items()):
            menu = self.env.ref(xmlid)
            action = menu.action
            if not action:
                continue
            for role in roles:
                user = self.users[role]
                try:
                    with self.env.cr.savepoint():
                        if action._name == "ir.actions.act_window":
                            self._open_window_action(action, user)
                        elif action._name == "ir.actions.client":
                            self._open_client_action(action, user)
                except Exception as exc:  # noqa: BLE001 - every crash is listed
                    failures.append("%s as %s: %s: %s" % (
                        xmlid, role, type(exc).__name__, " ".join(str(exc).split())[-160:]))
        self.assertFalse(failures, "screens that crash for a role that sees them:\n"
                         + "\n".join(failures))

    def _open_window_action(self, action, user):
        """What the web client does: load the views of the action, search
        with its domain reading the list's fields, read the form's fields of
        the first record."""
        from odoo.tools.safe_eval import safe_eval

        ctx = {"uid": user.id, "user": user, "active_id": False, "active_ids": [],
               "context_today": lambda: __import__("datetime").date(2026, 6, 30)}
        domain = safe_eval(action.domain or "[]", ctx)
        context = safe_eval(action.context or "{}", ctx)
        context = {k: v for k, v in context.items() if not k.startswith("default_")}
        Model = self.env[action.res_model].sudo(user).with_context(**context)
        if Model._transient:
            return
        modes = [m.strip() for m in (action.view_mode or "tree,form").split(",")]
        views = {}
        for mode in modes + ["search"]:
            view_type = "tree" if mode == "list" else mode
            if view_type in ("tree", "form", "kanban", "pivot", "graph", "calendar", "search"):
                views[view_type] = Model.fields_view_get(view_type=view_type)
        list_type = next((m for m in ("tree", "kanban", "pivot", "graph") if m in views), None)
        records = Model.search(domain, limit=20)
        if list_type in ("tree", "kanban"):
            records.read(list(views[list_type]["fields"]))
        elif list_type in ("pivot", "graph"):
            Model.read_group(domain, list(views[list_type]["fields"]), [], lazy=True)
        if "form" in views and records:
            records[:1].read(list(views["form"]["fields"]))

    def _open_client_action(self, action, user):
        if action.tag == "crm_service_kpi.dashboard":
            self.env["crm.service.kpi.dashboard"].sudo(user).get_dashboard_data(
                "2026-01-01", "2026-06-30")
        elif action.tag == "crm_loyalty.value_matrix":
            self.env["crm.loyalty.membership"].sudo(user).get_value_matrix_data()
        elif action.tag == "crm_loyalty.pareto":
            self.env["crm.loyalty.pareto.report"].sudo(user).get_pareto_data()
        elif action.tag.startswith("crm_customer360"):
            partner = self.customer.sudo(user)
            partner.customer360_header()
            partner.customer360_timeline(limit=10)

    # ------------------------------------------------------------------
    def test_routes_complete(self):
        import odoo.http

        actual = {}
        converters = self.env["ir.http"]._get_converters()
        modules = list(self.env.registry._init_modules)
        for rule in odoo.http.routing_map(modules, False, converters=converters).iter_rules():
            module = rule.endpoint.method.__module__
            if any(("odoo.addons.%s." % s) in module for s in SUITE):
                actual[rule.rule] = rule.endpoint.routing.get("auth")
        _dump("ROUTES", actual)
        self.assertEqual(ROUTES, actual)

    # ------------------------------------------------------------------
    def _public_methods(self):
        found = {}
        for name in self.env.registry.models:
            cls = self.env.registry[name]
            for klass in cls.__mro__:
                module = klass.__module__ or ""
                if not any(module.startswith("odoo.addons.%s." % s) for s in SUITE):
                    continue
                for attr, value in vars(klass).items():
                    if attr.startswith("_") or not callable(value) or isinstance(value, type):
                        continue
                    found["%s.%s" % (name, attr)] = module
        return found

    def test_public_methods_complete(self):
        found = self._public_methods()
        _dump("METHODS", {k: METHODS.get(k, "?") for k in sorted(found)})
        self.assertEqual(set(METHODS), set(found), "every public method has an owner row")

    # ------------------------------------------------------------------
    def _calls(self):
        """The data methods a screen calls: name -> (model, function(env, role))."""
        today = "2026-06-30"
        start = "2026-01-01"

        def partner(role):
            return self.contact if role == "portal" else self.customer

        return {
            "res.partner.customer360_header":
                lambda env, role: partner(role).with_env(env).customer360_header(),
            "res.partner.customer360_timeline":
                lambda env, role: partner(role).with_env(env).customer360_timeline(limit=10),
            "res.partner.customer360_quick_actions":
                lambda env, role: partner(role).with_env(env).customer360_quick_actions(),
            "crm.service.kpi.dashboard.get_dashboard_data":
                lambda env, role: env["crm.service.kpi.dashboard"].get_dashboard_data(start, today),
            "helpdesk.ticket.kpi_summary":
                lambda env, role: env["helpdesk.ticket"].kpi_summary(start, today),
            "crm.service.kpi.sales.sales_summary":
                lambda env, role: env["crm.service.kpi.sales"].sales_summary(start, today),
            "crm.loyalty.program.pareto_shares":
                lambda env, role: self._program().with_env(env).pareto_shares(20),
            "crm.loyalty.membership.get_value_matrix_data":
                lambda env, role: env["crm.loyalty.membership"].get_value_matrix_data(),
            "crm.loyalty.pareto.report.get_pareto_data":
                lambda env, role: env["crm.loyalty.pareto.report"].get_pareto_data(),
            "crm.service.feedback.get_feedback_url":
                lambda env, role: self._feedback().with_env(env).get_feedback_url(),
            "crm.service.answer.search_answers":
                lambda env, role: env["crm.service.answer"].search_answers("wifi password"),
            "crm.service.answer.event.deflection_summary":
                lambda env, role: env["crm.service.answer.event"].deflection_summary(
                    start, today),
        }

    def _program(self):
        return self.env["crm.loyalty.program"].search(
            [("company_id", "in", [self.company_a.id, False])], limit=1)

    def _feedback(self):
        return self.env["crm.service.feedback"].search(
            [("company_id", "in", [self.company_a.id, False])], limit=1)

    def test_rpc_methods_by_role(self):
        """Each data method, called by each role: "ok" or "denied"
        (AccessError). Any other outcome (a traceback, a UserError on valid
        input) is a crash by role."""
        actual = {}
        for name, call in sorted(self._calls().items()):
            row = {}
            for role in ALL:
                env = self.env(user=self.users[role].id)
                try:
                    with self.env.cr.savepoint():
                        call(env, role)
                    row[role] = "ok"
                except AccessError:
                    row[role] = "denied"
                except Exception as exc:  # noqa: BLE001 - reported, not hidden
                    row[role] = "crash: %s: %s" % (type(exc).__name__, str(exc)[:80])
            actual[name] = row
        _dump("CALLS", actual)
        wrong = ["%s as %s: %s (expected %s)" % (name, role, outcome, CALLS.get(name, {}).get(role, "denied"))
                 for name, row in sorted(actual.items()) for role, outcome in sorted(row.items())
                 if outcome != CALLS.get(name, {}).get(role, "denied")]
        self.assertFalse(wrong, "\n".join(wrong))

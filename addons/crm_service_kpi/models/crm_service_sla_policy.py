# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import sla

PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


class CrmServiceSlaPolicy(models.Model):
    """First-response and resolution targets per team, priority and tier.

    Matching rule (see rules/sla.py): empty criteria match anything; among
    matching policies the most specific wins, a customer tier weighing more
    than a priority, which weighs more than a team; ties go to the lowest
    sequence. Two active policies with the same team, priority and tier are
    refused.

    The customer tier is a code (``tier_name``) compared, trimmed and
    case-insensitively, with the SLA class (``sla_class``) of the loyalty tier
    of the ticket's commercial partner when set, else the tier's name (field
    ``loyalty_tier_id`` of res.partner, from crm_loyalty when installed). Without that field, policies with a tier never match.
    """

    _name = "crm.service.sla.policy"
    _description = "Service SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.user.company_id)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Team", ondelete="cascade",
        help="Empty: every team.")
    priority = fields.Selection(PRIORITIES, help="Empty: every priority.")
    tier_name = fields.Char(
        string="Customer Tier",
        help="SLA class of the customer's loyalty tier (crm_loyalty), else the "
        "tier's name, compared trimmed and without case. Empty: every customer.")
    first_response_hours = fields.Float(
        string="First Response Target (h)", required=True, default=4.0,
        help="Working hours of the team's calendar between the ticket's creation and "
        "the first message of an employee to the customer.")
    resolution_hours = fields.Float(
        string="Resolution Target (h)", required=True, default=24.0,
        help="Working hours of the team's calendar between the ticket's creation and "
        "its closing, pauses while waiting on the customer excluded.")
    next_reply_hours = fields.Float(
        string="Next Reply Target (h)", default=8.0,
        help="Working hours of the team's calendar within which every later message "
        "of the customer gets a reply, pauses while waiting on the customer excluded. "
        "0: no next-reply target.")
    at_risk_pct = fields.Float(
        string="At Risk at (%)", required=True, default=80.0,
        help="A ticket is at risk once this share of a target is spent; its assignee "
        "is then notified.")
    specificity = fields.Integer(
        compute="_compute_specificity",
        help="Tier 4 + priority 2 + team 1: the highest value wins when several "
        "policies match a ticket.")
    description = fields.Text()

    @api.depends("team_id", "priority", "tier_name")
    def _compute_specificity(self):
        for policy in self:
            policy.specificity = sla.policy_specificity(
                policy.team_id.id, policy.priority, policy.tier_name)

    @api.constrains("first_response_hours", "resolution_hours", "at_risk_pct",
                    "next_reply_hours")
    def _check_targets(self):
        for policy in self:
            if policy.next_reply_hours < 0:
                raise ValidationError(_(
                    "SLA policy %(name)s: the next reply target cannot be negative "
                    "(0: none).") % {"name": policy.name})
            if policy.first_response_hours <= 0 or policy.resolution_hours <= 0:
                raise ValidationError(_(
                    "SLA policy %(name)s: the first response and resolution targets "
                    "must be positive numbers of hours.") % {"name": policy.name})
            if not 0 < policy.at_risk_pct < 100:
                raise ValidationError(_(
                    "SLA policy %(name)s: the at-risk threshold must be between 0 and "
                    "100 %% of the target (given: %(pct)s).") % {
                        "name": policy.name, "pct": policy.at_risk_pct})

    @api.constrains("team_id", "priority", "tier_name", "company_id", "active")
    def _check_overlap(self):
        others = self.search([
            ("company_id", "in", self.mapped("company_id").ids),
            ("id", "not in", self.ids),
        ])
        seen = {}
        for policy in others | self:
            if not policy.active:
                continue
            key = (policy.company_id.id,) + sla.policy_key(
                policy.team_id.id, policy.priority, policy.tier_name)
            if key in seen and policy in self:
                raise ValidationError(_(
                    "The SLA policies %(first)s and %(second)s apply to the same team, "
                    "priority and customer tier. Change one of them: when several "
                    "policies match a ticket the most specific one wins (tier, then "
                    "priority, then team), but identical ones are ambiguous.") % {
                        "first": seen[key].name, "second": policy.name})
            seen.setdefault(key, policy)

    @api.model
    def _sla_policy_dicts(self, company_ids=None):
        """Active policies as plain dicts for sla.match_policy (one query)."""
        domain = [("company_id", "in", company_ids)] if company_ids else []
        return [{
            "id": p.id, "sequence": p.sequence, "team_id": p.team_id.id,
            "priority": p.priority, "tier": p.tier_name, "company_id": p.company_id.id,
        } for p in self.search(domain)]

    @api.multi
    def _sla_scope_domains(self):
        """Domains of the open tickets a change of these policies may move:
        of each policy's company, those on the policy now and those in its
        scope (team and priority when set; the customer tier is matched in
        Python, so a tier policy covers its team and priority scope)."""
        domains = []
        for policy in self.with_context(active_test=False):
            scope = [("company_id", "=", policy.company_id.id)]
            if policy.team_id:
                scope.append(("team_id", "=", policy.team_id.id))
            if policy.priority:
                scope.append(("priority", "=", policy.priority))
            domains.append(["|", ("sla_policy_id", "=", policy.id)]
                           + ["&"] * (len(scope) - 1) + scope)
        return domains

    @api.model
    def _sla_reapply(self, domains):
        """Re-assign the policies of the open tickets of any of ``domains``
        (batched: a few queries whatever the number of tickets)."""
        if not domains:
            return
        domain = ["|"] * (len(domains) - 1)
        for scope in domains:
            domain += scope
        tickets = self.env["helpdesk.ticket"].sudo().search(
            [("stage_id.closed", "=", False)] + domain)
        if tickets:
            tickets._sla_assign_policy()

    @api.model
    def create(self, vals):
        policy = super().create(vals)
        self._sla_reapply(policy._sla_scope_domains())
        return policy

    @api.multi
    def write(self, vals):
        before = self._sla_scope_domains()
        res = super().write(vals)
        self._sla_reapply(before + self._sla_scope_domains())
        return res

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..rules import kpi, satisfaction
from odoo.addons.crm_customer_base.rules import definitions

from .res_company import DEFAULT_EXPIRY_DAYS, DEFAULT_THROTTLE_DAYS  # noqa: F401
# What the customer answered: written once, on the answer, then never again.
ANSWER_FIELDS = ("state", "csat", "nps", "comment", "answered_date", "partner_id")
COMMENT_MAX = 5000


class CrmServiceFeedback(models.Model):
    """What a customer said about the service: CSAT, NPS and a comment.

    A record is first a *request* (state ``requested``, no scores yet) sent to
    the customer with a one-time link; it becomes ``answered`` when the
    customer submits the public page. Feedback typed in by an employee (for
    example taken on the phone) is created directly as ``answered``."""

    _name = "crm.service.feedback"
    _description = "Service Feedback"
    _order = "create_date desc, id desc"

    ticket_id = fields.Many2one("helpdesk.ticket", index=True, ondelete="set null")
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index=True,
        ondelete="set null",
        help="The order whose delivery the customer was asked about (feedback "
        "requested when a delivery is done), or the ticket's order.",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index=True,
        ondelete="set null",
        help="The delivery that triggered the feedback request.",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    user_id = fields.Many2one("res.users", string="Employee", index=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    state = fields.Selection(
        [("requested", "Requested"), ("answered", "Answered")],
        required=True,
        default="answered",
        index=True,
        help="Requested: the customer was sent the feedback link and has not "
        "answered yet. Answered: CSAT and NPS are known.",
    )
    # Scores are only meaningful (and only checked) once answered.
    csat = fields.Integer(string="CSAT (1-5)", group_operator="avg")
    nps = fields.Integer(string="NPS (0-10)", group_operator="avg")
    comment = fields.Text()
    is_detractor = fields.Boolean(
        string="Unhappy Answer", compute="_compute_is_detractor", store=True, index=True,
        help="An unhappy answer, which gets a follow-up: an NPS detractor (NPS %d-%d) "
        "or a CSAT of %d-%d. Not the NPS detractors alone: the NPS figures count "
        "those." % (definitions.NPS_RANGE[0], definitions.NPS_DETRACTOR_MAX,
                    definitions.CSAT_RANGE[0], definitions.CSAT_UNHAPPY_MAX))
    access_token = fields.Char(
        copy=False,
        index=True,
        readonly=True,
        groups="base.group_system",
        help="Secret of the public feedback link /service/feedback/<token>: "
        "read as superuser by the mailer and by get_feedback_url only.",
    )
    request_date = fields.Datetime(string="Requested on", readonly=True, copy=False)
    expiry_date = fields.Datetime(string="Link expires on", readonly=True, copy=False)
    answered_date = fields.Datetime(string="Answered on", readonly=True, copy=False)
    followup_done = fields.Boolean(
        string="Detractor follow-up opened",
        readonly=True,
        copy=False,
        help="Set when the follow-up activity for a detractor has been scheduled, "
        "so that a changed answer does not schedule it twice.",
    )

    _sql_constraints = [
        ("access_token_unique", "unique(access_token)", "The feedback token must be unique."),
    ]

    @api.depends("csat", "nps", "state")
    def _compute_is_detractor(self):
        for rec in self:
            rec.is_detractor = rec.state == "answered" and definitions.is_unhappy(rec.csat, rec.nps)

    @api.constrains("csat", "nps", "state")
    def _check_scores(self):
        for rec in self.filtered(lambda r: r.state == "answered"):
            if not 1 <= rec.csat <= 5:
                raise ValidationError(
                    _("CSAT must be between 1 and 5, not %(value)s.") % {"value": rec.csat}
                )
            if not 0 <= rec.nps <= 10:
                raise ValidationError(
                    _("NPS must be between 0 and 10, not %(value)s.") % {"value": rec.nps}
                )

    @api.multi
    def name_get(self):
        """Customer - ticket or order. The ticket's and order's names are read
        as superuser, as a many2one field shows them: helpdesk users may not
        read orders, agents limited to own tickets other agents' tickets."""
        result = []
        for rec in self:
            name = rec.partner_id.display_name or ""
            if rec.ticket_id:
                name = "%s - %s" % (name, rec.ticket_id.sudo().display_name)
            elif rec.sale_order_id:
                name = "%s - %s" % (name, rec.sale_order_id.sudo().name)
            result.append((rec.id, name))
        return result

    @api.model
    def create(self, vals):
        if vals.get("state") == "answered" or "state" not in vals:
            vals.setdefault("answered_date", fields.Datetime.now())
        record = super().create(vals)
        if record.is_detractor:
            record._detractor_followup()
        return record

    # ------------------------------------------------------------------
    # Settings (per company, fields of res.company)
    # ------------------------------------------------------------------

    @api.model
    def _company_days(self, company, name):
        """A days setting (service_feedback_*_days) of ``company``, else of
        the user's company; never negative."""
        company = (company or self.env.user.company_id).sudo()
        return max(company[name] or 0, 0)

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    @api.model
    def _tickets_with_exchange(self, tickets):
        """Ids of ``tickets`` with at least one message from or to the customer.

        From: authored by the ticket's partner (or, for mail that matched no
        partner, sent from the ticket's email). To: a discussion message (not an
        internal note) of which the partner is a recipient or was notified.
        One query for the whole recordset."""
        if not tickets:
            return set()
        self.env.cr.execute(
            """
            SELECT t.id
              FROM helpdesk_ticket t
             WHERE t.id IN %s
               AND t.partner_id IS NOT NULL
               AND EXISTS (
                   SELECT 1
                     FROM mail_message m
                     LEFT JOIN mail_message_subtype st ON st.id = m.subtype_id
                    WHERE m.model = 'helpdesk.ticket'
                      AND m.res_id = t.id
                      AND m.message_type IN ('email', 'comment')
                      AND (
                           m.author_id = t.partner_id
                        OR (m.author_id IS NULL AND COALESCE(t.partner_email, '') <> ''
                            AND m.email_from ILIKE '%%' || t.partner_email || '%%')
                        OR (COALESCE(st.internal, FALSE) = FALSE
                            AND (EXISTS (SELECT 1 FROM mail_message_res_partner_rel r
                                          WHERE r.mail_message_id = m.id
                                            AND r.res_partner_id = t.partner_id)
                                 OR EXISTS (SELECT 1 FROM mail_message_res_partner_needaction_rel n
                                             WHERE n.mail_message_id = m.id
                                               AND n.res_partner_id = t.partner_id)))
                      )
               )
            """,
            (tuple(tickets.ids),),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _recently_asked_partners(self, partner_ids, days):
        """Customers among ``partner_ids`` asked for feedback in the last ``days``."""
        if not partner_ids or not days:
            return set()
        since = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=days))
        self.env.cr.execute(
            """
            SELECT DISTINCT partner_id
              FROM crm_service_feedback
             WHERE partner_id IN %s
               AND COALESCE(request_date, create_date) >= %s
            """,
            (tuple(partner_ids), since),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _request_for_tickets(self, tickets, exchanged_ids=None):
        """Create and send feedback requests for closed ``tickets``.

        ``exchanged_ids``: result of ``_tickets_with_exchange`` taken before
        the closing write, so that the "ticket closed" notification sent to
        the customer by the closing itself does not count as an exchange.

        Skipped: tickets without a customer, tickets that already have a
        feedback, tickets closed without any exchange with the customer, and
        customers already asked within the throttle period (at most one request
        per customer per period). Returns the created requests."""
        tickets = tickets.filtered("partner_id")
        if not tickets:
            return self.browse()
        self.env.cr.execute(
            "SELECT DISTINCT ticket_id FROM crm_service_feedback WHERE ticket_id IN %s",
            (tuple(tickets.ids),),
        )
        already = {row[0] for row in self.env.cr.fetchall()}
        tickets = tickets.filtered(lambda t: t.id not in already)
        if not tickets:
            return self.browse()
        if exchanged_ids is None:
            exchanged_ids = self._tickets_with_exchange(tickets)
        exchanged = set(exchanged_ids)
        now = fields.Datetime.from_string(fields.Datetime.now())
        requests = self.browse()
        asked = set()
        # each company's own period and link validity (its settings)
        default_company = self.env.user.company_id
        for company in (tickets.mapped("company_id") | default_company):
            company_tickets = tickets.filtered(
                lambda t: (t.company_id or default_company) == company)
            if not company_tickets:
                continue
            throttle_days = self._company_days(company, "service_feedback_throttle_days")
            recent = set(self._recently_asked_partners(
                company_tickets.mapped("partner_id").ids, throttle_days)) | asked
            selected = satisfaction.select_requestable(
                [(t.id, t.partner_id.id) for t in company_tickets.sorted("id")], exchanged,
                recent)
            expiry_days = self._company_days(company, "service_feedback_expiry_days")
            for ticket in self.env["helpdesk.ticket"].browse(selected):
                asked.add(ticket.partner_id.id)
                requests |= self._ticket_request(ticket, now, expiry_days)
        requests._send_request_mail()
        return requests

    @api.model
    def _ticket_request(self, ticket, now, expiry_days):
        return self._create_request(
            now,
            expiry_days,
            {
                "ticket_id": ticket.id,
                "partner_id": ticket.partner_id.id,
                "user_id": ticket.user_id.id,
                "team_id": ticket.team_id.id,
                "company_id": ticket.company_id.id or self.env.user.company_id.id,
            },
        )

    @api.model
    def _create_request(self, now, expiry_days, vals):
        """A new feedback request (as superuser) with ``vals``, its one-time
        token, sent ``now`` and expiring ``expiry_days`` later (0: never)."""
        return self.sudo().create(
            dict(
                vals,
                state="requested",
                access_token=satisfaction.new_token(),
                request_date=fields.Datetime.to_string(now),
                expiry_date=fields.Datetime.to_string(now + timedelta(days=expiry_days))
                if expiry_days
                else False,
            )
        )

    @api.multi
    def _request_template(self):
        """The request email: the ticket one, or the delivery one for a
        request about an order without a ticket."""
        self.ensure_one()
        if not self.ticket_id and (self.sale_order_id or self.picking_id):
            return self.env.ref(
                "crm_service_kpi.mail_template_feedback_request_delivery",
                raise_if_not_found=False,
            )
        return self.env.ref(
            "crm_service_kpi.mail_template_feedback_request", raise_if_not_found=False
        )

    @api.multi
    def _send_request_mail(self):
        for rec in self:
            template = rec._request_template()
            if template:
                template.sudo().send_mail(rec.id, force_send=False)

    # ------------------------------------------------------------------
    # Requests on deliveries
    # ------------------------------------------------------------------

    @api.model
    def _delivery_feedback_enabled(self, company=None):
        """Whether ``company`` (else the user's) asks for feedback on deliveries."""
        return bool((company or self.env.user.company_id).sudo().service_feedback_on_delivery)

    @api.model
    def _request_for_pickings(self, pickings):
        """Create and send feedback requests for done outgoing ``pickings``.

        One request per sales order (the customer is the order's customer,
        else the delivery's partner; the employee is the order's
        salesperson; no team). Skipped: pickings that are not done outgoing
        deliveries, orders (or pickings without order) that already have a
        feedback, and customers already asked within the throttle period,
        shared with the ticket requests. A few queries for the whole
        recordset. Returns the created requests."""
        pickings = pickings.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        if not pickings:
            return self.browse()
        self.env.cr.execute(
            """
            SELECT sale_order_id, picking_id
              FROM crm_service_feedback
             WHERE sale_order_id IN %s OR picking_id IN %s
            """,
            (tuple(pickings.mapped("sale_id").ids) or (0,), tuple(pickings.ids)),
        )
        done_orders, done_pickings = set(), set()
        for order_id, picking_id in self.env.cr.fetchall():
            done_orders.add(order_id)
            done_pickings.add(picking_id)
        candidates = []
        seen_orders = set()
        for picking in pickings.sorted("id"):
            order = picking.sale_id
            if picking.id in done_pickings or (order and order.id in done_orders):
                continue
            if order and order.id in seen_orders:
                continue
            partner = order.partner_id if order else picking.partner_id
            if not partner:
                continue
            seen_orders.add(order.id)
            candidates.append((picking, partner))
        if not candidates:
            return self.browse()
        now = fields.Datetime.from_string(fields.Datetime.now())
        requests = self.browse()
        asked = set()
        companies = []
        for picking, __ in candidates:
            company = picking.company_id or self.env.user.company_id
            if company not in companies:
                companies.append(company)
        # each company's own period and link validity (its settings)
        for company in companies:
            company_candidates = [
                (picking, partner) for picking, partner in candidates
                if (picking.company_id or self.env.user.company_id) == company]
            throttle_days = self._company_days(company, "service_feedback_throttle_days")
            recent = set(self._recently_asked_partners(
                list({partner.id for __, partner in company_candidates}), throttle_days
            )) | asked
            selected = set(
                satisfaction.select_requestable(
                    [(picking.id, partner.id) for picking, partner in company_candidates],
                    {picking.id for picking, __ in company_candidates},
                    recent,
                )
            )
            expiry_days = self._company_days(company, "service_feedback_expiry_days")
            for picking, partner in company_candidates:
                if picking.id not in selected:
                    continue
                asked.add(partner.id)
                requests |= self._picking_request(picking, partner, now, expiry_days)
        requests._send_request_mail()
        return requests

    @api.model
    def _picking_request(self, picking, partner, now, expiry_days):
        order = picking.sale_id
        return self._create_request(
            now,
            expiry_days,
            {
                "sale_order_id": order.id,
                "picking_id": picking.id,
                "partner_id": partner.id,
                "user_id": order.user_id.id,
                "team_id": False,
                "company_id": picking.company_id.id or self.env.user.company_id.id,
            },
        )

    @api.multi
    def _check_link_access(self):
        """The one-time link of a feedback is given to the mailer (server
        side, as superuser) and to the helpdesk managers who may read the
        feedback (its company); AccessError for anybody else."""
        if self.env.uid == SUPERUSER_ID:
            return
        if not self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager"):
            raise AccessError(_("Only helpdesk managers may see the link of a feedback "
                                "request."))
        self.check_access_rights("read")
        self.check_access_rule("read")

    @api.model
    def check_mail_message_access(self, res_ids, operation, model_name=None):
        """Messages on a feedback are its request mails, which carry the
        one-time link: only helpdesk managers who may read the feedback
        (and the superuser) may read them (mail.message asks the document)."""
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(
                "helpdesk_mgmt.group_helpdesk_manager"):
            raise AccessError(_("Only helpdesk managers may read the mails of a feedback "
                                "request."))
        return self.env["mail.thread"].check_mail_message_access(
            res_ids, operation, model_name=self._name)

    @api.multi
    def get_feedback_url(self):
        """The public link of one feedback request (mail template, managers)."""
        if len(self) != 1 or not kpi.ids_in_range(self.ids) or not self.sudo().exists():
            raise UserError(_("Choose one existing feedback to get its link."))
        self._check_link_access()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return "%s/service/feedback/%s" % (base.rstrip("/"), self.sudo().access_token)

    # ------------------------------------------------------------------
    # Public page
    # ------------------------------------------------------------------

    @api.model
    def _find_by_token(self, token):
        """(request, status) for a token; status is 'valid', 'expired',
        'unknown' or 'malformed'. Reads as superuser: the token is the secret."""
        if not satisfaction.token_is_well_formed(token):
            return self.browse(), "malformed"
        request = self.sudo().search([("access_token", "=", token)], limit=1)
        status = satisfaction.token_status(
            bool(request),
            fields.Datetime.from_string(request.expiry_date) if request else None,
            fields.Datetime.from_string(fields.Datetime.now()),
        )
        return request, status

    @api.model
    def _visitor_user(self, partner):
        """Who answers on the public page: the customer's own (portal) user,
        else the public user; never the administrator."""
        users = partner.sudo().with_context(active_test=False).user_ids
        return users[:1] or self.env.ref("base.public_user")

    @api.model
    def _submit_answer_by_token(self, token, csat, nps, comment=None):
        """Store the customer's answer given on the public page (controller
        only: private, so not callable over RPC).

        Returns (request, status, errors): status as in ``_find_by_token``,
        'answered' when the request was already answered (an answer is
        never changed), or 'invalid' when the scores are missing or out of
        range or the comment cannot be stored, with the messages in
        ``errors``; nothing is written unless status is 'valid'. The answer
        is written in the name of the customer (write_uid: their portal user,
        else the public user), and a detractor's follow-up note is authored
        by the customer."""
        request, status = self._find_by_token(token)
        if status != "valid":
            return request, status, []
        if request.state == "answered":
            return request, "answered", []
        csat_value = satisfaction.parse_score(csat, *satisfaction.CSAT_RANGE)
        nps_value = satisfaction.parse_score(nps, *satisfaction.NPS_RANGE)
        errors = []
        if csat_value is None:
            errors.append(_("Please choose a satisfaction score from 1 to 5."))
        if nps_value is None:
            errors.append(_("Please choose a recommendation score from 0 to 10."))
        if comment is not None and not isinstance(comment, str):
            errors.append(_("The comment must be text."))
        elif comment and ("\x00" in comment or len(comment) > COMMENT_MAX):
            errors.append(_("The comment must be plain text of at most %(max)s characters.")
                          % {"max": COMMENT_MAX})
        if errors:
            return request, "invalid", errors
        request.with_context(feedback_author_id=request.partner_id.id).write(
            {
                "state": "answered",
                "csat": csat_value,
                "nps": nps_value,
                "comment": (comment or "").strip() or False,
                "answered_date": fields.Datetime.now(),
            }
        )
        # The ORM writes as the superuser the token lookup needs; record the
        # visitor instead, so that the answer does not read as the admin's.
        self.env.cr.execute(
            "UPDATE crm_service_feedback SET write_uid = %s WHERE id = %s",
            (self._visitor_user(request.partner_id).id, request.id),
        )
        request.invalidate_cache(["write_uid"], request.ids)
        return request, "valid", []

    @api.multi
    def write(self, vals):
        """Answers are append-only: once a feedback is answered, what the
        customer said (ANSWER_FIELDS) cannot be changed, by anyone."""
        if set(ANSWER_FIELDS) & set(vals):
            answered = self.filtered(lambda r: r.state == "answered")
            if answered:
                raise UserError(_(
                    "Feedback %(name)s is answered: what the customer said cannot be "
                    "changed.") % {"name": answered[0].display_name})
        res = super().write(vals)
        if {"csat", "nps", "state"} & set(vals):
            self.filtered(lambda r: r.is_detractor and not r.followup_done)._detractor_followup()
        return res

    @api.multi
    def unlink(self):
        answered = self.filtered(lambda r: r.state == "answered")
        if answered:
            raise UserError(_(
                "Feedback %(name)s is answered: an answer of a customer cannot be "
                "deleted.") % {"name": answered[0].display_name})
        return super().unlink()

    # ------------------------------------------------------------------
    # Detractors
    # ------------------------------------------------------------------

    @api.multi
    def _account_manager(self):
        """Who follows up a detractor: the customer's account manager
        (salesperson of the commercial partner), else the team leader, else
        the ticket's assignee, else the employee of the feedback."""
        self.ensure_one()
        commercial = self.partner_id.commercial_partner_id
        user = commercial.user_id or self.partner_id.user_id
        team = self.team_id or self.ticket_id.team_id
        if not user and team:
            for fname in ("leader_id", "team_leader_id", "user_id"):
                if fname in team._fields and team[fname]:
                    user = team[fname]
                    break
        return user or self.ticket_id.user_id or self.user_id

    @api.multi
    def _detractor_followup(self):
        """Schedule a follow-up activity for the account manager and post a
        note on the customer's chatter. Both only link to the feedback: their
        readers (anyone who reads the customer) may not be allowed to see the
        scores and the comment, which stay on the feedback and its rules."""
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        partner_model = self.env["ir.model"].sudo()._get("res.partner")
        author_id = self.env.context.get("feedback_author_id")
        records = self.sudo()
        for rec in records:
            customer = rec.partner_id
            manager = rec._account_manager()
            note = _(
                "A detractor answer needs follow-up: %(link)s"
            ) % {"link": '<a href="#" data-oe-model="%s" data-oe-id="%d">%s</a>' % (
                rec._name, rec.id, html_escape(_("feedback #%(id)s") % {"id": rec.id}))}
            if manager:
                self.env["mail.activity"].sudo().create(
                    {
                        "res_model_id": partner_model.id,
                        "res_id": customer.id,
                        "activity_type_id": activity_type.id if activity_type else False,
                        "summary": _("Follow up a dissatisfied customer"),
                        "note": note,
                        "user_id": manager.id,
                        "date_deadline": fields.Date.context_today(rec),
                    }
                )
            post = {"body": note, "subtype": "mail.mt_note", "message_type": "comment"}
            if author_id:
                post["author_id"] = author_id
            # the customer authors the note but does not follow their own card
            customer.with_context(mail_create_nosubscribe=True).message_post(**post)
        records.write({"followup_done": True})

    @api.multi
    def action_resend_request(self):
        """Send the link again (helpdesk managers of the feedback's company)."""
        self._check_link_access()
        self.check_access_rights("write")
        self.check_access_rule("write")
        for rec in self:
            if rec.state != "requested":
                raise UserError(_("Feedback %(name)s is already answered.") % {"name": rec.display_name})
        self._send_request_mail()
        return True

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

BLOCK_PARAM = "crm_customer360.block_open_problems"


def problem_lines(problems):
    """One text line per problem, oldest first."""
    return [
        _("%(name)s (since %(since)s)") % {"name": p["name"], "since": p["since"] or "?"}
        for p in sorted(problems, key=lambda p: (p["since"] or "", p["name"]))
    ]


class CrmCustomer360Problem(models.AbstractModel):
    """Registry of a customer's open problems.

    Any addon declares a kind of problem by extending
    ``_customer360_open_problems`` (``_inherit = "crm.customer360.problem"``,
    call ``super()`` and append to the lists). Problems are read without
    record rules: a salesperson must know about a problem even when the
    document belongs to a colleague.
    """

    _name = "crm.customer360.problem"
    _description = "Customer 360: open problems of a customer"

    @api.model
    def _customer360_open_problems(self, partners):
        """Return ``{commercial_partner_id: [problem, ...]}`` with a key for
        every commercial entity of ``partners``; a problem is a dict with
        ``model``, ``res_id``, ``name`` and ``since`` (date string)."""
        commercial = partners.mapped("commercial_partner_id")
        result = {partner_id: [] for partner_id in commercial.ids}
        if not commercial:
            return result
        self.env.cr.execute(
            """SELECT id, commercial_partner_id, name, date_due
                 FROM crm_commitment
                WHERE state = 'open' AND date_due < %s AND commercial_partner_id IN %s
             ORDER BY date_due, id""",
            [self.env["res.partner"]._customer360_today(), tuple(commercial.ids)],
        )
        for commitment_id, partner_id, name, date_due in self.env.cr.fetchall():
            result[partner_id].append({
                "model": "crm.commitment",
                "res_id": commitment_id,
                "name": _("Promise past due: %(name)s") % {"name": name},
                "since": str(date_due)[:10] if date_due else False,
            })
        self._customer360_ticket_problems(commercial, result)
        return result

    def _customer360_ticket_problems(self, commercial, result):
        """Service tickets past their SLA, when crm_service_kpi is installed
        (looked up by name, so that each addon still installs alone)."""
        if "helpdesk.ticket" not in self.env:
            return
        Ticket = self.env["helpdesk.ticket"]
        if not hasattr(Ticket, "_sla_open_problems"):
            return
        by_partner = Ticket.sudo()._sla_open_problems(commercial.ids)
        ticket_ids = [t for ids in by_partner.values() for t in ids]
        tickets = {t.id: t for t in Ticket.sudo().browse(ticket_ids)}
        for partner_id, ids in by_partner.items():
            for ticket_id in ids:
                ticket = tickets[ticket_id]
                result.setdefault(partner_id, []).append({
                    "model": "helpdesk.ticket",
                    "res_id": ticket_id,
                    "name": _("Ticket past its SLA: %(name)s") % {"name": ticket.display_name},
                    "since": (ticket.resolution_deadline or ticket.create_date or "")[:10] or False,
                })

    @api.model
    def _customer360_problems_of(self, partner):
        """The open problems of one partner's commercial entity (a list)."""
        if not partner:
            return []
        partner = partner.commercial_partner_id
        return self._customer360_open_problems(partner).get(partner.id, [])

    @api.model
    def _customer360_problem_count(self, partner):
        """``len(self._customer360_problems_of(partner))`` without building
        the problems' names (the 360 header shows the count only): the
        display names of a big customer's tickets past their SLA cost more
        than the rest of the header."""
        return sum(self._customer360_problem_counts(partner).values())

    @api.model
    def _customer360_problem_counts(self, partner):
        """The open problems of one partner's commercial entity by kind:
        ``{"promises": promises past due, "tickets": tickets past their
        SLA}`` (tickets: 0 without crm_service_kpi)."""
        counts = {"promises": 0, "tickets": 0}
        if not partner:
            return counts
        partner = partner.commercial_partner_id
        self.env.cr.execute(
            "SELECT count(*) FROM crm_commitment WHERE state = 'open' AND date_due < %s "
            "AND commercial_partner_id = %s",
            [self.env["res.partner"]._customer360_today(), partner.id])
        counts["promises"] = self.env.cr.fetchone()[0]
        if "helpdesk.ticket" in self.env and hasattr(
                self.env["helpdesk.ticket"], "_sla_open_problems"):
            by_partner = self.env["helpdesk.ticket"].sudo()._sla_open_problems(partner.ids)
            counts["tickets"] = len(by_partner.get(partner.id, []))
        return counts

    @api.model
    def _customer360_problems_text(self, problems):
        return "\n".join("- %s" % line for line in problem_lines(problems))

    @api.model
    def _customer360_problems_html(self, problems):
        return "<ul>%s</ul>" % "".join(
            "<li>%s</li>" % html_escape(line) for line in problem_lines(problems))

    @api.model
    def _customer360_warning(self, partner):
        """Onchange result warning about the partner's open problems, or {}."""
        problems = self._customer360_problems_of(partner)
        if not problems:
            return {}
        return {"warning": {
            "title": _("%(customer)s has open problems") % {
                "customer": partner.commercial_partner_id.display_name},
            "message": _("Selling over open problems:\n%(problems)s") % {
                "problems": self._customer360_problems_text(problems)},
        }}

    @api.model
    def _customer360_must_block(self):
        """Whether the current user may not sell over open problems."""
        blocking = self.env["ir.config_parameter"].sudo().get_param(BLOCK_PARAM)
        return bool(blocking) and not self.env.user.has_group("sales_team.group_sale_manager")

    @api.model
    def _customer360_check_selling(self, records, what):
        """Before selling to the partners of ``records`` (which have a
        ``partner_id``): raise UserError when blocked, else return
        ``{record: problems}`` for the records sold over open problems."""
        problems = self._customer360_open_problems(records.mapped("partner_id"))
        found = {}
        for record in records:
            record_problems = problems.get(record.partner_id.commercial_partner_id.id)
            if record_problems:
                found[record] = record_problems
        if found and self._customer360_must_block():
            raise UserError(_(
                "You cannot %(what)s while the customer has open problems; "
                "ask a sales manager or solve them first:\n%(problems)s") % {
                    "what": what,
                    "problems": "\n".join(
                        "%s:\n%s" % (record.partner_id.commercial_partner_id.display_name,
                                     self._customer360_problems_text(record_problems))
                        for record, record_problems in found.items()),
            })
        return found

    @api.model
    def _customer360_post_sold_over(self, found):
        """Post an internal note on each record sold over open problems."""
        for record, problems in found.items():
            record.message_post(
                body="<p>%s</p>%s" % (
                    html_escape(_("Sold over open problems of the customer:")),
                    self._customer360_problems_html(problems)),
                subtype="mail.mt_note", message_type="comment")

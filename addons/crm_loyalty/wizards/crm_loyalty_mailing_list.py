# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mass-mailing list per value x loyalty quadrant.

crm_loyalty does not depend on mass_mailing: the models of Email Marketing
are only looked up when the wizard runs, and the tables are written with SQL
only after checking that the user may create them through the ORM.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules.value_matrix import QUADRANTS

# Commercial entities of the selected partners that the user may read, assessed
# in the user's company, with a quadrant, an email and no opt-out.
# __FROM__/__WHERE__ come from the ORM's own query of res.partner (record
# rules applied).
CUSTOMERS_QUERY = """
SELECT res_partner.id, res_partner.name, trim(res_partner.email),
       res_partner.country_id, lm.quadrant
  FROM crm_loyalty_membership lm, __FROM__
 WHERE __WHERE__
   AND lm.partner_id = res_partner.id
   AND lm.program_id IN (SELECT id FROM crm_loyalty_program WHERE active AND company_id = %s)
   AND lm.quadrant IS NOT NULL
   AND coalesce(res_partner.opt_out, false) = false
   AND trim(coalesce(res_partner.email, '')) LIKE '%%_@_%%'
 ORDER BY lm.quadrant, res_partner.id
"""

# Email Marketing contacts for emails that have none yet, in one statement.
# SQL rather than create(): a list can hold thousands of customers, and a
# mass-mailing contact is a plain row (the mail.thread it inherits only adds
# a creation message nobody reads for a list import).
CONTACTS_INSERT = """
INSERT INTO mail_mass_mailing_contact
    (name, email, country_id, opt_out, message_bounce,
     create_uid, create_date, write_uid, write_date)
SELECT DISTINCT ON (lower(v.email)) v.name, v.email, v.country, false, 0,
       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM unnest(%(names)s::varchar[], %(emails)s::varchar[], %(countries)s::int[])
    AS v(name, email, country)
 WHERE NOT EXISTS (
        SELECT 1 FROM mail_mass_mailing_contact c WHERE lower(c.email) = lower(v.email))
 ORDER BY lower(v.email)
"""

# Target membership (list, contact): the oldest contact of each email, never an
# email whose contact unsubscribed. Stale members of the lists are removed
# first, then the missing ones added.
MEMBERS_CTE = """
WITH wanted AS (
    SELECT DISTINCT v.list_id, lower(v.email) AS email
      FROM unnest(%(lists)s::int[], %(emails)s::varchar[]) AS v(list_id, email)
), contact AS (
    SELECT lower(email) AS email, min(id) AS id, bool_or(opt_out) AS opt_out
      FROM mail_mass_mailing_contact
     WHERE lower(email) IN (SELECT email FROM wanted)
     GROUP BY lower(email)
), target AS (
    SELECT w.list_id, c.id AS contact_id
      FROM wanted w JOIN contact c ON c.email = w.email
     WHERE NOT c.opt_out
)
"""
MEMBERS_DELETE = MEMBERS_CTE + """
DELETE FROM mail_mass_mailing_contact_list_rel r
 WHERE r.list_id IN %(list_ids)s
   AND NOT EXISTS (
        SELECT 1 FROM target t WHERE t.list_id = r.list_id AND t.contact_id = r.contact_id)
"""
MEMBERS_INSERT = MEMBERS_CTE + """
INSERT INTO mail_mass_mailing_contact_list_rel (list_id, contact_id)
SELECT t.list_id, t.contact_id
  FROM target t
 WHERE NOT EXISTS (
        SELECT 1 FROM mail_mass_mailing_contact_list_rel r
         WHERE r.list_id = t.list_id AND r.contact_id = t.contact_id)
"""


class CrmLoyaltyMailingList(models.TransientModel):
    _name = "crm.loyalty.mailing.list"
    _description = "Mailing Lists per Value x Loyalty Quadrant"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        default=lambda self: self._default_partner_ids(),
        help="Selected customers; their companies go to the list of their value x "
        "loyalty quadrant.",
    )
    summary = fields.Text(compute="_compute_summary", help="Customers per list to build.")

    @api.model
    def _default_partner_ids(self):
        model = self.env.context.get("active_model")
        if model in ("res.partner", "crm.loyalty.membership"):
            ids = self.env.context.get("active_ids")
            if isinstance(ids, (list, tuple)) and all(
                isinstance(i, int) and not isinstance(i, bool) for i in ids
            ):
                records = self.env[model].browse(ids).exists()
                if model == "crm.loyalty.membership":
                    records = records.mapped("partner_id")
                return [(6, 0, records.ids)]
        return []

    @api.model
    def create(self, vals):
        if "partner_ids" in vals:
            vals = dict(vals, partner_ids=[(6, 0, self._checked_partner_ids(vals["partner_ids"]))])
        return super().create(vals)

    @api.model
    def _checked_partner_ids(self, commands):
        """Ids of the customers given as x2many commands (``[(6, 0, ids)]``,
        ``(4, id)``) or a plain list of ids; a translated UserError for
        anything else or a customer that does not exist."""
        error = UserError(_("Select existing customers to build the mailing lists."))
        if not isinstance(commands, (list, tuple)):
            raise error
        ids = []
        for command in commands:
            if isinstance(command, int) and not isinstance(command, bool):
                ids.append(command)
            elif (isinstance(command, (list, tuple)) and len(command) == 3 and command[0] == 6
                  and isinstance(command[2], (list, tuple))):
                ids = list(command[2])
            elif isinstance(command, (list, tuple)) and len(command) >= 2 and command[0] == 4:
                ids.append(command[1])
            else:
                raise error
        if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
            raise error
        partners = self.env["res.partner"].browse(list(set(ids)))
        if len(partners.exists()) != len(partners):
            raise error
        return partners.ids

    @api.depends("partner_ids")
    def _compute_summary(self):
        for wizard in self:
            counts = wizard._customers_by_quadrant()
            lines = [
                _("%(list)s: %(count)d customers")
                % {"list": wizard._list_name(quadrant), "count": len(counts[quadrant])}
                for quadrant, _label in QUADRANTS
                if quadrant in counts
            ]
            wizard.summary = "\n".join(lines) or _(
                "None of the selected customers has a quadrant, an email and "
                "accepts marketing emails."
            )

    @api.model
    def _list_name(self, quadrant):
        labels = dict(
            self.env["res.partner"]._fields["loyalty_quadrant"]._description_selection(self.env)
        )
        return _("Loyalty – %(quadrant)s") % {"quadrant": labels[quadrant]}

    @api.multi
    def _customers_by_quadrant(self):
        """{quadrant: [(partner id, name, email, country id)]} of the selected
        customers' commercial entities, as the current user may read them."""
        self.ensure_one()
        result = {}
        if not self.partner_ids:
            return result
        Partner = self.env["res.partner"]
        # The selection as given, then their companies: both through the ORM's
        # query so that record rules apply.
        commercial_ids = list(set(self.partner_ids.mapped("commercial_partner_id").ids))
        query = Partner._where_calc([("id", "in", commercial_ids)])
        Partner._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        sql = CUSTOMERS_QUERY.replace("__FROM__", from_clause).replace(
            "__WHERE__", where_clause or "TRUE"
        )
        self.env.cr.execute(sql, list(params) + [self.env.user.company_id.id])
        for partner_id, name, email, country_id, quadrant in self.env.cr.fetchall():
            result.setdefault(quadrant, []).append((partner_id, name, email, country_id))
        return result

    @api.multi
    def action_build(self):
        """Create or refresh one mailing list per quadrant of the selection.

        A list is found by its name ("Loyalty – <quadrant>") and its members
        are replaced by the selected customers of that quadrant; contacts that
        unsubscribed stay out.
        """
        self.ensure_one()
        if "mail.mass_mailing.list" not in self.env:
            raise UserError(_("Install Email Marketing to build mailing lists"))
        MailingList = self.env["mail.mass_mailing.list"]
        Contact = self.env["mail.mass_mailing.contact"]
        # SQL below writes what these models guard: ask the ORM first.
        MailingList.check_access_rights("create")
        MailingList.check_access_rights("write")
        Contact.check_access_rights("create")
        Contact.check_access_rights("write")
        by_quadrant = self._customers_by_quadrant()
        if not by_quadrant:
            raise UserError(
                _(
                    "None of the selected customers has a value x loyalty quadrant, an "
                    "email address and accepts marketing emails: no list to build."
                )
            )
        # At most four lists: one search or create each.
        lists = MailingList
        pairs = {"lists": [], "emails": []}
        contacts = {"names": [], "emails": [], "countries": []}
        for quadrant, rows in sorted(by_quadrant.items()):
            name = self._list_name(quadrant)
            mailing_list = MailingList.search([("name", "=", name)], limit=1)
            if not mailing_list:
                mailing_list = MailingList.create({"name": name})
            lists |= mailing_list
            for _partner_id, partner_name, email, country_id in rows:
                pairs["lists"].append(mailing_list.id)
                pairs["emails"].append(email)
                contacts["names"].append(partner_name)
                contacts["emails"].append(email)
                contacts["countries"].append(country_id)
        cr = self.env.cr
        cr.execute(CONTACTS_INSERT, dict(contacts, uid=self.env.uid))
        cr.execute(MEMBERS_DELETE, dict(pairs, list_ids=tuple(lists.ids)))
        cr.execute(MEMBERS_INSERT, pairs)
        Contact.invalidate_cache()
        MailingList.invalidate_cache()
        return {
            "type": "ir.actions.act_window",
            "name": _("Mailing Lists"),
            "res_model": "mail.mass_mailing.list",
            "view_mode": "tree,form",
            "domain": [("id", "in", lists.ids)],
            "target": "current",
        }

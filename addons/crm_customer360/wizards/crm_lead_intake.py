# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lead intake: a file of business cards becomes leads, after a preview that
shows each row as new, existing customer, duplicate lead, repeated in the
file or in error. Matching against the database is one query per key kind
for the whole file; the preview lines (the wizard's own rows) are written
with one INSERT. The leads are created through the ORM, one ``create`` per
lead as the importing user, so that their record rules, constraints,
defaults and other modules' overrides apply as in Odoo's own import
(base_import); their followers are subscribed per salesperson and each
salesperson gets one message (see _intake_create_leads). Everything happens
in one savepoint: all or nothing."""
import base64

import psycopg2
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..rules import lead_intake

MANAGER_GROUP = "sales_team.group_sale_manager"
SALESMAN_GROUP = "sales_team.group_sale_salesman"
# Odoo's rule crm.crm_rule_personal_lead: without this group a salesperson may
# only own their leads (or unassigned ones); the manager group implies it.
ALL_LEADS_GROUP = "sales_team.group_sale_salesman_all_leads"
MAX_ROWS = 20000
SHOWN_ERRORS = 10
# Columns of a preview line written by the one INSERT of the preview.
LINE_COLUMNS = ("line", "status", "name", "company", "title", "phone", "email", "country",
                "state", "country_id", "state_id", "partner_id", "lead_id", "user_id",
                "team_id", "first_line", "message")
STATUS_SELECTION = [
    ("new", "New"), ("customer", "Existing customer"), ("duplicate", "Duplicate lead"),
    ("in_file", "Repeated in the file"), ("error", "Error"),
]


def _file_error(error):
    messages = {
        "empty": lambda v: _("The file has no rows: it needs a header row and at least one card."),
        "bad_encoding": lambda v: _(
            "The file cannot be read as text in %(encoding)s: save it as UTF-8 CSV or "
            "XLSX.") % v,
        "bad_file": lambda v: _("The file cannot be read (%(detail)s).") % v,
        "bad_format": lambda v: _(
            "%(filename)s is not a CSV or Excel file (.csv, .xlsx, .xls).") % v,
        "no_header": lambda v: _(
            "The first row (%(header)s) names no known column: it needs at least one of "
            "Name, Email or Phone (or 姓名, 邮箱, 电话).") % v,
    }
    return messages[error.code](error.values)


def _row_message(row):
    texts = {
        "bad_email": _("the email is not valid"),
        "bad_phone": _("the phone number cannot be read"),
        "no_contact": _("no name, email nor phone"),
    }
    if row["status"] == "error":
        return _("Line %(line)s: %(errors)s.") % {
            "line": row["line"], "errors": ", ".join(texts[e] for e in row["errors"])}
    if row["status"] == "in_file":
        return _("Same email or phone as line %(line)s.") % {"line": row["first_line"]}
    if row.get("owner_name"):
        return _("Account manager: %(name)s; assigned to you, who may own only your "
                 "leads.") % {"name": row["owner_name"]}
    return False


class CrmLeadIntake(models.TransientModel):
    _name = "crm.lead.intake"
    _description = "Lead intake from business cards"

    def _default_team_id(self):
        return self.env.user.sale_team_id or self.env["crm.team"]._get_default_team_id()

    @api.model
    def _selection_event(self):
        return self.env["crm.lead"]._selection_intake_event()

    has_events = fields.Boolean(compute="_compute_has_events")
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Done")],
        default="upload", readonly=True)
    file = fields.Binary("File", help="CSV (UTF-8, GB18030 or Big5) or Excel (XLSX) file "
                         "with a header row: name, company, title, phone, email, and "
                         "optionally country and state.")
    filename = fields.Char("File name")
    encoding = fields.Selection(
        [("auto", "Detect"), ("utf-8", "UTF-8"), ("gb18030", "GB18030 (Simplified Chinese)"),
         ("big5", "Big5 (Traditional Chinese)")],
        "CSV encoding", default="auto", required=True)
    campaign_id = fields.Many2one(
        "utm.campaign", "Campaign", help="The leads are tagged with this campaign; its "
        "follow-up funnel counts the cards as reached contacts.")
    event_ref = fields.Reference(
        selection="_selection_event", string="Event",
        help="The event where the cards were collected (when the Events app is installed).")
    team_id = fields.Many2one(
        "crm.team", "Sales team", default=_default_team_id,
        help="Leads of customers without an account manager and outside every territory "
        "go to this team, shared among its members in turn.")
    import_mode = fields.Selection(
        [("all", "All or nothing: stop if any row has an error"),
         ("good", "Import the good rows, skip the rows in error")],
        "When rows are in error", default="all", required=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.user.company_id, readonly=True)
    line_ids = fields.One2many("crm.lead.intake.line", "intake_id", "Rows", readonly=True)
    lead_ids = fields.Many2many("crm.lead", string="Created leads", readonly=True)
    count_total = fields.Integer("Rows", readonly=True)
    count_new = fields.Integer("New", readonly=True)
    count_customer = fields.Integer("Existing customers", readonly=True)
    count_duplicate = fields.Integer("Duplicate leads", readonly=True)
    count_in_file = fields.Integer("Repeated in the file", readonly=True)
    count_error = fields.Integer("Errors", readonly=True)
    count_created = fields.Integer("Leads created", readonly=True)
    matched_pct = fields.Float(
        "Matched", readonly=True,
        help="Share of the rows matched to an existing customer or lead.")
    ready_pct = fields.Float(
        "Ready to import", readonly=True,
        help="Share of the rows that become leads (new and existing customers).")
    error_text = fields.Text("Rows in error", readonly=True)
    assign_note = fields.Char("Assignment", readonly=True)

    @api.multi
    def _compute_has_events(self):
        for rec in self:
            rec.has_events = "event.event" in self.env

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    @api.multi
    def action_preview(self):
        self.ensure_one()
        self._check_intake_rights()
        if not self.file:
            raise UserError(_("Choose a file of business cards to import."))
        rows = self._intake_rows()
        self._intake_write_lines(rows)
        return self._reopen()

    @api.multi
    def action_back(self):
        self.ensure_one()
        self.line_ids.unlink()
        self.write({"state": "upload"})
        return self._reopen()

    @api.multi
    def action_import(self):
        self.ensure_one()
        self._check_intake_rights()
        if self.state != "preview":
            raise UserError(_("Preview the file before importing it."))
        if self.count_error and self.import_mode == "all":
            raise UserError(_(
                "Nothing was imported: %(count)s rows are in error. Correct the file, or "
                "choose to import the good rows only.\n%(errors)s") % {
                    "count": self.count_error, "errors": self.error_text or ""})
        lead_ids = self._intake_create_leads()
        if not lead_ids:
            raise UserError(_("No row can become a lead: every row is a duplicate or in "
                              "error."))
        self.write({"state": "done", "count_created": len(lead_ids),
                    "lead_ids": [(6, 0, lead_ids)]})
        return self._reopen()

    @api.multi
    def action_open_leads(self):
        self.ensure_one()
        action = self.env.ref("crm.crm_lead_all_leads").read()[0]
        action.update({"domain": [("id", "in", self.lead_ids.ids)], "context": {}})
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "view_type": "form", "target": "new",
            "name": _("Import business cards"),
        }

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------
    def _check_intake_rights(self):
        user = self.env.user
        if not user.has_group(SALESMAN_GROUP):
            raise AccessError(_("Only salespeople may import leads."))
        self.env["crm.lead"].check_access_rights("create")
        # A salesperson imports for their own team (or the one they lead);
        # one without a team for the default team proposed to them.
        if self.team_id and not user.has_group(MANAGER_GROUP) and \
                self.team_id not in (user.sale_team_id or self._default_team_id()) and \
                self.team_id.user_id != user:
            raise UserError(_(
                "You may import leads for your own sales team only (%(team)s).") % {
                    "team": user.sale_team_id.name or _("none")})
        if self.event_ref and self.event_ref._name != "event.event":
            raise UserError(_("Choose an event."))

    def _intake_region(self):
        return (self.company_id.country_id.code or "").upper() or None

    def _intake_rows(self):
        """Parsed, matched and assigned rows of the file."""
        content = base64.b64decode(self.file)
        encoding = None if self.encoding == "auto" else self.encoding
        try:
            table = lead_intake.read_table(self.filename or "cards.csv", content, encoding)
            if len(table) > MAX_ROWS + 1:
                raise UserError(_("The file has more than %(max)s rows: split it.") % {
                    "max": MAX_ROWS})
            rows = self._intake_parse(table)
        except lead_intake.IntakeError as error:
            raise UserError(_file_error(error))
        partners, leads = self._intake_matches(rows)
        lead_intake.classify(rows, partners, leads)
        self._intake_assign(rows)
        return rows

    def _intake_parse(self, table):
        """Rows with country and state ids: the row's country (code or name,
        else the company's) gives the phone's default region."""
        region = self._intake_region()
        rows = lead_intake.parse_rows(table, region)
        self.env.cr.execute("SELECT id, upper(code), lower(name) FROM res_country")
        countries = {}
        codes = {}
        for cid, code, name in self.env.cr.fetchall():
            countries[(code or "").lower()] = countries[name] = cid
            codes[cid] = code
        default_country = self.company_id.country_id.id or None
        wanted = set()
        for row in rows:
            row["country_id"] = countries.get(row["country"].lower()) if row["country"] \
                else default_country
            if row["country_id"] and row["state"]:
                wanted.add(row["country_id"])
            code = codes.get(row["country_id"])
            if row["country"] and code and code != region:
                lead_intake.parse_row(row, code)
        states = {}
        if wanted:
            self.env.cr.execute(
                "SELECT id, country_id, lower(code), lower(name) FROM res_country_state "
                "WHERE country_id IN %s", [tuple(wanted)])
            for sid, country, code, name in self.env.cr.fetchall():
                states[(country, code)] = states[(country, name)] = sid
        for row in rows:
            row["state_id"] = states.get((row["country_id"], row["state"].lower())) \
                if row["state"] else None
        return rows

    def _intake_matches(self, rows):
        """{kind: {key: id}} of the company's customers and open leads
        matching the rows: one query per key kind for the whole file."""
        cr = self.env.cr
        company = self.company_id.id
        emails = sorted({r["email_key"] for r in rows if r["email_key"]})
        phones = {r["phone_key"] for r in rows if r["phone_key"]}
        tails = sorted({p[-7:] for p in phones})
        companies = {r["company_key"] for r in rows if r["company_key"]}
        names = sorted({r["name_key"] for r in rows if r["name_key"] and r["company_key"]})
        region = self._intake_region()
        partners = {"email": {}, "phone": {}, "company": {}}
        leads = {"email": {}, "phone": {}, "company_name": {}}
        visible_partner = "p.active AND (p.company_id IS NULL OR p.company_id = %(company)s)"
        open_lead = ("l.active AND COALESCE(l.probability, 0) < 100 "
                     "AND (l.company_id IS NULL OR l.company_id = %(company)s)")
        params = {"company": company, "emails": emails, "tails": tails,
                  "names": names}
        if emails:
            cr.execute("SELECT lower(trim(p.email)), min(p.id) FROM res_partner p "
                       "WHERE lower(trim(p.email)) = ANY(%(emails)s) AND " + visible_partner +
                       " GROUP BY 1", params)
            partners["email"] = dict(cr.fetchall())
            cr.execute(
                "SELECT k.email, min(l.id) FROM crm_lead l, LATERAL (SELECT lower(trim("
                "COALESCE(substring(l.email_from FROM '<([^>]+)>'), l.email_from))) AS email) k "
                "WHERE k.email = ANY(%(emails)s) AND " + open_lead + " GROUP BY 1", params)
            leads["email"] = dict(cr.fetchall())
        if tails:
            for table, alias, condition, target in (
                    ("res_partner", "p", visible_partner, partners["phone"]),
                    ("crm_lead", "l", open_lead, leads["phone"])):
                digits = "right(regexp_replace(%s.%%s, '[^0-9]', '', 'g'), 7)" % alias
                cr.execute(
                    "SELECT " + alias + ".id, " + alias + ".phone, " + alias + ".mobile FROM " +
                    table + " " + alias + " WHERE " + condition + " AND (" +
                    digits % "phone" + " = ANY(%(tails)s) OR " + digits % "mobile" +
                    " = ANY(%(tails)s)) ORDER BY " + alias + ".id", params)
                for rec_id, phone, mobile in cr.fetchall():
                    for raw in (phone, mobile):
                        key, ok = lead_intake.normalize_phone(raw, region)
                        if ok and key in phones:
                            target.setdefault(key, rec_id)
        if companies:
            # Names are normalised in Python (NFKC, legal forms); the query
            # keeps the companies whose name shares a first character.
            firsts = sorted({k[0] for k in companies})
            cr.execute(
                "SELECT p.id, p.name FROM res_partner p WHERE p.is_company AND " +
                visible_partner + " AND lower(left(p.name, 1)) = ANY(%(firsts)s) ORDER BY p.id",
                dict(params, firsts=firsts + [f.upper() for f in firsts]))
            for rec_id, name in cr.fetchall():
                key = lead_intake.normalize_company(name)
                if key in companies:
                    partners["company"].setdefault(key, rec_id)
        if names:
            cr.execute(
                "SELECT l.id, l.partner_name, l.contact_name FROM crm_lead l WHERE " + open_lead +
                " AND l.partner_name IS NOT NULL AND lower(regexp_replace(l.contact_name, "
                "'\\s', '', 'g')) = ANY(%(names)s) ORDER BY l.id", params)
            for rec_id, company_name, contact in cr.fetchall():
                key = (lead_intake.normalize_company(company_name),
                       lead_intake.normalize_company(contact))
                leads["company_name"].setdefault(key, rec_id)
        return partners, leads

    def _intake_assign(self, rows):
        cr = self.env.cr
        partner_ids = tuple({r["partner_id"] for r in rows if r.get("partner_id")})
        owners = {}
        if partner_ids:
            cr.execute(
                "SELECT p.id, cp.user_id, cp.team_id FROM res_partner p "
                "JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id) "
                "JOIN res_users u ON u.id = cp.user_id AND u.active "
                "WHERE p.id IN %s", [partner_ids])
            owners = {pid: (uid, tid) for pid, uid, tid in cr.fetchall()}
        cr.execute(
            "SELECT country_id, state_id, team_id FROM crm_lead_intake_territory "
            "WHERE company_id = %s ORDER BY id", [self.company_id.id])
        territories = cr.fetchall()
        team_ids = {t[2] for t in territories} | ({self.team_id.id} if self.team_id else set())
        teams, offsets = {}, {}
        if team_ids:
            cr.execute(
                "SELECT u.sale_team_id, u.id FROM res_users u WHERE u.active AND NOT u.share "
                "AND u.sale_team_id IN %s ORDER BY u.sale_team_id, u.id", [tuple(team_ids)])
            for team, user in cr.fetchall():
                teams.setdefault(team, []).append(user)
            # Round robin goes on where the previous imports stopped.
            cr.execute(
                "SELECT team_id, count(*) FROM crm_lead WHERE intake_date IS NOT NULL "
                "AND team_id IN %s GROUP BY team_id", [tuple(team_ids)])
            offsets = dict(cr.fetchall())
        own = None if self._intake_may_assign_all() else self.env.uid
        lead_intake.assign(rows, owners, territories, teams, self.team_id.id or None, offsets,
                           own_user_id=own)
        names = {}
        others = {r["owner_id"] for r in rows if r.get("owner_id")}
        if others:
            cr.execute("SELECT u.id, p.name FROM res_users u JOIN res_partner p "
                       "ON p.id = u.partner_id WHERE u.id IN %s", [tuple(others)])
            names = dict(cr.fetchall())
        for row in rows:
            if row.get("owner_id"):
                row["owner_name"] = names.get(row["owner_id"])

    def _intake_may_assign_all(self):
        """Whether the importer may assign leads to colleagues: Odoo's record
        rules on crm.lead let only "all leads" salespeople and managers do it."""
        return self.env.user.has_group(ALL_LEADS_GROUP)

    def _intake_write_lines(self, rows):
        self.line_ids.unlink()
        counts = lead_intake.status_counts(rows)
        values = []
        for row in rows:
            row["message"] = _row_message(row)
            row["phone"] = row["phone_key"] or row["phone"]
            row["email"] = row["email_key"] or row["email"]
            values.append((self.id, self.env.uid) + tuple(
                row.get(col) or None for col in LINE_COLUMNS) + (self.env.uid,))
        execute_values(
            self.env.cr,
            "INSERT INTO crm_lead_intake_line (intake_id, create_uid, " +
            ", ".join(LINE_COLUMNS) + ", create_date, write_uid, write_date) VALUES %s",
            values, template="(" + ", ".join(["%s"] * (len(LINE_COLUMNS) + 2)) +
            ", now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC')",
            page_size=1000)
        self.invalidate_cache()
        total = len(rows) or 1
        errors = [r["message"] for r in rows if r["status"] == "error"]
        more = len(errors) - SHOWN_ERRORS
        self.write({
            "state": "preview",
            "count_total": len(rows),
            "count_new": counts["new"], "count_customer": counts["customer"],
            "count_duplicate": counts["duplicate"], "count_in_file": counts["in_file"],
            "count_error": counts["error"],
            "matched_pct": 100.0 * (counts["customer"] + counts["duplicate"]) / total,
            "ready_pct": 100.0 * (counts["customer"] + counts["new"]) / total,
            "error_text": "\n".join(errors[:SHOWN_ERRORS] + (
                [_("... and %(count)s more.") % {"count": more}] if more > 0 else [])),
            "assign_note": False if self._intake_may_assign_all() else _(
                "The new leads will be assigned to you: your access rights (own documents "
                "only) let you own only your leads, not a colleague's or an account "
                "manager's."),
        })

    def _intake_lead_values(self):
        """(line number, values of ``crm.lead.create``) of the rows to import,
        in the order of the file."""
        medium = self.env.ref("utm.utm_medium_direct", raise_if_not_found=False)
        source = self.env.ref("crm_customer360.utm_source_lead_intake", raise_if_not_found=False)
        event_ref = self.event_ref and "%s,%s" % (self.event_ref._name, self.event_ref.id)
        common = {
            "type": "lead", "company_id": self.company_id.id,
            "campaign_id": self.campaign_id.id or False,
            "medium_id": medium.id if medium else False,
            "source_id": source.id if source else False,
            "intake_date": fields.Datetime.now(), "intake_event_ref": event_ref or False,
        }
        self.env.cr.execute(
            "SELECT line, name, company, title, phone, email, partner_id, user_id, team_id, "
            "country_id, state_id FROM crm_lead_intake_line WHERE intake_id = %s "
            "AND status IN %s ORDER BY line",
            [self.id, tuple(lead_intake.IMPORTED_STATUSES)])
        result = []
        for (line, name, company, title, phone, email, partner, user, team, country,
             state) in self.env.cr.fetchall():
            values = dict(common)
            values.update({
                "name": (company or name or email or phone) + (
                    " - " + name if name and company else ""),
                "contact_name": name or False, "partner_name": company or False,
                "function": title or False, "phone": phone or False,
                "email_from": email or False, "partner_id": partner or False,
                "user_id": user or False, "team_id": team or False,
                "country_id": country or False, "state_id": state or False,
            })
            result.append((line, values))
        return result

    def _intake_create_leads(self):
        """Create the leads of the good rows through the ORM as the importing
        user: one ``create`` per lead in one savepoint, as Odoo's own import
        (``base_import`` → ``models.load``) does, with its context flag
        ``import_file``; no sudo, so that the record rules and constraints on
        crm.lead and other modules' overrides apply. On the first failing row
        everything is rolled back and its line number reported. Returns the
        new ids.

        What differs from 5,000 leads typed in the form is the chatter, done
        once per group instead of once per lead (a create with its chatter
        costs ~70 ms, 6 minutes for a trade fair's cards): the followers
        (the importer, the salesperson, the team's followers) are subscribed
        in one ``message_auto_subscribe`` per salesperson and team; instead
        of a "Stage: New / Salesperson" note and an "assigned to you" email
        per lead, each salesperson is told once how many leads they got (see
        _intake_notify). The defaults that Odoo computes for each create
        (stage, probability, team, UTM) are computed once per team, with the
        context crm.lead.create gives them. The wizard's ``default_*``
        context keys are dropped: they are the wizard's, not the lead's."""
        context = {key: value for key, value in self.env.context.items()
                   if not key.startswith("default_")}
        context["import_file"] = True
        Lead = self.env(context=context)["crm.lead"]
        rows = self._intake_lead_values()
        defaults = {}
        for _line, values in rows:
            team = values["team_id"]
            if team not in defaults:
                defaults[team] = Lead.with_context(
                    default_type=values["type"], default_team_id=team or None
                )._add_missing_default_values({})
        Lead = Lead.with_context(tracking_disable=True)
        lead_ids, groups = [], {}
        line = None
        try:
            with self.env.cr.savepoint():
                # The stored computed fields (day_open, the next activity's
                # deadline) are computed once for all the leads, after them.
                with self.env.norecompute():
                    for line, values in rows:
                        lead_id = Lead.create(dict(defaults[values["team_id"]], **values)).id
                        lead_ids.append(lead_id)
                        groups.setdefault((values["user_id"], values["team_id"]), []).append(
                            lead_id)
                line = None
                Lead.recompute()
                self._intake_subscribe(Lead, groups)
        except AccessError:
            self.env.clear()
            raise UserError(_(
                "Nothing was imported: line %(line)s would create a lead that your access "
                "rights do not allow (a lead of another salesperson or company).") % {
                    "line": line})
        except (UserError, ValidationError) as error:
            self.env.clear()
            raise UserError(_("Nothing was imported: line %(line)s cannot become a lead: "
                              "%(error)s") % {"line": line, "error": error.name})
        except psycopg2.Error as error:
            self.env.clear()
            raise UserError(_("Nothing was imported: line %(line)s cannot become a lead: "
                              "%(error)s") % {"line": line, "error": error.pgerror or error})
        self._intake_notify(groups)
        return lead_ids

    def _intake_subscribe(self, Lead, groups):
        """The followers a lead created in the form gets (the creating user,
        the salesperson, the followers of its sales team with their
        subtypes), for all the new leads: one call per salesperson and
        team (``groups``: {(user id, team id): lead ids}), without the
        "assigned to you" email of each lead. ``Lead``: with
        ``tracking_disable``, so that writing the followers of 5,000 leads
        does not read their tracked fields to find no change."""
        leads = Lead.browse([i for ids in groups.values() for i in ids])
        leads.message_subscribe(partner_ids=[self.env.user.partner_id.id])
        Lead = Lead.with_context(mail_auto_subscribe_no_notify=True)
        for (user, team), ids in groups.items():
            Lead.browse(ids).message_auto_subscribe(
                ["user_id", "team_id"], values={"user_id": user, "team_id": team})

    def _intake_notify(self, groups):
        """One message to each salesperson (but the importer) who got leads:
        how many, from which file and campaign, in their Inbox or by email as
        they chose (Odoo's notification of a message to a partner)."""
        counts = {}
        for (user, _team), ids in groups.items():
            if user and user != self.env.uid:
                counts[user] = counts.get(user, 0) + len(ids)
        if not counts:
            return
        subtype = self.env.ref("mail.mt_note")
        Message = self.env["mail.message"]
        for user in self.env["res.users"].browse(sorted(counts)):
            wizard = self.with_context(lang=user.lang)
            Message.create({
                "body": wizard._intake_notify_body(counts[user.id]),
                "subject": wizard._intake_notify_subject(),
                "message_type": "notification", "subtype_id": subtype.id,
                "author_id": self.env.user.partner_id.id,
                "partner_ids": [(4, user.partner_id.id)],
            })

    def _intake_notify_subject(self):
        return _("New leads from the lead intake")

    def _intake_notify_body(self, count):
        """The message of _intake_notify, in the language of the context."""
        origin = self.campaign_id.name or (
            self.event_ref.display_name if self.event_ref else False)
        return _("%(importer)s assigned you %(count)s new leads from the business cards "
                 "of %(file)s%(origin)s: find them under Leads (My Leads).") % {
            "importer": self.env.user.name, "count": count,
            "file": self.filename or _("a file"),
            "origin": " (%s)" % origin if origin else ""}


class CrmLeadIntakeLine(models.TransientModel):
    _name = "crm.lead.intake.line"
    _description = "Lead intake: one row of the file"
    _order = "line"

    intake_id = fields.Many2one("crm.lead.intake", required=True, ondelete="cascade",
                                index=True)
    line = fields.Integer("Line", readonly=True, help="Line number in the file.")
    status = fields.Selection(STATUS_SELECTION, readonly=True)
    name = fields.Char("Name", readonly=True)
    company = fields.Char("Company", readonly=True)
    title = fields.Char("Title", readonly=True)
    phone = fields.Char("Phone", readonly=True, help="In international (E.164) form.")
    email = fields.Char("Email", readonly=True)
    country = fields.Char("Country (file)", readonly=True)
    state = fields.Char("State (file)", readonly=True)
    country_id = fields.Many2one("res.country", "Country", readonly=True)
    state_id = fields.Many2one("res.country.state", "State", readonly=True)
    partner_id = fields.Many2one("res.partner", "Existing customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Duplicate of", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales team", readonly=True)
    first_line = fields.Integer("First seen on line", readonly=True)
    message = fields.Char("Message", readonly=True)

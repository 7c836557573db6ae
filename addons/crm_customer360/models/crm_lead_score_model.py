# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..rules import lead_scoring


class CrmLeadScoreModel(models.Model):
    """The lead scoring model of one company, re-trained nightly from its own
    closed leads (``rules/lead_scoring.py``), with its held-out check."""

    _name = "crm.lead.score.model"
    _description = "Lead scoring model"
    _order = "company_id"
    _rec_name = "company_id"

    company_id = fields.Many2one(
        "res.company", string="Company", required=True, readonly=True, ondelete="cascade")
    state = fields.Selection(
        [("ok", "Trained"), ("too_few", "Too few closed leads")], readonly=True)
    date_trained = fields.Date(string="Trained on", readonly=True)
    won_count = fields.Integer(string="Won leads", readonly=True)
    lost_count = fields.Integer(string="Lost leads", readonly=True)
    open_count = fields.Integer(string="Open leads scored", readonly=True)
    train_count = fields.Integer(string="Training leads", readonly=True)
    test_count = fields.Integer(
        string="Held-out leads", readonly=True,
        help="The newest closed leads (by closing date), kept out of the training "
        "to measure the model.")
    auc = fields.Float(
        string="AUC", digits=(16, 3), readonly=True,
        help="Area under the ROC curve on the held-out leads: the chance that a won "
        "lead scores above a lost one (0.5 = guessing, 1 = perfect).")
    auc_known = fields.Boolean(readonly=True)
    calibration_json = fields.Text(readonly=True)
    spec_json = fields.Text(readonly=True)
    message = fields.Char(compute="_compute_message")
    calibration_html = fields.Html(
        string="Calibration", compute="_compute_calibration_html", sanitize=False,
        help="Held-out leads per band of predicted win chance: how many, the chance the "
        "model gave them on average, and how many were really won.")
    weights_html = fields.Html(
        string="What matters", compute="_compute_weights_html", sanitize=False)

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "One lead scoring model per company."),
    ]

    @api.depends("state", "won_count", "lost_count", "auc", "auc_known", "test_count")
    def _compute_message(self):
        for rec in self:
            if rec.state == "too_few":
                rec.message = _(
                    "Too few closed leads to learn from: %(won)d won and %(lost)d lost, "
                    "at least %(min)d of each are needed. Leads get no score until then.") % {
                    "won": rec.won_count, "lost": rec.lost_count,
                    "min": lead_scoring.MIN_CLASS}
            elif rec.state == "ok" and rec.auc_known:
                rec.message = _("AUC %(auc).2f on the %(test)d newest closed leads") % {
                    "auc": rec.auc, "test": rec.test_count}
            elif rec.state == "ok":
                rec.message = _("Trained; the held-out leads have one outcome only: no AUC.")
            else:
                rec.message = _("Not trained yet.")

    @api.depends("calibration_json")
    def _compute_calibration_html(self):
        for rec in self:
            table = json.loads(rec.calibration_json or "[]")
            if not table:
                rec.calibration_html = False
                continue
            head = "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>" % (
                html_escape(_("Predicted")), html_escape(_("Leads")),
                html_escape(_("Predicted on average")), html_escape(_("Really won")))
            body = "".join(
                "<tr><td>%d-%d%%</td><td>%d</td><td>%.0f%%</td><td>%.0f%%</td></tr>" % (
                    round(b["low"] * 100), round(b["high"] * 100), b["count"],
                    b["predicted"] * 100, b["observed"] * 100) for b in table)
            rec.calibration_html = (
                '<table class="table table-condensed o_lead_score_calibration">'
                "<thead>%s</thead><tbody>%s</tbody></table>" % (head, body))

    @api.depends("spec_json")
    def _compute_weights_html(self):
        labels = self._feature_labels()
        for rec in self:
            spec = json.loads(rec.spec_json or "null")
            if not spec:
                rec.weights_html = False
                continue
            lines = []
            for lv in spec["levels"]:
                if lv.get("ratio") is None:
                    continue
                lines.append("<li>%s</li>" % html_escape(_(
                    "%(feature)s %(label)s: %(ratio).1f× the average win rate "
                    "(%(count)d leads)") % {
                    "feature": labels.get(lv["feature"], lv["feature"]),
                    "label": lv["label"], "ratio": lv["ratio"], "count": lv["count"]}))
            rec.weights_html = "<ul>%s</ul>" % "".join(lines) if lines else False

    # ------------------------------------------------------------------
    @api.model
    def _feature_labels(self):
        return {
            "source": _("Source"), "medium": _("Marketing medium"), "campaign": _("Campaign"),
            "country": _("Country"), "team": _("Sales team"),
        }

    @api.model
    def _reason_text(self, reason):
        """One reason of a score in words (translated)."""
        if reason["kind"] == "category":
            words = {
                "source": _("from the source %s"), "medium": _("through the medium %s"),
                "campaign": _("from the campaign %s"), "country": _("in %s"),
                "team": _("followed by the team %s"),
            }[reason["feature"]] % reason["label"]
            if reason.get("ratio") is not None:
                return _("%(what)s: %(ratio).1f× the average win rate") % {
                    "what": words, "ratio": reason["ratio"]}
            return words
        template = {
            "contacts": _("%(value).0f contacts at the customer (average %(avg).1f)"),
            "revenue": _("%(value).0f of revenue from the customer before "
                         "(average %(avg).0f)"),
            "opens": _("%(value).0f mailings opened (average %(avg).1f)"),
            "clicks": _("%(value).0f mailing clicks (average %(avg).1f)"),
            "attended": _("%(value).0f events attended (average %(avg).1f)"),
            "age_days": _("%(value).0f days old (average %(avg).0f)"),
            "activities": _("%(value).0f activities done (average %(avg).1f)"),
        }[reason["feature"]]
        return template % {"value": reason["value"], "avg": reason["average"]}

    @api.model
    def _check_as_of(self, as_of):
        try:
            day = fields.Date.to_string(fields.Date.from_string(as_of))
        except (TypeError, ValueError):
            day = False
        if not day:
            raise UserError(_("The scoring date %r is not a date (YYYY-MM-DD).") % (as_of,))
        return day

    @api.model
    def _train_company(self, company, as_of):
        """Train the company's model on its closed leads up to ``as_of`` and
        write the scores of its open leads (idempotent: the same history gives
        the same model and scores). Returns the model record."""
        as_of = self._check_as_of(as_of)
        if not company or not company.exists():
            raise UserError(_("Lead scoring needs an existing company."))
        result = lead_scoring.train(self._features(company, as_of))
        model = self.sudo().search([("company_id", "=", company.id)])
        vals = {
            "state": result["status"], "date_trained": as_of,
            "won_count": result["won"], "lost_count": result["lost"],
            "open_count": len(result["scores"]), "train_count": result["train"],
            "test_count": result["test"], "auc": result["auc"] or 0.0,
            "auc_known": result["auc"] is not None,
            "calibration_json": json.dumps(result["calibration"]),
            "spec_json": json.dumps(result["spec"]) if result["spec"] else False,
        }
        if model:
            model.write(vals)
        else:
            model = self.sudo().create(dict(vals, company_id=company.id))
        self._write_scores(company, result["scores"])
        return model

    @api.model
    def _features(self, company, as_of):
        """The feature rows of the company's closed and open leads (one
        query; mailings and events only when their apps are installed)."""
        cr = self.env.cr
        query = lead_scoring.feature_query(
            mailing="mail.mail.statistics" in self.env, event="event.registration" in self.env)
        cr.execute(query, {"company": company.id, "as_of": as_of + " 23:59:59"})
        columns = [c[0] for c in cr.description]
        return [dict(zip(columns, row)) for row in cr.fetchall()]

    @api.model
    def _write_scores(self, company, scores):
        """One UPDATE of the company's leads: the new scores, NULL for every
        lead without one (missing, not 0)."""
        ids = list(scores)
        probabilities = [round(scores[i][0] * 100.0, 2) for i in ids]
        reasons = [json.dumps(scores[i][1]) for i in ids]
        cr = self.env.cr
        cr.execute("""
            UPDATE crm_lead SET lead_score = NULL, lead_score_reasons_json = NULL,
                   lead_score_known = FALSE
             WHERE company_id = %s AND lead_score_known AND NOT (id = ANY(%s::int[]))""",
                   [company.id, ids])
        cr.execute("""
            UPDATE crm_lead l
               SET lead_score = s.probability, lead_score_reasons_json = s.reasons,
                   lead_score_known = TRUE
              FROM unnest(%s::int[], %s::float[], %s::text[]) AS s(id, probability, reasons)
             WHERE l.id = s.id""", [ids, probabilities, reasons])
        self.env["crm.lead"].invalidate_cache(
            ["lead_score", "lead_score_reasons_json", "lead_score_known"])

    @api.model
    def _cron_train(self, as_of=None):
        """Nightly: every company's model from its own leads."""
        as_of = as_of or fields.Date.context_today(self)
        for company in self.env["res.company"].sudo().search([]):
            self._train_company(company, as_of)

    @api.multi
    def action_train(self):
        """Re-train this model now (sales managers)."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._train_company(self.company_id, fields.Date.context_today(self))
        return True

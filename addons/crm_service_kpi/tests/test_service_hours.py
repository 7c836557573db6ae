# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

NOW = "2026-02-02 10:00:00"


class TestServiceHours(SavepointCase):
    """res.partner._crm_service_hours: the service time of the cost to serve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, sla_now=NOW))
        env = cls.env
        cls.company = env.user.company_id
        cls.other_company = env["res.company"].create({"name": "Service Hours Other Co"})
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        calendar = env["resource.calendar"].create({
            "name": "Hours Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {
                "name": "Day %s" % d, "dayofweek": str(d),
                "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "Hours Team", "tz": "UTC", "resource_calendar_id": calendar.id})
        cls.customer = env["res.partner"].create({
            "name": "Hours Customer", "is_company": True})
        cls.contact = env["res.partner"].create({
            "name": "Hours Contact", "parent_id": cls.customer.id})
        cls.other_customer = env["res.partner"].create({"name": "Hours Other Customer"})

    def _ticket(self, partner, opened, closed=None, company=None):
        vals = {"name": "Hours ticket", "team_id": self.team.id, "partner_id": partner.id,
                "stage_id": self.stage_new.id,
                "company_id": (company or self.company).id}
        ticket = self.env["helpdesk.ticket"].with_context(sla_now=opened).create(vals)
        if closed:
            ticket.with_context(sla_now=closed).write({"stage_id": self.stage_done.id, "cause_id": self.env.ref("crm_service_kpi.ticket_cause_other").id})
            ticket.with_context(sla_skip=True).write({"closed_date": closed})
        return ticket

    def _hours(self, company=None, date_from="2026-01-05", date_to="2026-01-06"):
        return self.env["res.partner"]._crm_service_hours(
            (company or self.company).id, date_from, date_to)

    def test_two_tickets_of_a_customer(self):
        # solved Monday 08:00 -> 12:00: 4 working hours
        self._ticket(self.contact, "2026-01-05 08:00:00", "2026-01-05 12:00:00")
        # open since Tuesday 08:00: counts once solved, not while it waits
        self._ticket(self.customer, "2026-01-06 08:00:00")
        # solved Tuesday 08:00 -> 17:00: 9 working hours
        self._ticket(self.customer, "2026-01-06 08:00:00", "2026-01-06 17:00:00")
        # solved after the window, opened before it: another window's
        self._ticket(self.customer, "2026-01-02 08:00:00", "2026-01-08 09:00:00")
        # another customer: its own key
        self._ticket(self.other_customer, "2026-01-05 09:00:00", "2026-01-05 10:30:00")
        # another company's ticket of the same customer does not count
        self._ticket(self.customer, "2026-01-05 08:00:00", "2026-01-05 17:00:00",
                     company=self.other_company)
        hours = self._hours()
        self.assertIn(self.customer.id, hours)
        self.assertNotIn(self.contact.id, hours, "keyed by the commercial partner")
        total, basis = hours[self.customer.id]
        self.assertAlmostEqual(total, 13.0)
        self.assertEqual(basis, "estimate")
        self.assertAlmostEqual(hours[self.other_customer.id][0], 1.5)
        other = self._hours(self.other_company)
        self.assertAlmostEqual(other[self.customer.id][0], 9.0)
        self.assertNotIn(self.other_customer.id, other)
        # the ticket solved on the 8th counts in its own window:
        # Fri 2nd 8-17 (9) + Mon 5th 9 + Tue 9 + Wed 9 + Thu 8-9 (1) = 37
        later = self._hours(date_from="2026-01-07", date_to="2026-01-08")
        self.assertAlmostEqual(later[self.customer.id][0], 37.0)

    def test_open_tickets_do_not_count_and_reruns_agree(self):
        """An open ticket is not service time yet (a ticket waiting for
        months is not months of work): it counts when solved. So the
        estimate does not move with the clock: two runs agree."""
        self._ticket(self.customer, "2026-02-02 08:00:00")
        self.assertNotIn(self.customer.id, self._hours(date_from="2026-02-01",
                                                       date_to="2026-02-28"))
        self._ticket(self.customer, "2026-02-02 08:00:00", "2026-02-02 10:00:00")
        first = self._hours(date_from="2026-02-01", date_to="2026-02-28")
        later = self.env["res.partner"].with_context(sla_now="2026-02-20 10:00:00")\
            ._crm_service_hours(self.company.id, "2026-02-01", "2026-02-28")
        self.assertAlmostEqual(first[self.customer.id][0], 2.0)
        self.assertEqual(first, later)

    def test_bad_input(self):
        for company_id, date_from, date_to in (
                (self.company.id, "2026-13-01", "2026-01-06"),
                (self.company.id, "2026-01-06", "2026-01-05"),
                ("x", "2026-01-05", "2026-01-06"),
                (10 ** 8, "2026-01-05", "2026-01-06")):
            with self.assertRaises(UserError):
                self.env["res.partner"]._crm_service_hours(company_id, date_from, date_to)

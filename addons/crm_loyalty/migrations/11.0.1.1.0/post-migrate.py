# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Loyalty state moves from res.partner to crm.loyalty.membership.

Before 11.0.1.1.0 one set of ``loyalty_*`` columns on res_partner held the
state of whichever company assessed the customer last. Each commercial
entity's columns become its membership of the active program of the company
that assessed it (``loyalty_company_id``; else the program of its tier).
Idempotent: existing memberships are left as they are. The old columns are
left in place (Odoo does not drop columns); they are no longer read.
"""
import logging

_logger = logging.getLogger(__name__)

# old partner column -> membership column
COLUMNS = {
    "loyalty_tier_id": "tier_id", "loyalty_score": "score", "loyalty_revenue": "revenue",
    "loyalty_order_count": "order_count", "loyalty_recency_days": "recency_days",
    "loyalty_tenure_days": "tenure_days", "loyalty_referral_count": "referral_count",
    "loyalty_rfm_r": "rfm_r", "loyalty_rfm_f": "rfm_f", "loyalty_rfm_m": "rfm_m",
    "loyalty_segment": "segment", "loyalty_tier_date": "tier_date",
    "loyalty_below_since": "below_since", "loyalty_assessed_date": "assessed_date",
    "loyalty_override_tier_id": "override_tier_id",
    "loyalty_override_reason": "override_reason",
    "loyalty_override_until": "override_until", "loyalty_cost": "cost",
    "loyalty_margin": "margin", "loyalty_service_hours": "service_hours",
    "loyalty_profit": "profit", "loyalty_value_level": "value_level",
    "loyalty_loyalty_level": "loyalty_level", "loyalty_quadrant": "quadrant",
    "loyalty_typical_interval": "typical_interval",
    "loyalty_days_since_purchase": "days_since_purchase",
    "loyalty_churn_risk": "churn_risk", "loyalty_churn_risk_since": "churn_risk_since",
}


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'res_partner' AND column_name LIKE 'loyalty\\_%%'"
    )
    existing = {row[0] for row in cr.fetchall()}
    if "loyalty_company_id" not in existing and "loyalty_tier_id" not in existing:
        return
    columns = {old: new for old, new in COLUMNS.items() if old in existing}
    company = ("p.loyalty_company_id" if "loyalty_company_id" in existing else "NULL::int")
    tier = "p.loyalty_tier_id" if "loyalty_tier_id" in existing else "NULL::int"
    assessed = " OR ".join("p.%s IS NOT NULL" % old for old in (
        "loyalty_company_id", "loyalty_tier_id", "loyalty_assessed_date",
        "loyalty_churn_risk") if old in existing)
    # Column names come from the constant above, checked against the table.
    cr.execute(  # pylint: disable=sql-injection
        """
        INSERT INTO crm_loyalty_membership
            (create_uid, create_date, write_uid, write_date, partner_id, program_id,
             company_id, {new})
        SELECT 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC', p.id, prog.id,
               prog.company_id, {old}
          FROM res_partner p
          LEFT JOIN crm_loyalty_tier t ON t.id = {tier}
          JOIN LATERAL (
                SELECT pr.id, pr.company_id FROM crm_loyalty_program pr
                 WHERE pr.company_id = coalesce({company}, (
                        SELECT tp.company_id FROM crm_loyalty_program tp
                         WHERE tp.id = t.program_id))
                 ORDER BY pr.active DESC, pr.id
                 LIMIT 1) prog ON true
         WHERE p.id = p.commercial_partner_id
           AND ({assessed})
        ON CONFLICT (partner_id, program_id) DO NOTHING
        """.format(
            new=", ".join(columns.values()),
            old=", ".join("p.%s" % old for old in columns),
            tier=tier, company=company, assessed=assessed,
        )
    )
    _logger.info("crm_loyalty: %d loyalty memberships migrated from partners", cr.rowcount)

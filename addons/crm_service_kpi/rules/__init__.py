"""Business rules of crm_service_kpi: plain functions, constants and the SQL
they own, without the Odoo framework (unit tests in tests/rules, no database).

- kpi: service KPI formulas (working hours, CSAT, NPS, rates, means)
- sla: SLA policy matching, working-hour deadlines, status
- satisfaction: feedback tokens, scores, detractors
- driver: first-response and resolution time buckets
- scorecard: weighted scores of employees and teams
- sales_kpi: sales KPI formulas
- kpi_catalog: the catalogue of KPIs (codes, labels, direction)
- dashboard: comparison periods, series and digest weeks of the dashboard
- targets: KPI targets (scope precedence, attainment)
- cause: causes of solved tickets, avoidable kinds
- answer_search: knowledge-base search (normalisation, jieba, ranking SQL)
- answer_deflection: deflection events and figures
- portal: the customer's next step on the portal
"""
from . import kpi
from . import sla
from . import satisfaction
from . import driver
from . import scorecard
from . import sales_kpi
from . import kpi_catalog
from . import dashboard
from . import targets
from . import cause
from . import answer_search
from . import answer_deflection
from . import portal
from . import technician_recommendation

from . import crm_service_feedback
from . import crm_service_sla_policy
from . import helpdesk_ticket
from . import helpdesk_ticket_team
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_feedback
from . import helpdesk_ticket_kpi
from . import crm_service_kpi_report

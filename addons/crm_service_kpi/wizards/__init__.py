from . import crm_service_scorecard_wizard
from . import crm_service_scorecard_result
from . import crm_service_answer_deflection
from . import helpdesk_ticket_technician_recommendation

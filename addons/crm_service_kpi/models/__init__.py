from . import crm_service_feedback

from . import test_crm_service_feedback

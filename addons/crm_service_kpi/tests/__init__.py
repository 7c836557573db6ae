from . import test_crm_service_feedback
from . import test_sla
from . import test_feedback
from . import test_kpi

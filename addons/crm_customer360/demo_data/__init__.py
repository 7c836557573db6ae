from . import crm_customer360_demo
from . import crm_lead_intake_demo
from . import crm_lead_score_demo

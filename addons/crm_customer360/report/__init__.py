from . import report_handover_brief
from . import crm_followup_funnel

from . import crm_customer360_handover
from . import crm_customer360_sale_confirm
from . import crm_lead_intake
from . import crm_lead_salesperson_recommendation

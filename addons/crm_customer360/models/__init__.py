from . import crm_commitment
from . import crm_customer360_source
from . import res_partner
from . import crm_customer360_problem
from . import sale_order
from . import crm_lead
from . import res_config_settings
from . import customer360_demo

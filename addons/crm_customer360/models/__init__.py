from . import crm_commitment
from . import crm_customer360_source
from . import res_partner

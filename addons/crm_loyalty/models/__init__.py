from . import crm_loyalty_program
from . import crm_loyalty_tier

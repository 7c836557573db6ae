from . import crm_loyalty_override
from . import crm_loyalty_mailing_list

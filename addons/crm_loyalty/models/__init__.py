from . import crm_loyalty_program
from . import crm_loyalty_membership
from . import crm_loyalty_tier
from . import crm_loyalty_tier_history
from . import res_partner
from . import sale_order
from . import sale_order_line

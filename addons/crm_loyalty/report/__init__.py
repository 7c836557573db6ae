from . import crm_loyalty_pareto_report
from . import crm_loyalty_referral_report

from . import test_crm_loyalty_program
from . import test_scoring_rules
from . import test_loyalty_recompute
from . import test_loyalty_value
from . import test_loyalty_progress
from . import test_churn_referral
from . import test_tier_notification
from . import test_loyalty_benefits

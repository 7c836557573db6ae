from . import test_crm_loyalty_program
from . import test_scoring_rules
from . import test_loyalty_recompute
from . import test_loyalty_value

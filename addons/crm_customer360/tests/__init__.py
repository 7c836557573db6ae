from . import test_crm_commitment
from . import test_timeline
from . import test_price_conflict
from . import test_open_problem

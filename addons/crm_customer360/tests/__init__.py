from . import test_crm_commitment
from . import test_timeline

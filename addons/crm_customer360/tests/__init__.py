from . import test_crm_commitment
from . import test_timeline
from . import test_price_conflict
from . import test_open_problem
from . import test_handover
from . import test_consent
from . import test_awaiting_reply
from . import test_timeline_trust

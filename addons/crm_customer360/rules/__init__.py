from . import awaiting_reply
from . import consent
from . import handover
from . import quick_actions
from . import timeline
from . import lead_scoring
from . import salesperson_recommendation

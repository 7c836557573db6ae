from . import churn
from . import notification
from . import progress
from . import scoring
from . import tiers
from . import value_matrix
from . import clv
from . import pricing

from . import rules
from . import models

from . import rules
from . import models
from . import report
from . import wizards
from . import demo_data
from . import controllers

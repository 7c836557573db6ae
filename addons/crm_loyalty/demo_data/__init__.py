from . import demo_plan
from . import crm_loyalty_demo

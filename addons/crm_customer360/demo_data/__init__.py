from . import crm_customer360_demo

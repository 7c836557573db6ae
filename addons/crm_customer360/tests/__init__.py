from . import test_crm_commitment

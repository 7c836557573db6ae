from . import crm_commitment

from . import crm_service_kpi_demo

from . import crm_service_kpi_sql_report
from . import crm_service_kpi_report
from . import crm_service_driver_report
from . import crm_service_sales_report

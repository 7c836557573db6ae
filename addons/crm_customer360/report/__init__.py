from . import report_handover_brief

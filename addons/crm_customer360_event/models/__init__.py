from . import event_registration
from . import event_mail_registration
from . import event_event

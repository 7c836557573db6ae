from . import test_event_confirmation

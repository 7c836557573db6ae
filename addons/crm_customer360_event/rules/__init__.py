from . import confirmation

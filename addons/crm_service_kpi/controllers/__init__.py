from . import main
from . import answers
from . import portal

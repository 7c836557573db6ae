from . import main
from . import answers

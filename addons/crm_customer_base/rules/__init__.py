# Plain, version-independent business definitions (no Odoo import).
from . import definitions
from . import recommendation

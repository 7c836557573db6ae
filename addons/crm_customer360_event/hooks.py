# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .rules import confirmation


def post_init_hook(cr, registry):
    """Registrations confirmed before this addon: the confirmation
    scheduler's sent lines give the date (its scheduled date)."""
    cr.execute(confirmation.BACKFILL_SQL)

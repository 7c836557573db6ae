"""Run Odoo 11.0 on Python 3.11.

Odoo 11 was written for Python 3.5 to 3.7. Python removed or changed a few
things since; each module of this package answers one such change, as
narrowly as it can, and never edits Odoo's files:

- ``stdlib``: names Python removed (ABCs in ``collections``, ``inspect``'s
  ``getargspec``/``formatargspec``, ``base64.encodestring``/``decodestring``).
- ``safe_eval``: the opcodes CPython 3.8-3.11 emits for expressions that Odoo
  11's ``safe_eval`` already allowed under their old opcodes.
- ``qweb``: the Python ASTs QWeb builds by hand, which 3.8+ refuse.
- ``etree``: ``getchildren()`` on ``xml.etree`` elements (removed in 3.9).
- ``yaml``: PyYAML 6's required ``Loader`` for Odoo's own ``.yml`` files.
- ``server``: ``--test-file`` and namespace packages' ``__file__ = None`` (3.7);
  the prefork workers' float ``setrlimit`` limits (3.10).

``apply()`` must run before ``odoo`` is imported. ``install()`` (run from
the ``odoo11_compat.pth`` file that set-up writes into the virtualenv) makes
that automatic for every entry point: the first ``import odoo`` applies it.
"""
import sys

from . import hooks

_applied = False


def apply():
    """Apply every patch. Idempotent."""
    global _applied
    if _applied:
        return
    _applied = True
    from . import etree, qweb, safe_eval, server, stdlib, yaml

    stdlib.apply()
    hooks.after_import("odoo.tools.safe_eval", safe_eval.patch)
    hooks.after_import("odoo.addons.base.ir.ir_qweb.qweb", qweb.patch)
    hooks.after_import("odoo.addons.web.controllers.main", etree.patch)
    hooks.after_import("odoo.tools.yaml_import", yaml.patch)
    hooks.after_import("odoo.service.server", server.patch)
    # A module imported before apply() must still be patched.
    for name, patch in hooks.pending():
        if name in sys.modules:
            patch(sys.modules[name])


def install():
    """Apply the patches as soon as ``odoo`` is first imported."""
    if "odoo" in sys.modules:
        apply()
    else:
        hooks.before_import("odoo", apply)

"""``--test-file`` with namespace packages in ``sys.modules``.

Python 3.7 set ``__file__`` to ``None`` on namespace packages (bpo-32305;
before, the attribute was missing). Odoo 11's ``load_test_file_py`` (in
``odoo/service/server.py``) finds the test module by scanning ``sys.modules``
with ``os.path.splitext(getattr(mod, '__file__', ''))``, which raises
``TypeError`` on the first namespace package (``zope``...), so
``odoo --test-file=...`` failed to initialise the database. While it runs,
the function sees a ``sys`` whose ``modules`` leaves those packages out.
"""
import sys
import types


class _Sys(types.ModuleType):
    def __getattr__(self, name):
        return getattr(sys, name)

    @property
    def modules(self):
        return {name: mod for name, mod in sys.modules.items()
                if getattr(mod, "__file__", "") is not None}


def patch(module):
    original = module.load_test_file_py

    def load_test_file_py(registry, test_file):
        module.sys = _Sys("sys")
        try:
            return original(registry, test_file)
        finally:
            module.sys = sys

    load_test_file_py.__wrapped__ = original
    module.load_test_file_py = load_test_file_py

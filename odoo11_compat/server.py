"""``odoo/service/server.py``: ``--test-file`` with namespace packages, and
the prefork workers' resource limits.

Resource limits (``--workers`` > 0): a worker sets its CPU limit with
``resource.setrlimit(RLIMIT_CPU, (ru_utime + ru_stime + limit_time_cpu, hard))``.
``ru_utime`` is a float, and since Python 3.10 ``setrlimit`` refuses floats
(``TypeError: 'float' object cannot be interpreted as an integer``; implicit
``__int__`` conversion was removed, bpo-37999), so every worker died at its
first request and multi-worker mode served nothing. The module sees a
``resource`` whose ``setrlimit`` truncates its limits to integers.

``--test-file``:

Python 3.7 set ``__file__`` to ``None`` on namespace packages (bpo-32305;
before, the attribute was missing). Odoo 11's ``load_test_file_py`` (in
``odoo/service/server.py``) finds the test module by scanning ``sys.modules``
with ``os.path.splitext(getattr(mod, '__file__', ''))``, which raises
``TypeError`` on the first namespace package (``zope``...), so
``odoo --test-file=...`` failed to initialise the database. While it runs,
the function sees a ``sys`` whose ``modules`` leaves those packages out.
"""
import resource
import sys
import types


class _Sys(types.ModuleType):
    def __getattr__(self, name):
        return getattr(sys, name)

    @property
    def modules(self):
        return {name: mod for name, mod in sys.modules.items()
                if getattr(mod, "__file__", "") is not None}


class _Resource(types.ModuleType):
    """``resource``, with ``setrlimit`` accepting float limits (truncated)."""

    def __getattr__(self, name):
        return getattr(resource, name)

    @staticmethod
    def setrlimit(which, limits):
        return resource.setrlimit(which, tuple(int(limit) for limit in limits))


def patch(module):
    module.resource = _Resource("resource")
    original = module.load_test_file_py

    def load_test_file_py(registry, test_file):
        module.sys = _Sys("sys")
        try:
            return original(registry, test_file)
        finally:
            module.sys = sys

    load_test_file_py.__wrapped__ = original
    module.load_test_file_py = load_test_file_py

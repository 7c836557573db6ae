"""Run a callback before a module is imported, or after it has executed."""
import importlib.abc
import sys

_before = {}
_after = {}


def before_import(name, callback):
    _before.setdefault(name, []).append(callback)
    _install()


def after_import(name, patch):
    _after.setdefault(name, []).append(patch)
    _install()


def pending():
    return [(name, patch) for name, patches in _after.items() for patch in patches]


class _Finder(importlib.abc.MetaPathFinder):
    _busy = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname in _before:
            for callback in _before.pop(fullname):
                callback()
        if fullname not in _after or self._busy:
            return None
        # Let the other finders find the real module, then wrap its loader.
        self._busy = True
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
            else:
                return None
        finally:
            self._busy = False
        loader = spec.loader
        exec_module = loader.exec_module

        class _PatchingLoader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                exec_module(module)
                for patch in _after.get(fullname, ()):
                    patch(module)

            def __getattr__(self, attr):
                return getattr(loader, attr)

        spec.loader = _PatchingLoader()
        return spec


_finder = _Finder()


def _install():
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)

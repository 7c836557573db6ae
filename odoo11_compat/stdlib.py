"""Names the standard library removed after Python 3.7 that Odoo 11 uses."""
import base64
import collections
import collections.abc
import inspect

# Python 3.10 removed the ABC aliases from ``collections`` (bpo-37324);
# Odoo 11 imports Iterable, Mapping, MutableSet, Sized... from there.
_ABC_NAMES = (
    "Callable", "Container", "Hashable", "Iterable", "Iterator", "Mapping",
    "MutableMapping", "MutableSequence", "MutableSet", "Sequence", "Set", "Sized",
)


def _getargspec(func):
    """``inspect.getargspec``, removed in Python 3.11 (bpo-45320)."""
    spec = inspect.getfullargspec(func)
    return inspect.ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def _formatargspec(args, varargs=None, varkw=None, defaults=None):
    """``inspect.formatargspec`` for the positional part Odoo 11 uses
    (``tools/cache.py`` builds a function signature from it); removed in 3.11."""
    specs = []
    first_default = len(args) - len(defaults) if defaults else len(args)
    for i, arg in enumerate(args):
        spec = arg
        if i >= first_default:
            spec += "=" + repr(defaults[i - first_default])
        specs.append(spec)
    if varargs is not None:
        specs.append("*" + varargs)
    if varkw is not None:
        specs.append("**" + varkw)
    return "(" + ", ".join(specs) + ")"


def apply():
    for name in _ABC_NAMES:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    if not hasattr(inspect, "ArgSpec"):
        inspect.ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = _getargspec
    if not hasattr(inspect, "formatargspec"):
        inspect.formatargspec = _formatargspec
    # Python 3.9 removed the deprecated aliases (bpo-38916).
    if not hasattr(base64, "encodestring"):
        base64.encodestring = base64.encodebytes
    if not hasattr(base64, "decodestring"):
        base64.decodestring = base64.decodebytes

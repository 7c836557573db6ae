"""Make the ASTs QWeb builds by hand compile on Python 3.8+.

QWeb (``odoo/addons/base/ir/ir_qweb/qweb.py``) assembles a module AST and
compiles it. Python 3.8 added ``posonlyargs`` to ``ast.arguments`` (and
``type_ignores`` to ``ast.Module``) as required fields, made ``None``,
``True`` and ``False`` constants that ``ast.Name`` may no longer carry, and
3.11 checks that every node's line range is ordered. The module's own
``compile`` name is replaced by one that repairs exactly those points first.
"""
import ast
import builtins

_CONSTANT_NAMES = {"None": None, "True": True, "False": False}


def _fix(node, lineno):
    """Repair ``node`` and its children in a single pass. (Three passes,
    ``NodeTransformer`` + ``ast.fix_missing_locations`` + ``ast.walk``, doubled
    QWeb's compile time; QWeb compiles again after every cache invalidation,
    so the first website page of each of Odoo's HttpCase tests outlasted its
    10 s ``url_open`` timeout.)"""
    cls = type(node)
    if cls is ast.Name and node.id in _CONSTANT_NAMES:
        node = ast.Constant(value=_CONSTANT_NAMES[node.id], lineno=getattr(node, "lineno", lineno))
    elif cls is ast.arguments and not hasattr(node, "posonlyargs"):
        node.posonlyargs = []
    elif cls is ast.Module and not hasattr(node, "type_ignores"):
        node.type_ignores = []
    if "lineno" in cls._attributes:
        # QWeb sets a FunctionDef's lineno to the template line while its
        # body keeps the lines of the snippets it was parsed from: give every
        # node a one-line range so 3.11's order check holds; a node without
        # a line takes its parent's (as ``ast.fix_missing_locations`` does).
        lineno = getattr(node, "lineno", None) or lineno
        node.lineno = node.end_lineno = lineno
        node.col_offset = node.end_col_offset = 0
    for field in node._fields:
        value = getattr(node, field, None)
        if type(value) is list:
            for i, item in enumerate(value):
                if isinstance(item, ast.AST):
                    value[i] = _fix(item, lineno)
        elif isinstance(value, ast.AST):
            setattr(node, field, _fix(value, lineno))
    return node


def repair(tree):
    """Return ``tree`` repaired in place for Python 3.11's compiler:
    ``None``/``True``/``False`` names become constants, ``posonlyargs`` and
    ``type_ignores`` are added, every node gets an ordered one-line range."""
    return _fix(tree, 1)


def _compile(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = repair(source)
    return builtins.compile(source, filename, mode, *args, **kwargs)


def patch(module):
    module.compile = _compile
    arguments = module.ast.arguments
    # ``qweb._create_def`` calls the module-level ``arguments`` alias.
    module.arguments = lambda **kw: arguments(posonlyargs=[], **kw)

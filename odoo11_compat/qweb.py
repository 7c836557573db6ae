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


class _Repair(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id in _CONSTANT_NAMES:
            return ast.copy_location(ast.Constant(value=_CONSTANT_NAMES[node.id]), node)
        return node

    def generic_visit(self, node):
        node = super().generic_visit(node)
        if isinstance(node, ast.arguments) and not hasattr(node, "posonlyargs"):
            node.posonlyargs = []
        if isinstance(node, ast.Module) and not hasattr(node, "type_ignores"):
            node.type_ignores = []
        return node


def repair(tree):
    """Return ``tree`` repaired in place for Python 3.11's compiler."""
    tree = _Repair().visit(tree)
    ast.fix_missing_locations(tree)
    for node in ast.walk(tree):
        if "lineno" not in node._attributes or not hasattr(node, "lineno"):
            continue
        # QWeb sets a FunctionDef's lineno to the template line while its
        # body keeps the lines of the snippets it was parsed from: give every
        # node a one-line range so the compiler's order check holds.
        node.end_lineno = node.lineno
        node.col_offset = node.end_col_offset = 0
    return tree


def _compile(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = repair(source)
    return builtins.compile(source, filename, mode, *args, **kwargs)


def patch(module):
    module.compile = _compile
    arguments = module.ast.arguments
    # ``qweb._create_def`` calls the module-level ``arguments`` alias.
    module.arguments = lambda **kw: arguments(posonlyargs=[], **kw)

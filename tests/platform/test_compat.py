"""Unit tests of the Python 3.11 compatibility layer (odoo11_compat).

No database: each test exercises the Odoo 11 code path a patch answers, and
would fail on Python 3.11 without that patch.
Run: .venv/bin/pytest -p no:odoo tests/platform -q
"""
import ast
import base64
import collections
import inspect
import io

import pytest

import odoo11_compat

odoo11_compat.apply()

import odoo  # noqa: E402,F401
import importlib  # noqa: E402
from odoo.tools.safe_eval import safe_eval, const_eval, expr_eval  # noqa: E402

safe_eval_mod = importlib.import_module("odoo.tools.safe_eval")


# -- stdlib -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["Iterable", "Mapping", "MutableMapping", "MutableSet",
                                  "Sequence", "Sized", "Callable", "Set"])
def test_collections_abc_aliases(name):
    import collections.abc
    assert getattr(collections, name) is getattr(collections.abc, name)


def test_odoo_modules_using_collections_abcs_import():
    from odoo.tools import misc  # noqa: F401  (collections.Mapping, Iterable...)
    from odoo import models, fields  # noqa: F401
    assert issubclass(dict, collections.Mapping)


def test_getargspec():
    def f(self, a, b=2, *args, **kw):
        pass
    spec = inspect.getargspec(f)
    assert spec == (["self", "a", "b"], "args", "kw", (2,))
    assert spec.keywords == "kw"


def test_formatargspec_like_python37():
    def f(self, a, b=2, c="x", *args, **kw):
        pass
    assert inspect.formatargspec(*inspect.getargspec(f)) == "(self, a, b=2, c='x', *args, **kw)"

    def g(self):
        pass
    assert inspect.formatargspec(*inspect.getargspec(g)) == "(self)"


def test_ormcache_builds_its_key_functions():
    from odoo.tools.cache import ormcache, ormcache_context

    class Model(object):
        def m(self, a, b=2, context=None):
            return a
    key = ormcache("a", "b").__call__(Model.m)  # noqa: F841
    dec = ormcache("a", "b")
    dec.method = Model.m
    dec.determine_key()
    assert dec.key(Model(), 1, b=3) == (1, 3)
    dec = ormcache_context("a", keys=("lang",))
    dec.method = Model.m
    dec.determine_key()
    assert dec.key(Model(), 5, context={"lang": "fr_FR"}) == (5, ("fr_FR",))


def test_base64_aliases():
    assert base64.encodestring(b"odoo") == b"b2Rvbw==\n"
    assert base64.decodestring(b"b2Rvbw==\n") == b"odoo"


# -- safe_eval ---------------------------------------------------------------

@pytest.mark.parametrize("expr, expected", [
    ("[1, 2, 3]", [1, 2, 3]),
    ("{1, 2}", {1, 2}),
    ("'%s-%s' % (a, 'x')", "1-x"),
    ("a in [1, 2] and a is not None", True),
    ("a + 1 - 2 * 3 // 1 % 5", 1 + 1 - 6 % 5),
    ("list(x * 2 for x in [1, 2])", [2, 4]),
    ("[x for x in [1, 2] if x > a]", [2]),
    ("{k: v for k, v in [(1, 2)]}", {1: 2}),
    ("(lambda y: y + a)(1)", 2),
    ("dict(**kw)", {"k": 1}),
    ("d.get('k', 0)", 1),
    ("[('state', '=', 'draft'), ('id', 'in', [1, 2])]",
     [("state", "=", "draft"), ("id", "in", [1, 2])]),
    ("a if a else 0", 1),
    ("not a", False),
    ("[x for x in [1, 2] if x not in (a,)]", [2]),
])
def test_safe_eval_accepts(expr, expected):
    assert safe_eval(expr, {"a": 1, "kw": {"k": 1}, "d": {"k": 1}}) == expected


def test_safe_eval_exec_mode():
    ctx = {"a": 1}
    safe_eval("b = a + 1\nif b > 1:\n    c = [i for i in range(b)]\nfor i in c:\n    a += i", ctx,
              mode="exec", nocopy=True)
    assert ctx["b"] == 2 and ctx["c"] == [0, 1] and ctx["a"] == 2


def test_safe_eval_exec_try_except():
    ctx = {}
    safe_eval("try:\n    x = int(\"a\")\nexcept Exception:\n    x = 2", ctx, mode="exec", nocopy=True)
    assert ctx["x"] == 2


def test_const_and_expr_eval():
    assert const_eval("[1, 2, (3, 'a')]") == [1, 2, (3, "a")]
    assert expr_eval("1 + 2 * 3") == 7


@pytest.mark.parametrize("expr", [
    "__import__('os')",
    "().__class__",
    "a.__dict__",
])
def test_safe_eval_rejects_dunder(expr):
    with pytest.raises((ValueError, NameError)):
        safe_eval(expr, {"a": 1})


@pytest.mark.parametrize("code", [
    "a.b = 1",
    "del a.b",
    "import os",
    "from os import path",
    "with a:\n    pass",
    "global g\ng = 1",
])
def test_safe_eval_rejects_statements(code):
    with pytest.raises(ValueError):
        safe_eval(code, {"a": 1}, mode="exec")


def test_safe_eval_opcode_sets_updated_in_place():
    from opcode import opmap
    assert opmap["BINARY_OP"] in safe_eval_mod._EXPR_OPCODES
    assert opmap["RESUME"] in safe_eval_mod._CONST_OPCODES
    assert opmap["CALL"] in safe_eval_mod._SAFE_OPCODES
    assert opmap["CALL"] not in safe_eval_mod._EXPR_OPCODES
    for forbidden in ("STORE_ATTR", "DELETE_ATTR", "IMPORT_NAME", "STORE_GLOBAL",
                      "BEFORE_WITH", "LOAD_BUILD_CLASS"):
        assert opmap[forbidden] not in safe_eval_mod._SAFE_OPCODES


# -- QWeb --------------------------------------------------------------------

def _qweb_like_module():
    """An AST built by hand the way Odoo 11's QWeb does (Python 3.5 style)."""
    body = ast.parse("x = None\nif y is True:\n    x = False\nreturn x").body
    for node in body:
        for n in ast.walk(node):
            if hasattr(n, "lineno"):
                n.lineno += 10
    args = ast.arguments.__new__(ast.arguments)
    args.args = [ast.arg(arg="y", annotation=None)]
    args.vararg = args.kwarg = None
    args.kwonlyargs, args.kw_defaults, args.defaults = [], [], []
    func = ast.FunctionDef(name="tmpl", args=args, body=body, decorator_list=[], returns=None,
                           lineno=1, col_offset=0)
    # Python 3.5's ast: None/True/False are Names.
    body[0].value = ast.Name(id="None", ctx=ast.Load(), lineno=11, col_offset=0)
    mod = ast.Module.__new__(ast.Module)
    mod.body = [func]
    return mod


def test_qweb_hand_made_ast_fails_without_repair():
    with pytest.raises((TypeError, ValueError)):
        compile(ast.fix_missing_locations(_qweb_like_module()), "<t>", "exec")


def test_qweb_repair_compiles_hand_made_ast():
    from odoo11_compat.qweb import repair
    ns = {}
    exec(compile(repair(_qweb_like_module()), "<t>", "exec"), ns)
    assert ns["tmpl"](True) is False
    assert ns["tmpl"](False) is None


def _reference_repair(tree):
    """The three-pass repair (transformer, fix_missing_locations, walk) that
    the single pass of odoo11_compat.qweb must match."""
    class Names(ast.NodeTransformer):
        def visit_Name(self, node):
            if node.id in ("None", "True", "False"):
                return ast.copy_location(ast.Constant(value={"None": None, "True": True,
                                                              "False": False}[node.id]), node)
            return node

        def generic_visit(self, node):
            node = super().generic_visit(node)
            if isinstance(node, ast.arguments) and not hasattr(node, "posonlyargs"):
                node.posonlyargs = []
            if isinstance(node, ast.Module) and not hasattr(node, "type_ignores"):
                node.type_ignores = []
            return node
    tree = ast.fix_missing_locations(Names().visit(tree))
    for node in ast.walk(tree):
        if "lineno" in node._attributes:
            node.end_lineno = node.lineno
            node.col_offset = node.end_col_offset = 0
    return tree


def _old_style_tree(source):
    """``source`` as QWeb 11 builds ASTs: Name constants, no end positions,
    no posonlyargs/type_ignores, nodes without a line number."""
    class Back(ast.NodeTransformer):
        def visit_Constant(self, node):
            if node.value is None or node.value is True or node.value is False:
                return ast.Name(id=repr(node.value), ctx=ast.Load(), lineno=node.lineno)
            return node
    tree = Back().visit(ast.parse(source))
    for i, node in enumerate(ast.walk(tree)):
        for attr in ("end_lineno", "end_col_offset") + (("lineno",) if i % 7 == 0 else ()):
            if attr in node.__dict__:
                delattr(node, attr)
        if isinstance(node, ast.arguments):
            del node.posonlyargs
    del tree.type_ignores
    return tree


def test_qweb_repair_matches_reference():
    """The one-pass repair gives exactly the tree of the straightforward
    three-pass version (speed is the benchmark's business, not a test's)."""
    from odoo11_compat.qweb import repair
    source = open(odoo.models.__file__).read()
    expected = ast.dump(_reference_repair(_old_style_tree(source)), include_attributes=True)
    assert ast.dump(repair(_old_style_tree(source)), include_attributes=True) == expected


def test_qweb_module_patched():
    from odoo.addons.base.ir.ir_qweb import qweb
    import odoo11_compat.qweb as compat
    assert qweb.compile is compat._compile
    assert qweb.arguments(args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                          defaults=[]).posonlyargs == []


def test_qweb_renders_template():
    from lxml import etree
    from odoo.addons.base.ir.ir_qweb.qweb import QWeb
    tmpl = etree.fromstring(
        '<t t-name="t"><ul><li t-foreach="items" t-as="i" t-att-class="i_index and \'o\' or None">'
        '<t t-esc="i"/></li></ul><p t-if="not items">none</p></t>')
    out = QWeb().render(tmpl, {"items": ["a", "<b>"]})
    assert out == b'<ul><li>a</li><li class="o">&lt;b&gt;</li></ul>'


# -- etree / yaml -------------------------------------------------------------

def test_web_controller_etree_getchildren():
    from odoo.addons.web.controllers import main
    root = main.ElementTree.parse(io.BytesIO(b"<templates><t t-name='a'/><t/></templates>")).getroot()
    assert [c.tag for c in root.getchildren()] == ["t", "t"]
    # the standard module is untouched
    from xml.etree import ElementTree
    assert not hasattr(ElementTree.Element, "getchildren")


def test_yaml_import_load_without_loader():
    yaml_import = importlib.import_module("odoo.tools.yaml_import")
    assert yaml_import.yaml.load("a: [1, 2]") == {"a": [1, 2]}
    import yaml
    with pytest.raises(TypeError):
        yaml.load("a: 1")


# -- server (--test-file) -------------------------------------------------------

def test_load_test_file_py_skips_namespace_packages(monkeypatch):
    import sys
    import types
    from odoo.service import server
    namespace = types.ModuleType("own_namespace_pkg")
    namespace.__file__ = None      # what Python 3.7+ sets on namespace packages
    monkeypatch.setitem(sys.modules, "own_namespace_pkg", namespace)
    target = types.ModuleType("own_target_tests")
    target.__file__ = "/tmp/own_target_tests.py"
    monkeypatch.setitem(sys.modules, "own_target_tests", target)
    seen = []
    monkeypatch.setattr(server.unittest, "TestLoader",
                        lambda: types.SimpleNamespace(loadTestsFromModule=lambda m: seen.append(m) or []))

    class Registry:
        _assertion_report = None
    server.load_test_file_py(Registry(), "/tmp/own_target_tests.py")
    assert seen == [target]
    assert server.sys is sys


def test_prefork_worker_sets_its_resource_limits():
    """A --workers process runs Worker.process_limit() before every request;
    on Python 3.10+ its float CPU limit made setrlimit raise, killing every
    worker. Run in a child process: the limits it sets are its own."""
    import os
    import subprocess
    import sys
    code = """
import os, resource, types
import odoo11_compat
odoo11_compat.apply()
import odoo
from odoo.service import server
from odoo.tools import config
config['limit_memory_soft'] = 8 * 1024 ** 3
config['limit_memory_hard'] = resource.getrlimit(resource.RLIMIT_AS)[0]
config['limit_time_cpu'] = 600
multi = types.SimpleNamespace(pipe_new=os.pipe, timeout=60, limit_request=100)
worker = server.Worker(multi)
worker.ppid = os.getppid()  # as in a forked worker
worker.process_limit()
soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
assert worker.alive and 600 <= soft < 700, (worker.alive, soft)
print("limits set")
"""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "limits set" in result.stdout


def test_prefork_resource_wrapper_truncates_floats_only_for_odoo():
    import resource
    from odoo.service import server
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    with pytest.raises(TypeError):
        resource.setrlimit(resource.RLIMIT_CORE, (float(soft), hard))
    server.resource.setrlimit(resource.RLIMIT_CORE, (float(soft), hard))
    assert resource.getrlimit(resource.RLIMIT_CORE) == (soft, hard)
    assert server.resource.RLIMIT_CPU == resource.RLIMIT_CPU

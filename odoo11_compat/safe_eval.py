"""Let ``safe_eval`` accept the opcodes Python 3.8-3.11 compile to.

Odoo 11 whitelists opcodes by name, and only the names that exist in the
running interpreter count. CPython renamed or replaced many of them, so on
3.11 no domain, context or ``attrs`` expression passes. Each group below maps
opcodes that Odoo 11 already allowed to their 3.11 replacements; nothing new
becomes possible (no attribute store, no ``with``, no imports).
"""
from opcode import opmap

# Literal values: 3.9+ builds constant lists and sets with an extend/update
# from a constant tuple; 3.11 adds RESUME at the start of every code object,
# CACHE entries and COPY/SWAP for the old DUP_TOP/ROT_* stack shuffles.
CONST = ("RESUME", "NOP", "CACHE", "COPY", "SWAP", "LIST_EXTEND", "SET_UPDATE",
         "LIST_TO_TUPLE")
# Operators: 3.11 folds every BINARY_*/INPLACE_* into BINARY_OP and compiles
# ``'%s' % (a, b)`` with a constant format to FORMAT_VALUE/BUILD_STRING
# (bpo-28307); 3.9 split ``in`` and ``is`` out of COMPARE_OP.
EXPR = ("BINARY_OP", "CONTAINS_OP", "IS_OP", "FORMAT_VALUE", "BUILD_STRING")
# Calls, jumps and the exception table that replaced SETUP_EXCEPT
# (Python 3.11: PRECALL/CALL/KW_NAMES/PUSH_NULL replace CALL_FUNCTION*,
# directed POP_JUMP_* and JUMP_BACKWARD replace JUMP_ABSOLUTE/POP_JUMP_IF_*,
# RETURN_GENERATOR starts generator expressions, closures in comprehensions
# need the cell opcodes, DICT_MERGE replaces BUILD_MAP_UNPACK_WITH_CALL).
SAFE = (
    "PRECALL", "CALL", "KW_NAMES", "PUSH_NULL", "DICT_MERGE",
    "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT",
    "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_FORWARD_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE",
    "RETURN_GENERATOR", "MAKE_CELL", "COPY_FREE_VARS", "LOAD_CLOSURE",
    "LOAD_DEREF", "STORE_DEREF",
    "PUSH_EXC_INFO", "CHECK_EXC_MATCH", "RERAISE",
)


def _codes(names):
    return {opmap[name] for name in names if name in opmap}


def patch(module):
    # The sets are updated in place: ``ir_qweb`` imports _SAFE_OPCODES by name.
    module._CONST_OPCODES.update(_codes(CONST))
    module._EXPR_OPCODES.update(_codes(CONST + EXPR))
    module._SAFE_OPCODES.update(_codes(CONST + EXPR + SAFE))

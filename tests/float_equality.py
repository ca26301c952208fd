"""Find exact comparisons of computed floats: in the tests, in the doctests, in the package.

Two floats computed along different paths (a sum in another order, a matrix product
under another BLAS kernel, NumPy's AVX-512 ``exp``) can differ in the last bit, so
``a == b`` between them passes on one machine and fails on the next. This module
flags, statically:

* every call of ``array_equal``, ``array_equiv``, ``assert_array_equal`` or
  ``assert_equal`` (NumPy's exact comparisons), and
* every ``==`` or ``!=`` with an operand that *looks computed*: arithmetic
  (``+ - * / ** @``), a float literal, or a call of a NumPy function or method that
  returns floats (``np.sum``, ``.mean()``, ``np.exp``, ...).

A comparison that is exact by construction (the same code path on the same machine,
a copy, values exact in binary) stays, with its reason on the line or on the line
above, after ``# exact:``, e.g. ``# exact: a stacked copy runs the single run's code``.
``tests/package/test_same_verdict_everywhere.py`` fails on any flagged line without one.
"""

import ast
import doctest
import re
from pathlib import Path

EXACT_CALLS = {"array_equal", "array_equiv", "assert_array_equal", "assert_equal"}
FLOAT_FUNCTIONS = {
    "sum", "mean", "median", "std", "var", "dot", "matmul", "exp", "log", "log1p", "expm1",
    "sqrt", "tanh", "sin", "cos", "norm", "prod", "cumsum", "average", "einsum", "reduce",
    "sigmoid", "softmax", "value", "error", "forward", "backward", "predict", "gradient",
    "relative_error", "sum_of_squares", "cross_entropy", "float",
}
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult)
NOT_FLOATS = {"shape", "dtype", "ndim", "size", "name", "kind", "__name__"}
REASON = re.compile(r"#\s*exact:\s*\S")


def _looks_computed(node):
    """True if the expression `node` probably evaluates to a computed float (or array of them).

    Judged by the outermost operation: a call's arguments do not make its result a float
    (``kinds(train(..., 2 * t)) == [...]`` compares names), and ``n - 1`` with an integer
    constant is index arithmetic.
    """
    if isinstance(node, ast.Constant):
        return isinstance(node.value, float) and not node.value.is_integer()
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_looks_computed(element) for element in node.elts)
    if isinstance(node, ast.UnaryOp):
        return _looks_computed(node.operand)
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, ARITHMETIC):
            return False
        sides = (node.left, node.right)
        if any(isinstance(side, (ast.List, ast.ListComp, ast.JoinedStr)) or
               (isinstance(side, ast.Constant) and isinstance(side.value, str)) for side in sides):
            return False  # a sequence repeated, a path joined, a string formatted
        if all(isinstance(side, ast.Constant) for side in sides):
            return False
        if isinstance(node.op, (ast.Add, ast.Sub)) and any(
                isinstance(side, ast.Constant) and isinstance(side.value, int) for side in sides):
            return any(_looks_computed(side) for side in sides)  # n - 1: index arithmetic
        if isinstance(node.op, ast.Div) and not any(
                isinstance(side, (ast.Constant, ast.Call, ast.BinOp, ast.UnaryOp)) for side in sides):
            return False  # folder / name: a path (a ratio of two plain names stays unflagged)
        return True
    if isinstance(node, ast.Call):
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        if name in FLOAT_FUNCTIONS:
            return True
        if isinstance(function, ast.Attribute) and name in {"tolist", "item", "copy", "ravel", "reshape"}:
            return _looks_computed(function.value)  # x.sum().tolist()
        return False
    return False


def _is_plainly_not_a_float(node):
    """A string, None, a bool, a shape or a length: comparing these exactly is fine."""
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, (str, bool, bytes))):
        return True
    if isinstance(node, ast.Attribute) and node.attr in NOT_FLOATS:
        return True
    if isinstance(node, ast.Call):
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        if name in {"len", "type", "str", "repr", "set", "approx", "argmax", "argmin", "resolve",
                    "as_uri", "read_bytes", "read_text"}:
            return True  # pytest.approx(...) is a comparison with a tolerance
    return isinstance(node, ast.JoinedStr)


def exact_comparisons(tree):
    """Yield ``(line, description)`` for each exact float comparison in the parsed `tree`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name in EXACT_CALLS:
                yield node.lineno, f"{name}(...)"
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:]):
                if not isinstance(op, (ast.Eq, ast.NotEq)):
                    continue
                if _is_plainly_not_a_float(left) or _is_plainly_not_a_float(right):
                    continue
                if _looks_computed(left) or _looks_computed(right):
                    sign = "==" if isinstance(op, ast.Eq) else "!="
                    yield node.lineno, f"{ast.unparse(left)[:60]} {sign} {ast.unparse(right)[:60]}"


def _has_reason(lines, lineno):
    """The flagged line, or a comment line right above it, gives the reason after ``# exact:``."""
    if REASON.search(lines[lineno - 1]):
        return True
    above = lineno - 2
    while above >= 0 and lines[above].strip().startswith("#"):
        if REASON.search(lines[above]):
            return True
        above -= 1
    return False


def flagged_in_source(source, where):
    """Exact comparisons without a reason in Python `source`; `where` names it in the result."""
    lines = source.splitlines()
    return [f"{where}:{line}: {what}" for line, what in exact_comparisons(ast.parse(source))
            if not _has_reason(lines, line)]


def flagged_in_examples(text, where):
    """The same for the ``>>>`` examples of a docstring or a Markdown page (`text`)."""
    found = []
    for example in doctest.DocTestParser().get_examples(text):
        try:
            tree = ast.parse(example.source)
        except SyntaxError:
            continue
        source_lines = example.source.splitlines()
        for line, what in exact_comparisons(tree):
            if not REASON.search(source_lines[line - 1]):
                found.append(f"{where}:{example.lineno + line}: {what}")
    return found


def flagged_in_tree(root):
    """Every unexplained exact float comparison under the project `root`: in the test files,
    and in the ``>>>`` examples of the package's docstrings, the README and the site's pages.
    (The package's own code compares floats exactly on purpose, e.g. ``x + eps == x`` to
    find a step below the rounding: that is numerics, not a verdict.)"""
    root = Path(root)
    found = []
    for path in sorted((root / "tests").rglob("*.py")):
        if path.name == "float_equality.py":
            continue
        found += flagged_in_source(path.read_text(encoding="utf-8"), path.relative_to(root))
    for path in sorted((root / "bpteach").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                docstring = ast.get_docstring(node, clean=True)
                if docstring:
                    found += flagged_in_examples(docstring, f"{path.relative_to(root)} (docstring)")
    for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        found += flagged_in_examples(path.read_text(encoding="utf-8"), path.relative_to(root))
    return found

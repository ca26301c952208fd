"""Every numbered equation on the site is followed by a check that runs.

A *derived formula* is a labelled equation: ``$$ ... $$ (label)`` in a MyST
page of docs/, or ``.. math::`` with ``:label:`` in a docstring of bpteach/.
A *check* is a block of ``>>>`` lines (a ```{doctest} fence in a page) whose
introducing paragraph cites equations with {eq}`label` or :eq:`label`, and
which asserts something (an expected output ``True``). Every label must be
cited by a check that comes after it in the same page or docstring.

The checks themselves run twice: pytest runs every docstring and every page
(``--doctest-modules``, ``--doctest-glob='*.md'``), and Sphinx's doctest
builder runs them again during ``make docs``; the last test below makes
sure that the doctest builder really sees every ``>>>`` line of every page.
"""

import ast
import re
import sys
from dataclasses import dataclass, field

import pytest
from helpers import ROOT

PAGES = sorted((ROOT / "docs").glob("*.md"))
MODULES = sorted((ROOT / "bpteach").rglob("*.py"))

MYST_LABEL = re.compile(r"^\$\$\s*\(([\w-]+)\)\s*$")
RST_LABEL = re.compile(r"^\s*:label:\s*([\w-]+)\s*$")
EQ_REF = re.compile(r"(?:\{eq\}|:eq:)`([\w-]+)`")
ASSERTS = re.compile(r"^\s*\(?True(, True)*\)?\s*$")
FENCE = re.compile(r"^\s*(`{3,})\s*(\S*)")


@dataclass
class Document:
    """The labelled equations and the checks of one page or one docstring."""

    name: str
    labels: dict = field(default_factory=dict)  # label -> line number
    checks: list = field(default_factory=list)  # (line number, cited labels, asserts something)
    stray_examples: list = field(default_factory=list)  # '>>>' lines that Sphinx would not run

    def unchecked(self):
        return [
            label for label, line in self.labels.items()
            if not any(label in refs and start > line and asserts for start, refs, asserts in self.checks)
        ]


def _paragraph_before(lines, index):
    """The lines of the paragraph that ends just above lines[index]."""
    i = index - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    paragraph = []
    while i >= 0 and lines[i].strip() and not FENCE.match(lines[i]) and not lines[i].startswith("$$"):
        paragraph.append(lines[i])
        i -= 1
    return "\n".join(reversed(paragraph))


def parse_myst(name, text):
    """Find labelled equations and ```{doctest} checks in a MyST page."""
    doc = Document(name)
    lines = text.splitlines()
    fence, fence_start, fence_info = None, None, None
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            fence, fence_start, fence_info = match.group(1), number, match.group(2)
            continue
        if fence is not None:
            if line.strip() == fence:
                if fence_info == "{doctest}":
                    body = lines[fence_start + 1:number]
                    refs = set(EQ_REF.findall(_paragraph_before(lines, fence_start)))
                    doc.checks.append((fence_start, refs, any(ASSERTS.match(b) for b in body)))
                fence = None
            elif fence_info != "{doctest}" and line.lstrip().startswith(">>>"):
                doc.stray_examples.append(number + 1)
            continue
        if MYST_LABEL.match(line):
            doc.labels[MYST_LABEL.match(line).group(1)] = number
        elif line.lstrip().startswith(">>>"):
            doc.stray_examples.append(number + 1)
    return doc


def parse_rst(name, text):
    """Find ``:label:`` equations and ``>>>`` checks in a reST docstring."""
    doc = Document(name)
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        if RST_LABEL.match(line):
            doc.labels[RST_LABEL.match(line).group(1)] = number
        if line.lstrip().startswith(">>>"):
            start = number
            while number < len(lines) and lines[number].strip():
                number += 1
            refs = set(EQ_REF.findall(_paragraph_before(lines, start)))
            doc.checks.append((start, refs, any(ASSERTS.match(b) for b in lines[start:number])))
            continue
        number += 1
    return doc


def site_documents():
    """Every page of docs/ and every docstring of bpteach/, parsed."""
    docs = [parse_myst(page.name, page.read_text(encoding="utf-8")) for page in PAGES]
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                text = ast.get_docstring(node, clean=True)
                if text:
                    docs.append(parse_rst(f"{path.name}:{getattr(node, 'name', '<module>')}", text))
    return docs


def test_every_labelled_equation_is_followed_by_a_check():
    docs = site_documents()
    unchecked = {doc.name: doc.unchecked() for doc in docs if doc.unchecked()}
    assert unchecked == {}, f"labelled equations with no check after them: {unchecked}"


def test_the_site_holds_its_derivations_and_checks():
    """Guard the parser: it must find the derivations that we know are there."""
    docs = site_documents()
    pages = [d for d in docs if d.name.endswith(".md")]
    counts = {
        "labels in pages": sum(len(d.labels) for d in pages),
        "checks citing an equation": sum(
            bool(refs) and asserts for d in docs for _, refs, asserts in d.checks),
        "checks in all": sum(len(d.checks) for d in docs),
    }
    assert counts["labels in pages"] >= 30, counts
    assert counts["checks citing an equation"] >= 30, counts
    labels = [label for d in docs for label in d.labels]
    assert len(labels) == len(set(labels)), "an equation label is used twice (Sphinx labels are global)"
    by_page = {d.name: set(d.labels) for d in pages}
    assert {"net131-forward", "net131-grad-W2", "net131-delta1", "net131-grad-W1", "sigmoid-derivative",
            "dense-gradients", "delta-elementwise", "delta-recursion", "softmax-jacobian",
            "delta-softmax", "delta-identity-sum-of-squares",
            "delta-softmax-cross-entropy"} <= by_page["backpropagation.md"]
    assert "graph-rules" in by_page["computational-graph.md"]


# -- One label per result, and one numbering scheme ---------------------------------------------
# Every labelled equation lives in a chapter of the numbered "Learn" part, so that its number is
# (chapter.k) wherever it is cited; docstrings and gallery scripts restate formulas, unnumbered,
# and cite the chapter's label. A result must not be labelled twice under two names.

def _learn_chapters():
    """The pages of the numbered toctree of docs/index.md."""
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    block = re.search(r"```\{toctree\}\n((?::[^\n]*\n)*)(.*?)```", index, flags=re.S)
    assert block and ":numbered:" in block.group(1), "the first toctree of index.md must be :numbered:"
    return {line.strip() for line in block.group(2).splitlines() if line.strip()}


def _gallery_labels():
    return {path.name: RST_LABEL.findall("\n".join(path.read_text(encoding="utf-8").splitlines()))
            for path in sorted((ROOT / "gallery").glob("*.py"))}


def test_every_labelled_equation_lives_in_a_numbered_chapter():
    docs = site_documents()
    in_docstrings = {d.name: sorted(d.labels) for d in docs if not d.name.endswith(".md") and d.labels}
    assert in_docstrings == {}, (
        f"docstrings define equation labels {in_docstrings}: state the formula without a label and "
        "cite the chapter's label with :eq:`...` (one label per result, numbered (chapter.k))")
    in_gallery = {name: labels for name, labels in _gallery_labels().items() if labels}
    assert in_gallery == {}, f"gallery scripts define equation labels: {in_gallery}"
    chapters = _learn_chapters()
    outside = [d.name for d in docs if d.name.endswith(".md") and d.labels and d.name[:-3] not in chapters]
    assert outside == [], f"pages outside the numbered Learn toctree define equation labels: {outside}"


_SPACING = re.compile(
    r"\\[,;:!]|\\(?:big|Big|bigg|Bigg)[lr]?|\\left|\\right|\\displaystyle|\\textstyle|&|\s+")
_SEPARATORS = re.compile(r"\\qquad|\\quad|\\\\|\\text\{[^}]*\}|\\Longleftrightarrow|\\iff|\\Leftrightarrow")


def _top_level_split(text, separator):
    r"""Split `text` at `separator`, but not inside braces (as in ``\sum_{n=1}``)."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def relations(tex):
    r"""The equalities that a display formula states, as normalised pairs ``(lhs, rhs)``.

    A chain ``a = b = c`` states ``a = b`` and ``b = c`` (``\leftarrow`` and ``\approx``
    count as ``=``); ``\qquad``, line breaks and ``\text{...}`` separate independent
    statements. Spacing commands, ``\bigl``-style sizes, ``\tfrac``/``\dfrac`` and trailing
    punctuation are ignored, so that the same equation typeset twice compares equal.
    """
    tex = tex.replace("\\tfrac", "\\frac").replace("\\dfrac", "\\frac")
    tex = re.sub(r"\\leftarrow|\\approx", "=", tex)  # an update or an estimate is a relation too
    pairs = set()
    for statement in _SEPARATORS.split(tex):
        members = [_SPACING.sub("", m).strip(".,;:") for m in _top_level_split(statement, "=")]
        for lhs, rhs in zip(members, members[1:]):
            if lhs and rhs and len(lhs) + len(rhs) > 3:
                pairs.add(tuple(sorted((lhs, rhs))))
    return pairs


def labelled_equations():
    """Every labelled display formula of the site: {label: (where, TeX)}."""
    found = {}
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for body, label in re.findall(r"^\$\$\n(.*?)\n\$\$\s*\(([\w-]+)\)\s*$", text, flags=re.S | re.M):
            found[label] = (page.name, body)
    rst = re.compile(r"^([ \t]*)\.\. math::[ \t]*\n\1[ \t]+:label:[ \t]*([\w-]+)[ \t]*\n"
                     r"((?:\1[ \t]+\S.*\n|[ \t]*\n)+)", re.M)
    sources = [(path.name, ast.get_docstring(node, clean=True) or "")
               for path in MODULES for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)]
    sources += [(path.name, path.read_text(encoding="utf-8"))
                for path in sorted((ROOT / "gallery").glob("*.py"))]
    for name, text in sources:
        for _, label, body in rst.findall(text + "\n"):
            found[label] = (name, body)
    return found


def twice_defined(equations):
    """Pairs of labels whose formulas state the same equality."""
    seen, clashes = {}, []
    for label, (_, body) in sorted(equations.items()):
        for pair in relations(body):
            if pair in seen and seen[pair] != label:
                clashes.append((seen[pair], label, " = ".join(pair)))
            seen.setdefault(pair, label)
    return clashes


def test_no_result_is_labelled_twice():
    equations = labelled_equations()
    assert len(equations) >= 30, sorted(equations)
    assert twice_defined(equations) == [], "one result, two labels: cite the first label instead"


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        # the pairs that this rule was written for (issue 16): page vs docstring typesetting
        (r"\sigma'(u) = \frac{1}{1 + e^{-u}} \cdot \frac{e^{-u}}{1 + e^{-u}}"
         r" = \sigma(u)\,\bigl(1 - \sigma(u)\bigr)"
         r" = y\,(1 - y), \qquad y = \sigma(u).",
         r"\sigma'(u) = \frac{e^{-u}}{(1 + e^{-u})^2} = \frac{1}{1 + e^{-u}}\cdot\frac{e^{-u}}{1 + e^{-u}}"
         r" = \sigma(u)\,\bigl(1 - \sigma(u)\bigr) = y(1 - y).", True),
        (r"\frac{\partial E}{\partial W} = x^\top \delta, \qquad"
         r" \frac{\partial E}{\partial x} = \delta\, W^\top .",
         r"\frac{\partial E}{\partial W_{ik}} = \sum_n x_{ni}\,\delta_{nk} \quad\Longleftrightarrow\quad"
         r" \frac{\partial E}{\partial W} = x^\top \delta,", True),
        (r"W \leftarrow W - \eta\,\frac{\partial E}{\partial W}",
         r"W \leftarrow W - \eta\,\frac{\partial E}{\partial W},", True),
        # different results that merely share a symbol are not a clash
        (r"\delta = y - t", r"\frac{\partial E}{\partial y} = y - t", False),
    ],
)
def test_the_rule_finds_a_result_labelled_twice(first, second, clash):
    found = twice_defined({"a": ("page", first), "b": ("docstring", second)})
    assert bool(found) == clash


def test_every_page_example_is_a_doctest_block():
    """A '>>>' outside a ```{doctest} fence runs under pytest but not under Sphinx."""
    stray = {d.name: d.stray_examples for d in site_documents() if d.stray_examples}
    assert stray == {}, f"'>>>' lines outside {{doctest}} fences: {stray}"


@pytest.mark.parametrize(
    ("text", "unchecked"),
    [
        # a label with no check at all
        ("$$\na = b\n$$ (eq-a)\n\nText.\n", ["eq-a"]),
        # a check that comes before the label does not count
        ("Check {eq}`eq-a`:\n\n```{doctest}\n>>> 1 == 1\nTrue\n\n```\n\n$$\na\n$$ (eq-a)\n", ["eq-a"]),
        # a check that asserts nothing does not count
        ("$$\na\n$$ (eq-a)\n\nSee {eq}`eq-a`:\n\n```{doctest}\n>>> 1 + 1\n2\n\n```\n", ["eq-a"]),
        # a check that cites another equation does not count
        ("$$\na\n$$ (eq-a)\n\nSee {eq}`eq-b`:\n\n```{doctest}\n>>> 1 == 1\nTrue\n\n```\n", ["eq-a"]),
        # a proper check
        ("$$\na\n$$ (eq-a)\n\nCheck {eq}`eq-a`:\n\n```{doctest}\n>>> 1 == 1\nTrue\n\n```\n", []),
    ],
)
def test_the_rule_catches_an_unchecked_page_equation(text, unchecked):
    assert parse_myst("page.md", text).unchecked() == unchecked


def test_the_rule_reads_docstrings_and_stray_examples():
    rst = (".. math::\n   :label: eq-r\n\n   a = b\n\n"
           "Equation :eq:`eq-r`:\n\n>>> (1 == 1, 2 == 2)\n(True, True)\n")
    assert parse_rst("mod", rst).unchecked() == []
    assert parse_rst("mod", rst.replace(":eq:`eq-r`", "nothing")).unchecked() == ["eq-r"]
    page = "```pycon\n>>> 1 + 1\n2\n\n```\n"
    assert parse_myst("page.md", page).stray_examples == [2]


def test_included_source_keeps_the_code_and_its_formulas_but_not_the_docstrings():
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        from bpteach_equations import source_without_docstrings
    finally:
        sys.path.pop(0)
    code = source_without_docstrings(ROOT / "bpteach" / "layers.py", "Dense.backward_delta")
    assert code.startswith("def backward_delta(") and "# dE/dW = x^T delta" in code
    assert '"""' not in code and ":math:" not in code
    whole = source_without_docstrings(ROOT / "bpteach" / "losses.py", "SumOfSquares")
    assert whole.splitlines()[1].strip() and "def gradient(self, y, t):" in whole and '"""' not in whole

"""Two small Sphinx additions for bpteach's pages: equations and included code.

``{pysource} bpteach.module.Name``
    Show the source of a function, method or class of bpteach, read from the
    package itself when the site is built, **without its docstrings**: they
    are written for the API pages (reST roles such as ``:math:`` and ``:eq:``)
    and would show up verbatim in a code block. Comments stay: they carry
    each statement's formula.

Equation references that name their page
    ``{eq}`label``` (``:eq:`` in reST) renders as the equation's number,
    e.g. "(6.4)". When the equation is on another page, the link also names
    that page, "(6.4) in *Backpropagation, derived*" (in the Japanese edition
    「誤差逆伝播法の導出」の式 (6.4), taking the 「式」 the sentence puts before
    the link), so that a reader knows
    where it leads before following it; the next links of the same paragraph
    to the same page give the number alone ("(6.6) in *Backpropagation,
    derived*, (6.7), (6.2)"), not the page's name again and again. Every
    labelled equation of the site
    lives in a chapter of the numbered "Learn" part, so every equation number
    has the form (chapter.k).
"""

import ast
import importlib.util
import re
import textwrap
from pathlib import Path

from docutils import nodes
from sphinx.domains.math import MathDomain
from sphinx.util.docutils import SphinxDirective


def _find(tree, qualname):
    """The ``def`` or ``class`` node named by `qualname` (``Class.method``) in `tree`."""
    node = tree
    for name in qualname.split("."):
        for child in node.body:
            if isinstance(child, ast.FunctionDef | ast.ClassDef) and child.name == name:
                node = child
                break
        else:
            raise LookupError(name)
    return node


def _docstring_lines(node):
    """The line numbers (1-based) of every docstring in `node` and below it."""
    lines = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.FunctionDef | ast.ClassDef) and inner.body:
            first = inner.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def source_without_docstrings(path, qualname):
    """The source of `qualname` in the file `path`, dedented, its docstrings removed."""
    text = Path(path).read_text(encoding="utf-8")
    node = _find(ast.parse(text), qualname)
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    skip = _docstring_lines(node)
    lines = text.splitlines()
    # ... and the blank line that followed a docstring, if any.
    skip |= {i + 1 for i in skip if i + 1 not in skip and i < len(lines) and not lines[i].strip()}
    kept = [lines[i - 1] for i in range(start, node.end_lineno + 1) if i not in skip]
    return textwrap.dedent("\n".join(kept)).strip("\n")


class PySource(SphinxDirective):
    """``{pysource} bpteach.layers.Dense.backward``: code without docstrings."""

    required_arguments = 1

    def run(self):
        target = self.arguments[0]
        parts = target.split(".")
        for split in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:split])
            try:
                spec = importlib.util.find_spec(module)
            except ModuleNotFoundError:  # a class inside a module is not a package
                continue
            if spec is not None and spec.origin:
                break
        else:
            raise self.error(f"pysource: no module found in {target!r}")
        qualname = ".".join(parts[split:])
        try:
            code = source_without_docstrings(spec.origin, qualname)
        except LookupError as missing:
            raise self.error(f"pysource: {module} has no {qualname!r} ({missing} not found)") from None
        self.env.note_dependency(spec.origin)
        block = nodes.literal_block(code, code, language="python")
        self.set_source_info(block)
        return [block]


class PagedMathDomain(MathDomain):
    """The math domain, with equation references that name the page they lead to."""

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        ref = super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
        docname = self.equations.get(target, (None,))[0]
        if ref is not None and docname not in (None, fromdocname):
            title = env.titles[docname].astext()
            if env.config.language == "ja":  # 「逆伝播の導出」の式 (6.4): the page first, as Japanese says it
                ref.insert(0, nodes.Text(f"「{title}」の式 "))
            else:  # (6.4) in *Backpropagation, derived*
                ref += nodes.Text(" in ")
                ref += nodes.emphasis(title, title)
            ref["classes"].append("eqref-other-page")
            ref["eqref_page"] = docname
        return ref


def name_each_page_once(app, doctree, docname):
    """In a paragraph, only the first of consecutive equation links to a page names it.

    In Japanese the link that names its page reads 「導出」の式 (6.4), so a 「式」 just
    before it in the sentence (「式 :eq:`x`」) goes: not 「式 「導出」の式 (6.4)」."""
    for paragraph in doctree.findall(nodes.paragraph):
        named = None
        for ref in paragraph.findall(nodes.reference):
            page = ref.get("eqref_page")
            if page is None:
                continue
            if app.config.language == "ja" and page != named:
                parent = ref.parent
                before = parent[parent.index(ref) - 1] if parent.index(ref) > 0 else None
                if isinstance(before, nodes.Text) and re.search(r"式\s*$", before.astext()):
                    parent.replace(before, nodes.Text(re.sub(r"式\s*$", "", before.astext())))
            if page == named:
                if app.config.language == "ja" and isinstance(ref.children[0], nodes.Text):
                    ref.remove(ref.children[0])  # 「…」の式
                elif isinstance(ref.children[-1], nodes.emphasis):
                    del ref.children[-2:]  # " in " and the title
            named = page


def setup(app):
    app.add_directive("pysource", PySource)
    app.add_domain(PagedMathDomain, override=True)
    app.connect("doctree-resolved", name_each_page_once)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

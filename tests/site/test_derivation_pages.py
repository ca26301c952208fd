"""The derivation chapters as built: equation numbers, citations, included code, the
worked example's printed numbers, and Sphinx's doctest builder seeing every page example.

The rules that need no build (every labelled equation is followed by a check, ...) are
in ``tests/package/test_derivations.py``.
"""

import html
import re

import numpy as np
from helpers import ROOT

PAGES = sorted((ROOT / "docs").glob("*.md"))


def test_equation_numbers_and_citations_follow_one_scheme(built_site):
    """Every equation number is (chapter.k); a citation on another page names that page, the
    first time a paragraph cites that page (later citations of it in the paragraph need not)."""
    html_dir, _ = built_site
    pages = sorted(html_dir.rglob("*.html"))
    numbers, foreign, bare = [], 0, []
    links = r'<a class="[^"]*reference internal[^"]*" href="([^"#]*)#equation-[^"]*"[^>]*>(.*?)</a>'
    for path in pages:
        if "_static" in path.parts or "_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        numbers += [(path.name, n) for n in re.findall(r'<span class="eqno">\(([^)<]*)\)', text)]
        paragraphs = re.findall(r"<p\b[^>]*>.*?</p>", text, flags=re.S)
        rest = re.sub(r"<p\b[^>]*>.*?</p>", "", text, flags=re.S)
        for block in [*paragraphs, *re.split(r"</(?:li|td|dd|div)>", rest)]:
            named = set()
            for href, inner in re.findall(links, block, flags=re.S):
                if href:  # on another page
                    foreign += 1
                    if " in <em>" in inner:
                        named.add(href)
                    elif href not in named:
                        bare.append((path.name, inner))
    assert numbers, "no numbered equations found"
    assert [n for n in numbers if not re.fullmatch(r"\d+\.\d+", n[1])] == []
    assert foreign >= 20 and bare == []


def test_included_code_shows_no_reST_roles_and_formulas_no_stray_escapes(built_site):
    html_dir, _ = built_site
    for path in sorted(html_dir.glob("*.html")) + sorted((html_dir / "api").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        code = r'<div class="highlight-python[^"]*"><div class="highlight"><pre>(.*?)</pre>'
        for block in re.findall(code, text, re.S):
            plain = html.unescape(re.sub(r"<[^>]+>", "", block))
            assert not re.search(r":(math|eq|meth|func|class|doc):`", plain), (path.name, plain[:200])
        for tex in re.findall(r'<span class="math notranslate nohighlight">(.*?)</span>', text, re.S) + \
                re.findall(r'<div class="math notranslate nohighlight">(.*?)</div>', text, re.S):
            for inner in re.findall(r"\\text\{([^}]*)\}", html.unescape(tex)):
                assert not re.search(r"\\[_%&#$]", inner), (path.name, inner)


def test_sphinx_doctest_builder_runs_every_page_example(built_site):
    """`make docs` runs `sphinx-build -b doctest` (in docs/build_site.py, on the English build's
    doctrees): it must execute each page's '>>>' lines."""
    html_dir, _ = built_site
    out = html_dir.parent.parent / "doctest"  # docs/_build/doctest beside docs/_build/html
    report = (out / "output.txt").read_text(encoding="utf-8")
    ran = {
        page: (int(tests), int(passed), int(failed))
        for page, tests, passed, failed in re.findall(
            r"^Document: (\S+)\n-+\n.*?^\s*(\d+) tests in default\n.*?^(\d+) passed and (\d+) failed",
            report, flags=re.M | re.S)
    }
    for page in PAGES:
        examples = sum(line.startswith(">>>") for line in page.read_text(encoding="utf-8").splitlines())
        if examples:
            assert ran.get(page.stem) == (examples, examples, 0), (page.name, examples, ran.get(page.stem))


def _printed_tables(page):
    """The numbers printed on the worked-example page, keyed by (table title, row label)."""
    output = r'<div class="sphx-glr-script-out[^"]*"><div class="highlight"><pre><span></span>(.*?)</pre>'
    blocks = re.findall(output, page, flags=re.S)
    text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)
    numbers, title = {}, None
    for line in text.splitlines():
        tokens = line.split()
        values = []
        while tokens and re.fullmatch(r"[+-]\d+\.\d{10}", tokens[-1]):
            values.insert(0, float(tokens.pop()))
        if values:
            numbers[title, " ".join(tokens)] = np.array(values)
        elif line.strip() and not line.lstrip().startswith("j = 1"):
            title = line.strip()
    return numbers


def test_the_worked_example_can_be_checked_by_hand(built_site):
    """Redo the backward step from the page's printed (rounded) numbers, as a reader would."""
    html_dir, _ = built_site
    page = (html_dir / "auto_examples" / "plot_worked_example.html").read_text(encoding="utf-8")
    n = _printed_tables(page)
    before_h, before_o = "Hidden layer (layer 1) before the step", "Output layer (layer 2) before the step"
    x, t = n["The sample", "x"][0], n["The sample", "t"][0]
    W1, b1, W2 = n[before_h, "W^(1)_1j"], n[before_h, "b^(1)_j"], n[before_o, "W^(2)_j1"]
    b2 = n[before_o, "b^(2)"][0]
    close = dict(rtol=0, atol=1e-9)  # the page prints 10 decimals
    y1 = 1 / (1 + np.exp(-(x * W1 + b1)))
    assert np.allclose(y1, n["Hidden layer, forward", "y^(1)_j"], **close)
    y = y1 @ W2 + b2
    assert np.allclose(y, n["Output layer, forward", "y = u^(2)"], **close)
    delta2 = y - t
    assert np.allclose(delta2, n["Output layer, backward", "delta^(2) = y - t"], **close)
    delta1 = delta2 * W2 * y1 * (1 - y1)
    assert np.allclose(delta1, n["Hidden layer, backward", "delta^(1)_j"], **close)
    assert np.allclose(x * delta1, n["Hidden layer, backward", "dE/dW^(1)_1j"], **close)
    new = "Hidden layer: old, gradient, new"
    assert np.allclose(W1 - 0.1 * x * delta1, n[new, "new W^(1)_1j"], **close)
    new = "Output layer: old, gradient, new"
    assert np.allclose(W2 - 0.1 * y1 * delta2, n[new, "new W^(2)_j1"], **close)
    assert np.allclose(b2 - 0.1 * delta2, n[new, "new b^(2)"], **close)
    assert "Text(" not in page and "&lt;Axes" not in page  # no stray repr in the output

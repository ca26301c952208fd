"""The exercise pages as built, their notebooks, and each exercise script run on its own.

The checks themselves (every mistake diagnosed, every right answer passed) are tested
without a build in ``tests/package/test_exercises.py``.
"""

import html
import json
import os
import re
import subprocess
import sys

import pytest
from helpers import ROOT

SCRIPTS = sorted((ROOT / "exercises").glob("exercise_*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_each_page_has_task_skeleton_check_hints_mistake_and_folded_solution(built_site, script):
    html_dir, _ = built_site
    page = (html_dir / "auto_exercises" / f"{script.stem}.html").read_text(encoding="utf-8")
    for part in ("Task.", "Read first.", "Shapes.", "NotImplementedError", "A typical mistake"):
        assert part in page, part
    read_first = re.search(r"<strong>Read first\.</strong>.*?</p>", page, flags=re.S)
    assert read_first and re.search(r'href="\.\./[\w-]+\.html#equation-', read_first.group(0))  # an equation
    outputs = re.findall(r'<div class="sphx-glr-script-out.*?</pre>', page, flags=re.S)
    text = " ".join(html.unescape(" ".join(outputs)).split())
    assert "the skeleton is still there" in text  # the check of the empty skeleton
    assert "likely mistake:" in text  # a typical mistake, diagnosed
    assert text.count("PASSED: every output is correct.") == (2 if "sgd" in script.stem else 1)
    assert "Traceback" not in text
    # A report cites equations as the site numbers them; the line below it links to them.
    assert re.search(r"\(\d+\.\d+\) in “[^”]+”", text) and "(dense-gradients)" not in text
    assert re.search(r'The equations cited above: <a class="reference internal" '
                     r'href="\.\./[\w-]+\.html#equation-[\w-]+">\(\d+\.\d+\) in <em>', page)
    # Hints, then the solution, each folded (<details> without "open").
    folds = re.findall(r'<details class="[^"]*sd-dropdown[^"]*"( open)?>.*?sd-summary-text">([^<]*)',
                       page, flags=re.S)
    titles = [title.strip() for _, title in folds]
    assert titles[:3] == ["Hint 1", "Hint 2", "Hint 3"] and titles[-1] == "Show the solution"
    assert all(not opened for opened, _ in folds)
    # Downloadable as a notebook and as a script.
    assert f"{script.stem}.ipynb" in page and f"{script.stem}.py" in page


def test_the_reports_cite_the_numbers_that_both_editions_show(built_site):
    """bpteach.exercises.EQUATIONS holds each cited equation's number: the one on the built pages."""
    from bpteach.exercises import EQUATIONS

    html_dir, _ = built_site
    for edition in ("en", "ja"):
        for key, equation in EQUATIONS.items():
            if equation.label:
                page = (html_dir.parent / edition / f"{equation.page}.html").read_text(encoding="utf-8")
                shown = re.search(r'<span class="eqno">\(([\d.]+)\)<a class="headerlink" '
                                  rf'href="#equation-{equation.label.lower()}"', page)
                assert shown and shown.group(1) == equation.number, (edition, key)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_the_japanese_pages_show_the_reports_in_japanese(built_site, script):
    """The Japanese edition shows each report of the English build's run in Japanese (its twin)."""
    html_dir, _ = built_site
    page = (html_dir.parent / "ja" / "auto_exercises" / f"{script.stem}.html").read_text(encoding="utf-8")
    outputs = re.findall(r'<div class="sphx-glr-script-out.*?</pre>', page, flags=re.S)
    text = "".join(html.unescape(" ".join(outputs)).split())  # Japanese wraps between any two characters
    assert "ひな形がまだ残っています" in text and "考えられる間違い：" in text
    assert text.count("合格：すべての出力が正しい値です。") == (2 if "sgd" in script.stem else 1)
    assert "NOTYET" not in text and "PASSED" not in text and "likelymistake" not in text
    assert re.search(r"「[^」]+」の式\(\d+\.\d+\)", text)
    assert re.search(r'上の出力に出てくる式：<a class="reference internal" '
                     r'href="\.\./[\w-]+\.html#equation-[\w-]+">「[^」]+」の式 \(\d+\.\d+\)</a>', page)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_each_notebook_keeps_hints_folded_and_has_no_sphinx_markup(built_site, script):
    """The student's notebook (tests/site/test_student_downloads.py: no solution in it)."""
    html_dir, _ = built_site
    notebook = html_dir.parents[2] / "auto_exercises" / f"{script.stem}.ipynb"  # docs/_build/html/en
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "<details><summary>Hint 1</summary>" in markdown
    assert "Show the solution" not in markdown  # the student's notebook ends with the hints
    assert markdown.count("<details>") == markdown.count("</details>") >= 3
    assert not re.search(r"\.\. dropdown::|:(eq|doc|func|class|meth):`", markdown), markdown
    # Equations cited as the site numbers them, never by label (issue 24).
    assert not re.search(r"\([a-z][a-z0-9]*-[\w-]+\)", markdown), markdown
    # The download the page links to is the converted notebook.
    download = next(html_dir.glob(f"_downloads/*/{script.stem}.ipynb"))
    assert download.read_bytes() == notebook.read_bytes()


@pytest.mark.parametrize("script", SCRIPTS[::3], ids=lambda p: p.stem)
def test_an_exercise_script_runs_on_its_own(tmp_path, script):
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            cwd=tmp_path, check=True, env=dict(os.environ, MPLBACKEND="Agg"))
    assert "PASSED" in result.stdout and "the skeleton is still there" in " ".join(result.stdout.split())
    assert result.stderr == ""

"""Build the site's two editions side by side: ``python docs/build_site.py [OUTDIR]``.

* ``OUTDIR/en``: the English edition, the source. Its build runs every gallery
  script (into ``docs/auto_examples`` and ``docs/auto_exercises``).
* ``OUTDIR/ja``: the Japanese edition, the same source read through the
  catalogs in ``docs/locale/ja`` (``-D language=ja``). It reuses the gallery's
  results, so no script runs twice: captured output is the same in both.
* ``OUTDIR/index.html``: a root page that leads to both.
* ``OUTDIR/../doctest/output.txt``: Sphinx's doctest builder, run on the English
  build's doctrees (nothing is read again), executes every ``>>>`` of every page
  and docstring; a failing example fails the build.

Every step runs with ``-W --keep-going`` (``nitpicky`` is set in conf.py); each
edition has its own doctree folder, ``OUTDIR/../doctrees/<language>``.
OUTDIR defaults to ``docs/_build/html``. The README's ``make docs`` runs this.
"""

import html
import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
from editions import EDITIONS  # noqa: E402

ROOT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bpteach: backpropagation, built from scratch</title>
{alternates}
<style>
body {{ font-family: -apple-system, "Segoe UI", Helvetica, Arial, "Noto Sans CJK JP", sans-serif;
       max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
a {{ display: block; font-size: 1.25rem; margin: 1rem 0; }}
</style>
</head>
<body>
<h1>bpteach</h1>
<p>Backpropagation, built from scratch with NumPy.<br>
<span lang="ja">NumPy だけで作る誤差逆伝播法（バックプロパゲーション）。</span></p>
{links}
</body>
</html>
"""
LINK_TEXT = {"en": "Read the English edition", "ja": "日本語版を読む"}


def build(language, outdir, builder="html", destination=None):
    """Run one Sphinx build of `language` into `destination` (default ``outdir/language``).

    The doctest builder reuses the HTML build's doctrees of the same language: its
    environment is up to date, so Sphinx reads no page again and only runs the examples.
    """
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", builder,
               "-D", f"language={language}",
               "-d", str(outdir.parent / "doctrees" / language),
               str(DOCS), str(destination or outdir / language)]
    subprocess.run(command, check=True, cwd=DOCS.parent)


def write_root_page(outdir):
    """The page at the top of the site: a link to each edition's landing page."""
    alternates = "\n".join(f'<link rel="alternate" hreflang="{code}" href="{code}/index.html">'
                           for code in EDITIONS)
    links = "\n".join(f'<a href="{code}/index.html" hreflang="{code}" lang="{code}">'
                      f"{html.escape(LINK_TEXT[code])}</a>" for code in EDITIONS)
    (outdir / "index.html").write_text(ROOT_PAGE.format(alternates=alternates, links=links),
                                       encoding="utf-8")


# What each step does, printed before it starts (Sphinx itself runs quietly, with -q): the
# English build takes minutes, and a reader should see what it is doing.
STEPS = {
    "en": "Building the English edition: every gallery script and exercise runs now (the longest step)...",
    "ja": "Building the Japanese edition (日本語版), with the gallery's results of the English build...",
    "doctest": "Running every >>> example of the pages and docstrings (Sphinx's doctest builder)...",
}


def doctest_summary(output):
    """The doctest builder's count of examples, from its `output` file: ``"790 examples, 0 failed"``."""
    text = output.read_text(encoding="utf-8")
    tests = re.search(r"^\s*(\d+) tests?$", text, flags=re.M)
    failures = re.search(r"^\s*(\d+) failures? in tests$", text, flags=re.M)
    if tests is None or failures is None:
        return f"(no doctest summary in {output})"
    return f"{tests[1]} examples, {failures[1]} failed"


def main(outdir):
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    for language in EDITIONS:  # English first: its build runs the gallery
        print(STEPS[language], flush=True)
        build(language, outdir)
    print(STEPS["doctest"], flush=True)
    build("en", outdir, builder="doctest", destination=outdir.parent / "doctest")
    print(f"  {doctest_summary(outdir.parent / 'doctest' / 'output.txt')}", flush=True)
    write_root_page(outdir)


if __name__ == "__main__":
    try:
        main(sys.argv[1] if len(sys.argv) > 1 else DOCS / "_build" / "html")
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode or 1)

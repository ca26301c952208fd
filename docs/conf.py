"""Sphinx configuration for the bpteach site."""

import doctest
import os
import re
import shutil
import sys
from importlib.resources import files
from pathlib import Path

import threadpoolctl
from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

sys.path.insert(0, os.path.abspath(".."))
sys.path.insert(0, os.path.abspath("_ext"))  # bpteach_equations, exercise_pages, figure_alt, ...

import offline_animation  # noqa: E402
import student_downloads  # noqa: E402

import bpteach  # noqa: E402

# One BLAS thread for the examples run by the build. Their matrix products have
# a few hundred rows at most, where OpenBLAS's threads cost more than they save
# on a 2-core machine shared with other work: the digit examples took about four
# times the CPU time with two threads.
threadpoolctl.threadpool_limits(1, user_api="blas")

project = "bpteach"
author = "the bpteach developers"
# The Japanese edition says it in docs/locale/ja/LC_MESSAGES/sphinx.po: change both.
copyright = "2026, the bpteach developers"
release = bpteach.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx.ext.doctest",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
    "bpteach_equations",  # docs/_ext: {pysource} blocks, equation links that name their page
    "sphinx_design",  # the folded hints and solutions of the exercises
    "exercise_pages",  # docs/_ext: the exercise pages' order, notebooks and cited equations
    "lead_figures",  # docs/_ext: the gallery pages' lead figures, left out of the notebooks
    "sphinx_copybutton",
    "editions",  # docs/_ext: the Japanese edition's switcher, figures and catalogs
    "figure_ja",  # docs/_ext: the figures' Japanese twins, shown by the Japanese edition
    "search_ja",  # docs/_ext: the Japanese search splits the index and the query alike
    "site_wheel",  # docs/_ext: the package's wheel in the site, the downloads' install note
    "student_downloads",  # docs/_ext: the exercises' solutions folded on the page, not downloaded
    "exercise_thumbnails",  # docs/_ext: the exercise cards' pictures
    "playground",  # docs/_ext: the Playground's runs, trained when the site is built
]

# -- A site without the exercises' solutions -----------------------------------
# `make docs SOLUTIONS=hidden` (the environment variable BPTEACH_SOLUTIONS=hidden) builds
# the site for a class that publishes it before the exercises are due: sphinx-gallery
# reads the student versions of the exercise scripts (docs/_ext/student_downloads.py),
# so no solution and no typical mistake is in any page, download, search index or
# _sources. Pages say so under `.. only:: solutions_hidden`. Both editions and the
# doctest run read the same variable, so they agree.
SOLUTIONS_HIDDEN = student_downloads.solutions_hidden(os.environ)
EXERCISES_DIR = "../exercises"
if SOLUTIONS_HIDDEN:
    EXERCISES_DIR = str(student_downloads.without_solutions(
        Path(__file__).resolve().parent.parent / "exercises",
        Path(__file__).resolve().parent / "_build" / "exercises_without_solutions"))
    tags.add("solutions_hidden")  # noqa: F821 (Sphinx gives conf.py its tags)

# -- Two editions: English (the source) and Japanese (docs/locale/ja) ---------
# `make docs` builds docs/_build/html/en and docs/_build/html/ja; `make po`
# regenerates the catalogs after a source change (docs/_ext/editions.py).
locale_dirs = ["locale/"]
gettext_compact = False  # one catalog per page, named like the page
gettext_uuid = False
gettext_location = False  # no source line numbers: a catalog changes only when a message does
gettext_last_translator = "the bpteach developers"
gettext_language_team = "the bpteach developers"

# A copy button on every code block. On a ">>>" session it copies only the
# code: the prompts ">>> " and "... " are removed and the output lines left out,
# so that what is pasted into Python runs. (A block without prompts, such as a
# shell command or a gallery script, is copied whole.)
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "node_modules", "Thumbs.db", ".DS_Store", "_ext", "locale"] + [
    f"{gallery}/*.{suffix}" for gallery in ("auto_examples", "auto_exercises")
    for suffix in ("ipynb", "py", "zip", "md5")]

nitpicky = True

# Number the pages of the "Learn" part (its toctree is :numbered:) and their
# equations by page: equation (5.3) is the third of page 5, wherever it is cited.
# Every labelled equation lives in a chapter (tests/test_derivations.py checks
# it); the API pages cite them, and a citation on another page names its page.
numfig = True
math_eqref_format = "({number})"

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3


def _stable_amsmath_label(renderer):
    """Name a numbered amsmath environment by its page and its rank on the page.

    MyST names each one with a random UUID, which becomes the equation's HTML
    id, so two builds of the same page would differ. (A labelled ``$$`` block,
    ``$$ ... $$ (label)``, is stable and can be referenced with ``{eq}``.)
    """
    renderer._amsmath_count = getattr(renderer, "_amsmath_count", 0) + 1
    page = renderer.sphinx_env.docname.replace("/", "-")
    return f"{page}-amsmath-{renderer._amsmath_count}"


SphinxRenderer._random_label = _stable_amsmath_label

autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "show-inheritance": True}
numpydoc_show_class_members = False
numpydoc_xref_param_type = False

doctest_global_setup = "import numpy as np"
# The same comparison flags as pytest's (pyproject.toml), so that a ```{doctest}
# block in a page passes or fails alike under `make test` and `make docs`.
doctest_default_flags = (doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
                         | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1)

# matplotlib's plot directive draws the figures of the narrative pages when the
# site is built (in MyST, inside an {eval-rst} block).
plot_formats = [("png", 110)]
plot_html_show_formats = False
plot_html_show_source_link = False
plot_rcparams = {"figure.autolayout": False}

# -- Maths without a network --------------------------------------------------
# MathJax 3 comes from the pinned PyPI package django-static-mathjax (the
# official es5 build). ``copy_mathjax`` below copies the part of it the pages
# use into _static/mathjax, so every formula renders from the built site alone,
# also when it is opened from disk.
MATHJAX_ROOT = Path(str(files("mathjax"))) / "static" / "mathjax"
MATHJAX_FILES = {
    "LICENSE": "LICENSE",
    "es5/tex-chtml.js": "tex-chtml.js",  # TeX input, HTML output, menu (no MathML input)
    "es5/output/chtml/fonts/woff-v2": "output/chtml/fonts/woff-v2",  # the fonts it loads
    "es5/input/tex/extensions": "input/tex/extensions",  # loaded on demand (\boldsymbol, ...)
}
mathjax_path = "mathjax/tex-chtml.js"  # relative to _static

sphinx_gallery_conf = {
    # The gallery, and the exercises (one page per exercise, each a script and a notebook).
    "examples_dirs": ["../gallery", EXERCISES_DIR],
    "gallery_dirs": ["auto_examples", "auto_exercises"],
    "filename_pattern": r"/(plot_|exercise_)",
    # The experiments in reading order, the exercises by number (docs/_ext/gallery_order.py).
    "within_subsection_order": "gallery_order.ReadingOrder",
    "download_all_examples": False,
    # The scripts run in parallel, one per core (up to 4): a script's results do not
    # depend on which process runs it, so the site is the same bytes (tests/site/test_reproducible.py).
    "parallel": min(4, len(os.sched_getaffinity(0))),
    "min_reported_time": float("inf"),
    "write_computation_times": False,
    "remove_config_comments": True,
    "show_memory": False,
    # sphinx-gallery's matplotlib scraper with alt text that describes each figure
    # (docs/_ext/figure_alt.py), and animation players that work offline and build
    # the same bytes every time (docs/_ext/offline_animation.py).
    "image_scrapers": ("offline_animation.scraper",),
    # Before each script: matplotlib's defaults, and the warning filters of the build
    # (docs/_ext/gallery_reset.py: a script's own filter must not hide a later page's warnings).
    "reset_modules": ("matplotlib", "gallery_reset.reset_warnings"),
    "matplotlib_animations": (True, "jshtml"),
    # Show what the script prints, as when it is run by hand, not also the repr
    # of a cell's last expression (``Text(0.5, 1.0, 'Learning curve')``).
    "capture_repr": (),
}

html_theme = "furo"
html_title = "bpteach"
html_static_path = ["_static"]
templates_path = ["_templates"]  # page.html: the edition switcher
html_css_files = ["bpteach.css"]
# bpteach-math.js fits or scrolls wide display formulas; bpteach-a11y.js lets the
# keyboard reach the code blocks that scroll sideways.
html_js_files = ["bpteach-math.js", "bpteach-a11y.js"]
html_last_updated_fmt = None
# Search results without summaries: a summary is fetched from its page, which a
# browser refuses for pages opened from disk (an error in the console).
html_show_search_summary = False


def copy_mathjax(app, exception):
    """Copy MathJax into the HTML output (see ``MATHJAX_FILES``)."""
    if exception is not None or app.builder.format != "html":
        return
    dest = Path(app.outdir) / "_static" / "mathjax"
    for source, target in MATHJAX_FILES.items():
        source, target = MATHJAX_ROOT / source, dest / target
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def drop_gallery_download_note(app, doctree):
    """Remove the note above each gallery page's title that points to its downloads.

    The download buttons are at the end of the page, where a reader who has
    read the script looks for them; the note only pushed the title down.
    """
    for note in list(doctree.findall(nodes.note)):
        if "sphx-glr-download-link-note" in note["classes"]:
            note.parent.remove(note)


def list_worked_example_once(app, docname, source):
    """Keep the worked example out of the gallery's (hidden) table of contents.

    It is a chapter of the reader's path (the "Learn" toctree of the landing
    page) and also a gallery script; listed in both toctrees, it appeared twice
    in the sidebar. Its card stays on the gallery page.
    """
    if docname == "auto_examples/index":
        source[0] = re.sub(r"^\s*/auto_examples/plot_worked_example\n", "", source[0], flags=re.M)


def setup(app):
    app.connect("doctree-read", drop_gallery_download_note)
    app.connect("source-read", list_worked_example_once)
    # MathJax on every page, not only on pages with formulas in their body: the
    # navigation sidebar shows every page's title on every page, so a title
    # with maths in it would otherwise show raw TeX on the pages without any.
    app.set_html_assets_policy("always")
    app.connect("build-finished", copy_mathjax)
    # Font Awesome 4.7 (the animation player's button icons) from a pinned PyPI package.
    app.connect("html-page-context", offline_animation.add_font_awesome)
    app.connect("build-finished", offline_animation.copy_font_awesome)

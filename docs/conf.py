"""Sphinx configuration for the bpteach site."""

import doctest
import os
import sys

sys.path.insert(0, os.path.abspath(".."))

import bpteach  # noqa: E402

project = "bpteach"
author = "the bpteach developers"
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
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "node_modules", "Thumbs.db", ".DS_Store", "auto_examples/*.ipynb",
                    "auto_examples/*.py", "auto_examples/*.zip", "auto_examples/*.md5"]

nitpicky = True

# Number the pages of the "Learn" part (its toctree is :numbered:) and their
# equations by page: equation (5.3) is the third of page 5, wherever it is cited.
numfig = True
math_eqref_format = "({number})"

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

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

sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "min_reported_time": float("inf"),
    "write_computation_times": False,
    "remove_config_comments": True,
    "show_memory": False,
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
}

html_theme = "furo"
html_title = "bpteach"
html_static_path = ["_static"]
html_last_updated_fmt = None

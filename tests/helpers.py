"""What the tests share: the textbook's two networks, the project's root, and building the site.

A module, not a conftest: test files import what they use by name
(``from helpers import ROOT, regression_network``), so a reader can find where each comes from.
"""

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np

import bpteach
from bpteach import CrossEntropy, Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares

ROOT = Path(__file__).resolve().parent.parent
# Headless Chromium as root, offline: no sandbox, no GPU, no background connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def regression_network(rng, wb_width=0.01):
    """The textbook's 1-3-1 network: sigmoid hidden layer, identity output."""
    return Network(
        [Dense(1, 3, Sigmoid(), rng=rng, wb_width=wb_width),
         Dense(3, 1, Identity(), rng=rng, wb_width=wb_width)],
        loss=SumOfSquares(),
    )


def classification_network(rng, wb_width=0.01):
    """The textbook's 2-6-2 network: sigmoid hidden layer, softmax output."""
    return Network(
        [Dense(2, 6, Sigmoid(), rng=rng, wb_width=wb_width),
         Dense(6, 2, Softmax(), rng=rng, wb_width=wb_width)],
        loss=CrossEntropy(),
    )


def ignore_generated(*patterns):
    """An `ignore` for ``shutil.copytree``: `patterns` (as ``shutil.ignore_patterns``)
    anywhere, and sphinx-gallery's generated folders ``docs/auto_examples`` and
    ``docs/auto_exercises``, but only there: the Japanese catalogs of the gallery pages
    live in folders of the same names, ``docs/locale/ja/LC_MESSAGES/auto_examples/``.
    """
    by_pattern = shutil.ignore_patterns(*patterns)

    def ignore(folder, names):
        ignored = set(by_pattern(folder, names))
        if Path(folder).name == "docs":
            ignored |= {"auto_examples", "auto_exercises"} & set(names)
        return ignored

    return ignore


def start_site_build(dest):
    """Copy docs/, gallery/, exercises/, bpteach/ and what the package's wheel is built from
    (README.md, pyproject.toml, LICENSE) to `dest` and start building both
    editions of the site there (``docs/build_site.py``: English, then Japanese, with -W),
    in a subprocess.

    Returns the path of the HTML output (``en/``, ``ja/`` and the root page) and the
    running process; :func:`finish_site_build` waits for it.
    """
    ignore = ignore_generated("_build", "node_modules", "__pycache__", "*.mo")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)
    shutil.copytree(ROOT / "gallery", dest / "gallery", ignore=ignore)
    shutil.copytree(ROOT / "exercises", dest / "exercises", ignore=ignore)
    # The pages include the package's source (literalinclude ../bpteach/...).
    shutil.copytree(ROOT / "bpteach", dest / "bpteach", ignore=ignore)
    # The site carries the package's wheel, built from these (docs/_ext/site_wheel.py).
    for name in ("README.md", "pyproject.toml", "LICENSE"):
        shutil.copy(ROOT / name, dest / name)
    html = dest / "docs" / "_build" / "html"
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    process = subprocess.Popen(
        [sys.executable, str(dest / "docs" / "build_site.py"), str(html)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=dest,
    )
    return html, process


def finish_site_build(html, process):
    """Wait for a build started by :func:`start_site_build`; return the HTML path and a
    ``subprocess.CompletedProcess`` with its output."""
    stdout, stderr = process.communicate()
    return html, subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def build_site(dest):
    """Build the site in `dest` (see :func:`start_site_build`) and wait for it."""
    return finish_site_build(*start_site_build(dest))


def train_quietly(net, x, t, *, seed=None, rng=None, **options):
    """Train with the warnings recorded, not shown; return the history."""
    options = {"learning_rate": 0.1, "log": None, **options}
    rng = np.random.default_rng(seed) if rng is None else rng
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = bpteach.train(net, x, t, rng=rng, **options)
    assert [w.message for w in caught] == history.warnings
    return history


def kinds(history):
    return [(w.kind, w.epoch) for w in history.warnings]

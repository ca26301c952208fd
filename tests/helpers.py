"""What the tests share: the textbook's two networks, the project's root, and building the site.

A module, not a conftest: test files import what they use by name
(``from helpers import ROOT, regression_network``), so a reader can find where each comes from.
"""

import os
import shutil
import subprocess
import sys
import time
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


def wrong_gradients(errors, tolerance=1e-7):
    """The message of a failed gradient check, in words: which of the backward pass's gradients
    disagree with central differences (`errors`: relative error by parameter name), and which agree."""
    wrong = {name: error for name, error in errors.items() if not error < tolerance}
    right = sorted(set(errors) - set(wrong))
    return ("the backward pass's gradient of the error with respect to "
            + ", ".join(f"{name} (relative error {error:.2g})" for name, error in wrong.items())
            + f" disagrees with central differences (tolerance {tolerance:g}); "
            + (f"{', '.join(right)} agree" if right else "none agrees"))


def ignore_generated(*patterns):
    """An `ignore` for ``shutil.copytree``: `patterns` (as ``shutil.ignore_patterns``)
    anywhere, and sphinx-gallery's generated folders ``docs/auto_examples`` and
    ``docs/auto_exercises``, but only there: the Japanese catalogs of the gallery pages
    live in folders of the same names, ``docs/locale/ja/LC_MESSAGES/auto_examples/``.
    The package's compiled catalogue, ``bpteach/locale/*/LC_MESSAGES/bpteach.mo``, is
    source (committed): a pattern ``*.mo`` (Sphinx's compiled catalogs) leaves it in.
    """
    by_pattern = shutil.ignore_patterns(*patterns)

    def ignore(folder, names):
        ignored = set(by_pattern(folder, names))
        if Path(folder).parent.parent.name == "locale" and Path(folder).parents[2].name == "bpteach":
            ignored.discard("bpteach.mo")
        if Path(folder).name == "docs":
            ignored |= {"auto_examples", "auto_exercises"} & set(names)
        return ignored

    return ignore


# A build's output and exit status, in files of its folder: any process of the test run
# (xdist's workers included) can wait for a build that another one started.
_STARTED = []  # the builds this process started
BUILD_FILES = {"stdout": "build-stdout.txt", "stderr": "build-stderr.txt", "status": "build-status.txt"}


def start_site_build(dest):
    """Copy docs/, gallery/, exercises/, bpteach/ and what the package's wheel is built from
    (README.md, pyproject.toml, LICENSE) to `dest` and start building both
    editions of the site there (``docs/build_site.py``: English, then Japanese, with -W),
    in a process of its own that outlives the one that started it.

    The build writes its output and, when it ends, its exit status to files in `dest`
    (``BUILD_FILES``). Returns the build's process id; :func:`finish_site_build` waits
    for the build, from this process or any other.
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
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    # The status file is written (then renamed, so that it appears whole) when the build ends.
    status = dest / BUILD_FILES["status"]
    run_and_record = (
        "import os, subprocess, sys; "
        "code = subprocess.run(sys.argv[2:]).returncode; "
        "open(sys.argv[1] + '.part', 'w').write(str(code)); os.replace(sys.argv[1] + '.part', sys.argv[1])"
    )
    with open(dest / BUILD_FILES["stdout"], "w") as out, open(dest / BUILD_FILES["stderr"], "w") as err:
        process = subprocess.Popen(
            [sys.executable, "-c", run_and_record, str(status),
             sys.executable, str(dest / "docs" / "build_site.py"), str(site_html(dest))],
            stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=dest, start_new_session=True,
        )
    _STARTED.append(process)  # kept: a Popen dropped while its process runs warns (ResourceWarning)
    return process.pid


def site_html(dest):
    """The HTML output of a build started in `dest`: ``en/``, ``ja/`` and the root page."""
    return dest / "docs" / "_build" / "html"


def finish_site_build(dest, poll=0.5):
    """Wait for the build started in `dest` by :func:`start_site_build` (by any process);
    return its HTML path and a ``subprocess.CompletedProcess`` with its output."""
    status = dest / BUILD_FILES["status"]
    while not status.exists():
        time.sleep(poll)
    stdout, stderr = ((dest / BUILD_FILES[name]).read_text() for name in ("stdout", "stderr"))
    return site_html(dest), subprocess.CompletedProcess("docs/build_site.py", int(status.read_text()),
                                                        stdout, stderr)


def build_site(dest):
    """Build the site in `dest` (see :func:`start_site_build`) and wait for it."""
    start_site_build(dest)
    return finish_site_build(dest)


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

"""Shared fixtures: the package's two textbook networks and one built copy of the site."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

from bpteach import CrossEntropy, Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis profiles. The test command must give the same verdict on every run
# and every machine, so its profile, "bpteach", is derandomized: the examples are
# derived from each test's source, and every run tries the same ones. That also
# means no example database (derandomize implies database=None): a failure found
# once is not replayed from a .hypothesis/ folder left by an earlier run, it is
# fixed, and its input pinned with @example in the test. Deadlines are off
# because the machine running the suite may be busy. To search for new
# counterexamples with fresh random examples, and more of them, run
#     pytest tests/test_numerics.py --hypothesis-profile=explore
# (its failures are kept in .hypothesis/, which the default profile never reads).
settings.register_profile("bpteach", derandomize=True, deadline=None, max_examples=200,
                          print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=5000, print_blob=True)
settings.load_profile("bpteach")


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


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


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
    """Copy docs/, gallery/, exercises/ and bpteach/ to `dest` and start building both
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
    shutil.copy(ROOT / "README.md", dest / "README.md")
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


@pytest.fixture(scope="session")
def site_builds(request, tmp_path_factory):
    """Start the clean builds of the site that this test session needs, at the same time.

    The first is inspected by every site test; a second, in another folder, only
    when the reproducibility test is collected, which compares the two byte for
    byte. Building both at once, in two processes, lets two cores share the work
    (each build runs every gallery script) instead of running one build after the other.
    """
    builds = [start_site_build(tmp_path_factory.mktemp("site"))]
    if any(item.nodeid.startswith("tests/test_reproducible.py::test_a_clean_rebuild")
           for item in request.session.items):
        builds.append(start_site_build(tmp_path_factory.mktemp("site-again")))
    yield builds
    for _, process in builds:  # e.g. after a Ctrl-C: no build left running
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.fixture(scope="session")
def built_editions(site_builds):
    """One clean build of both editions, shared by every test that inspects the site.

    Returns the HTML folder (``en/``, ``ja/``, ``index.html``) and the build's output.
    """
    html, result = finish_site_build(*site_builds[0])
    assert result.returncode == 0, f"docs build failed:\n{result.stdout}\n{result.stderr}"
    return html, result


@pytest.fixture(scope="session")
def built_site(built_editions):
    """The English edition of :func:`built_editions` (the source the other is translated from)."""
    html, result = built_editions
    return html / "en", result


@pytest.fixture(scope="session")
def second_built_editions(site_builds):
    """A second clean build of the same sources, in another folder (started with the first)."""
    assert len(site_builds) == 2, "the second build is started only for the reproducibility test"
    return finish_site_build(*site_builds[1])

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


def build_site(dest):
    """Copy docs/, gallery/ and bpteach/ to `dest` and build the HTML site there with -W.

    Returns the path of the HTML output and the build's combined output.
    """
    ignore = shutil.ignore_patterns("_build", "auto_examples", "auto_exercises", "node_modules",
                                    "__pycache__")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)
    shutil.copytree(ROOT / "gallery", dest / "gallery", ignore=ignore)
    shutil.copytree(ROOT / "exercises", dest / "exercises", ignore=ignore)
    # The pages include the package's source (literalinclude ../bpteach/...).
    shutil.copytree(ROOT / "bpteach", dest / "bpteach", ignore=ignore)
    shutil.copy(ROOT / "README.md", dest / "README.md")
    html = dest / "docs" / "_build" / "html"
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(dest / "docs"), str(html)],
        capture_output=True, text=True, env=env, cwd=dest,
    )
    return html, result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """One clean build of the whole site, shared by every test that inspects it."""
    html, result = build_site(tmp_path_factory.mktemp("site"))
    assert result.returncode == 0, f"docs build failed:\n{result.stdout}\n{result.stderr}"
    return html, result

"""Every doctest prints the same lines when the rounding changes: the perturbation check.

A digit that the CPU or the BLAS kernel decides (a median printed on a rounding boundary,
an error printed to its sixteenth digit) passes on the machine that wrote it and fails
on the next. ``tests/perturb.py`` moves every continuous random draw by up to a few ulps,
as another machine's rounding would; the doctests of the package, the README and the
site's pages must still print exactly what they expect, under each of three noise seeds.
(In the site tier because it reruns every doctest three times; the static half of the
rule, no unexplained ``==`` between floats, is in ``tests/package/``.)
"""

import os
import subprocess
import sys

import pytest
from helpers import ROOT

SEEDS = (1, 2, 3)


def run_perturbed(seed, *targets, cwd=ROOT):
    """pytest on `targets` with every random draw moved by a few ulps (``--perturb=seed``).

    In the project's root the project's own pytest options apply; elsewhere (a page written
    by a test) the same doctest options are given on the command line.
    """
    path = os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])
    env = dict(os.environ, PYTHONPATH=path)
    env.pop("PYTHONWARNINGS", None)
    options = [] if cwd == ROOT else ["-o", "addopts=--doctest-modules --doctest-glob=*.md",
                                      "-o", "doctest_optionflags=ELLIPSIS NORMALIZE_WHITESPACE"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "perturb", f"--perturb={seed}", "-q", "-p", "no:cacheprovider",
         *options, *map(str, targets)],
        capture_output=True, text=True, cwd=cwd, env=env,
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_every_doctest_prints_the_same_with_the_rounding_moved(seed):
    result = run_perturbed(seed, "bpteach", "README.md", "docs")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


# The page as it was at 5b503bf: its median, printed to one digit, sat on a rounding
# boundary and printed 1e-10 instead of 2e-10 on a CPU with AVX-512.
OLD_PAGE = """\
>>> import numpy as np
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
>>> from bpteach.gradcheck import check_network
>>> rng = np.random.default_rng(1)
>>> measured = []
>>> for _ in range(5):
...     net = Network([Dense(1, 3, Sigmoid(), rng=rng, wb_width=1.0),
...                    Dense(3, 1, Identity(), rng=rng, wb_width=1.0)], loss=SumOfSquares())
...     measured += check_network(net, rng.normal(size=(4, 1)), rng.normal(size=(4, 1))).values()
>>> print(f"{len(measured)} relative errors, median {np.median(measured):.0e}, largest {max(measured):.0e}")
25 relative errors, median 2e-10, largest 2e-09
"""


def test_the_check_fails_on_the_page_that_failed_on_another_cpu(tmp_path):
    page = tmp_path / "old.md"
    page.write_text(OLD_PAGE, encoding="utf-8")
    verdicts = [run_perturbed(seed, page, cwd=tmp_path).returncode for seed in SEEDS]
    assert any(verdicts), "the old page passed under every noise seed: the check has no teeth"

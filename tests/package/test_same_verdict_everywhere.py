"""The same verdict on every machine: no exact comparison of computed floats without a reason.

Two floats computed along different paths can differ in the last bit from one CPU or
BLAS kernel to the next (``tests/float_equality.py`` says how); ``==`` between them then
passes on one machine and fails on another. The rule: every exact comparison of computed
floats, in the tests and in every ``>>>`` example, says why it is exact (``# exact: ...``),
or compares with a tolerance. Its partner, run with the site tier because it reruns every
doctest, is ``tests/site/test_doctests_perturbed.py``.
"""

import ast

from float_equality import flagged_in_examples, flagged_in_source, flagged_in_tree
from helpers import ROOT


def test_every_exact_float_comparison_says_why_it_is_exact():
    flagged = flagged_in_tree(ROOT)
    advice = "compare with a tolerance, or give the reason after '# exact:':\n"
    assert flagged == [], advice + "\n".join(flagged)


def test_the_check_flags_the_comparison_that_failed_under_another_blas_kernel():
    # tests/test_losses.py at 5b503bf: one ulp apart in 77 of 200 draws under another kernel.
    old = "def test(rng):\n    assert sum_of_squares(y, t) == 0.5 * np.sum((y - t) ** 2)\n"
    assert flagged_in_source(old, "old") == ["old:2: sum_of_squares(y, t) == 0.5 * np.sum((y - t) ** 2)"]
    fixed = old.replace("== 0.5 * np.sum((y - t) ** 2)",
                        "== pytest.approx(0.5 * np.sum((y - t) ** 2), rel=1e-14)")
    assert flagged_in_source(fixed, "fixed") == []
    explained = old.replace("    assert", "    # exact: a reason\n    assert")
    assert flagged_in_source(explained, "explained") == []


def test_the_check_reads_doctests_and_knows_what_is_not_a_float():
    page = ">>> float(np.log(2)) == -np.log(0.5)\nTrue\n>>> a == b  # exact: copies\nTrue\n"
    assert flagged_in_examples(page, "page") == ["page:1: float(np.log(2)) == -np.log(0.5)"]
    plain = ("assert x.shape == (3, 1)\nassert len(a) - 1 == n\nassert kinds(train(x, 2 * t)) == []\n"
             "assert (root / 'ja' / page).as_uri() == url\nassert r == pytest.approx(0.1)\n")
    assert flagged_in_source(plain, "plain") == []
    for flagged in ("np.array_equal(a, b)", "a.mean() != 0.5", "x @ W == u", "np.sum(a) == 3"):
        assert flagged_in_source(f"assert {flagged}\n", "f"), flagged
    ast.parse(plain)  # the examples above are valid Python

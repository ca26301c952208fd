"""The test session's settings shared by both tiers: Hypothesis runs derandomised, and the
``rng`` fixture. The tiers: ``tests/package/`` (the package alone, nothing built: ``make check``)
and ``tests/site/`` (the site built, in a browser, packaged; ``make test`` runs both).
Shared helpers are in ``tests/helpers.py``.
"""

import numpy as np
import pytest
from hypothesis import settings

# Hypothesis profiles. The test command must give the same verdict on every run
# and every machine, so its profile, "bpteach", is derandomized: the examples are
# derived from each test's source, and every run tries the same ones. That also
# means no example database (derandomize implies database=None): a failure found
# once is not replayed from a .hypothesis/ folder left by an earlier run, it is
# fixed, and its input pinned with @example in the test. Deadlines are off
# because the machine running the suite may be busy. To search for new
# counterexamples with fresh random examples, and more of them, run
#     pytest tests/package/test_numerics.py --hypothesis-profile=explore
# (its failures are kept in .hypothesis/, which the default profile never reads).
settings.register_profile("bpteach", derandomize=True, deadline=None, max_examples=200,
                          print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=5000, print_blob=True)
settings.load_profile("bpteach")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)

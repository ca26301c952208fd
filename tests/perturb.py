"""A pytest plugin that moves every random draw by a few ulps: ``pytest -p perturb --perturb=SEED``.

Another CPU, another BLAS kernel or another thread count changes the last bits of sums,
matrix products and NumPy's vectorised ``exp`` and ``log``. A printed digit that depends
on those bits passes here and fails there. This plugin makes that visible on one machine:
with ``--perturb=SEED`` every float that a :class:`numpy.random.Generator` draws
(``random``, ``uniform``, ``normal``, ``standard_normal``: the initial weights, the
synthetic data of every example) is multiplied by ``1 + k * eps`` with ``|k| <= ULPS``,
``k`` drawn from a stream of its own, seeded by SEED and the generator's seed (two
generators made with the same seed are moved alike, as one machine rounds two identical
runs alike). Integer draws and permutations are untouched, so every run takes the same
path through its data; only the rounding differs, as it does between machines. A doctest
whose printed line changes under this plugin prints a digit that the machine decides:
print fewer digits, or a comparison.

``tests/site/test_doctests_perturbed.py`` runs every doctest of the package, the README
and the site's pages under three seeds. Without ``--perturb`` the plugin does nothing.
"""

import numpy as np

ULPS = 4
EPS = np.finfo(np.float64).eps
_PLAIN_DEFAULT_RNG = np.random.default_rng


class PerturbedGenerator(np.random.Generator):
    """A Generator whose continuous draws are moved by up to ``ULPS`` ulps (relative)."""

    def __init__(self, bit_generator, noise):
        super().__init__(bit_generator)
        self._noise = noise

    def _moved(self, values):
        factor = 1.0 + EPS * self._noise.integers(-ULPS, ULPS, endpoint=True, size=np.shape(values))
        moved = np.asarray(values) * factor
        return float(moved) if np.ndim(values) == 0 else moved

    def random(self, *args, **kwargs):  # noqa: D102 (the draws of numpy.random.Generator, moved)
        return self._moved(super().random(*args, **kwargs))

    def uniform(self, *args, **kwargs):  # noqa: D102
        return self._moved(super().uniform(*args, **kwargs))

    def normal(self, *args, **kwargs):  # noqa: D102
        return self._moved(super().normal(*args, **kwargs))

    def standard_normal(self, *args, **kwargs):  # noqa: D102
        return self._moved(super().standard_normal(*args, **kwargs))


def pytest_addoption(parser):
    parser.addoption("--perturb", type=int, default=None, metavar="SEED",
                     help="move every continuous random draw by a few ulps (noise seeded by SEED)")


def pytest_configure(config):
    seed = config.getoption("--perturb")
    if seed is None:
        return
    perturb_seed = seed

    def default_rng(seed=None):
        plain = _PLAIN_DEFAULT_RNG(seed)
        if isinstance(plain, PerturbedGenerator):  # default_rng(generator) returns it as it is
            return plain
        # The noise follows the generator's own seed (see above).
        drawn = plain.bit_generator.seed_seq
        entropy = np.atleast_1d(drawn.entropy).tolist() if drawn.entropy is not None else []
        sequence = np.random.SeedSequence([perturb_seed, *entropy], spawn_key=drawn.spawn_key)
        noise = _PLAIN_DEFAULT_RNG(sequence)
        return PerturbedGenerator(plain.bit_generator, noise)

    np.random.default_rng = default_rng

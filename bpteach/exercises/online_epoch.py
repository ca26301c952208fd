"""Exercise 7b: one epoch of online training."""

import numpy as np

from bpteach.exercises.backward_131 import _network_131
from bpteach.exercises.diagnoses import DIAGNOSES
from bpteach.exercises.engine import _Case, _Checker
from bpteach.training import train


class _RngWatch:
    """Give the learner a fresh generator and see afterwards how much it drew."""

    def __init__(self, seed, n):
        self.seed, self.n = seed, n

    def prepare(self, arguments, state):
        state["rng"] = np.random.default_rng(self.seed)
        return {**arguments, "rng": state["rng"]}

    def __call__(self, value, arguments, state):
        start = np.random.default_rng(self.seed).bit_generator.state
        used = state["rng"].bit_generator.state
        if used == start:
            return [("rng_not_used", DIAGNOSES["rng_not_used"][0], "online-learning")]
        return []


def _epoch_variant(params, x, t, eta, seed, *, order="shuffle", sign=-1.0, full_batch=False):
    """One epoch of the 1-3-1 network with one deliberate mistake (for the diagnoses)."""
    net = _network_131(*params)
    rng = np.random.default_rng(seed)
    n = len(x)
    if order == "shuffle":
        idx_x = idx_t = rng.permutation(n)
    elif order == "separate":
        idx_x, idx_t = rng.permutation(n), rng.permutation(n)
    else:
        idx_x = idx_t = np.arange(n)
    xs, ts = x[idx_x], t[idx_t]
    if full_batch:
        net.forward(xs)
        net.backward(ts)
        net.theta[...] += sign * eta * net.grad_theta
    else:
        for i in range(n):
            net.forward(xs[i:i + 1])
            net.backward(ts[i:i + 1])
            net.theta[...] += sign * eta * net.grad_theta
    return tuple(p.copy() for layer in net.layers for p in (layer.W, layer.b))


def check_online_epoch(online_epoch):
    r"""Check ``online_epoch(params, x, t, learning_rate, rng)``: one epoch of online training.

    `params` is the list ``[W1, b1, W2, b2]`` of the 1-3-1 network (shapes
    (1, 3), (3,), (3, 1), (1,)), `x` and `t` the data (N_data, 1), `rng` a
    ``numpy.random.Generator``. Draw one order of the samples with
    ``rng.permutation(len(x))``, then for each sample in that order run the
    forward and backward pass and update every parameter
    (:eq:`sgd-update`). Return the new ``[W1, b1, W2, b2]`` as new arrays:
    the ones in `params` stay unchanged. The result must equal that of
    ``bpteach.train(..., epochs=1, batch_size=1)`` with a generator in the
    same state, to rounding.

    Parameters
    ----------
    online_epoch : callable
        ``online_epoch(params, x, t, learning_rate, rng) -> [W1, b1, W2, b2]``.

    Returns
    -------
    CheckResult
        Compared with :func:`bpteach.training.train` for one epoch.

    Examples
    --------
    >>> from bpteach.exercises import check_online_epoch
    >>> from bpteach.exercise_solutions import online_epoch
    >>> check_online_epoch(online_epoch).passed
    True
    """
    from bpteach import datasets

    rng = np.random.default_rng(108)
    cases = []
    x_sin, t_sin = datasets.sin_curve()
    for k, (x, t, eta) in enumerate(((x_sin, t_sin, 0.1),
                                     (rng.uniform(-1, 1, (8, 1)), rng.uniform(-1, 1, (8, 1)), 0.5))):
        params = (rng.normal(size=(1, 3)), rng.normal(size=3), rng.normal(size=(3, 1)), rng.normal(size=1))
        seed = 500 + k
        net = _network_131(*params)
        train(net, x, t, epochs=1, learning_rate=eta, rng=np.random.default_rng(seed), log=None)
        expected = tuple(p.copy() for layer in net.layers for p in (layer.W, layer.b))
        variants = {
            "no_shuffle": _epoch_variant(params, x, t, eta, seed, order="none"),
            "separate_shuffles": _epoch_variant(params, x, t, eta, seed, order="separate"),
            "plus_instead_of_minus": _epoch_variant(params, x, t, eta, seed, sign=1.0),
            "full_batch_step": _epoch_variant(params, x, t, eta, seed, full_batch=True),
        }
        label = ("the textbook's 63 points of sin x" if k == 0 else f"{len(x)} random points") + \
            f", learning_rate = {eta}, rng = default_rng({seed})"
        case = _Case(label, {"params": [p.copy() for p in params], "x": x, "t": t, "learning_rate": eta,
                             "rng": None}, expected, None, variants, 1)
        case.compare = _RngWatch(seed, len(x))
        cases.append(case)
    names = ["W1", "b1", "W2", "b2"]
    checker = _Checker("Exercise 7b: one epoch of online training",
                       "online_epoch(params, x, t, learning_rate, rng) -> [W1, b1, W2, b2]", names,
                       dict.fromkeys(names, "online-learning"))
    return checker.run(online_epoch, cases)

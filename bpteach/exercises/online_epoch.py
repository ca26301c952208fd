"""Exercise 7b: one epoch of online training."""

import numpy as np

from bpteach.exercises.backward_131 import _network_131
from bpteach.exercises.diagnoses import DIAGNOSES
from bpteach.exercises.engine import _Case, _Checker, twinned
from bpteach.exercises.language import _, ngettext
from bpteach.training import train


class _RngWatch:
    """Give the learner a fresh generator and see afterwards how much it drew."""

    def __init__(self, seed, n, expected=None):
        self.seed, self.n, self.expected = seed, n, expected

    def prepare(self, arguments, state):
        state["rng"] = np.random.default_rng(self.seed)
        return {**arguments, "rng": state["rng"]}

    def __call__(self, value, arguments, state):
        start = np.random.default_rng(self.seed).bit_generator.state
        used = state["rng"].bit_generator.state
        if used == start:
            return [("rng_not_used", _(DIAGNOSES["rng_not_used"][0]), "online-learning")]
        # The reference's generator after its epoch: one permutation, nothing else.
        reference = np.random.default_rng(self.seed)
        reference.permutation(self.n)
        if used == reference.bit_generator.state:
            return []
        # Extra draws matter on their own only when the epoch itself is right (a wrong shuffle that
        # draws more, such as a permutation per sample, is named by the outputs).
        expected = self.expected
        right = (expected is not None and isinstance(value, list | tuple) and len(value) == len(expected)
                 and all(isinstance(v, np.ndarray) and v.shape == e.shape
                         and np.allclose(v, e, rtol=1e-7, atol=1e-10) for v, e in zip(value, expected)))
        if not right:
            return []
        # Beyond it? Step the reference on, one 64-bit draw at a time, up to a few epochs' worth.
        for extra in range(1, 4 * self.n + 64):
            reference.bit_generator.advance(1)
            if reference.bit_generator.state["state"] == used["state"]:
                said = ngettext("after the one rng.permutation(len(x)) = rng.permutation({n}) of the epoch, "
                                "it "
                                "moved the generator on by {extra} more 64-bit draw",
                                "after the one rng.permutation(len(x)) = rng.permutation({n}) of the epoch, "
                                "it "
                                "moved the generator on by {extra} more 64-bit draws", extra).format(
                                    n=self.n, extra=extra)
                return [("rng_extra_draws", _(DIAGNOSES["rng_extra_draws"][0]).format(returned=said),
                         "online-learning")]
        said = _("its epoch is right, but it leaves the generator in another state than the one "
                 "rng.permutation(len(x)) = rng.permutation({n}) of the epoch does").format(n=self.n)
        return [("rng_extra_draws", _(DIAGNOSES["rng_extra_draws"][0]).format(returned=said),
                 "online-learning")]


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


def _sigmoid(u):
    with np.errstate(all="ignore"):  # a mistake such as dividing by η may diverge
        return 1 / (1 + np.exp(-u))


def _epoch_mistake(params, x, t, eta, seed, mistake):
    """One epoch of the 1-3-1 network, written out in NumPy, with one named mistake."""
    W1, b1, W2, b2 = (p.copy() for p in params)
    rng = np.random.default_rng(seed)
    n = len(x)
    if mistake == "replacement":
        order = rng.integers(0, n, size=n)
    elif mistake == "new_permutation":
        order = np.array([rng.permutation(n)[k] for k in range(n)])
    elif mistake == "two_epochs":
        order = np.concatenate([rng.permutation(n), rng.permutation(n)])
    else:
        order = rng.permutation(n)
    if mistake == "one_sample_short":
        order = order[:-1]
    step = {"eta_twice": 2 * eta, "eta_squared": eta * eta}.get(mistake, eta)
    with np.errstate(all="ignore"):
        return _epoch_loop(W1, b1, W2, b2, x, t, order, params, eta, step, mistake)


def _epoch_loop(W1, b1, W2, b2, x, t, order, params, eta, step, mistake):
    """The loop of :func:`_epoch_mistake`."""
    last = None
    for i in order:
        xn, tn = x[i:i + 1], t[i:i + 1]
        y1 = _sigmoid(xn @ W1 + b1)
        y = y1 @ W2 + b2
        if mistake == "sigmoid_output":  # a sigmoid output layer, forward and backward
            y = _sigmoid(y)
        d2 = y - tn
        if mistake in ("output_fprime", "sigmoid_output"):
            d2 = d2 * y * (1 - y)
        gW2, gb2 = y1.T @ d2, d2.sum(axis=0)
        if mistake == "W2_before_delta1":
            W2, b2 = W2 - step * gW2, b2 - step * gb2
        d1 = (d2 @ W2.T) * y1 * (1 - y1)
        grads = [xn.T @ d1, d1.sum(axis=0), gW2, gb2]
        last = grads
        if mistake == "last_gradient_only":
            continue
        if mistake == "divided_by_eta":
            new = [p - g / eta for p, g in zip((W1, b1, W2, b2), grads)]
        else:
            new = [p - step * g for p, g in zip((W1, b1, W2, b2), grads)]
        keep = {"biases_not_updated": (1, 3), "b1_not_updated": (1,), "b2_not_updated": (3,),
                "W2_before_delta1": (2, 3)}.get(mistake, ())
        W1, b1, W2, b2 = [old if j in keep else p for j, (old, p) in enumerate(zip((W1, b1, W2, b2), new))]
    if mistake == "last_gradient_only":
        W1, b1, W2, b2 = [p - eta * g for p, g in zip(params, last)]
    return W1, b1, W2, b2


#: The mistakes of an epoch that :func:`_epoch_mistake` writes out, each with its diagnosis.
EPOCH_MISTAKES = ["replacement", "new_permutation", "two_epochs", "one_sample_short", "eta_twice",
                  "eta_squared", "divided_by_eta", "biases_not_updated", "b1_not_updated",
                  "b2_not_updated", "W2_before_delta1", "last_gradient_only", "output_fprime",
                  "sigmoid_output"]


@twinned
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
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_online_epoch
    >>> def online_epoch(params, x, t, learning_rate, rng):
    ...     raise NotImplementedError("shuffle, then one update per sample")
    >>> check_online_epoch(online_epoch).passed
    False
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
            "params_not_updated": tuple(p.copy() for p in params),
            "no_learning_rate": _epoch_variant(params, x, t, 1.0, seed),
        }
        variants.update({"epoch_" + m: _epoch_mistake(params, x, t, eta, seed, m) for m in EPOCH_MISTAKES})
        variants["epoch_fixed_learning_rate"] = [_epoch_variant(params, x, t, rate, seed)
                                                 for rate in (0.1, 0.01, 0.05, 0.5, 0.001) if rate != eta]
        data = (_("the textbook's 63 points of sin x") if k == 0
                else _("{count} random points").format(count=len(x)))
        # one message, so that the Japanese report joins its parts with 、 (not ASCII commas)
        label = _("{data}, learning_rate = {eta}, rng = default_rng({seed})").format(
            data=data, eta=eta, seed=seed)
        case = _Case(label, {"params": [p.copy() for p in params], "x": x, "t": t, "learning_rate": eta,
                             "rng": None}, expected, None, variants, 1)
        case.compare = _RngWatch(seed, len(x), expected)
        cases.append(case)
    names = ["W1", "b1", "W2", "b2"]
    checker = _Checker(_("Exercise 7b: one epoch of online training"),
                       "online_epoch(params, x, t, learning_rate, rng) -> [W1, b1, W2, b2]", names,
                       dict.fromkeys(names, "online-learning"))
    checker.nearest = True
    return checker.run(online_epoch, cases)

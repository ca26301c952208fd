"""Exercise 7a: one SGD update."""

import numpy as np

from bpteach.activations import Identity
from bpteach.exercises.engine import _Case, _Checker, twinned
from bpteach.exercises.language import _
from bpteach.layers import Dense
from bpteach.losses import SumOfSquares
from bpteach.network import Network
from bpteach.optimizers import SGD


def _effective_learning_rate(failures, output):
    """The learning rate that the learner's update steps with, measured in each failing case."""
    rates = []
    for case, *_unused, got, _numeric, _matches in failures:
        W, g, eta = case.inputs["W"], case.inputs["grad_W"], case.inputs["learning_rate"]
        if got.shape != W.shape or np.any(np.abs(g) < 1e-9):
            return None
        r = (W - got) / g
        if not np.allclose(r, r.flat[0], rtol=1e-6, atol=1e-12):
            return None
        rates.append((eta, float(r.flat[0])))
    if not rates:
        return None
    said = _(", ").join(_("{rate:.4g} where learning_rate = {eta:g}").format(rate=r, eta=eta)
                        for eta, r in rates)
    if len(rates) > 1 and np.allclose([r for _eta, r in rates], rates[0][1]):
        return _("your update steps with the same learning rate {rate:.4g} whatever learning_rate it is "
                 "given "
                 "({rates}): a learning rate written into the code instead of the argument").format(
                     rate=rates[0][1], rates=said)
    return _("your update steps with an effective learning rate of {rates}: the step is W − (that) × "
             "grad_W").format(rates=said)


@twinned
def check_sgd_update(sgd_update):
    r"""Check ``sgd_update(W, grad_W, learning_rate)``: one step of gradient descent.

    Return the updated parameter :math:`W - \eta\,\partial E/\partial W` as a
    new array of the shape of `W`, and leave `W` itself unchanged (the check
    compares the new value with the old): equation :eq:`sgd-update`.
    The same function serves the biases.

    Parameters
    ----------
    sgd_update : callable
        ``sgd_update(W, grad_W, learning_rate) -> numpy.ndarray``.

    Returns
    -------
    CheckResult
        Compared with the update that :meth:`bpteach.optimizers.SGD.step`
        applies to every parameter.

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_sgd_update
    >>> def sgd_update(W, grad_W, learning_rate):
    ...     raise NotImplementedError("write the update here")
    >>> check_sgd_update(sgd_update).passed
    False
    """
    rng = np.random.default_rng(107)
    cases = []
    for (n_in, n_out), name, eta in (((1, 3), "W", 0.1), ((1, 3), "b", 0.5), ((6, 2), "W", 0.01)):
        # bpteach's own step: SGD.step on a one-layer network holding W (or b) and its gradient
        net = Network([Dense(n_in, n_out, Identity(), rng=rng)], loss=SumOfSquares())
        layer = net.layers[0]
        W, g = rng.normal(size=getattr(layer, name).shape), rng.normal(size=getattr(layer, name).shape)
        getattr(layer, name)[...] = W
        getattr(layer, "grad_" + name)[...] = g
        SGD(eta).step(net)
        expected = getattr(layer, name).copy()
        shape = W.shape
        variants = {"plus_instead_of_minus": (W + eta * g,), "no_learning_rate": (W - g,),
                    "step_only": (-eta * g,), "learning_rate_twice": (W - 2 * eta * g,),
                    "learning_rate_squared": (W - eta * eta * g,), "divided_by_learning_rate": (W - g / eta,),
                    "sgd_roles_swapped": (g - eta * W,),
                    "sgd_divided_by_rows": (None if len(W) == 1 else W - eta * g / len(W),)}
        label = _("{name} of shape {shape}, learning_rate = {eta}").format(name=name, shape=shape, eta=eta)
        cases.append(_Case(label,
                           {"W": W, "grad_W": g, "learning_rate": eta}, (expected,), None, variants, 1,
                           quantities=(({"W": W, "grad_W": g}, "W - learning_rate * grad_W"),)))
    checker = _Checker(_("Exercise 7a: one SGD update"), "sgd_update(W, grad_W, learning_rate) -> W_new",
                       ["new W"], {"new W": "sgd-update"}, tuple_output=False,
                       measure=_effective_learning_rate)
    return checker.run(sgd_update, cases)

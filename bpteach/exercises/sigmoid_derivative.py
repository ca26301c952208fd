"""Exercise 1: the sigmoid's derivative, written with its output."""

import numpy as np

from bpteach.activations import Sigmoid
from bpteach.exercises.engine import _batch_label, _Case, _central, _Checker, twinned
from bpteach.exercises.language import _, ngettext


def _saturated_only(failures, output):
    """Wrong only where the neuron saturates (y near 0 or 1): a clipped or special-cased y."""
    for case, _message, expected, got, *_unused in failures:
        y = case.inputs["y"]
        if got.shape != y.shape:
            return None
        wrong = ~np.isclose(got, expected, rtol=1e-7, atol=1e-10)
        if not wrong.any() or np.any(wrong & (np.abs(y - 0.5) < 0.45)):
            return None
    return _("{output} is wrong only where y is close to 0 or 1 (saturated neurons, |u| large), right "
             "elsewhere: does it clip y or treat those values apart? y (1 − y) holds for every y in (0, 1), "
             "and its small values there are what makes a saturated neuron learn "
             "slowly").format(output=output)


@twinned
def check_sigmoid_derivative(sigmoid_derivative):
    r"""Check ``sigmoid_derivative(y)``, the sigmoid's derivative written with its output.

    Your function receives :math:`y = \sigma(u)` (any shape) and must return
    :math:`\sigma'(u)` as an array of the same shape, written with :math:`y`
    alone: equation :eq:`sigmoid-derivative`.

    Parameters
    ----------
    sigmoid_derivative : callable
        ``sigmoid_derivative(y) -> numpy.ndarray``, `y` float64 of shape (N, n).

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.activations.Sigmoid.derivative` and with
        central differences of :math:`\sum\sigma(u)`.

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_sigmoid_derivative
    >>> def sigmoid_derivative(y):
    ...     raise NotImplementedError("write the derivative here")
    >>> check_sigmoid_derivative(sigmoid_derivative).passed
    False
    """
    rng = np.random.default_rng(101)
    cases = []
    # the last case: saturated neurons (|u| >= 6, σ′ below 0.0025), where clipping y shows
    saturated = np.array([[-9.0, -6.0, 0.5], [6.5, 8.0, -7.0]])
    for n, width in ((1, 3), (5, 3), (4, 1), (2, 3)):
        u = rng.normal(scale=2.0, size=(n, width)) if n != 2 else saturated
        y = Sigmoid().forward(u)
        s = Sigmoid().forward(y)
        numeric = _central(lambda u=u: float(np.sum(Sigmoid().forward(u))), u)
        label = _batch_label(n) + ngettext(", {count} neuron", ", {count} neurons", width).format(count=width)
        cases.append(_Case(label + (_(", saturated (|u| ≥ 6 in {count} entries)").format(
                                        count=int(np.sum(np.abs(u) >= 6))) if n == 2 else ""),
                           {"y": y}, (Sigmoid().derivative(y),), (numeric,),
                           {"derivative_at_u": (s * (1 - s),), "tanh_derivative": (1 - y * y,)}, n,
                           quantities=(({"y": y, "1 - y": 1 - y}, "y * (1 - y)"),)))
    checker = _Checker(_("Exercise 1: the sigmoid's derivative, written with its output"),
                       "sigmoid_derivative(y) -> σ′(u)", ["σ′(u)"],
                       {"σ′(u)": "sigmoid-derivative"}, tuple_output=False, measure=_saturated_only)
    return checker.run(sigmoid_derivative, cases)


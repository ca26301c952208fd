"""Exercise 1: the sigmoid's derivative, written with its output."""

import numpy as np

from bpteach.activations import Sigmoid
from bpteach.exercises.engine import _batch_label, _Case, _central, _Checker


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
    >>> from bpteach.exercises import check_sigmoid_derivative
    >>> check_sigmoid_derivative(lambda y: y * (1 - y)).passed
    True
    """
    rng = np.random.default_rng(101)
    cases = []
    for n, width in ((1, 3), (5, 3), (4, 1)):
        u = rng.normal(scale=2.0, size=(n, width))
        y = Sigmoid().forward(u)
        s = Sigmoid().forward(y)
        numeric = _central(lambda u=u: float(np.sum(Sigmoid().forward(u))), u)
        cases.append(_Case(_batch_label(n) + f", {width} neuron{'s' if width > 1 else ''}",
                           {"y": y}, (Sigmoid().derivative(y),), (numeric,),
                           {"derivative_at_u": (s * (1 - s),), "tanh_derivative": (1 - y * y,)}, n,
                           quantities=(({"y": y, "1 - y": 1 - y}, "y * (1 - y)"),)))
    checker = _Checker("Exercise 1: the sigmoid's derivative, written with its output",
                       "sigmoid_derivative(y) -> σ′(u), same shape as y", ["σ′(u)"],
                       {"σ′(u)": "sigmoid-derivative"}, tuple_output=False)
    return checker.run(sigmoid_derivative, cases)


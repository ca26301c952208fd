"""Exercise 3: the softmax's backward pass."""

import numpy as np

from bpteach.activations import Softmax
from bpteach.exercises.engine import _batch_label, _Case, _central, _Checker, twinned
from bpteach.exercises.language import _


@twinned
def check_softmax_backward(softmax_backward):
    r"""Check ``softmax_backward(y, grad_y)``: the error signal δ from ∂E/∂y through a softmax.

    Equation :eq:`delta-softmax`, row by row: `y` is the softmax output
    (N, n), `grad_y` is :math:`\partial E/\partial y` (N, n), and the result
    :math:`\delta` has shape (N, n).

    Parameters
    ----------
    softmax_backward : callable
        ``softmax_backward(y, grad_y) -> numpy.ndarray`` of shape (N, n).

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.activations.Softmax.backward` and with
        central differences of :math:`E = \sum g \odot \mathrm{softmax}(u)`.

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_softmax_backward
    >>> def softmax_backward(y, grad_y):
    ...     raise NotImplementedError("write delta here")
    >>> check_softmax_backward(softmax_backward).passed
    False
    """
    rng = np.random.default_rng(103)
    cases = []
    for n, width in ((1, 3), (5, 4), (4, 4)):
        u, g = rng.normal(size=(n, width)), rng.normal(size=(n, width))
        y = Softmax().forward(u)
        numeric = _central(lambda u=u, g=g: float(np.sum(g * Softmax().forward(u))), u)
        variants = {
            "softmax_elementwise": (g * y * (1 - y),),
            "softmax_sum_over_batch": (y * (g - (g * y).sum(axis=0, keepdims=True)),),
            "softmax_sum_all": (y * (g - (g * y).sum()),),
            "missing_y_factor": (g - (g * y).sum(axis=1, keepdims=True),),
            "softmax_sum_without_y": (y * (g - g.sum(axis=1, keepdims=True)),),
            "softmax_y_on_first_term_only": (y * g - (g * y).sum(axis=1, keepdims=True),),
        }
        if n == width:
            variants["softmax_no_keepdims"] = (y * (g - (g * y).sum(axis=1)),)
        label = _batch_label(n) + _(", {count} outputs").format(count=width) + (_(" (square)") if n == width
                                                                              else "")
        expected = Softmax().backward(y, g)
        right = "y * (grad_y - (grad_y * y).sum(axis=1, keepdims=True))"
        cases.append(_Case(label, {"y": y, "grad_y": g}, (expected,), (numeric,), variants, n,
                           quantities=(({"y": y, "grad_y": g, "grad_y * y": g * y}, right),)))
    checker = _Checker(_("Exercise 3: the softmax's backward pass"), "softmax_backward(y, grad_y) -> delta",
                       ["delta"], {"delta": "delta-softmax"}, tuple_output=False)
    return checker.run(softmax_backward, cases)


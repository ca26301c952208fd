"""Exercise 5: the δ recursion through a hidden layer."""

import numpy as np

from bpteach.activations import Identity, Sigmoid
from bpteach.exercises.engine import _batch_label, _Case, _central, _Checker, twinned
from bpteach.exercises.language import _
from bpteach.layers import Dense


@twinned
def check_hidden_delta(hidden_delta):
    r"""Check ``hidden_delta(delta, W, y)``: the error signal of a sigmoid hidden layer.

    `delta` is the error signal of the layer above (N, n_out), `W` that
    layer's weights (n_hidden, n_out), `y` the hidden layer's sigmoid output
    (N, n_hidden). Return :math:`\delta` of the hidden layer, shape
    (N, n_hidden): equation :eq:`delta-recursion`.

    Parameters
    ----------
    hidden_delta : callable
        ``hidden_delta(delta, W, y) -> numpy.ndarray`` of shape (N, n_hidden).

    Returns
    -------
    CheckResult
        Compared with bpteach's backward pass (:meth:`Dense.backward_delta
        <bpteach.layers.Dense.backward_delta>` of the layer above, then
        :meth:`Sigmoid.backward <bpteach.activations.Sigmoid.backward>`) and
        with central differences of :math:`E = \sum \delta \odot (\sigma(u) W)`.

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_hidden_delta
    >>> def hidden_delta(delta, W, y):
    ...     raise NotImplementedError("write the hidden delta here")
    >>> check_hidden_delta(hidden_delta).passed
    False
    """
    rng = np.random.default_rng(105)
    cases = []
    for n, n_hidden, n_out in ((1, 3, 1), (5, 3, 2), (3, 3, 3)):
        above = Dense(n_hidden, n_out, Identity(), rng=rng, wb_width=1.0)
        u = rng.normal(size=(n, n_hidden))
        y = Sigmoid().forward(u)
        d = rng.normal(size=(n, n_out))
        above.forward(y)
        grad_y = above.backward_delta(d)
        expected = Sigmoid().backward(y, grad_y)
        W = above.W.copy()
        numeric = _central(lambda u=u, d=d, W=W: float(np.sum(d * (Sigmoid().forward(u) @ W))), u)
        s = Sigmoid().forward(y)
        variants = {
            "missing_fprime": (d @ W.T,),
            "derivative_at_u": ((d @ W.T) * s * (1 - s),),
            "W_not_transposed": (None if n_hidden != n_out else (d @ W) * y * (1 - y),),
            "fprime_one_factor": [((d @ W.T) * y,), ((d @ W.T) * (1 - y),)],
            "tanh_derivative": ((d @ W.T) * (1 - y ** 2),),
        }
        label = _("{batch}, n_hidden = {n_hidden}, n_out = {n_out}").format(
            batch=_batch_label(n), n_hidden=n_hidden, n_out=n_out) + (
            _(" (square)") if n_hidden == n_out else "")
        quantities = ({"delta": d, "W": W, "y": y, "y * (1 - y)": y * (1 - y), "delta @ W.T": d @ W.T,
                       "1 - y ** 2": 1 - y ** 2}, "(delta @ W.T) * y * (1 - y)")
        cases.append(_Case(label, {"delta": d, "W": W, "y": y}, (expected,), (numeric,), variants, n,
                           quantities=(quantities,)))
    checker = _Checker(_("Exercise 5: the δ recursion through a hidden layer"),
                       "hidden_delta(delta, W, y) -> delta of the hidden layer", ["delta"],
                       {"delta": "delta-recursion"}, tuple_output=False)
    return checker.run(hidden_delta, cases)


"""Exercise 6: the whole backward pass of the 1-3-1 network."""

import numpy as np

from bpteach.activations import Identity, Sigmoid
from bpteach.exercises.engine import _Case, _central, _Checker, twinned
from bpteach.exercises.language import _
from bpteach.layers import Dense
from bpteach.losses import SumOfSquares
from bpteach.network import Network


def _network_131(W1, b1, W2, b2):
    """bpteach's 1-3-1 network with the given parameters (copied in)."""
    net = Network([Dense(1, 3, Sigmoid(), rng=np.random.default_rng(0)),
                   Dense(3, 1, Identity(), rng=np.random.default_rng(0))], loss=SumOfSquares())
    for layer, (W, b) in zip(net.layers, ((W1, b1), (W2, b2))):
        layer.W[...] = W
        layer.b[...] = b
    return net


def network_131_gradients(x, t, W1, b1, W2, b2):
    r"""The four gradients of the 1-3-1 network for one sample, computed by bpteach's own network.

    What :func:`check_backward_131` compares a learner's ``backward_131`` with
    (:meth:`bpteach.network.Network.backward` on a copy of the parameters). Exercise 7
    lets a learner call it in place of a backward pass of their own: its code calls
    bpteach's layers, it does not spell out exercise 6's formulas.

    Parameters
    ----------
    x, t : ndarray, shape (1, 1)
        One sample and its target.
    W1 : ndarray, shape (1, 3)
    b1 : ndarray, shape (3,)
    W2 : ndarray, shape (3, 1)
    b2 : ndarray, shape (1,)
        The parameters, copied (they are not changed).

    Returns
    -------
    tuple of ndarray
        ``(grad_W1, grad_b1, grad_W2, grad_b2)``, each of its parameter's shape,
        new arrays (:eq:`net131-grad-W2`, :eq:`net131-grad-W1`).

    Raises
    ------
    ValueError
        From :class:`bpteach.network.Network` when `x` or `t` is not (N, 1), with
        the shape it got.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.exercises import network_131_gradients
    >>> grads = network_131_gradients(np.ones((1, 1)), np.zeros((1, 1)), np.ones((1, 3)),
    ...                               np.zeros(3), np.ones((3, 1)), np.zeros(1))
    >>> [g.shape for g in grads]
    [(1, 3), (3,), (3, 1), (1,)]
    """
    net = _network_131(W1, b1, W2, b2)
    net.forward(x)
    net.backward(t)
    return tuple(g.copy() for layer in net.layers for g in (layer.grad_W, layer.grad_b))


def _wrong_backward_131(x, t, W1, b1, W2, b2, *, back=None, fprime="y", output_fprime=False, sum_b=True,
                        delta2_is_error=False, output_sigmoid=False, no_b1=False, no_b2=False):
    """A backward pass of the 1-3-1 network with one deliberate mistake (for the diagnoses)."""
    y1 = Sigmoid().forward(x @ W1 + (0.0 if no_b1 else b1))
    y = y1 @ W2 + (0.0 if no_b2 else b2)
    if output_sigmoid:
        y = Sigmoid().forward(y)
    delta2 = 0.5 * (y - t) ** 2 if delta2_is_error else y - t
    if output_fprime:
        delta2 = delta2 * y * (1 - y)
    back_W = W2.T if back is None else back
    grad_y1 = delta2 @ back_W
    if fprime == "y":
        delta1 = grad_y1 * y1 * (1 - y1)
    elif fprime == "u":
        s = Sigmoid().forward(y1)
        delta1 = grad_y1 * s * (1 - s)
    elif fprime == "u formula":  # u1 (1 − u1)
        u1 = x @ W1 + (0.0 if no_b1 else b1)
        delta1 = grad_y1 * u1 * (1 - u1)
    elif fprime == "output y":  # the output layer's y (1 − y) in δ1
        delta1 = grad_y1 * y * (1 - y)
    elif fprime == "tanh":
        delta1 = grad_y1 * (1 - y1 ** 2)
    elif fprime == "only y":
        delta1 = grad_y1 * y1
    elif fprime == "only 1 - y":
        delta1 = grad_y1 * (1 - y1)
    else:
        delta1 = grad_y1
    sum_ = (lambda d: d.sum(axis=0)) if sum_b else (lambda d: d)
    return x.T @ delta1, sum_(delta1), y1.T @ delta2, sum_(delta2)


@twinned
def check_backward_131(backward_131):
    r"""Check ``backward_131(x, t, W1, b1, W2, b2)``: every gradient of the 1-3-1 network for one sample.

    The textbook's regression network: a sigmoid hidden layer of 3 neurons
    and an identity output, with the sum-of-squares error. `x` and `t` have
    shape (1, 1); `W1` (1, 3), `b1` (3,), `W2` (3, 1), `b2` (1,). Run the
    forward pass, then return ``(grad_W1, grad_b1, grad_W2, grad_b2)``, each
    of the shape of its parameter: equations :eq:`net131-grad-W2`,
    :eq:`net131-delta1` and :eq:`net131-grad-W1`.

    Parameters
    ----------
    backward_131 : callable
        ``backward_131(x, t, W1, b1, W2, b2) -> (grad_W1, grad_b1, grad_W2, grad_b2)``.

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.network.Network.backward` and with
        central differences of :math:`E`.

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_backward_131
    >>> def backward_131(x, t, W1, b1, W2, b2):
    ...     raise NotImplementedError("write the forward and the backward pass here")
    >>> check_backward_131(backward_131).passed
    False
    """
    rng = np.random.default_rng(106)
    cases = []
    for k in range(3):
        W1, b1 = rng.normal(size=(1, 3)), rng.normal(size=3)
        W2, b2 = rng.normal(size=(3, 1)), rng.normal(size=1)
        x, t = rng.uniform(-1, 1, size=(1, 1)), rng.uniform(-1, 1, size=(1, 1))
        net = _network_131(W1, b1, W2, b2)
        net.forward(x)
        net.backward(t)
        expected = tuple(g.copy() for layer in net.layers for g in (layer.grad_W, layer.grad_b))

        def error(net=net, x=x, t=t):
            net.forward(x)
            return net.error(t)

        numeric = tuple(_central(error, p) for layer in net.layers for p in (layer.W, layer.b))
        args = (x, t, W1, b1, W2, b2)
        variants = {
            "wrong_weight_matrix": _wrong_backward_131(*args, back=W1),
            "missing_fprime": _wrong_backward_131(*args, fprime=None),
            "derivative_at_u": _wrong_backward_131(*args, fprime="u"),
            "identity_fprime": _wrong_backward_131(*args, output_fprime=True),
            "missing_batch_sum": _wrong_backward_131(*args, sum_b=False),
            "tanh_derivative": _wrong_backward_131(*args, fprime="tanh")[:2] + (None, None),
            "fprime_of_u_formula": _wrong_backward_131(*args, fprime="u formula")[:2] + (None, None),
            "fprime_of_output_layer": _wrong_backward_131(*args, fprime="output y")[:2] + (None, None),
            "fprime_one_factor": [_wrong_backward_131(*args, fprime=f)[:2] + (None, None)
                                  for f in ("only y", "only 1 - y")],
            "error_not_gradient": _wrong_backward_131(*args, delta2_is_error=True),
            "forward_output_sigmoid": _wrong_backward_131(*args, output_sigmoid=True),
            "forward_without_b1": _wrong_backward_131(*args, no_b1=True),
            "forward_without_b2": _wrong_backward_131(*args, no_b2=True),
            # the backward pass of a sigmoid output layer, consistent with its own forward pass
            "sigmoid_output_layer": _wrong_backward_131(*args, output_sigmoid=True, output_fprime=True),
        }
        variants["wrong_weight_matrix"] = variants["wrong_weight_matrix"][:2] + (None, None)
        variants["missing_fprime"] = variants["missing_fprime"][:2] + (None, None)
        variants["derivative_at_u"] = variants["derivative_at_u"][:2] + (None, None)
        y1 = Sigmoid().forward(x @ W1 + b1)
        d2 = y1 @ W2 + b2 - t
        d1 = (d2 @ W2.T) * y1 * (1 - y1)
        known = {"x": x, "u1": x @ W1 + b1, "y1": y1, "delta1": d1, "delta2": d2, "W1": W1, "W2": W2}
        quantities = ((known, "x.T @ delta1"), (known, "delta1.sum(axis=0)"), (known, "y1.T @ delta2"),
                      (known, "delta2.sum(axis=0)"))
        cases.append(_Case(_("one sample, parameters drawn from seed {seed}").format(seed=k),
                           {"x": x, "t": t, "W1": W1, "b1": b1, "W2": W2, "b2": b2},
                           expected, numeric, variants, 1, quantities=quantities))
    names = ["grad_W1", "grad_b1", "grad_W2", "grad_b2"]
    checker = _Checker(_("Exercise 6: the backward pass of the 1-3-1 network"),
                       "backward_131(x, t, W1, b1, W2, b2) -> (grad_W1, grad_b1, grad_W2, grad_b2)", names,
                       {"grad_W1": "net131-delta1", "grad_b1": "net131-delta1",
                        "grad_W2": "net131-grad-W2", "grad_b2": "net131-grad-W2"})
    return checker.run(backward_131, cases)


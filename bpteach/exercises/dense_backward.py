"""Exercise 4: the dense layer's three gradients."""

import numpy as np

from bpteach.activations import Identity
from bpteach.exercises.engine import _batch_label, _Case, _central, _Checker, twinned
from bpteach.exercises.language import _
from bpteach.layers import Dense


def _product(a, b):
    """a @ b if the shapes allow it, else None (a mistake that cannot occur with these shapes)."""
    return a @ b if a.shape[-1] == b.shape[0] else None


@twinned
def check_dense_backward(dense_backward):
    r"""Check ``dense_backward(x, W, delta)``: a dense layer's three gradients for a batch.

    Given the layer input `x` (N, n_in), its weights `W` (n_in, n_out) and
    the error signal `delta` :math:`= \partial E/\partial u` (N, n_out),
    return ``(grad_W, grad_b, grad_x)`` of shapes (n_in, n_out), (n_out,)
    and (N, n_in): equations :eq:`dense-gradients`.

    Parameters
    ----------
    dense_backward : callable
        ``dense_backward(x, W, delta) -> (grad_W, grad_b, grad_x)``.

    Returns
    -------
    CheckResult
        Compared with :meth:`bpteach.layers.Dense.backward_delta` and with
        central differences of :math:`E = \sum \delta \odot (xW + b)`.

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the
    reference solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_dense_backward
    >>> def dense_backward(x, W, delta):
    ...     raise NotImplementedError("write grad_W, grad_b and grad_x here")
    >>> check_dense_backward(dense_backward).passed
    False
    """
    rng = np.random.default_rng(104)
    cases = []
    for n, n_in, n_out in ((1, 2, 3), (5, 3, 2), (4, 4, 4)):
        layer = Dense(n_in, n_out, Identity(), rng=rng, wb_width=1.0)
        x, d = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))
        layer.forward(x)
        layer.backward_delta(d)
        expected = (layer.grad_W.copy(), layer.grad_b.copy(), layer.grad_x.copy())
        W, b = layer.W.copy(), layer.b.copy()

        def energy(x=x, W=W, b=b, d=d):
            return float(np.sum(d * (x @ W + b)))

        numeric = (_central(energy, W), _central(energy, b), _central(energy, x))
        per_sample = x[:, :, None] * d[:, None, :]
        variants = {
            "x_deltaT": (_product(x, d.T), None, None),
            "delta_xT": (_product(d, x.T), None, None),
            "W_not_transposed": (None, None, _product(d, W)),
            "elementwise_product": (x.T * d if x.T.shape == d.shape else None, None,
                                    d * W.T if d.shape == W.T.shape else None),
            "missing_batch_sum": (None, d, None),
            "per_sample_not_summed": (per_sample, None, None),
            "first_sample_only": ((x[:1].T @ d[:1], d[0], None) if n > 1 else (None, None, None)),
            "last_sample_only": ((x[-1:].T @ d[-1:], d[-1], None) if n > 1 else (None, None, None)),
            "sum_all": (None, np.asarray(d.sum()), None),
            "sum_wrong_axis": (None, d.sum(axis=1), None),
            "bias_keepdims": (None, d.sum(axis=0, keepdims=True), None),
        }
        label = _("{batch}, n_in = {n_in}, n_out = {n_out}").format(
            batch=_batch_label(n), n_in=n_in, n_out=n_out) + (
            _(" (square)") if n == n_in == n_out else "")
        quantities = (({"x": x, "delta": d, "W": W}, "x.T @ delta"),
                      ({"delta": d, "x": x}, "delta.sum(axis=0)"),
                      ({"delta": d, "W": W, "x": x}, "delta @ W.T"))
        cases.append(_Case(label, {"x": x, "W": W, "delta": d}, expected, numeric, variants, n,
                           quantities=quantities))
    checker = _Checker(_("Exercise 4: the dense layer's three gradients"),
                       "dense_backward(x, W, delta) -> (grad_W, grad_b, grad_x)",
                       ["grad_W", "grad_b", "grad_x"],
                       dict.fromkeys(["grad_W", "grad_b", "grad_x"], "dense-gradients"))
    return checker.run(dense_backward, cases)


r"""Checking gradients with central differences.

A hand-derived gradient is easy to get subtly wrong. The derivative of a
scalar function :math:`E(w)` can also be *estimated* from two evaluations:

.. math::
   :label: central-difference

   \frac{\partial E}{\partial w_i} \approx
   \frac{E(w + \varepsilon e_i) - E(w - \varepsilon e_i)}{2\varepsilon},

where :math:`e_i` is the :math:`i`-th unit vector. By Taylor's theorem the
error of this estimate is :math:`O(\varepsilon^2)` (the one-sided
difference has :math:`O(\varepsilon)`). Rounding adds an error of about
:math:`\rho\,|E|/\varepsilon`, where the unit roundoff :math:`\rho` is
:math:`2^{-53}\approx 1.1\times10^{-16}` in float64;
:math:`\varepsilon = 10^{-6}` balances the two. In float32
(:math:`\rho = 2^{-24}\approx 6\times10^{-8}`) no :math:`\varepsilon`
gives more than a few correct digits, so everything here is computed in
float64.

The analytic gradient :math:`g` and the estimate :math:`\hat g` are compared
by their **relative error**

.. math::
   :label: relative-error

   r = \frac{\lVert g - \hat g\rVert_2}{\max(\lVert g\rVert_2 + \lVert\hat g\rVert_2,\ 10^{-300})},

which does not depend on the scale of :math:`E`.

Tolerance
---------
The test suite and the examples accept a gradient when
:math:`r <` :data:`TOLERANCE` :math:`= 10^{-7}`. Over 1300 checks of
bpteach's own (correct) gradients, for every activation, layer and both
textbook networks at random points with weights of order 1, :math:`r` had
a median of :math:`1.9\times10^{-10}` and a maximum of
:math:`1.0\times10^{-8}`. A wrong derivative (the sigmoid's :math:`y`
instead of :math:`y(1-y)`) gave :math:`r = 0.52`, and a derivative off by
just 0.1 % gave :math:`5\times10^{-4}`. Two cases need care:
:math:`r` is meaningless where the true gradient is zero up to rounding
(a saturated sigmoid, or :math:`E` at its minimum), because it then
compares two roundings; and central differences straddling a kink, such
as ReLU's at :math:`u = 0`, are wrong by construction.

Precision
---------
Every function here works in float64 only. Arrays of integers or booleans
are converted (exactly); float16 and float32 arrays are refused with a
message saying how to convert them, because central differences computed
in them have few correct digits: for the sigmoid's correct gradient,
computed in float32, :math:`r` was :math:`0.07` with
:math:`\varepsilon = 10^{-6}` and at best :math:`9\times10^{-6}` (with
:math:`\varepsilon = 10^{-2}`), always above the tolerance. Arguments are
checked like those of bpteach's other entry points: shapes, finiteness, and
one-hot targets for cross-entropy.

Examples
--------
Equation :eq:`central-difference` for :math:`E = \sum_i w_i^3`, whose
derivative is :math:`3w_i^2`, compared by :eq:`relative-error`:

>>> import numpy as np
>>> from bpteach.gradcheck import numerical_gradient, relative_error
>>> w = np.array([1.0, -2.0, 0.5])
>>> estimate = numerical_gradient(lambda: float(np.sum(w ** 3)), w)
>>> relative_error(3 * w ** 2, estimate) < 1e-9
True

Equation :eq:`relative-error` itself, and the :math:`O(\varepsilon^2)`
error of :eq:`central-difference`: with a ten times smaller step, the
estimate of :math:`(w^3)' = 3` at :math:`w = 1` is a hundred times closer:

>>> g, g_hat = np.array([3.0, 4.0]), np.array([3.0, 4.5])
>>> bool(np.isclose(relative_error(g, g_hat), 0.5 / (5.0 + np.hypot(3.0, 4.5))))
True
>>> one = np.array([1.0])
>>> far, near = (abs(numerical_gradient(lambda: float(one[0] ** 3), one, eps)[0] - 3.0)
...              for eps in (1e-2, 1e-3))
>>> bool(np.isclose(far / near, 100.0, rtol=1e-3))
True
"""

import numbers

import numpy as np

from bpteach._validation import as_float_array, check_data, check_generator, check_positive_float

__all__ = [
    "EPSILON",
    "TOLERANCE",
    "numerical_gradient",
    "relative_error",
    "check_activation",
    "check_loss",
    "check_layer",
    "check_network",
]

#: Default step :math:`\varepsilon` of the central difference.
EPSILON = 1e-6

#: The relative error :eq:`relative-error` below which a gradient is accepted.
TOLERANCE = 1e-7


def _refuse_other_floats(array, name):
    try:
        dtype = np.asarray(array).dtype
    except ValueError:
        return  # ragged rows: check_data explains
    if dtype.kind == "f" and dtype != np.float64:
        raise TypeError(
            f"{name} has dtype {dtype}, but a gradient check computes in float64 only "
            f"(central differences in lower precision have few correct digits); "
            f"pass {name}.astype(np.float64)"
        )


def _float64(array, name, n_columns=None, what=None):
    """Return `array` as a checked 2-D float64 array (a copy if it was converted)."""
    _refuse_other_floats(array, name)
    return check_data(array, name, n_columns, what)


def _instance(obj, name, example):
    if isinstance(obj, type):
        raise TypeError(
            f"{name} must be an instance such as {example}, got the class {obj.__name__} "
            "(did you forget the parentheses?)"
        )


def _same_shape(array, shape, name, expected):
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape} ({expected}), got shape {array.shape}")


def numerical_gradient(f, w, eps=EPSILON):
    r"""Estimate :math:`\partial f/\partial w` by central differences, :eq:`central-difference`.

    Parameters
    ----------
    f : callable
        Takes no argument and returns a float that depends on `w`.
    w : numpy.ndarray of float64
        The array to differentiate with respect to. Each element is
        perturbed in place and restored exactly afterwards.
    eps : float, optional
        The step :math:`\varepsilon` (default :math:`10^{-6}`).

    Returns
    -------
    numpy.ndarray of float64, same shape as `w`

    Raises
    ------
    TypeError
        If `f` is not callable or does not return a number, if `w` is not
        a float64 NumPy array, or `eps` not a number.
    ValueError
        If `w` cannot be perturbed in place (read-only or not contiguous),
        if `f` returns NaN or infinity, or if `eps` is not > 0.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of no arguments that returns the error, got {f!r}")
    if not isinstance(w, np.ndarray):
        raise TypeError(
            f"w must be the float64 NumPy array that f reads (it is perturbed in place), "
            f"got {type(w).__name__}"
        )
    _refuse_other_floats(w, "w")
    if w.dtype != np.float64:
        raise TypeError(f"w must be a float64 array (it is perturbed in place), got dtype {w.dtype}")
    eps = check_positive_float(eps, "eps")
    grad = np.empty_like(w)
    flat_w, flat_grad = w.reshape(-1), grad.reshape(-1)
    if not w.flags.writeable or not np.shares_memory(flat_w, w):
        raise ValueError("w must be a writeable, contiguous array so that it can be perturbed in place")
    value = f()
    if isinstance(value, bool) or not isinstance(value, numbers.Real | np.ndarray) or np.ndim(value) != 0:
        raise TypeError(f"f must return a single number (the error E), got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"f returned {float(value)} at the unperturbed w; E must be finite")
    for i in range(flat_w.size):
        original = flat_w[i]
        flat_w[i] = original + eps
        f_plus = f()
        flat_w[i] = original - eps
        f_minus = f()
        flat_w[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    r"""Relative error :eq:`relative-error` between two gradients.

    Parameters
    ----------
    analytic, numeric : array_like
        Gradients of the same shape.

    Returns
    -------
    float
        0 when both are zero.

    Examples
    --------
    >>> from bpteach.gradcheck import relative_error
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    """
    analytic, numeric = as_float_array(analytic, "analytic"), as_float_array(numeric, "numeric")
    if analytic.shape != numeric.shape:
        raise ValueError(f"gradients differ in shape: {analytic.shape} and {numeric.shape}")
    norm = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / max(norm, 1e-300))


def check_activation(activation, u, grad_y=None, *, rng=None, eps=EPSILON):
    r"""Check an activation's :meth:`~bpteach.activations.Activation.backward`.

    Compares :math:`\delta` from ``activation.backward(y, grad_y)`` with the
    central-difference gradient of :math:`E(u) = \sum g \odot f(u)`, whose
    exact gradient is :math:`\delta` for :math:`\partial E/\partial y = g`.

    Parameters
    ----------
    activation : bpteach.activations.Activation
    u : numpy.ndarray of float64, shape (N, n)
        Where to check.
    grad_y : numpy.ndarray of float64, shape (N, n), optional
        Upstream gradient :math:`g`; random if omitted.
    rng : numpy.random.Generator, optional
        Used to draw `grad_y` (default ``default_rng(0)``).
    eps : float, optional

    Returns
    -------
    float
        The relative error :eq:`relative-error`.
    """
    _instance(activation, "activation", "Sigmoid()")
    u = _float64(u, "u").copy()
    eps = check_positive_float(eps, "eps")
    grad_y = _upstream(grad_y, u.shape, rng, "u")
    delta = activation.backward(activation.forward(u), grad_y)
    numeric = numerical_gradient(lambda: float(np.sum(grad_y * activation.forward(u))), u, eps)
    return relative_error(delta, numeric)


def check_loss(loss, y, t, *, eps=EPSILON):
    r"""Check a loss's :meth:`~bpteach.losses.Loss.gradient` :math:`\partial E/\partial y`.

    Parameters
    ----------
    loss : bpteach.losses.Loss
    y : numpy.ndarray of float64, shape (N, n)
        Where to check (probabilities for cross-entropy).
    t : numpy.ndarray of float64, shape (N, n)
        Targets.
    eps : float, optional

    Returns
    -------
    float
        The relative error :eq:`relative-error`.
    """
    _instance(loss, "loss", "SumOfSquares()")
    y = _float64(y, "y").copy()
    eps = check_positive_float(eps, "eps")
    _refuse_other_floats(t, "t")
    t = loss.check_targets(t, y.shape[1])
    _same_shape(t, y.shape, "t", "the shape of y")
    numeric = numerical_gradient(lambda: loss(y, t), y, eps)
    return relative_error(loss.gradient(y, t), numeric)


def check_layer(layer, x, grad_y=None, *, rng=None, eps=EPSILON):
    r"""Check a layer's gradients with respect to :math:`W`, :math:`b` and :math:`x`.

    Uses :math:`E = \sum g \odot y` for an upstream gradient :math:`g`
    (random if not given), so that :math:`\partial E/\partial y = g`.

    Parameters
    ----------
    layer : bpteach.layers.Dense
    x : numpy.ndarray of float64, shape (N, n_in)
    grad_y : numpy.ndarray of float64, shape (N, n_out), optional
    rng : numpy.random.Generator, optional
        Used to draw `grad_y` (default ``default_rng(0)``).
    eps : float, optional

    Returns
    -------
    dict of str to float
        Relative error for ``"W"``, ``"b"`` and ``"x"``.
    """
    x = _float64(x, "x", layer.n_in, f"one per layer input (n_in={layer.n_in})").copy()
    eps = check_positive_float(eps, "eps")
    grad_y = _upstream(grad_y, (x.shape[0], layer.n_out), rng, "the layer output")
    layer.forward(x)
    layer.backward(grad_y)
    analytic = {"W": layer.grad_W.copy(), "b": layer.grad_b.copy(), "x": layer.grad_x.copy()}

    def energy():
        return float(np.sum(grad_y * layer.forward(x)))

    arrays = {"W": layer.W, "b": layer.b, "x": x}
    return {
        name: relative_error(analytic[name], numerical_gradient(energy, arrays[name], eps))
        for name in arrays
    }


def check_network(network, x, t, *, eps=EPSILON):
    r"""Check every gradient of a whole network against central differences of :math:`E`.

    Parameters
    ----------
    network : bpteach.network.Network
    x : numpy.ndarray of float64, shape (N, n_in)
    t : numpy.ndarray of float64, shape (N, n_out)
    eps : float, optional

    Returns
    -------
    dict of str to float
        Relative error per parameter, keyed ``"W1"``, ``"b1"``, ``"W2"``, …
        (layers counted from 1, as in the docs), and ``"x"`` for the input.
    """
    x = _float64(x, "x", network.n_in, f"one per network input (n_in={network.n_in})").copy()
    eps = check_positive_float(eps, "eps")
    _refuse_other_floats(t, "t")
    t = network.loss.check_targets(t, network.n_out)
    _same_shape(t, (x.shape[0], network.n_out), "t", "one row per row of x")
    network.forward(x)
    grad_x = network.backward(t)
    analytic = {"x": grad_x.copy()}
    arrays = {"x": x}
    for number, layer in enumerate(network.layers, start=1):
        analytic[f"W{number}"] = layer.grad_W.copy()
        analytic[f"b{number}"] = layer.grad_b.copy()
        arrays[f"W{number}"] = layer.W
        arrays[f"b{number}"] = layer.b

    def error():
        network.forward(x)
        return network.error(t)

    return {
        name: relative_error(analytic[name], numerical_gradient(error, arrays[name], eps))
        for name in arrays
    }


def _upstream(grad_y, shape, rng, of):
    """Return the upstream gradient: checked if given, else random normal."""
    if grad_y is None:
        rng = np.random.default_rng(0) if rng is None else check_generator(rng)
        return rng.normal(size=shape)
    grad_y = _float64(grad_y, "grad_y")
    _same_shape(grad_y, shape, "grad_y", f"the shape of {of}")
    return grad_y

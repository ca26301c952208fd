r"""Checking gradients with central differences.

A hand-derived gradient is easy to get subtly wrong. The derivative of a
scalar function :math:`E(w)` can also be *estimated* from two evaluations:

.. math::

   \frac{\partial E}{\partial w_i} \approx
   \frac{E(w + \varepsilon e_i) - E(w - \varepsilon e_i)}{2\varepsilon},

equation :eq:`central-difference`, where :math:`e_i` is the :math:`i`-th unit
vector (1 in entry :math:`i`, 0 elsewhere). By Taylor's theorem the
truncation error of this estimate is
:math:`\tfrac16\varepsilon^2 E''' + O(\varepsilon^4)`, with :math:`E'''` the third
derivative along :math:`e_i`, equation
:eq:`cd-truncation` (the one-sided difference has an error of order
:math:`\varepsilon`). Rounding adds an error of about
:math:`\rho\,|E|/\varepsilon`, where the unit roundoff :math:`\rho` is
:math:`2^{-53}\approx 1.1\times10^{-16}` in float64, equation
:eq:`cd-total-error`. The sum of the two is smallest at
:math:`\varepsilon^* = (3\rho\,|E|/|E'''|)^{1/3}`, about
:math:`7\times10^{-6}` if :math:`|E| \approx |E'''| \approx 1`. The default
:data:`EPSILON` :math:`= 10^{-6}` is a little below that optimum on purpose:
its rounding error, about :math:`10^{-10}\,|E|`, is still a thousand times
below :data:`TOLERANCE` for a gradient of order :math:`|E|`, and its
truncation error stays
small even where :math:`|E'''|` is much larger than 1 (the page
:doc:`/checking-gradients` computes these numbers). In float32
(:math:`\rho = 2^{-24}\approx 6\times10^{-8}`) no :math:`\varepsilon`
gives more than a few correct digits, so everything here is computed in
float64.

The analytic gradient :math:`g` and the estimate :math:`\hat g` are compared
by their **relative error**, equation :eq:`relative-error`,

.. math::

   r = \frac{\lVert g - \hat g\rVert_2}{\lVert g\rVert_2 + \lVert\hat g\rVert_2}

(0 when both are zero), which does not depend on the scale of :math:`E`.
Near zero it is floored, equation :eq:`relative-error-floor`: each
evaluation of :math:`E` is rounded, so every entry of :math:`\hat g`
carries rounding noise, about :math:`\nu` in all (equation
:eq:`rounding-noise`, :func:`rounding_noise`), and the checkers divide by
at least :math:`\nu/\tau` (:math:`\tau` is :data:`TOLERANCE`). So a
gradient passes when it is relatively close to the estimate **or** differs
from it by less than the estimate's rounding noise. Without the floor, two
gradients of about :math:`10^{-15}`, as when the weights have collapsed
towards zero, compare two roundings and give :math:`r = 1` for a correct
gradient. But below :math:`\nu` a central difference cannot check anything:
a zero gradient, or a wrong one that small, would agree with the estimate
as well. So when both :math:`\lVert g\rVert_2` and
:math:`\lVert\hat g\rVert_2` are below :math:`\nu` the checkers report
**could not check**: a :class:`GradientCheckWarning` that says so, and NaN
in place of :math:`r`, so that ``r < TOLERANCE`` is False (a NaN is never
"correct"; test each value, ``all(r < TOLERANCE for r in ...)``, as
Python's ``max`` skips a NaN that is not first).

Tolerance
---------
The test suite and the examples accept a gradient when
:math:`r <` :data:`TOLERANCE` :math:`= 10^{-7}`. For bpteach's own
(correct) gradients at random points with weights of order 1, :math:`r` is
typically around :math:`10^{-10}` (the examples below measure it on both
textbook networks). A wrong derivative gives a large :math:`r` (the
sigmoid's :math:`y` in place of :math:`y(1-y)` is measured below), and a
derivative off by 0.1 %, a factor 1.001, gives
:math:`r = 0.001/2.001 \approx 5\times10^{-4}`.
Where the true gradient is zero up to rounding (a saturated sigmoid,
collapsed weights, :math:`E` at its minimum) the checkers report that they
could not check it, as explained above; central differences straddling a kink, such as ReLU's at
:math:`u = 0`, are wrong by construction; and a step :math:`\varepsilon`
outside :data:`EPSILON_RANGE` is refused, with a message saying why.

Precision
---------
Every function here works in float64 only. Arrays of integers or booleans
are converted (exactly); float16 and float32 arrays are refused with a
message saying how to convert them, because central differences computed
in them have few correct digits: for the sigmoid's correct gradient,
computed in float32, :math:`r` stays far above the tolerance for every
step (measured below). Arguments are
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

The relative errors of bpteach's correct gradients, for the two textbook
networks at 10 random points each (weights of order 1), and of a wrong
sigmoid derivative. (The correct ones are rounding noise, around
:math:`3 \times 10^{-10}`; their exact digits differ from one CPU to the next,
so the check prints how they compare with bounds.)

>>> from bpteach import Network, Dense, Sigmoid, Identity, Softmax, SumOfSquares, CrossEntropy
>>> from bpteach.gradcheck import TOLERANCE, check_activation, check_network
>>> rng = np.random.default_rng(0)
>>> correct = []
>>> for _ in range(10):
...     reg = Network([Dense(1, 3, Sigmoid(), rng=rng, wb_width=1.0),
...                    Dense(3, 1, Identity(), rng=rng, wb_width=1.0)], loss=SumOfSquares())
...     clf = Network([Dense(2, 6, Sigmoid(), rng=rng, wb_width=1.0),
...                    Dense(6, 2, Softmax(), rng=rng, wb_width=1.0)], loss=CrossEntropy())
...     correct += check_network(reg, rng.normal(size=(4, 1)), rng.normal(size=(4, 1))).values()
...     correct += check_network(clf, rng.normal(size=(4, 2)), np.eye(2)[[0, 1, 1, 0]]).values()
>>> print(f"{len(correct)} checks: median below 1e-9: {np.median(correct) < 1e-9}, "
...       f"all below 1e-8: {max(correct) < 1e-8}")
100 checks: median below 1e-9: True, all below 1e-8: True
>>> class WrongSigmoid(Sigmoid):
...     def backward(self, y, grad_y):
...         return grad_y * y                          # should be grad_y * y * (1 - y)
>>> print(f"{check_activation(WrongSigmoid(), rng.normal(size=(4, 3))):.2f}")
0.40

The same check computed in float32, by hand (the functions here refuse
float32): :math:`E = \sum_i \sigma(u_i)`, whose gradient is
:math:`\sigma(u_i)(1 - \sigma(u_i))`, for every step from :math:`10^{-1}`
to :math:`10^{-7}`:

>>> u32 = rng.normal(size=5).astype(np.float32)
>>> def E32(u):
...     return np.sum(np.float32(1) / (np.float32(1) + np.exp(-u)), dtype=np.float32)
>>> s = 1 / (1 + np.exp(-u32.astype(np.float64)))
>>> r32 = []
>>> for eps in 10.0 ** -np.arange(1, 8):
...     steps = np.float32(eps) * np.eye(5, dtype=np.float32)
...     estimate = [(E32(u32 + e) - E32(u32 - e)) / (2 * e[i]) for i, e in enumerate(steps)]
...     r32.append(relative_error(s * (1 - s), np.array(estimate, dtype=np.float64)))
>>> print(f"best {min(r32):.0e}, with eps = 1e-6: {r32[5]:.0e}")
best 1e-05, with eps = 1e-6: 1e-01
>>> bool(min(r32) > TOLERANCE)
True

Equations :eq:`rounding-noise` and :eq:`relative-error-floor`: with
:math:`|E| = 15.7` (the textbook regression's error summed over its 63
samples), two 3-entry gradients of about :math:`10^{-15}` that have
nothing in common give :math:`r = 1` without the floor, and pass with it,
because they differ by less than :math:`\nu`; that is why the checkers do
not call such a pair correct, but say they could not check it:

>>> from bpteach.gradcheck import NOISE_FACTOR, ROUNDOFF, rounding_noise
>>> nu = rounding_noise(15.7, 1e-6, 3)
>>> bool(np.isclose(nu, NOISE_FACTOR * np.sqrt(3) * ROUNDOFF * 15.7 / 1e-6))
True
>>> tiny, zero = np.array([6.5e-15, 4.7e-15, -3.5e-15]), np.zeros(3)
>>> relative_error(tiny, zero) == 1.0, relative_error(tiny, zero, noise=nu) < TOLERANCE  # exact: |g|/|g|
(True, True)
"""

import math
import numbers
import warnings

import numpy as np

from bpteach._validation import (
    as_float_array,
    check_data,
    check_generator,
    check_nonnegative_float,
    check_positive_float,
)
from bpteach.activations import ReLU
from bpteach.losses import CrossEntropy

__all__ = [
    "EPSILON",
    "EPSILON_RANGE",
    "TOLERANCE",
    "ROUNDOFF",
    "NOISE_FACTOR",
    "rounding_noise",
    "numerical_gradient",
    "relative_error",
    "check_activation",
    "check_loss",
    "check_layer",
    "check_network",
    "GradientCheckWarning",
]

#: Default step :math:`\varepsilon` of the central difference.
EPSILON = 1e-6

#: The relative error, equation :eq:`relative-error`, below which a gradient is accepted.
TOLERANCE = 1e-7

#: The steps :math:`\varepsilon` accepted, smallest and largest. Outside this range
#: the estimate's own error, :math:`\rho|E|/\varepsilon` below and
#: :math:`\varepsilon^2|E^{\prime\prime\prime}|/6` above, is more than ten times
#: :data:`TOLERANCE` for a function whose value and derivatives are of order 1.
EPSILON_RANGE = (1e-10, 1e-2)

#: Unit roundoff :math:`\rho = 2^{-53}` of float64.
ROUNDOFF = 2.0**-53

#: Safety factor :math:`c` of the rounding noise, equation :eq:`rounding-noise`.
NOISE_FACTOR = 10.0


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


def _check_step(eps):
    """Return `eps` as a float if it lies in :data:`EPSILON_RANGE`, else raise saying why."""
    eps = check_positive_float(eps, "eps")
    low, high = EPSILON_RANGE
    if eps < low:
        raise ValueError(
            f"eps={eps:g} is too small a step: E(w + eps) and E(w - eps) then differ by little more than "
            f"the rounding error of E itself (about {ROUNDOFF:.1g} |E|; float64 keeps about 16 digits), so "
            f"the estimate would be mostly rounding noise, about {ROUNDOFF:.1g} |E| / eps. Use a step "
            f"between {low:g} and {high:g}; the default {EPSILON:g} balances rounding against truncation."
        )
    if eps > high:
        raise ValueError(
            f"eps={eps:g} is too large a step: the central difference is then off by about eps^2/6 times "
            f"the third derivative of E (eps^2/6 = {eps * eps / 6:.2g}), far more than the tolerance "
            f"{TOLERANCE:g}, so even a correct gradient would fail. Use a step between {low:g} and "
            f"{high:g}; the default {EPSILON:g} balances rounding against truncation."
        )
    return eps


def _same_shape(array, shape, name, expected):
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape} ({expected}), got shape {array.shape}")


def numerical_gradient(f, w, eps=EPSILON):
    r"""Estimate :math:`\partial f/\partial w` by central differences, equation :eq:`central-difference`.

    Parameters
    ----------
    f : callable
        Takes no argument and returns a float that depends on `w`.
    w : numpy.ndarray of float64
        The array to differentiate with respect to. Each element is
        perturbed in place and restored exactly afterwards, also when `f`
        raises or the check is interrupted (Ctrl-C).
    eps : float, optional
        The step :math:`\varepsilon` (default :math:`10^{-6}`), within
        :data:`EPSILON_RANGE`.

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
        if `f` returns NaN or infinity, if `eps` lies outside
        :data:`EPSILON_RANGE` (the message says why), or if an element of
        `w` is so large that :math:`w + \varepsilon` rounds to :math:`w`.
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
    eps = _check_step(eps)
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
        if original + eps == original:
            index = [int(k) for k in np.unravel_index(i, w.shape)]
            raise ValueError(
                f"w{index} = {original:g} is so large that w + eps rounds to w "
                f"(eps={eps:g}; float64 keeps about 16 digits): check the gradient at smaller values of w"
            )
        try:
            flat_w[i] = original + eps
            f_plus = f()
            flat_w[i] = original - eps
            f_minus = f()
        finally:  # also when f raises or Ctrl-C stops the check: w is never left perturbed
            flat_w[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric, *, noise=0.0):
    r"""Relative error between two gradients, equation :eq:`relative-error`.

    Parameters
    ----------
    analytic, numeric : array_like
        Gradients of the same shape.
    noise : float, optional
        The rounding noise :math:`\nu` of the numerical gradient (a 2-norm),
        from :func:`rounding_noise`: the relative error is then floored,
        equation :eq:`relative-error-floor`. 0 (the default) gives the plain
        relative error.

    Returns
    -------
    float
        0 when both are zero; finite for any finite gradients, however large
        (both are divided by their largest entry first, so no square overflows).

    Examples
    --------
    >>> from bpteach.gradcheck import relative_error
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> big = relative_error([1e200, 1e200], [1e200, -1e200])
    >>> big == relative_error([1.0, 1.0], [1.0, -1.0])  # exact: 1e200 / 1e200 = 1 exactly
    True
    """
    analytic, numeric = as_float_array(analytic, "analytic"), as_float_array(numeric, "numeric")
    if analytic.shape != numeric.shape:
        raise ValueError(f"gradients differ in shape: {analytic.shape} and {numeric.shape}")
    noise = check_nonnegative_float(noise, "noise")
    scale = max(float(np.max(np.abs(analytic), initial=0.0)), float(np.max(np.abs(numeric), initial=0.0)))
    if scale == 0.0:
        return 0.0
    # r does not change when g and g_hat are divided by their largest entry, and then
    # no square overflows (the 2-norm of entries near 1e200 would).
    g, g_hat = analytic / scale, numeric / scale
    floor = noise / TOLERANCE / scale  # inf for gradients far below the noise: then r = 0
    return float(np.linalg.norm(g - g_hat) / max(np.linalg.norm(g) + np.linalg.norm(g_hat), floor))


def rounding_noise(error_scale, eps, size):
    r"""Rounding noise :math:`\nu` of a central-difference gradient, equation :eq:`rounding-noise`.

    Parameters
    ----------
    error_scale : float
        :math:`R`, the size against which one evaluation of :math:`E` is
        rounded: :math:`|E|` for a sum of non-negative terms (both losses),
        the sum of the terms' absolute values otherwise.
    eps : float
        The step :math:`\varepsilon`.
    size : int
        The number :math:`d` of entries of the gradient.

    Returns
    -------
    float
        :math:`\nu = c\sqrt{d}\,\rho R/\varepsilon`, with :math:`c` =
        :data:`NOISE_FACTOR` and :math:`\rho` = :data:`ROUNDOFF`.

    Examples
    --------
    >>> from bpteach.gradcheck import rounding_noise
    >>> f"{rounding_noise(1.0, 1e-6, 4):.2e}"
    '2.22e-09'
    """
    return float(NOISE_FACTOR * np.sqrt(size) * ROUNDOFF * abs(float(error_scale)) / eps)


def check_activation(activation, u, grad_y=None, *, rng=None, eps=EPSILON):
    r"""Check an activation's :meth:`~bpteach.activations.Activation.backward`.

    Compares :math:`\delta` from ``activation.backward(y, grad_y)`` with the
    central-difference gradient of :math:`E(u) = \sum_{n,k} v_{nk}\, f(u)_{nk}`
    for a fixed array :math:`v` (``grad_y``), whose exact gradient is
    :math:`\delta` for :math:`\partial E/\partial y = v`.

    Parameters
    ----------
    activation : bpteach.activations.Activation
    u : numpy.ndarray of float64, shape (N, n)
        Where to check.
    grad_y : numpy.ndarray of float64, shape (N, n), optional
        Upstream gradient :math:`v = \partial E/\partial y`; random if omitted.
    rng : numpy.random.Generator, optional
        Used to draw `grad_y` (default ``default_rng(0)``).
    eps : float, optional

    Returns
    -------
    float
        The relative error :eq:`relative-error-floor`, or NaN if the
        gradient is below the rounding noise (could not check).

    Raises
    ------
    ValueError
        If `u` has the wrong shape or is not finite, or, for a ReLU, holds
        a value within `eps` of its kink at 0.

    Warns
    -----
    GradientCheckWarning
        If the gradient is below the rounding noise, saying so.
    """
    _instance(activation, "activation", "Sigmoid()")
    u = _float64(u, "u").copy()
    eps = _check_step(eps)
    grad_y = _upstream(grad_y, u.shape, rng, "u")
    if isinstance(activation, ReLU) and (np.abs(u) < eps).any():
        where = tuple(int(i) for i in np.argwhere(np.abs(u) < eps)[0])
        raise ValueError(
            f"u{list(where)} = {u[where]:g} lies within eps={eps:g} of the ReLU's kink at 0, where it has no "
            "derivative: the central difference there straddles the kink and gives the mean of the two "
            "slopes, 0.5, which no backward could match. Check at values of u farther from 0 than eps"
        )
    y = activation.forward(u)
    delta = activation.backward(y, grad_y)
    numeric = numerical_gradient(lambda: float(np.sum(grad_y * activation.forward(u))), u, eps)
    return _compare("delta", delta, numeric, _noise(float(np.sum(grad_y * y)), grad_y, y, eps, u.size))


def check_loss(loss, y, t, *, eps=EPSILON):
    r"""Check a loss's :meth:`~bpteach.losses.Loss.gradient` :math:`\partial E/\partial y`.

    Parameters
    ----------
    loss : bpteach.losses.Loss
    y : numpy.ndarray of float64, shape (N, n)
        Where to check (for cross-entropy, probabilities above `eps`).
    t : numpy.ndarray of float64, shape (N, n)
        Targets.
    eps : float, optional

    Raises
    ------
    ValueError
        If `y` or `t` has the wrong shape or is not finite, or, for
        cross-entropy, `y` holds a value not above `eps`.

    Returns
    -------
    float
        The relative error :eq:`relative-error-floor`, or NaN if the
        gradient is below the rounding noise (could not check).

    Warns
    -----
    GradientCheckWarning
        If the gradient is below the rounding noise, saying so.
    """
    _instance(loss, "loss", "SumOfSquares()")
    y = _float64(y, "y").copy()
    eps = _check_step(eps)
    _refuse_other_floats(t, "t")
    t = loss.check_targets(t, y.shape[1])
    _same_shape(t, y.shape, "t", "the shape of y")
    if isinstance(loss, CrossEntropy) and not (y > eps).all():
        where = tuple(int(i) for i in np.argwhere(~(y > eps))[0])
        raise ValueError(
            f"y must hold probabilities above eps={eps:g} to check cross-entropy, whose E = -sum t log y "
            f"and dE/dy = -t / y are infinite at y = 0 (and the central difference steps y down by eps); "
            f"got y{list(where)} = {y[where]:g}"
        )
    numeric = numerical_gradient(lambda: loss(y, t), y, eps)
    grad_y = loss.gradient(y, t)
    return _compare("dE/dy", grad_y, numeric, _noise(loss(y, t), grad_y, y, eps, y.size))


def check_layer(layer, x, grad_y=None, *, rng=None, eps=EPSILON):
    r"""Check a layer's gradients with respect to :math:`W`, :math:`b` and :math:`x`.

    Uses :math:`E = \sum_{n,k} v_{nk}\, y_{nk}` for an upstream gradient
    :math:`v` (``grad_y``, random if not given), so that
    :math:`\partial E/\partial y = v`.

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
        Relative error :eq:`relative-error-floor` for ``"W"``, ``"b"`` and
        ``"x"``; NaN for a gradient below the rounding noise (could not check).

    Warns
    -----
    GradientCheckWarning
        For each gradient below the rounding noise, naming it.
    """
    x = _float64(x, "x", layer.n_in, f"one per layer input (n_in={layer.n_in})").copy()
    eps = _check_step(eps)
    grad_y = _upstream(grad_y, (x.shape[0], layer.n_out), rng, "the layer output")
    y = layer.forward(x).copy()
    layer.backward(grad_y)
    analytic = {"W": layer.grad_W.copy(), "b": layer.grad_b.copy(), "x": layer.grad_x.copy()}
    energy_value = float(np.sum(grad_y * y))

    def energy():
        return float(np.sum(grad_y * layer.forward(x)))

    arrays = {"W": layer.W, "b": layer.b, "x": x}
    return {
        name: _compare(name, analytic[name], numerical_gradient(energy, arrays[name], eps),
                       _noise(energy_value, grad_y, y, eps, arrays[name].size))
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
        Relative error :eq:`relative-error-floor` per parameter, keyed
        ``"W1"``, ``"b1"``, ``"W2"``, … (layers counted from 1, as in the
        docs), and ``"x"`` for the input; NaN for a gradient below the
        rounding noise (could not check).

    Warns
    -----
    GradientCheckWarning
        For each gradient below the rounding noise, naming it.

    Examples
    --------
    Collapsed weights (``wb_width=1e-15``) leave the hidden layer's gradient
    far below what a central difference can see: that check cannot be done,
    and is not called correct.

    >>> import warnings
    >>> import numpy as np
    >>> import bpteach
    >>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
    >>> from bpteach.gradcheck import TOLERANCE, GradientCheckWarning, check_network
    >>> x, t = bpteach.datasets.sin_curve()
    >>> rng = np.random.default_rng(0)
    >>> net = Network([Dense(1, 3, Sigmoid(), rng=rng, wb_width=1e-15),
    ...                Dense(3, 1, Identity(), rng=rng, wb_width=1e-15)], loss=SumOfSquares())
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     errors = check_network(net, x, t)
    >>> {name: "could not check" if np.isnan(r) else bool(r < TOLERANCE) for name, r in errors.items()}
    {'x': 'could not check', 'W1': 'could not check', 'b1': 'could not check', 'W2': True, 'b2': True}
    >>> print(str(caught[0].message)[:55])
    could not check x: its gradient is below the rounding n
    """
    x = _float64(x, "x", network.n_in, f"one per network input (n_in={network.n_in})").copy()
    eps = _check_step(eps)
    _refuse_other_floats(t, "t")
    t = network.loss.check_targets(t, network.n_out)
    _same_shape(t, (x.shape[0], network.n_out), "t", "one row per row of x")
    y = network.forward(x).copy()
    value = network.error(t)
    with np.errstate(all="ignore"):  # only for the size of E's rounding error
        grad_y = network.loss.gradient(y, t)
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
        name: _compare(name, analytic[name], numerical_gradient(error, arrays[name], eps),
                       _noise(value, grad_y, y, eps, arrays[name].size))
        for name in arrays
    }


class GradientCheckWarning(UserWarning):
    """A gradient that a check could not check: it is below the rounding noise of its estimate.

    The check then returns NaN for it (not a relative error), so that
    ``r < TOLERANCE`` is False: "could not check" is never read as "correct".
    """


def _compare(name, analytic, numeric, noise):
    r"""The relative error of a check, equation :eq:`relative-error-floor`; NaN if nothing can be checked.

    When both :math:`\lVert g\rVert_2` and :math:`\lVert\hat g\rVert_2` are below
    the rounding noise :math:`\nu`, a zero gradient would pass as well as
    :math:`g`, and so would any wrong gradient that small: the check says
    "could not check" (a :class:`GradientCheckWarning`) and returns NaN.
    """
    g_norm, g_hat_norm = _norm(analytic), _norm(numeric)
    if noise > 0 and max(g_norm, g_hat_norm) < noise:
        warnings.warn(GradientCheckWarning(
            f"could not check {name}: its gradient is below the rounding noise of the central difference "
            f"(|g| = {g_norm:.2g}, |g_hat| = {g_hat_norm:.2g}, noise nu = {noise:.2g}), so a wrong gradient "
            "that small, or 0, would pass as well as the right one; the check returns NaN for it. Check "
            "it where the gradient is larger: at random weights of order 1 (wb_width=1.0), with inputs "
            "of order 1, away from saturated neurons and from a minimum of E."), stacklevel=3)
        return math.nan
    return relative_error(analytic, numeric, noise=noise)


def _norm(array):
    """The 2-norm of `array`, without overflow (scaled by its largest entry first)."""
    array = np.asarray(array, dtype=np.float64)
    scale = float(np.max(np.abs(array), initial=0.0))
    return 0.0 if scale == 0.0 else scale * float(np.linalg.norm(array / scale))


def _noise(value, grad_y, y, eps, size):
    r""":func:`rounding_noise` for an error `value` computed from outputs `y` with gradient `grad_y`.

    :math:`R = |E| + \sum|\partial E/\partial y \odot y|`: E's own rounding,
    plus each output's, about :math:`\rho|y|`, times its effect on E.
    """
    with np.errstate(all="ignore"):
        terms = np.abs(grad_y * y)
    # 0 * inf (cross-entropy where y underflowed to 0): t/y * y is t, at most 1.
    scale = abs(float(value)) + float(np.sum(np.where(np.isfinite(terms), terms, 1.0)))
    return rounding_noise(scale, eps, size)


def _upstream(grad_y, shape, rng, of):
    """Return the upstream gradient: checked if given, else random normal."""
    if grad_y is None:
        rng = np.random.default_rng(0) if rng is None else check_generator(rng)
        return rng.normal(size=shape)
    grad_y = _float64(grad_y, "grad_y")
    _same_shape(grad_y, shape, "grad_y", f"the shape of {of}")
    return grad_y

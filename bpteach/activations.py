r"""Activation functions and their derivatives.

An activation function turns a layer's weighted input :math:`u` into its
output :math:`y = f(u)`. During the backward pass it turns the gradient that
arrives from above, :math:`\partial E/\partial y`, into the **error signal**

.. math::

   \delta = \frac{\partial E}{\partial u}.

Element-wise activations
------------------------
For a function applied to each element separately, output :math:`y_{nk}`
depends only on :math:`u_{nk}`, so the chain rule has a single term:

.. math::

   \delta_{nk} = \frac{\partial E}{\partial y_{nk}}\,
                 \frac{\partial y_{nk}}{\partial u_{nk}}
               = \frac{\partial E}{\partial y_{nk}}\, f'(u_{nk}),
   \qquad\text{i.e.}\qquad
   \delta = \frac{\partial E}{\partial y} \odot f'(u),

equation :eq:`delta-elementwise`. Every derivative below is written **in
terms of the output** :math:`y`, as the textbook does, so a layer only has
to remember :math:`y`:

========================  =================================  ====================================
name                      :math:`y = f(u)`                    :math:`f'(u)` written with :math:`y`
========================  =================================  ====================================
:class:`Identity` (恒等)   :math:`u`                          :math:`1`
:class:`Sigmoid`          :math:`1/(1 + e^{-u})`             :math:`y(1 - y)`
:class:`Tanh`             :math:`\tanh u`                    :math:`1 - y^2`
:class:`ReLU`             :math:`\max(0, u)`                 :math:`1` if :math:`y > 0` else :math:`0`
========================  =================================  ====================================

The sigmoid's derivative, :math:`\sigma'(u) = \sigma(u)\bigl(1 - \sigma(u)\bigr)
= y(1 - y)`, is derived in equation :eq:`sigmoid-derivative`.

Softmax
-------
Softmax acts on a whole row: :math:`y_k = e^{u_k} / \sum_j e^{u_j}`, so every
output depends on every input of its row. Its Jacobian is
:math:`\partial y_j/\partial u_k = y_j\,(\mathbb{1}[j = k] - y_k)`,
equation :eq:`softmax-jacobian`, and the chain rule sums over all outputs
:math:`j` of the row, equation :eq:`delta-softmax`:

.. math::

   \delta_k = y_k\Bigl(\frac{\partial E}{\partial y_k}
              - \sum_j \frac{\partial E}{\partial y_j}\, y_j\Bigr).

Numerical care
--------------
The textbook computes ``1 / (1 + np.exp(-u))``. Its ``np.exp(-u)``
overflows for :math:`u < -\log(\text{largest float64}) \approx -709.78`;
NumPy then warns and the result relies on ``1/inf = 0``. (For large
*positive* :math:`u`, :math:`e^{-u}` only underflows towards 0, which is
harmless.) :class:`Sigmoid` uses instead the identity

.. math::

   \sigma(u) = \tfrac12\bigl(1 + \tanh(u/2)\bigr),

equation :eq:`sigmoid-tanh`, which is finite and silent for every finite
:math:`u`: no overflow, no invalid operation, and no underflow except in one
harmless case. The two halvings, :math:`u/2` and then
:math:`\tfrac12\tanh(u/2) \approx u/4`, can round to a subnormal number
(below the smallest normal float64, :math:`2.2\times10^{-308}`) when
:math:`0 < |u| < 4 \times 2.2\times10^{-308} \approx 8.9\times10^{-308}`,
normal inputs included; that sets NumPy's underflow flag, which NumPy
ignores by default and :func:`sigmoid` always, and the result is then 0.5.
The formula gives exactly 0, 0.5 and 1 at :math:`u = -1000, 0, 1000`, keeps
every value in :math:`[0, 1]`, and is symmetric,
:math:`\sigma(-u) = 1 - \sigma(u)`, to within one rounding. Its absolute
error is at most :math:`2^{-53} \approx 1.1\times10^{-16}` (the test suite
compares it with 50-digit arithmetic). A tiny output therefore has few
correct digits *relative to itself* (:math:`\sigma(-30)` is right to 3
digits, see the examples below), and for :math:`u \le -38`, where the true
value is below :math:`3.2\times10^{-17}`, the result is 0. For a hidden
neuron that changes nothing, since its derivative :math:`y(1 - y)` is then
0 to the same precision, and bpteach never takes the logarithm of a sigmoid.

:class:`Softmax` subtracts each row's maximum :math:`u_\text{max} = \max_j u_j` before
exponentiating. Subtracting the same number from every entry of a row
changes nothing, equation :eq:`softmax-shift`, and now every exponent
is :math:`\le 0`, so ``exp`` never overflows and the
denominator is at least 1. Every row sums to 1 within a few roundings. The
subtraction :math:`u_k - u_\text{max}` itself can only overflow if a row spans more
than the largest float64, about :math:`1.8\times10^{308}` (entries of opposite
signs, at least one of them beyond :math:`\pm 9\times10^{307}`); the result
is still right (:math:`e^{-\infty} = 0`),
:func:`softmax` stays silent, while the class method, which runs inside the
training loop without extra checks, lets NumPy report the overflow (inside
:func:`~bpteach.training.train` that ends training with
:class:`~bpteach.training.TrainingDiverged`).

The classes below are the building blocks that a layer calls for every
sample: they take float64 arrays and check nothing. The functions
:func:`sigmoid` and :func:`softmax` are for your own arrays: they accept any
array_like of real numbers, check it and explain what is wrong.

All functions take and return ``float64`` arrays of shape ``(N, n)`` (one
sample per row); element-wise ones accept any shape. A leading copy axis,
``(K, N, n)`` for K networks trained at once (:mod:`bpteach.stacked`), passes
through unchanged: softmax acts on the last axis, one row at a time.

References
----------
Bishop, *Pattern Recognition and Machine Learning* (2006), §4.3.4 and §5.3;
Goodfellow, Bengio & Courville, *Deep Learning* (2016), §6.2.2 and §6.3.

Examples
--------
Equation :eq:`delta-elementwise` with :eq:`sigmoid-derivative`, checked
against central differences:

>>> import numpy as np
>>> from bpteach.activations import Sigmoid
>>> from bpteach.gradcheck import check_activation
>>> rng = np.random.default_rng(0)
>>> check_activation(Sigmoid(), rng.normal(size=(4, 3))) < 1e-7
True

Equation :eq:`softmax-jacobian`, against central differences of each
output of one row:

>>> from bpteach.activations import Softmax
>>> from bpteach.gradcheck import numerical_gradient, relative_error
>>> u = rng.normal(size=(1, 3))
>>> y = Softmax().forward(u)[0]
>>> jacobian = np.array([[y[j] * ((j == k) - y[k]) for k in range(3)] for j in range(3)])
>>> numeric = [numerical_gradient(lambda: float(Softmax().forward(u)[0, j]), u)[0] for j in range(3)]
>>> relative_error(jacobian, np.array(numeric)) < 1e-7
True

Equation :eq:`delta-softmax` (the Jacobian applied to an upstream
gradient), checked the same way:

>>> check_activation(Softmax(), rng.normal(size=(4, 3))) < 1e-7
True

Equation :eq:`sigmoid-tanh` is the logistic function: within one rounding
of ``1 / (1 + exp(-u))`` where that is computable, and silent beyond:

>>> u = np.linspace(-30.0, 30.0, 601)
>>> bool(np.allclose(Sigmoid().forward(u), 1 / (1 + np.exp(-u)), rtol=0, atol=2**-52))
True
>>> with np.errstate(all="raise"):
...     y = Sigmoid().forward(np.array([-1000.0, 0.0, 1000.0]))
>>> bool(np.array_equal(y, [0.0, 0.5, 1.0]))  # exact: 0, 1/2 and 1 are exact in binary
True

The numbers of the section on numerical care: where the textbook's
``np.exp(-u)`` overflows; the only inputs that set the underflow flag (a
normal :math:`8\times10^{-308}` does, :math:`9\times10^{-308}` does not);
and how many digits of a tiny output are right:

>>> print(f"{np.log(np.finfo(np.float64).max):.2f}")
709.78
>>> with np.errstate(all="raise"):
...     try:
...         np.exp(-np.array([-710.0]))
...     except FloatingPointError as error:
...         print(error)
overflow encountered in exp
>>> tiny = np.finfo(np.float64).tiny
>>> print(f"{tiny:.2g} {4 * tiny:.2g}")
2.2e-308 8.9e-308
>>> def underflows(value):
...     with np.errstate(all="raise"):
...         try:
...             Sigmoid().forward(np.array([value]))
...         except FloatingPointError:
...             return True
...     return False
>>> underflows(8e-308), underflows(9e-308), float(Sigmoid().forward(np.array([8e-308]))[0])
(True, False, 0.5)
>>> exact = 1 / (1 + np.exp(30.0))          # computable: no overflow at u = -30
>>> print(f"{Sigmoid().forward(np.array([-30.0]))[0]:.3g} {exact:.3g}")
9.36e-14 9.36e-14
>>> print(f"{1 / (1 + np.exp(38.0)):.2g}", Sigmoid().forward(np.array([-38.0]))[0])
3.1e-17 0.0
"""

import numpy as np

from bpteach._validation import as_float_array

__all__ = ["Activation", "Identity", "Sigmoid", "Tanh", "ReLU", "Softmax", "sigmoid", "softmax"]


class Activation:
    r"""Base class: an activation :math:`y = f(u)` and its backward pass.

    Subclasses implement :meth:`forward` and :meth:`backward`. Element-wise
    activations implement :meth:`derivative` instead of :meth:`backward`.
    Instances hold no state, so one object may serve many layers.
    """

    #: Short name used in ``repr`` and in saved files.
    name = "activation"

    def forward(self, u):
        r"""Compute :math:`y = f(u)`.

        Parameters
        ----------
        u : numpy.ndarray of float64, shape (N, n)
            Weighted input, one sample per row.

        Returns
        -------
        y : numpy.ndarray of float64, shape (N, n)
        """
        raise NotImplementedError

    def derivative(self, y):
        r"""Return :math:`f'(u)` written in terms of the output :math:`y = f(u)`.

        Parameters
        ----------
        y : numpy.ndarray of float64
            Output of :meth:`forward`.

        Returns
        -------
        numpy.ndarray of float64, same shape as `y`
        """
        raise NotImplementedError

    def backward(self, y, grad_y):
        r"""Turn :math:`\partial E/\partial y` into :math:`\delta = \partial E/\partial u`.

        Element-wise activations use equation :eq:`delta-elementwise`,
        :math:`\delta = \partial E/\partial y \odot f'(u)`.

        Parameters
        ----------
        y : numpy.ndarray of float64, shape (N, n)
            Output of :meth:`forward` (the derivative is taken from it).
        grad_y : numpy.ndarray of float64, shape (N, n)
            Gradient of the error with respect to `y`.

        Returns
        -------
        delta : numpy.ndarray of float64, shape (N, n)
        """
        return grad_y * self.derivative(y)

    def __repr__(self):
        return f"{type(self).__name__}()"

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))


class Identity(Activation):
    r"""Identity function (恒等関数) :math:`y = u`, the regression output.

    Its derivative is 1, so :math:`\delta = \partial E/\partial y`.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.activations import Identity
    >>> Identity().forward(np.array([[-2.0, 3.0]]))
    array([[-2.,  3.]])
    """

    name = "identity"

    def forward(self, u):
        return u

    def derivative(self, y):
        return np.ones_like(y)

    def backward(self, y, grad_y):
        # f'(u) = 1: the gradient passes through unchanged.
        return grad_y


class Sigmoid(Activation):
    r"""Sigmoid function (シグモイド関数) :math:`\sigma(u) = 1/(1 + e^{-u})`.

    Computed as :math:`\tfrac12(1 + \tanh(u/2))`, equation
    :eq:`sigmoid-tanh`: the same function, but finite for every finite input.
    Derivative :math:`\sigma' = y(1 - y)`, equation :eq:`sigmoid-derivative`.
    No argument checks (see :func:`sigmoid` for those).

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.activations import Sigmoid
    >>> y = Sigmoid().forward(np.array([[-1000.0, 0.0, 1000.0]]))
    >>> y
    array([[0. , 0.5, 1. ]])
    >>> Sigmoid().derivative(y)
    array([[0.  , 0.25, 0.  ]])
    """

    name = "sigmoid"

    def forward(self, u):
        # sigma(u) = (1 + tanh(u/2)) / 2: finite and silent for any finite u.
        # Written 0.5 + 0.5 * tanh(0.5 * u) with the last two operations in place: the
        # same roundings as the one-line expression, with fewer temporary arrays.
        y = np.tanh(0.5 * u)
        y *= 0.5
        y += 0.5
        return y

    def derivative(self, y):
        # sigma'(u) = y (1 - y)            (equation sigmoid-derivative)
        return y * (1.0 - y)

    def backward(self, y, grad_y):
        # delta = dE/dy * y (1 - y)        (equation delta-elementwise)
        # (the last multiplication in place: the same roundings, one temporary array less)
        delta = grad_y * (1.0 - y)
        delta *= y
        return delta


class Tanh(Activation):
    r"""Hyperbolic tangent :math:`y = \tanh u`, with :math:`f' = 1 - y^2`.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.activations import Tanh
    >>> Tanh().derivative(Tanh().forward(np.array([[0.0]])))
    array([[1.]])
    """

    name = "tanh"

    def forward(self, u):
        return np.tanh(u)

    def derivative(self, y):
        return 1.0 - y * y


class ReLU(Activation):
    r"""Rectified linear unit :math:`y = \max(0, u)`.

    Its derivative is 1 where :math:`y > 0` and 0 elsewhere (the value at
    :math:`u = 0` is taken as 0).

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.activations import ReLU
    >>> ReLU().forward(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])
    """

    name = "relu"

    def forward(self, u):
        return np.maximum(u, 0.0)

    def derivative(self, y):
        return (y > 0.0).astype(np.float64)


class Softmax(Activation):
    r"""Softmax function (ソフトマックス関数), row by row.

    .. math:: y_k = \frac{e^{u_k}}{\sum_j e^{u_j}}

    Each row of the output is a probability distribution: entries in
    :math:`[0, 1]` that sum to 1 (an entry rounds to 0 when its :math:`u_k`
    lies more than about 745 below the row's largest). The backward pass applies the Jacobian
    :eq:`softmax-jacobian` in the form :eq:`delta-softmax`, without building
    the :math:`n \times n` matrix. Rows are shifted by their maximum,
    equation :eq:`softmax-shift`. No argument checks (see :func:`softmax`).

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.activations import Softmax
    >>> Softmax().forward(np.array([[1000.0, 0.0], [0.0, -1000.0]]))
    array([[1., 0.],
           [1., 0.]])
    """

    name = "softmax"

    def forward(self, u):
        # Subtracting the row maximum leaves y unchanged and keeps exp <= 1.
        # (np.maximum.reduce and np.add.reduce are u.max and exp_u.sum without
        # the methods' call overhead, which dominates on one-sample batches.)
        if u.size == u.shape[-1]:
            # One row (online learning): the row's maximum and sum are plain
            # scalars, and NumPy subtracts and divides by a scalar several times
            # faster than by a broadcast (1, 1) array. Same formula, same result.
            y = np.exp(u - np.maximum.reduce(u, axis=None))
            y /= np.add.reduce(y, axis=None)
            return y
        # Many rows (a batch, or a stack of copies with a leading axis): the same steps,
        # the division in place. A reduction along a short last axis pays a
        # fixed cost for every row, so when the rows are many and short, each row's
        # maximum is taken column by column instead (a maximum is exact, whatever the
        # order), and the sum of a two-entry row is its one addition (one rounding,
        # whatever the order): the same numbers, a few NumPy calls for all rows.
        n = u.shape[-1]
        if u.size > 16 * n * n:
            top = u[..., :1]
            for j in range(1, n):
                top = np.maximum(top, u[..., j:j + 1])
        else:
            top = np.maximum.reduce(u, axis=-1, keepdims=True)
        y = np.exp(u - top)
        y /= y[..., :1] + y[..., 1:] if n == 2 else np.add.reduce(y, axis=-1, keepdims=True)
        return y

    def log_forward(self, u):
        r"""Return :math:`\log y_k = u_k - \log\sum_j e^{u_j}` (log-sum-exp).

        Exact even where :math:`y_k` itself underflows to 0.

        Parameters
        ----------
        u : numpy.ndarray of float64, shape (N, n)

        Returns
        -------
        log_y : numpy.ndarray of float64, shape (N, n)

        Examples
        --------
        >>> import numpy as np
        >>> from bpteach.activations import Softmax
        >>> Softmax().log_forward(np.array([[0.0, -1000.0]]))
        array([[    0., -1000.]])
        """
        shifted = u - u.max(axis=-1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))

    def derivative(self, y):
        raise TypeError(
            "softmax has no element-wise derivative: every output depends on "
            "every input of its row; use Softmax.backward(y, grad_y)"
        )

    def backward(self, y, grad_y):
        # delta_k = y_k (dE/dy_k - sum_j dE/dy_j y_j)      (equation delta-softmax)
        return y * (grad_y - (grad_y * y).sum(axis=-1, keepdims=True))


def sigmoid(u):
    r"""The sigmoid :math:`\sigma(u) = 1/(1 + e^{-u})` of any array of finite numbers.

    Checks `u`, converts it to float64 and applies :meth:`Sigmoid.forward`
    (equation :eq:`sigmoid-tanh`): exact to :math:`2^{-53}`, and silent,
    for every finite input, even under ``np.errstate(all="raise")``.

    Parameters
    ----------
    u : array_like of real numbers, any shape

    Returns
    -------
    numpy.ndarray of float64, same shape as `u`
        Values in :math:`[0, 1]`.

    Raises
    ------
    TypeError
        If `u` does not hold real numbers.
    ValueError
        If `u` holds NaN or infinite values, or ragged rows.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.activations import Sigmoid, sigmoid
    >>> with np.errstate(all="raise"):      # no overflow, no underflow
    ...     y = sigmoid([-1000, 0, 1000])
    >>> y
    array([0. , 0.5, 1. ])
    >>> Sigmoid().derivative(y)
    array([0.  , 0.25, 0.  ])
    """
    u = as_float_array(u, "u")
    with np.errstate(under="ignore"):
        # Only for |u| < 4 * tiny (8.9e-308) can a halving underflow; the result is then 0.5.
        return Sigmoid().forward(u)


def softmax(u):
    r"""The softmax :math:`y_k = e^{u_k}/\sum_j e^{u_j}` of each row of `u`.

    Checks `u`, converts it to float64 and applies :meth:`Softmax.forward`
    (shifted by the row maximum, equation :eq:`softmax-shift`). Silent and
    correct for every finite input: no overflow, every row sums to 1 within
    a few roundings.

    Parameters
    ----------
    u : array_like of real numbers, shape (N, n) or (n,)
        Scores, one sample per row; a 1-D `u` is a single row of scores
        and gives a 1-D result. At least one score per row.

    Returns
    -------
    numpy.ndarray of float64, same shape as `u`
        Each row a probability distribution.

    Raises
    ------
    TypeError
        If `u` does not hold real numbers.
    ValueError
        If `u` is not 1-D or 2-D, has no columns, or holds NaN or infinite
        values.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.activations import softmax
    >>> softmax([[1000, 0], [0, -1000]])
    array([[1., 0.],
           [1., 0.]])
    >>> softmax([0.0, 0.0, np.log(2)]).round(3)
    array([0.25, 0.25, 0.5 ])
    """
    u = as_float_array(u, "u")
    if u.ndim not in (1, 2) or u.shape[-1] == 0:
        raise ValueError(
            "u must be a 1-D row of scores or a 2-D array of shape (N, n) with one sample "
            f"per row and n >= 1, got shape {u.shape}"
        )
    with np.errstate(over="ignore"):
        # Only u - max can overflow, to -inf, and exp(-inf) = 0 is the right value.
        return Softmax().forward(u)

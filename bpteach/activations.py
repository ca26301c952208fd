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
   :label: delta-elementwise

   \delta_{nk} = \frac{\partial E}{\partial y_{nk}}\,
                 \frac{\partial y_{nk}}{\partial u_{nk}}
               = \frac{\partial E}{\partial y_{nk}}\, f'(u_{nk}),
   \qquad\text{i.e.}\qquad
   \delta = \frac{\partial E}{\partial y} \odot f'(u).

Every derivative below is written **in terms of the output** :math:`y`, as
the textbook does, so a layer only has to remember :math:`y`:

========================  =================================  ====================================
name                      :math:`y = f(u)`                    :math:`f'(u)` written with :math:`y`
========================  =================================  ====================================
:class:`Identity` (恒等)   :math:`u`                          :math:`1`
:class:`Sigmoid`          :math:`1/(1 + e^{-u})`             :math:`y(1 - y)`
:class:`Tanh`             :math:`\tanh u`                    :math:`1 - y^2`
:class:`ReLU`             :math:`\max(0, u)`                 :math:`1` if :math:`y > 0` else :math:`0`
========================  =================================  ====================================

The sigmoid's derivative follows from the quotient rule:

.. math::
   :label: sigmoid-derivative

   \sigma'(u) = \frac{e^{-u}}{(1 + e^{-u})^2}
              = \frac{1}{1 + e^{-u}}\cdot\frac{e^{-u}}{1 + e^{-u}}
              = \sigma(u)\,\bigl(1 - \sigma(u)\bigr) = y(1 - y).

Softmax
-------
Softmax acts on a whole row: :math:`y_k = e^{u_k} / \sum_j e^{u_j}`, so every
output depends on every input of its row. Its Jacobian is

.. math::
   :label: softmax-jacobian

   \frac{\partial y_j}{\partial u_k} = y_j\,(\mathbb{1}[j = k] - y_k),

and the chain rule sums over all outputs :math:`j` of the row:

.. math::
   :label: delta-softmax

   \delta_k = \sum_j \frac{\partial E}{\partial y_j}\, y_j(\mathbb{1}[j=k] - y_k)
            = y_k\Bigl(\frac{\partial E}{\partial y_k}
              - \sum_j \frac{\partial E}{\partial y_j}\, y_j\Bigr).

Numerical care
--------------
``exp`` overflows for :math:`u > 709`. :class:`Sigmoid` therefore uses the
identity :math:`\sigma(u) = \tfrac12\bigl(1 + \tanh(u/2)\bigr)`, which is
finite, silent and exactly symmetric (:math:`\sigma(-u) = 1 - \sigma(u)`)
for every finite :math:`u`. :class:`Softmax` subtracts each row's maximum
before exponentiating; this changes nothing, since
:math:`e^{u_k - c}/\sum_j e^{u_j - c} = e^{u_k}/\sum_j e^{u_j}`.

All functions take and return ``float64`` arrays of shape ``(N, n)`` (one
sample per row); element-wise ones accept any shape.

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
"""

import numpy as np

__all__ = ["Activation", "Identity", "Sigmoid", "Tanh", "ReLU", "Softmax"]


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

    Computed as :math:`\tfrac12(1 + \tanh(u/2))`, which is the same function
    but never overflows. Derivative :eq:`sigmoid-derivative`:
    :math:`\sigma' = y(1 - y)`.

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
        return 0.5 + 0.5 * np.tanh(0.5 * u)

    def derivative(self, y):
        # sigma'(u) = y (1 - y)            (equation sigmoid-derivative)
        return y * (1.0 - y)

    def backward(self, y, grad_y):
        # delta = dE/dy * y (1 - y)        (equation delta-elementwise)
        return grad_y * (1.0 - y) * y


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

    Each row of the output is a probability distribution: positive entries
    that sum to 1. The backward pass applies the Jacobian
    :eq:`softmax-jacobian` in the form :eq:`delta-softmax`, without building
    the :math:`n \times n` matrix.

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
        exp_u = np.exp(u - np.maximum.reduce(u, axis=1, keepdims=True))
        return exp_u / np.add.reduce(exp_u, axis=1, keepdims=True)

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
        shifted = u - u.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def derivative(self, y):
        raise TypeError(
            "softmax has no element-wise derivative: every output depends on "
            "every input of its row; use Softmax.backward(y, grad_y)"
        )

    def backward(self, y, grad_y):
        # delta_k = y_k (dE/dy_k - sum_j dE/dy_j y_j)      (equation delta-softmax)
        return y * (grad_y - (grad_y * y).sum(axis=1, keepdims=True))

r"""The dense layer: an affine map followed by an activation.

Forward pass (順伝播)
---------------------
A batch of :math:`N` inputs is a matrix :math:`x` with one sample per row
(the textbook's row-vector convention). The layer computes

.. math::

   u = xW + b, \qquad y = f(u),

equation :eq:`dense-forward`, with :math:`x` of shape :math:`(N, n_\text{in})`,
weights :math:`W` of shape :math:`(n_\text{in}, n_\text{out})`, biases
:math:`b` of shape :math:`(n_\text{out},)` (added to every row) and
:math:`u, y` of shape :math:`(N, n_\text{out})`. In index notation,
:math:`u_{nk} = \sum_i x_{ni} W_{ik} + b_k`.

Backward pass (逆伝播)
----------------------
The layer receives :math:`\partial E/\partial y` from the layer above (or
from the loss). The activation turns it into the error signal
:math:`\delta = \partial E/\partial u`: equation :eq:`delta-elementwise`
for an element-wise activation, :eq:`delta-softmax` for the softmax. Since
:math:`\partial u_{nk}/\partial W_{ik} = x_{ni}`,
:math:`\partial u_{nk}/\partial b_k = 1` and
:math:`\partial u_{nk}/\partial x_{ni} = W_{ik}`, the chain rule, summed over
every :math:`u_{nk}` that the variable touches, gives the three gradients of
equation :eq:`dense-gradients`:

.. math::

   \frac{\partial E}{\partial W_{ik}} = \sum_n x_{ni}\,\delta_{nk},
   \qquad
   \frac{\partial E}{\partial b_k} = \sum_n \delta_{nk},
   \qquad
   \frac{\partial E}{\partial x_{ni}} = \sum_k \delta_{nk}\,W_{ik};

in matrix form :math:`\partial E/\partial W = x^\top \delta`,
:math:`\partial E/\partial b` = the sum of the rows of :math:`\delta`,
and :math:`\partial E/\partial x = \delta W^\top`.
:math:`\partial E/\partial x` is the :math:`\partial E/\partial y` of the
layer below: that is how the error propagates backwards.

Initialisation
--------------
As in the textbook, every weight and bias is drawn from
``wb_width`` :math:`\cdot\,\mathcal{N}(0, 1)`, with ``wb_width = 0.01``:
weights first, then biases, from the generator you pass.

References
----------
Rumelhart, Hinton & Williams, "Learning representations by
back-propagating errors", *Nature* 323 (1986); Nielsen, *Neural Networks and
Deep Learning* (2015), ch. 2, equations (BP1)–(BP4).

Examples
--------
Equation :eq:`dense-forward`, entry by entry, for a batch of 5 samples:

>>> import numpy as np
>>> from bpteach.layers import Dense
>>> from bpteach.activations import Sigmoid
>>> from bpteach.gradcheck import check_layer
>>> rng = np.random.default_rng(0)
>>> layer = Dense(3, 2, Sigmoid(), rng=rng, wb_width=1.0)
>>> x = rng.normal(size=(5, 3))
>>> u = np.array([[sum(x[n, i] * layer.W[i, k] for i in range(3)) + layer.b[k]
...                for k in range(2)] for n in range(5)])
>>> np.allclose(layer.forward(x), 1 / (1 + np.exp(-u)))
True

Equation :eq:`dense-gradients`, checked against
central differences for the same layer:

>>> errors = check_layer(layer, x, rng=rng)
>>> sorted(errors)
['W', 'b', 'x']
>>> max(errors.values()) < 1e-7
True
"""

import numpy as np

from bpteach._validation import (
    check_generator,
    check_instance,
    check_nonnegative_float,
    check_positive_int,
)
from bpteach.activations import Activation

__all__ = ["Dense"]


class Dense:
    r"""A fully connected layer: :math:`u = xW + b`, :math:`y = f(u)`.

    Parameters
    ----------
    n_in : int
        Number of inputs (neurons in the layer below), :math:`\ge 1`.
    n_out : int
        Number of neurons in this layer, :math:`\ge 1`.
    activation : bpteach.activations.Activation
        The activation function :math:`f`, e.g. ``Sigmoid()``.
    rng : numpy.random.Generator
        Source of the initial weights and biases.
    wb_width : float, optional
        Standard deviation of the initial weights and biases (default 0.01,
        the textbook's value).

    Attributes
    ----------
    W : numpy.ndarray of float64, shape (n_in, n_out)
        Weights.
    b : numpy.ndarray of float64, shape (n_out,)
        Biases.
    x, u, y : numpy.ndarray of float64, shape (N, n_in) / (N, n_out)
        Input, weighted input and output of the last :meth:`forward`.
    delta : numpy.ndarray of float64, shape (N, n_out)
        Error signal :math:`\partial E/\partial u` of the last backward pass.
    grad_W, grad_b, grad_x : numpy.ndarray of float64
        :math:`\partial E/\partial W`, :math:`\partial E/\partial b`,
        :math:`\partial E/\partial x` of the last backward pass. ``grad_W``
        and ``grad_b`` are overwritten in place by every backward pass (and
        are views into ``Network.grad_theta`` once the layer is part of a
        network): ``.copy()`` them to keep a value.

    Notes
    -----
    Every array may carry a leading copy axis of length K, for K networks
    trained at once (:mod:`bpteach.stacked`): ``W`` (K, n_in, n_out), ``b``
    (K, n_out), ``x`` (K, N, n_in), and each formula then holds copy by copy,
    with :math:`x^\top` as ``x.mT`` and the sum over rows over ``axis=-2``.

    Raises
    ------
    ValueError
        If `n_in` or `n_out` is < 1, or `wb_width` is not a finite number
        >= 0.
    TypeError
        If `n_in` or `n_out` is not an integer, `wb_width` not a real number,
        `activation` not an :class:`~bpteach.activations.Activation`
        instance (e.g. ``Sigmoid`` without parentheses) or `rng` not a
        ``numpy.random.Generator``.

    Examples
    --------
    The textbook's hidden layer (中間層) of the 1-3-1 network:

    >>> import numpy as np
    >>> from bpteach.layers import Dense
    >>> from bpteach.activations import Sigmoid
    >>> layer = Dense(1, 3, Sigmoid(), rng=np.random.default_rng(0))
    >>> layer.W.shape, layer.b.shape
    ((1, 3), (3,))
    >>> layer.forward(np.array([[0.5]])).shape
    (1, 3)
    """

    def __init__(self, n_in, n_out, activation, *, rng, wb_width=0.01):
        self.n_in = check_positive_int(n_in, "n_in")
        self.n_out = check_positive_int(n_out, "n_out")
        self.activation = check_instance(activation, Activation, "activation", "Sigmoid()")
        check_generator(rng)
        wb_width = check_nonnegative_float(wb_width, "wb_width")
        # W and b ~ wb_width * N(0, 1), weights first, as in the textbook.
        self.W = wb_width * rng.standard_normal((self.n_in, self.n_out))
        self.b = wb_width * rng.standard_normal(self.n_out)
        # The backward pass writes the gradients into these arrays in place.
        self.grad_W = np.zeros_like(self.W)
        self.grad_b = np.zeros_like(self.b)
        # Filled by forward(): the input, weighted input and output of the last batch.
        self.x = self.u = self.y = None
        self._matmul = np.dot

    def forward(self, x):
        r"""Compute :math:`u = xW + b` and :math:`y = f(u)` (equation :eq:`dense-forward`).

        Parameters
        ----------
        x : numpy.ndarray of float64, shape (N, n_in)
            Input, one sample per row.

        Returns
        -------
        y : numpy.ndarray of float64, shape (N, n_out)
        """
        self.x = x
        # u = x W + b   np.dot is the textbook's spelling of x @ W, faster than @ on
        #               tiny arrays; a stack of copies (3-D arrays) needs np.matmul,
        #               which multiplies copy by copy, with the same results (the
        #               backward pass uses the same choice). b[..., None, :] is b as a
        #               (1, n_out) row, added to every row, and NumPy adds it faster
        #               than a 1-D b.
        self._matmul = matmul = np.dot if x.ndim == 2 else np.matmul
        self.u = u = matmul(x, self.W)
        np.add(u, self.b[..., None, :], out=u)  # + b, in place: no second array
        # y = f(u)
        self.y = self.activation.forward(self.u)
        return self.y

    def backward(self, grad_y, *, grad_x=True):
        r"""Backpropagate :math:`\partial E/\partial y` through the layer.

        Computes :math:`\delta` with the activation, then calls
        :meth:`backward_delta`.

        Parameters
        ----------
        grad_y : numpy.ndarray of float64, shape (N, n_out)
            Gradient of the error with respect to this layer's output.
        grad_x : bool, optional
            Whether to compute :math:`\partial E/\partial x` (default True);
            see :meth:`backward_delta`.

        Returns
        -------
        grad_x : numpy.ndarray of float64, shape (N, n_in), or None
            :math:`\partial E/\partial x`, to be passed to the layer below.
        """
        # delta = dE/dy (.) f'(u)
        return self.backward_delta(self.activation.backward(self.y, grad_y), grad_x=grad_x)

    def backward_delta(self, delta, *, grad_x=True):
        r"""Compute the gradients from the error signal :math:`\delta`.

        Implements the three gradients of equation :eq:`dense-gradients`.

        Parameters
        ----------
        delta : numpy.ndarray of float64, shape (N, n_out)
            :math:`\partial E/\partial u` for the last forward pass.
        grad_x : bool, optional
            Whether to compute :math:`\partial E/\partial x` (default True).
            The first layer of a network passes False during training: the
            gradient with respect to the data is not needed there.

        Returns
        -------
        grad_x : numpy.ndarray of float64, shape (N, n_in), or None
        """
        self.delta = delta
        matmul = self._matmul  # np.dot, or np.matmul for a stack of copies (see forward)
        # dE/dW = x^T delta                    (written into grad_W in place)
        matmul(self.x.mT, delta, out=self.grad_W)
        # dE/db = sum of delta over the rows   (np.add.reduce is delta.sum(axis=-2)
        #                                       without the method's call overhead;
        #                                       for one row, the sum is that row: a copy,
        #                                       which costs less on a stack of copies)
        if delta.shape[-2] == 1:
            np.copyto(self.grad_b, delta[..., 0, :])
        else:
            np.add.reduce(delta, axis=-2, out=self.grad_b)
        # dE/dx = delta W^T
        self.grad_x = matmul(delta, self.W.mT) if grad_x else None
        return self.grad_x

    def parameters(self):
        """Return ``[(W, grad_W), (b, grad_b)]``: each parameter with its gradient.

        Returns
        -------
        list of tuple of numpy.ndarray
            The arrays themselves (not copies), so an optimiser can update
            them in place.
        """
        return [(self.W, self.grad_W), (self.b, self.grad_b)]

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out}, {self.activation!r})"

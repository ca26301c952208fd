r"""Stochastic gradient descent (確率的勾配降下法).

After a backward pass every parameter :math:`w` (each weight and each bias)
knows :math:`\partial E/\partial w`, the direction in which the error grows
fastest. Gradient descent takes a small step the other way:

.. math::

   W \leftarrow W - \eta\,\frac{\partial E}{\partial W},
   \qquad
   b \leftarrow b - \eta\,\frac{\partial E}{\partial b},

equation :eq:`sgd-update`, with the learning rate (学習係数) :math:`\eta > 0`.
Collecting every weight and bias of the network into one vector
:math:`\theta`, the same rule reads
:math:`\theta \leftarrow \theta - \eta\,\partial E/\partial\theta`, which
is how :class:`SGD` applies it: one statement for all the parameters. To
first order in :math:`\eta` the error then changes by
:math:`-\eta\,\lVert\partial E/\partial\theta\rVert^2 \le 0`, where the
squared norm adds up the squares of the gradients of every weight *and*
every bias (equation :eq:`sgd-first-order`).
*Stochastic* means that :math:`E` is the error of one sample (online
learning, batch size 1) or of a small batch, not of the whole data set.

References
----------
Goodfellow, Bengio & Courville, *Deep Learning* (2016), §8.3.1, Algorithm 8.1;
Nielsen, *Neural Networks and Deep Learning* (2015), ch. 1.

Examples
--------
Equation :eq:`sgd-update`: one step moves every weight and bias by
:math:`-\eta` times its gradient, and lowers the error of the sample it was
taken on:

>>> import numpy as np
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares, SGD
>>> rng = np.random.default_rng(0)
>>> net = Network([Dense(1, 3, Sigmoid(), rng=rng, wb_width=1.0),
...                Dense(3, 1, Identity(), rng=rng, wb_width=1.0)], loss=SumOfSquares())
>>> x, t = np.array([[0.5]]), np.array([[1.0]])
>>> _ = net.forward(x)
>>> before = net.error(t)
>>> _ = net.backward(t)
>>> old = [(param.copy(), grad.copy()) for param, grad in net.parameters()]
>>> SGD(learning_rate=0.1).step(net)
>>> all(np.allclose(param, w - 0.1 * g) for (param, _), (w, g) in zip(net.parameters(), old))
True
>>> _ = net.forward(x)
>>> net.error(t) < before
True
"""

from bpteach._validation import check_positive_float

__all__ = ["SGD"]


class SGD:
    r"""Plain stochastic gradient descent, equation :eq:`sgd-update`.

    Parameters
    ----------
    learning_rate : float
        The learning rate :math:`\eta`, a finite number > 0 (the textbook
        uses 0.1).

    Raises
    ------
    ValueError
        If `learning_rate` is not finite or not > 0.
    TypeError
        If `learning_rate` is not a real number.

    Examples
    --------
    >>> from bpteach import SGD
    >>> SGD(learning_rate=0.1)
    SGD(learning_rate=0.1)
    """

    def __init__(self, learning_rate):
        self.learning_rate = check_positive_float(learning_rate, "learning_rate")

    def step(self, network):
        r"""Update every parameter of `network` in place with its current gradient.

        Parameters
        ----------
        network : bpteach.network.Network
            A network on which :meth:`~bpteach.network.Network.backward` has run.

        Notes
        -----
        The update goes through ``network.theta``; a
        layer whose ``W`` or ``b`` was rebound after the network was built is
        not updated until :meth:`~bpteach.network.Network.pack_parameters`
        runs again (:func:`~bpteach.training.train` does that before it starts).
        """
        # theta <- theta - eta dE/dtheta. Every layer's W and b is a view into
        # network.theta (and grad_W, grad_b into network.grad_theta), so this one
        # statement performs W <- W - eta dE/dW and b <- b - eta dE/db for all layers.
        network.theta -= self.learning_rate * network.grad_theta

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate})"

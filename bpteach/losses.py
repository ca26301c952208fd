r"""Error functions (損失関数): their value and their gradient.

The error :math:`E` measures how far the network's output :math:`y` is from
the target :math:`t`. It is **summed** over the samples of a batch, as in the
textbook; the training loop divides by the number of samples only when it
reports the mean error of an epoch.

Sum of squares (二乗和誤差), for regression
-------------------------------------------
.. math::
   :label: sum-of-squares

   E = \frac12 \sum_{n,k} (y_{nk} - t_{nk})^2,
   \qquad
   \frac{\partial E}{\partial y_{nk}} = y_{nk} - t_{nk}.

The factor :math:`\tfrac12` cancels the 2 that differentiation brings down.

Cross-entropy (交差エントロピー誤差), for classification
--------------------------------------------------------
With one-hot targets (one-hot 表現) and outputs that are probabilities,

.. math::
   :label: cross-entropy

   E = -\sum_{n,k} t_{nk} \log y_{nk},
   \qquad
   \frac{\partial E}{\partial y_{nk}} = -\frac{t_{nk}}{y_{nk}}.

Only the log-probability of the true class counts: :math:`E = -\log y_c`.

The output delta simplifies to :math:`y - t`
--------------------------------------------
Each loss has a *matching* output activation for which the error signal of
the output layer, :math:`\delta = \partial E/\partial u`, becomes simply
:math:`y - t`.

*Identity + sum of squares.* :math:`f'(u) = 1`, so by
:eq:`delta-elementwise`, :math:`\delta = \partial E/\partial y = y - t`.

*Softmax + cross-entropy.* Put :math:`\partial E/\partial y_j = -t_j/y_j`
into :eq:`delta-softmax` and use :math:`\sum_j t_j = 1` (one-hot row):

.. math::
   :label: delta-softmax-cross-entropy

   \delta_k = y_k\Bigl(-\frac{t_k}{y_k} + \sum_j \frac{t_j}{y_j}\,y_j\Bigr)
            = -t_k + y_k \sum_j t_j = y_k - t_k.

:class:`bpteach.network.Network` uses this shortcut (as the textbook's
output layer does) and the test suite checks that it equals the general
chain rule.

Numerical care
--------------
For cross-entropy after a softmax, :meth:`CrossEntropy.from_logits`
computes :math:`\log y_k = u_k - \log\sum_j e^{u_j}` directly from the
weighted input, which stays exact even when :math:`y_c` underflows to 0.
The textbook instead adds :math:`10^{-7}` inside the logarithm,
:math:`-\sum t\log(y + 10^{-7})`.

References
----------
Bishop, *Pattern Recognition and Machine Learning* (2006), §4.3.4, §5.2;
Goodfellow, Bengio & Courville, *Deep Learning* (2016), §6.2.2.

Examples
--------
The gradients of :eq:`sum-of-squares` and :eq:`cross-entropy`, checked
against central differences:

>>> import numpy as np
>>> from bpteach.losses import SumOfSquares, CrossEntropy
>>> from bpteach.gradcheck import check_loss
>>> rng = np.random.default_rng(0)
>>> check_loss(SumOfSquares(), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))) < 1e-7
True
>>> y = rng.uniform(0.1, 1.0, size=(4, 2))
>>> t = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
>>> check_loss(CrossEntropy(), y, t) < 1e-7
True

Equation :eq:`delta-softmax-cross-entropy`: the general chain rule
through the softmax gives :math:`y - t`:

>>> from bpteach.activations import Softmax
>>> y = Softmax().forward(rng.normal(size=(4, 2)))
>>> delta = Softmax().backward(y, CrossEntropy().gradient(y, t))
>>> bool(np.allclose(delta, y - t, rtol=0, atol=1e-15))
True
"""

import numpy as np

from bpteach.activations import Identity, Softmax

__all__ = ["Loss", "SumOfSquares", "CrossEntropy", "sum_of_squares", "cross_entropy"]


class Loss:
    """Base class: an error function :math:`E(y, t)` and its gradient.

    Attributes
    ----------
    matching_activation : type
        The output activation with which the output delta simplifies to
        :math:`y - t` (see :eq:`delta-softmax-cross-entropy`).
    """

    name = "loss"
    matching_activation = None

    def __call__(self, y, t):
        """Return the error :math:`E`, summed over the batch.

        Parameters
        ----------
        y : numpy.ndarray of float64, shape (N, n_out)
            Network output.
        t : numpy.ndarray of float64, shape (N, n_out)
            Target.

        Returns
        -------
        float
        """
        raise NotImplementedError

    def gradient(self, y, t):
        r"""Return :math:`\partial E/\partial y`, shape (N, n_out)."""
        raise NotImplementedError

    def check_targets(self, t):
        """Raise ``ValueError`` if `t` cannot be a target for this loss.

        The base class accepts any finite array; see
        :meth:`CrossEntropy.check_targets`.
        """

    def __repr__(self):
        return f"{type(self).__name__}()"

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))


class SumOfSquares(Loss):
    r"""Sum-of-squares error (二乗和誤差), equation :eq:`sum-of-squares`.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.losses import SumOfSquares
    >>> y, t = np.array([[0.5], [2.0]]), np.array([[0.0], [1.0]])
    >>> SumOfSquares()(y, t)
    0.625
    >>> SumOfSquares().gradient(y, t)
    array([[0.5],
           [1. ]])
    """

    name = "sum_of_squares"
    matching_activation = Identity

    def __call__(self, y, t):
        # E = 1/2 sum (y - t)^2
        diff = y - t
        return 0.5 * float(np.vdot(diff, diff))

    def gradient(self, y, t):
        # dE/dy = y - t
        return y - t


class CrossEntropy(Loss):
    r"""Cross-entropy error (交差エントロピー誤差), equation :eq:`cross-entropy`.

    `y` must hold probabilities (a softmax output) and `t` one-hot rows.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.losses import CrossEntropy
    >>> y, t = np.array([[0.25, 0.75]]), np.array([[0.0, 1.0]])
    >>> round(CrossEntropy()(y, t), 6)    # -log 0.75
    0.287682
    """

    name = "cross_entropy"
    matching_activation = Softmax

    #: Smallest positive normal float64; `y` is floored here before the log.
    TINY = float(np.finfo(np.float64).tiny)
    #: :math:`-\log(\text{TINY}) \approx 708.4`: an error this large may hide a floored term.
    FLOOR_ERROR = -float(np.log(np.finfo(np.float64).tiny))

    def __call__(self, y, t):
        r"""Return :math:`E = -\sum t \log y`, summed over the batch.

        A probability that underflowed to 0 is floored at :attr:`TINY`, so
        the result stays finite (about 708 per such sample) instead of
        ``inf`` or ``nan``; for the exact value in that case use
        :meth:`from_logits`, which :meth:`bpteach.network.Network.error`
        does automatically.
        """
        # E = - sum t log y   (terms with t = 0 contribute nothing)
        return -float(np.vdot(t, np.log(np.maximum(y, self.TINY))))

    def from_logits(self, u, t):
        r"""Cross-entropy of ``softmax(u)``, exact for any finite `u`.

        Uses :meth:`bpteach.activations.Softmax.log_forward`, so the result
        stays finite and exact where the probability of the true class
        underflows to 0.

        Parameters
        ----------
        u : numpy.ndarray of float64, shape (N, n_out)
            Weighted input of the softmax output layer (logits).
        t : numpy.ndarray of float64, shape (N, n_out)
            One-hot targets.

        Returns
        -------
        float

        Examples
        --------
        >>> import numpy as np
        >>> from bpteach.losses import CrossEntropy
        >>> u = np.array([[10.0, 92.0, 30.0, -50.0, 40.0]])
        >>> t = np.array([[0.0, 0.0, 0.0, 1.0, 0.0]])
        >>> round(CrossEntropy().from_logits(u, t), 6)
        142.0
        """
        return -float(np.vdot(t, Softmax().log_forward(u)))

    def gradient(self, y, t):
        # dE/dy = -t / y
        return -t / y

    def check_targets(self, t):
        """Raise ``ValueError`` unless every row of `t` is one-hot.

        Parameters
        ----------
        t : numpy.ndarray of float64, shape (N, n_out)

        Raises
        ------
        ValueError
            If an entry is not 0 or 1, or a row does not hold exactly one 1.
            The message says how to turn integer labels into one-hot rows
            with :func:`bpteach.datasets.one_hot`.

        Examples
        --------
        >>> import numpy as np
        >>> from bpteach.losses import CrossEntropy
        >>> CrossEntropy().check_targets(np.array([[0.0, 1.0], [1.0, 0.0]]))
        >>> CrossEntropy().check_targets(np.array([[1.0], [0.0]]))
        Traceback (most recent call last):
        ...
        ValueError: t must hold one-hot rows for cross-entropy ...
        """
        is_binary = (t == 0) | (t == 1)
        row_ok = is_binary.all(axis=1) & (t.sum(axis=1) == 1)
        if not row_ok.all():
            row = int(np.argmin(row_ok))
            raise ValueError(
                "t must hold one-hot rows for cross-entropy (one 1 per row, the rest 0), "
                f"got row {row} = {t[row].tolist()} (t has shape {t.shape}). To turn integer "
                "class labels into one-hot rows, use bpteach.datasets.one_hot(labels, n_classes)."
            )


def sum_of_squares(y, t):
    r"""Sum-of-squares error :math:`\tfrac12\sum(y - t)^2`; see :class:`SumOfSquares`.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.losses import sum_of_squares
    >>> sum_of_squares(np.array([[1.0]]), np.array([[0.0]]))
    0.5
    """
    return SumOfSquares()(y, t)


def cross_entropy(y, t):
    r"""Cross-entropy error :math:`-\sum t \log y`; see :class:`CrossEntropy`.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.losses import cross_entropy
    >>> cross_entropy(np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])) == float(np.log(2))
    True
    """
    return CrossEntropy()(y, t)

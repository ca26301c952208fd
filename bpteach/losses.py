r"""Error functions (損失関数): their value and their gradient.

The error :math:`E` measures how far the network's output :math:`y` is from
the target :math:`t`. It is **summed** over the samples of a batch, as in the
textbook; the training loop divides by the number of samples only when it
reports the mean error of an epoch.

Sum of squares (二乗和誤差), for regression
-------------------------------------------
.. math::

   E = \frac12 \sum_{n,k} (y_{nk} - t_{nk})^2,
   \qquad
   \frac{\partial E}{\partial y_{nk}} = y_{nk} - t_{nk},

equations :eq:`sum-of-squares` and :eq:`sos-gradient`. The factor
:math:`\tfrac12` cancels the 2 that differentiation brings down.

Cross-entropy (交差エントロピー誤差), for classification
--------------------------------------------------------
With one-hot targets (one-hot 表現) and outputs that are probabilities,

.. math::

   E = -\sum_{n,k} t_{nk} \log y_{nk},
   \qquad
   \frac{\partial E}{\partial y_{nk}} = -\frac{t_{nk}}{y_{nk}},

equations :eq:`cross-entropy` and :eq:`ce-gradient`. Only the
log-probability of each sample's correct class :math:`c_n` counts:
:math:`E = -\sum_n \log y_{n c_n}`.

The output delta simplifies to :math:`y - t`
--------------------------------------------
Each loss has a *matching* output activation for which the error signal of
the output layer, :math:`\delta = \partial E/\partial u`, becomes simply
:math:`y - t`: for identity + sum of squares by equation
:eq:`delta-identity-sum-of-squares`, and for softmax + cross-entropy by
equation :eq:`delta-softmax-cross-entropy`, which puts
:math:`\partial E/\partial y_j = -t_j/y_j` into the softmax's backward pass
and uses :math:`\sum_j t_j = 1` (one-hot row).
:class:`bpteach.network.Network` uses this shortcut (as the textbook's
output layer does) and the test suite checks that it equals the general
chain rule.

Numerical care: the exact logarithm, not the textbook's :math:`+10^{-7}`
------------------------------------------------------------------------
:math:`-\log y_c` is infinite if the probability :math:`y_c` of the true
class is 0, and a softmax output does round to 0 once
:math:`u_c` lies more than about 745 below the row's largest :math:`u`
(:math:`e^{-745}` is about the smallest positive float64; the examples at
the end of this introduction check both sides). The
textbook guards against that by adding :math:`10^{-7}` inside the
logarithm, :math:`E = -\sum t\log(y + 10^{-7})`. That keeps :math:`E`
finite, but it is a different number: each sample's error changes by
:math:`-\log(1 + 10^{-7}/y_c)`, which is about :math:`-10^{-7}/y_c` when
:math:`y_c` is much larger than :math:`10^{-7}`.

For a network that is doing reasonably well, :math:`y_c` is not small and
the difference is tiny: it changes a logged error in about its seventh
digit. Here is the mean error per sample of the textbook's classification
network after 5 epochs, computed exactly with :eq:`cross-entropy` and with
the textbook's formula

.. math::

   E_\text{textbook} = -\sum_{n,k} t_{nk} \log\bigl(y_{nk} + 10^{-7}\bigr):

>>> import numpy as np
>>> import bpteach
>>> from bpteach import Network, Dense, Sigmoid, Softmax, CrossEntropy, cross_entropy
>>> rng = np.random.default_rng(0)
>>> x, t = bpteach.datasets.sin_boundary()
>>> net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
...               loss=CrossEntropy())
>>> _ = bpteach.train(net, x, t, epochs=5, learning_rate=0.1, rng=rng, log=None)
>>> y = net.predict(x)
>>> exact = cross_entropy(y, t) / len(x)
>>> textbook = -np.sum(t * np.log(y + 1e-7)) / len(x)
>>> print(f"exact:    {exact:.9f}\ntextbook: {textbook:.9f}")
exact:    0.413454681
textbook: 0.413454490

By the textbook's formula, each sample's error is lowered by
:math:`\log(1 + 10^{-7}/y_c)`, which lies between 0 and
:math:`10^{-7}/y_c`; so is the mean:

>>> y_true = np.sum(t * y, axis=1)
>>> bool(0 < exact - textbook < 1e-7 * np.mean(1 / y_true))
True

But when the network is confidently wrong, :math:`y_c` is far below
:math:`10^{-7}` and the textbook's error is stuck near
:math:`-\log 10^{-7} \approx 16.1`, however wrong the network is. For the
weighted inputs (logits) :math:`u = (10, 92, 30, -50, 40)` with the correct
class :math:`c = 4` (``t[0, 3] = 1`` in code, which counts from 0),
:math:`y_4 = e^{-50}/\sum_j e^{u_j}`, about :math:`2\times10^{-62}`:

>>> u = np.array([[10.0, 92.0, 30.0, -50.0, 40.0]])
>>> t = np.array([[0.0, 0.0, 0.0, 1.0, 0.0]])
>>> y = Softmax().forward(u)
>>> print(f"{y[0, 3]:.2g}")
2.1e-62
>>> print(f"exact: {cross_entropy(y, t):.1f}   textbook: {-np.sum(t * np.log(y + 1e-7)):.1f}")
exact: 142.0   textbook: 16.1

bpteach computes the exact value instead: :math:`-\sum t\log y` itself,
with nothing added. That is exact as long as :math:`y_c` is a normal
float64, at least :attr:`CrossEntropy.TINY` :math:`\approx 2.2\times10^{-308}`.
Below that, :math:`y_c` has lost its digits or rounded to 0, and :math:`y`
alone no longer tells how small it really was; :class:`CrossEntropy` then
uses :attr:`~CrossEntropy.TINY` in its place, so such a term counts
:math:`-\log(\text{TINY}) \approx 708.4`, a lower bound, instead of
:math:`\infty` or ``nan``.

After a softmax the exact value needs no :math:`y` at all:
:meth:`CrossEntropy.from_logits` takes the logarithm of the shifted
softmax, equation :eq:`softmax-shift`, directly (log-sum-exp):

.. math::

   \log y_k = (u_k - u_\text{max}) - \log\sum_j e^{u_j - u_\text{max}},
   \qquad u_\text{max} = \max_j u_j,

which is finite and exact even where :math:`y_c` itself rounds to 0. This
log-softmax agrees with the logarithm of the softmax where that is
computable, and gives :math:`E = 1000` for :math:`u = (0, -1000)` with the
correct class :math:`c = 2` (``t[0, 1] = 1``), where :math:`y_2` is 0:

>>> v = np.random.default_rng(1).normal(scale=5.0, size=(4, 3))
>>> bool(np.allclose(Softmax().log_forward(v), np.log(Softmax().forward(v)), rtol=1e-12))
True
>>> u, t = np.array([[0.0, -1000.0]]), np.array([[0.0, 1.0]])
>>> Softmax().forward(u)
array([[1., 0.]])
>>> round(cross_entropy(Softmax().forward(u), t), 1)   # y_c = 0: the lower bound
708.4
>>> CrossEntropy().from_logits(u, t) == 1000.0
True

:meth:`bpteach.network.Network.error` combines the two: it computes
:math:`-\sum t\log y` from the softmax output and, when the result reaches
708.4 (so a probability may have been replaced by
:attr:`~CrossEntropy.TINY`), recomputes it exactly from the output layer's
weighted input. The output error signal :math:`\delta = y - t`
(:eq:`delta-softmax-cross-entropy`) never divides by :math:`y`, so the
error and every gradient stay finite for any finite weighted input.

The classes' methods run inside the training loop for every sample and
check nothing; the functions :func:`sum_of_squares` and
:func:`cross_entropy` are for your own arrays and check them first.

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

Where a softmax output rounds to 0:

>>> Softmax().forward(np.array([[0.0, -745.0], [0.0, -746.0]]))[:, 1] > 0
array([ True, False])

Equation :eq:`delta-softmax-cross-entropy`: the general chain rule
through the softmax gives :math:`y - t`:

>>> from bpteach.activations import Softmax
>>> y = Softmax().forward(rng.normal(size=(4, 2)))
>>> delta = Softmax().backward(y, CrossEntropy().gradient(y, t))
>>> bool(np.allclose(delta, y - t, rtol=0, atol=1e-15))
True
"""

import numpy as np

from bpteach._validation import check_data, check_same_rows
from bpteach.activations import Identity, Softmax

__all__ = ["Loss", "SumOfSquares", "CrossEntropy", "sum_of_squares", "cross_entropy"]


class Loss:
    """Base class: an error function :math:`E(y, t)` and its gradient.

    Calling the loss, ``loss(y, t)``, and :meth:`gradient` happen inside
    the training loop, for every sample, and check nothing; :meth:`check_targets` and
    :meth:`check_output_activation` are called once, when a network is built
    or trained.

    Attributes
    ----------
    matching_activation : type
        The output activation with which the output delta simplifies to
        :math:`y - t` (see :eq:`delta-identity-sum-of-squares` and
        :eq:`delta-softmax-cross-entropy`).
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
            With a leading copy axis, `y` and `t` of shape (K, N, n_out)
            (:mod:`bpteach.stacked`), an array of K errors, one per copy.
        """
        raise NotImplementedError

    def gradient(self, y, t):
        r"""Return :math:`\partial E/\partial y`, shape (N, n_out)."""
        raise NotImplementedError

    def check_targets(self, t, n_out=None, name="t"):
        """Return the targets `t` as a checked float64 array of shape (N, n_out).

        The base class accepts any finite numbers; see
        :meth:`CrossEntropy.check_targets` for one-hot targets.

        Parameters
        ----------
        t : array_like of real numbers, shape (N, n_out)
            Targets, one row per sample.
        n_out : int, optional
            The required number of columns (the network's output width).
        name : str, optional
            The argument's name in error messages (``"t_val"`` for
            validation targets).

        Returns
        -------
        numpy.ndarray of float64, shape (N, n_out)
            `t` itself if it already is such an array, else a converted copy.

        Raises
        ------
        TypeError
            If `t` does not hold real numbers.
        ValueError
            If `t` is not 2-D, is empty, has the wrong number of columns or
            holds NaN or infinite values.
        """
        return check_data(t, name, n_out, f"one per output (n_out={n_out})")

    def check_output_activation(self, activation):
        """Raise ``ValueError`` if this loss cannot follow `activation`.

        The base class accepts every activation.
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
        if y.shape != t.shape:  # NumPy would broadcast them and return a wrong sum
            raise ValueError(f"y and t must have the same shape, got {y.shape} and {t.shape}")
        # E = 1/2 sum (y - t)^2
        diff = y - t
        return 0.5 * _sum_of_products(diff, diff)

    def gradient(self, y, t):
        # dE/dy = y - t
        return y - t


class CrossEntropy(Loss):
    r"""Cross-entropy error (交差エントロピー誤差), equation :eq:`cross-entropy`.

    `y` must hold probabilities (a softmax output) and `t` one-hot rows.
    Terms with :math:`t_{nk} = 0` contribute nothing, even where
    :math:`y_{nk} = 0`.

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
        if y.shape != t.shape:  # NumPy would broadcast them and return a wrong sum
            raise ValueError(f"y and t must have the same shape, got {y.shape} and {t.shape}")
        # E = - sum t log y   (terms with t = 0 contribute nothing; 0.0 - avoids -0.0)
        return 0.0 - _sum_of_products(t, np.log(np.maximum(y, self.TINY)))

    def from_logits(self, u, t):
        r"""Cross-entropy of ``softmax(u)``, exact for any finite `u`.

        Uses :meth:`bpteach.activations.Softmax.log_forward` (log-sum-exp,
        see the module's introduction), so the result stays finite and exact where the
        probability of the true class underflows to 0. No argument checks
        (it runs for every sample in training); if a row spans more than the
        float64 range (entries near :math:`\pm 10^{308}`), NumPy reports the
        overflow of :math:`u_k - u_\text{max}`, and the result is still right.

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
        log_y = Softmax().log_forward(u)
        # E = - sum t log y over the terms with t != 0: where t = 0, log y may be -inf
        # (a row that spans more than the float64 range), and 0 * (-inf) would be nan.
        return 0.0 - _sum_of_products(t, np.where(t != 0, log_y, 0.0))

    def gradient(self, y, t):
        # dE/dy = -t / y  (0 where t = 0, even where y = 0)
        return -np.divide(t, y, where=t != 0, out=np.zeros_like(y))

    def check_targets(self, t, n_out=None, name="t"):
        """Return `t` as a float64 array of one-hot rows, or explain what is wrong.

        Parameters
        ----------
        t : array_like, shape (N, n_out)
            One-hot targets: each row holds a single 1, the rest 0.
        n_out : int, optional
            The number of classes (the network's output width).
        name : str, optional
            The argument's name in error messages.

        Returns
        -------
        numpy.ndarray of float64, shape (N, n_out)

        Raises
        ------
        ValueError
            If `t` holds integer class labels instead of one-hot rows (the
            message shows how to convert them with
            :func:`bpteach.datasets.one_hot`), if an entry is not 0 or 1 or
            a row does not hold exactly one 1, or for any reason given in
            :meth:`Loss.check_targets`.
        TypeError
            If `t` does not hold real numbers.

        Examples
        --------
        >>> import numpy as np
        >>> from bpteach.losses import CrossEntropy
        >>> CrossEntropy().check_targets([[0, 1], [1, 0]])
        array([[0., 1.],
               [1., 0.]])
        >>> CrossEntropy().check_targets([1, 0, 1], n_out=2)
        Traceback (most recent call last):
        ...
        ValueError: t looks like integer class labels ... bpteach.datasets.one_hot(t, 2).
        """
        _refuse_class_labels(t, n_out, name)
        t = super().check_targets(t, n_out, name)
        is_binary = (t == 0) | (t == 1)
        row_ok = is_binary.all(axis=1) & (t.sum(axis=1) == 1)
        if not row_ok.all():
            row = int(np.argmin(row_ok))
            raise ValueError(
                f"{name} must hold one-hot rows for cross-entropy (a single 1 per row, the rest 0), "
                f"got row {row} = {t[row].tolist()} ({name} has shape {t.shape}). To turn integer "
                "class labels into one-hot rows, use bpteach.datasets.one_hot(labels, n_classes)."
            )
        return t

    def check_output_activation(self, activation):
        r"""Raise ``ValueError`` unless `activation` is a :class:`~bpteach.activations.Softmax`.

        Cross-entropy :math:`-\sum t \log y` needs outputs that are the
        probabilities of the classes: positive and summing to 1 in each row.

        Examples
        --------
        >>> from bpteach import CrossEntropy, Identity
        >>> CrossEntropy().check_output_activation(Identity())
        Traceback (most recent call last):
        ...
        ValueError: cross-entropy needs an output layer with activation Softmax() ...
        """
        if not isinstance(activation, Softmax):
            raise ValueError(
                "cross-entropy needs an output layer with activation Softmax() (each row a "
                f"probability distribution over the classes), got {activation!r}. For "
                "regression use loss=SumOfSquares() instead."
            )


def _sum_of_products(a, b):
    """Return the sum of ``a * b`` over the samples and the outputs (the last two axes).

    A float for one network's (N, n) arrays; for a stack of K copies (a
    leading copy axis, (K, N, n)), an array of K sums, one per copy. Both
    branches use the same dot product, so a copy's sum equals, bit for bit,
    the sum for the same arrays of a single network.
    """
    if a.ndim == 2:
        return float(np.vdot(a, b))
    return np.vecdot(a.reshape(*a.shape[:-2], -1), b.reshape(*b.shape[:-2], -1))


def _refuse_class_labels(t, n_out, name="t"):
    """Raise with a one_hot hint if `t` looks like integer class labels."""
    try:
        arr = np.asarray(t)
    except ValueError:
        return  # ragged: check_data says so
    if arr.dtype.kind not in "biuf" or arr.size == 0:
        return
    column = arr.ndim == 2 and arr.shape[1] == 1 and n_out != 1
    if arr.ndim != 1 and not column:
        return
    values = arr.reshape(-1)
    whole = np.all(np.isfinite(values)) and np.all(values == np.round(values)) and values.min() >= 0
    if whole and (n_out is None or n_out >= 2 or arr.ndim == 1):
        n_classes = n_out if n_out is not None else int(values.max()) + 1
        source = name if arr.ndim == 1 else f"{name}[:, 0]"
        if arr.dtype.kind == "f":
            source += ".astype(int)"
        single_row = ""
        if arr.ndim == 1 and arr.size == n_out and values.sum() == 1 and values.max() == 1:
            single_row = f" If {name} is instead a single one-hot row, use {name}.reshape(1, -1)."
        raise ValueError(
            f"{name} looks like integer class labels (shape {arr.shape}, values from "
            f"{values.min():g} to {values.max():g}), but cross-entropy needs one-hot rows "
            f"of shape (N, {n_classes}), a single 1 per row. "
            f"Convert the labels with {name} = bpteach.datasets.one_hot({source}, {n_classes}).{single_row}"
        )


def sum_of_squares(y, t):
    r"""Sum-of-squares error :math:`\tfrac12\sum(y - t)^2`; see :class:`SumOfSquares`.

    Checks its arguments first (unlike calling ``SumOfSquares()(y, t)``).

    Parameters
    ----------
    y : array_like of real numbers, shape (N, n)
        Outputs, one sample per row.
    t : array_like of real numbers, shape (N, n)
        Targets.

    Returns
    -------
    float
        ``inf`` if the sum exceeds the float64 range (about :math:`1.8\times10^{308}`).

    Raises
    ------
    ValueError
        If `y` or `t` is not 2-D, is empty or not finite, or if their shapes
        differ.
    TypeError
        If they do not hold real numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.losses import sum_of_squares
    >>> sum_of_squares(np.array([[1.0]]), np.array([[0.0]]))
    0.5
    """
    y = check_data(y, "y")
    t = SumOfSquares().check_targets(t, y.shape[1])
    check_same_rows(y, t, "y", "t")
    with np.errstate(over="ignore"):
        return SumOfSquares()(y, t)


def cross_entropy(y, t):
    r"""Cross-entropy error :math:`-\sum t \log y`; see :class:`CrossEntropy`.

    Checks its arguments first (unlike calling ``CrossEntropy()(y, t)``). If
    you have the weighted inputs (logits) of a softmax layer, prefer
    :meth:`CrossEntropy.from_logits`, which stays finite where a
    probability rounds to 0.

    Parameters
    ----------
    y : array_like of real numbers, shape (N, n)
        Predicted probabilities, each in :math:`[0, 1]` (a softmax output).
    t : array_like, shape (N, n)
        One-hot targets.

    Returns
    -------
    float
        Where the probability of a true class is below
        :attr:`CrossEntropy.TINY` (for instance 0), that term counts
        :math:`-\log(\text{TINY}) \approx 708.4`, a lower bound.

    Raises
    ------
    ValueError
        If `y` is not a 2-D array of probabilities, if `t` is not one-hot
        (see :meth:`CrossEntropy.check_targets`), or if their shapes differ.
    TypeError
        If they do not hold real numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.losses import cross_entropy
    >>> bool(np.isclose(cross_entropy(np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])), np.log(2)))
    True
    """
    y = check_data(y, "y")
    outside = (y < 0) | (y > 1)
    if outside.any():
        row, col = (int(i) for i in np.argwhere(outside)[0])
        raise ValueError(
            f"y must hold probabilities in [0, 1] (a softmax output), got {y[row, col]} at row "
            f"{row}, column {col}. For raw scores (logits) use CrossEntropy().from_logits(u, t)."
        )
    t = CrossEntropy().check_targets(t, y.shape[1])
    check_same_rows(y, t, "y", "t")
    return CrossEntropy()(y, t)

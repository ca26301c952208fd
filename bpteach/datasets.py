r"""The textbook's two data sets, built exactly as the textbook builds them.

Regression (回帰): learn the sine curve
------------------------------------------
Angles :math:`0, 0.1, 0.2, \dots, 6.2` (``np.arange(0, 2*np.pi, 0.1)``,
63 points), targets :math:`t = \sin(\text{angle})`, and as the network's
input :math:`x` the angle rescaled to :math:`x = (\text{angle} - \pi)/\pi
\in [-1, 1)`, so that it suits a sigmoid layer.

Classification (分類): above or below a sine wave
----------------------------------------------------
The 21 × 21 grid ``np.arange(-1.0, 1.1, 0.1)`` in each coordinate
(the first coordinate :math:`x_1` in the outer loop, the second :math:`x_2`
in the inner one, as in the textbook's double loop), with the one-hot target
:math:`[0, 1]` if :math:`x_2 < \sin(\pi x_1)` and :math:`[1, 0]` otherwise.
The target's second column, ``t[:, 1]``, is therefore 1 for "below the
curve".

Both functions return float64 arrays with one sample per row.

Examples
--------
>>> from bpteach.datasets import sin_curve, sin_boundary
>>> x, t = sin_curve()
>>> x.shape, t.shape
((63, 1), (63, 1))
>>> x, t = sin_boundary()
>>> x.shape, t.shape, int(t[:, 1].sum())
((441, 2), (441, 2), 221)
"""

import numpy as np

from bpteach._validation import check_positive_int

__all__ = ["sin_curve", "sin_boundary", "one_hot"]


def sin_curve():
    r"""The regression data: 63 inputs in :math:`[-1, 1)` and their targets on the sine curve.

    Returns
    -------
    x : numpy.ndarray of float64, shape (63, 1)
        Inputs :math:`x = (\text{angle} - \pi)/\pi`, the angles
        :math:`0, 0.1, \dots, 6.2` rescaled.
    t : numpy.ndarray of float64, shape (63, 1)
        Targets :math:`t = \sin(\text{angle}) = \sin(\pi x + \pi)`, computed
        from the angles before the rescaling.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.datasets import sin_curve
    >>> x, t = sin_curve()
    >>> float(x[0, 0]), float(t[0, 0])
    (-1.0, 0.0)
    >>> bool(np.allclose(t, np.sin(np.pi * x + np.pi)))
    True
    """
    angle = np.arange(0.0, 2 * np.pi, 0.1)
    t = np.sin(angle)
    x = (angle - np.pi) / np.pi
    return x.reshape(-1, 1), t.reshape(-1, 1)


def sin_boundary():
    r"""The classification data: a 21 × 21 grid on :math:`[-1, 1]^2`, one-hot targets.

    Returns
    -------
    x : numpy.ndarray of float64, shape (441, 2)
        Grid points :math:`(x_1, x_2)`, :math:`x_1` varying slowest.
    t : numpy.ndarray of float64, shape (441, 2)
        :math:`[0, 1]` where :math:`x_2 < \sin(\pi x_1)` (below the curve),
        else :math:`[1, 0]`.

    Examples
    --------
    >>> from bpteach.datasets import sin_boundary
    >>> x, t = sin_boundary()
    >>> x[:2]
    array([[-1. , -1. ],
           [-1. , -0.9]])
    >>> t[:2]      # at x1 = -1 the curve is at 0: both points lie below it
    array([[0., 1.],
           [0., 1.]])
    """
    grid = np.arange(-1.0, 1.1, 0.1)
    x = np.array([[gx, gy] for gx in grid for gy in grid])
    below = x[:, 1] < np.sin(np.pi * x[:, 0])
    return x, one_hot(below.astype(int), 2)


def one_hot(labels, n_classes):
    r"""Turn integer class labels into one-hot rows (one-hot 表現).

    Parameters
    ----------
    labels : array_like of int, shape (N,)
        Class indices in ``0 .. n_classes-1``.
    n_classes : int
        Number of classes, :math:`\ge 1`.

    Returns
    -------
    numpy.ndarray of float64, shape (N, n_classes)

    Raises
    ------
    ValueError
        If `labels` is not 1-D or holds a value outside ``0 .. n_classes-1``.
    TypeError
        If `labels` are not integers (whole numbers stored as floats or
        booleans are refused too, with the conversion to write).

    Examples
    --------
    >>> from bpteach.datasets import one_hot
    >>> one_hot([1, 0, 2], 3)
    array([[0., 1., 0.],
           [1., 0., 0.],
           [0., 0., 1.]])
    >>> one_hot([], 2).shape
    (0, 2)
    """
    n_classes = check_positive_int(n_classes, "n_classes")
    try:
        labels = np.asarray(labels)
    except ValueError:
        raise ValueError("labels must be a 1-D array of class indices, got ragged nested lists") from None
    if labels.ndim != 1:
        hint = ""
        if labels.ndim == 2 and labels.shape[1] == 1:
            hint = "; for a column of labels use labels[:, 0]"
        raise ValueError(f"labels must be a 1-D array of class indices, got shape {labels.shape}{hint}")
    if labels.size == 0:
        return np.zeros((0, n_classes))
    if not np.issubdtype(labels.dtype, np.integer):
        hint = ""
        if labels.dtype.kind == "b" or (
            labels.dtype.kind == "f" and np.all(np.isfinite(labels)) and np.all(labels == np.round(labels))
        ):
            hint = "; they are whole numbers, so convert them with labels.astype(int)"
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}{hint}")
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(
            f"labels must lie in 0 .. {n_classes - 1} for n_classes={n_classes}, "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return np.eye(n_classes)[labels]

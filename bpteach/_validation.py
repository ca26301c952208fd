"""Argument checks shared by the public entry points.

Every message names the argument, says what was expected and shows what was
received. Nothing is silently reshaped: a 1-D array where a matrix is needed
is refused with a hint, never flattened or stacked behind your back. Numeric
arrays of any integer, boolean or floating dtype up to float64 are converted
to float64 (a new array; yours is never modified); higher precision (long
double) is refused rather than silently rounded.
"""

import numbers

import numpy as np


def _plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _describe(value):
    return f"{value!r} of type {type(value).__name__}"


def check_positive_int(value, name):
    """Return `value` as an ``int`` if it is an integer >= 1, else raise.

    Raises
    ------
    TypeError
        If `value` is not an integer (``bool`` and ``float`` included).
    ValueError
        If `value` < 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        hint = ""
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
            hint = f" (write {int(value)}, not {value!r})"
        raise TypeError(f"{name} must be an integer >= 1, got {_describe(value)}{hint}")
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value}")
    return int(value)


def check_instance(value, cls, name, example):
    """Return `value` if it is an instance of `cls`, else raise ``TypeError``.

    The message names the argument and an example (``"Sigmoid()"``), and
    asks about forgotten parentheses when the class itself was passed.
    """
    if not isinstance(value, cls):
        article = "an" if cls.__name__[0] in "AEIOU" else "a"
        raise TypeError(
            f"{name} must be an instance of {article} {cls.__name__} class such as {example}, "
            f"got {value!r}" + (" (did you forget the parentheses?)" if isinstance(value, type) else "")
        )
    return value


def check_generator(rng, name="rng"):
    """Raise ``TypeError`` unless `rng` is a :class:`numpy.random.Generator`."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator, e.g. np.random.default_rng(0), "
            f"got {_describe(rng)}"
        )
    return rng


def _check_real(value, name, expected):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {expected}, got {_describe(value)}")
    return float(value)


def check_positive_float(value, name):
    """Return `value` as a ``float`` if it is a finite number > 0, else raise."""
    value = _check_real(value, name, "a finite number > 0")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def check_nonnegative_float(value, name):
    """Return `value` as a ``float`` if it is a finite number >= 0, else raise."""
    value = _check_real(value, name, "a finite number >= 0")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return value


def as_float_array(array, name):
    """Return `array` as a float64 NumPy array holding only finite values.

    Any shape is accepted; see :func:`check_data` for the (N, n) data layout.

    Raises
    ------
    TypeError
        If the values are not real numbers, or have more than float64
        precision.
    ValueError
        If the rows are ragged, a value is NaN or infinite, or a value is
        masked (a ``numpy.ma`` masked array: the value under the mask would
        be used as if it were data).
    """
    masked = np.ma.getmaskarray(array) if isinstance(array, np.ma.MaskedArray) else None
    if masked is not None and masked.any():
        where = tuple(int(i) for i in np.argwhere(masked)[0])
        raise ValueError(
            f"{name} is a masked array with {int(masked.sum())} masked values (the first at index {where}): "
            f"bpteach would use the values under the mask as data. Drop the samples that hold them, "
            f"e.g. {name}[~np.ma.getmaskarray({name}).any(axis=1)], or fill them with {name}.filled(value)"
        )
    try:
        arr = np.asarray(array)
    except ValueError as err:  # NumPy refuses ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array (every row of the same length), "
            f"got ragged rows: {err}"
        ) from None
    if arr.dtype.kind in "OUSV":
        what = {"O": "Python objects", "U": "strings", "S": "bytes", "V": "raw records"}[arr.dtype.kind]
        raise TypeError(f"{name} must hold real numbers, got {what} (dtype {arr.dtype})")
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex dtype {arr.dtype}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "f" and arr.dtype.itemsize > 8:
        raise TypeError(
            f"{name} has dtype {arr.dtype}, more precise than the float64 that bpteach computes "
            f"with; convert it explicitly with {name}.astype(np.float64)"
        )
    arr = arr.astype(np.float64, copy=False)
    finite = np.isfinite(arr)
    if not finite.all():
        where = tuple(int(i) for i in np.argwhere(~finite)[0])
        position = f" at index {where}" if where else ""
        raise ValueError(
            f"{name} must hold only finite values, got {arr[where]}{position} "
            f"({int(arr.size - finite.sum())} of {arr.size} values are NaN or infinite)"
        )
    return arr


def check_data(array, name, n_columns=None, what=None):
    """Return `array` as a 2-D float64 array, checking shape and finiteness.

    Parameters
    ----------
    array : array_like
        Inputs or targets, one sample per row.
    name : str
        Argument name used in messages.
    n_columns : int, optional
        Required number of columns.
    what : str, optional
        What each column is, for the message (e.g. "one per network input").

    Raises
    ------
    TypeError
        If the array is not numeric (see :func:`as_float_array`).
    ValueError
        If it is not 2-D, is empty, has the wrong number of columns, or holds
        NaN or infinite values.
    """
    arr = as_float_array(array, name)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 0:
            hint = f"; for a single sample with a single value write [[{name}]]"
        elif arr.ndim == 1:
            if n_columns is None or n_columns == 1:
                hint = f"; for one value per sample use {name}.reshape(-1, 1)"
            elif arr.shape[0] == n_columns:
                hint = f"; for a single sample use {name}.reshape(1, -1)"
            else:
                hint = f"; each row must hold {n_columns} values, one sample per row"
        raise ValueError(
            f"{name} must be a 2-D array of shape (N, n) with one sample per row, "
            f"got shape {arr.shape}{hint}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: got shape {arr.shape}, need at least one sample (row)")
    if n_columns is not None and arr.shape[1] != n_columns:
        what = f", {what}" if what else ""
        raise ValueError(
            f"{name} must have {_plural(n_columns, 'column')}{what}, got shape {arr.shape} "
            f"with {_plural(arr.shape[1], 'column')}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has no columns: got shape {arr.shape}, need at least one value per row")
    return arr


def check_same_rows(x, t, x_name="x", t_name="t"):
    """Raise ``ValueError`` unless `x` and `t` hold the same number of rows."""
    if x.shape[0] != t.shape[0]:
        raise ValueError(
            f"{x_name} and {t_name} must hold the same number of samples (rows), got "
            f"{x.shape[0]} in {x_name} (shape {x.shape}) and {t.shape[0]} in {t_name} (shape {t.shape})"
        )

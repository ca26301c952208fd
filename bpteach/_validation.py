"""Argument checks shared by the public entry points.

Every message names the argument, what was expected and what was received.
"""

import numbers

import numpy as np


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
        raise TypeError(f"{name} must be an integer >= 1, got {value!r} of type {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value}")
    return int(value)


def check_generator(rng, name="rng"):
    """Raise ``TypeError`` unless `rng` is a :class:`numpy.random.Generator`."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator, e.g. np.random.default_rng(0), "
            f"got {rng!r}"
        )
    return rng


def check_positive_float(value, name):
    """Return `value` as a ``float`` if it is a finite number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a finite number > 0, got {value!r} of type {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def check_data(array, name, n_columns=None, what="columns"):
    """Return `array` as a 2-D float64 array, checking shape and finiteness.

    Parameters
    ----------
    array : array_like
        Inputs or targets, one sample per row.
    name : str
        Argument name used in messages.
    n_columns : int, optional
        Required number of columns.
    what : str
        How to describe the columns in a message.

    Raises
    ------
    TypeError
        If the array is not numeric.
    ValueError
        If it is not 2-D, is empty, has the wrong number of columns, or holds
        NaN or infinite values.
    """
    arr = np.asarray(array)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = f"; for one feature per sample use {name}.reshape(-1, 1)"
        raise ValueError(
            f"{name} must be a 2-D array of shape (N, n) with one sample per row, "
            f"got shape {arr.shape}{hint}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: got shape {arr.shape}, need at least one sample (row)")
    if n_columns is not None and arr.shape[1] != n_columns:
        raise ValueError(
            f"{name} must have {n_columns} {what}, got shape {arr.shape} "
            f"with {arr.shape[1]} columns"
        )
    arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{name} must hold only finite values, got {arr[tuple(bad)]} at row {bad[0]}, column {bad[1]}"
        )
    return arr

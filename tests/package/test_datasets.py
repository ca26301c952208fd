import numpy as np

from bpteach.datasets import one_hot, sin_boundary, sin_curve


def test_sin_curve_is_the_textbook_data():
    x, t = sin_curve()
    raw = np.arange(0, 2 * np.pi, 0.1)
    assert x.shape == t.shape == (63, 1)
    assert x.dtype == t.dtype == np.float64
    # exact: sin_curve computes this same np.sin of the same array
    assert np.array_equal(t[:, 0], np.sin(raw))
    # exact: sin_curve computes this same expression
    assert np.array_equal(x[:, 0], (raw - np.pi) / np.pi)


def test_sin_boundary_is_the_textbook_grid():
    x, t = sin_boundary()
    assert x.shape == t.shape == (441, 2)
    grid = np.arange(-1.0, 1.1, 0.1)
    expected_x, expected_t = [], []
    for gx in grid:  # the textbook's double loop, X outer and Y inner
        for gy in grid:
            expected_x.append([gx, gy])
            expected_t.append([0, 1] if gy < np.sin(np.pi * gx) else [1, 0])
    # exact: the grid's values are copied, not computed differently
    assert np.array_equal(x, np.array(expected_x))
    # exact: one-hot rows of 0.0 and 1.0
    assert np.array_equal(t, np.array(expected_t, dtype=float))
    # exact: sums of 0.0 and 1.0 are whole numbers
    assert np.all(t.sum(axis=1) == 1)


def test_one_hot():
    # exact: 0.0 and 1.0
    assert np.array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])

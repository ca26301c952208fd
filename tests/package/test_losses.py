import numpy as np
import pytest

from bpteach.activations import Identity, Softmax
from bpteach.gradcheck import check_loss
from bpteach.losses import CrossEntropy, SumOfSquares, cross_entropy, sum_of_squares


def test_sum_of_squares_value_and_gradient(rng):
    y, t = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    # Not ==: the two sums may add in another order (another BLAS kernel): one ulp apart.
    assert sum_of_squares(y, t) == pytest.approx(0.5 * np.sum((y - t) ** 2), rel=1e-14)
    assert check_loss(SumOfSquares(), y, t) < 1e-7


def test_cross_entropy_value_and_gradient(rng):
    y = Softmax().forward(rng.normal(size=(5, 3)))
    t = np.eye(3)[[0, 2, 1, 1, 0]]
    assert np.isclose(cross_entropy(y, t), -np.sum(np.log(y[t == 1])), rtol=1e-14)
    assert check_loss(CrossEntropy(), y, t) < 1e-7


def test_cross_entropy_from_logits_equals_the_plain_formula(rng):
    u = rng.normal(size=(5, 3))
    t = np.eye(3)[[0, 2, 1, 1, 0]]
    assert np.isclose(CrossEntropy().from_logits(u, t), CrossEntropy()(Softmax().forward(u), t), rtol=1e-13)


def test_identity_with_sum_of_squares_gives_y_minus_t(rng):
    y, t = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    delta = Identity().backward(y, SumOfSquares().gradient(y, t))
    # exact: Identity.backward passes SumOfSquares.gradient's y - t through unchanged
    assert np.array_equal(delta, y - t)


def test_softmax_with_cross_entropy_gives_y_minus_t(rng):
    y = Softmax().forward(rng.normal(size=(6, 3)))
    t = np.eye(3)[[0, 1, 2, 2, 1, 0]]
    delta = Softmax().backward(y, CrossEntropy().gradient(y, t))
    assert np.allclose(delta, y - t, rtol=0, atol=1e-14)


def test_matching_activations():
    assert SumOfSquares.matching_activation is Identity
    assert CrossEntropy.matching_activation is Softmax

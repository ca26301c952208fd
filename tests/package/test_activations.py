import numpy as np
import pytest

from bpteach.activations import Identity, ReLU, Sigmoid, Softmax, Tanh
from bpteach.gradcheck import check_activation

SMOOTH = [Identity(), Sigmoid(), Tanh(), Softmax()]


@pytest.mark.parametrize("activation", SMOOTH, ids=repr)
def test_backward_matches_central_differences(activation, rng):
    u = rng.normal(scale=2.0, size=(5, 4))
    assert check_activation(activation, u, rng=rng) < 1e-7


def test_relu_backward_away_from_the_kink(rng):
    u = rng.normal(size=(5, 4))
    u[np.abs(u) < 0.1] = 0.5  # central differences are meaningless at u = 0
    assert check_activation(ReLU(), u, rng=rng) < 1e-7


def test_sigmoid_is_the_logistic_function(rng):
    u = rng.normal(scale=5.0, size=100)
    assert np.allclose(Sigmoid().forward(u), 1 / (1 + np.exp(-u)), rtol=1e-12, atol=1e-15)


def test_sigmoid_derivative_is_y_times_one_minus_y(rng):
    u = rng.normal(size=10)
    y = Sigmoid().forward(u)
    numeric = (Sigmoid().forward(u + 1e-6) - Sigmoid().forward(u - 1e-6)) / 2e-6
    assert np.allclose(Sigmoid().derivative(y), numeric, rtol=1e-7)


def test_softmax_rows_are_probability_distributions(rng):
    y = Softmax().forward(rng.normal(scale=10, size=(6, 3)))
    assert np.all(y >= 0)
    assert np.allclose(y.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_softmax_backward_equals_explicit_jacobian(rng):
    u = rng.normal(size=(1, 4))
    g = rng.normal(size=(1, 4))
    y = Softmax().forward(u)[0]
    jacobian = np.diag(y) - np.outer(y, y)  # dy_j/du_k = y_j (1[j=k] - y_k)
    assert np.allclose(Softmax().backward(y[None, :], g)[0], g[0] @ jacobian, rtol=1e-12)


def test_softmax_has_no_elementwise_derivative():
    with pytest.raises(TypeError, match="Softmax.backward"):
        Softmax().derivative(np.ones((1, 2)))

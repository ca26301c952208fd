import numpy as np
import pytest
from helpers import classification_network, regression_network, wrong_gradients

from bpteach import Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares, Tanh
from bpteach.gradcheck import check_layer, check_network


@pytest.mark.parametrize("activation", [Identity(), Sigmoid(), Tanh(), Softmax()], ids=repr)
def test_dense_layer_gradients(activation, rng):
    layer = Dense(3, 4, activation, rng=rng, wb_width=1.0)
    errors = check_layer(layer, rng.normal(size=(5, 3)), rng=rng)
    assert set(errors) == {"W", "b", "x"}
    assert max(errors.values()) < 1e-7, wrong_gradients(errors)


def test_dense_initialisation_follows_the_textbook():
    layer = Dense(2, 6, Sigmoid(), rng=np.random.default_rng(7))
    draws = np.random.default_rng(7)
    # exact: the same draws times the same 0.01
    assert np.array_equal(layer.W, 0.01 * draws.standard_normal((2, 6)))
    # exact: the same draws times the same 0.01
    assert np.array_equal(layer.b, 0.01 * draws.standard_normal(6))


@pytest.mark.parametrize("make", [regression_network, classification_network])
@pytest.mark.parametrize("batch", [1, 7])
def test_whole_network_gradients(make, batch, rng):
    net = make(rng, wb_width=1.0)
    x = rng.uniform(-1, 1, size=(batch, net.n_in))
    if net.n_out == 1:
        t = rng.normal(size=(batch, 1))
    else:
        t = np.eye(2)[rng.integers(0, 2, size=batch)]
    errors = check_network(net, x, t)
    assert set(errors) == {"x", "W1", "b1", "W2", "b2"}
    assert max(errors.values()) < 1e-7, wrong_gradients(errors)


@pytest.mark.parametrize("make", [regression_network, classification_network])
def test_y_minus_t_shortcut_equals_the_general_chain_rule(make, rng):
    net = make(rng, wb_width=1.0)
    assert net._output_delta_is_y_minus_t
    x = rng.uniform(-1, 1, size=(5, net.n_in))
    t = rng.normal(size=(5, 1)) if net.n_out == 1 else np.eye(2)[[0, 1, 1, 0, 1]]
    net.forward(x)
    net.backward(t)
    shortcut = [(layer.delta.copy(), layer.grad_W.copy()) for layer in net.layers]
    net._output_delta_is_y_minus_t = False  # force dE/dy -> f'(u) through the activation
    net.forward(x)
    net.backward(t)
    for (delta, grad_W), layer in zip(shortcut, net.layers):
        assert np.allclose(delta, layer.delta, rtol=1e-12, atol=1e-15)
        assert np.allclose(grad_W, layer.grad_W, rtol=1e-12, atol=1e-15)


def test_non_matching_pair_uses_the_general_path(rng):
    net = Network([Dense(2, 3, Tanh(), rng=rng, wb_width=1.0),
                   Dense(3, 2, Sigmoid(), rng=rng, wb_width=1.0)], loss=SumOfSquares())
    assert not net._output_delta_is_y_minus_t
    errors = check_network(net, rng.normal(size=(4, 2)), rng.normal(size=(4, 2)))
    assert max(errors.values()) < 1e-7, wrong_gradients(errors)


def test_layer_sizes_must_chain(rng):
    with pytest.raises(ValueError, match=r"layers\[1\] expects 4 inputs but layers\[0\] has 3 outputs"):
        Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(4, 1, Identity(), rng=rng)], loss=SumOfSquares())

"""The gradient checker near zero (the rounding-noise floor), its step sizes, and huge gradients."""

import warnings
from functools import partial

import numpy as np
import pytest
from helpers import classification_network, regression_network

import bpteach.gradcheck as gradcheck
from bpteach import Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares, Tanh
from bpteach.activations import Activation
from bpteach.datasets import sin_boundary, sin_curve
from bpteach.gradcheck import (
    EPSILON_RANGE,
    NOISE_FACTOR,
    TOLERANCE,
    GradientCheckWarning,
    check_activation,
    check_layer,
    check_loss,
    check_network,
    numerical_gradient,
    relative_error,
)


@pytest.mark.parametrize("make", [regression_network, classification_network])
def test_collapsed_weights_are_reported_as_could_not_check_not_as_correct(make):
    x, t = sin_curve() if make is regression_network else sin_boundary()
    net = make(np.random.default_rng(0), wb_width=1e-15)
    net.forward(x)
    net.backward(t)
    g = net.layers[0].grad_W.copy()

    def error():
        net.forward(x)
        return net.error(t)

    g_hat = numerical_gradient(error, net.layers[0].W)
    assert np.abs(g).max() < 1e-12 and relative_error(g, g_hat) > 0.5  # the blind spot
    with pytest.warns(GradientCheckWarning) as caught:
        errors = check_network(net, x, t)
    # Below the noise: not "correct" (NaN < TOLERANCE is False), and said so, by name.
    unchecked = sorted(name for name, r in errors.items() if np.isnan(r))
    assert "W1" in unchecked and "b1" in unchecked
    assert sorted(str(w.message).split(":")[0] for w in caught) == [f"could not check {n}" for n in unchecked]
    assert not any(errors[name] < TOLERANCE for name in unchecked)
    # The output layer's gradient is large (delta = y - t is of order 1): it is checked.
    assert errors["W2"] < TOLERANCE and errors["b2"] < TOLERANCE


def test_a_wrong_gradient_below_the_noise_is_not_called_correct():
    """The point of "could not check": a wrong derivative too small to see would pass as correct."""
    rng = np.random.default_rng(4)
    net = Network([Dense(2, 4, _WrongSigmoid(), rng=rng, wb_width=1e-15),
                   Dense(4, 1, Identity(), rng=rng, wb_width=1e-15)], loss=SumOfSquares())
    with pytest.warns(GradientCheckWarning) as caught:
        errors = check_network(net, rng.normal(size=(5, 2)), rng.normal(size=(5, 1)))
    assert np.isnan(errors["W1"]) and not errors["W1"] < TOLERANCE
    assert any(str(w.message).startswith("could not check W1: its gradient is below the rounding noise")
               for w in caught)


class _WrongSigmoid(Sigmoid):
    def backward(self, y, grad_y):
        return grad_y * y  # y instead of y (1 - y)


@pytest.mark.parametrize("wb_width", [1.0, 1e-3])
def test_a_wrong_gradient_is_still_caught_above_the_floor(wb_width):
    rng = np.random.default_rng(1)
    net = Network([Dense(2, 4, _WrongSigmoid(), rng=rng, wb_width=wb_width),
                   Dense(4, 1, Identity(), rng=rng, wb_width=wb_width)], loss=SumOfSquares())
    errors = check_network(net, rng.normal(size=(5, 2)), rng.normal(size=(5, 1)))
    assert errors["W1"] > 1e-3 and errors["b1"] > 1e-3


def _needed_factor(checks):
    """Run `checks` and return the smallest NOISE_FACTOR with which every one would pass."""
    needed = [0.0]
    plain = relative_error

    def spy(analytic, numeric, *, noise=0.0):
        difference = np.linalg.norm(np.subtract(analytic, numeric))
        if difference > TOLERANCE * (np.linalg.norm(analytic) + np.linalg.norm(numeric)):
            needed.append(difference / (noise / NOISE_FACTOR))
        return plain(analytic, numeric, noise=noise)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gradcheck, "relative_error", spy)
        results = [check() for check in checks]
    return max(needed), results


def test_the_noise_factor_covers_correct_gradients_at_every_scale():
    """NOISE_FACTOR is several times what bpteach's correct gradients need, from collapsed to saturated."""
    rng = np.random.default_rng(2)
    x_r, t_r = sin_curve()
    x_c, t_c = sin_boundary()
    checks = []
    for trial in range(60):
        wb_width = 10 ** rng.uniform(-14, 0.5)
        activation = (Sigmoid(), Tanh())[trial % 2]
        if trial % 3 == 0:
            net = Network([Dense(1, 3, activation, rng=rng, wb_width=wb_width),
                           Dense(3, 1, Identity(), rng=rng, wb_width=wb_width)], loss=SumOfSquares())
            rows = rng.choice(63, size=rng.integers(1, 63), replace=False)
            data = x_r[rows], t_r[rows] * 10 ** rng.uniform(-3, 1)
        else:
            net = classification_network(rng, wb_width=wb_width)
            rows = rng.choice(441, size=rng.integers(1, 60), replace=False)
            data = x_c[rows], t_c[rows]
        checks.append(partial(check_network, net, *data))
    for _ in range(40):
        scale = 10 ** rng.uniform(-3, 1.7)  # up to |u| ~ 50: saturated sigmoids
        for activation in (Sigmoid(), Tanh(), Softmax()):
            checks.append(partial(check_activation, activation, rng.normal(size=(4, 3)) * scale))
        layer = Dense(3, 2, Sigmoid(), rng=rng, wb_width=10 ** rng.uniform(-12, 1))
        checks.append(partial(check_layer, layer, rng.normal(size=(5, 3))))
        y, t = rng.normal(size=(2, 4, 3)) * scale
        checks.append(partial(check_loss, SumOfSquares(), y, t))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GradientCheckWarning)
        needed, results = _needed_factor(checks)
    values = np.array([v for r in results for v in (r.values() if isinstance(r, dict) else [r])])
    unchecked = np.isnan(values)
    print(f"{len(values)} checks: {unchecked.sum()} could not be checked (below the noise), "
          f"largest checked r {values[~unchecked].max():.1e}, smallest factor needed {needed:.2g}")
    assert len(caught) == unchecked.sum() > 0  # each one said so
    assert np.all(values[~unchecked] < TOLERANCE)
    assert 0 < needed < NOISE_FACTOR / 3, needed


@pytest.mark.parametrize(("eps", "why"), [(1e-20, "too small"), (5e-11, "too small"), (0.1, "too large")])
def test_steps_outside_the_range_are_refused_with_the_reason(eps, why):
    w = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=rf"eps={eps:g} is {why} a step: .* between 1e-10 and 0.01"):
        numerical_gradient(lambda: float(np.sum(w**3)), w, eps)
    with pytest.raises(ValueError, match=why):
        check_activation(Sigmoid(), np.zeros((1, 2)), eps=eps)


def test_steps_at_the_ends_of_the_range_are_accepted():
    w = np.array([1.0, 2.0])
    for eps in EPSILON_RANGE:
        assert np.allclose(numerical_gradient(lambda: float(np.sum(w**3)), w, eps), 3 * w**2, rtol=1e-3)


def test_a_step_lost_to_rounding_is_refused():
    w = np.array([1.0, 1e12])
    with pytest.raises(ValueError, match=r"w\[1\] = 1e\+12 is so large that w \+ eps rounds to w"):
        numerical_gradient(lambda: float(np.sum(w)), w)


def test_relative_error_stays_finite_and_scale_free_for_huge_values():
    # exact: dividing by the largest entry gives [1, 1] and [1, -1] exactly
    assert relative_error([1e200, 1e200], [1e200, -1e200]) == relative_error([1.0, 1.0], [1.0, -1.0])
    # exact: |2g| / (|g| + |g|) = 1, with a scaling by 2 that is exact
    assert relative_error([1e308, -1e308], [-1e308, 1e308]) == 1.0
    # exact: equal gradients: the difference is 0
    assert relative_error([1e-300, 0.0], [1e-300, 0.0]) == 0.0
    # exact: zero gradients are returned as 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    # The floor: a difference below the noise is accepted, one above it is not.
    assert relative_error([1e-12], [0.0], noise=1e-11) < TOLERANCE
    assert relative_error([1e-10], [0.0], noise=1e-11) > TOLERANCE


def test_a_custom_activation_near_zero():
    """A correct softplus at collapsed weights: what can be checked passes, the rest is named."""

    class Softplus(Activation):
        def forward(self, u):
            return np.logaddexp(0.0, u)

        def derivative(self, y):
            return -np.expm1(-y)

    rng = np.random.default_rng(3)
    layer = Dense(3, 2, Softplus(), rng=rng, wb_width=1e-14)
    with pytest.warns(GradientCheckWarning) as caught:
        errors = check_layer(layer, rng.normal(size=(5, 3)) * 1e-14)
    # dE/db = sum of delta is of order 1 and is checked; dE/dW = x^T delta and dE/dx = delta W^T
    # are about 1e-14, below the noise: could not check.
    assert errors["b"] < TOLERANCE
    assert np.isnan(errors["W"]) and np.isnan(errors["x"])
    assert sorted(str(w.message)[:17] for w in caught) == ["could not check W", "could not check x"]

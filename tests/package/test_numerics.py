"""Robust numerics: property-based tests (hypothesis, float64), divergence and shuffling."""

import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest
from helpers import regression_network
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import bpteach
from bpteach import (
    CrossEntropy,
    Dense,
    Identity,
    Network,
    Sigmoid,
    Softmax,
    SumOfSquares,
    TrainingDiverged,
    cross_entropy,
    sigmoid,
    softmax,
)
from bpteach.datasets import sin_curve
from bpteach.gradcheck import TOLERANCE, check_activation, check_network

# The Hypothesis profile (derandomized, no example database) is set in conftest.py.

ULP_OF_ONE = 2.0**-52
FINITE = st.floats(allow_nan=False, allow_infinity=False)  # the whole float64 range
MATRICES = array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6)


def _silently(function, *args):
    """Call `function` with every floating-point exception and warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args)


def _exact_sigmoid(v):
    """An independent sigmoid in 40-digit decimal arithmetic: exact for the comparison.

    (A float reference, e.g. from the math module, is itself off by up to about
    1.5 * 2**-53, so its distance to bpteach's result could exceed the bound by
    bad luck. The decimal exp is correctly rounded and never overflows here.)
    """
    with localcontext() as context:
        context.prec = 40
        e = (-abs(Decimal(v))).exp()
        return 1 / (1 + e) if v >= 0 else e / (1 + e)


# --- Sigmoid -------------------------------------------------------------------------------


@pytest.mark.parametrize("forward", [sigmoid, Sigmoid().forward], ids=["sigmoid", "Sigmoid.forward"])
def test_sigmoid_is_exact_and_silent_at_the_extremes(forward):
    with np.errstate(all="raise"):
        y = forward(np.array([-1000.0, 0.0, 1000.0]))
        derivative = Sigmoid().derivative(y)
    # exact: exp(0) = 1, exp(-1000) underflows to 0: results exact in binary
    assert y.tolist() == [0.0, 0.5, 1.0]
    # exact: y(1 - y) of 0, 1/2 and 1 is exact in binary
    assert derivative.tolist() == [0.0, 0.25, 0.0]


TINY = np.finfo(float).tiny  # the smallest normal float64, about 2.2e-308
# Sigmoid.forward computes 0.5 + 0.5 * tanh(0.5 * u): 0.5 * u is subnormal for
# |u| < 2 * TINY, and 0.5 * tanh(0.5 * u), about u / 4, for |u| < 4 * TINY.
# Either can set the underflow flag (when the result is inexact); from 4 * TINY up
# nothing can. The boundary, both of its sides, and the input that a random run once
# found between TINY and 2 * TINY are pinned as examples.
UNDERFLOW_BOUND = 4 * TINY


def test_sigmoid_underflows_exactly_below_four_times_the_smallest_normal():
    below = np.nextafter(UNDERFLOW_BOUND, 0.0)
    for u in (UNDERFLOW_BOUND, -UNDERFLOW_BOUND):
        with np.errstate(all="raise"):
            # exact: 1/(1 + exp(u)) rounds to 1/2 below the bound
            assert Sigmoid().forward(np.array([u])).tolist() == [0.5]
    for u in (below, -below, 4.13988532e-308):
        with np.errstate(all="raise"), pytest.raises(FloatingPointError, match="underflow"):
            Sigmoid().forward(np.array([u]))


@given(arrays(np.float64, array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5), elements=FINITE))
@example(np.array([4.13988532e-308]))  # found by a random run: half of it is subnormal
@example(np.array([UNDERFLOW_BOUND, -UNDERFLOW_BOUND, np.nextafter(UNDERFLOW_BOUND, 0.0)]))
def test_sigmoid_class_method_is_silent_except_for_underflow_near_zero(u):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        Sigmoid().forward(u)
    # The halvings u/2 and tanh(u/2)/2 can round to a subnormal (and set the underflow flag)
    # for 0 < |u| < 4 * tiny, normal inputs included (bpteach.activations, numerical care).
    normal = u[(u == 0) | (np.abs(u) >= UNDERFLOW_BOUND)]
    with np.errstate(all="raise"):
        Sigmoid().forward(normal)


@given(arrays(np.float64, array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5), elements=FINITE))
def test_sigmoid_is_silent_bounded_symmetric_and_accurate(u):
    with np.errstate(all="raise"):  # no overflow, no underflow, nothing invalid
        y = sigmoid(u)
        y_mirror = sigmoid(-u)
        derivative = Sigmoid().derivative(y)
    assert y.shape == u.shape and y.dtype == np.float64
    assert np.all((y >= 0) & (y <= 1))
    assert np.all(np.abs(y_mirror - (1 - y)) <= ULP_OF_ONE)  # sigma(-u) = 1 - sigma(u)
    assert np.all((derivative >= 0) & (derivative <= 0.25))
    assert all(abs(Decimal(float(a)) - _exact_sigmoid(float(v))) <= ULP_OF_ONE
               for a, v in zip(y.flat, u.flat))  # documented: within 2**-53, measured


# --- Softmax -------------------------------------------------------------------------------


def test_softmax_of_huge_logits_is_exact_and_silent():
    u = np.array([[1000.0, 0.0], [0.0, -1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        # exact: exp(0) = 1 and exp(-1000) underflows to 0
        assert Softmax().forward(u).tolist() == [[1.0, 0.0], [1.0, 0.0]]
    # exact: exp(0) = 1 and exp(-1000) underflows to 0
    assert _silently(softmax, u).tolist() == [[1.0, 0.0], [1.0, 0.0]]


@given(arrays(np.float64, MATRICES, elements=FINITE))
def test_softmax_rows_are_distributions_for_any_finite_input(u):
    y = _silently(softmax, u)
    assert np.all((y >= 0) & (y <= 1))
    assert np.all(np.abs(y.sum(axis=1) - 1) <= 1e-12)
    assert np.all(y[np.arange(len(u)), u.argmax(axis=1)] > 0)  # the largest score keeps its share


@given(arrays(np.float64, MATRICES, elements=st.floats(-8e307, 8e307)))
def test_softmax_class_method_never_overflows_when_rows_span_less_than_the_float_range(u):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = Softmax().forward(u)
    assert np.all(np.abs(y.sum(axis=1) - 1) <= 1e-12)


@given(arrays(np.float64, MATRICES, elements=st.integers(-10**6, 10**6).map(float)),
       st.integers(-10**6, 10**6).map(float))
def test_adding_a_constant_to_a_row_changes_nothing(u, c):
    # Whole numbers below 2**53: u + c is exact, so the result must be identical.
    shift = c * np.arange(1, len(u) + 1)[:, None]  # a different constant for each row
    # exact: whole numbers below 2**53: u + c is exact (above)
    assert np.array_equal(softmax(u + shift), softmax(u))


@given(arrays(np.float64, MATRICES, elements=st.floats(-1e3, 1e3)), st.floats(-1e3, 1e3))
def test_adding_any_constant_changes_nothing_beyond_rounding(u, c):
    # u + c is rounded, by at most one ulp of |u| + |c|; exp turns that into a relative change.
    bound = 4 * np.finfo(float).eps * (np.abs(u).max() + abs(c)) + 1e-15
    assert np.all(np.abs(softmax(u + c) - softmax(u)) <= bound)


# --- Cross-entropy -------------------------------------------------------------------------


def test_cross_entropy_of_the_issue_example_is_142_not_16():
    u = np.array([[10.0, 92.0, 30.0, -50.0, 40.0]])
    t = np.array([[0.0, 0.0, 0.0, 1.0, 0.0]])
    exact = CrossEntropy().from_logits(u, t)
    assert abs(exact - 142.0) < 1e-12
    y = Softmax().forward(u)
    assert cross_entropy(y, t) == pytest.approx(142.0, rel=1e-12)  # y_3 ~ 2e-62 is still representable
    textbook = -np.sum(t * np.log(y + 1e-7))
    # exact: -log(1e-7) = 16.118..., 0.03 from a rounding boundary of one decimal
    assert round(float(textbook), 1) == 16.1


def test_cross_entropy_stays_finite_where_the_true_probability_underflows():
    u = np.array([[0.0, -1000.0], [2000.0, -3000.0]])
    t = np.array([[0.0, 1.0], [0.0, 1.0]])
    y = Softmax().forward(u)
    assert y[0, 1] == 0.0 and y[1, 1] == 0.0  # the naive formula would take log 0
    floor = -math.log(CrossEntropy.TINY)  # about 708.4: the documented lower bound
    assert _silently(cross_entropy, y, t) == pytest.approx(2 * floor, rel=1e-15)
    assert CrossEntropy().from_logits(u, t) == 1000.0 + 5000.0
    # Through a network: a single softmax layer whose weighted input is exactly u.
    net = Network([Dense(2, 2, Softmax(), rng=np.random.default_rng(0))], loss=CrossEntropy())
    net.layers[0].W[...] = np.eye(2)
    net.layers[0].b[...] = 0.0
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        net.forward(u)
        error = net.error(t)
        grad_x = net.backward(t)
    assert error == 6000.0
    for gradient in (grad_x, net.layers[0].grad_W, net.layers[0].grad_b, net.layers[0].delta):
        assert np.all(np.isfinite(gradient))
    # exact: the output delta is computed as y - t, the same expression
    assert np.array_equal(net.layers[0].delta, y - t)


@given(arrays(np.float64, MATRICES, elements=st.floats(-1e300, 1e300)), st.data())
def test_cross_entropy_from_logits_is_finite_and_within_its_bounds(u, data):
    n, k = u.shape
    classes = data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    t = np.eye(k)[classes]
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        error = CrossEntropy().from_logits(u, t)
    assert math.isfinite(error) and error >= 0
    # E_n = log sum_j exp(u_nj) - u_nc lies between max_j u_nj - u_nc and that plus log k.
    gap = u.max(axis=1) - u[np.arange(n), classes]
    slack = 1e-12 * (np.abs(u).max() + 1)
    assert gap.sum() - slack <= error <= gap.sum() + n * math.log(k) + slack


def test_cross_entropy_from_logits_of_rows_wider_than_the_float_range():
    u = np.array([[1e308, -1e308], [1e308, -1e308]])
    t = np.array([[1.0, 0.0], [0.0, 1.0]])
    with np.errstate(over="ignore"):  # u - max(u) overflows to -inf, as documented
        assert CrossEntropy().from_logits(u[:1], t[:1]) == 0.0
        assert CrossEntropy().from_logits(u, t) == math.inf  # the true value exceeds float64


def test_softmax_class_takes_a_single_row_too():
    # exact: one row or a batch of one run the same arithmetic
    assert np.array_equal(Softmax().forward(np.array([0.0, np.log(3.0)])),
                          Softmax().forward(np.array([[0.0, np.log(3.0)]]))[0])


def test_cross_entropy_ignores_classes_with_zero_target_even_where_y_is_zero():
    y, t = np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])
    error = _silently(cross_entropy, y, t)
    assert error == 0.0 and math.copysign(1, error) == 1  # no 0 * log 0 = nan, and not -0.0
    with np.errstate(all="raise"):
        # exact: -t/y at y = 1 and the zero target: exact in binary
        assert CrossEntropy().gradient(y, t).tolist() == [[0.0, -1.0]]


# --- The gradient checker works in float64 -------------------------------------------------


def test_gradient_checker_converts_integers_exactly_and_refuses_float32(rng):
    u = rng.integers(-3, 4, size=(4, 3))
    assert check_activation(Sigmoid(), u, rng=rng) < TOLERANCE
    with pytest.raises(TypeError, match=r"u has dtype float32.*float64 only.*u.astype\(np.float64\)"):
        check_activation(Sigmoid(), u.astype(np.float32))


def test_gradient_checker_tolerance_separates_right_from_wrong(rng):
    class HalfSigmoid(Sigmoid):  # a plausible slip: f' = y instead of y (1 - y)
        def backward(self, y, grad_y):
            return grad_y * y

    u = rng.normal(size=(5, 4))
    assert check_activation(Sigmoid(), u, rng=rng) < TOLERANCE
    assert check_activation(HalfSigmoid(), u, rng=rng) > 1e3 * TOLERANCE
    net = regression_network(rng, wb_width=1.0)
    assert max(check_network(net, rng.uniform(-1, 1, (6, 1)), rng.normal(size=(6, 1))).values()) < TOLERANCE


# --- Divergence is detected, not printed as nan --------------------------------------------


def _regression(seed=0):
    rng = np.random.default_rng(seed)
    return regression_network(rng), rng


def test_huge_learning_rate_stops_with_a_message_naming_epoch_and_last_error():
    x, t = sin_curve()
    net, rng = _regression()
    lines = []
    with pytest.raises(TrainingDiverged) as caught:
        bpteach.train(net, x, t, epochs=100, learning_rate=50, rng=rng, interval=1, log=lines.append)
    err = caught.value
    assert err.epoch == 1
    assert len(err.history.errors) == err.epoch
    assert err.last_finite_error == err.history.errors[-1]
    message = str(err)
    assert "diverged in epoch 1 of 100" in message
    assert f"last finite mean error was {err.last_finite_error:.6g}, after epoch 0" in message
    assert "smaller learning_rate" in message
    assert math.isfinite(err.last_finite_error)
    assert lines == err.history.log_lines and not any("nan" in line or "inf" in line for line in lines)


def test_parameters_are_restored_to_the_last_finite_epoch():
    x, t = sin_curve()
    net, rng = _regression()
    with pytest.raises(TrainingDiverged):
        bpteach.train(net, x, t, epochs=100, learning_rate=50, rng=rng, log=None)
    # The same seed, stopped by hand after epoch 0: identical parameters, bit for bit.
    reference, rng = _regression()
    bpteach.train(reference, x, t, epochs=1, learning_rate=50, rng=rng, log=None)
    for layer, expected in zip(net.layers, reference.layers):
        # exact: the same code path on the same machine
        assert np.array_equal(layer.W, expected.W) and np.array_equal(layer.b, expected.b)
    assert np.all(np.isfinite(net.predict(x)))


def test_divergence_in_the_first_epoch_restores_the_initial_parameters():
    x, t = sin_curve()
    net, rng = _regression()
    initial = [(layer.W.copy(), layer.b.copy()) for layer in net.layers]
    with pytest.raises(TrainingDiverged, match="before any epoch finished") as caught:
        bpteach.train(net, x, t, epochs=5, learning_rate=1e300, rng=rng, log=None)
    assert caught.value.epoch == 0 and caught.value.last_finite_error is None
    assert len(caught.value.history.errors) == 0
    for layer, (W, b) in zip(net.layers, initial):
        # exact: a copy of the parameters, restored
        assert np.array_equal(layer.W, W) and np.array_equal(layer.b, b)


def test_divergence_from_huge_initial_weights_blames_them_not_the_learning_rate():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    net = regression_network(rng, wb_width=1e200)
    with pytest.raises(TrainingDiverged, match=r"initial weights and biases already reach \S+e\+200 .*"
                                               r"smaller wb_width") as caught:
        bpteach.train(net, x, t, epochs=3, learning_rate=0.1, rng=rng, log=None)
    assert "learning rate 0.1 is probably too large" not in str(caught.value)


def test_divergence_with_huge_data_also_suggests_scaling():
    x, t = sin_curve()
    net, rng = _regression()
    with pytest.raises(TrainingDiverged, match=r"data reach 9.999e\+199 in absolute value: scale x and t"):
        bpteach.train(net, x, t * 1e200, epochs=5, learning_rate=0.1, rng=rng, log=None)


# --- Shuffling keeps pairs together --------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 5, 40])
def test_every_pair_survives_the_shuffle(batch_size, rng):
    """An identity network with t = x has error exactly 0 only if every x meets its own t."""
    x = rng.normal(size=(40, 2))
    t = x.copy()
    net = Network([Dense(2, 2, Identity(), rng=rng)], loss=SumOfSquares())
    net.layers[0].W[...] = np.eye(2)
    net.layers[0].b[...] = 0.0
    history = bpteach.train(net, x, t, epochs=3, learning_rate=0.1, rng=rng, batch_size=batch_size,
                            interval=1, log=None)
    assert history.errors.tolist() == [0.0, 0.0, 0.0]
    for outputs in history.outputs.values():
        # exact: the identity network outputs its inputs unchanged
        assert np.array_equal(outputs, x)  # each output stored under its own sample's index
    # The check has teeth: pairing x with a shuffled t gives a positive error.
    assert SumOfSquares()(net.predict(x), t[rng.permutation(len(t))]) > 0


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_user_arrays_are_never_modified(dtype, rng):
    x = (rng.uniform(-1, 1, size=(30, 1)) * 10).astype(dtype)
    t = np.sin(x).astype(dtype)
    x0, t0 = x.copy(), t.copy()
    x.flags.writeable = False  # any attempt to write into them would raise
    t.flags.writeable = False
    net = regression_network(rng)
    bpteach.train(net, x, t, epochs=2, learning_rate=0.1, rng=rng, batch_size=4, interval=1, log=None)
    net.predict(x)
    # exact: copies: the test checks nothing was written into them
    assert np.array_equal(x, x0) and np.array_equal(t, t0)
    assert x.dtype == dtype and t.dtype == dtype


def test_float32_data_trains_like_its_float64_conversion():
    x, t = sin_curve()
    x32, t32 = x.astype(np.float32), t.astype(np.float32)
    histories = []
    for data in ((x32, t32), (x32.astype(np.float64), t32.astype(np.float64))):
        net, rng = _regression(4)
        histories.append(bpteach.train(net, *data, epochs=3, learning_rate=0.1, rng=rng, log=None))
    # exact: float32 data is converted to float64 first: the same code path on the same machine
    assert np.array_equal(histories[0].errors, histories[1].errors)

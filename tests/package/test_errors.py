"""Bad input gets a clear error: one test per mistake a learner makes.

Each case asserts the message: the argument's name, what was expected, and
what was received. Nothing is silently coerced.
"""

import re

import numpy as np
import pytest
from helpers import classification_network, regression_network

import bpteach
from bpteach import (
    SGD,
    CrossEntropy,
    Dense,
    Identity,
    Network,
    Sigmoid,
    Softmax,
    SumOfSquares,
    cross_entropy,
    sigmoid,
    softmax,
    sum_of_squares,
)
from bpteach.datasets import one_hot, sin_boundary, sin_curve
from bpteach.gradcheck import check_activation, check_layer, check_network, numerical_gradient

X, T = sin_curve()  # regression data: (63, 1) and (63, 1)
XC, TC = sin_boundary()  # classification data: (441, 2) and one-hot (441, 2)


def _rng():
    return np.random.default_rng(0)


def train_regression(x=X, t=T, **options):
    settings = dict(epochs=1, learning_rate=0.1, rng=_rng(), log=None) | options
    return bpteach.train(regression_network(_rng()), x, t, **settings)


def train_classification(x=XC, t=TC, **options):
    settings = dict(epochs=1, learning_rate=0.1, rng=_rng(), log=None) | options
    return bpteach.train(classification_network(_rng()), x, t, **settings)


def dense(*args, **options):
    return Dense(*args, **({"rng": _rng()} | options))


def overflowing_network():
    net = Network([dense(1, 1, Identity())], loss=SumOfSquares())
    net.layers[0].W[...] = 1e10
    return net


def _nan_at(array, index):
    array = array.copy()
    array[index] = np.nan
    return array


# (exception, pattern the message must match, the call that must raise it)
CASES = {
    # --- samples, widths, shapes --------------------------------------------------------
    "x and t hold different numbers of samples": (
        ValueError, r"x and t must hold the same number of samples \(rows\), got 63 in x .*62 in t",
        lambda: train_regression(t=T[:-1])),
    "x wider than the first layer": (
        ValueError, r"x must have 1 column, one per network input \(n_in=1\), got shape \(63, 2\)",
        lambda: train_regression(x=np.hstack([X, X]))),
    "t wider than the output layer": (
        ValueError, r"t must have 1 column, one per output \(n_out=1\), got shape \(63, 2\) with 2 columns",
        lambda: train_regression(t=np.hstack([T, T]))),
    "t narrower than a softmax output": (
        ValueError, r"t must have 2 columns, one per output \(n_out=2\), got shape \(441, 3\)",
        lambda: train_classification(t=np.hstack([TC, TC[:, :1]]))),
    "1-D x is refused with a reshape hint": (
        ValueError, r"x must be a 2-D array .* got shape \(63,\); "
                    r"for one value per sample use x.reshape\(-1, 1\)",
        lambda: train_regression(x=X[:, 0])),
    "1-D t for regression is refused with a reshape hint": (
        ValueError, r"t must be a 2-D array .* got shape \(63,\); .*t.reshape\(-1, 1\)",
        lambda: train_regression(t=T[:, 0])),
    "one sample as a 1-D array": (
        ValueError, r"x must be a 2-D array .* got shape \(2,\); for a single sample use x.reshape\(1, -1\)",
        lambda: classification_network(_rng()).predict(np.array([0.5, 0.5]))),
    "a scalar input": (
        ValueError, r"x must be a 2-D array .* got shape \(\); .* write \[\[x\]\]",
        lambda: regression_network(_rng()).predict(0.5)),
    "a 3-D input": (
        ValueError, r"x must be a 2-D array .* got shape \(63, 1, 1\)",
        lambda: train_regression(x=X[:, :, None])),
    "ragged rows": (
        ValueError, r"x must be a rectangular array \(every row of the same length\), got ragged rows",
        lambda: regression_network(_rng()).predict([[0.1], [0.2, 0.3]])),
    # --- values -------------------------------------------------------------------------
    "NaN in x": (
        ValueError, r"x must hold only finite values, got nan at index \(5, 0\) \(1 of 63 values",
        lambda: train_regression(x=_nan_at(X, (5, 0)))),
    "infinity in x": (
        ValueError, r"x must hold only finite values, got inf at index \(0, 0\)",
        lambda: train_regression(x=np.vstack([[np.inf], X[1:]]))),
    "NaN in t": (
        ValueError, r"t must hold only finite values, got nan at index \(7, 0\)",
        lambda: train_regression(t=_nan_at(T, (7, 0)))),
    "infinity in t": (
        ValueError, r"t must hold only finite values, got -inf at index \(0, 0\)",
        lambda: train_regression(t=np.vstack([[-np.inf], T[1:]]))),
    "NaN given to predict": (
        ValueError, r"x must hold only finite values, got nan",
        lambda: regression_network(_rng()).predict([[np.nan]])),
    "strings as data": (
        TypeError, r"x must hold real numbers, got strings \(dtype <U3\)",
        lambda: train_regression(x=np.full((63, 1), "0.1"))),
    "None as data": (
        TypeError, r"x must hold real numbers, got Python objects \(dtype object\)",
        lambda: train_regression(x=None)),
    "complex data": (
        TypeError, r"x must hold real numbers, got complex dtype complex128",
        lambda: train_regression(x=X + 0j)),
    "long double data is not silently rounded": (
        TypeError, r"t has dtype float128, more precise than the float64 .* t.astype\(np.float64\)",
        lambda: train_regression(t=T.astype(np.longdouble))),
    # --- cross-entropy targets ----------------------------------------------------------
    "integer class labels instead of one-hot rows": (
        ValueError, r"t looks like integer class labels \(shape \(441,\), values from 0 to 1\).*one-hot rows "
                    r"of shape \(N, 2\).*t = bpteach.datasets.one_hot\(t, 2\)",
        lambda: train_classification(t=TC.argmax(axis=1))),
    "a column of class labels": (
        ValueError, r"t looks like integer class labels \(shape \(441, 1\).*one_hot\(t\[:, 0\], 2\)",
        lambda: train_classification(t=TC.argmax(axis=1)[:, None])),
    "float class labels": (
        ValueError, r"t looks like integer class labels.*one_hot\(t.astype\(int\), 2\)",
        lambda: train_classification(t=TC.argmax(axis=1).astype(float))),
    "a one-hot row given as a 1-D array": (
        ValueError, r"one_hot\(t.astype\(int\), 2\)\. "
                    r"If t is instead a single one-hot row, use t.reshape\(1, -1\)",
        lambda: classification_network(_rng()).loss.check_targets(np.array([0.0, 1.0]), 2)),
    "a row with two ones": (
        ValueError, r"t must hold one-hot rows for cross-entropy .*got row 3 = \[1.0, 1.0\].*one_hot",
        lambda: train_classification(t=np.vstack([TC[:3], [[1.0, 1.0]], TC[4:]]))),
    "soft labels": (
        ValueError, r"t must hold one-hot rows .*got row 0 = \[0.3, 0.7\]",
        lambda: train_classification(t=np.vstack([[[0.3, 0.7]], TC[1:]]))),
    "cross-entropy after an identity output": (
        ValueError, r"cross-entropy needs an output layer with activation Softmax\(\).*got Identity\(\).*"
                    r"SumOfSquares\(\)",
        lambda: Network([dense(2, 3, Sigmoid()), dense(3, 2, Identity())], loss=CrossEntropy())),
    # --- learning rate ------------------------------------------------------------------
    "learning rate zero": (
        ValueError, r"learning_rate must be a finite number > 0, got 0.0",
        lambda: train_regression(learning_rate=0)),
    "negative learning rate": (
        ValueError, r"learning_rate must be a finite number > 0, got -0.1",
        lambda: train_regression(learning_rate=-0.1)),
    "NaN learning rate": (
        ValueError, r"learning_rate must be a finite number > 0, got nan",
        lambda: train_regression(learning_rate=float("nan"))),
    "infinite learning rate": (
        ValueError, r"learning_rate must be a finite number > 0, got inf",
        lambda: train_regression(learning_rate=float("inf"))),
    "learning rate as a string": (
        TypeError, r"learning_rate must be a finite number > 0, got '0.1' of type str",
        lambda: train_regression(learning_rate="0.1")),
    "SGD with a negative learning rate": (
        ValueError, r"learning_rate must be a finite number > 0, got -1.0",
        lambda: SGD(-1)),
    # --- epochs, interval, batch size ---------------------------------------------------
    "fractional epochs": (
        TypeError, r"epochs must be an integer >= 1, got 2.5 of type float",
        lambda: train_regression(epochs=2.5)),
    "epochs as a whole float": (
        TypeError, r"epochs must be an integer >= 1, got 2.0 of type float \(write 2, not 2.0\)",
        lambda: train_regression(epochs=2.0)),
    "zero epochs": (
        ValueError, r"epochs must be an integer >= 1, got 0",
        lambda: train_regression(epochs=0)),
    "epochs as a string": (
        TypeError, r"epochs must be an integer >= 1, got '10' of type str",
        lambda: train_regression(epochs="10")),
    "epochs as a bool": (
        TypeError, r"epochs must be an integer >= 1, got True of type bool",
        lambda: train_regression(epochs=True)),
    "zero interval": (
        ValueError, r"interval must be an integer >= 1, got 0",
        lambda: train_regression(interval=0)),
    "fractional interval": (
        TypeError, r"interval must be an integer >= 1, got 0.5 of type float",
        lambda: train_regression(interval=0.5)),
    "zero batch size": (
        ValueError, r"batch_size must be an integer >= 1, got 0",
        lambda: train_regression(batch_size=0)),
    "fractional batch size": (
        TypeError, r"batch_size must be an integer >= 1, got 1.5 of type float",
        lambda: train_regression(batch_size=1.5)),
    "batch size larger than the data": (
        ValueError, r"batch_size must be between 1 and the number of samples \(63\), got 64",
        lambda: train_regression(batch_size=64)),
    # --- empty data ---------------------------------------------------------------------
    "no samples": (
        ValueError, r"x is empty: got shape \(0, 1\), need at least one sample \(row\)",
        lambda: train_regression(x=np.empty((0, 1)), t=np.empty((0, 1)))),
    "an empty list": (
        ValueError, r"x must be a 2-D array .* got shape \(0,\)",
        lambda: train_regression(x=[], t=[])),
    "no targets": (
        ValueError, r"t is empty: got shape \(0, 1\)",
        lambda: train_regression(t=np.empty((0, 1)))),
    # --- layers and networks ------------------------------------------------------------
    "a layer with no inputs": (
        ValueError, r"n_in must be an integer >= 1, got 0",
        lambda: dense(0, 3, Sigmoid())),
    "a layer with no neurons": (
        ValueError, r"n_out must be an integer >= 1, got 0",
        lambda: dense(1, 0, Sigmoid())),
    "a layer size as a float": (
        TypeError, r"n_in must be an integer >= 1, got 2.0 of type float \(write 2, not 2.0\)",
        lambda: dense(2.0, 3, Sigmoid())),
    "Sigmoid without parentheses": (
        TypeError, r"activation must be an instance .* such as Sigmoid\(\), got <class "
                   r"'bpteach.activations.Sigmoid'> \(did you forget the parentheses\?\)",
        lambda: dense(1, 3, Sigmoid)),
    "an activation given by name": (
        TypeError, r"activation must be an instance .* got 'sigmoid'",
        lambda: dense(1, 3, "sigmoid")),
    "a negative initial width": (
        ValueError, r"wb_width must be a finite number >= 0, got -1.0",
        lambda: dense(1, 3, Sigmoid(), wb_width=-1)),
    "an initial width as a string": (
        TypeError, r"wb_width must be a finite number >= 0, got 'big' of type str",
        lambda: dense(1, 3, Sigmoid(), wb_width="big")),
    "an integer seed instead of a generator": (
        TypeError, r"rng must be a numpy.random.Generator, e.g. np.random.default_rng\(0\), "
                   r"got 0 of type int",
        lambda: dense(1, 3, Sigmoid(), rng=0)),
    "the legacy RandomState": (
        TypeError, r"rng must be a numpy.random.Generator.*of type RandomState",
        lambda: train_regression(rng=np.random.RandomState(0))),
    "a network of zero layers": (
        ValueError, r"layers must hold at least one Dense layer, got an empty list",
        lambda: Network([], loss=SumOfSquares())),
    "a single layer instead of a list": (
        TypeError, r"layers must be a list of Dense layers, got a single layer Dense\(1, 1, Identity\(\)\); "
                   r"write Network\(\[layer\], loss=...\)",
        lambda: Network(dense(1, 1, Identity()), loss=SumOfSquares())),
    "a non-layer in the list": (
        TypeError, r"layers\[1\] must be a Dense layer, got Sigmoid\(\)",
        lambda: Network([dense(1, 3, Sigmoid()), Sigmoid()], loss=SumOfSquares())),
    "the same layer object twice": (
        ValueError, r"layers\[2\] is the same Dense object as layers\[1\]: .* needs its own Dense",
        lambda: Network([dense(1, 3, Sigmoid()), *[dense(3, 3, Sigmoid())] * 2, dense(3, 1, Identity())],
                        loss=SumOfSquares())),
    "layer sizes that do not chain": (
        ValueError, r"layers\[1\] expects 4 inputs but layers\[0\] has 3 outputs",
        lambda: Network([dense(1, 3, Sigmoid()), dense(4, 1, Identity())], loss=SumOfSquares())),
    "a loss class without parentheses": (
        TypeError, r"loss must be an instance of a Loss class .*\(did you forget the parentheses\?\)",
        lambda: Network([dense(1, 1, Identity())], loss=SumOfSquares)),
    "training something that is not a network": (
        TypeError, r"network must be a bpteach Network, e.g. "
                   r"Network\(\[Dense\(...\), ...\], loss=SumOfSquares\(\)\), got \[Dense",
        lambda: bpteach.train([dense(1, 1, Identity())], X, T, epochs=1, learning_rate=0.1, rng=_rng())),
    "a log that is not callable": (
        TypeError, r"log must be a callable such as print, or None, got 'yes'",
        lambda: train_regression(log="yes")),
    "a prediction that overflows": (
        ValueError, r"the network output for row 0 of x is not finite \(\[inf\]\): float64 overflowed. "
                    r"x reaches 1e\+300 .*largest parameter is 1e\+10",
        lambda: overflowing_network().predict([[1e300]])),
    # --- the data helper one_hot --------------------------------------------------------
    "one_hot with float labels": (
        TypeError, r"labels must be integers, got dtype float64; .*labels.astype\(int\)",
        lambda: one_hot([0.0, 1.0], 2)),
    "one_hot with boolean labels": (
        TypeError, r"labels must be integers, got dtype bool; .*labels.astype\(int\)",
        lambda: one_hot(np.array([True, False]), 2)),
    "one_hot with a label out of range": (
        ValueError, r"labels must lie in 0 .. 1 for n_classes=2, got values from 0 to 3",
        lambda: one_hot([0, 3], 2)),
    "one_hot with a column of labels": (
        ValueError, r"labels must be a 1-D array of class indices, got shape \(2, 1\); .*labels\[:, 0\]",
        lambda: one_hot([[0], [1]], 2)),
    "one_hot with zero classes": (
        ValueError, r"n_classes must be an integer >= 1, got 0",
        lambda: one_hot([0], 0)),
    # --- the checked functions ----------------------------------------------------------
    "sum_of_squares with shapes that would broadcast": (
        ValueError, r"t must be a 2-D array .* got shape \(3,\)",
        lambda: sum_of_squares(np.ones((3, 1)), np.ones(3))),
    "sum_of_squares with different numbers of rows": (
        ValueError, r"y and t must hold the same number of samples \(rows\), got 3 in y .* 2 in t",
        lambda: sum_of_squares(np.ones((3, 1)), np.ones((2, 1)))),
    "cross_entropy of scores instead of probabilities": (
        ValueError, r"y must hold probabilities in \[0, 1\] \(a softmax output\), "
                    r"got 2.0 at row 0, column 1\. "
                    r"For raw scores \(logits\) use CrossEntropy\(\).from_logits\(u, t\)",
        lambda: cross_entropy([[0.5, 2.0]], [[1, 0]])),
    "cross_entropy with labels": (
        ValueError, r"t looks like integer class labels .*one_hot\(t, 2\)",
        lambda: cross_entropy([[0.5, 0.5], [0.1, 0.9]], [0, 1])),
    "softmax of a 3-D array": (
        ValueError, r"u must be a 1-D row of scores or a 2-D array .* got shape \(1, 1, 2\)",
        lambda: softmax(np.zeros((1, 1, 2)))),
    "softmax of rows without scores": (
        ValueError, r"u must be .* n >= 1, got shape \(2, 0\)",
        lambda: softmax(np.zeros((2, 0)))),
    "sigmoid of NaN": (
        ValueError, r"u must hold only finite values, got nan",
        lambda: sigmoid([0.0, np.nan])),
    "sigmoid of text": (
        TypeError, r"u must hold real numbers, got strings",
        lambda: sigmoid("1.0")),
    # --- the gradient checker -----------------------------------------------------------
    "gradient check in float32": (
        TypeError, r"u has dtype float32, but a gradient check computes in float64 only .*"
                   r"pass u.astype\(np.float64\)",
        lambda: check_activation(Sigmoid(), np.ones((2, 3), dtype=np.float32))),
    "gradient check with float32 targets": (
        TypeError, r"t has dtype float32, but a gradient check computes in float64 only",
        lambda: check_network(regression_network(_rng()), X[:4], T[:4].astype(np.float32))),
    "gradient check of a class": (
        TypeError, r"activation must be an instance such as Sigmoid\(\), got the class Sigmoid "
                   r"\(did you forget the parentheses\?\)",
        lambda: check_activation(Sigmoid, np.ones((2, 3)))),
    "gradient check with labels": (
        ValueError, r"t looks like integer class labels .*one_hot",
        lambda: check_network(classification_network(_rng()), XC[:4], np.array([0, 1, 1, 0]))),
    "gradient check of a layer with the wrong input width": (
        ValueError, r"x must have 3 columns, one per layer input \(n_in=3\), got shape \(2, 2\)",
        lambda: check_layer(dense(3, 2, Sigmoid()), np.ones((2, 2)))),
    "gradient check with a wrong upstream gradient": (
        ValueError, r"grad_y must have shape \(2, 2\) \(the shape of the layer output\), got shape \(2, 3\)",
        lambda: check_layer(dense(3, 2, Sigmoid()), np.ones((2, 3)), np.ones((2, 3)))),
    "numerical gradient of a list": (
        TypeError, r"w must be the float64 NumPy array that f reads \(it is perturbed in place\), got list",
        lambda: numerical_gradient(lambda: 0.0, [1.0, 2.0])),
    "numerical gradient of a function returning an array": (
        TypeError, r"f must return a single number \(the error E\), got array",
        lambda: numerical_gradient(lambda: np.zeros(2), np.zeros(2))),
    "forward of a bare number": (
        ValueError, r"x must be a 2-D array of shape \(N, n\) .*got shape \(\); .*write \[\[x\]\]",
        lambda: _regression().forward(0.5)),
    "forward of a list, which forward does not convert": (
        TypeError, r"x must be a NumPy array for forward, .*got list; pass np.asarray",
        lambda: _regression().forward([[0.5]])),
    "forward of an array wider than the first layer": (
        ValueError, r"x must have 1 column, one per network input \(n_in=1\), got shape \(1, 2\)",
        lambda: _regression().forward(np.array([[1.0, 2.0]]))),
    "numerical gradient with a zero step": (
        ValueError, r"eps must be a finite number > 0, got 0.0",
        lambda: numerical_gradient(lambda: 0.0, np.zeros(2), eps=0)),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_gets_a_clear_error(case):
    error, pattern, call = CASES[case]
    with pytest.raises(error) as caught:
        call()
    assert caught.type is error  # exactly the documented class, not a NumPy error
    assert re.search(pattern, str(caught.value)), f"message was: {caught.value}"
    assert caught.traceback[-1].path.parent.name == "bpteach", "raised from inside bpteach, not NumPy"


def test_predict_and_train_accept_lists_ints_and_float32():
    """What is not an error: conversions to float64 that lose nothing, documented in train()."""
    net = regression_network(_rng())
    assert net.predict([[0.5]]).dtype == np.float64
    train_regression(x=(X * 10).astype(int), epochs=1)
    train_regression(x=X.astype(np.float32), t=T.astype(np.float32), epochs=1)


def test_one_hot_of_no_labels_is_an_empty_matrix():
    assert one_hot([], 3).shape == (0, 3)


def test_softmax_of_a_single_row_of_scores():
    # exact: exp(0) = 1 on every machine, and 1/2 is exact in binary
    assert softmax([0.0, 0.0]).tolist() == [0.5, 0.5]


def test_sigmoid_and_softmax_classes_are_also_importable_as_functions():
    assert bpteach.sigmoid is sigmoid and bpteach.softmax is softmax
    # exact: exp(0) = 1 on every machine, and 1/2 is exact in binary
    assert Softmax().forward(np.array([[0.0, 0.0]])).tolist() == [[0.5, 0.5]]


# --- A network changed after it was built (found by a learner trying to break bpteach) ---

def _regression(seed=1):
    rng = np.random.default_rng(seed)
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
                   loss=SumOfSquares())


def test_tying_one_layers_weights_to_another_is_relinked_not_silently_broken():
    rng = np.random.default_rng(1)
    x, t = bpteach.datasets.sin_boundary()
    net = Network([Dense(2, 2, Sigmoid(), rng=rng), Dense(2, 2, Softmax(), rng=rng)],
                  loss=CrossEntropy())
    net.layers[1].W = net.layers[0].W  # still a window of theta, but the wrong one
    assert not net.parameters_are_packed()
    history = bpteach.train(net, x, t, epochs=30, learning_rate=0.1, rng=rng, log=None)
    assert net.parameters_are_packed()
    assert history.errors[-1] < history.errors[0] - 0.05  # it learns


def test_theta_cannot_be_replaced_only_assigned_in_place():
    net = _regression()
    with pytest.raises(AttributeError, match=r"assign in place instead, network.theta\[...\] = values"):
        net.theta = np.zeros(7)
    net.theta[...] = 0.25
    # exact: 0.25 was assigned, not computed
    assert np.all(net.layers[0].W == 0.25)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [(np.full((3, 1), 0.5), ValueError, r"layers\[0\].W must have shape \(1, 3\)"),
     ([[0.5, 0.5, 0.5]], TypeError, r"layers\[0\].W must be a float64 NumPy array .* got list"),
     (np.full((1, 3), np.nan), ValueError, r"layers\[0\].W holds NaN or infinite values")],
)
def test_rebound_weights_are_checked_before_use(value, error, message):
    net = _regression()
    net.layers[0].W = value
    x, t = bpteach.datasets.sin_curve()
    with pytest.raises(error, match=message):
        bpteach.train(net, x, t, epochs=1, learning_rate=0.1, rng=np.random.default_rng(0), log=None)
    with pytest.raises(error, match=message):
        net.predict(x)


def test_replaced_activation_or_loss_is_checked():
    net = _regression()
    net.layers[0].activation = Sigmoid  # the class, not an instance
    with pytest.raises(TypeError, match=r"layers\[0\].activation .* forget the parentheses"):
        net.check()
    net = _regression()
    net.loss = SumOfSquares
    with pytest.raises(TypeError, match="loss must be an instance .* forget the parentheses"):
        net.check()


def test_a_softmax_over_one_output_is_refused():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="softmax output layer needs at least 2 neurons"):
        Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 1, Softmax(), rng=rng)], loss=CrossEntropy())


def test_backward_needs_a_matching_forward_pass():
    net = _regression()
    with pytest.raises(ValueError, match="backward.t. needs a forward pass first"):
        net.backward(np.zeros((1, 1)))
    net.forward(np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"shape of its output, \(2, 1\); got t of shape \(3, 1\)"):
        net.backward(np.zeros((3, 1)))


def test_loss_objects_refuse_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match=r"same shape, got \(3, 1\) and \(3,\)"):
        SumOfSquares()(np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 3.0]))


def test_full_batch_divergence_explains_the_summed_gradient():
    net = _regression(3)
    x, t = bpteach.datasets.sin_curve()
    # On its way to overflow the error rises for many epochs, and train says so first, with the same advice.
    # The advice follows from what was measured, that 0.1 is too large (not from dividing by the
    # batch size, which would divide a second time a rate already chosen per batch).
    with (pytest.warns(bpteach.TrainingWarning) as record,
          pytest.raises(bpteach.TrainingDiverged, match=r"batch_size=63 each step follows the sum of the "
                                                        r"batch's 63 gradients.* try learning_rate=0.01,")):
        bpteach.train(net, x, t, epochs=2001, learning_rate=0.1, batch_size=63,
                      rng=np.random.default_rng(3), log=None)
    messages = [str(warning.message) for warning in record]
    assert any(m.startswith("the error is rising") and "Try learning_rate=0.01," in m for m in messages)
    assert not any("0.00159" in m for m in messages)  # 0.1 / 63: the batch size divided in again

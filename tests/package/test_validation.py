"""Validation data in `train`: metrics after every epoch, early stopping, bad input.

The evaluation on held-out data must not change training in any way (same
updates, same draws from the generator), so several tests compare two runs
bit for bit.
"""

import re

import numpy as np
import pytest
from helpers import classification_network, regression_network

import bpteach
from bpteach.datasets import one_hot, sin_boundary, sin_curve

XC, TC = sin_boundary()
SPLIT = np.random.default_rng(7).permutation(len(XC))  # a fixed split of the grid
X_TRAIN, T_TRAIN = XC[SPLIT[:300]], TC[SPLIT[:300]]
X_VAL, T_VAL = XC[SPLIT[300:]], TC[SPLIT[300:]]


def run(validation=None, *, seed=3, epochs=6, network=classification_network, x=X_TRAIN, t=T_TRAIN,
        **options):
    """Train a fresh network; return it, its history and the generator afterwards."""
    rng = np.random.default_rng(seed)
    net = network(rng, wb_width=0.5)
    settings = dict(epochs=epochs, learning_rate=0.1, batch_size=10, rng=rng, log=None) | options
    history = bpteach.train(net, x, t, validation=validation, **settings)
    return net, history, rng


@pytest.mark.parametrize("batch_size", [1, 10])
def test_training_is_bit_identical_with_and_without_validation(batch_size):
    net_a, hist_a, rng_a = run(epochs=5, batch_size=batch_size, interval=2)
    net_b, hist_b, rng_b = run((X_VAL, T_VAL), epochs=5, batch_size=batch_size, interval=2)
    # exact: the same code path on the same machine (validation only reads the network)
    assert np.array_equal(net_a.theta, net_b.theta)
    # exact: the same code path on the same machine (validation only reads the network)
    assert np.array_equal(hist_a.errors, hist_b.errors)
    for epoch in hist_a.outputs:
        # exact: the same code path on the same machine (validation only reads the network)
        assert np.array_equal(hist_a.outputs[epoch], hist_b.outputs[epoch])
    # The generator is where it would be without validation: the same next draw.
    assert rng_a.random() == rng_b.random()
    # The textbook's part of every log line is unchanged; the validation figures follow it.
    for line_a, line_b in zip(hist_a.log_lines, hist_b.log_lines, strict=True):
        assert line_b.startswith(line_a + " Validation error:")
    assert hist_a.validation_errors is None and hist_a.accuracies is None and hist_a.best_epoch is None


def test_validation_metrics_are_those_of_the_network_after_each_epoch():
    epochs = 4
    _, history, _ = run((X_VAL, T_VAL), epochs=epochs, interval=1)
    for epoch in range(epochs):
        # The same run, stopped after `epoch`, evaluated independently with predict.
        net, _, _ = run(epochs=epoch + 1)
        y = net.predict(X_VAL)
        error = -np.sum(T_VAL * np.log(y)) / len(X_VAL)
        assert history.validation_errors[epoch] == pytest.approx(error, rel=1e-12)
        # exact: a share of k in n samples, k/n computed the same way
        assert history.validation_accuracies[epoch] == np.mean(y.argmax(1) == T_VAL.argmax(1))
        # The training accuracy counts the outputs of the epoch's own forward passes,
        # those that history.outputs keeps at logged epochs.
        outputs = history.outputs[epoch]
        # exact: a share of k in n samples, k/n computed the same way
        assert history.accuracies[epoch] == np.mean(outputs.argmax(1) == T_TRAIN.argmax(1))
    assert history.validation_errors.shape == history.accuracies.shape == (epochs,)
    assert history.best_epoch == int(np.argmin(history.validation_errors))
    assert re.fullmatch(r"Epoch:3/4 Error:\S+ Validation error:\S+ accuracy:0\.\d{4}",
                        history.log_lines[-1])


# The large learning rate saturates the hidden layer, and train says so (tested in test_diagnostics.py).
@pytest.mark.filterwarnings("ignore::bpteach.TrainingWarning")
def _line_validation_run(epochs, **options):
    """The textbook's regression, validated against the best straight line through the sine.

    The network first fits a straight line, then bends towards the sine: its validation
    error falls to a sharp bottom (epoch 16 for seed 3, where its neighbours' errors are
    about 9 times larger, so no rounding of another CPU or BLAS kernel moves it), then rises.
    (A large learning rate would make the error go up and down too, but chaotically: which
    epoch is best then depends on the machine's last bits.)
    """
    x, t = sin_curve()
    design = np.hstack([x, np.ones_like(x)])
    t_line = design @ np.linalg.lstsq(design, t, rcond=None)[0]
    rng = np.random.default_rng(3)
    net = regression_network(rng)
    history = bpteach.train(net, x, t, epochs=epochs, learning_rate=0.1, rng=rng, log=None,
                            validation=(x, t_line), **options)
    return net, history, (x, t_line)


def test_restore_best_keeps_the_parameters_of_the_best_validation_epoch():
    last, history, (x_val, t_val) = _line_validation_run(40)
    best, best_history, _ = _line_validation_run(40, restore_best=True)
    assert 5 < history.best_epoch < 35
    errors = history.validation_errors
    assert errors[-1] > 3 * errors[history.best_epoch] < errors[0]  # a U (5.7 times at the end), not flat
    # exact: the same code path on the same machine
    assert np.array_equal(best_history.validation_errors, history.validation_errors)
    # The restored parameters are exactly those of the same run stopped after the best epoch.
    stopped, _, _ = _line_validation_run(history.best_epoch + 1)
    # exact: the same code path on the same machine
    assert np.array_equal(best.theta, stopped.theta)
    # exact: inequality of two different runs' parameters
    assert not np.array_equal(best.theta, last.theta)
    y = best.predict(x_val)
    assert 0.5 * np.sum((y - t_val) ** 2) / len(x_val) == pytest.approx(errors.min())


def test_regression_records_the_validation_error_but_no_accuracy():
    x, t = sin_curve()
    _, history, _ = run((x[::2], t[::2]), network=regression_network, x=x[1::2], t=t[1::2], epochs=3)
    assert history.validation_errors.shape == (3,)
    assert np.all(history.validation_errors > 0)
    assert history.validation_accuracies is None and history.accuracies is None


def _message(call):
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    return info.type, str(info.value)


BAD_DATA = {
    "x 1-D": (X_VAL[:, 0], T_VAL),
    "x too many columns": (np.hstack([X_VAL, X_VAL]), T_VAL),
    "x NaN": (np.where(np.arange(X_VAL.size).reshape(X_VAL.shape) == 5, np.nan, X_VAL), T_VAL),
    "x strings": (X_VAL.astype(str), T_VAL),
    "x empty": (X_VAL[:0], T_VAL[:0]),
    "t class labels": (X_VAL, T_VAL.argmax(1)),
    "t not one-hot": (X_VAL, T_VAL * 0.5),
    "t wrong columns": (X_VAL, one_hot(T_VAL.argmax(1), 3)),
    "rows differ": (X_VAL, T_VAL[:-1]),
}


@pytest.mark.parametrize("case", BAD_DATA)
def test_bad_validation_data_gets_the_same_error_as_bad_training_data(case):
    """The message for validation data is the training message, with x_val and t_val named."""
    x_val, t_val = BAD_DATA[case]
    kind, message = _message(lambda: run((x_val, t_val)))
    train_kind, train_message = _message(lambda: run(x=x_val, t=t_val))
    assert kind is train_kind
    assert re.search(r"\b[xt]_val\b", message), message
    assert re.sub(r"\b([xt])_val\b", r"\1", message) == train_message


@pytest.mark.parametrize(("options", "error", "pattern"), [
    (dict(validation=X_VAL), TypeError, r"validation must be a pair \(x_val, t_val\).*got ndarray"),
    (dict(validation=(X_VAL, T_VAL, T_VAL)), ValueError, r"a pair .* got a tuple of length 3"),
    (dict(restore_best=True), ValueError, r"restore_best=True needs validation data"),
    (dict(validation=(X_VAL, T_VAL), restore_best=1), TypeError, r"restore_best must be True or False"),
])
def test_bad_validation_options_are_refused(options, error, pattern):
    validation = options.pop("validation", None)
    with pytest.raises(error, match=pattern):
        run(validation, **options)


def test_validation_inputs_that_overflow_get_the_scaling_hint_of_x():
    """Issue 22, item 4: unscaled validation inputs overflow float64. They gave validation errors
    [inf, inf] and best_epoch 0, silently; now the run stops as a divergence does, naming x_val."""
    def linear_network(rng, wb_width):
        return bpteach.Network([bpteach.Dense(1, 1, bpteach.Identity(), rng=rng, wb_width=wb_width)],
                               loss=bpteach.SumOfSquares())
    x, t = sin_curve()
    rng = np.random.default_rng(3)
    net = linear_network(rng, 0.5)
    initial = net.theta.copy()
    with pytest.raises(bpteach.TrainingDiverged, match=(
            r"in epoch 0 of 5, before any epoch finished: the error on the validation data \(x_val, t_val\) "
            r"became infinite or NaN \(float64 overflow\). Your validation data reach 1e\+200 in absolute "
            r"value: scale x_val and t_val \(as you scaled x and t\) to about \[-1, 1\]")) as caught:
        bpteach.train(net, x, t, epochs=5, learning_rate=0.1, rng=rng, log=None,
                      validation=(x * 1e200, t), restore_best=True)
    assert caught.value.epoch == 0 and len(caught.value.history.validation_errors) == 0
    assert caught.value.history.best_epoch is None
    assert np.array_equal(net.theta, initial)  # exact: a copy; nothing was restored as "best"

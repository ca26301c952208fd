"""The quiet failures named since issue 22 (items 7, 12, 13, 14, 16): each on a run built to show it,
the advice following from what was measured, and train_stacked recording what train records."""

import warnings

import numpy as np
import pytest
from helpers import kinds, regression_network, train_quietly

import bpteach
from bpteach import (
    CrossEntropy,
    Dense,
    Identity,
    Network,
    ReLU,
    Sigmoid,
    Softmax,
    SumOfSquares,
    TrainingWarning,
)
from bpteach.datasets import sin_boundary, sin_curve
from bpteach.diagnostics import (
    GOOD_FIT_SHARE,
    INPUT_FAR,
    OVERFIT_FACTOR,
    PATIENCE,
    RISE_VISIBLE,
    VANISHING_RATIO,
    WINDOW,
    constant_output_error,
)
from bpteach.stacked import train_stacked


def only(history, kind):
    found = [w for w in history.warnings if w.kind == kind]
    assert len(found) == 1, kinds(history)
    return str(found[0])


# --- item 7: advice that follows from what was measured ---------------------------------------


def test_a_full_batch_rising_error_is_not_told_to_divide_by_the_batch_size_again():
    """The issue's run: full batch (441 samples), a learning rate that already has 1/441 in it."""
    x, t = sin_boundary()
    rng = np.random.default_rng(0)
    net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)], loss=CrossEntropy())
    learning_rate = 10 / 441
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingWarning)
        history = bpteach.train(net, x, t, epochs=20, learning_rate=learning_rate, batch_size=441,
                                rng=rng, log=None)
    message = only(history, "rising_error")
    assert "times an online step" not in message
    assert f"learning_rate={learning_rate / 441:.3g}" not in message  # no second division by |B|
    assert f"Try learning_rate={learning_rate / 10:.3g}," in message  # the measured overshoot: / 10
    assert "each step follows the sum of the batch's 441 gradients" in message


def test_a_saturated_sigmoid_output_is_named_and_not_blamed_on_the_learning_rate():
    """Targets in [0, 1], a sigmoid output with large initial weights: frozen at 300 % of a constant."""
    x, t = sin_curve()
    t = (t + 1) / 2
    rng = np.random.default_rng(3)
    net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Sigmoid(), rng=rng, wb_width=5.0)],
                  loss=SumOfSquares())
    history = train_quietly(net, x, t, seed=3, epochs=60)
    assert kinds(history) == [("saturated_output", PATIENCE - 1)]  # not "no_progress"
    message = only(history, "saturated_output")
    assert "probably too large" not in message and "overshoot" not in message
    assert message.startswith("100% of the network's outputs (output layer Sigmoid, 1 outputs, 63 samples) "
                              "are on the flat part of the Sigmoid")
    assert "The initial weights and biases reached 16.61 in absolute value" in message
    assert abs(history.errors[-1] - history.errors[10]) < 1e-3 * history.errors[10]  # frozen indeed


def test_a_saturated_tanh_output_pushed_out_by_the_updates_says_what_grew():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, bpteach.Tanh(), rng=rng)],
                  loss=SumOfSquares())
    history = train_quietly(net, x, t, seed=0, epochs=60, learning_rate=10.0)
    message = only(history, "saturated_output")
    assert "The output layer's weights and biases grew from at most " in message
    assert "try a smaller learning rate than 10" in message


# --- item 13: vanishing signal in a deep sigmoid network -------------------------------------


def deep_sigmoid_network(rng, depth=3, width=10):
    sizes = [1] + [width] * depth
    return Network([Dense(a, b, Sigmoid(), rng=rng) for a, b in zip(sizes, sizes[1:])]
                   + [Dense(width, 1, Identity(), rng=rng)], loss=SumOfSquares())


def test_a_vanishing_signal_in_a_deep_sigmoid_network_is_named_not_called_a_plateau():
    x, t = sin_curve()
    history = train_quietly(deep_sigmoid_network(np.random.default_rng(2)), x, t, seed=2, epochs=80)
    assert [kind for kind, _ in kinds(history)] == ["vanishing_signal"]  # not "no_progress"
    message = only(history, "vanishing_signal")
    assert message.startswith("the error signal vanishes on its way down the 3 hidden layers")
    ratio = float(message.split("hidden layers 1 to 3 is ")[1].split(",")[0])
    assert ratio < VANISHING_RATIO
    assert "plateau" not in message and "larger learning rate" not in message


def test_two_hidden_layers_that_learn_are_not_called_vanishing():
    x, t = sin_curve()
    history = train_quietly(deep_sigmoid_network(np.random.default_rng(0), depth=2), x, t, seed=0,
                            epochs=60, learning_rate=0.1)
    assert "vanishing_signal" not in [w.kind for w in history.warnings]


# --- item 14: a partly dead ReLU layer -----------------------------------------------------------


def relu_network(rng):
    return Network([Dense(1, 3, ReLU(), rng=rng, wb_width=1.0),
                    Dense(3, 1, Identity(), rng=rng, wb_width=1.0)], loss=SumOfSquares())


def test_a_partly_dead_relu_layer_stalled_well_above_a_good_fit_is_named():
    """1 of 3 neurons dead, the error stalled at about 36 % of a constant answer: below every old limit."""
    x, t = sin_curve()
    history = train_quietly(relu_network(np.random.default_rng(3)), x, t, seed=3, epochs=60)
    assert [kind for kind, _ in kinds(history)] == ["dead_units"]
    message = only(history, "dead_units")
    assert "of the 3 of hidden layer 1 (ReLU) output 0 for every training input" in message
    epoch = history.warnings[0].epoch
    share = np.mean(history.errors[epoch + 1 - WINDOW:epoch + 1]) / constant_output_error(SumOfSquares(), t)
    assert GOOD_FIT_SHARE < share < 0.9  # well above a good fit, and below the no_progress threshold
    assert f"The mean error of the last {WINDOW} epochs is {share:.0%} of the" in message
    before = np.mean(history.errors[epoch + 1 - 2 * WINDOW:epoch + 1 - WINDOW]) / constant_output_error(
        SumOfSquares(), t)
    moved = f"fell by only {before - share:.2%}" if before > share else f"rose by {share - before:.2%}"
    assert f"{moved} of that from the {WINDOW} epochs before" in message  # the stall, in numbers


def test_relu_networks_that_fit_well_are_left_alone():
    x, t = sin_curve()
    history = train_quietly(relu_network(np.random.default_rng(6)), x, t, seed=6, epochs=300)
    assert history.warnings == []
    assert history.errors[-1] < 0.05 * constant_output_error(SumOfSquares(), t)


# --- item 16: inputs far outside the range the initial weights expect -----------------------------


def test_inputs_from_0_to_99_are_named_before_the_first_epoch():
    _, t = sin_curve()
    x = np.linspace(0, 99, len(t)).reshape(-1, 1)
    history = train_quietly(regression_network(np.random.default_rng(0)), x, t, seed=0, epochs=1)
    assert kinds(history) == [("unscaled_inputs", None)]
    assert str(history.warnings[0]).startswith("before the first epoch: the inputs reach 99 in absolute "
                                               "value (column 0 of x runs from 0 to 99)")
    assert "Scale x to about [-1, 1]" in str(history.warnings[0])


def test_inputs_up_to_the_limit_are_not_named():
    x, t = sin_curve()
    x = x * (INPUT_FAR / np.abs(x).max())
    history = train_quietly(regression_network(np.random.default_rng(0)), x, t, seed=0, epochs=1)
    assert history.warnings == []


# --- item 12: overfitting, with validation= ------------------------------------------------------


def overfitting_run(epochs):
    """8 noisy samples of the sine, 20 hidden neurons; the validation data are the 63 clean ones."""
    x, t = sin_curve()
    rng = np.random.default_rng(3)  # the run of the failure-modes page
    rows = np.sort(rng.choice(len(x), 8, replace=False))
    x_train, t_train = x[rows], t[rows] + 0.3 * rng.normal(size=(8, 1))
    net = Network([Dense(1, 20, Sigmoid(), rng=rng, wb_width=0.3),
                   Dense(20, 1, Identity(), rng=rng, wb_width=0.3)], loss=SumOfSquares())
    return train_quietly(net, x_train, t_train, rng=rng, epochs=epochs, validation=(x, t))


def test_a_validation_error_that_rises_while_the_training_error_falls_is_named():
    history = overfitting_run(1300)
    assert [w.kind for w in history.warnings] == ["overfitting"]
    message = only(history, "overfitting")
    epoch = next(w.epoch for w in history.warnings if w.kind == "overfitting")
    v, e = history.validation_errors[: epoch + 1], history.errors[: epoch + 1]
    means = np.convolve(v, np.ones(WINDOW) / WINDOW, "valid")
    train = np.convolve(e, np.ones(WINDOW) / WINDOW, "valid")
    best = int(np.argmin(means))
    assert means[-1] >= OVERFIT_FACTOR * means[best] and means[-1] - means[best] >= RISE_VISIBLE * v[0]
    assert train[-1] < train[best] and len(means) - 1 - best >= PATIENCE
    assert message.startswith("the validation error is rising while the training error falls")
    assert "restore_best=True" in message


# --- train_stacked records what train records ----------------------------------------------------

STACKED = {  # build, x, t, learning rate, epochs, the kind expected
    "unscaled inputs": (regression_network, "x99", None, 0.1, 2, "unscaled_inputs"),
    "saturated output": ("sigmoid5", None, "t01", 0.1, 60, "saturated_output"),
    "vanishing signal": (deep_sigmoid_network, None, None, 0.1, 60, "vanishing_signal"),
    "dead units": (relu_network, None, None, 0.1, 60, "dead_units"),
}


def _sigmoid_output(rng):
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Sigmoid(), rng=rng, wb_width=5.0)],
                   loss=SumOfSquares())


@pytest.mark.parametrize("setting", STACKED)
def test_each_copy_of_train_stacked_records_what_train_records(setting):
    build, x_kind, t_kind, learning_rate, epochs, expected = STACKED[setting]
    build = _sigmoid_output if build == "sigmoid5" else build
    x, t = sin_curve()
    if x_kind == "x99":
        x = np.linspace(0, 99, len(t)).reshape(-1, 1)
    if t_kind == "t01":
        t = (t + 1) / 2
    seeds = [0, 2, 3]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runs = train_stacked(build, x, t, seeds=seeds, epochs=epochs, learning_rate=learning_rate, log=None)
    seen = set()
    for k, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)  # builds copy k, then shuffles its samples, as in train_stacked
        history = train_quietly(build(rng), x, t, rng=rng, epochs=epochs, learning_rate=learning_rate)
        assert [(w.kind, w.epoch, str(w)) for w in runs.history(k).warnings] == [
            (w.kind, w.epoch, str(w)) for w in history.warnings]
        seen |= {w.kind for w in history.warnings}
    assert expected in seen
    assert expected in {w.message.kind for w in caught}

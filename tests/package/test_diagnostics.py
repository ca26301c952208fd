"""Training diagnostics: each warning fires on a run built to show it, and never on the textbook runs."""

import warnings

import numpy as np
import pytest
from helpers import classification_network, regression_network

import bpteach
from bpteach import Dense, Identity, Network, ReLU, Sigmoid, SumOfSquares, TrainingWarning
from bpteach.datasets import sin_boundary, sin_curve
from bpteach.diagnostics import (
    NO_PROGRESS_SHARE,
    PATIENCE,
    RISE_FACTOR,
    RISE_VISIBLE,
    SATURATED_SHARE,
    WINDOW,
    Monitor,
    constant_output_error,
    saturated_units,
)


def train_and_catch(net, x, t, *, epochs, learning_rate=0.1, seed=0, batch_size=1):
    """Train, and return the history and every warning issued (as caught by ``warnings``)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = bpteach.train(net, x, t, epochs=epochs, learning_rate=learning_rate,
                                rng=np.random.default_rng(seed), batch_size=batch_size, log=None)
    assert [type(w.message) for w in caught] == [TrainingWarning] * len(caught)
    assert [w.message for w in caught] == history.warnings  # the same objects, in order
    # Each warning points at the line that called train (here, in this file).
    assert all(w.filename == __file__ for w in caught), [w.filename for w in caught]
    return history


def kinds(history):
    return [(w.kind, w.epoch) for w in history.warnings]


def textbook_regression(wb_width=0.01, seed=0):
    return regression_network(np.random.default_rng(seed), wb_width=wb_width)


def test_targets_out_of_range_are_named_before_the_first_epoch():
    """A sigmoid output can never produce the negative half of the sine curve."""
    rng = np.random.default_rng(0)
    net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Sigmoid(), rng=rng)], loss=SumOfSquares())
    x, t = sin_curve()
    history = train_and_catch(net, x, t, epochs=1)
    assert kinds(history) == [("targets_out_of_range", None)]
    message = str(history.warnings[0])
    assert message.startswith("before the first epoch: t reaches -0.9999")
    # The floor it prints is the error of the clipped targets, which no output can beat.
    floor = 0.5 * np.mean((t - np.clip(t, 0, 1)) ** 2)
    assert f"can never fall below {floor:.4g}" in message
    assert "Identity()" in message


@pytest.mark.parametrize(("activation", "low"), [(bpteach.Tanh(), -1.0), (ReLU(), 0.0)])
def test_other_output_ranges(activation, low):
    rng = np.random.default_rng(0)
    net = Network([Dense(1, 2, Sigmoid(), rng=rng), Dense(2, 1, activation, rng=rng)], loss=SumOfSquares())
    x, t = sin_curve()
    assert kinds(train_and_catch(net, x, 2 * t, epochs=1)) == [("targets_out_of_range", None)]
    assert kinds(train_and_catch(net, x, np.clip(t, low, 1), epochs=1)) == []


def test_softmax_output_with_rows_that_are_not_distributions():
    rng = np.random.default_rng(0)
    net = Network([Dense(2, 3, Sigmoid(), rng=rng), Dense(3, 2, bpteach.Softmax(), rng=rng)],
                  loss=SumOfSquares())
    x = rng.uniform(-1, 1, size=(8, 2))
    history = train_and_catch(net, x, np.full((8, 2), 0.2), epochs=1)
    assert kinds(history) == [("targets_out_of_range", None)]
    assert "do not sum to 1" in str(history.warnings[0])


def test_identical_hidden_units_are_named_before_the_first_epoch():
    """wb_width=0: every hidden neuron is a copy of the others, and stays one."""
    x, t = sin_curve()
    net = textbook_regression(wb_width=0.0)
    history = train_and_catch(net, x, t, epochs=3)
    assert kinds(history) == [("identical_units", None)]
    assert "neurons 1, 2, 3 of hidden layer 1 (of 3)" in str(history.warnings[0])
    # The reason it is worth a warning: the copies are still exact copies after training.
    W1, b1, W2 = net.layers[0].W, net.layers[0].b, net.layers[1].W
    assert np.all(W1 == W1[:, :1]) and np.all(b1 == b1[0]) and np.all(W2 == W2[0])


def test_units_that_share_incoming_weights_but_not_outgoing_ones_are_not_copies():
    x, t = sin_curve()
    net = textbook_regression()
    net.layers[0].W[:, 1] = net.layers[0].W[:, 0]
    net.layers[0].b[1] = net.layers[0].b[0]
    assert kinds(train_and_catch(net, x, t, epochs=1)) == []  # their outgoing weights differ


def test_rising_error_is_named_once():
    """The regression at learning rate 2 climbs from an error of about 6 towards 1e3."""
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(), x, t, epochs=40, learning_rate=2.0)
    assert [kind for kind, _ in kinds(history)].count("rising_error") == 1
    warning = next(w for w in history.warnings if w.kind == "rising_error")
    errors = history.errors[: warning.epoch + 1]
    now = errors[-WINDOW:].mean()
    lowest = min([errors[0]] + [errors[i:i + WINDOW].mean() for i in range(len(errors) - WINDOW + 1)])
    assert now > 2 * lowest
    assert f"is {now:.4g}, {now / lowest:.3g} times" in str(warning) and f"{lowest:.4g}" in str(warning)
    assert "Try learning_rate=0.2" in str(warning)


@pytest.mark.parametrize("seed", [4, 6, 8, 9])
def test_bumps_of_a_minibatch_run_that_has_learned_are_not_a_rising_error(seed):
    """With batch_size=8 the regression learns (its error ends far below the start), but on the way
    its 10-epoch mean more than doubles for a while: a bump of a few per cent of the first error."""
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(seed=seed), x, t, epochs=450, seed=seed, batch_size=8)
    assert kinds(history) == []
    assert history.errors[-WINDOW:].mean() < 0.1 * history.errors[0]
    means = np.convolve(history.errors, np.ones(WINDOW) / WINDOW, mode="valid")
    lowest = np.minimum.accumulate(np.minimum(means, history.errors[0]))
    assert (means > RISE_FACTOR * lowest).any()  # the bump does cross the factor: only its size spares it
    assert ((means - lowest) < RISE_VISIBLE * history.errors[0]).all()


def test_saturated_sigmoids_from_large_initial_weights():
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(wb_width=30.0), x, t, epochs=3)
    assert kinds(history) == [("saturated_units", 1)]  # seen after epochs 0 and 1
    assert "smaller wb_width" in str(history.warnings[0])


def test_saturated_sigmoids_from_unscaled_inputs():
    x, t = sin_curve()
    x_unscaled = (x + 1) * 500  # from 0 to about 1000
    history = train_and_catch(textbook_regression(), x_unscaled, t, epochs=4)
    # Named before the first epoch (issue 22, item 16), then the saturation it causes.
    assert [kind for kind, _ in kinds(history)] == ["unscaled_inputs", "saturated_units"]
    assert f"Your inputs reach {np.abs(x_unscaled).max():.4g} in absolute value" in str(history.warnings[1])


def test_dead_relus():
    """ReLUs whose weighted input is negative for every sample output 0 and never learn."""
    rng = np.random.default_rng(0)
    net = Network([Dense(1, 4, ReLU(), rng=rng), Dense(4, 1, Identity(), rng=rng)], loss=SumOfSquares())
    net.layers[0].b[:] = -2.0  # u = xW + b < 0 for every x in [-1, 1)
    x, t = sin_curve()
    history = train_and_catch(net, x, t, epochs=2)
    assert kinds(history) == [("saturated_units", 1)]
    assert "100% of its neurons are flat on every sample (dead ReLUs" in str(history.warnings[0])


def test_nothing_learned_is_said_gently_after_the_patience():
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(), x, t, epochs=PATIENCE + 5, learning_rate=1e-4)
    assert kinds(history) == [("no_progress", PATIENCE - 1)]
    message = str(history.warnings[0])
    assert message.startswith("nothing learned yet: after 50 epochs")
    assert "plateau that ends by itself" in message and "larger learning rate than 0.0001" in message


@pytest.mark.parametrize(("learning_rate", "batch_size", "epochs"), [(0.01, 1, 120), (0.01, 63, 150)])
def test_a_slow_but_steady_descent_is_left_alone(learning_rate, batch_size, epochs):
    """At a tenth of the textbook's learning rate, online or with one full-batch step per epoch
    (the batch-size example), the error falls slowly at first: not a failure."""
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(seed=3), x, t, epochs=epochs, learning_rate=learning_rate,
                              seed=3, batch_size=batch_size)
    assert kinds(history) == []
    assert history.errors[-1] < 0.8 * history.errors[0]


def test_stuck_above_the_constant_output_error_advises_a_smaller_learning_rate():
    """At learning rate 1.5 the error neither rises nor falls, and stays worse than a constant output."""
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(seed=3), x, t, epochs=60, learning_rate=1.5, seed=3)
    assert [kind for kind, _ in kinds(history)] == ["no_progress"]
    assert history.warnings[0].epoch >= PATIENCE - 1
    message = str(history.warnings[0])
    assert "worse than giving the same answer for every input" in message
    assert "Try learning_rate=0.15" in message and "larger learning rate" not in message


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_constant_inputs_are_named_as_such(value):
    """x = 0 (or 1) for every sample: the advice says the inputs do not vary, not "below 0"."""
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(), np.full_like(x, value), t, epochs=PATIENCE + 20)
    assert [kind for kind, _ in kinds(history)] == ["no_progress"]
    message = str(history.warnings[0])
    assert "the same for every sample" in message and "below 0 " not in message
    assert "plateau" not in message


def test_tiny_targets_are_named_not_blamed_on_the_learning_rate():
    """Targets of about 1e-6 leave the error above a constant output's; the advice names the targets."""
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(), x, 1e-6 * t, epochs=PATIENCE + 20)
    assert [kind for kind, _ in kinds(history)] == ["no_progress"]
    message = str(history.warnings[0])
    assert "Your targets vary by at most 2e-06" in message and "scale t" in message
    assert "learning rate" not in message


def test_no_warning_before_the_patience_or_the_windows_are_full():
    x, t = sin_curve()
    history = train_and_catch(textbook_regression(), x, t, epochs=PATIENCE - 1, learning_rate=1e-4)
    assert kinds(history) == []


def test_warnings_can_be_silenced_and_are_still_recorded():
    x, t = sin_curve()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=TrainingWarning)
        history = bpteach.train(textbook_regression(wb_width=0.0), x, t, epochs=1, learning_rate=0.1,
                                rng=np.random.default_rng(0), log=None)
    assert kinds(history) == [("identical_units", None)]


# --- The textbook runs stay quiet, seeds 0-19 of both experiments -----------------------------
#
# Twenty seeds of each experiment through train() would cost about 40 full runs (minutes on this
# machine). Instead the twenty runs of an experiment are stepped together, one sample per seed
# per step, by the stacked loop below: the textbook's own updates, vectorised over the seeds. Each
# seed keeps its own network (built by the test suite's textbook constructors) and its own
# generator, and after every epoch its parameters are written back into that network and its
# Monitor (the very object train() calls) checks the epoch. Any TrainingWarning is an error here.
# test_stacked_steps_equal_train checks that the stacked loop takes the steps train() takes.

def _stacked_epochs(nets, rngs, x, t, epochs, learning_rate=0.1):
    """Online SGD for several networks at once; yield after each epoch with the mean errors."""
    K, n = len(nets), len(x)
    W1 = np.stack([net.layers[0].W for net in nets])  # (K, n_in, n_hidden)
    b1 = np.stack([net.layers[0].b for net in nets])[:, np.newaxis]  # (K, 1, n_hidden)
    W2 = np.stack([net.layers[1].W for net in nets])
    b2 = np.stack([net.layers[1].b for net in nets])[:, np.newaxis]
    softmax = isinstance(nets[0].layers[1].activation, bpteach.Softmax)
    seeds = np.arange(K)
    for _ in range(epochs):
        orders = np.stack([rng.permutation(n) for rng in rngs])  # (K, n)
        total = np.zeros(K)
        for i in range(n):
            xs, ts = x[orders[:, i]][:, np.newaxis], t[orders[:, i]][:, np.newaxis]  # (K, 1, n_in/out)
            y1 = 0.5 + 0.5 * np.tanh(0.5 * (xs @ W1 + b1))
            u2 = y1 @ W2 + b2
            if softmax:
                log_y = u2 - u2.max(axis=-1, keepdims=True)
                log_y -= np.log(np.exp(log_y).sum(axis=-1, keepdims=True))
                total -= (ts * log_y).sum(axis=(1, 2))
                delta2 = np.exp(log_y) - ts
            else:
                total += 0.5 * ((u2 - ts) ** 2).sum(axis=(1, 2))
                delta2 = u2 - ts
            delta1 = (delta2 @ W2.mT) * (1.0 - y1) * y1
            W2 -= learning_rate * (y1.mT @ delta2)
            b2 -= learning_rate * delta2
            W1 -= learning_rate * (xs.mT @ delta1)
            b1 -= learning_rate * delta1
        for k in seeds:
            nets[k].layers[0].W[...], nets[k].layers[0].b[...] = W1[k], b1[k, 0]
            nets[k].layers[1].W[...], nets[k].layers[1].b[...] = W2[k], b2[k, 0]
        yield total / n


def _quiet_runs(make, x, t, epochs, seeds):
    """Run the seeds stacked, check that no warning fires; return the errors and the largest flat share."""
    rngs = [np.random.default_rng(seed) for seed in seeds]
    nets = [make(rng) for rng in rngs]
    records = [[] for _ in seeds]
    flat = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrainingWarning)
        monitors = [Monitor(net, x, t, epochs=epochs, learning_rate=0.1, batch_size=1, record=record)
                    for net, record in zip(nets, records)]
        errors = np.empty((len(seeds), epochs))
        for epoch, mean_errors in enumerate(_stacked_epochs(nets, rngs, x, t, epochs)):
            errors[:, epoch] = mean_errors
            for k, monitor in enumerate(monitors):
                monitor.after_epoch(epoch, errors[k, : epoch + 1])
                hidden = nets[k].layers[0]
                flat = max(flat, saturated_units(hidden.activation, hidden.forward(x))[0])
    assert records == [[] for _ in seeds]
    return errors, flat


def _margins(errors, baseline):
    """The largest rise of a WINDOW-epoch mean over the lowest before it (or the first epoch's error),
    and the last epoch at which the WINDOW-epoch mean was still >= NO_PROGRESS_SHARE * baseline."""
    sums = np.cumsum(np.concatenate([np.zeros((len(errors), 1)), errors], axis=1), axis=1)
    means = (sums[:, WINDOW:] - sums[:, :-WINDOW]) / WINDOW
    lowest = np.minimum(np.minimum.accumulate(means, axis=1), errors[:, :1])
    still = np.nonzero((means >= NO_PROGRESS_SHARE * baseline).any(axis=0))[0]
    return float((means / lowest).max()), int(still.max()) + WINDOW - 1 if len(still) else 0


def test_stacked_steps_equal_train():
    x, t = sin_curve()
    stacked, _ = _quiet_runs(regression_network, x, t, 5, seeds=[3, 7])
    for k, seed in enumerate((3, 7)):
        rng = np.random.default_rng(seed)
        history = bpteach.train(regression_network(rng), x, t, epochs=5, learning_rate=0.1, rng=rng, log=None)
        assert np.allclose(stacked[k], history.errors, rtol=1e-12, atol=0)
    x, t = sin_boundary()
    stacked, _ = _quiet_runs(classification_network, x, t, 3, seeds=[3])
    rng = np.random.default_rng(3)
    history = bpteach.train(classification_network(rng), x, t, epochs=3, learning_rate=0.1, rng=rng, log=None)
    assert np.allclose(stacked[0], history.errors, rtol=1e-12, atol=0)


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_textbook_runs_are_quiet_over_seeds_0_to_19_with_room_to_spare(task):
    """No warning, and each threshold at least 1.5 times beyond what the textbook runs reach."""
    if task == "regression":
        (x, t), make, epochs, learned = sin_curve(), regression_network, 2001, 0.01
    else:
        (x, t), make, epochs, learned = sin_boundary(), classification_network, 101, 0.11
    errors, flat = _quiet_runs(make, x, t, epochs, seeds=range(20))
    assert np.all(errors[:, -1] < learned)  # and they did learn: these are the textbook's runs
    rise, last_plateau_epoch = _margins(errors, constant_output_error(make(np.random.default_rng(0)).loss, t))
    print(f"{task}: largest rise {rise:.3g}, largest flat share {flat:.2f}, "
          f"last epoch near the constant-output error {last_plateau_epoch}")
    assert rise < RISE_FACTOR / 1.5
    assert flat < SATURATED_SHARE / 1.5
    assert last_plateau_epoch < PATIENCE / 1.5


def test_training_leaves_the_layers_as_the_last_step_left_them():
    """The per-epoch look at the hidden outputs does not replace what the layers keep."""
    x, t = sin_curve()
    net = textbook_regression()
    train_and_catch(net, x, t, epochs=2)
    assert net.layers[0].y.shape == (1, 3) and net.layers[1].y.shape == (1, 1)  # one sample, online


def test_a_warning_survives_pickling():
    import pickle

    warning = TrainingWarning("seen", kind="no_progress", epoch=7)
    copy = pickle.loads(pickle.dumps(warning))
    assert (str(copy), copy.kind, copy.epoch) == ("seen", "no_progress", 7)


@pytest.mark.parametrize("activation", [Sigmoid(), bpteach.Tanh(), ReLU()])
def test_bounds_never_rule_out_a_layer_with_flat_outputs(activation):
    """_may_be_flat (which lets a stacked run skip the forward pass of healthy copies) may say
    "maybe" for a copy with no flat output, but never "no" for one that has some: 5000 random
    two-hidden-layer copies, with weights from tiny to huge, many right at the edge. (A ReLU layer
    with any weight can have a flat output, u < 0: bounds rule out nothing there.)"""
    from bpteach.diagnostics import _has_identical_units, _hidden_outputs, _may_be_flat
    from bpteach.stacked import _stack

    rng = np.random.default_rng(0)
    x, _ = sin_boundary()
    widths = 10 ** rng.uniform(-2, 1.5, size=5000)
    nets = [Network([Dense(2, 3, activation, rng=rng, wb_width=w),
                     Dense(3, 2, activation, rng=rng, wb_width=w),
                     Dense(2, 1, Identity(), rng=rng)], loss=SumOfSquares()) for w in widths]
    stack = _stack(nets)
    hidden = _hidden_outputs(stack.layers[:-1], np.broadcast_to(x, (len(nets), *x.shape)))
    flat = np.zeros(len(nets), dtype=bool)
    for layer, y in zip(stack.layers[:-1], hidden):
        flat |= saturated_units(layer.activation, y)[0] > 0
    maybe = _may_be_flat(stack.layers[:-1], x)
    assert not (flat & ~maybe).any()
    # and it rules out many copies (else it would save nothing), yet not all
    print(f"{activation!r}: {flat.mean():.0%} have flat outputs, {maybe.mean():.0%} may")
    assert 0.05 < flat.mean() and (maybe.mean() < 0.95 or isinstance(activation, ReLU))
    assert not _has_identical_units(stack.layers).any()  # random weights: no copies

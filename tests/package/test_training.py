import re
import sys

import numpy as np
import pytest
from helpers import ROOT, classification_network, regression_network

import bpteach
from bpteach.datasets import sin_boundary, sin_curve
from bpteach.stacked import train_stacked

sys.path.insert(0, str(ROOT / "benchmarks"))
from textbook import train_textbook  # noqa: E402

LOG_LINE = re.compile(r"^Epoch:(\d+)/(\d+) Error:(\S+)$")


def run_regression(seed, epochs=2001, interval=200):
    rng = np.random.default_rng(seed)
    x, t = sin_curve()
    net = regression_network(rng)
    return net, bpteach.train(net, x, t, epochs=epochs, learning_rate=0.1, interval=interval,
                              rng=rng, log=None)


def run_classification(seed, epochs=101, interval=10):
    rng = np.random.default_rng(seed)
    x, t = sin_boundary()
    net = classification_network(rng)
    return net, bpteach.train(net, x, t, epochs=epochs, learning_rate=0.1, interval=interval,
                              rng=rng, log=None)


def test_log_lines_have_the_textbook_format(capsys):
    _, history = run_regression(0, epochs=401, interval=200)
    printed = capsys.readouterr().out.splitlines()
    assert printed == []  # log=None: nothing printed, lines still kept
    assert [LOG_LINE.match(line).group(1, 2) for line in history.log_lines] == [
        ("0", "401"), ("200", "401"), ("400", "401")]
    for line, epoch in zip(history.log_lines, (0, 200, 400)):
        # exact: the log line prints the float's repr, which reads back exactly
        assert float(LOG_LINE.match(line).group(3)) == history.errors[epoch]


def test_log_is_printed_every_interval(capsys):
    rng = np.random.default_rng(0)
    x, t = sin_curve()
    bpteach.train(regression_network(rng), x, t, epochs=5, learning_rate=0.1, interval=2, rng=rng)
    lines = capsys.readouterr().out.splitlines()
    assert [LOG_LINE.match(line).group(1) for line in lines] == ["0", "2", "4"]


def test_full_textbook_runs_log_eleven_lines():
    assert len(run_regression(0)[1].log_lines) == 11
    assert len(run_classification(0)[1].log_lines) == 11


def test_same_seed_same_log_different_seed_different_log():
    first = run_classification(5, epochs=21)[1].log_lines
    assert run_classification(5, epochs=21)[1].log_lines == first
    assert run_classification(6, epochs=21)[1].log_lines != first


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_updates_equal_the_textbook_code(task):
    """bpteach and a line-by-line port of the textbook code take the same steps."""
    seed, epochs = 11, 4
    if task == "regression":
        x, t = sin_curve()
        net, history = run_regression(seed, epochs=epochs)
        (middle, output), errors = train_textbook(x, t, 3, "identity", epochs, np.random.default_rng(seed))
        assert np.allclose(history.errors, errors, rtol=1e-12)
    else:
        x, t = sin_boundary()
        net, history = run_classification(seed, epochs=epochs)
        (middle, output), errors = train_textbook(x, t, 6, "softmax", epochs, np.random.default_rng(seed))
        # The textbook logs -sum t log(y + 1e-7); bpteach logs the exact value.
        assert np.allclose(history.errors, errors, rtol=0, atol=5e-7)
        assert not np.allclose(history.errors, errors, rtol=0, atol=1e-9)
    for layer, reference in zip(net.layers, (middle, output)):
        assert np.allclose(layer.W, reference.w, rtol=0, atol=1e-12)
        assert np.allclose(layer.b, reference.b, rtol=0, atol=1e-12)


def test_outputs_at_logged_epochs_are_in_sample_order():
    rng = np.random.default_rng(2)
    x, t = sin_curve()
    net = regression_network(rng, wb_width=1.0)
    # a vanishing learning rate: the outputs recorded during an epoch are those of
    # the initial network, stored under each sample's original index
    history = bpteach.train(net, x, t, epochs=3, learning_rate=1e-14, interval=2, rng=rng, log=None)
    assert history.logged_epochs == [0, 2]
    for epoch in (0, 2):
        assert np.allclose(history.outputs[epoch], net.predict(x), rtol=0, atol=1e-11)


def test_user_arrays_are_not_modified():
    x, t = sin_curve()
    x0, t0 = x.copy(), t.copy()
    rng = np.random.default_rng(0)
    bpteach.train(regression_network(rng), x, t, epochs=2, learning_rate=0.1, rng=rng, log=None)
    # exact: copies: the test checks nothing was written into them
    assert np.array_equal(x, x0) and np.array_equal(t, t0)


# Behaviour bands: measured with a faithful re-implementation of the textbook code
# over seeds 0-4 (issue 2), widened by a modest margin. Medians over seeds are held
# to the band; every single seed only to a loose bound, since about one seed in ten
# lingers on a plateau with identical maths.
SEEDS = range(5)


# The five seeds run side by side with train_stacked, whose copy k is train's run of seed k
# bit for bit (tests/package/test_stacked.py), at a fifth of the cost of five train runs.
@pytest.fixture(scope="module")
def regression_runs():
    x, t = sin_curve()
    runs = train_stacked(regression_network, x, t, seeds=list(SEEDS), epochs=2001, learning_rate=0.1)
    return list(runs.errors)


@pytest.fixture(scope="module")
def classification_runs():
    x, t = sin_boundary()
    runs = train_stacked(classification_network, x, t, seeds=list(SEEDS), epochs=101, learning_rate=0.1)
    accuracies = np.mean(runs.predict(x).argmax(axis=-1) == t.argmax(axis=1), axis=-1)
    return list(zip(runs.errors, accuracies))


@pytest.mark.parametrize(
    ("epoch", "low", "high", "loose"),
    [(0, 0.24, 0.30, 0.32), (100, 0.012, 0.04, 0.06), (400, 0.004, 0.009, 0.012),
     (1000, 1e-4, 5e-3, 8e-3), (2000, 4e-6, 5e-5, 3e-3)],
)
def test_regression_error_bands(regression_runs, epoch, low, high, loose):
    at_epoch = np.array([errors[epoch] for errors in regression_runs])
    assert low <= np.median(at_epoch) <= high, at_epoch
    assert np.all(at_epoch <= loose), at_epoch


@pytest.mark.parametrize(
    ("epoch", "low", "high", "loose"),
    [(0, 0.69, 0.76, 0.78), (10, 0.28, 0.45, 0.5), (50, 0.09, 0.13, 0.16), (100, 0.055, 0.09, 0.11)],
)
def test_classification_error_bands(classification_runs, epoch, low, high, loose):
    at_epoch = np.array([errors[epoch] for errors, _ in classification_runs])
    assert low <= np.median(at_epoch) <= high, at_epoch
    assert np.all(at_epoch <= loose), at_epoch


def test_classification_accuracy_band(classification_runs):
    accuracies = np.array([accuracy for _, accuracy in classification_runs])
    assert np.median(accuracies) >= 0.965, accuracies
    assert np.all(accuracies >= 0.94), accuracies


def test_full_batch_epoch_is_one_gradient_step_on_all_samples():
    x, t = sin_curve()
    net = regression_network(np.random.default_rng(1), wb_width=1.0)
    net.forward(x)
    net.backward(t)
    expected = net.theta - 0.01 * net.grad_theta  # one step on the summed gradient
    bpteach.train(net, x, t, epochs=1, learning_rate=0.01, batch_size=len(x),
                  rng=np.random.default_rng(0), log=None)
    assert np.allclose(net.theta, expected, rtol=0, atol=1e-13)


def test_mini_batches_follow_the_shuffle_and_the_last_one_is_smaller():
    x, t = sin_curve()  # 63 samples: batches of 10, 10, ..., 10, 3
    net = regression_network(np.random.default_rng(1), wb_width=1.0)
    reference = regression_network(np.random.default_rng(1), wb_width=1.0)
    order = np.random.default_rng(0).permutation(len(x))
    for start in range(0, len(x), 10):
        batch = order[start:start + 10]
        reference.forward(x[batch])
        reference.backward(t[batch])
        reference.theta -= 0.05 * reference.grad_theta
    history = bpteach.train(net, x, t, epochs=1, learning_rate=0.05, batch_size=10,
                            rng=np.random.default_rng(0), log=None)
    assert np.allclose(net.theta, reference.theta, rtol=0, atol=1e-13)
    assert history.seconds.shape == (1,) and history.seconds[0] > 0


def test_rebound_weights_are_linked_again_before_training():
    x, t = sin_curve()
    net = regression_network(np.random.default_rng(1))
    net.layers[0].W = np.full((1, 3), 0.5)  # rebinding, not assigning in place
    assert not net.parameters_are_packed()
    bpteach.train(net, x, t, epochs=1, learning_rate=0.1, rng=np.random.default_rng(0), log=None)
    assert net.parameters_are_packed()
    assert not np.allclose(net.layers[0].W, 0.5)  # the rebound weights were trained

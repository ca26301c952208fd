"""Issue 22, the second adversarial sweep: what it found lost, crashed or left quiet, each fixed.

Ctrl-C is a real SIGINT sent by this process to itself, so Python's own handler raises the
KeyboardInterrupt where a user's Ctrl-C would (as in test_interrupted.py).
"""

import os
import pickle
import signal
import warnings

import numpy as np
import pytest
from helpers import regression_network

import bpteach
from bpteach import gradcheck
from bpteach.datasets import sin_curve


@pytest.fixture(autouse=True)
def default_sigint_handler():
    """Python's own SIGINT handler for the test (a suite started in the background may inherit it ignored)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


# --- A gradient check that stops half-way leaves the weights as they were --------------------


def test_ctrl_c_during_numerical_gradient_leaves_the_weights_unperturbed():
    x, t = sin_curve()
    net = regression_network(np.random.default_rng(0))
    W = net.layers[0].W  # a learner checks dE/dW of their own network, as on the gradient-check page
    before = W.copy()
    calls = []

    def error():
        calls.append(None)
        if len(calls) == 3:  # the 3rd evaluation of E is at W[0, 0] - eps: Ctrl-C there
            os.kill(os.getpid(), signal.SIGINT)
        net.forward(x)
        return net.error(t)

    with pytest.raises(KeyboardInterrupt):
        gradcheck.numerical_gradient(error, W)
    assert len(calls) == 3
    # exact: restored by assignment of the saved value, no arithmetic
    assert np.array_equal(W, before)


def test_numerical_gradient_restores_w_when_f_raises():
    w = np.zeros(3)

    def f():
        if w[1] != 0:
            raise RuntimeError("the learner's f failed")
        return float(w.sum())

    with pytest.raises(RuntimeError):
        gradcheck.numerical_gradient(f, w)
    assert np.array_equal(w, np.zeros(3))  # exact: restored by assignment


# --- An exception from the log, or a warning made an error, keeps the run so far ------------


def _failing_log(at):
    def log(line):
        if line.startswith(f"Epoch:{at}/"):
            raise OSError(28, "No space left on device")  # the learner's log file filled the disk
    return log


def test_train_keeps_the_history_when_the_log_raises():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    net = regression_network(rng)
    with pytest.raises(OSError) as caught:
        bpteach.train(net, x, t, epochs=100, learning_rate=0.1, rng=rng, interval=10, log=_failing_log(30))
    history = caught.value.history
    assert len(history.errors) == 31 and history.logged_epochs == [0, 10, 20, 30]
    reference = regression_network(np.random.default_rng(0))
    bpteach.train(reference, x, t, epochs=31, learning_rate=0.1, rng=_advanced(0), log=None)
    # exact: the same code path on the same machine (the same run, stopped after epoch 30 by hand)
    assert np.array_equal(net.theta, reference.theta)
    assert "the network's parameters are those at the end of epoch 30" in caught.value.__notes__[0]


def _advanced(seed):
    """The generator of a run whose network was built from `seed` (regression_network draws from it first)."""
    rng = np.random.default_rng(seed)
    regression_network(rng)
    return rng


def test_train_keeps_the_history_when_a_training_warning_is_made_an_error():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    net = regression_network(rng)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as pytest -W error, or a teacher's script, does
        with pytest.raises(bpteach.diagnostics.TrainingWarning) as caught:
            bpteach.train(net, x, t, epochs=300, learning_rate=3.0, rng=rng, log=None)
    history = caught.value.history
    assert len(history.errors) == caught.value.epoch + 1
    assert np.isfinite(net.theta).all()


def test_train_stacked_keeps_every_copy_when_the_log_raises():
    from bpteach.stacked import train_stacked

    x, t = sin_curve()
    with pytest.raises(OSError) as caught:
        train_stacked(regression_network, x, t, seeds=[0, 1, 2], epochs=100, learning_rate=0.1, interval=10,
                      log=_failing_log(30))
    result = caught.value.history
    assert result.errors.shape == (3, 31) and np.isfinite(result.errors).all()
    assert "every copy's parameters are those at the end of epoch 30" in caught.value.__notes__[0]


# --- The exceptions of a stopped run can be pickled (multiprocessing sends them back so) -----


def test_training_diverged_and_interrupted_survive_pickling():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    net = regression_network(rng)
    with pytest.raises(bpteach.TrainingDiverged) as caught:
        bpteach.train(net, x, t, epochs=10, learning_rate=50, rng=rng, log=None)
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is bpteach.TrainingDiverged and str(again) == str(caught.value)
    assert again.epoch == caught.value.epoch and len(again.history.errors) == len(caught.value.history.errors)
    stop = bpteach.TrainingInterrupted("stopped", epoch=3, history=caught.value.history)
    again = pickle.loads(pickle.dumps(stop))
    assert type(again) is bpteach.TrainingInterrupted and again.epoch == 3 and str(again) == "stopped"


# --- A run too long for the memory is refused in the learner's terms ------------------------


@pytest.mark.parametrize("epochs", [10**11, 10**30])
def test_train_refuses_epochs_whose_history_cannot_fit(epochs):
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    net = regression_network(rng)
    before = net.theta.copy()
    with pytest.raises(MemoryError, match=rf"train would need about \S+ GiB of memory .*epochs={epochs}\).* "
                                          r"train for fewer epochs"):
        bpteach.train(net, x, t, epochs=epochs, learning_rate=0.1, rng=rng, log=None)
    assert np.array_equal(net.theta, before)  # exact: nothing ran


# --- Copies that diverge are named even when nothing is logged ------------------------------


def test_train_stacked_with_log_none_names_the_copies_that_diverged():
    from bpteach.stacked import train_stacked

    x, t = sin_curve()
    with pytest.warns(bpteach.diagnostics.TrainingWarning, match=r"1 of the 2 copies diverged and stopped: "
                      r"copy 1 \(seed 0\) in epoch 1;") as caught:
        runs = train_stacked(regression_network, x, t, seeds=[0, 0], epochs=10, learning_rate=[0.1, 50],
                             log=None)
    assert [w.message.kind for w in caught] == ["diverged_copies"]
    assert runs.diverged_epoch.tolist() == [-1, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # with a log, its lines say it, and no warning repeats them
        train_stacked(regression_network, x, t, seeds=[0, 0], epochs=10, learning_rate=[0.1, 50],
                      log=lambda line: None)


# --- Every warning points at the learner's line ----------------------------------------------


def test_the_warnings_named_at_a_look_point_at_the_line_that_called_train():
    from bpteach import Dense, Identity, Network, ReLU, SumOfSquares

    x, t = sin_curve()
    rng = np.random.default_rng(3)  # 1 of 3 ReLUs dies and the error stalls: "dead_units", at a look
    net = Network([Dense(1, 3, ReLU(), rng=rng, wb_width=1.0),
                   Dense(3, 1, Identity(), rng=rng, wb_width=1.0)], loss=SumOfSquares())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bpteach.train(net, x, t, epochs=60, learning_rate=0.1, rng=rng, log=None)
    assert [w.message.kind for w in caught] == ["dead_units"]
    assert caught[0].filename == __file__


# --- Masked values are not data ----------------------------------------------------------------


def test_train_refuses_masked_values_rather_than_training_on_what_lies_under_the_mask():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    masked = np.ma.masked_array(x, mask=x > 0.5)
    with pytest.raises(ValueError, match=r"x is a masked array with \d+ masked values \(the first at index "):
        bpteach.train(regression_network(rng), masked, t, epochs=1, learning_rate=0.1, rng=rng, log=None)
    # A masked array with nothing masked is just data.
    bpteach.train(regression_network(rng), np.ma.masked_array(x), t, epochs=1, learning_rate=0.1, rng=rng,
                  log=None)


@pytest.mark.parametrize("path", ["", "  "])
def test_save_and_load_name_an_empty_path_as_such(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    net = regression_network(np.random.default_rng(0))
    with pytest.raises(ValueError, match="path must name a file, such as 'network.npz', got the empty name"):
        bpteach.save(net, path)
    with pytest.raises(ValueError, match="path must name a file"):
        bpteach.load(path)
    assert list(tmp_path.iterdir()) == []


def test_check_loss_names_a_zero_probability_for_cross_entropy():
    y, t = np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way either
        zero = r"y must hold probabilities above eps=1e-06 .* got y\[0, 0\] = 0$"
        with pytest.raises(ValueError, match=zero):
            gradcheck.check_loss(bpteach.CrossEntropy(), y, t)


# --- One network, one run at a time; a layer rebound by the log is re-linked ------------------


def test_a_network_being_trained_cannot_be_trained_again_until_train_returns():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    net = regression_network(rng)

    def log(line):  # e.g. a learner's "fine-tune" from the log, or a second thread
        bpteach.train(net, x, t, epochs=1, learning_rate=0.1, rng=np.random.default_rng(1), log=None)

    with pytest.raises(RuntimeError, match="network is already being trained by a call of train") as caught:
        bpteach.train(net, x, t, epochs=5, learning_rate=0.1, rng=rng, interval=1, log=log)
    assert len(caught.value.history.errors) == 1  # the outer run's epoch 0, kept
    bpteach.train(net, x, t, epochs=1, learning_rate=0.1, rng=rng, log=None)  # free again afterwards


def test_a_layer_rebound_by_the_log_is_trained_as_if_assigned_in_place():
    x, t = sin_curve()
    runs = []
    for rebind in (True, False):
        rng = np.random.default_rng(0)
        net = regression_network(rng, wb_width=1.0)

        def log(line, net=net, rebind=rebind):
            if line.startswith("Epoch:2/"):
                if rebind:
                    net.layers[0].W = np.full((1, 3), 0.5)  # a new array, no longer a view of theta
                else:
                    net.layers[0].W[...] = 0.5
        bpteach.train(net, x, t, epochs=6, learning_rate=0.1, rng=rng, interval=1, log=log)
        assert np.shares_memory(net.layers[0].W, net.theta)
        runs.append(net.theta.copy())
    # exact: the same values in theta before epoch 3, then the same code path on the same machine
    assert np.array_equal(runs[0], runs[1])


def test_check_activation_names_the_relu_kink_instead_of_failing_a_correct_derivative():
    with pytest.raises(ValueError, match=r"u\[0, 1\] = 0 lies within eps=1e-06 of the ReLU's kink at 0"):
        gradcheck.check_activation(bpteach.ReLU(), np.array([[0.5, 0.0, -0.5]]))
    assert gradcheck.check_activation(bpteach.ReLU(), np.array([[0.5, 0.25, -0.5]])) < gradcheck.TOLERANCE


def test_restore_best_accepts_a_numpy_bool():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    history = bpteach.train(regression_network(rng), x[::2], t[::2], epochs=3, learning_rate=0.1, rng=rng,
                            log=None, validation=(x[1::2], t[1::2]), restore_best=np.bool_(True))
    assert history.best_epoch is not None

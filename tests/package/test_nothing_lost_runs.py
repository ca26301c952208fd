"""Issue 22: nothing lost and nothing quiet in train_stacked and in train's early stopping.

Ctrl-C is a real SIGINT sent by this process to itself in the middle of an update (as in
test_interrupted.py), so Python's own handler raises the KeyboardInterrupt where a user's
Ctrl-C would. Equal floats are compared with ``np.array_equal`` only where the same code
path runs on the same machine (the same run, stopped earlier by hand).
"""

import os
import signal
import warnings

import numpy as np
import pytest
from helpers import classification_network, regression_network

import bpteach
from bpteach import _run
from bpteach.datasets import sin_boundary, sin_curve
from bpteach.optimizers import SGD
from bpteach.stacked import train_stacked


@pytest.fixture(autouse=True)
def default_sigint_handler():
    """Python's own SIGINT handler for the test: a suite started in the background by a
    non-interactive shell inherits SIGINT ignored, and no Ctrl-C would reach Python."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _after_step(monkeypatch, step, action):
    """Run `action(network)` right after the `step`-th SGD update (counted from 1)."""
    original, calls = SGD.step, []

    def step_then_act(self, network):
        original(self, network)
        calls.append(None)
        if len(calls) == step:
            action(network)

    monkeypatch.setattr(SGD, "step", step_then_act)


def _ctrl_c(network):
    os.kill(os.getpid(), signal.SIGINT)


# --- 1. train_stacked keeps Ctrl-C's promise ---------------------------------------------------

SEEDS, RATES = [0, 1, 2], [0.1, 50.0, 0.1]  # copy 1 diverges in epoch 1, the others run on


def _stacked(epochs, **options):
    x, t = sin_curve()
    return train_stacked(regression_network, x, t, seeds=SEEDS, epochs=epochs, learning_rate=RATES,
                         interval=1, log=None, **options)


def test_ctrl_c_in_train_stacked_keeps_every_copy_at_its_last_complete_epoch(monkeypatch):
    x, _ = sin_curve()
    with pytest.warns(bpteach.TrainingWarning, match="1 of the 3 copies diverged"):  # with log=None, said
        reference = _stacked(3)  # the same run, stopped by hand after epoch 2
    _after_step(monkeypatch, 3 * len(x) + 20, _ctrl_c)  # in the middle of epoch 3
    with pytest.raises(bpteach.TrainingInterrupted) as caught:
        _stacked(50)
    stop = caught.value
    assert isinstance(stop, KeyboardInterrupt) and stop.__suppress_context__
    assert stop.epoch == 3
    runs = stop.history
    assert isinstance(runs, bpteach.StackedHistory) and runs.epochs_run == 3
    # exact: the interrupted run is the reference run (same code, same machine), stopped by hand
    assert np.array_equal(runs.theta, reference.theta)
    # exact: the same run on the same machine, stopped earlier by hand
    assert np.array_equal(runs.errors, reference.errors, equal_nan=True)
    # exact: the same run on the same machine, stopped earlier by hand
    assert np.array_equal(runs.outputs, reference.outputs, equal_nan=True)
    assert runs.diverged_epoch.tolist() == [-1, 1, -1]
    for k in range(3):
        # exact: the same run on the same machine, stopped earlier by hand
        assert np.array_equal(runs.history(k).errors, reference.history(k).errors)
        # exact: the same run on the same machine, stopped earlier by hand
        assert np.array_equal(runs.network(k).theta, reference.network(k).theta)
    assert str(stop) == (
        "train_stacked interrupted in epoch 3 of 50: every copy's parameters are back at the end of "
        "epoch 2 (a copy that diverged, at the end of its own last complete epoch), and the "
        "exception's .history holds epochs 0 to 2")


def test_ctrl_c_in_the_first_epoch_of_train_stacked_restores_the_initial_parameters(monkeypatch):
    x, t = sin_curve()
    initial = np.stack([regression_network(np.random.default_rng(seed)).theta for seed in SEEDS])
    _after_step(monkeypatch, 10, _ctrl_c)
    with pytest.raises(bpteach.TrainingInterrupted, match="before any epoch finished") as caught:
        _stacked(5)
    assert caught.value.epoch == 0 and caught.value.history.errors.shape == (3, 0)
    assert np.array_equal(caught.value.history.theta, initial)  # exact: a copy of the initial values


# --- 2. and 3. restore_best survives a divergence and Ctrl-C -----------------------------------

XC, TC = sin_boundary()
SPLIT = np.random.default_rng(7).permutation(len(XC))
X_TRAIN, T_TRAIN, X_VAL, T_VAL = XC[SPLIT[:300]], TC[SPLIT[:300]], XC[SPLIT[300:]], TC[SPLIT[300:]]
# A large learning rate makes the validation error go up and down, so the best epoch is neither
# the first nor the last (as in test_validation.py).
OPTIONS = dict(learning_rate=3.0, batch_size=10)
STEPS = 30  # per epoch


def _early_stopping(epochs, **options):
    rng = np.random.default_rng(3)
    net = classification_network(rng, wb_width=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bpteach.TrainingWarning)  # the large steps saturate; said elsewhere
        history = bpteach.train(net, X_TRAIN, T_TRAIN, epochs=epochs, rng=rng, log=None,
                                validation=(X_VAL, T_VAL), **OPTIONS, **options)
    return net, history


def _best_of_first(epochs):
    """The best epoch among the first `epochs`, and the network of that run stopped after it."""
    _, history = _early_stopping(epochs)
    best = int(np.argmin(history.validation_errors))
    stopped, _ = _early_stopping(best + 1)
    return best, history.validation_errors[best], stopped


def test_restore_best_is_kept_when_the_run_later_diverges(monkeypatch):
    """Item 2: a divergence in epoch 11 (a step overflows float64: here, made to) used to leave
    the parameters of epoch 10; with restore_best=True it leaves the best epoch's, and says so."""
    best, lowest, stopped = _best_of_first(11)
    assert 0 < best < 10

    def overflow(network):
        network.theta[0] = np.inf  # as an overflowing step leaves it

    rng = np.random.default_rng(3)
    net = classification_network(rng, wb_width=0.5)
    _after_step(monkeypatch, 11 * STEPS + 5, overflow)
    with pytest.raises(bpteach.TrainingDiverged) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore", bpteach.TrainingWarning)
        bpteach.train(net, X_TRAIN, T_TRAIN, epochs=40, rng=rng, log=None, validation=(X_VAL, T_VAL),
                      restore_best=True, **OPTIONS)
    stop = caught.value
    assert stop.epoch == 11 and stop.history.best_epoch == best
    # exact: the same run on the same machine, stopped earlier by hand
    assert np.array_equal(net.theta, stopped.theta)
    assert (f"restored to those of epoch {best}, which had the lowest validation error, {lowest:.4g} "
            "(restore_best=True)") in str(stop)


def test_restore_best_is_kept_on_ctrl_c(monkeypatch):
    """Item 3: Ctrl-C in epoch 11 used to leave the parameters of epoch 10."""
    best, lowest, stopped = _best_of_first(11)
    rng = np.random.default_rng(3)
    net = classification_network(rng, wb_width=0.5)
    _after_step(monkeypatch, 11 * STEPS + 5, _ctrl_c)
    with pytest.raises(bpteach.TrainingInterrupted) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore", bpteach.TrainingWarning)
        bpteach.train(net, X_TRAIN, T_TRAIN, epochs=40, rng=rng, log=None, validation=(X_VAL, T_VAL),
                      restore_best=True, **OPTIONS)
    stop = caught.value
    assert stop.epoch == 11 and len(stop.history.validation_errors) == 11
    assert stop.history.best_epoch == best
    # exact: the same run on the same machine, stopped earlier by hand
    assert np.array_equal(net.theta, stopped.theta)
    assert str(stop) == (
        f"training interrupted in epoch 11 of 40: the network's parameters are those of epoch {best}, "
        f"which had the lowest validation error, {lowest:.4g} (restore_best=True), and the exception's "
        ".history holds epochs 0 to 10")


# --- 6. seeds in a set ----------------------------------------------------------------------------

@pytest.mark.parametrize("seeds", [{30, 2, 17}, frozenset({30, 2, 17}), {30: "a", 2: "b"}])
def test_seeds_without_an_order_are_refused(seeds):
    x, t = sin_curve()
    with pytest.raises(TypeError, match=r"seeds must be an ordered sequence, one seed per copy in the "
                                        r"order of the copies .* no order of its own"):
        train_stacked(regression_network, x, t, seeds=seeds, epochs=1, learning_rate=0.1, log=None)


# --- 11. memory, estimated before it is allocated -----------------------------------------------

def test_a_run_too_large_for_the_memory_is_refused_in_the_arguments_terms(monkeypatch):
    """seeds=range(5000), epochs=10**6 got NumPy's 'Unable to allocate 37.3 GiB' after building
    5000 networks; with 16 GiB available it is refused at once, naming seeds and epochs."""
    monkeypatch.setattr(_run, "available_memory", lambda: 16 * 2**30)
    built = []

    def build(rng):
        built.append(None)
        return regression_network(rng)

    x, t = sin_curve()
    with pytest.raises(MemoryError, match=r"train_stacked would need about \S+ GiB of memory \(\S+ GiB for "
                                          r"the error of every copy in every epoch, twice \(seeds gives "
                                          r"K=5000 copies, epochs=1000000\).* about 16 GiB is available "
                                          r"now, so it cannot start: train fewer copies at once"):
        train_stacked(build, x, t, seeds=range(5000), epochs=10**6, learning_rate=0.1, log=None)
    assert len(built) == 1  # only the first copy, to learn the architecture


def test_a_run_that_would_take_most_of_the_memory_is_warned_about(monkeypatch):
    x, t = sin_curve()
    terms = _run.stacked_memory(n_copies=4, epochs=100, n_logged=10, n=len(x), widths=[1, 3, 1],
                                n_parameters=10, batch_size=1)
    total = sum(size for size, _ in terms)
    monkeypatch.setattr(_run, "available_memory", lambda: int(1.5 * total))
    with pytest.warns(UserWarning, match=r"would need about .* more than half of it") as caught:
        runs = train_stacked(regression_network, x, t, seeds=range(4), epochs=100, learning_rate=0.1,
                             interval=10, log=None)
    assert caught[0].filename == __file__
    assert runs.errors.shape == (4, 100)  # and it ran


def test_an_impossible_run_is_refused_on_any_machine():
    if _run.available_memory() is None:
        pytest.skip("this system does not say how much memory is available")
    x, t = sin_curve()
    with pytest.raises(MemoryError, match=r"seeds gives K=3 copies, epochs=1000000000000"):
        train_stacked(regression_network, x, t, seeds=range(3), epochs=10**12, learning_rate=0.1, log=None,
                      interval=1)  # every epoch logged: the refusal comes before any array of that size


def test_the_estimate_covers_what_a_run_allocates():
    """The estimate is at least the float64 arrays a run keeps: errors, outputs (measured here)."""
    x, t = sin_boundary()
    runs = train_stacked(classification_network, x, t, seeds=range(6), epochs=20, learning_rate=0.1,
                         interval=2, log=None)
    kept = runs.errors.nbytes + runs.outputs.nbytes + runs.theta.nbytes + runs.seconds.nbytes
    terms = _run.stacked_memory(n_copies=6, epochs=20, n_logged=10, n=len(x), widths=[2, 6, 2],
                                n_parameters=runs.theta.shape[1], batch_size=1)
    assert sum(size for size, _ in terms) >= kept


# --- The textbook runs stay quiet in train_stacked, seeds 0-19 ------------------------------------

@pytest.mark.parametrize("task", ["regression", "classification"])
def test_textbook_runs_are_quiet_in_train_stacked_over_seeds_0_to_19(task):
    if task == "regression":
        (x, t), build, epochs = sin_curve(), regression_network, 2001
    else:
        (x, t), build, epochs = sin_boundary(), classification_network, 101
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runs = train_stacked(build, x, t, seeds=range(20), epochs=epochs, learning_rate=0.1, log=None)
    assert runs.warnings == [[] for _ in range(20)]
    assert len(runs.diverged) == 0


# --- from the second sweep (F5): Ctrl-C pressed again while the run is putting things back -----


@pytest.mark.parametrize("runner", ["train", "train_stacked"])
def test_a_second_ctrl_c_while_the_parameters_are_put_back_loses_nothing(runner, monkeypatch):
    """The second SIGINT arrives inside the handler of the first (as when Ctrl-C is pressed twice
    quickly): it is ignored, and the run still ends with TrainingInterrupted and its history."""
    x, t = sin_curve()
    _after_step(monkeypatch, 2 * len(x) + 5, _ctrl_c)  # in the middle of epoch 2
    original = bpteach.training._keep_complete_epochs if runner == "train" else _run.interrupted_message

    def press_again(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # delivered at once: here, inside the first one's handler
        return original(*args, **kwargs)

    if runner == "train":
        monkeypatch.setattr(bpteach.training, "_keep_complete_epochs", press_again)
        with pytest.raises(bpteach.TrainingInterrupted) as caught:
            bpteach.train(regression_network(np.random.default_rng(0)), x, t, epochs=50,
                          learning_rate=0.1, rng=np.random.default_rng(1), log=None)
        assert len(caught.value.history.errors) == 2
    else:
        monkeypatch.setattr(bpteach.stacked, "interrupted_message", press_again)
        with pytest.raises(bpteach.TrainingInterrupted) as caught:
            train_stacked(regression_network, x, t, seeds=[0, 1], epochs=50, learning_rate=0.1, log=None)
        assert caught.value.history.epochs_run == 2
    assert caught.value.epoch == 2
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C works again after

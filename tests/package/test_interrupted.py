"""Nothing is lost when something is interrupted: Ctrl-C during training, a failure while saving."""

import ast
import os
import signal
import stat

import numpy as np
import pytest
from helpers import ROOT, regression_network

import bpteach
from bpteach.datasets import sin_curve
from bpteach.optimizers import SGD

# --- Ctrl-C during train -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def default_sigint_handler():
    """Python's own SIGINT handler for the test, whatever the test run inherited.

    A process started in the background by a non-interactive shell (as CI may
    start the suite) inherits SIGINT *ignored*, and then no Ctrl-C reaches
    Python at all; the handler that was in place is put back afterwards.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _press_ctrl_c_at_step(monkeypatch, step):
    """Make the `step`-th SGD update (counted from 1) send this process a real SIGINT.

    Python's default SIGINT handler turns the signal into a KeyboardInterrupt at
    the next bytecode, inside the update, just as when a user presses Ctrl-C.
    """
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    original = SGD.step
    calls = []

    def step_then_interrupt(self, network):
        original(self, network)
        calls.append(None)
        if len(calls) == step:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(SGD, "step", step_then_interrupt)


def _train(epochs, seed=0, **options):
    x, t = sin_curve()
    rng = np.random.default_rng(seed)
    net = regression_network(rng, wb_width=1.0)
    options = {"learning_rate": 0.1, "rng": rng, "interval": 1, "log": None, **options}
    return net, lambda: bpteach.train(net, x, t, epochs=epochs, **options)


@pytest.mark.parametrize("batch_size", [1, 8])
def test_ctrl_c_mid_epoch_restores_the_last_complete_epoch_and_keeps_the_history(monkeypatch, batch_size):
    x, _ = sin_curve()
    steps_per_epoch = -(-len(x) // batch_size)
    reference, run = _train(3, batch_size=batch_size)
    expected = run()  # the same seed, stopped by hand after epoch 2

    net, run = _train(50, batch_size=batch_size)
    _press_ctrl_c_at_step(monkeypatch, 3 * steps_per_epoch + steps_per_epoch // 2)  # mid epoch 3
    with pytest.raises(bpteach.TrainingInterrupted) as caught:
        run()
    stop = caught.value
    assert isinstance(stop, KeyboardInterrupt)  # an uncaught one still stops a script
    assert stop.epoch == 3
    # exact: the same code path on the same machine
    assert np.array_equal(net.theta, reference.theta)  # bit for bit: the end of epoch 2
    # exact: the same code path on the same machine
    assert np.array_equal(stop.history.errors, expected.errors)
    assert [line.replace("/50 ", "/3 ") for line in stop.history.log_lines] == expected.log_lines
    assert stop.history.logged_epochs == [0, 1, 2]  # the interrupted epoch's outputs are dropped
    message = str(stop)
    assert "\n" not in message
    assert message == ("training interrupted in epoch 3 of 50: the network's parameters are back at "
                       "the end of epoch 2, and the exception's .history holds epochs 0 to 2")
    assert caught.value.__suppress_context__  # one message, not two tracebacks


def test_ctrl_c_in_the_first_epoch_restores_the_initial_parameters(monkeypatch):
    net, run = _train(5)
    initial = net.theta.copy()
    _press_ctrl_c_at_step(monkeypatch, 10)
    with pytest.raises(bpteach.TrainingInterrupted, match="before any epoch finished") as caught:
        run()
    assert caught.value.epoch == 0 and len(caught.value.history.errors) == 0
    # exact: a copy of the parameters, restored
    assert np.array_equal(net.theta, initial)


def test_an_interrupted_network_trains_on_from_where_it_stopped(monkeypatch):
    net, run = _train(50)
    _press_ctrl_c_at_step(monkeypatch, 100)
    with pytest.raises(bpteach.TrainingInterrupted):
        run()
    monkeypatch.undo()
    x, t = sin_curve()
    history = bpteach.train(net, x, t, epochs=2, learning_rate=0.1, rng=np.random.default_rng(1), log=None)
    assert np.all(np.isfinite(history.errors)) and np.all(np.isfinite(net.theta))


# --- save: write beside, then replace ------------------------------------------------------


def _network(seed):
    return regression_network(np.random.default_rng(seed), wb_width=1.0)


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError("No space left on device")])
def test_a_failed_save_leaves_the_file_saved_before_intact(tmp_path, monkeypatch, failure):
    path = tmp_path / "net.npz"
    old = _network(0)
    bpteach.save(old, path)
    saved_bytes = path.read_bytes()

    def write_half_then_fail(file, **arrays):
        file.write(saved_bytes[: len(saved_bytes) // 2])  # a truncated archive
        raise failure

    monkeypatch.setattr(np, "savez", write_half_then_fail)
    with pytest.raises(type(failure) if isinstance(failure, Exception) else failure):
        bpteach.save(_network(1), path)
    monkeypatch.undo()
    assert path.read_bytes() == saved_bytes
    # exact: save and load copy the bytes
    assert np.array_equal(bpteach.load(path).theta, old.theta)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.npz"]  # no temporary file left


def test_save_replaces_an_existing_file_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "net.npz"
    bpteach.save(_network(0), path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # as open(path, "wb") would
    path.chmod(0o600)
    new = _network(1)
    bpteach.save(new, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # exact: save and load copy the bytes
    assert np.array_equal(bpteach.load(path).theta, new.theta)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.npz"]


def test_save_through_a_symbolic_link_replaces_the_file_it_names(tmp_path):
    target, link = tmp_path / "net.npz", tmp_path / "latest.npz"
    bpteach.save(_network(0), target)
    link.symlink_to(target)
    new = _network(1)
    bpteach.save(new, link)
    assert link.is_symlink()
    # exact: save and load copy the bytes
    assert np.array_equal(bpteach.load(target).theta, new.theta)


def test_save_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(FileNotFoundError):
        bpteach.save(_network(0), tmp_path / "no such folder" / "net.npz")


# --- io uses the modules below it, not the package root ------------------------------------


def test_no_module_of_the_package_imports_the_package_root():
    """Modules import the modules they need (``from bpteach.network import Network``), never
    the package root, whose names are re-exported from them (``import bpteach``)."""
    modules = {path.stem for path in (ROOT / "bpteach").glob("*.py")}
    for path in sorted((ROOT / "bpteach").glob("*.py")):
        if path.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert all(alias.name != "bpteach" for alias in node.names), path.name
            elif isinstance(node, ast.ImportFrom) and node.module == "bpteach":
                names = [alias.name for alias in node.names]
                assert set(names) <= modules, (path.name, names)  # only submodules

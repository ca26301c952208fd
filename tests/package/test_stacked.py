"""Stacked runs: copy k of train_stacked is the single run of seed k, bit for bit."""

import warnings

import numpy as np
import pytest
from helpers import classification_network, regression_network

import bpteach
from bpteach.datasets import sin_boundary, sin_curve
from bpteach.stacked import train_stacked

TASKS = {
    "regression": (regression_network, sin_curve, 300, 100),
    "classification": (classification_network, sin_boundary, 21, 10),
}


def single_run(build, x, t, seed, *, epochs, learning_rate=0.1, wb_width=None, **kwargs):
    rng = np.random.default_rng(seed)
    network = build(rng) if wb_width is None else build(rng, wb_width=wb_width)
    history = bpteach.train(network, x, t, epochs=epochs, learning_rate=learning_rate, rng=rng,
                            log=None, **kwargs)
    return network, history


def assert_same_run(runs, k, network, history):
    """Every logged error, log line, logged output and final weight, bit for bit."""
    copy = runs.history(k)
    # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
    assert np.array_equal(copy.errors, history.errors)
    assert copy.log_lines == history.log_lines
    assert copy.logged_epochs == history.logged_epochs
    for epoch in history.outputs:
        # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
        assert np.array_equal(copy.outputs[epoch], history.outputs[epoch])
    # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
    assert np.array_equal(runs.theta[k], network.theta)
    # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
    assert np.array_equal(runs.network(k).theta, network.theta)


@pytest.mark.parametrize("task", TASKS)
def test_each_copy_is_the_single_run_of_its_seed(task):
    build, data, epochs, interval = TASKS[task]
    x, t = data()
    seeds = [0, 3, 7, 11]
    runs = train_stacked(build, x, t, seeds=seeds, epochs=epochs, learning_rate=0.1,
                         interval=interval, log=None)
    assert runs.errors.shape == (4, epochs)
    assert runs.outputs.shape == (4, len(range(0, epochs, interval)), len(x), t.shape[1])
    for k, seed in enumerate(seeds):
        assert_same_run(runs, k, *single_run(build, x, t, seed, epochs=epochs, interval=interval))
    # and the copies really differ from one another
    assert len({runs.errors[k, -1] for k in range(4)}) == 4


@pytest.mark.parametrize("task", TASKS)
# Some copies are built to be odd (wb_width=0, a large learning rate), and train says so;
# the warnings themselves are tested in test_diagnostics.py.
@pytest.mark.filterwarnings("ignore::bpteach.TrainingWarning")
def test_own_learning_rates_widths_and_mini_batches(task):
    build, data, _, _ = TASKS[task]
    x, t = data()
    seeds, rates, widths = [5, 5, 6, 7], [0.1, 0.02, 0.05, 0.1], [0.01, 0.01, 0.5, 0.0]
    runs = train_stacked(build, x, t, seeds=seeds, epochs=6, learning_rate=rates, wb_width=widths,
                         batch_size=8, interval=5, log=None)
    for k, seed in enumerate(seeds):
        assert_same_run(runs, k, *single_run(build, x, t, seed, epochs=6, learning_rate=rates[k],
                                             wb_width=widths[k], batch_size=8, interval=5))
    assert runs.learning_rates.tolist() == rates and runs.wb_widths.tolist() == widths


def test_generators_as_seeds_are_advanced_like_train_advances_its_rng():
    x, t = sin_curve()
    generators = [np.random.default_rng(1), np.random.default_rng(2)]
    runs = train_stacked(regression_network, x, t, seeds=generators, epochs=70, learning_rate=0.1,
                         log=None)
    for k, seed in enumerate((1, 2)):
        rng = np.random.default_rng(seed)
        network = regression_network(rng)
        history = bpteach.train(network, x, t, epochs=70, learning_rate=0.1, rng=rng, log=None)
        # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
        assert np.array_equal(runs.errors[k], history.errors)
        assert generators[k].bit_generator.state == rng.bit_generator.state


def test_a_diverging_copy_stops_alone_like_train_stops():
    x, t = sin_curve()
    seeds, rates = [0, 1, 2], [0.1, 50.0, 0.1]
    with pytest.warns(bpteach.diagnostics.TrainingWarning, match="1 of the 3 copies diverged"):  # log=None
        runs = train_stacked(regression_network, x, t, seeds=seeds, epochs=8, learning_rate=rates,
                             interval=2, log=None)
    rng = np.random.default_rng(1)
    network = regression_network(rng)
    with pytest.raises(bpteach.TrainingDiverged) as caught:
        bpteach.train(network, x, t, epochs=8, learning_rate=50.0, rng=rng, interval=2, log=None)
    epoch = caught.value.epoch
    assert runs.diverged_epoch.tolist() == [-1, epoch, -1]
    assert runs.diverged.tolist() == [1]
    assert_same_run(runs, 1, network, caught.value.history)  # restored to the last complete epoch
    assert np.isnan(runs.errors[1, epoch:]).all() and np.isfinite(runs.errors[1, :epoch]).all()
    assert np.isnan(runs.logged_errors[1, epoch // 2 + (epoch % 2 > 0):]).all()
    assert any(line.startswith(f"Copy 1 (seed 1) diverged in epoch {epoch}") for line in runs.log_lines)
    for k in (0, 2):  # the others went on, undisturbed
        assert_same_run(runs, k, *single_run(regression_network, x, t, seeds[k], epochs=8, interval=2))
    assert "1 diverged" in repr(runs)


@pytest.mark.parametrize("log", [None, "lines"])
def test_every_copy_diverging_is_raised_as_train_raises(log):
    """Issue 22, item 5: with log=None nothing was said at all; now, as train, TrainingDiverged."""
    x, t = sin_curve()
    lines = []
    with pytest.raises(bpteach.TrainingDiverged, match=r"every one of the 2 copies diverged, the last in "
                       r"epoch 1 of 4: .* The learning rate 50 is probably too large") as caught:
        train_stacked(regression_network, x, t, seeds=[0, 1], epochs=4, learning_rate=50.0,
                      interval=1, log=lines.append if log else None)
    runs = caught.value.history
    assert isinstance(runs, bpteach.StackedHistory)
    assert (runs.diverged_epoch >= 0).all() and caught.value.epoch == runs.diverged_epoch.max()
    assert runs.errors.shape == (2, caught.value.epoch + 1)  # it stopped there
    assert np.isfinite(runs.theta).all()
    for k in range(2):  # each copy restored as train restores the same run
        with pytest.raises(bpteach.TrainingDiverged) as single:
            rng = np.random.default_rng(k)
            network = regression_network(rng)
            bpteach.train(network, x, t, epochs=4, learning_rate=50.0, rng=rng, interval=1, log=None)
        assert_same_run(runs, k, network, single.value.history)
    assert bool(lines) == bool(log)


def test_log_summarises_the_copies(capsys):
    x, t = sin_curve()
    runs = train_stacked(regression_network, x, t, seeds=range(5), epochs=3, learning_rate=0.1, interval=2)
    printed = capsys.readouterr().out.splitlines()
    assert printed == runs.log_lines and len(printed) == 2
    median = np.median(runs.errors[:, 2])
    assert printed[1].startswith(f"Epoch:2/3 Error: median {median:.4g} ")


def test_network_predict_and_save_of_one_copy(tmp_path):
    x, t = sin_boundary()
    runs = train_stacked(classification_network, x, t, seeds=[4, 9], epochs=3, learning_rate=0.1, log=None)
    outputs = runs.predict(x)
    assert outputs.shape == (2, len(x), 2)
    for k in range(2):
        network = runs.network(k)
        # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
        assert np.array_equal(network.predict(x), outputs[k])
        bpteach.save(network, tmp_path / f"copy{k}.npz")
        # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
        assert np.array_equal(bpteach.load(tmp_path / f"copy{k}.npz").theta, runs.theta[k])
    with pytest.raises(IndexError, match="copy index from 0 to 1, got 2"):
        runs.history(2)
    with pytest.raises(TypeError, match="integer copy index"):
        runs.network(0.0)


def test_stacked_parameters_are_views_of_one_theta_per_copy():
    from bpteach.stacked import _stack

    networks = [regression_network(np.random.default_rng(k)) for k in range(3)]
    stack = _stack(networks)
    assert stack.theta.shape == (3, 10)
    for k, network in enumerate(networks):
        # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
        assert np.array_equal(stack.theta[k], network.theta)
    for layer in stack.layers:
        for array in (layer.W, layer.b, layer.grad_W, layer.grad_b):
            assert np.shares_memory(array, stack.theta) or np.shares_memory(array, stack.grad_theta)
    stack.theta[1] += 1.0
    # exact: a stacked copy runs the single run's code (DESIGN: bit-identical), on the same machine
    assert np.array_equal(stack.layers[0].W[1], networks[1].layers[0].W + 1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"seeds": []}, ValueError, "at least one seed"),
        ({"seeds": 10}, TypeError, r"seeds=range\(10\)"),
        ({"seeds": "abc"}, TypeError, "sequence of integers"),
        ({"seeds": [0, 1.5]}, TypeError, r"seeds\[1\] must be an integer"),
        ({"seeds": [0, -1]}, ValueError, r"seeds\[1\] must be an integer >= 0, got -1"),
        ({"learning_rate": [0.1, 0.1]}, ValueError, "seeds gives 3 copies, learning_rate has 2 values"),
        ({"learning_rate": [0.1, -1, 0.1]}, ValueError, r"learning_rate\[1\] must be a finite number > 0"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a number or a sequence"),
        ({"wb_width": [0.1] * 4}, ValueError, "seeds gives 3 copies, wb_width has 4 values"),
        ({"wb_width": -0.1}, ValueError, "wb_width must be a finite number >= 0"),
        ({"epochs": 0}, ValueError, "epochs must be an integer >= 1"),
        ({"batch_size": 64}, ValueError, r"batch_size must be between 1 and the number of samples \(63\)"),
        ({"interval": 0}, ValueError, "interval must be an integer >= 1"),
        ({"log": "print"}, TypeError, "log must be a callable"),
        ({"x": np.zeros((63, 2))}, ValueError, "x"),
        ({"t": np.zeros((62, 1))}, ValueError, "62"),
        ({"build": "network"}, TypeError, "build must be a function"),
        ({"build": lambda rng: None}, TypeError, "build must return a bpteach Network, but for copy 0"),
        ({"build": regression_network, "wb_width": 0.1}, None, None),
        ({"build": lambda rng: regression_network(rng), "wb_width": 0.1}, TypeError,
         "accept the keyword wb_width"),
    ],
)
def test_bad_arguments_get_clear_errors(kwargs, error, match):
    x, t = sin_curve()
    arguments = {"build": regression_network, "x": x, "t": t, "seeds": [0, 1, 2], "epochs": 2,
                 "learning_rate": 0.1, "log": None, **kwargs}
    build, x, t = arguments.pop("build"), arguments.pop("x"), arguments.pop("t")
    if error is None:
        train_stacked(build, x, t, **arguments)
        return
    with pytest.raises(error, match=match):
        train_stacked(build, x, t, **arguments)


def test_same_generator_twice_and_different_architectures_are_refused():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"seeds\[1\] is the same generator object"):
        train_stacked(regression_network, x, t, seeds=[rng, rng], epochs=1, learning_rate=0.1, log=None)

    def build(rng):
        hidden = 3 if rng.random() < 2 and build.calls == 0 else 4
        build.calls += 1
        return bpteach.Network([bpteach.Dense(1, hidden, bpteach.Sigmoid(), rng=rng),
                                bpteach.Dense(hidden, 1, bpteach.Identity(), rng=rng)],
                               loss=bpteach.SumOfSquares())

    build.calls = 0
    with pytest.raises(ValueError, match="same architecture.*copy 1"):
        train_stacked(build, x, t, seeds=[0, 1], epochs=1, learning_rate=0.1, log=None)


def test_one_copy_with_mini_batches():
    """K = 1: the copy axis has length 1, and each softmax still acts on one row at a time."""
    x, t = sin_boundary()
    runs = train_stacked(classification_network, x, t, seeds=[3], epochs=4, learning_rate=0.01,
                         batch_size=16, interval=3, log=None)
    assert_same_run(runs, 0, *single_run(classification_network, x, t, 3, epochs=4, learning_rate=0.01,
                                         batch_size=16, interval=3))


def test_stacked_cross_entropy_is_exact_per_copy_where_a_probability_underflows():
    """Network.error recomputes E from the logits for the copies whose softmax underflowed only."""
    from bpteach.stacked import _stack

    networks = [classification_network(np.random.default_rng(k)) for k in range(3)]
    networks[1].layers[1].b[...] = [2000.0, -2000.0]  # class 0 certain: y[1] underflows to 0
    stack = _stack(networks)
    x, t = np.array([[0.1, 0.2]]), np.array([[0.0, 1.0]])
    with np.errstate(under="ignore"):
        stack.forward(np.broadcast_to(x, (3, 1, 2)))
        errors = stack.error(np.broadcast_to(t, (3, 1, 2)))
        singles = []
        for network in networks:
            network.forward(x)
            singles.append(network.error(t))
    assert singles[1] > 3999  # exact, not the floored 708
    assert errors.tolist() == singles


def test_non_finite_initial_weights_are_refused():
    x, t = sin_curve()

    def build(rng):
        network = regression_network(rng)
        if build.calls == 1:
            network.layers[1].W[0, 0] = np.nan
        build.calls += 1
        return network

    build.calls = 0
    with pytest.raises(ValueError, match=r"copy 1 \(seeds\[1\]=8\) hold NaN or infinite"):
        train_stacked(build, x, t, seeds=[7, 8], epochs=1, learning_rate=0.1, log=None)


# Training diagnostics, copy by copy. Each setting fails in one way for every seed (or some);
# copy k must record exactly the warnings that train records for the run of its seed, and the
# stacked run warns once per condition, naming the copies.
def sigmoid_output_network(rng, wb_width=0.01):
    """Sine targets reach -1, which a sigmoid output can never produce."""
    return bpteach.Network([bpteach.Dense(1, 3, bpteach.Sigmoid(), rng=rng, wb_width=wb_width),
                            bpteach.Dense(3, 1, bpteach.Sigmoid(), rng=rng, wb_width=wb_width)],
                           loss=bpteach.SumOfSquares())


FAILING = {  # build, inputs, learning rates (one per copy), wb_width, epochs, kinds expected
    "symmetric initialisation": (regression_network, 1.0, 0.1, 0.0, 3, {"identical_units"}),
    "sigmoid output": (sigmoid_output_network, 1.0, 0.1, 0.01, 3, {"targets_out_of_range"}),
    "learning rate too large": (regression_network, 1.0, [2.0, 0.1, 2.0, 2.0], 0.01, 40,
                                {"rising_error", "saturated_units"}),  # the large steps push some out
    "unscaled inputs": (regression_network, 500.0, 0.1, 0.01, 4, {"unscaled_inputs", "saturated_units"}),
    "too small a learning rate": (regression_network, 1.0, 1e-4, 0.01, 55, {"no_progress"}),
}


@pytest.mark.parametrize("setting", FAILING)
def test_each_copy_records_the_warnings_train_records_for_its_seed(setting):
    build, scale, rates, width, epochs, expected = FAILING[setting]
    x, t = sin_curve()
    x = x * scale
    seeds = [0, 3, 7, 11]
    rates = rates if isinstance(rates, list) else [rates] * len(seeds)
    with pytest.warns(bpteach.TrainingWarning) as caught:
        runs = train_stacked(build, x, t, seeds=seeds, epochs=epochs, learning_rate=rates,
                             wb_width=width, log=None)
    seen = set()
    for k, seed in enumerate(seeds):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", bpteach.TrainingWarning)  # train's own, tested elsewhere
            _, history = single_run(build, x, t, seed, epochs=epochs, learning_rate=rates[k],
                                    wb_width=width)
        copy = runs.history(k).warnings
        assert [(w.kind, w.epoch, str(w)) for w in copy] == [
            (w.kind, w.epoch, str(w)) for w in history.warnings]
        seen |= {w.kind for w in copy}
    assert seen == expected
    # One warning per condition for the whole run, naming the copies that showed it.
    assert sorted(w.message.kind for w in caught) == sorted(expected)
    for w in caught:
        named = [k for k in range(len(seeds)) if any(v.kind == w.message.kind for v in runs.warnings[k])]
        listed = ", ".join(f"{k} (seed {seeds[k]})" for k in named)
        assert str(w.message).startswith(f"{len(named)} of the {len(seeds)} copies, {listed};")
        assert w.filename == __file__  # it points at the line that called train_stacked


def test_many_failing_copies_give_one_warning_per_condition():
    x, t = sin_curve()
    with pytest.warns(bpteach.TrainingWarning) as caught:
        runs = train_stacked(regression_network, x, t, seeds=range(30), epochs=2, learning_rate=0.1,
                             wb_width=0.0, log=None)
    assert len(caught) == 1
    assert str(caught[0].message).startswith("30 of the 30 copies, 0 (seed 0), 1 (seed 1),")
    assert "9 (seed 9) and 20 more;" in str(caught[0].message)
    assert all(len(runs.history(k).warnings) == 1 for k in range(30))

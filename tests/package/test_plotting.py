"""The plotting functions on one's own data: labels, layout, nothing to draw, bad arguments."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from helpers import classification_network, regression_network  # noqa: E402

import bpteach  # noqa: E402
from bpteach.datasets import sin_boundary, sin_curve  # noqa: E402
from bpteach.plotting import (  # noqa: E402
    plot_classification_progress,
    plot_learning_curve,
    plot_regression_progress,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def regression():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    history = bpteach.train(regression_network(rng), x, t, epochs=41, learning_rate=0.1, rng=rng,
                            interval=4, log=None)
    return history, x, t


@pytest.fixture(scope="module")
def classification():
    x, t = sin_boundary()
    rng = np.random.default_rng(0)
    history = bpteach.train(classification_network(rng), x, t, epochs=3, learning_rate=0.1, rng=rng,
                            interval=1, log=None)
    return history, x, t


def _outside_the_figure(fig):
    """How far (in inches) what `fig` draws reaches beyond it, e.g. a clipped legend; 0 if nothing."""
    fig.canvas.draw()
    drawn, box = fig.get_tightbbox(fig.canvas.get_renderer()), fig.bbox_inches
    return round(max(box.x0 - drawn.x0, drawn.x1 - box.x1, box.y0 - drawn.y0, drawn.y1 - box.y1, 0.0), 2)


def test_regression_progress_fits_an_ordinary_figure(regression):
    history, x, t = regression
    fig, ax = plt.subplots()  # matplotlib's default size and layout
    plot_regression_progress(history, x, t, ax=ax)
    assert _outside_the_figure(fig) == 0
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["target $t = \\sin(\\mathrm{angle})$", "output at a logged epoch"]
    assert ax.get_xlabel() == "rescaled input $x = (\\mathrm{angle} - \\pi)/\\pi$"
    colorbar = [a for a in fig.axes if a is not ax]
    assert len(colorbar) == 1 and colorbar[0].get_ylabel() == "epoch"


def test_regression_progress_takes_the_labels_of_ones_own_data(regression):
    history, x, t = regression
    ax = plot_regression_progress(history, x, t, xlabel="time (s)", ylabel="voltage (V)",
                                  target_label="measured")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("time (s)", "voltage (V)")
    assert ax.get_legend().get_texts()[0].get_text() == "measured"
    assert [line.get_label() for line in ax.get_lines()][:3] == ["epoch 0", "epoch 4", "epoch 8"]


def test_learning_curve_fits_an_ordinary_figure_and_takes_labels(regression):
    history, _, _ = regression
    fig, ax = plt.subplots()
    plot_learning_curve(history, ax=ax, log_scale=True, label="run A", ylabel="E")
    assert _outside_the_figure(fig) == 0
    assert ax.get_legend().get_texts()[0].get_text() == "run A" and ax.get_ylabel() == "E"


def test_classification_progress_on_given_axes_with_ones_own_labels(classification):
    history, x, t = classification
    fig, axes = plt.subplots(2, 2, figsize=(8, 8), layout="constrained")
    drawn = plot_classification_progress(history, x, t, axes=axes, boundary=None,
                                         class_labels=("no", "yes"))
    assert [ax.get_title() for ax in drawn] == ["targets", "epoch 0", "epoch 1", "epoch 2"]
    assert [text.get_text() for text in drawn[0].get_legend().get_texts()] == ["no", "yes"]
    assert all(len(ax.get_lines()) == 0 for ax in drawn)  # no boundary curve
    assert _outside_the_figure(fig) == 0
    own = plot_classification_progress(history, x, t, boundary=np.cos)
    assert np.allclose(own[1].get_lines()[0].get_ydata(), np.cos(own[1].get_lines()[0].get_xdata()))


def test_a_history_without_logged_outputs_is_refused_clearly():
    x, t = sin_curve()
    rng = np.random.default_rng(0)
    history = bpteach.train(regression_network(rng), x, t, epochs=3, learning_rate=0.1, rng=rng, log=None)
    message = r"history holds no network outputs to draw.*\(3 epochs, no log line\).*interval=200"
    with pytest.raises(ValueError, match=message):
        plot_regression_progress(history, x, t)
    with pytest.raises(ValueError, match=message):
        plot_classification_progress(history, *sin_boundary())
    with pytest.raises(ValueError, match="history holds no epoch to draw"):
        plot_learning_curve(bpteach.History(epochs=5, errors=np.empty(0)))


BAD_ARGUMENTS = {
    "not a history": (plot_learning_curve, ([0.3, 0.2],), {},
                      TypeError, r"history must be an instance of a History class"),
    "the figure instead of its axes": (plot_learning_curve, ("HISTORY",), {"ax": "FIGURE"},
                                       TypeError, r"ax must be an instance of an Axes class .*got <Figure"),
    "log_scale as a string": (plot_learning_curve, ("HISTORY",), {"log_scale": "yes"},
                              TypeError, r"log_scale must be True or False, got 'yes'"),
    "a label that is not text": (plot_learning_curve, ("HISTORY",), {"xlabel": 3},
                                 TypeError, r"xlabel must be a string, got 3"),
    "x as a 1-D array": (plot_regression_progress, ("HISTORY", "X1D", "T"), {},
                         ValueError, r"x must be a 2-D array .* got shape \(63,\).*reshape\(-1, 1\)"),
    "data other than the training data": (plot_regression_progress, ("HISTORY", "X10", "T10"), {},
                                          ValueError, r"history.outputs\[0\] has 63 rows but x has 10"),
}


@pytest.mark.parametrize("case", BAD_ARGUMENTS, ids=list(BAD_ARGUMENTS))
def test_bad_arguments_get_a_clear_error(regression, case):
    history, x, t = regression
    function, args, kwargs, error, message = BAD_ARGUMENTS[case]
    fig, _ = plt.subplots()
    values = {"HISTORY": history, "X1D": x[:, 0], "T": t, "X10": x[:10], "T10": t[:10], "FIGURE": fig}
    args = tuple(values.get(a, a) if isinstance(a, str) else a for a in args)
    kwargs = {k: values.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()}
    with pytest.raises(error, match=message):
        function(*args, **kwargs)


def test_classification_arguments_are_checked(classification):
    history, x, t = classification
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"axes must hold at least 4 axes \(the targets and 3 logged"):
        plot_classification_progress(history, x, t, axes=axes)
    with pytest.raises(ValueError, match=r"class_labels must hold one label per class \(2"):
        plot_classification_progress(history, x, t, class_labels=["only one"])
    with pytest.raises(TypeError, match=r'boundary must be a function f for the curve x2 = f\(x1\)'):
        plot_classification_progress(history, x, t, boundary="sine")
    with pytest.raises(ValueError, match=r"x must have 2 columns"):
        plot_classification_progress(history, x[:, :1], t)

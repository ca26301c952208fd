r"""Figures for the two textbook experiments (matplotlib).

Every function draws on axes you pass (or on new ones) and returns what it
drew on, so that the gallery scripts decide the layout and call
``plt.show()`` themselves. Figures keep matplotlib's white background, which
stays legible on the site's light and dark themes.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import numpy as np
>>> import bpteach
>>> from bpteach.plotting import plot_learning_curve
>>> history = bpteach.History(epochs=3, errors=np.array([0.3, 0.2, 0.1]))
>>> ax = plot_learning_curve(history, log_scale=True)
>>> ax.get_yscale()
'log'
"""

import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "plot_regression_progress",
    "plot_classification_progress",
    "plot_learning_curve",
    "CLASS_COLORS",
]

#: Colours of class 0 ("above the curve", target [1, 0]) and class 1 ("below").
CLASS_COLORS = ("tab:blue", "tab:orange")


def _new_axes(ax):
    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    return ax


def plot_regression_progress(history, x, t, *, ax=None, cmap="viridis"):
    r"""Draw the network output at each logged epoch over the target curve.

    Parameters
    ----------
    history : bpteach.training.History
        From :func:`bpteach.training.train` with an `interval`.
    x : numpy.ndarray of float64, shape (N, 1)
        Training inputs.
    t : numpy.ndarray of float64, shape (N, 1)
        Targets, drawn dashed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    cmap : str, optional
        Colormap from the first logged epoch (dark) to the last (light).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _new_axes(ax)
    order = np.argsort(x[:, 0])
    epochs = history.logged_epochs
    colors = plt.get_cmap(cmap)(np.linspace(0.0, 0.9, max(len(epochs), 1)))
    for color, epoch in zip(colors, epochs):
        ax.plot(x[order, 0], history.outputs[epoch][order, 0], "+-", color=color,
                lw=1, ms=4, label=f"epoch {epoch}")
    ax.plot(x[order, 0], t[order, 0], "--", color="black", lw=2, label=r"target $\sin x$")
    ax.set_xlabel(r"input $(x - \pi)/\pi$")
    ax.set_ylabel("output $y$")
    ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax


def plot_classification_progress(history, x, t, *, axes=None):
    r"""Draw the predicted class of every grid point at each logged epoch.

    The first panel shows the targets; each further panel one logged epoch.
    The true boundary :math:`y = \sin(\pi x)` is drawn in every panel.

    Parameters
    ----------
    history : bpteach.training.History
        From :func:`bpteach.training.train` with an `interval`.
    x : numpy.ndarray of float64, shape (N, 2)
        Grid points.
    t : numpy.ndarray of float64, shape (N, 2)
        One-hot targets.
    axes : sequence of matplotlib.axes.Axes, optional
        At least ``1 + len(history.logged_epochs)`` axes; a new grid of
        panels if omitted.

    Returns
    -------
    list of matplotlib.axes.Axes
        The axes drawn on.
    """
    epochs = history.logged_epochs
    n_panels = 1 + len(epochs)
    if axes is None:
        n_cols = 4
        n_rows = -(-n_panels // n_cols)
        fig, grid = plt.subplots(n_rows, n_cols, figsize=(2.6 * n_cols, 2.6 * n_rows),
                                 sharex=True, sharey=True, layout="constrained")
        axes = list(np.ravel(grid))
        for extra in axes[n_panels:]:
            extra.set_visible(False)
    axes = list(axes)[:n_panels]
    curve_x = np.linspace(-1.0, 1.0, 200)
    panels = [("targets", t)] + [(f"epoch {e}", history.outputs[e]) for e in epochs]
    for ax, (title, rows) in zip(axes, panels):
        predicted = np.argmax(rows, axis=1)
        for cls, (marker, color) in enumerate(zip("o+", CLASS_COLORS)):
            chosen = predicted == cls
            ax.scatter(x[chosen, 0], x[chosen, 1], s=10, marker=marker, color=color,
                       linewidths=1, label="above (class 0)" if cls == 0 else "below (class 1)")
        ax.plot(curve_x, np.sin(np.pi * curve_x), color="black", lw=1.5)
        ax.set_title(title, fontsize="medium")
        ax.set_aspect("equal")
    axes[0].legend(loc="lower left", fontsize="x-small", framealpha=0.9)
    return axes


def plot_learning_curve(history, *, ax=None, log_scale=False):
    """Draw the mean error per sample of every epoch, marking the logged epochs.

    Parameters
    ----------
    history : bpteach.training.History
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    log_scale : bool, optional
        Use a logarithmic error axis.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _new_axes(ax)
    epochs = np.arange(len(history.errors))
    ax.plot(epochs, history.errors, lw=1, color="tab:blue", label="mean error per sample")
    logged = [e for e in history.logged_epochs if e < len(history.errors)]
    if logged:
        ax.plot(logged, history.errors[logged], "o", color="tab:red", ms=4, label="logged epochs")
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("error")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax

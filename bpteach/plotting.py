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

import os
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends import BackendFilter, backend_registry
from matplotlib.cm import ScalarMappable
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.lines import Line2D
from matplotlib.ticker import FormatStrFormatter, LogFormatter

from bpteach._validation import (
    as_float_array,
    check_data,
    check_instance,
    check_positive_int,
    check_same_rows,
)
from bpteach.network import Network
from bpteach.training import History

__all__ = [
    "show_or_save",
    "draw_network",
    "plot_regression_progress",
    "plot_classification_progress",
    "plot_learning_curve",
    "snapshot_epochs",
    "animate_regression_fit",
    "animate_decision_regions",
    "CLASS_COLORS",
    "ANIMATION_SIZE",
]

#: Colours of the first class ("above the curve", target [1, 0]) and the second ("below", [0, 1]).
CLASS_COLORS = ("tab:blue", "tab:orange")


FIGURES_FOLDER = "bpteach-figures"


def show_or_save(name=None, animations=(), folder=FIGURES_FOLDER):
    """Show the open figures in windows, or, without a display, save them and say where.

    Where matplotlib can open windows this is ``plt.show()`` (animations play).
    On a machine without a display (a server, a container, ``MPLBACKEND=Agg``)
    matplotlib falls back to a backend that cannot show anything, and
    ``plt.show()`` would silently do nothing; then every open figure is saved
    instead, as ``{name}-1.png``, ``{name}-2.png``, ... in one folder,
    ``bpteach-figures`` in the current folder (made if needed; the project's
    ``.gitignore`` leaves it out), each animation in `animations` as
    ``{name}-animation-1.gif``, ..., and one line says where. (While
    sphinx-gallery builds the site, it collects the figures itself, and this is
    ``plt.show()`` again.)

    Parameters
    ----------
    name : str, optional
        The start of the file names; by default the name of the running
        script without ``.py`` (``plot_sin_regression``), or ``figure``.
    animations : sequence of matplotlib.animation.Animation, optional
        Animations to save as GIF files (Pillow's writer, at the animation's
        own frame interval) when there is no display to play them on.
    folder : str or path-like, optional
        Where to save, relative to the current folder (default ``bpteach-figures``).

    Returns
    -------
    list of str
        The paths of the files written (empty when the figures were shown).

    Raises
    ------
    TypeError
        If `name` is not a string or an item of `animations` is not an animation.

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")                    # no display
    >>> import matplotlib.pyplot as plt
    >>> from bpteach.plotting import show_or_save
    >>> plt.close("all")
    >>> here = os.getcwd()
    >>> os.chdir(tempfile.mkdtemp())
    >>> fig, ax = plt.subplots()
    >>> show_or_save("sketch")
    No display to show figures on (matplotlib backend agg): saved 1 figure as sketch-1.png in ...
    ['bpteach-figures/sketch-1.png']
    >>> os.chdir(here)
    """
    from matplotlib.animation import Animation, PillowWriter

    backend = matplotlib.get_backend().lower()
    headless = backend in backend_registry.list_builtin(BackendFilter.NON_INTERACTIVE)
    animations = list(animations)
    for animation in animations:
        check_instance(animation, Animation, "animations", "a matplotlib animation, e.g. FuncAnimation(...)")
    if not headless or _run_by_sphinx_gallery():
        plt.show()
        return []
    if name is None:
        script = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
        name = os.path.splitext(script)[0] if script.endswith(".py") else "figure"
    _check_text(name, "name")
    os.makedirs(folder, exist_ok=True)
    written = []
    for number, animation in enumerate(animations, start=1):
        path = os.path.join(folder, f"{name}-animation-{number}.gif")
        animation.save(path, writer=PillowWriter(fps=1000 / animation.event_source.interval))
        written.append(path)
    for number, figure_number in enumerate(plt.get_fignums(), start=1):
        path = os.path.join(folder, f"{name}-{number}.png")
        plt.figure(figure_number).savefig(path)
        written.append(path)
    plt.close("all")
    if written:
        names = [os.path.basename(path) for path in written]
        files = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        counts = [f"{n} {kind}{'s' if n > 1 else ''}" for n, kind in
                  ((len(written) - len(animations), "figure"), (len(animations), "animation")) if n]
        print(f"No display to show figures on (matplotlib backend {backend}): "
              f"saved {' and '.join(counts)} as {files} in {os.path.abspath(folder)}")
    return written


def _run_by_sphinx_gallery():
    """Whether the calling code is a gallery script that sphinx-gallery is running."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("sphinx_gallery."):
            return True
        frame = frame.f_back
    return False


def _new_axes(ax):
    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    return check_instance(ax, Axes, "ax", "the ax of fig, ax = plt.subplots()")


def _layer_names(n_layers):
    if n_layers == 2:
        return ["input layer", "output layer"]
    if n_layers == 3:
        hidden = ["hidden layer"]
    else:
        hidden = [f"hidden layer {number}" for number in range(1, n_layers - 1)]
    return ["input layer", *hidden, "output layer"]


def draw_network(network, *, ax=None, weight_labels="symbols", layer_names=None, value_format="{:.3g}"):
    r"""Draw a network as circles in columns: input, hidden and output layers.

    The drawing follows the textbook's diagram of 入力層 (input layer),
    中間層 (hidden layer) and 出力層 (output layer): one column of circles
    (neurons) per layer, from left to right, and one line per weight.
    Weight :math:`W^{(l)}_{ik}` connects neuron :math:`i` of layer
    :math:`l-1` to neuron :math:`k` of layer :math:`l`; the bias
    :math:`b^{(l)}_k` is written under neuron :math:`k`. Layers are counted
    from 0 (the input) and neurons from 1, as in the formulas of the site.

    Parameters
    ----------
    network : bpteach.network.Network or sequence of int
        A network, or the number of neurons in each layer from the input
        to the output, e.g. ``(1, 3, 1)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    weight_labels : {"symbols", "values", None}, optional
        Label each weight and bias with its symbol (:math:`W^{(1)}_{11}`,
        :math:`b^{(1)}_1`, ...; the default), with its current value
        (needs a `network`), or not at all.
    layer_names : sequence of str, optional
        One title per layer, input first. The default is "input layer",
        "hidden layer" and "output layer" (in English, because matplotlib's
        default font has no Japanese glyphs; pass Japanese names if your
        matplotlib is set up with a Japanese font).
    value_format : str, optional
        Format of the values for ``weight_labels="values"``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If `network` is neither a :class:`~bpteach.network.Network` nor a
        sequence of integers.
    ValueError
        If there are fewer than two layers, a layer size is < 1,
        `weight_labels` is not one of the choices (or is ``"values"``
        without a network), or `layer_names` has the wrong length.

    Examples
    --------
    The textbook's regression network, 1-3-1, with its weights named:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from bpteach.plotting import draw_network
    >>> ax = draw_network((1, 3, 1))
    >>> len(ax.patches)                   # one circle per neuron
    5
    >>> sorted(t.get_text() for t in ax.texts if t.get_text().startswith("$W^{(2)}"))
    ['$W^{(2)}_{11}$', '$W^{(2)}_{21}$', '$W^{(2)}_{31}$']

    A network's current weights, as numbers:

    >>> import numpy as np
    >>> from bpteach import Network, Dense, Sigmoid, Softmax, CrossEntropy
    >>> rng = np.random.default_rng(0)
    >>> net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
    ...               loss=CrossEntropy())
    >>> ax = draw_network(net, weight_labels="values")
    >>> len(ax.patches), len(ax.lines)   # 10 neurons, 2*6 + 6*2 weights
    (10, 24)
    """
    if isinstance(network, Network):
        sizes = [network.layers[0].n_in] + [layer.n_out for layer in network.layers]
        activations = [None] + [layer.activation.name for layer in network.layers]
    else:
        try:
            sizes = list(network)
        except TypeError:
            raise TypeError(
                f"network must be a bpteach Network or a sequence of layer sizes such as (1, 3, 1), "
                f"got {network!r}"
            ) from None
        sizes = [check_positive_int(size, f"network[{i}] (a layer size)") for i, size in enumerate(sizes)]
        activations = [None] * len(sizes)
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least two layers (input and output), got sizes {sizes}")
    if weight_labels not in ("symbols", "values", None):
        raise ValueError(f'weight_labels must be "symbols", "values" or None, got {weight_labels!r}')
    if weight_labels == "values" and not isinstance(network, Network):
        raise ValueError('weight_labels="values" needs a Network (layer sizes have no weights)')
    if layer_names is None:
        layer_names = _layer_names(len(sizes))
    layer_names = list(layer_names)
    if len(layer_names) != len(sizes):
        raise ValueError(
            f"layer_names must hold one name per layer ({len(sizes)}), got {len(layer_names)}: {layer_names}"
        )

    ax = _new_axes(ax)
    radius, dx = 0.22, 2.2
    height = max(sizes)
    # Neuron i (from 0) of layer number `layer` sits at (dx * layer, centre - i).
    positions = [[(dx * layer, (n - 1) / 2 - i) for i in range(n)] for layer, n in enumerate(sizes)]
    font = "medium" if height <= 3 else "small" if height <= 6 else "x-small"
    label_box = dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.9)

    for layer in range(1, len(sizes)):
        n_src, n_dst = sizes[layer - 1], sizes[layer]
        # Put each weight's label where the lines fan out the most.
        where = 0.72 if n_dst > n_src else 0.28 if n_src > n_dst else 0.5
        for i, (x0, y0) in enumerate(positions[layer - 1]):
            for k, (x1, y1) in enumerate(positions[layer]):
                length = np.hypot(x1 - x0, y1 - y0)
                ux, uy = (x1 - x0) / length, (y1 - y0) / length
                ax.plot([x0 + radius * ux, x1 - radius * ux], [y0 + radius * uy, y1 - radius * uy],
                        color="0.55", lw=1, zorder=1)
                if weight_labels is None:
                    continue
                if weight_labels == "symbols":
                    text = rf"$W^{{({layer})}}_{{{i + 1}{k + 1}}}$"
                else:
                    text = value_format.format(network.layers[layer - 1].W[i, k])
                ax.text(x0 + where * (x1 - x0), y0 + where * (y1 - y0), text, fontsize=font,
                        ha="center", va="center", bbox=label_box, zorder=3)

    for layer, column in enumerate(positions):
        color = "tab:green" if layer == 0 else "tab:red" if layer == len(sizes) - 1 else "tab:blue"
        for k, (cx, cy) in enumerate(column):
            ax.add_patch(plt.Circle((cx, cy), radius, facecolor="white", edgecolor=color, lw=2, zorder=2))
            if layer == 0:
                name = rf"$x_{{{k + 1}}}$"
            elif layer == len(sizes) - 1:
                name = rf"$y_{{{k + 1}}}$"
            else:
                name = rf"$y^{{({layer})}}_{{{k + 1}}}$"
            ax.text(cx, cy, name, ha="center", va="center", fontsize=font, zorder=4)
            if layer > 0 and weight_labels is not None:
                if weight_labels == "symbols":
                    bias = rf"$b^{{({layer})}}_{{{k + 1}}}$"
                else:
                    bias = "b = " + value_format.format(network.layers[layer - 1].b[k])
                ax.text(cx, cy - radius - 0.05, bias, ha="center", va="top", fontsize="small",
                        color=color, zorder=4)
        title = layer_names[layer]
        if activations[layer] is not None:
            title += f"\n({activations[layer]})"
        ax.text(dx * layer, (height - 1) / 2 + 0.55, title, ha="center", va="bottom", fontsize="medium",
                color=color)

    ax.set_xlim(-0.6, dx * (len(sizes) - 1) + 0.6)
    ax.set_ylim(-(height - 1) / 2 - 0.65, (height - 1) / 2 + 1.05)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _check_history(history, needs):
    """Return `history` if it is a History holding something to draw, else raise."""
    check_instance(history, History, "history", "the History returned by bpteach.train")
    if needs == "outputs" and not history.outputs:
        raise ValueError(
            "history holds no network outputs to draw: they are recorded only at the logged epochs, "
            f"and this history has none ({len(history.errors)} epochs, no log line). Train with an "
            "interval, e.g. bpteach.train(..., interval=200)"
        )
    if needs == "errors" and len(history.errors) == 0:
        raise ValueError("history holds no epoch to draw: history.errors is empty")
    return history


def _check_outputs(history, n_samples):
    """Raise unless every logged output has one row per sample of the data passed."""
    for epoch in history.logged_epochs:
        rows = np.shape(history.outputs[epoch])[0]
        if rows != n_samples:
            raise ValueError(
                f"history.outputs[{epoch}] has {rows} rows but x has {n_samples}: pass the x and t "
                "that the network was trained on"
            )


def _check_text(value, name):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")
    return value


# The labels of the textbook's regression: its axes and its target curve.
_REGRESSION_LABELS = {
    "xlabel": r"rescaled input $x = (\mathrm{angle} - \pi)/\pi$",
    "ylabel": "output $y$",
    "target_label": r"target $t = \sin(\mathrm{angle})$",
}


def plot_regression_progress(history, x, t, *, ax=None, cmap="viridis", xlabel=None, ylabel=None,
                             target_label=None):
    r"""Draw the network output at each logged epoch over the target curve.

    Each logged epoch is one curve, coloured by its epoch (the colour bar);
    the target is drawn dashed. The labels default to the textbook's
    regression, whose input is the angle :math:`0, 0.1, \dots, 6.2`
    rescaled to :math:`x = (\text{angle} - \pi)/\pi`; pass your own for
    other data.

    Parameters
    ----------
    history : bpteach.training.History
        From :func:`bpteach.training.train` with an `interval`, so that it
        holds the outputs of the logged epochs.
    x : array_like of float, shape (N_data, 1)
        The training inputs.
    t : array_like of float, shape (N_data, 1)
        The targets, drawn dashed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted. The colour bar takes its
        room from `ax`, so the drawing fits in the figure of `ax`.
    cmap : str or matplotlib.colors.Colormap, optional
        Colours from the first logged epoch (dark) to the last (light).
    xlabel, ylabel : str, optional
        The axis labels; by default the textbook's, "rescaled input
        :math:`x = (\text{angle} - \pi)/\pi`" and "output :math:`y`".
    target_label : str, optional
        The legend entry of the target curve; by default "target
        :math:`t = \sin(\text{angle})`".

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If `history` is not a :class:`~bpteach.training.History`, `ax` is
        not a matplotlib Axes, or a label is not a string.
    ValueError
        If `history` holds no logged outputs (it was trained without an
        `interval`), if `x` or `t` is not an (N, 1) array of finite
        numbers, or if their N differs from each other or from the
        history's outputs.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> import bpteach
    >>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
    >>> from bpteach.plotting import plot_regression_progress
    >>> rng = np.random.default_rng(0)
    >>> x, t = bpteach.datasets.sin_curve()
    >>> net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
    ...               loss=SumOfSquares())
    >>> history = bpteach.train(net, x, t, epochs=20, learning_rate=0.1, rng=rng, log=None)
    >>> plot_regression_progress(history, x, t)
    Traceback (most recent call last):
    ...
    ValueError: history holds no network outputs to draw: ...
    >>> history = bpteach.train(net, x, t, epochs=20, learning_rate=0.1, rng=rng, log=None,
    ...                         interval=5)
    >>> ax = plot_regression_progress(history, x, t, xlabel="x", target_label="sin")
    >>> [line.get_label() for line in ax.get_lines()]
    ['epoch 0', 'epoch 5', 'epoch 10', 'epoch 15', 'sin']
    """
    history = _check_history(history, "outputs")
    x = check_data(x, "x", 1, "one input per sample")
    t = check_data(t, "t", 1, "one target per sample")
    check_same_rows(x, t)
    _check_outputs(history, len(x))
    given = {"xlabel": xlabel, "ylabel": ylabel, "target_label": target_label}
    labels = {name: _REGRESSION_LABELS[name] if value is None else _check_text(value, name)
              for name, value in given.items()}
    ax = _new_axes(ax)
    order = np.argsort(x[:, 0])
    epochs = history.logged_epochs
    # The colour of an epoch is set by its number; the lightest tenth of the
    # map is left out, as too pale on a white background.
    colors = ListedColormap(plt.get_cmap(cmap)(np.linspace(0.0, 0.9, 256)))
    norm = Normalize(epochs[0], max(epochs[-1], epochs[0] + 1))
    for epoch in epochs:
        ax.plot(x[order, 0], np.asarray(history.outputs[epoch])[order, 0], "+-", color=colors(norm(epoch)),
                lw=1, ms=4, label=f"epoch {epoch}")
    ax.plot(x[order, 0], t[order, 0], "--", color="black", lw=2, label=labels["target_label"])
    ax.set_xlabel(labels["xlabel"])
    ax.set_ylabel(labels["ylabel"])
    # One legend entry for the target, one for "the network's output", and a
    # colour bar for the epochs: small enough for any figure, however many epochs.
    output = Line2D([], [], marker="+", ms=4, lw=1, color=colors(0.5), label="output at a logged epoch")
    ax.legend(handles=[ax.get_lines()[-1], output], fontsize="small", loc="best")
    colorbar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=colors), ax=ax, pad=0.02)
    colorbar.set_label("epoch")
    if len(epochs) <= 12:
        colorbar.set_ticks(epochs)
    return ax


def plot_classification_progress(history, x, t, *, axes=None, boundary="textbook",
                                 class_labels=("above, t = [1, 0]", "below, t = [0, 1]")):
    r"""Draw the predicted class of every point at each logged epoch.

    The first panel shows the targets; each further panel one logged epoch.
    By default the textbook's true boundary :math:`x_2 = \sin(\pi x_1)` is
    drawn in every panel.

    Parameters
    ----------
    history : bpteach.training.History
        From :func:`bpteach.training.train` with an `interval`, so that it
        holds the outputs of the logged epochs.
    x : array_like of float, shape (N_data, 2)
        The points (the textbook's 21 × 21 grid).
    t : array_like of float, shape (N_data, K)
        One-hot targets, :math:`2 \le K \le 10` classes.
    axes : sequence of matplotlib.axes.Axes, optional
        At least ``1 + len(history.logged_epochs)`` axes; a new grid of
        panels (4 per row, legend below) if omitted.
    boundary : callable, "textbook" or None, optional
        The curve :math:`x_2 = f(x_1)` drawn in every panel, given as `f`
        (it receives a NumPy array); ``"textbook"`` (the default) draws
        :math:`x_2 = \sin(\pi x_1)`, None draws no curve.
    class_labels : sequence of str, optional
        The legend entry of each class, one per column of `t`.

    Returns
    -------
    list of matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError
        If `history` is not a :class:`~bpteach.training.History`, `axes`
        holds something other than matplotlib Axes, `boundary` is neither
        callable nor one of the choices, or a label is not a string.
    ValueError
        If `history` holds no logged outputs (it was trained without an
        `interval`), if `x` is not (N, 2) or `t` not (N, K) with finite
        values and the same N as the history's outputs, if there are too
        few `axes`, or if `class_labels` does not hold one label per class.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> import bpteach
    >>> from bpteach import Network, Dense, Sigmoid, Softmax, CrossEntropy
    >>> from bpteach.plotting import plot_classification_progress
    >>> rng = np.random.default_rng(0)
    >>> x, t = bpteach.datasets.sin_boundary()
    >>> net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
    ...               loss=CrossEntropy())
    >>> history = bpteach.train(net, x, t, epochs=3, learning_rate=0.1, rng=rng, log=None,
    ...                         interval=1)
    >>> [ax.get_title() for ax in plot_classification_progress(history, x, t)]
    ['targets', 'epoch 0', 'epoch 1', 'epoch 2']
    """
    history = _check_history(history, "outputs")
    x = check_data(x, "x", 2, "the two coordinates of each point")
    t = check_data(t, "t")
    check_same_rows(x, t)
    _check_outputs(history, len(x))
    n_classes = t.shape[1]
    if not 2 <= n_classes <= 10:
        raise ValueError(f"t must have between 2 and 10 columns, one per class, got shape {t.shape}")
    if isinstance(class_labels, str):
        raise TypeError(f"class_labels must be a sequence of strings, one per class, got {class_labels!r}")
    class_labels = [_check_text(label, f"class_labels[{i}]") for i, label in enumerate(class_labels)]
    if len(class_labels) != n_classes:
        raise ValueError(f"class_labels must hold one label per class ({n_classes}, the columns of t), "
                         f"got {len(class_labels)}: {class_labels}")
    if isinstance(boundary, str) and boundary == "textbook":
        boundary = _textbook_boundary
    elif boundary is not None and not callable(boundary):
        raise TypeError(f'boundary must be a function f for the curve x2 = f(x1), "textbook" or None, '
                        f"got {boundary!r}")
    epochs = history.logged_epochs
    n_panels = 1 + len(epochs)
    own_figure = axes is None
    if own_figure:
        n_cols = 4
        n_rows = -(-n_panels // n_cols)
        fig, grid = plt.subplots(n_rows, n_cols, figsize=(2.6 * n_cols, 2.6 * n_rows),
                                 sharex=True, sharey=True, layout="constrained")
        axes = list(np.ravel(grid))
        for extra in axes[n_panels:]:
            extra.set_visible(False)
    axes = list(np.ravel(axes)) if isinstance(axes, np.ndarray) else list(axes)
    for i, ax in enumerate(axes):
        check_instance(ax, Axes, f"axes[{i}]", "those of plt.subplots(2, 4)")
    if len(axes) < n_panels:
        raise ValueError(f"axes must hold at least {n_panels} axes (the targets and {len(epochs)} logged "
                         f"epochs), got {len(axes)}")
    axes = axes[:n_panels]
    curve_x = np.linspace(x[:, 0].min(), x[:, 0].max(), 200)
    panels = [("targets", t)] + [(f"epoch {e}", np.asarray(history.outputs[e])) for e in epochs]
    markers = "o+x^sv<>Dp"
    colors = list(CLASS_COLORS) + [f"C{i}" for i in range(2, 10)]
    for ax, (title, rows) in zip(axes, panels):
        predicted = np.argmax(rows, axis=1)
        for cls in range(n_classes):
            chosen = predicted == cls
            ax.scatter(x[chosen, 0], x[chosen, 1], s=10, marker=markers[cls], color=colors[cls],
                       linewidths=1, label=class_labels[cls])
        if boundary is not None:
            ax.plot(curve_x, boundary(curve_x), color="black", lw=1.5)
        ax.set_title(title, fontsize="medium")
        ax.set_aspect("equal")
    if own_figure:  # below the panels, where it hides no grid point
        axes[0].figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center",
                              ncols=min(n_classes, 5), fontsize="small")
    else:
        axes[0].legend(loc="lower left", fontsize="x-small", framealpha=0.9)
    return axes


class _PlainLogFormatter(LogFormatter):
    """matplotlib's choice of the minor ticks to label, written as plain numbers (0.26)."""

    def _num_to_string(self, x, vmin, vmax):
        return f"{x:.3g}"


def _textbook_boundary(x1):
    # The textbook's classes are split by the curve x2 = sin(pi x1).
    return np.sin(np.pi * x1)


def plot_learning_curve(history, *, ax=None, log_scale=False, label="mean error per sample",
                        xlabel="epoch", ylabel="error"):
    """Draw the mean error per sample of every epoch, marking the logged epochs.

    Parameters
    ----------
    history : bpteach.training.History
        From :func:`bpteach.training.train`, with at least one epoch.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    log_scale : bool, optional
        Use a logarithmic error axis.
    label : str, optional
        The legend entry of the curve.
    xlabel, ylabel : str, optional
        The axis labels.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If `history` is not a :class:`~bpteach.training.History`, `ax` is
        not a matplotlib Axes, `log_scale` is not a bool, or a label is not
        a string.
    ValueError
        If `history` holds no epoch.
    """
    history = _check_history(history, "errors")
    if not isinstance(log_scale, bool | np.bool_):
        raise TypeError(f"log_scale must be True or False, got {log_scale!r}")
    labels = [_check_text(value, name) for name, value in (("label", label), ("xlabel", xlabel),
                                                           ("ylabel", ylabel))]
    ax = _new_axes(ax)
    epochs = np.arange(len(history.errors))
    ax.plot(epochs, history.errors, lw=1, color="tab:blue", label=labels[0])
    logged = [e for e in history.logged_epochs if e < len(history.errors)]
    if logged:
        ax.plot(logged, history.errors[logged], "o", color="tab:red", ms=4, label="logged epochs")
    if log_scale:
        ax.set_yscale("log")
        # Where the curve spans less than a decade matplotlib labels minor ticks
        # as 2.6x10^-1; plain 0.26 is shorter and keeps the labels inside the figure.
        ax.yaxis.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False))
    ax.set_xlabel(labels[1])
    ax.set_ylabel(labels[2])
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


# -- Animations of a training run ------------------------------------------------------

#: The animations' size in inches: 900 px wide at the site's 100 dpi (the
#: width of a gallery page's column at 1280 px is 904 px), so that a projected
#: page shows them large, with every text at least 10 pt (14 px there).
ANIMATION_SIZE = (9.0, 3.5)


def snapshot_epochs(epochs, n_frames):
    r"""About `n_frames` epochs from 0 to `epochs` - 1, spaced geometrically.

    Early epochs change a network most, so an animation of a run takes many
    snapshots at the start and few at the end: the epochs
    :math:`\operatorname{round}(e_k) - 1` for :math:`e_k` spaced
    geometrically from 1 to `epochs`, without repeats (so there can be
    fewer than `n_frames`).

    Parameters
    ----------
    epochs : int
        The length of the run; the last snapshot is after epoch `epochs` - 1.
    n_frames : int
        How many snapshots to aim for (at least 2).

    Returns
    -------
    numpy.ndarray of int, shape (K,)
        Increasing epochs, the first 0 and the last `epochs` - 1, with
        K <= min(`n_frames`, `epochs`).

    Raises
    ------
    ValueError
        If `epochs` is not a positive integer or `n_frames` is not an integer of at least 2.

    Examples
    --------
    >>> from bpteach.plotting import snapshot_epochs
    >>> snapshot_epochs(101, 8).tolist()
    [0, 1, 3, 6, 13, 26, 51, 100]
    """
    epochs = check_positive_int(epochs, "epochs")
    n_frames = check_positive_int(n_frames, "n_frames")
    if n_frames < 2:
        raise ValueError(f"n_frames must be at least 2 (the first and the last epoch), got {n_frames}")
    return np.unique(np.geomspace(1, epochs, n_frames).round().astype(int) - 1)


def _check_snapshots(epochs, errors, n_frames_name, n_frames):
    """The snapshot epochs and the error curve as arrays, checked against each other."""
    errors = as_float_array(errors, "errors")
    if errors.ndim != 1 or errors.size == 0 or not np.all(np.isfinite(errors)) or np.any(errors <= 0):
        raise ValueError("errors must be a 1-D array of the positive mean error per sample of every "
                         f"epoch, got shape {errors.shape}")
    epochs = np.asarray(epochs)
    if (epochs.ndim != 1 or epochs.size == 0 or not np.issubdtype(epochs.dtype, np.integer)
            or np.any(np.diff(epochs) <= 0) or epochs[0] < 0 or epochs[-1] >= errors.size):
        raise ValueError(f"epochs must be a 1-D array of increasing integers from 0 to {errors.size - 1} "
                         f"(the epochs of errors), got {epochs!r}")
    if n_frames != epochs.size:
        raise ValueError(f"{n_frames_name} must hold one snapshot per epoch of epochs ({epochs.size}), "
                         f"got {n_frames}")
    return epochs, errors


def _learning_curve_panel(ax, errors, ylabel, log_scale):
    """The error of every epoch against a log epoch axis, and the marker that follows the frames."""
    ax.plot(errors, color="tab:blue", lw=1)
    (marker,) = ax.plot([0], [errors[0]], "o", color="tab:red")
    ticks = [tick for tick in (0, 10, 100, 1000) if tick < errors.size]
    ax.set(xscale="symlog", yscale="log" if log_scale else "linear", xlabel="epoch (log scale after 10)",
           ylabel=ylabel, xticks=ticks, xticklabels=[str(tick) for tick in ticks])
    if log_scale:
        # Tick labels as plain text ("0.01"): quicker to draw in every frame than typeset powers of 10.
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.minorticks_off()
    else:
        ax.set_ylim(0, None)
    ax.grid(True, alpha=0.3)
    return marker


def _animation(fig, draw, n_frames, interval):
    """Lay `fig` out once at the first frame, keep that layout, and animate it with `draw`."""
    from matplotlib.animation import FuncAnimation

    draw(0)
    fig.canvas.draw()
    fig.set_layout_engine("none")  # redoing the layout in every frame is slow
    return FuncAnimation(fig, draw, frames=n_frames, interval=interval)


def animate_regression_fit(x, t, x_fine, epochs, fits, errors, *, interval=200):
    r"""Animate a regression run: the network's output bending towards the target.

    Frame :math:`k` shows the output after epoch ``epochs[k]`` on a fine
    grid of inputs (solid) over the target (dashed), and, on the right, the
    mean error per sample of every epoch with that epoch marked. The figure
    is :data:`ANIMATION_SIZE`, its texts at matplotlib's default 10 pt.

    Parameters
    ----------
    x : array_like of float, shape (N, 1)
        The training inputs.
    t : array_like of float, shape (N, 1)
        The targets, drawn dashed.
    x_fine : array_like of float, shape (M, 1)
        The inputs at which `fits` were computed.
    epochs : array_like of int, shape (K,)
        The snapshot epochs, increasing (:func:`snapshot_epochs`).
    fits : array_like of float, shape (K, M)
        The network's output at `x_fine` after each snapshot epoch.
    errors : array_like of float, shape (E,)
        The mean error per sample of every epoch (``History.errors``), E > ``epochs[-1]``.
    interval : int, optional
        Milliseconds between frames.

    Returns
    -------
    matplotlib.animation.FuncAnimation
        Keep it in a variable: a player (or ``plt.show()``) needs it alive.

    Raises
    ------
    ValueError
        If an array has the wrong shape, `epochs` is not increasing within
        the epochs of `errors`, or `fits` does not hold one row per snapshot.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from bpteach.plotting import animate_regression_fit
    >>> x = np.linspace(-1, 1, 5).reshape(-1, 1)
    >>> fits = np.zeros((2, 5))
    >>> animation = animate_regression_fit(x, x, x, [0, 2], fits, [0.5, 0.3, 0.2])
    >>> animation._fig.axes[0].get_title()
    'after epoch 0: error 0.5'
    >>> html = animation.to_jshtml()  # a player of its 2 frames, for a notebook or a web page
    >>> animate_regression_fit(x, x, x, [0, 2], fits[:1], [0.5, 0.3, 0.2])
    Traceback (most recent call last):
    ...
    ValueError: fits must hold one snapshot per epoch of epochs (2), got 1
    """
    x = check_data(x, "x", 1, "one input per sample")
    t = check_data(t, "t", 1, "one target per sample")
    check_same_rows(x, t)
    x_fine = check_data(x_fine, "x_fine", 1, "one input per grid point")
    fits = as_float_array(fits, "fits")
    if fits.ndim != 2 or fits.shape[1] != len(x_fine):
        raise ValueError(f"fits must have shape (K, {len(x_fine)}): one row per snapshot, one column per "
                         f"row of x_fine, got shape {fits.shape}")
    epochs, errors = _check_snapshots(epochs, errors, "fits", len(fits))
    fig, (ax_fit, ax_curve) = plt.subplots(1, 2, figsize=ANIMATION_SIZE, layout="constrained")
    order = np.argsort(x[:, 0])
    ax_fit.plot(x[order, 0], t[order, 0], "--", color="black", lw=1.5, label=r"target $\sin x$")
    (line,) = ax_fit.plot(x_fine[:, 0], fits[0], color="tab:blue", lw=2, label="network output")
    low, high = min(t.min(), fits.min()), max(t.max(), fits.max())
    margin = 0.15 * (high - low) + 1e-9
    ax_fit.set(xlabel=r"input $(x - \pi)/\pi$", ylabel="output $y$", ylim=(low - margin, high + margin))
    ax_fit.legend(loc="lower left")
    marker = _learning_curve_panel(ax_curve, errors, "mean error per sample", log_scale=True)

    def draw(frame):
        epoch = epochs[frame]
        line.set_ydata(fits[frame])
        marker.set_data([epoch], [errors[epoch]])
        ax_fit.set_title(f"after epoch {epoch}: error {errors[epoch]:.2g}")
        return line, marker

    return _animation(fig, draw, len(epochs), interval)


def animate_decision_regions(x, t, grid, epochs, probabilities, accuracies, errors, *, interval=200):
    r"""Animate a two-class run: the decision regions forming over the plane.

    Frame :math:`k` colours the plane by the class the network predicts
    there after epoch ``epochs[k]`` (the second class where its probability
    is above 0.5), over the training points in their classes' colours
    (:data:`CLASS_COLORS`) and the textbook's boundary
    :math:`x_2 = \sin(\pi x_1)`; on the right, the mean cross-entropy per
    sample of every epoch with that epoch marked. The figure is :data:`ANIMATION_SIZE`.

    Parameters
    ----------
    x : array_like of float, shape (N, 2)
        The training points.
    t : array_like of float, shape (N, 2)
        Their one-hot targets.
    grid : array_like of float, shape (G,)
        Increasing coordinates of the plane's grid, the same on both axes.
    epochs : array_like of int, shape (K,)
        The snapshot epochs, increasing (:func:`snapshot_epochs`).
    probabilities : array_like of float, shape (K, G, G)
        The predicted probability of the second class after each snapshot
        epoch; ``[k, i, j]`` at the point ``(grid[j], grid[i])``.
    accuracies : array_like of float, shape (K,)
        The share of the training points classified correctly after each
        snapshot epoch, from 0 to 1 (in the frames' titles).
    errors : array_like of float, shape (E,)
        The mean cross-entropy per sample of every epoch (``History.errors``), E > ``epochs[-1]``.
    interval : int, optional
        Milliseconds between frames.

    Returns
    -------
    matplotlib.animation.FuncAnimation

    Raises
    ------
    ValueError
        If an array has the wrong shape or range, or `epochs` is not
        increasing within the epochs of `errors`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from bpteach.plotting import animate_decision_regions
    >>> x = np.array([[-0.5, 0.5], [0.5, -0.5]])
    >>> t = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> grid = np.linspace(-1, 1, 3)
    >>> probabilities = np.full((2, 3, 3), 0.25)
    >>> animation = animate_decision_regions(x, t, grid, [0, 1], probabilities, [0.5, 1.0], [0.7, 0.6])
    >>> animation._fig.axes[0].get_title()
    'after epoch 0: 50% correct'
    >>> html = animation.to_jshtml()
    """
    x = check_data(x, "x", 2, "two coordinates per point")
    t = check_data(t, "t", 2, "a one-hot target per point")
    check_same_rows(x, t)
    grid = as_float_array(grid, "grid")
    if grid.ndim != 1 or grid.size < 2 or np.any(np.diff(grid) <= 0):
        raise ValueError(f"grid must be a 1-D array of at least 2 increasing coordinates, got {grid!r}")
    probabilities = as_float_array(probabilities, "probabilities")
    if probabilities.ndim != 3 or probabilities.shape[1:] != (grid.size, grid.size):
        raise ValueError(f"probabilities must have shape (K, {grid.size}, {grid.size}): one map of the "
                         f"grid per snapshot, got shape {probabilities.shape}")
    accuracies = as_float_array(accuracies, "accuracies")
    if accuracies.shape != (len(probabilities),) or np.any((accuracies < 0) | (accuracies > 1)):
        raise ValueError(f"accuracies must hold one share from 0 to 1 per snapshot ({len(probabilities)}), "
                         f"got {accuracies!r}")
    epochs, errors = _check_snapshots(epochs, errors, "probabilities", len(probabilities))
    fig, (ax_regions, ax_curve) = plt.subplots(1, 2, figsize=ANIMATION_SIZE, layout="constrained",
                                               gridspec_kw={"width_ratios": [1, 1.4]})
    extent = (grid[0], grid[-1], grid[0], grid[-1])
    regions = ax_regions.imshow(probabilities[0] > 0.5, extent=extent, origin="lower", vmin=0, vmax=1,
                                cmap=ListedColormap(CLASS_COLORS), alpha=0.35, interpolation="nearest")
    ax_regions.scatter(x[:, 0], x[:, 1], s=6, c=[CLASS_COLORS[c] for c in t.argmax(axis=1)])
    ax_regions.plot(grid, _textbook_boundary(grid), color="black", lw=1.5)
    ax_regions.set(xlim=extent[:2], ylim=extent[2:], aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    marker = _learning_curve_panel(ax_curve, errors, "mean cross-entropy per sample", log_scale=False)

    def draw(frame):
        regions.set_data(probabilities[frame] > 0.5)
        marker.set_data([epochs[frame]], [errors[epochs[frame]]])
        ax_regions.set_title(f"after epoch {epochs[frame]}: {accuracies[frame]:.0%} correct")
        return regions, marker

    return _animation(fig, draw, len(epochs), interval)

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

from bpteach._validation import check_positive_int
from bpteach.network import Network

__all__ = [
    "draw_network",
    "plot_regression_progress",
    "plot_classification_progress",
    "plot_learning_curve",
    "CLASS_COLORS",
]

#: Colours of the first class ("above the curve", target [1, 0]) and the second ("below", [0, 1]).
CLASS_COLORS = ("tab:blue", "tab:orange")


def _new_axes(ax):
    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    return ax


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


def plot_regression_progress(history, x, t, *, ax=None, cmap="viridis"):
    r"""Draw the network output at each logged epoch over the target curve.

    Parameters
    ----------
    history : bpteach.training.History
        From :func:`bpteach.training.train` with an `interval`.
    x : numpy.ndarray of float64, shape (N_data, 1)
        Training inputs.
    t : numpy.ndarray of float64, shape (N_data, 1)
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
    ax.plot(x[order, 0], t[order, 0], "--", color="black", lw=2,
            label=r"target $t = \sin(\mathrm{angle})$")
    ax.set_xlabel(r"input $x = (\mathrm{angle} - \pi)/\pi$")
    ax.set_ylabel("output $y$")
    ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax


def plot_classification_progress(history, x, t, *, axes=None):
    r"""Draw the predicted class of every grid point at each logged epoch.

    The first panel shows the targets; each further panel one logged epoch.
    The true boundary :math:`x_2 = \sin(\pi x_1)` is drawn in every panel.

    Parameters
    ----------
    history : bpteach.training.History
        From :func:`bpteach.training.train` with an `interval`.
    x : numpy.ndarray of float64, shape (N_data, 2)
        Grid points.
    t : numpy.ndarray of float64, shape (N_data, 2)
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
    own_figure = axes is None
    if own_figure:
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
                       linewidths=1, label="above, t = [1, 0]" if cls == 0 else "below, t = [0, 1]")
        ax.plot(curve_x, np.sin(np.pi * curve_x), color="black", lw=1.5)
        ax.set_title(title, fontsize="medium")
        ax.set_aspect("equal")
    if own_figure:  # below the panels, where it hides no grid point
        axes[0].figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center",
                              ncols=3, fontsize="small")
    else:
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

"""The exercise cards' thumbnails: the network, with the piece each exercise writes in colour.

The exercises draw no figure, so sphinx-gallery would show its placeholder on every card.
:func:`draw_thumbnails` (``builder-inited``, before sphinx-gallery reads the scripts) draws
one picture per exercise into ``docs/_build/exercise_thumbnails/`` and each script names its
picture in a ``# sphinx_gallery_thumbnail_path = ...`` comment (sphinx-gallery's own way;
the comment is removed from the page and the downloads). The pictures hold no words, only
the textbook's symbols, so that both editions show the same ones; the drawing is the same
every build (Agg, no date in the file), so the site is the same bytes.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

FOLDER = "_build/exercise_thumbnails"  # relative to docs/, as sphinx_gallery_thumbnail_path is
GREY, ACCENT, BACK = "#9aa5b1", "#c2410c", "#1d4ed8"

# exercise number (or "0a", "0b") -> (layer sizes, highlighted nodes {layer: colour}, highlighted weights
# {layer below: colour}, backward arrows [(from layer, to layer)], the symbol it asks for)
PIECES = {
    # 0a, 0b: a small graph, every gradient sent back along it (0a by hand, 0b by a Value class)
    "0a": ((2, 1, 1), {}, {0: BACK, 1: BACK}, [(2, 0)], r"$\partial E/\partial a = \ ?$"),
    "0b": ((2, 2, 1), {1: ACCENT, 2: ACCENT}, {}, [(2, 0)],
           r"$+,\ \times,\ \sigma$:  $\partial E/\partial x$"),
    1: ((1, 3, 1), {1: ACCENT}, {}, [], r"$\sigma'(u),\ y = \sigma(u)$"),
    2: ((1, 3, 1), {2: ACCENT}, {}, [], r"$\delta = \partial E/\partial u$"),
    3: ((2, 3, 3), {2: ACCENT}, {}, [], r"$\mathrm{softmax}$: $\partial E/\partial u$"),
    4: ((2, 3, 2), {}, {1: ACCENT}, [],
        r"$\partial E/\partial W,\ \partial E/\partial b,\ \partial E/\partial x$"),
    5: ((1, 3, 1), {1: ACCENT}, {1: BACK}, [(2, 1)], r"$\delta^{(2)} \to \delta^{(1)}$"),
    6: ((1, 3, 1), {1: ACCENT, 2: ACCENT}, {0: BACK, 1: BACK}, [(2, 1), (1, 0)],
        r"$\partial E/\partial W^{(1)}, \ldots, \partial E/\partial b^{(2)}$"),
    7: ((1, 3, 1), {}, {0: ACCENT, 1: ACCENT}, [], r"$W \leftarrow\ ?$   ($\eta$)"),
}


def _positions(sizes):
    return [[(0.15 + 0.35 * layer, 0.5 + (k - (n - 1) / 2) * 0.22) for k in range(n)]
            for layer, n in enumerate(sizes)]


def draw(number, path):
    """Draw the thumbnail of exercise `number` into `path` (400 x 280 px, as sphinx-gallery's)."""
    sizes, nodes, weights, arrows, symbol = PIECES[number]
    fig = plt.figure(figsize=(4, 2.8), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1.05)
    ax.set_ylim(-0.05, 1.0)
    ax.axis("off")
    where = _positions(sizes)
    for layer in range(len(sizes) - 1):
        colour = weights.get(layer, GREY)
        for a in where[layer]:
            for b in where[layer + 1]:
                ax.plot([a[0], b[0]], [a[1], b[1]], color=colour, lw=2.2 if layer in weights else 1.2,
                        zorder=1)
    for layer, points in enumerate(where):
        colour = nodes.get(layer)
        ax.scatter([x for x, _ in points], [y for _, y in points], s=700, facecolor=colour or "white",
                   edgecolor=colour or GREY, linewidths=2, zorder=2)  # circles, whatever the axes' scale
    for upper, lower in arrows:
        y = min(p[1] for p in where[upper] + where[lower]) - 0.12
        ax.annotate("", xy=(where[lower][0][0], y), xytext=(where[upper][0][0], y),
                    arrowprops={"arrowstyle": "-|>", "color": BACK, "lw": 2.5})
    ax.text(0.5, 0.93, symbol, ha="center", va="center", fontsize=15, color="#111827")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)


def draw_thumbnails(app):
    folder = Path(app.srcdir) / FOLDER
    for number in PIECES:
        draw(number, folder / f"exercise_{number}.png")


def setup(app):
    # Before sphinx-gallery (priority 500), which copies the thumbnails it is told of.
    app.connect("builder-inited", draw_thumbnails, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

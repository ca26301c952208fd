"""Alt text for the gallery's figures: a short description of what each one shows.

sphinx-gallery's matplotlib scraper gives each figure the titles of its axes
as alt text ("Learning curve"), which tells a screen-reader user little. This
scraper runs it unchanged and then replaces each alt text with a description
read from the figure itself: its title, what each panel plots against what,
its legend entries and colour bar. So the description always matches the
figure, and the gallery scripts need nothing extra.
"""

import functools
import re

import matplotlib.pyplot as plt
from sphinx_gallery.scrapers import matplotlib_scraper

_TEX = [
    (r"\\(?:mathrm|text|mathit|operatorname)\{([^{}]*)\}", r"\1"),
    (r"\\log_\{10\}", "log10 "), (r"\\log", "log "), (r"\\sin", "sin "), (r"\\cos", "cos "),
    (r"\\pi", "π"), (r"\\eta", "η"), (r"\\sigma", "σ"), (r"\\varepsilon", "ε"), (r"\\epsilon", "ε"),
    (r"\\delta", "δ"), (r"\\theta", "θ"), (r"\\lambda", "λ"), (r"\\cdot", "·"), (r"\\times", "×"),
    (r"_\{?([0-9]+)\}?", lambda m: m[1].translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))),
    (r"\\[,;:! ]", " "), (r"\\([A-Za-z]+)", r"\1"), (r"[{}$]", ""), (r"\s+", " "),
]


def plain(text):
    """`text` with matplotlib's TeX markup turned into plain characters."""
    for pattern, replacement in _TEX:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"\s+([,.;:)])", r"\1", text).replace("( ", "(")
    text = re.sub(r"\b(log10|log|sin|cos) \(", r"\1(", text)
    return text.strip()


# The words of a description, in each edition's language.
WORDS = {
    "en": {"panels": "{n} panels: {titles}", "against": "{y} against {x}", "values": "values",
           "x": "x", "log": " (log scale)", "drawing": "a drawing, without axes",
           "legend": "legend: {entries}", "colorbar": "colour bar: {label}", "list": ", ", "entries": ", ",
           "sentence": ". ", "end": ".", "title": ": ", "more": "; "},
    # Japanese reads as sentences: 「学習曲線：横軸はエポック、縦軸は誤差（対数目盛）。凡例は…。」
    # A legend's entries are parted by 「／」: an entry often holds a 「、」 of its own
    # (「シグモイド関数、η = 0.1／tanh、η = 0.1」; the second grading's M30).
    "ja": {"panels": "{n} 枚のパネル（{titles}）", "against": "横軸は{x}、縦軸は{y}", "values": "値",
           "x": "x", "log": "（対数目盛）", "drawing": "軸のない図", "legend": "凡例は{entries}",
           "colorbar": "カラーバーは{label}", "list": "、", "entries": "／", "sentence": "。", "end": "。",
           "title": "：", "more": "。"},
}


def _legend(legend, words):
    entries = [plain(text.get_text()) for text in legend.get_texts()] if legend else []
    return words["legend"].format(entries=words["entries"].join(entries)) if entries else ""


def describe(fig, language="en"):
    """One or two sentences on what `fig` shows, from its titles, labels and legends.

    `language` ("en" or "ja") chooses the words that join them (:data:`WORDS`);
    the titles and labels are the figure's own.
    """
    words = WORDS[language]
    colorbars = [ax for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]
    panels = [ax for ax in fig.axes if ax.get_visible() and ax not in colorbars]
    parts = []
    if fig._suptitle is not None and fig._suptitle.get_text():
        parts.append(plain(fig._suptitle.get_text()))
    axes_labels = {(ax.get_xlabel(), ax.get_ylabel()) for ax in panels if ax.axison}
    if len(panels) > 4 and len(axes_labels) <= 1:  # a grid of similar panels: list their titles
        titles = [plain(ax.get_title()) for ax in panels if ax.get_title()]
        grid = words["panels"].format(n=len(panels), titles=words["list"].join(titles))
        if language == "ja" and not panels[0].axison:  # 「軸のない 20 枚のパネル（…）」, one sentence
            parts.append("軸のない " + grid)
            panels = []
        else:
            parts.append(grid)
            panels = panels[:1]
        if axes_labels == {("", "")}:
            axes_labels = set()
    for ax in panels:
        sentence = [plain(ax.get_title())] if ax.get_title() and len(fig.axes) <= 4 else []
        if ax.axison and (ax.get_xlabel() or ax.get_ylabel()):
            # A panel without a y label may share its y axis with a labelled one.
            siblings = ax.get_shared_y_axes().get_siblings(ax)
            ylabel = ax.get_ylabel() or next((o.get_ylabel() for o in siblings if o.get_ylabel()), "")
            # Likewise the x axis: a panel above another often leaves the shared label to it.
            xlabel = ax.get_xlabel() or next(
                (o.get_xlabel() for o in ax.get_shared_x_axes().get_siblings(ax) if o.get_xlabel()), "")
            plotted = words["against"].format(y=plain(ylabel) or words["values"],
                                              x=plain(xlabel) or words["x"])
            if ax.get_yscale() == "log":
                plotted += words["log"]
            sentence.append(plotted)
        elif not ax.axison:
            sentence.append(words["drawing"])
        sentence.append(_legend(ax.get_legend(), words))
        # The title leads what follows it (「学習曲線：横軸は…」); without a title, the axes'
        # sentence and the legend are two sentences (「横軸は…。凡例は…」), not 「横軸は…：凡例は…」.
        titled = 2 if ax.get_title() and len(fig.axes) <= 4 else 1
        parts.append(words["title"].join(p for p in sentence[:titled] if p)
                     + "".join(words["more"] + p for p in sentence[titled:] if p))
    for legend in fig.legends:
        parts.append(_legend(legend, words))
    for ax in colorbars:
        label = ax.get_ylabel() or ax.get_xlabel()
        if label:
            parts.append(words["colorbar"].format(label=plain(label)))
    text = words["sentence"].join(p[0].upper() + p[1:] for p in parts if p) + words["end"]
    if language == "ja":  # the house style's spacing (docs/ja_style.py), as in the catalogs
        text = _ja_style().fix_text(text, "text")
    return text


@functools.cache
def _ja_style():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "ja_style.py"
    spec = importlib.util.spec_from_file_location("ja_style", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's matplotlib scraper, with each figure described in its alt text."""
    descriptions = [describe(plt.figure(number)) for number in plt.get_fignums()]
    rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    alts = re.findall(r":alt: .*", rst)
    if len(alts) != len(descriptions):  # not one image per figure: keep sphinx-gallery's text
        return rst
    descriptions = iter(descriptions)
    return re.sub(r":alt: .*", lambda match: ":alt: " + next(descriptions).replace("\\", ""), rst)

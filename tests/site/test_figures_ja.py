"""The Japanese edition's figures: Japanese twins of every figure, drawn in a Japanese font.

docs/_ext/figure_ja.py translates each figure's texts with the catalog
docs/locale/ja/LC_MESSAGES/figures.po and saves a twin ``…_ja.png`` beside
the English figure; the Japanese build shows the twins. The first tests check
the machinery on small figures; the others check the built site.
"""

import concurrent.futures
import io
import json
import multiprocessing
import re
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from helpers import ROOT  # noqa: E402
from PIL import Image  # noqa: E402
from test_reproducible import MEASURED_FIGURES  # noqa: E402

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import figure_alt  # noqa: E402
import figure_ja  # noqa: E402

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Learning curve"
msgstr "学習曲線"

msgid "epoch"
msgstr "エポック"

msgid "error $E$"
msgstr "誤差 $E$"

msgid "seed {0}, final error {1}"
msgstr "シード {0}、最終誤差 {1}"

msgid "final error {1} (seed {0})"
msgstr "最終誤差 {1}（シード {0}）"

#, fuzzy
msgid "hidden layer"
msgstr "中間層"
"""


@pytest.fixture
def catalog(tmp_path):
    path = tmp_path / "figures.po"
    path.write_text(PO, encoding="utf-8")
    return figure_ja.Catalog(path)


def test_texts_with_numbers_are_translated_by_templates(catalog):
    assert catalog.translate("Learning curve") == "学習曲線"
    assert catalog.translate("seed 3, final error 0.0123") == "シード 3、最終誤差 0.0123"
    # The numbers may move: {1} before {0}.
    assert catalog.translate("final error 1e-05 (seed 12)") == "最終誤差 1e-05（シード 12）"
    assert catalog.translate("seed 3, final error") is None
    assert catalog.translate("hidden layer") is None  # fuzzy: not used, as Sphinx does not use it


def test_only_texts_with_words_are_translated():
    assert figure_ja.needs_translation("Epoch") and figure_ja.needs_translation("$\\eta = 0.1$, seed 3")
    for text in ["0.25", "$x$", "$y_1$", "t", "", "$\\log_{10} E$"]:
        assert not figure_ja.needs_translation(text), text


def _figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [1, 0.5], label="seed 3, final error 0.5")
    ax.set(title="Learning curve", xlabel="epoch", ylabel="error $E$")
    ax.legend()
    return fig


def _png(fig, **kwargs):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", **kwargs)
    return buffer.getvalue()


def test_a_figure_is_translated_and_drawn_in_a_japanese_font(catalog, tmp_path):
    fig = _figure()
    english = _png(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph 23398 missing from font(s) DejaVu Sans" would raise
        assert figure_ja.translate_figure(fig, catalog) == []
        with figure_ja.japanese_mathtext():
            japanese = _png(fig)
    ax = fig.axes[0]
    assert [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()] == ["学習曲線", "エポック", "誤差 $E$"]
    assert ax.get_legend().get_texts()[0].get_text() == "シード 3、最終誤差 0.5"
    assert ax.title.get_fontname() == "IPAexGothic"
    assert [label.get_fontname() for label in ax.get_xticklabels()] == ["DejaVu Sans"] * len(
        ax.get_xticklabels())  # tick numbers keep the English figure's font
    assert japanese != english
    # Drawn twice, the same bytes; and an English figure drawn after it is the same as before.
    with figure_ja.japanese_mathtext():
        assert _png(fig) == japanese
    assert _png(_figure()) == english
    plt.close("all")


def test_untranslated_texts_are_reported_and_left_english(catalog):
    fig = _figure()
    fig.axes[0].set_xlabel("hidden layer")  # fuzzy in the catalog: not translated
    fig.text(0.5, 0.5, "0.25")  # a number: nothing to translate
    assert figure_ja.translate_figure(fig, catalog) == ["hidden layer"]
    assert fig.axes[0].get_xlabel() == "hidden layer"
    plt.close("all")


def test_texts_recorded_by_other_processes_reach_the_report(tmp_path, monkeypatch):
    """The gallery runs its scripts in worker processes (sphinx-gallery's ``parallel``):
    what a worker records must reach the build's report, not stay in the worker's memory."""
    monkeypatch.setenv(figure_ja.RECORDS, str(tmp_path))
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter, as loky's workers are
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=spawn) as workers:
        list(workers.map(figure_ja.record, ["a.py", "b.py", "a.py"], [["x"], ["y"], ["x", "z"]]))
    figure_ja.record("c.py", [])  # nothing missing: nothing written
    assert figure_ja._recorded(tmp_path) == {"a.py": ["x", "z"], "b.py": ["y"]}
    assert figure_ja.UNTRANSLATED == {}


def test_the_japanese_alt_text_describes_the_translated_figure(catalog):
    fig = _figure()
    figure_ja.translate_figure(fig, catalog)
    assert figure_alt.describe(fig, "ja") == (
        "学習曲線：横軸はエポック、縦軸は誤差 E。凡例はシード 3、最終誤差 0.5。")
    plt.close("all")


def test_a_panel_above_another_takes_the_shared_x_label():
    """The upper panel of a shared x axis has no label of its own: the alt text names the
    lower panel's (it said 「横軸は x」 on plot_learning_rate, issue 23), and Greek in a
    legend is spaced like Latin (「凡例は η = 0.1」)."""
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True)
    top.plot([1, 2], [3, 4], label="η = 0.1")
    top.set(title="最終的な誤差", ylabel="誤差")
    top.legend()
    bottom.plot([1, 2], [0, 1])
    bottom.set(xlabel="学習係数 η", ylabel="発散")
    assert figure_alt.describe(fig, "ja") == ("最終的な誤差：横軸は学習係数 η、縦軸は誤差。凡例は η = 0.1。"
                                              "横軸は学習係数 η、縦軸は発散。")
    assert figure_alt.describe(fig, "en").startswith("最終的な誤差: 誤差 against 学習係数 η")
    plt.close("all")


def test_a_legend_s_entries_are_parted_by_a_slash_in_japanese():
    """An entry often holds a 「、」 of its own: 「、」 between entries ran them together
    (「凡例はシグモイド関数、η = 0.1、tanh、η = 0.1」, the second grading's M30)."""
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4], label="シグモイド関数、η = 0.1")
    ax.plot([1, 2], [4, 3], label="tanh、η = 0.1")
    ax.set(xlabel="エポック", ylabel="誤差")
    ax.legend()
    assert figure_alt.describe(fig, "ja") == (
        "横軸はエポック、縦軸は誤差。凡例はシグモイド関数、η = 0.1／tanh、η = 0.1。")
    assert figure_alt.describe(fig, "en").endswith("; legend: シグモイド関数、η = 0.1, tanh、η = 0.1.")
    plt.close("all")


def test_a_grid_of_pictures_is_described_in_one_japanese_sentence():
    fig, axes = plt.subplots(2, 5)
    fig.suptitle("最初の 10 枚の画像")
    for i, ax in enumerate(axes.flat):
        ax.set_title(str(i))
        ax.axis("off")
    assert figure_alt.describe(fig, "ja") == (
        "最初の 10 枚の画像。軸のない 10 枚のパネル（0、1、2、3、4、5、6、7、8、9）。")
    plt.close("all")


# -- The built site ------------------------------------------------------------------------

def _gallery_figures(docs):
    """Every English gallery figure of a build: ``…/images/sphx_glr_<name>_<nnn>.png``."""
    return sorted(path for folder in ("auto_examples", "auto_exercises")
                  for path in (docs / folder).rglob("images/sphx_glr_*_[0-9][0-9][0-9].png"))


def _docs(built_site):
    """The built copy of docs/ (the English edition is docs/_build/html/en)."""
    return built_site[0].parents[2]


def test_every_gallery_figure_has_a_japanese_twin(built_site):
    docs = _docs(built_site)
    figures = _gallery_figures(docs)
    assert len(figures) >= 30
    for figure in figures:
        twin = figure_ja.twin_path(figure)
        assert twin.exists(), f"{figure.name} has no Japanese twin {twin.name}"
        assert twin.read_bytes() != figure.read_bytes(), f"{twin.name} is the English figure"
        with Image.open(figure) as english, Image.open(twin) as japanese:
            assert english.size == japanese.size, twin.name
            description = japanese.text.get("Description", "")
        # In Japanese, unless the figure has no words at all (titles such as "1-3-1" only).
        assert description and (re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", description)
                                or not re.search(r"[A-Za-z]{2,}", description)), (twin.name, description)
    # The animation's Japanese player, one per player of the English page.
    players = list((docs / "auto_examples" / "images").glob("player_*_ja.html"))
    english = (docs / "auto_examples" / "plot_training_animation.rst").read_text(encoding="utf-8")
    assert len(players) == english.count("sphx-glr-animation") >= 2


def test_every_figure_text_has_its_japanese_translation(built_site):
    """A figure text added to a script or page without its translation fails here."""
    reports = sorted((_docs(built_site) / "_build").rglob(figure_ja.REPORT))
    assert len(reports) == 2, f"each edition's build writes its {figure_ja.REPORT}: {reports}"
    missing = {}
    for report in reports:
        for where, texts in json.loads(report.read_text(encoding="utf-8")).items():
            missing.setdefault(where, set()).update(texts)
    message = "\n".join(f"  {where}: {text!r}" for where, texts in sorted(missing.items())
                        for text in sorted(texts))
    assert not missing, f"figure texts without a Japanese translation:\n{message}\n{figure_ja.HOW_TO_ADD}"


def test_no_figure_is_missing_a_glyph(built_editions):
    """matplotlib warns of a character that its font lacks (drawn as an empty box) or a missing font."""
    output = built_editions[1].stdout + built_editions[1].stderr
    assert "missing from font" not in output and "findfont" not in output, output


def test_the_english_edition_never_shows_a_twin(built_site):
    pages = sorted(built_site[0].rglob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        assert "_ja.png" not in page.read_text(encoding="utf-8"), page.name
    assert not list(built_site[0].rglob("*_ja.png"))


@pytest.fixture(scope="session")
def japanese_site(built_editions):
    """The Japanese edition of the clean build of both editions (docs/build_site.py)."""
    html, result = built_editions
    return html / "ja", result


def _images(page):
    return re.findall(r'<img [^>]*src="([^"]+)"', page.read_text(encoding="utf-8"))


def test_the_japanese_edition_shows_the_twins(built_site, japanese_site):
    ja = japanese_site[0]
    shown = 0
    for page in sorted(ja.rglob("*.html")):
        for src in _images(page):
            if "sphx_glr_" in src and "/thumb/" not in src and "_thumb" not in src:
                assert src.endswith("_ja.png"), f"{page.relative_to(ja)} shows the English {src}"
                assert (page.parent / src).exists(), src
                shown += 1
    assert shown >= 30
    landing = _images(ja / "index.html")
    assert any(src.endswith("sphx_glr_plot_sin_regression_001_ja.png") for src in landing), landing
    # The gallery's cards show Japanese thumbnails, and the animation page Japanese players.
    cards = _images(ja / "auto_examples" / "index.html")
    assert cards and all(src.endswith("_thumb_ja.png") for src in cards if "sphx_glr_plot" in src)
    animation = (ja / "auto_examples" / "plot_training_animation.html").read_text(encoding="utf-8")
    assert animation.count('alt="アニメーション。') == 2 and 'alt="Animation.' not in animation
    # A still figure's alt text is its Japanese description.
    page = (ja / "auto_examples" / "plot_sin_regression.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img [^>]*src="[^"]*_ja\.png"[^>]*alt="([^"]*)"', page)
    assert alts and all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", alt) for alt in alts), alts


def test_the_narrative_pages_figures_are_drawn_in_japanese(built_site, japanese_site):
    """The plot directive's figures are drawn by each build: in Japanese by the Japanese one."""
    # They are copied to _images as <page>-<n>.png (forward-1.png), the gallery's as sphx_glr_*.
    en, ja = built_site[0] / "_images", japanese_site[0] / "_images"
    english = sorted(path.relative_to(en) for path in en.glob("*-[0-9]*.png")
                     if not path.name.startswith("sphx_glr_"))
    assert len(english) >= 5
    assert all((ja / path).exists() for path in english)
    differ = [path for path in english if (en / path).read_bytes() != (ja / path).read_bytes()]
    assert len(differ) >= 4, f"only {differ} differ from the English figures"


def test_the_twins_are_reproducible(request, built_site):
    """Two clean builds draw the same twins, byte for byte (with tests/site/test_reproducible.py)."""
    if len(request.getfixturevalue("site_builds")) < 2:
        pytest.skip("the second build runs only with tests/site/test_reproducible.py")
    second = request.getfixturevalue("second_built_editions")
    assert second[1].returncode == 0, second[1].stderr
    first_docs, second_docs = _docs(built_site), second[0].parent.parent
    # Not the twin of a figure of times measured during the build (test_reproducible.py).
    twins = [path.relative_to(first_docs) for path in first_docs.rglob("images/*_ja.*")
             if not MEASURED_FIGURES.search(path.name.replace("_ja.", "."))]
    assert len(twins) >= 30
    differ = [str(path) for path in twins if (first_docs / path).read_bytes()
              != (second_docs / path).read_bytes()]
    assert not differ, differ

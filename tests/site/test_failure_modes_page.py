"""The failure-modes gallery page as built: every quiet failure shown on a real run."""

import re


def test_failure_modes_page_shows_the_caught_error(built_site):
    html, _ = built_site
    page = (html / "auto_examples" / "plot_failure_modes.html").read_text(encoding="utf-8")
    assert "TrainingDiverged: training diverged in epoch" in page
    assert "parameters finite afterwards: True" in page
    outputs = re.findall(r'class="sphx-glr-script-out.*?<pre>(.*?)</pre>', page, flags=re.S)
    # healthy run, learning rates, unscaled inputs, large weights, zero weights, sigmoid output,
    # tiny learning rate, summary; then the cells of the five quieter failures (inputs 0-99,
    # saturated sigmoid output, vanishing signal, dead ReLU and the best fit of two bends,
    # overfitting): 16 outputs in all
    assert len(outputs) == 16
    printed = re.sub(r"<[^>]+>", "", "".join(outputs)).replace("infinite or NaN", "")
    assert not re.search(r"\bnan\b|\binf\b", printed, flags=re.I), printed  # no value printed as nan/inf
    images = re.findall(r'src="\.\./(_images/sphx_glr_plot_failure_modes_\d+\.png)"', page)
    # six learning curves and the overfitting run, after the page's lead figure (a repeat of 002)
    assert images[0] == "_images/sphx_glr_plot_failure_modes_002.png", images
    assert len(images[1:]) == len(set(images[1:])) == 7, images
    # Every TrainingWarning shown on a real run (printed from the run's history.warnings).
    for kind in ("targets_out_of_range", "identical_units", "rising_error", "saturated_units", "no_progress",
                 "unscaled_inputs", "saturated_output", "vanishing_signal", "dead_units", "overfitting"):
        assert f"TrainingWarning [{kind}, " in page, kind
    assert "no warning" in outputs[0]  # the healthy run


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji


def printed_outputs(page):
    """The text of a gallery page's printed outputs (sphinx-gallery's script-out blocks)."""
    import html

    outputs = re.findall(r'class="sphx-glr-script-out.*?<pre>(.*?)</pre>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", output)) for output in outputs]


def test_the_japanese_page_shows_each_warning_in_japanese(built_editions):
    """The Japanese edition shows the English build's printed warnings in the package's Japanese.

    The script prints each warning of a run's history as a header (``TrainingWarning [kind,
    when]:``, the program's own text, left as it is) and the warning's text wrapped below it; in
    the Japanese edition that text is the warning's ``text("ja")`` (docs/_ext/exercise_pages.py).
    """
    html, _ = built_editions
    name = "auto_examples/plot_failure_modes.html"
    english = printed_outputs((html / "en" / name).read_text(encoding="utf-8"))
    japanese = printed_outputs((html / "ja" / name).read_text(encoding="utf-8"))
    assert len(english) == len(japanese)
    shown = 0
    for text in japanese:
        for paragraph in re.findall(r"^TrainingWarning \[\w+, [^\]]+\]:\n((?:  .*\n?)+)", text, flags=re.M):
            said = " ".join(paragraph.split())
            assert JAPANESE.search(said), said
            assert not re.search(r"\b(the|of|and|is|are)\b", said), said  # no English sentence left
            shown += 1
    headers = sum(len(re.findall(r"^TrainingWarning \[", text, flags=re.M)) for text in english)
    assert shown == headers >= 10  # exact: counts of printed warnings (integers)
    # The divergence caught and printed (TrainingDiverged: ...) is in Japanese too.
    diverged = [line for text in japanese for line in text.splitlines() if "TrainingDiverged: " in line]
    assert diverged and all(JAPANESE.search(line.split("TrainingDiverged: ", 1)[1]) for line in diverged)


def test_no_japanese_gallery_page_prints_an_english_diagnostic(built_editions):
    """Phrases that only the diagnostics print do not appear in any Japanese gallery page's output."""
    html, _ = built_editions
    english_only = ("before the first epoch: ", "became infinite or NaN", "the error is rising",
                    "nothing learned yet", "are on its flat part")
    for page in sorted((html / "ja" / "auto_examples").rglob("*.html")):
        said = " ".join(" ".join(printed_outputs(page.read_text(encoding="utf-8"))).split())
        found = [phrase for phrase in english_only if phrase in said]
        assert not found, (page.name, found)
    english = " ".join(" ".join(printed_outputs(
        (html / "en" / "auto_examples" / "plot_failure_modes.html").read_text(encoding="utf-8"))).split())
    assert all(phrase in english for phrase in english_only[:2])  # the phrases are real: English shows them

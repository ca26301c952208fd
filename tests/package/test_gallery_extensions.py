"""The site's own Sphinx helpers in docs/_ext: the offline animation player and the gallery order."""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from helpers import ROOT  # noqa: E402
from matplotlib.animation import FuncAnimation  # noqa: E402

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import gallery_order  # noqa: E402
import offline_animation  # noqa: E402


def _animation():
    fig, ax = plt.subplots(figsize=(1, 1))
    (line,) = ax.plot([0, 1], [0, 0])
    return FuncAnimation(fig, lambda i: line.set_ydata([0, i]), frames=3, interval=100)


def test_the_player_needs_no_network_and_has_a_stable_id():
    # matplotlib's own player: a CDN link, and a new random id every time.
    plain = [_animation().to_jshtml() for _ in range(2)]
    assert "https://" in plain[0] and plain[0] != plain[1]
    # Ours: no link to anything outside the page, and the same HTML for the same animation.
    ours = [offline_animation.offline_player(_animation()) for _ in range(2)]
    assert "https://" not in ours[0] and "http://" not in ours[0]
    assert ours[0] == ours[1]
    assert ours[0].count("_anim_img") >= 2 and "data:image/png;base64" in ours[0]
    plt.close("all")


def test_the_japanese_player_has_japanese_controls():
    english = offline_animation.offline_player(_animation())
    japanese = offline_animation.offline_player(_animation(), "ja")
    assert 'aria-label="Play"' in english and ">Loop</label>" in english
    assert 'aria-label="再生"' in japanese and ">ループ</label>" in japanese
    assert 'aria-label="Play"' not in japanese and ">Loop</label>" not in japanese
    plt.close("all")


def test_a_changed_player_is_refused():
    animation = _animation()
    animation.to_jshtml()  # rendered once (matplotlib warns about an animation never rendered)
    animation._html_representation = "<div>no player here</div>"  # what to_jshtml returns next
    with pytest.raises(RuntimeError, match="offline_animation.py"):
        offline_animation.offline_player(animation)
    plt.close("all")


def test_every_experiment_has_its_place_in_the_reading_order():
    scripts = sorted(path.name for path in (ROOT / "gallery" / "experiments").glob("plot_*.py"))
    assert scripts == sorted(gallery_order.EXPERIMENTS)
    key = gallery_order.ReadingOrder(str(ROOT / "gallery" / "experiments"))
    assert sorted(scripts, key=key) == gallery_order.EXPERIMENTS


def test_gallery_intros_have_no_tex():
    """An example's first paragraph is also its card's tooltip, shown as plain text: no TeX there."""
    import ast

    scripts = sorted((ROOT / "gallery").rglob("plot_*.py"))
    assert len(scripts) >= 10
    for script in scripts:
        docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")), clean=False)
        first_paragraph = docstring.strip().split("\n\n")[1]
        assert ":math:" not in first_paragraph and "\\" not in first_paragraph, script.name


def test_each_gallery_script_starts_with_the_builds_warning_filters():
    import warnings

    import gallery_reset

    saved, saved_before = list(warnings.filters), list(gallery_reset._BEFORE)
    try:
        # Filters as a process may hold them: compiled patterns, None, and plain strings.
        warnings.filters[:] = [("ignore", "plain text", UserWarning, "some.module", 0),
                               *gallery_reset._BEFORE]
        gallery_reset._BEFORE[:] = list(warnings.filters)
        before = [(a, getattr(m, "pattern", m) or None, c, getattr(o, "pattern", o) or None, n)
                  for a, m, c, o, n in warnings.filters]
        warnings.filterwarnings("ignore", category=RuntimeWarning)  # what a script may add
        gallery_reset.reset_warnings({}, "plot_x.py")
        after = [(a, getattr(m, "pattern", m) or None, c, getattr(o, "pattern", o) or None, n)
                 for a, m, c, o, n in warnings.filters]
        assert after == before
    finally:
        warnings.filters[:] = saved
        gallery_reset._BEFORE[:] = saved_before

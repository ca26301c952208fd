"""The gallery projected in a classroom: a 1280 × 800 screen, every page of both editions.

At that viewport (a common projector's) headless Chromium opens each gallery page and
measures

- where the page's first figure (a still image or an animation player) starts: within
  the first screen, with at least :data:`FIRST_FIGURE_SHOWN` px of it visible;
- every ``<pre>`` of the page (code and its printed output): none is wider than its box,
  so that no line is cut off and needs scrolling sideways;
- the animation players: each frame shown at its own size (not scaled down), at least
  :data:`ANIMATION_WIDTH` px wide, at least :data:`MIN_FRAMES` frames for the regression
  fit, and the page within :data:`PAGE_BUDGET` bytes (the frames are inlined PNG images).

The figures' text sizes in the animations (at least 12 px) are checked where the
figures are made, in ``tests/package/test_plotting.py``. Every gallery card has a
thumbnail drawn from the script's figures, not sphinx-gallery's placeholder.

Without Chromium these tests are skipped, unless ``CI`` is set: then they fail.
"""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import sphinx_gallery

VIEWPORT = {"width": 1280, "height": 800}
FIRST_FIGURE_SHOWN = 200  # px of the first figure on the first screen, at least
ANIMATION_WIDTH = 900  # px, each animation's frames as shown, at least
MIN_FRAMES = 40  # frames of the regression fit's animation, at least
# The animation page, in bytes, per edition: its HTML holds every frame of both players
# as base64 PNG (matplotlib's jshtml player), so it is the page's own weight on the wire.
PAGE_BUDGET = 3_000_000
ANIMATION_PAGE = Path("auto_examples/plot_training_animation.html")

# Evaluated in a page at the top, unscrolled: the first figure's box, and every <pre> that
# is wider than its box, with the lines that do not fit (a line's width measured with a
# range over its characters, in the <pre>'s own font).
MEASURE = r"""() => {
  const article = document.querySelector("article") || document.body;
  const figure = article.querySelector("img.sphx-glr-single-img, img.sphx-glr-multi-img, div.animation img");
  const box = figure ? figure.getBoundingClientRect() : null;
  const cut = [];
  for (const pre of article.querySelectorAll("pre")) {
    if (pre.scrollWidth <= pre.clientWidth) continue;
    const style = getComputedStyle(pre);
    const room = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const text = pre.textContent;
    const lines = text.split("\n");
    // Each line's width: a range from its first to its last character.
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let offset = 0;
    while (walker.nextNode()) {
      nodes.push([walker.currentNode, offset]);
      offset += walker.currentNode.length;
    }
    const at = (position) => {
      let found = nodes[0];
      for (const node of nodes) if (node[1] <= position) found = node;
      return [found[0], Math.min(position - found[1], found[0].length)];
    };
    let start = 0;
    for (const line of lines) {
      if (line.length) {
        const range = document.createRange();
        range.setStart(...at(start));
        range.setEnd(...at(start + line.length));
        const width = range.getBoundingClientRect().width;
        if (width > room + 0.5) cut.push({line, width: Math.round(width), room: Math.round(room)});
      }
      start += line.length + 1;
    }
    if (!cut.length) cut.push({line: text.slice(0, 80), width: pre.scrollWidth, room: pre.clientWidth});
  }
  const players = [...article.querySelectorAll("div.animation img[id^=_anim_img]")].map((img) => {
    const player = window["anim" + img.id.slice("_anim_img".length)];
    const rect = img.getBoundingClientRect();
    return {shown: rect.width, natural: img.naturalWidth, right: rect.right,
            frames: player ? player.frames.length : 0};
  });
  return {figureTop: box ? box.top + window.scrollY : null, cut, players,
          viewportWidth: document.documentElement.clientWidth};
}"""


def gallery_pages(html):
    """Every gallery page of both editions (not the gallery's index pages)."""
    return sorted(path for edition in ("en", "ja")
                  for path in (html / edition / "auto_examples").rglob("*.html") if path.name != "index.html")


def measure(browser, html):
    """{page relative to `html`: what MEASURE found there}, at the 1280 × 800 viewport."""
    context = browser.new_context(viewport=VIEWPORT)
    found = {}
    for path in gallery_pages(html):
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("file:", "data:", "blob:", "about:")) else route.abort())
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("() => Promise.all([...document.images].map((img) => "
                      "(img.loading = 'eager', img.decode().catch(() => null))))")
        page.evaluate("() => document.fonts.ready")
        found[path.relative_to(html)] = page.evaluate(MEASURE)
        page.close()
    context.close()
    return found


@pytest.fixture(scope="module")
def projected(browser, built_editions):
    html, _ = built_editions
    return measure(browser, html)


def test_every_gallery_page_was_measured(projected):
    names = {path.name for path in projected}
    assert {"plot_sin_regression.html", "plot_training_animation.html", "plot_depth.html"} <= names
    assert {path.parts[0] for path in projected} == {"en", "ja"}


# Not yet: every page of both editions still has its first figure below the first screen (its top
# from 776 px, the animation page, and 962 px, the digits page, to 3146 px, the failure modes in
# Japanese, measured at 1280 x 800); their plotting code is still to move into bpteach.plotting or
# below the figures.
# Strict: once they all pass, this mark fails the run and must go.
@pytest.mark.xfail(strict=True, reason="issue 25 item 5: first figures still below the first screen")
def test_each_gallery_page_shows_its_first_figure_on_the_first_screen(projected):
    late = {str(path): found["figureTop"] for path, found in projected.items()
            if found["figureTop"] is None or found["figureTop"] > VIEWPORT["height"] - FIRST_FIGURE_SHOWN}
    assert late == {}, f"first figure's top (px) below {VIEWPORT['height'] - FIRST_FIGURE_SHOWN}"


def test_no_code_or_output_line_is_cut_off(projected):
    cut = {str(path): found["cut"] for path, found in projected.items() if found["cut"]}
    assert cut == {}


def test_the_animations_are_big_enough_and_within_budget(projected, built_editions):
    html, _ = built_editions
    for edition in ("en", "ja"):
        players = projected[Path(edition) / ANIMATION_PAGE]["players"]
        assert len(players) == 2, players
        for player in players:
            # Shown at the frames' own size (text as large as drawn), wide enough, and on screen.
            assert player["shown"] == player["natural"] >= ANIMATION_WIDTH, player
            assert player["right"] <= VIEWPORT["width"], player
        assert players[0]["frames"] >= MIN_FRAMES, players[0]  # the regression fit
        size = (html / edition / ANIMATION_PAGE).stat().st_size
        assert size <= PAGE_BUDGET, f"{edition}/{ANIMATION_PAGE}: {size} bytes"


def placeholder_thumbnails(tmp_path):
    """The pixels of sphinx-gallery's thumbnails for a script without figures, or one that failed."""
    from PIL import Image
    from sphinx_gallery.utils import scale_image

    static = Path(sphinx_gallery.__file__).parent / "_static"
    pixels = []
    for name in ("no_image.png", "broken_example.png"):
        scale_image(static / name, tmp_path / name, 400, 280)
        pixels.append(Image.open(tmp_path / name).convert("RGB").tobytes())
    return pixels


def thumbnails(index):
    """The image files of the cards of the gallery page `index`."""
    text = index.read_text(encoding="utf-8")
    cards = re.findall(r'<div class="sphx-glr-thumbcontainer".*?<img[^>]*src="([^"]+)"', text, flags=re.S)
    return [(index.parent / unquote(src)).resolve() for src in cards]


def test_every_gallery_card_has_a_thumbnail_of_its_own(built_editions, tmp_path):
    """No card shows sphinx-gallery's placeholder (or its picture of a failed script)."""
    from PIL import Image

    html, _ = built_editions
    placeholders = placeholder_thumbnails(tmp_path)
    for edition in ("en", "ja"):
        cards = thumbnails(html / edition / "auto_examples" / "index.html")
        assert len(cards) >= 17
        generic = [str(card.relative_to(html)) for card in cards
                   if Image.open(card).convert("RGB").tobytes() in placeholders]
        assert generic == []


def test_the_thumbnail_check_can_fail(tmp_path):
    from PIL import Image

    placeholders = placeholder_thumbnails(tmp_path)
    assert Image.open(tmp_path / "no_image.png").convert("RGB").tobytes() in placeholders

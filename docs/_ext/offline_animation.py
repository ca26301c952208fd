"""Matplotlib animations in the gallery: players that work offline and build reproducibly.

With ``matplotlib_animations = (True, "jshtml")`` sphinx-gallery embeds each
animation that a gallery script leaves in a global variable with matplotlib's
``jshtml`` player (frames as PNG images, with play, pause, step and speed
buttons). :func:`scraper` takes over that part from sphinx-gallery's
matplotlib scraper and changes three things:

1. The player links the Font Awesome style sheet of its buttons from a CDN:
   offline the buttons are blank, and the page makes an external request.
   The link is removed; ``conf.py`` copies Font Awesome 4.7 from the pinned
   PyPI package ``XStatic-Font-Awesome`` into the site
   (:func:`copy_font_awesome`) and adds its style sheet to the pages that
   hold a player (:func:`add_font_awesome`).
2. The player's element ids are a random ``uuid4`` per build, so two builds
   of the same page would differ. Each id is replaced by a hash of the
   player's own HTML (its frames included): the same in every build, and
   different for two different animations.
3. The frames are drawn at :data:`FRAME_DPI`, and each frame's PNG is
   reduced to a palette of at most :data:`FRAME_COLORS` colours
   (:func:`smaller_frames`: about a third of the bytes, for figures of lines
   and flat areas); the thumbnail is the animation's last frame (a PNG),
   not the animated GIF that sphinx-gallery would render frame by frame a
   second time: all three keep the site small and the build quick.

Each figure also gets its Japanese twin (``docs/_ext/figure_ja.py``): a
still figure's ``…_ja.png``, and an animation's Japanese player, written to
``images/player_<id>_ja.html`` beside the figures, where ``<id>`` is the
English player's; the Japanese build puts it in place of the English one.

The build fails with a clear message if matplotlib ever writes its player
differently, instead of shipping a player that needs the network.
"""

import base64
import hashlib
import io
import logging
import re
import shutil
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from figure_alt import describe
from figure_alt import scraper as figure_scraper
from figure_ja import japanese_player, save_twin
from matplotlib.animation import Animation
from PIL import Image
from sphinx_gallery.scrapers import _ANIMATION_RST

FONT_AWESOME_CSS = "font-awesome/css/font-awesome.min.css"  # relative to _static
FRAME_DPI = 100  # with bpteach.plotting.ANIMATION_SIZE: frames 900 px wide, 10 pt text 14 px high
FRAME_COLORS = 128  # the palette of each frame (figures of lines and flat areas need few)
# A frame embedded in the player: its base64 PNG, in lines ended by a backslash.
FRAME = re.compile(r'(frames\[\d+\] = "data:image/png;base64,)([A-Za-z0-9+/=\\\n]+)(")')

# What matplotlib (3.9 to 3.11 at least) writes at the top of every player.
CDN_LINK = re.compile(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">\s*')
# The player's id: the 32 hex digits after its image's id prefix.
PLAYER_ID = re.compile(r'<img id="_anim_img([0-9a-f]{32})">')
PLAYER_MARKER = "_anim_img"  # in the HTML of every jshtml player


ANIMATION = {"en": "Animation. ", "ja": "アニメーション。 "}  # the start of the frames' alt text
SLIDER = {"en": "Frame of the animation", "ja": "アニメーションのフレーム"}  # the slider's accessible name

# The player's controls in Japanese: the buttons' tooltips and spoken names, the repetition modes.
CONTROLS_JA = {
    "Decrease speed": "遅くする", "First frame": "最初のフレーム", "Previous frame": "前のフレーム",
    "Play backwards": "逆再生", "Pause": "一時停止", "Play": "再生", "Next frame": "次のフレーム",
    "Last frame": "最後のフレーム", "Increase speed": "速くする", "Repetition mode": "繰り返し",
}
MODES_JA = {"Once": "1 回", "Loop": "ループ", "Reflect": "往復"}


def japanese_controls(html):
    """`html` (a player) with its controls' words in Japanese; an unknown control is an error."""
    for english, japanese in CONTROLS_JA.items():
        html = html.replace(f'title="{english}" aria-label="{english}"',
                            f'title="{japanese}" aria-label="{japanese}"')
    for english, japanese in MODES_JA.items():
        html = re.sub(rf'(<label for="_anim_radio\d_[0-9a-f]+">){english}(</label>)',
                      rf"\g<1>{japanese}\2", html)
    left = re.findall(r'aria-label="([A-Za-z ]+)"|<label for="_anim_radio\d_[0-9a-f]+">([A-Za-z ]+)<', html)
    if left:
        raise RuntimeError(f"player controls that docs/_ext/offline_animation.py does not translate: {left}")
    return html


def smaller_frames(html):
    """`html` (a player) with each frame's PNG reduced to a palette of :data:`FRAME_COLORS` colours.

    Median cut without dithering: the same bytes every time for the same frame.
    """

    def smaller(match):
        png = base64.b64decode(match[2].replace("\\\n", ""))
        image = Image.open(io.BytesIO(png)).convert("RGB")
        palette = image.quantize(colors=FRAME_COLORS, method=Image.Quantize.MEDIANCUT,
                                 dither=Image.Dither.NONE)
        out = io.BytesIO()
        palette.save(out, format="png", optimize=True)
        return match[1] + base64.b64encode(out.getvalue()).decode("ascii") + match[3]

    html, count = FRAME.subn(smaller, html)
    if count == 0:
        raise RuntimeError("matplotlib's jshtml player holds no PNG frames where "
                           "docs/_ext/offline_animation.py expects them: update that module")
    return html


def offline_player(animation, language="en"):
    """Return the HTML of `animation`'s jshtml player, without the CDN link and with a stable id.

    `language` is that of the alt text ("en" or "ja").
    """
    log = logging.getLogger("matplotlib.animation")  # its INFO lines would reach the page
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        with plt.rc_context({"savefig.dpi": FRAME_DPI}):
            html = animation.to_jshtml()
    finally:
        log.setLevel(level)
    html = smaller_frames(html)
    ids = PLAYER_ID.findall(html)
    if len(CDN_LINK.findall(html)) != 1 or len(ids) != 1:
        raise RuntimeError(
            "matplotlib's jshtml player no longer looks as docs/_ext/offline_animation.py "
            "expects (one Font Awesome link to a CDN, one player id): update that module"
        )
    html = CDN_LINK.sub("", html)
    stable_id = hashlib.sha256(html.replace(ids[0], "").encode()).hexdigest()[:32]
    html = html.replace(ids[0], stable_id)
    # The frames' alt text: what the figure shows (docs/_ext/figure_alt.py), as for still figures.
    alt = describe(animation._fig, language).replace('"', "'")
    image = f'<img id="_anim_img{stable_id}"'
    html = html.replace(image + ">", f'{image} alt="{ANIMATION[language]}{alt}">')
    # The frame slider has no label (WCAG 4.1.2, axe-core's rule "label"): name it.
    slider = f'<input id="_anim_slider{stable_id}"'
    if html.count(slider) != 1:
        raise RuntimeError("matplotlib's jshtml player has no frame slider where "
                           "docs/_ext/offline_animation.py expects it: update that module")
    html = html.replace(slider, f'{slider} aria-label="{SLIDER[language]}"')
    return japanese_controls(html) if language == "ja" else html


def japanese_player_path(images, player_id):
    """Where the Japanese player of the English player `player_id` is written, in `images`."""
    return Path(images) / f"player_{player_id}_ja.html"


def _savefig_kwargs(figure):
    """The colours that sphinx-gallery's scraper passes to ``savefig`` (those that differ from rc)."""
    to_rgba = matplotlib.colors.to_rgba
    return {attr: getattr(figure, "get_" + attr)() for attr in ("facecolor", "edgecolor")
            if to_rgba(getattr(figure, "get_" + attr)()) != to_rgba(matplotlib.rcParams["figure." + attr])}


def scraper(block, block_vars, gallery_conf, **kwargs):
    """The site's figure scraper, with animations embedded by :func:`offline_player`.

    A code block that leaves an animation must leave only animations (one
    figure each); other blocks go to ``figure_alt.scraper`` (sphinx-gallery's
    matplotlib scraper with alt text that describes each figure) unchanged.
    """
    animations = {value._fig: value for value in block_vars["example_globals"].values()
                  if isinstance(value, Animation)}
    figures = [plt.figure(number) for number in plt.get_fignums()]
    paths = block_vars["image_path_iterator"]
    where = Path(block_vars["src_file"]).relative_to(Path(gallery_conf["src_dir"]).parent).as_posix()
    if not any(figure in animations for figure in figures):
        before = len(paths)
        kwargs_of = [_savefig_kwargs(figure) for figure in figures]
        rst = figure_scraper(block, block_vars, gallery_conf, **kwargs)
        for figure, path, figure_kwargs in zip(figures, paths.paths[before:], kwargs_of):
            save_twin(figure, path, where, **figure_kwargs, **kwargs)
        return rst
    if not all(figure in animations for figure in figures):
        raise RuntimeError(f"{block_vars['src_file']}: a code block that makes an animation "
                           "must leave no other open figure (close it, or use its own block)")
    rst = ""
    for figure, image_path in zip(figures, block_vars["image_path_iterator"]):
        html = offline_player(animations[figure])
        figure.savefig(image_path)  # the last frame: the thumbnail
        japanese = japanese_player(animations[figure], where, offline_player)
        player_id = re.search(r'<img id="_anim_img([0-9a-f]{32})"', html)[1]
        japanese_player_path(Path(image_path).parent, player_id).write_text(japanese, encoding="utf-8")
        save_twin(figure, image_path, where)  # its last frame, for the Japanese gallery's card
        rst += _ANIMATION_RST.format("\n".join("     " + line for line in html.splitlines()))
    plt.close("all")
    return rst


def add_font_awesome(app, pagename, templatename, context, doctree):
    """Add Font Awesome's style sheet to the pages that show an animation player."""
    if PLAYER_MARKER in context.get("body", ""):
        app.add_css_file(FONT_AWESOME_CSS)


def copy_font_awesome(app, exception):
    """Copy Font Awesome's style sheet (its header names the licences) and web fonts into ``_static``.

    Only the two web-font formats that current browsers load are copied.
    """
    if exception is not None or app.builder.format != "html":
        return
    from xstatic.pkg import font_awesome

    source = Path(font_awesome.BASE_DIR)
    dest = Path(app.outdir) / "_static" / "font-awesome"
    for name in ["css/font-awesome.min.css", "fonts/fontawesome-webfont.woff2",
                 "fonts/fontawesome-webfont.woff"]:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, dest / name)

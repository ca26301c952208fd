"""The Japanese edition's figures: the same figures, their texts in Japanese, in a Japanese font.

The gallery runs once, in the English build (both editions share
``docs/auto_examples``). Each time the site's scraper saves a figure
``…_001.png``, :func:`save_twin` translates the figure's texts (titles,
axis labels, legend entries, colour-bar labels, annotations; not tick
numbers, not a bare formula) and saves its Japanese twin ``…_001_ja.png``
beside it, from the same figure: the same computed results, drawn twice.
An animation gets a Japanese player the same way (:func:`japanese_player`).
The figures that matplotlib's plot directive draws in the narrative pages
are drawn by each edition's build; the Japanese build translates them
before they are saved (:func:`setup`). The English figures are never
changed: a twin is saved after its English original.

The translations are one gettext catalog, ``docs/locale/ja/LC_MESSAGES/figures.po``
(:data:`CATALOG`). A message is a figure text, or a template of one where the
text holds numbers: ``msgid "seed {0}, final error {1}"`` translates
"seed 3, final error 0.0123" into ``msgstr "シード {0}、最終誤差 {1}"``.
The Japanese texts are drawn with IPAex Gothic, the font that the PyPI package
``matplotlib-fontja`` bundles, set on each translated text only.

A text that the catalog cannot translate stays English in the twin; every
such text is recorded with its figure in ``untranslated-figure-texts.json``
in the build's doctree folder, which ``tests/test_figures_ja.py`` reads, and
``python docs/_ext/figure_ja.py`` lists the texts of every built figure that
still lacks a translation, ready to paste into the catalog.
"""

import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from docutils import nodes
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from sphinx.transforms import SphinxTransform

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "ja" / "LC_MESSAGES" / "figures.po"
SUFFIX = "_ja"  # sphx_glr_plot_x_001.png -> sphx_glr_plot_x_001_ja.png
NUMBER = r"[-+−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"  # what a template's {n} matches
# A template's {0}, {1}, ...; not TeX's braces, as in $\log_{10}$ or $x^{2}$.
PLACEHOLDER = re.compile(r"(?<![_^\\\w])\{(\d+)\}")
REPORT = "untranslated-figure-texts.json"  # in the doctree folder of each build
HOW_TO_ADD = (f"add each text to {CATALOG.relative_to(CATALOG.parents[4])} as a msgid with its "
              "Japanese msgstr (numbers in a text become {0}, {1}, ... in both); "
              "`python docs/_ext/figure_ja.py` lists every untranslated text of the built figures")


def font_file():
    """The path of IPAex Gothic (``ipaexg.ttf``) inside the installed ``matplotlib_fontja``.

    The package is found, not imported: importing it makes IPAex Gothic the
    default font of every figure, the English ones included.
    """
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None:
        raise RuntimeError("the Japanese figures need matplotlib-fontja: pip install -e '.[docs]'")
    return Path(spec.submodule_search_locations[0]) / "fonts" / "ipaexg.ttf"


def needs_translation(text):
    r"""Whether `text` has words to translate: a word of two letters or more outside ``$…$``.

    "Epoch", "error (log scale)" and "$\eta = 0.1$, seed 3" do; "0.25", "$x$",
    "$y_1$" and "t" (a symbol) do not.
    """
    words = re.sub(r"(?<!\\)\$.*?(?<!\\)\$", " ", text)
    return re.search(r"[A-Za-z]{2,}", words) is not None


class Catalog:
    """The figure texts' translations, read from a gettext catalog (:data:`CATALOG`).

    Parameters
    ----------
    path : pathlib.Path
        A ``.po`` file. Fuzzy and empty translations are ignored, as Sphinx ignores them.
    """

    def __init__(self, path=CATALOG):
        from babel.messages.pofile import read_po

        with open(path, "rb") as file:
            catalog = read_po(file)
        self.exact, self.templates = {}, []
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            if PLACEHOLDER.search(message.id):
                # A template: each {n} matches a number, as a figure prints it (-0.128, 8.7e-05, 98.0).
                parts = PLACEHOLDER.split(message.id)  # text, number, text, number, ..., text
                pattern = "".join(f"(?P<g{part}>{NUMBER})" if i % 2 else re.escape(part)
                                  for i, part in enumerate(parts))
                self.templates.append((re.compile(pattern + r"\Z", re.S), message.string))
            else:
                self.exact[message.id] = message.string
        # The most specific template first: the one with the most literal text.
        self.templates.sort(key=lambda item: -len(item[0].pattern))

    def translate(self, text):
        """`text` in Japanese, or None if the catalog has no translation for it."""
        if text in self.exact:
            return self.exact[text]
        for pattern, translation in self.templates:
            match = pattern.match(text)
            if match:
                values = match.groupdict()
                return PLACEHOLDER.sub(lambda m, values=values: values[f"g{m[1]}"], translation)
        return None


def figure_texts(fig):
    """The text artists of `fig` that carry words: not tick labels, not empty, not bare maths.

    Tick labels are left out: a formatter writes them anew at each draw, and
    the site's figures have numbers there only.
    """
    ticks = set()
    for ax in fig.axes:
        for axis in (getattr(ax, name) for name in ("xaxis", "yaxis", "zaxis") if hasattr(ax, name)):
            ticks.update(map(id, axis.get_ticklabels(which="both")))
            ticks.add(id(axis.get_offset_text()))
    return [text for text in fig.findobj(Text, include_self=False)
            if id(text) not in ticks and needs_translation(text.get_text())]


def translate_figure(fig, catalog, font=None):
    """Translate the texts of `fig` in place, setting IPAex Gothic on each; return the untranslated.

    Returns
    -------
    list of str
        The texts with words that `catalog` could not translate, left as they were.
    """
    font = font or font_file()
    missing = []
    for text in figure_texts(fig):
        english = text.get_text()
        japanese = catalog.translate(english)
        if japanese is None:
            missing.append(english)
            continue
        text.set_text(japanese)
        text.set_fontproperties(FontProperties(fname=font, size=text.get_fontsize(),
                                               weight=text.get_fontweight(),
                                               style=text.get_fontstyle()))
        if "$" in japanese:
            # Japanese around a formula is drawn by mathtext: its roman font must be IPAex Gothic
            # (see japanese_mathtext); the formula keeps the usual look.
            text.set_math_fontfamily("custom")
    return missing


@contextmanager
def japanese_mathtext(font=None):
    """Draw the words around ``$…$`` in IPAex Gothic (the "custom" mathtext font set), for a twin."""
    font = font or font_file()
    manager = matplotlib.font_manager.fontManager
    if not any(entry.fname == str(font) for entry in manager.ttflist):
        manager.addfont(str(font))
    name = FontProperties(fname=font).get_name()
    with matplotlib.rc_context({"mathtext.rm": name, "mathtext.it": "DejaVu Sans:italic",
                                "mathtext.bf": "DejaVu Sans:bold", "mathtext.sf": "DejaVu Sans",
                                "mathtext.tt": "DejaVu Sans Mono", "mathtext.cal": "DejaVu Sans",
                                "mathtext.fallback": "stix"}):
        yield


def twin_path(path):
    """``…/sphx_glr_x_001.png`` -> ``…/sphx_glr_x_001_ja.png``."""
    path = Path(path)
    return path.with_name(path.stem + SUFFIX + path.suffix)


# Per build: the figure texts left untranslated, by example or page. The gallery may run
# its scripts in other processes (sphinx-gallery's ``parallel``), so each process appends
# what it finds to a file of its own in this folder (set by ``setup``, inherited by the
# workers through the environment) and ``write_report`` gathers them; a process that is not
# part of a build keeps them in ``UNTRANSLATED``.
RECORDS = "BPTEACH_FIGURE_JA_RECORDS"
UNTRANSLATED = {}


def _catalog():
    """The catalog, read once per build (or again when the file changed)."""
    stamp = CATALOG.stat().st_mtime_ns
    if getattr(_catalog, "stamp", None) != stamp:
        _catalog.value, _catalog.stamp = Catalog(CATALOG), stamp
    return _catalog.value


def record(where, missing):
    """Note the texts of a figure of `where` (an example or page) that were not translated."""
    if not missing:
        return
    folder = os.environ.get(RECORDS)
    if folder is None:
        known = UNTRANSLATED.setdefault(str(where), [])
        known += [text for text in missing if text not in known]
        return
    line = json.dumps({"where": str(where), "missing": list(missing)}, ensure_ascii=False)
    with open(Path(folder) / f"{os.getpid()}.jsonl", "a", encoding="utf-8") as records:
        records.write(line + "\n")


def _recorded(folder):
    """Everything :func:`record` wrote to `folder` in this build, by example or page."""
    found = {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            known = found.setdefault(entry["where"], [])
            known += [text for text in entry["missing"] if text not in known]
    return found


def save_twin(fig, path, where, **savefig_kwargs):
    """Translate `fig` and save it as the Japanese twin of `path`; its alt text goes in its metadata.

    Call it after the English figure is saved: `fig` is changed in place.
    The Japanese description of the figure (``figure_alt.describe``) is the
    PNG's "Description", which the Japanese build uses as the image's alt text.
    """
    from figure_alt import describe

    record(where, translate_figure(fig, _catalog()))
    metadata = {"Description": describe(fig, "ja")}
    with japanese_mathtext():
        fig.savefig(twin_path(path), metadata=metadata, **savefig_kwargs)


def japanese_player(animation, where, make_player):
    """The HTML of `animation`'s Japanese player: `make_player` after the texts of each frame are translated.

    The animation's frame function may set texts (the epoch in a title), so
    the texts are translated after each call of it, before the frame is drawn.
    """
    catalog = _catalog()
    function = animation._func

    def translated_frame(*args):
        artists = function(*args)
        record(where, translate_figure(animation._fig, catalog))
        return artists

    animation._func = translated_frame
    if hasattr(animation, "_html_representation"):  # to_jshtml's cache of the English player
        del animation._html_representation
    try:
        with japanese_mathtext():
            return make_player(animation, "ja")
    finally:
        animation._func = function


def description_of(path):
    """The Japanese alt text stored in a twin's metadata by :func:`save_twin` (or None)."""
    from PIL import Image

    with Image.open(path) as image:
        return image.text.get("Description")


def write_report(app, exception):
    """Write the texts that were left untranslated during this build to its doctree folder."""
    if exception is None:
        report = Path(app.doctreedir) / REPORT
        report.parent.mkdir(parents=True, exist_ok=True)
        found = _recorded(os.environ[RECORDS])
        report.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                          encoding="utf-8")


@contextmanager
def _plot_directive_savefig(translate, where):
    """Within a plot directive's run: translate (or only check) each figure before it is saved."""
    from matplotlib.figure import Figure

    savefig = Figure.savefig

    def translated_savefig(fig, *args, **kwargs):
        if translate:
            record(where, translate_figure(fig, _catalog()))
            with japanese_mathtext():
                return savefig(fig, *args, **kwargs)
        record(where, [text.get_text() for text in figure_texts(fig)
                       if _catalog().translate(text.get_text()) is None])
        return savefig(fig, *args, **kwargs)

    Figure.savefig = translated_savefig
    try:
        yield
    finally:
        Figure.savefig = savefig


def _wrap_plot_directive(app):
    """Have matplotlib's plot directive translate its figures in the Japanese build.

    In the English build it only checks that each text has a translation, so
    that one build reports every missing one.
    """
    from matplotlib.sphinxext import plot_directive

    render = getattr(plot_directive.render_figures, "__wrapped__", plot_directive.render_figures)
    translate = app.config.language == "ja"

    def render_figures(code, code_path, output_dir, output_base, *args, **kwargs):
        where = Path(code_path).relative_to(app.srcdir).as_posix() if code_path else "?"
        # The directive keeps its figures beside the doctree folder and reuses one that is
        # newer than its page; both editions' doctree folders have the same parent
        # (docs/build_site.py), so it would show one edition's figures in the other: draw anew.
        for old in Path(output_dir).glob(f"{output_base}*.png"):
            old.unlink()
        with _plot_directive_savefig(translate, where):
            return render(code, code_path, output_dir, output_base, *args, **kwargs)

    render_figures.__wrapped__ = render
    plot_directive.render_figures = render_figures


GALLERY_IMAGE = re.compile(r"(?:^|/)auto_\w+/(?:.*/)?images/(?:thumb/)?sphx_glr_[^/]*\.png$")
THUMB_NUMBER = re.compile(r"^# sphinx_gallery_thumbnail_number = (-?\d+)\s*$", re.M)


class UseJapaneseFigures(SphinxTransform):
    """In the Japanese build, show each gallery figure's Japanese twin, with its Japanese alt text.

    Gallery images (``image-sg``), Markdown or reST images of gallery figures
    (the landing page), gallery cards' thumbnails and animation players are
    pointed at their twins; an image without a twin stays as it is (and
    ``tests/test_figures_ja.py`` reports it). Runs after the ``Locale``
    transform (priority 20), which may have replaced an image with the one of
    a translated paragraph. The English build is not touched.
    """

    default_priority = 100  # after Locale (20), before doctree-read (880) registers the images

    def apply(self, **kwargs):
        if self.config.language != "ja":
            return
        from sphinx_gallery.directives import imgsgnode

        srcdir = Path(self.env.srcdir)
        docdir = (srcdir / self.env.docname).parent
        for node in self.document.findall(lambda n: isinstance(n, (imgsgnode, nodes.image))):
            uri = node["uri"]
            if not GALLERY_IMAGE.search(uri) or Path(uri).stem.endswith(SUFFIX):
                continue
            source = srcdir / uri.lstrip("/") if uri.startswith("/") else docdir / uri
            size = self.config.sphinx_gallery_conf.get("thumbnail_size", (400, 280))
            twin = _thumb_twin(source, size) if source.parent.name == "thumb" else twin_path(source)
            if twin is None or not twin.exists():
                continue
            node["uri"] = str(twin_path(uri))
            if isinstance(node, imgsgnode):
                if node["srcset"]:
                    node["srcset"] = ", ".join(
                        " ".join([str(twin_path(entry.split()[0]))] + entry.split()[1:])
                        for entry in node["srcset"].split(","))
                node["alt"] = description_of(twin) or node["alt"]
        for node in self.document.findall(nodes.raw):
            found = re.search(r'<img id="_anim_img([0-9a-f]{32})"', node.astext())
            player = found and docdir / "images" / f"player_{found[1]}_ja.html"
            if player and player.exists():
                html = player.read_text(encoding="utf-8")
                text = node.astext()
                start, end = text.index("<script"), text.rindex("</script>") + len("</script>")
                new = text[:start] + html.strip() + text[end:]
                node.children[:] = [nodes.Text(new)]
                node.rawsource = new


def _thumb_twin(thumb, size):
    """The Japanese gallery card thumbnail of `thumb` (``images/thumb/sphx_glr_<name>_thumb.png``).

    Scaled from the twin of the figure that the English thumbnail shows (the
    first, or the script's ``sphinx_gallery_thumbnail_number``), when missing
    or older than that twin. None if the example has no twin.
    """
    name = thumb.name.removeprefix("sphx_glr_").removesuffix("_thumb.png")
    script = thumb.parent.parent.parent / f"{name}.py"
    if not script.exists():
        return None
    number = THUMB_NUMBER.search(script.read_text(encoding="utf-8"))
    number = int(number[1]) if number else 1
    figures = sorted(thumb.parent.parent.glob(f"sphx_glr_{name}_[0-9][0-9][0-9]{SUFFIX}.png"))
    if not figures or not -len(figures) <= number - (number > 0) < len(figures):
        return None
    source, twin = figures[number - 1 if number > 0 else number], twin_path(thumb)
    if not twin.exists() or twin.stat().st_mtime_ns < source.stat().st_mtime_ns:
        from sphinx_gallery.gen_rst import scale_image

        scale_image(str(source), str(twin), *size)
    return twin


def rerun_gallery_after_a_new_translation(app):
    """Have sphinx-gallery run its examples again when ``figures.po`` changed since they last ran.

    sphinx-gallery runs an example again only when its script changed, so an
    edited translation would otherwise leave the old twins. The catalog's hash
    is kept in each gallery folder; when it differs, the folder's ``.md5``
    files (sphinx-gallery's record of what ran) are removed. A clean build
    (``make docs``) runs everything anyway.
    """
    for stamp, digest in _stamps(app):
        if stamp.parent.is_dir() and (not stamp.exists() or stamp.read_text().strip() != digest):
            for md5 in stamp.parent.rglob("*.md5"):
                md5.unlink()


def _stamps(app):
    """Each gallery folder's record of the catalog its twins were drawn with, and the catalog's hash now."""
    digest = hashlib.sha256(CATALOG.read_bytes()).hexdigest()
    return [(Path(app.srcdir) / folder / ".figures-ja.sha256", digest)
            for folder in app.config.sphinx_gallery_conf.get("gallery_dirs", [])]


def write_stamps(app, exception):
    """After a build, record the catalog that the gallery's twins are drawn with."""
    if exception is None:
        for stamp, digest in _stamps(app):
            if stamp.parent.is_dir():
                stamp.write_text(digest + "\n")


def setup(app):
    folder = Path(app.doctreedir) / "figure-ja-records"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[RECORDS] = str(folder)  # before the gallery's workers start: they inherit it
    # Before sphinx-gallery's own builder-inited handler (priority 500), which runs the examples.
    app.connect("builder-inited", rerun_gallery_after_a_new_translation, priority=400)
    app.add_transform(UseJapaneseFigures)
    app.connect("builder-inited", _wrap_plot_directive)
    app.connect("build-finished", write_report)
    app.connect("build-finished", write_stamps)
    return {"parallel_read_safe": False, "parallel_write_safe": True}


def main(argv):
    """List the untranslated texts recorded by the last builds, as catalog entries to fill in."""
    docs = Path(__file__).resolve().parent.parent
    reports = sorted((docs / "_build").rglob(REPORT))
    if not reports:
        print(f"no {REPORT} under {docs / '_build'}: build the site first (make docs)")
        return 1
    missing = {}
    for report in reports:
        for where, texts in json.loads(report.read_text(encoding="utf-8")).items():
            for text in texts:
                missing.setdefault(text, set()).add(where)
    for text, places in sorted(missing.items()):
        print(f"#: {' '.join(sorted(places))}\nmsgid {json.dumps(text, ensure_ascii=False)}\nmsgstr \"\"\n")
    print(f"# {len(missing)} untranslated figure text(s); {HOW_TO_ADD}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

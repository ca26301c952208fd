"""The two editions of the site: English (the source) and Japanese (gettext catalogs).

The Japanese edition is the same source with every message translated by the
catalogs in ``docs/locale/ja/LC_MESSAGES`` (the standard Sphinx gettext
workflow; ``make po`` brings them up to date after a source change, and
``tests/test_editions.py`` fails while a message is untranslated or fuzzy).
``docs/build_site.py`` builds both editions side by side, ``en/`` and ``ja/``,
with a root page that leads to both. This extension holds what the gettext
workflow does not do by itself:

* display formulas stay out of the catalogs (a formula is the same in both),
  except those with words in them;
* every page links to the same page in the other edition, with a relative
  link (the site works opened from disk) and an ``hreflang`` alternate;
* the gallery's cards, whose titles and tooltips sphinx-gallery writes as raw
  HTML, show the translated title and summary of their example;
* the switcher keeps the reader's place (the section's anchor and a search query);
* sphinx-copybutton's tooltips get Japanese messages, which it lacks;
* a table whose last column gives the Japanese term (the notation table)
  shows that column second, and the description before it third, in the
  Japanese edition: they are what the reader looks up (last, the Japanese
  term was squeezed to a few characters a line).
"""

import html
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import docname_to_domain

#: The editions, in the order the switcher lists them: language code and name.
EDITIONS = {"en": "English", "ja": "日本語"}


class KeepDisplayMathOutOfCatalogs(SphinxTransform):
    r"""Keep display formulas out of the catalogs, unless they hold words.

    A formula is the same in both editions; extracted, it would be a message
    for the translator to copy by hand, and a copy that drifts. A formula with
    words in it (``\text{that is}``, ``\text{add}``) is the exception: the
    Japanese edition needs those words in Japanese, so the gettext builder
    extracts it, and its translation is the same LaTeX with the words
    translated. This transform puts that translation in place itself:
    Sphinx's own ``Locale`` transform would parse it as a paragraph of the
    page (MyST has no ``::`` literal blocks) and show ``::`` instead. A
    one-word label that names a symbol (``n_\text{in}``, ``E_\text{textbook}``)
    is not a word to translate. Runs before ``Locale`` (priority 20);
    equation numbers and labels are untouched either way.
    """

    default_priority = 15

    def apply(self, **kwargs):
        translations = None
        for node in self.document.findall(nodes.math_block):
            if has_words(node.astext()) and self.app.builder.name == "gettext":
                continue  # extracted, with its words
            node["translatable"] = False
            if not has_words(node.astext()) or self.config.language in (None, "en"):
                continue
            if translations is None:
                textdomain = docname_to_domain(self.env.docname, self.config.gettext_compact)
                dirs = [self.env.srcdir / directory for directory in self.config.locale_dirs]
                translations, _ = init_locale(dirs, self.config.language, textdomain)
            source = node.rawsource or node.astext()
            translated = translations.gettext(source)
            if translated != source:  # (untranslated: tests/test_editions.py says so)
                node.children = [nodes.Text(translated)]


#: Labels inside ``\text{}`` that name a symbol, not words of a sentence.
SYMBOL_LABELS = {"in", "out", "data", "val", "max", "acc", "upper", "rows", "textbook", "op",
                 "value", "angle"}


def has_words(latex):
    r"""Whether a formula holds words to translate: ``\text{...}`` with a word that is not
    one of :data:`SYMBOL_LABELS`."""
    words = [word for content in re.findall(r"\\text\{([^{}]*)\}", latex)
             for word in re.findall(r"[A-Za-z]{2,}", content)]
    return any(word not in SYMBOL_LABELS for word in words)


class TranslateGalleryCards(SphinxPostTransform):
    """Give each gallery card the title and summary of its (translated) example.

    sphinx-gallery writes a card as raw HTML around a ``:doc:`` link: a
    ``thumbcontainer`` div whose ``tooltip`` is the example's first paragraph,
    and a ``thumbnail-title`` div. Raw HTML is not extracted for translation,
    so in the Japanese edition both are replaced with the title and the first
    paragraph of the linked page as that edition reads them. Runs before the
    references are resolved (priority 10), while the link still names its page.
    """

    default_priority = 5

    def run(self, **kwargs):
        if self.config.language in (None, "en"):
            return
        container = None
        target = None
        for node in list(self.document.findall()):
            if isinstance(node, nodes.raw) and "sphx-glr-thumbcontainer" in node.astext():
                container, target = node, None
            elif isinstance(node, addnodes.pending_xref) and container is not None \
                    and node.get("reftype") == "doc":
                target = self._docname(node)
            elif isinstance(node, nodes.raw) and "sphx-glr-thumbnail-title" in node.astext() \
                    and container is not None and target is not None:
                title, summary = self._title_and_summary(target)
                container.replace_self(_raw_html(_between(
                    container.astext(), 'tooltip="', '"', html.escape(summary))))
                node.replace_self(_raw_html(_between(
                    node.astext(), '<div class="sphx-glr-thumbnail-title">', "</div>",
                    html.escape(title))))
                container = target = None

    def _docname(self, xref):
        target = xref["reftarget"]
        if target.startswith("/"):
            return target[1:]
        base = self.env.docname.rpartition("/")[0]
        return f"{base}/{target}" if base else target

    def _title_and_summary(self, docname):
        title = self.env.titles[docname].astext()
        doctree = self.env.get_doctree(docname)
        section = next(doctree.findall(nodes.section))
        paragraph = next(p for p in section.findall(nodes.paragraph)
                         if not isinstance(p.parent, (nodes.note, nodes.admonition)))
        return title, " ".join(paragraph.astext().split())


def _between(text, start, end, new):
    """`text` with what lies between the first `start` and the next `end` replaced by `new`."""
    head, found, rest = text.partition(start)
    if not found:
        return text
    return head + start + new + end + rest.partition(end)[2]


def _raw_html(text):
    return nodes.raw("", text, format="html")


def _terms_first(columns):
    """symbol, code, shape, English, 日本語 -> symbol, 日本語, English, code, shape."""
    return columns[:1] + columns[-1:] + columns[-2:-1] + columns[1:-2]


def japanese_terms_second(app, doctree):
    """In the Japanese edition, move a table's last column, headed 日本語..., to second
    place, and the column before it (the English term and its description) to third."""
    if (app.config.language or "en") != "ja":
        return
    for table in doctree.findall(nodes.table):
        tgroup = next(iter(table.findall(nodes.tgroup)), None)
        head = next(iter(table.findall(nodes.thead)), None)
        if tgroup is None or head is None:
            continue
        header = [entry.astext() for entry in head.findall(nodes.entry)]
        if len(header) < 3 or not header[-1].startswith("日本語"):
            continue
        colspecs = [child for child in tgroup.children if isinstance(child, nodes.colspec)]
        colspecs = _terms_first(colspecs)
        others = [child for child in tgroup.children if not isinstance(child, nodes.colspec)]
        tgroup.children = []
        tgroup.extend(colspecs + others)
        for row in table.findall(nodes.row):
            entries = list(row.children)
            if len(entries) == len(colspecs):
                entries = _terms_first(entries)
                row.children = []
                row.extend(entries)
        table["classes"].append("japanese-terms")


def edition_links(app, pagename, templatename, context, doctree):
    """Links from this page to the same page in every edition, for the templates.

    ``context["editions"]`` lists ``(language, name, relative URL, is_current)``.
    The URL is relative (``../ja/sgd.html`` from ``en/sgd.html``), so the
    switcher works for a site opened from disk; both editions have the same pages.
    """
    language = app.config.language or "en"
    depth = pagename.count("/") + 1  # up from the page to the edition's folder, then one more
    context["editions"] = [
        (code, name, "../" * depth + f"{code}/{pagename}.html", code == language)
        for code, name in EDITIONS.items()
    ]


def keep_the_place(app):
    """The switcher opens the other edition at the same section (the same #anchor)."""
    app.add_js_file("edition-switcher.js")


def copybutton_messages(app):
    """Japanese tooltips for sphinx-copybutton (loaded after its script)."""
    if (app.config.language or "en") == "ja":
        app.add_js_file("copybutton-ja.js", priority=600)


class GlueNumbersToCounters(SphinxTransform):
    """In the Japanese edition, a number and its counter never part at a line's end.

    The house style (docs/locale/ja/README.md) puts a half-width space between
    a number and the Japanese that follows (「1 ステップ」「63 個」「第 5 章」「90 %」),
    and a space is where a line may break: a sidebar item or a heading read
    「1｜ステップ」. Here that space becomes a no-break space (U+00A0), which
    looks the same. Text only: code, maths and raw HTML are untouched. Runs
    after ``Locale`` (priority 20), so the page titles (and with them the
    sidebar) carry it too.
    """

    default_priority = 25
    GLUE = re.compile("(?<=[0-9]) (?=[\u3041-\u30ff\u4e00-\u9fff%])|(?<=第) (?=[0-9])")
    SKIP = (nodes.literal, nodes.literal_block, nodes.math, nodes.math_block, nodes.raw,
            nodes.FixedTextElement)

    def apply(self, **kwargs):
        if self.config.language != "ja":
            return
        for node in list(self.document.findall(nodes.Text)):
            parent = node.parent
            if parent is None or isinstance(parent, self.SKIP) or not self.GLUE.search(node):
                continue
            parent.replace(node, nodes.Text(self.GLUE.sub("\u00a0", str(node))))


def setup(app):
    app.add_transform(KeepDisplayMathOutOfCatalogs)
    app.add_transform(GlueNumbersToCounters)
    app.add_post_transform(TranslateGalleryCards)
    app.connect("html-page-context", edition_links)
    app.connect("doctree-read", japanese_terms_second)
    app.connect("builder-inited", copybutton_messages)
    app.connect("builder-inited", keep_the_place)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

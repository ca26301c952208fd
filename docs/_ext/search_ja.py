"""The Japanese edition's search: the index and the query split the same way.

Sphinx's own Japanese search splits the pages with TinySegmenter when it
builds the index (活性化関数 becomes 活性 / 化関数, 学習係数 becomes 学習 /
係数), but gives the browser no splitter of its own, so a query stays one
word, 活性化関数, that matches no word of the index: a compound term of the
textbook found only the headings that contain it literally (2 of the 29
pages that contain 活性化関数; 恒等関数 and 全結合層, nothing).

This search language splits both sides with one rule, written once in Python
(:func:`split`, for the index) and once in JavaScript (``JS_SPLITTER``, for
the query), and tested to agree (``tests/package/test_search_ja.py``):

* the text is NFKC-normalised (full-width ``ＳＧＤ`` is ``SGD``, half-width
  kana are full-width) and cut into words: runs of letters, digits and ``_``;
* a word is cut again into runs of Japanese characters (kana, kanji, ー, 々)
  and runs of anything else;
* a Japanese run of one character is kept as it is; a longer one becomes its
  overlapping pairs of characters (bigrams): 活性化関数 is 活性 性化 化関 関数;
* any other run (``one``, ``hot``, ``sgd``) is one word, lower-cased (not
  stemmed: Sphinx's Python and JavaScript English stemmers disagree on some
  words, e.g. ``interval``; a query word of three letters or more also finds
  the longer words that contain it).

Sphinx's search then requires every word of the query: a page contains
活性化関数 only if it holds all four of its bigrams, and every page that
contains the term does, wherever TinySegmenter would have cut it. (A page
may hold the bigrams in different places and match without the term; for
terms of the textbook that is rare and harmless.)

Ranking, in both editions: Sphinx scores a page by its best-scoring word, so
every page with 関数 in a heading ties with the page that defines 活性化関数.
``_static/search-scorer.js`` (``html_search_scorer``) adds what the page says
of the whole query: whether it defines it (the first page, in reading order,
that writes it in bold: :func:`write_definitions`), whether its title or a
heading contains it, and whether it is a chapter.

The results page's summary line ("Search finished, found N pages…") is
empty in Sphinx's Japanese catalog; ``search-ja.js`` supplies it.
"""

import json
import re
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.search import SearchLanguage

#: Japanese characters: hiragana, katakana (with ー and the iteration marks), kanji, 々〆.
JAPANESE = ("\u3005\u3006\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe"
            "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff")
_WORD = re.compile(r"\w+")
_RUN = re.compile(f"[{JAPANESE}]+|[^{JAPANESE}]+")
_IS_JAPANESE = re.compile(f"[{JAPANESE}]")


def split(text):
    """The words of `text` for the Japanese search index (see the module's docstring).

    >>> split("活性化関数は one-hot 表現の第1層")
    ['活性', '性化', '化関', '関数', '数は', 'one', 'hot', '表現', '現の', 'の第', '1', '層']
    """
    words = []
    for word in _WORD.findall(unicodedata.normalize("NFKC", text)):
        for run in _RUN.findall(word):
            if _IS_JAPANESE.match(run) and len(run) > 1:
                words.extend(run[i:i + 2] for i in range(len(run) - 1))
            else:
                words.append(run.lower())
    return words


# The same rule in JavaScript, for the query (``\w`` is Python's: letters, digits, "_").
JS_SPLITTER = r"""
const JAPANESE_RUN = /[%(japanese)s]+|[^%(japanese)s]+/gu;
const IS_JAPANESE = /^[%(japanese)s]/u;
var splitQuery = (query) => {
  const words = [];
  for (const word of query.normalize("NFKC").match(/[\p{L}\p{N}\p{Mn}\p{Mc}_]+/gu) || []) {
    for (const run of word.match(JAPANESE_RUN)) {
      if (IS_JAPANESE.test(run) && run.length > 1) {
        for (let i = 0; i < run.length - 1; i++) words.push(run.slice(i, i + 2));
      } else {
        words.push(run.toLowerCase());
      }
    }
  }
  return words;
};
""".replace("%(japanese)s", JAPANESE)

class SearchJapaneseBigrams(SearchLanguage):
    """Japanese search with the same splitting for the index and the query."""

    lang = "ja"
    language_name = "Japanese"
    js_splitter_code = JS_SPLITTER

    def split(self, input):
        return split(input)

    def word_filter(self, word):
        # Every word the query can hold: only numbers are dropped, on both sides
        # (searchtools.js drops a query word of digits only).
        return not word.isdigit()

    def stem(self, word):
        return word


def collect_definitions(app, doctree):
    """Record the bold phrases of a page (read, so translated): the terms it defines.

    Kept in the environment, so that a rebuild that reads only the changed pages
    still knows every page's."""
    if not hasattr(app.env, "bpteach_definitions"):
        app.env.bpteach_definitions = {}
    bold = {" ".join(node.astext().split()) for node in doctree.findall(nodes.strong)
            if len(node.astext()) <= 60}
    app.env.bpteach_definitions[app.env.docname] = (sorted(bold), glossary_terms(doctree))


def glossary_terms(doctree):
    """The terms of the glossary (the notation page's "Glossary" section): its table's
    first two columns, the English and the Japanese term, split at commas."""
    terms = set()
    for section in doctree.findall(nodes.section):
        if not any(name.startswith("glossary") for name in section["ids"]):
            continue
        for row in section.findall(nodes.row):
            for entry in list(row.children)[:2]:
                text = re.sub(r"[(（][^)）]*[)）]", "", entry.astext())
                terms.update(" ".join(term.split()) for term in re.split(r"[,、]", text) if term.strip())
    return sorted(terms)


def purge_definitions(app, env, docname):
    getattr(env, "bpteach_definitions", {}).pop(docname, None)


def merge_definitions(app, env, docnames, other):
    if not hasattr(env, "bpteach_definitions"):
        env.bpteach_definitions = {}
    env.bpteach_definitions.update(getattr(other, "bpteach_definitions", {}))


def reading_order(env):
    """Every page in the order of the site's table of contents (the "next" links)."""
    relations = env.collect_relations()
    order, docname = [], env.config.root_doc
    while docname and docname not in order:
        order.append(docname)
        docname = relations.get(docname, [None, None, None])[2]
    return order + sorted(set(relations) - set(order))


def write_definitions(app, exception):
    """Write ``_static/search-definitions.js``: for each bold phrase, the first page (in
    reading order) that writes it in bold, which is the page that defines it; for a
    term of the glossary that no page writes in bold, the glossary's page."""
    if exception is not None or app.builder.format != "html":
        return
    found = getattr(app.env, "bpteach_definitions", {})
    defined_on = {}
    order = reading_order(app.env)
    for docname in order:
        for term in found.get(docname, ((), ()))[0]:
            defined_on.setdefault(term, docname)
    # A term of the glossary that no page writes in bold is defined by the glossary.
    for docname in order:
        for term in found.get(docname, ((), ()))[1]:
            defined_on.setdefault(term, docname)
    path = Path(app.outdir) / "_static" / "search-definitions.js"
    path.write_text("window.BPTEACH_DEFINED_ON = "
                    + json.dumps(defined_on, ensure_ascii=False, sort_keys=True, indent=0) + ";\n",
                    encoding="utf-8")


def use_scorer(app, config):
    """Both editions rank their results with ``_static/search-scorer.js``."""
    config.html_search_scorer = str(Path(app.confdir) / "_static" / "search-scorer.js")


def add_files(app):
    if (app.config.language or "en") == "ja":
        app.add_js_file("search-ja.js", priority=600)  # after Sphinx's translations.js


def add_definitions_to_search_page(app, pagename, templatename, context, doctree):
    if pagename == "search":
        app.add_js_file("search-definitions.js", priority=600)


def setup(app):
    app.add_search_language(SearchJapaneseBigrams)
    app.connect("config-inited", use_scorer)
    app.connect("builder-inited", add_files)
    app.connect("html-page-context", add_definitions_to_search_page)
    app.connect("doctree-read", collect_definitions)
    app.connect("env-purge-doc", purge_definitions)
    app.connect("env-merge-info", merge_definitions)
    app.connect("build-finished", write_definitions)
    # env_version: the environment holds what collect_definitions found.
    return {"env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}

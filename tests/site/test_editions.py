"""The two editions of the site: English (the source) and Japanese (docs/locale/ja).

The Japanese edition is the English source read through gettext catalogs, so
what can go wrong is what a translation can lose: a message left untranslated
or "fuzzy" (the build silently shows the English), a page missing from one
edition, an equation number or a cross-reference that differs, program output
that is not the same run's, a term that is not the textbook's, and a language
switcher that leads nowhere. These tests read the site built once by the
``built_editions`` fixture (``docs/build_site.py``); the browser checks of both
editions are in ``tests/site/test_browser.py``.
"""

import html
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from helpers import ROOT

LOCALE = ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES"
# Catalogs that no page generates: the interface strings of Sphinx and furo.
NOT_FROM_PAGES = {"sphinx.po", "figures.po"}


def _visible_text(path):
    """The text a reader sees in the article of an HTML page (no code, no scripts)."""
    page = path.read_text(encoding="utf-8")
    article = re.search(r'<article role="main".*?</article>', page, flags=re.S)
    text = article.group(0) if article else page
    text = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _pages(edition_dir):
    return {p.relative_to(edition_dir) for p in edition_dir.rglob("*.html")}


def _source_of(catalog):
    """The source file that a catalog translates, for the failure message."""
    stem = catalog.with_suffix("").as_posix()
    for base, pattern in [("docs", "{}.md"), ("docs", "{}.rst")]:
        candidate = ROOT / base / pattern.format(stem)
        if candidate.exists():
            return candidate.relative_to(ROOT).as_posix()
    for gallery, folder in [("auto_examples/", "gallery/"), ("auto_exercises/", "exercises/")]:
        if stem.startswith(gallery):
            name = stem[len(gallery):]
            name = name.replace("index", "GALLERY_HEADER.rst") if name.endswith("index") else name + ".py"
            return folder + name
    return stem


@pytest.fixture(scope="module")
def regenerated_catalogs(built_editions, tmp_path_factory):
    """The catalogs as ``make po`` would leave them for the current sources.

    Sphinx extracts the messages of every page (from a copy of the built tree, whose
    gallery has already run, so nothing is executed again) and sphinx-intl merges them
    into a copy of the committed catalogs: new messages come out untranslated, changed
    ones fuzzy.
    """
    html_dir, _ = built_editions
    work = tmp_path_factory.mktemp("catalogs")
    built = html_dir.parent.parent.parent  # the folder that holds docs/, gallery/, bpteach/
    for folder in ("docs", "gallery", "exercises", "bpteach"):
        shutil.copytree(built / folder, work / folder,
                        ignore=shutil.ignore_patterns("_build", "__pycache__", "*.mo"))
    # The site carries the package's wheel, built from these (docs/_ext/site_wheel.py).
    for name in ("README.md", "pyproject.toml", "LICENSE"):
        shutil.copy(built / name, work / name)
    subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "gettext",
                    str(work / "docs"), str(work / "gettext")], check=True, cwd=work,
                   capture_output=True, text=True)
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(work / "gettext"),
                    "-l", "ja", "-d", str(work / "docs" / "locale"), "-w", "0", "--no-obsolete",
                    "-j", "1"], check=True, cwd=work, capture_output=True, text=True)
    return work / "docs" / "locale" / "ja" / "LC_MESSAGES", work / "gettext"


def test_every_message_of_every_page_is_translated(regenerated_catalogs):
    """Regenerating the catalogs from the current sources leaves nothing to translate.

    Sphinx shows the English for an untranslated or fuzzy message without a word
    of warning, so this is where a source change without its translation fails.
    """
    catalogs, templates = regenerated_catalogs
    pages = sorted(p.relative_to(templates).with_suffix(".po") for p in templates.rglob("*.pot"))
    assert len(pages) >= 40
    problems = []
    translated = 0
    for relative in pages:
        with open(catalogs / relative, "rb") as file:
            messages = [m for m in read_po(file) if m.id]
        untranslated = [m.id for m in messages if not m.string]
        fuzzy = [m.id for m in messages if m.string and m.fuzzy]
        translated += len(messages) - len(untranslated) - len(fuzzy)
        if untranslated or fuzzy:
            first = (untranslated + fuzzy)[0]
            problems.append(
                f"{_source_of(relative)}: {len(untranslated)} untranslated and {len(fuzzy)} fuzzy "
                f"message(s) in docs/locale/ja/LC_MESSAGES/{relative.as_posix()}, e.g. {first[:100]!r}")
    assert not problems, (
        "The Japanese edition lacks translations. Run `make po`, then in each catalog named "
        "below translate every message with an empty msgstr, and check and correct each one "
        "marked '#, fuzzy' (its English changed) and delete that flag:\n  " + "\n  ".join(problems))
    assert translated >= 1500


def test_no_catalog_is_left_without_its_page(regenerated_catalogs):
    """A catalog whose page was deleted or renamed would be silently ignored."""
    _, templates = regenerated_catalogs
    expected = {p.relative_to(templates).with_suffix(".po") for p in templates.rglob("*.pot")}
    committed = {p.relative_to(LOCALE) for p in LOCALE.rglob("*.po")} - {Path(n) for n in NOT_FROM_PAGES}
    assert committed - expected == set(), "catalogs of pages that no longer exist: delete them"


def test_both_editions_have_the_same_pages(built_editions):
    html_dir, _ = built_editions
    english, japanese = _pages(html_dir / "en"), _pages(html_dir / "ja")
    assert len(english) >= 40
    assert english == japanese
    assert (html_dir / "index.html").is_file()  # the root page


def test_every_page_declares_its_language(built_editions):
    html_dir, _ = built_editions
    for edition in ("en", "ja"):
        for page in (html_dir / edition).rglob("*.html"):
            assert re.search(f'<html [^>]*lang="{edition}"', page.read_text(encoding="utf-8")[:500]), page


def test_switcher_and_hreflang_lead_to_the_same_page_in_the_other_edition(built_editions):
    """Every page links to itself in both editions with a relative URL (works from disk)."""
    html_dir, _ = built_editions
    checked = 0
    for edition in ("en", "ja"):
        for relative in sorted(_pages(html_dir / edition)):
            if relative.parts[0] == "_modules":  # viewcode's pages use their own template
                continue
            page = html_dir / edition / relative
            text = page.read_text(encoding="utf-8")
            alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', text))
            switcher = re.search(r'<nav class="edition-switcher".*?</nav>', text, flags=re.S)
            assert switcher, page
            links = dict(re.findall(r'<a class="edition-link" href="([^"]+)" hreflang="(\w+)"',
                                    switcher.group(0)))
            assert set(alternates) == {"en", "ja"}, page
            other = "ja" if edition == "en" else "en"
            assert list(links.values()) == [other], page
            for code, href in [*alternates.items(), *((c, h) for h, c in links.items())]:
                assert not re.match(r"\w+:|/", href), (page, href)  # relative
                target = (page.parent / href).resolve()
                assert target == (html_dir / code / relative).resolve(), (page, href)
                assert target.is_file(), (page, href)
            checked += 1
    assert checked >= 80
    root = (html_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in root and 'href="ja/index.html"' in root


def _equations(page):
    text = page.read_text(encoding="utf-8")
    numbers = re.findall(r'<span class="eqno">\(([\d.]+)\)', text)
    links = [(href, re.search(r"\(([\d.]+)\)", label).group(1)) for href, label in
             re.findall(r'href="([^"]*#equation-[^"]+)"[^>]*>(.*?)</a>', text)
             if "headerlink" not in label and re.search(r"\(([\d.]+)\)", label)]
    return numbers, Counter(links)


def test_equation_numbers_and_equation_links_agree_between_editions(built_editions):
    """Every numbered equation has the same number in both editions, and every link to
    an equation points to the same place and shows the same number."""
    html_dir, _ = built_editions
    numbered = linked = 0
    for relative in sorted(_pages(html_dir / "en")):
        if relative.parts[0] in ("_modules", "_sources"):
            continue
        english = _equations(html_dir / "en" / relative)
        japanese = _equations(html_dir / "ja" / relative)
        assert english == japanese, relative
        numbered += len(english[0])
        linked += sum(english[1].values())
    assert numbered >= 30 and linked >= 100


def test_program_output_and_code_are_the_same_in_both_editions(built_editions):
    """The Japanese pages show the very output of the English build's runs, and the same code."""
    html_dir, _ = built_editions
    blocks = 0
    for relative in sorted(_pages(html_dir / "en")):
        if relative.parts[0] not in ("auto_examples", "auto_exercises"):
            continue
        pattern = r'<div class="(?:sphx-glr-script-out|highlight-[\w-]+ notranslate)".*?</pre>'
        english = re.findall(pattern, (html_dir / "en" / relative).read_text(encoding="utf-8"), re.S)
        japanese = re.findall(pattern, (html_dir / "ja" / relative).read_text(encoding="utf-8"), re.S)
        assert english == japanese, relative
        blocks += len(english)
    assert blocks >= 100


def test_gallery_cards_show_the_translated_title_and_summary(built_editions):
    """sphinx-gallery writes its cards as raw HTML, which gettext never sees; the Japanese
    edition's cards must still show each example's Japanese title and first paragraph."""
    html_dir, _ = built_editions
    cards = 0
    for index in ["auto_examples/index.html", "auto_exercises/index.html"]:
        for edition in ["ja"]:  # (the English cards are sphinx-gallery's own)
            page = (html_dir / edition / index).read_text(encoding="utf-8")
            for tooltip, href, title in re.findall(
                    r'<div class="sphx-glr-thumbcontainer" tooltip="([^"]*)".*?'
                    r'<a class="reference internal" href="([^"#]+)".*?'
                    r'<div class="sphx-glr-thumbnail-title">([^<]*)</div>', page, flags=re.S):
                target = (html_dir / edition / index).parent / href
                heading = re.search(r"<h1>(.*?)<a class=\"headerlink\"",
                                    target.read_text(encoding="utf-8"), flags=re.S).group(1)
                heading = re.sub(r'<span class="section-number">[^<]*</span>', "", heading)  # "9. "
                assert html.unescape(title) == html.unescape(re.sub(r"<[^>]+>", "", heading)), href
                assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", html.unescape(tooltip)), (href, tooltip)
                assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", title), (href, title)
                cards += 1
    assert cards >= 15


def _glossary():
    """The glossary table of docs/notation.md: [(English, [Japanese terms], [variants not used])]."""
    text = (ROOT / "docs" / "notation.md").read_text(encoding="utf-8")
    section = text.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("English", "---"):
            english, terms, variants = cells
            rows.append((english, terms.split(", "),
                         [] if variants == "—" else variants.split(", ")))
    return rows


# The terms that issue 15 asks for: the glossary must hold at least these.
TEXTBOOK_TERMS = ["入力層", "中間層", "出力層", "重み", "バイアス", "活性化関数", "シグモイド関数",
                  "恒等関数", "ソフトマックス関数", "損失関数", "誤差関数", "二乗和誤差",
                  "交差エントロピー誤差", "学習係数", "確率的勾配降下法", "バッチサイズ", "オンライン学習",
                  "逐次学習", "エポック", "順伝播", "逆伝播", "バックプロパゲーション", "勾配", "回帰",
                  "分類", "one-hot 表現"]
# The first definition of the learning rate (SGD chapter) may name the other word once.
OTHER_NAME = re.compile(r"学習率とも")


def test_japanese_edition_uses_the_glossarys_terms(built_editions):
    """One glossary (the notation page) and the whole Japanese edition agree: each term of
    the glossary is used on some page besides the glossary, and no page but the glossary
    writes a variant that the glossary rules out."""
    html_dir, _ = built_editions
    glossary = _glossary()
    terms = [term for _, japanese, _ in glossary for term in japanese]
    assert set(TEXTBOOK_TERMS) <= set(terms), "the glossary lacks terms of the textbook"
    japanese = html_dir / "ja"
    texts = {relative: _visible_text(japanese / relative) for relative in _pages(japanese)
             if relative.parts[0] not in ("_modules", "_sources") and relative.name != "genindex.html"
             and relative != Path("notation.html")}
    unused = [term for term in terms if not any(term in text for text in texts.values())]
    assert unused == [], "glossary terms that no page of the Japanese edition uses"
    found = {}
    for page, text in texts.items():
        if page == Path("sgd.html"):
            text = OTHER_NAME.sub("", text)
        for english, preferred, variants in glossary:
            for variant in variants:
                if variant in text:
                    found.setdefault(str(page), []).append(f"{variant} → {preferred[0]} ({english})")
    assert found == {}, "write the glossary's term instead"
    glossary_page = _visible_text(japanese / "notation.html")
    assert [term for term in terms if term not in glossary_page] == []  # the glossary is translated too


def test_japanese_pages_are_in_japanese(built_editions):
    """Each Japanese page's title and body are Japanese: a page left in English shows here
    even if its catalog was never generated."""
    html_dir, _ = built_editions
    english_pages = []
    for relative in sorted(_pages(html_dir / "ja")):
        if relative.parts[0] in ("_modules", "_sources") or relative.name in ("genindex.html",
                                                                                "search.html",
                                                                                "py-modindex.html"):
            continue
        text = _visible_text(html_dir / "ja" / relative)
        kana = len(re.findall(r"[\u3040-\u30ff]", text))
        if kana < 20:
            english_pages.append(f"{relative} ({kana} kana)")
    assert english_pages == []


def test_every_translated_heading_shows_its_translation(built_editions):
    """A heading whose catalog has a Japanese translation shows it on the Japanese page.

    The catalog check above cannot see a translation that Sphinx reads and then drops:
    a MyST heading translated 「1. パッケージを…」 parses as a list, and the page (and the
    landing page's table of contents) silently kept 「1. Download the package」 (issue 23)."""
    html_dir, _ = built_editions
    translated = {}
    for catalog in LOCALE.rglob("*.po"):
        with open(catalog, "rb") as file:
            for message in read_po(file):
                if message.id and isinstance(message.id, str) and message.string \
                        and not message.fuzzy and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message.string) \
                        and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message.id):
                    translated[message.id] = catalog.relative_to(LOCALE).as_posix()
    english = []
    for relative in sorted(_pages(html_dir / "ja")):
        page = (html_dir / "ja" / relative).read_text(encoding="utf-8")
        for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, flags=re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", heading)))
            text = " ".join(text.split())
            if text in translated:
                english.append(f"{relative}: {text!r} (translated in {translated[text]})")
    assert english == [], "\n".join(english)


def test_japanese_formulas_hold_no_english_words(built_editions):
    r"""A display formula with words in it (``\text{that is}``) is translated, words and
    all, and every formula of the Japanese edition still holds its LaTeX (not ``::``,
    which is what Sphinx makes of a translated formula in a MyST page)."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from editions import has_words

    html_dir, _ = built_editions
    formulas = {"en": 0, "ja": 0}
    with_words = {"en": 0, "ja": []}
    for edition in ("en", "ja"):
        for page in sorted((html_dir / edition).rglob("*.html")):
            text = page.read_text(encoding="utf-8")
            display = r'<div class="math[^"]*"[^>]*>.*?\\\[(.*?)\\\]</div>'
            for formula in re.findall(display, text, flags=re.S):
                formulas[edition] += 1
                assert formula.strip() not in ("", "::"), page
                if has_words(html.unescape(formula)):
                    if edition == "en":
                        with_words["en"] += 1
                    else:
                        with_words["ja"].append(f"{page.relative_to(html_dir)}: {formula[:80]}")
    assert formulas["en"] == formulas["ja"] >= 50
    assert with_words["en"] >= 4  # the English formulas with words that the Japanese translates
    assert with_words["ja"] == []

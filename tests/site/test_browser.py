"""The built site in a real browser, offline: every page, formula, figure and link.

Headless Chromium (Debian's ``chromium`` package, driven by Playwright) opens
every HTML page of both editions of the site (``built_editions``) from
``file://`` URLs, with every request that is not a ``file:`` (or ``data:``)
URL blocked. The tests fail on a blocked request (a page tried to reach the
network), a formula that MathJax did not render, TeX left in the text, an
image that did not load, a console error or page error, and a link to a
missing page or anchor. Full-page screenshots of the landing page and of every
gallery page of both editions, and of the Japanese derivation page, are saved
in ``docs/_build/screenshots/``. The Japanese edition must show Japanese text
in a Japanese font (Debian's ``fonts-noto-cjk``), not empty boxes, and its
language switcher must lead to the same page in English and back.

Without Chromium these tests are skipped, unless the environment variable
``CI`` is set: then they fail.
"""

import ast
import functools
import html
import io
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import ROOT

SCREENSHOTS = ROOT / "docs" / "_build" / "screenshots"
ALLOWED_SCHEMES = ("file:", "data:", "blob:", "about:")

# Evaluated in each page once it has loaded: make lazy images load, wait for
# them and for MathJax, and report what the page shows.
INSPECT_PAGE = r"""async () => {
  const images = [...document.images];
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  const report = {brokenImages: [], mathjax: null, unrendered: [], texErrors: [], rawTex: [],
                  formulas: 0, links: []};
  report.brokenImages = images.filter((img) => img.naturalWidth === 0)
                              .map((img) => img.getAttribute("src"));
  const maths = [...document.querySelectorAll(".math")];
  report.formulas = maths.length;
  if (maths.length) {
    if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
      report.mathjax = "MathJax did not load";
    } else {
      await MathJax.startup.promise;
      report.mathjax = MathJax.version;
      report.unrendered = maths.filter((m) => !m.querySelector("mjx-container"))
                               .map((m) => m.textContent.trim().slice(0, 100));
      for (const item of MathJax.startup.document.math) {
        const mml = MathJax.startup.toMML(item.root);
        if (/<merror|mathcolor="red"/.test(mml)) report.texErrors.push(item.math.slice(0, 100));
      }
    }
  }
  // TeX that reached the reader as text: outside formulas, code and scripts.
  const skip = "pre, code, script, style, kbd, samp, .math, mjx-container, .highlight";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const tex = /\\[A-Za-z]+|\\[()[\]]|\$\$|\$[^$\s][^$]*\$/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    const found = node.textContent.match(tex);
    if (found) report.rawTex.push(found[0]);
  }
  for (const element of document.querySelectorAll("[tooltip]")) {  // shown on hover
    const found = element.getAttribute("tooltip").match(tex);
    if (found) report.rawTex.push(found[0]);
  }
  report.links = [...document.querySelectorAll("a[href]")].map((a) => a.href);
  // Every content image needs alt text that describes it: not empty, not its file
  // name, at least three words. A gallery card's thumbnail is decorative (alt="",
  // as sphinx-gallery writes it) only if the card's title is right beside it.
  const contentImages = [...document.querySelectorAll("article img:not(.toggler)")];  // not index togglers
  report.badAlt = contentImages.filter((img) => {
    const alt = (img.getAttribute("alt") || "").trim();
    const card = img.closest(".sphx-glr-thumbcontainer");
    if (card && alt === "") return !card.querySelector(".sphx-glr-thumbnail-title")?.textContent.trim();
    const squash = (text) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
    const stem = decodeURIComponent(img.getAttribute("src").split("/").pop()).replace(/\.[^.]+$/, "");
    const fileName = [stem, stem.replace(/^sphx_glr_/, "").replace(/_\d+$/, "")].map(squash);
    // Words are counted by spaces; Japanese has none, so there count its characters.
    const tooShort = alt.split(/\s+/).length < 3
                     && (alt.match(/[\u3040-\u30ff\u4e00-\u9fff]/g) || []).length < 8;
    return tooShort || /\.(png|jpe?g|gif|svg|webp)\b|_images\//i.test(alt)
           || fileName.includes(squash(alt));
  }).map((img) => `${img.getAttribute("src")}: "${img.getAttribute("alt")}"`);
  report.images = contentImages.length;
  return report;
}"""


# Evaluated in a page: wait until bpteach-math.js has fitted the display formulas,
# then report each one whose content is wider than the box in which it is visible
# (its own box, cut by every ancestor that clips, and by the window). Such a formula
# must scroll, to its end, inside a box that shows it can: a scrollbar takes room,
# or the box draws the scroll shadows of bpteach.css. A formula shrunk below 80 %
# of its size to fit is reported too (too small to read).
FORMULA_BOXES = r"""async () => {
  for (let i = 0; i < 400 && document.documentElement.dataset.bpteachMath !== "fitted"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (document.documentElement.dataset.bpteachMath !== "fitted") return ["bpteach-math.js did not run"];
  const problems = [];
  const formulas = [...document.querySelectorAll('mjx-container[display="true"]')];
  for (const formula of formulas) {
    const name = (formula.closest("[id]") || {}).id || formula.textContent.slice(0, 30);
    const scale = parseFloat(formula.style.fontSize || "100") / 100;
    if (scale < 0.8) problems.push(`${name}: shrunk to ${scale}`);
    const content = formula.querySelector("mjx-math");
    let left = 0, right = window.innerWidth, scroller = null;
    for (let box = content.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === "visible") continue;
      const rect = box.getBoundingClientRect();
      left = Math.max(left, rect.left + box.clientLeft);
      right = Math.min(right, rect.left + box.clientLeft + box.clientWidth);
      if (!scroller && ["auto", "scroll"].includes(style.overflowX)) scroller = box;
    }
    const width = content.getBoundingClientRect().width;
    if (width <= right - left + 1) continue;  // it fits
    if (!scroller || scroller.scrollWidth <= scroller.clientWidth + 1) {
      problems.push(`${name}: ${width.toFixed(0)} px wide, cut to ${(right - left).toFixed(0)} px`);
      continue;
    }
    const style = getComputedStyle(scroller);
    const scrollbar = scroller.offsetHeight - scroller.clientHeight
                      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth) > 0;
    const shadows = (style.backgroundImage.match(/gradient/g) || []).length >= 4
                    && style.backgroundAttachment.includes("local");
    if (!scrollbar && !shadows) {
      problems.push(`${name}: scrolls without a sign that it does (no scrollbar, no shadow)`);
    }
    scroller.scrollLeft = scroller.scrollWidth;  // the end of the formula can be scrolled into view
    const end = content.getBoundingClientRect().right;
    const boxRight = scroller.getBoundingClientRect().left + scroller.clientLeft + scroller.clientWidth;
    if (end > Math.min(right, boxRight) + 1) problems.push(`${name}: its end cannot be scrolled into view`);
    scroller.scrollLeft = 0;
  }
  return problems;
}"""


@dataclass
class PageReport:
    """What one page did and showed in the browser."""

    blocked: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    shown: dict = field(default_factory=dict)


def open_page(context, url, report):
    """Open `url` in a new tab that blocks the network and records into `report`."""
    page = context.new_page()

    def route(route):
        if route.request.url.startswith(ALLOWED_SCHEMES):
            route.continue_()
        else:
            report.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and report.console_errors.append(msg.text))
    page.on("pageerror", lambda error: report.page_errors.append(str(error)))
    page.on("requestfailed",
            lambda request: request.url.startswith("file:") and report.failed.append(request.url))
    page.goto(url, wait_until="load")
    return page


def is_gallery_page(relative):
    """A page of the gallery, in either edition (``en/auto_examples/...``)."""
    return len(relative.parts) > 2 and relative.parts[1] == "auto_examples"


# Screenshots taken of each edition besides its landing and gallery pages.
SCREENSHOT_PAGES = {Path("ja/backpropagation.html")}


def screenshot_name(relative):
    return str(relative.with_suffix(".png")).replace(os.sep, "--")


@pytest.fixture(scope="session")
def site_in_browser(browser, built_editions):
    """Visit every HTML page of both editions once; return {relative path: PageReport}.

    Paths are relative to the site's root: ``index.html`` (the root page),
    ``en/...`` and ``ja/...``.
    """
    html_dir, _ = built_editions
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reports = {}
    for path in sorted(html_dir.rglob("*.html")):
        relative = path.relative_to(html_dir)
        report = reports[relative] = PageReport()
        page = open_page(context, path.as_uri(), report)
        report.shown = page.evaluate(INSPECT_PAGE)
        # (The root page, which leads to the two editions, has no formulas and no MathJax.)
        report.shown["formulas_cut"] = page.evaluate(FORMULA_BOXES) if len(relative.parts) > 1 else []
        if relative.name == "index.html" and len(relative.parts) <= 2 or is_gallery_page(relative) \
                or relative in SCREENSHOT_PAGES:
            page.screenshot(path=SCREENSHOTS / screenshot_name(relative), full_page=True)
        page.close()
    context.close()
    return reports


def _problems(reports, attribute):
    found = {str(name): getattr(report, attribute) for name, report in reports.items()}
    return {name: value for name, value in found.items() if value}


def test_every_page_was_visited(site_in_browser, built_editions):
    html_dir, _ = built_editions
    pages = sorted(html_dir.rglob("*.html"))
    assert len(pages) >= 40 and len(site_in_browser) == len(pages)
    assert Path("index.html") in site_in_browser  # the root page, that leads to both editions
    for edition in ("en", "ja"):
        for name in ["index.html", "search.html", "genindex.html", "api/layers.html",
                     "auto_examples/plot_sin_regression.html"]:
            assert Path(edition, name) in site_in_browser, (edition, name)


def test_no_page_requests_the_network(site_in_browser):
    """Every request that is not to a file was blocked: there must be none."""
    assert _problems(site_in_browser, "blocked") == {}


def test_no_console_errors_or_page_errors(site_in_browser):
    assert _problems(site_in_browser, "console_errors") == {}
    assert _problems(site_in_browser, "page_errors") == {}
    assert _problems(site_in_browser, "failed") == {}  # files the page needs but the site lacks


def test_every_formula_is_rendered_by_mathjax(site_in_browser):
    shown = {str(name): report.shown for name, report in site_in_browser.items()}
    with_maths = {name for name, page in shown.items() if page["formulas"]}
    assert {f"{edition}/{name}" for edition in ("en", "ja") for name in
            ["index.html", "backpropagation.html", "auto_examples/plot_sin_regression.html"]} <= with_maths
    not_loaded = {name: shown[name]["mathjax"] for name in with_maths
                  if not str(shown[name]["mathjax"]).startswith("3.")}
    assert not_loaded == {}
    assert {name: page["unrendered"] for name, page in shown.items() if page["unrendered"]} == {}
    assert {name: page["texErrors"] for name, page in shown.items() if page["texErrors"]} == {}


def test_no_raw_tex_in_the_text(site_in_browser):
    raw = {str(name): report.shown["rawTex"] for name, report in site_in_browser.items()}
    assert {name: found for name, found in raw.items() if found} == {}


def test_every_image_loads(site_in_browser):
    broken = {str(name): report.shown["brokenImages"] for name, report in site_in_browser.items()}
    assert {name: images for name, images in broken.items() if images} == {}
    for edition in ("en", "ja"):
        gallery = site_in_browser[Path(edition, "auto_examples/plot_sin_regression.html")]
        assert gallery.shown["brokenImages"] == []


def test_every_figure_has_a_description_as_alt_text(site_in_browser):
    """A screen reader can say what each figure shows: no empty or file-name alt text."""
    images = {str(name): report.shown["images"] for name, report in site_in_browser.items()}
    assert sum(images.values()) >= 30 and images["en/forward.html"] >= 1 and images["ja/forward.html"] >= 1
    bad = {str(name): report.shown["badAlt"] for name, report in site_in_browser.items()}
    assert {name: found for name, found in bad.items() if found} == {}


@functools.cache
def _anchors(path):
    """The ids (and names) that a fragment can point at in the HTML file `path`."""
    text = path.read_text(encoding="utf-8")
    return {html.unescape(a) for a in re.findall(r'\s(?:id|name)="([^"]*)"', text)}


def test_internal_links_resolve(site_in_browser, built_editions):
    """Every link to a file of the site points at an existing file and anchor (in both
    editions, and between them: the language switcher)."""
    html_dir, _ = built_editions
    broken = {}
    checked = 0
    for name, report in site_in_browser.items():
        for href in report.shown["links"]:
            url = urlsplit(href)
            if url.scheme != "file":
                continue
            checked += 1
            target = Path(unquote(url.path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or html_dir.resolve() not in target.resolve().parents:
                broken.setdefault(str(name), []).append(href)
            elif url.fragment and target.suffix == ".html":
                if unquote(url.fragment) not in _anchors(target):
                    broken.setdefault(str(name), []).append(href)
    assert checked > 1000
    assert broken == {}


def test_screenshots_of_landing_and_gallery_pages(site_in_browser, built_editions):
    html_dir, _ = built_editions
    for edition in ("en", "ja"):
        gallery = sorted((html_dir / edition / "auto_examples").glob("*.html"))
        assert len(gallery) >= 3
        for path in [html_dir / edition / "index.html", *gallery]:
            shot = SCREENSHOTS / screenshot_name(path.relative_to(html_dir))
            assert shot.stat().st_size > 20_000, shot


def test_gallery_pages_offer_the_script_and_the_notebook(site_in_browser):
    """Each example page, in both editions, links its ``.py`` (the same code as the
    script) and ``.ipynb``."""
    examples = sorted((ROOT / "gallery").rglob("plot_*.py"))  # the experiments' subfolder too
    assert len(examples) >= 10
    for edition in ("en", "ja"):
        for example in examples:
            relative = example.relative_to(ROOT / "gallery").with_suffix(".html")
            report = site_in_browser[Path(edition, "auto_examples", relative)]
            downloads = {Path(unquote(urlsplit(href).path)) for href in report.shown["links"]
                         if "/_downloads/" in href}
            by_name = {path.name: path for path in downloads}
            assert {example.name, f"{example.stem}.ipynb"} <= set(by_name), downloads
            script = by_name[example.name].read_text(encoding="utf-8")
            assert ast.dump(ast.parse(script)) == ast.dump(ast.parse(example.read_text(encoding="utf-8")))
            notebook = json.loads(by_name[f"{example.stem}.ipynb"].read_text(encoding="utf-8"))
            assert sum(cell["cell_type"] == "code" for cell in notebook["cells"]) >= 3


def _search(browser, search_page, query):
    """The titles of the pages that the site's own search finds for `query`, offline."""
    context = browser.new_context()
    report = PageReport()
    page = open_page(context, search_page.as_uri() + "?q=" + query, report)
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    # Sphinx adds the results one by one (one every few milliseconds); wait until it is done
    # (as long as test_search_glossary waits: 41 results took over 30 s on a loaded machine).
    page.wait_for_function("() => Search._pulse_status === -1", timeout=60_000)
    titles = [results.nth(i).locator("a").first.inner_text() for i in range(results.count())]
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    context.close()
    assert (report.blocked, report.console_errors, report.page_errors) == ([], [], [])
    return titles, links


def test_search_works_offline(browser, built_site):
    html_dir, _ = built_site
    titles, _ = _search(browser, html_dir / "search.html", "sigmoid")
    assert len(titles) >= 3


def test_japanese_search_finds_the_backpropagation_page(browser, built_editions):
    """Searching the Japanese edition for 逆伝播 (a word with no spaces around it in
    Japanese text) finds the page that derives backpropagation."""
    html_dir, _ = built_editions
    titles, links = _search(browser, html_dir / "ja" / "search.html", "逆伝播")
    assert any(link.split("?")[0].split("#")[0].endswith("backpropagation.html") for link in links), \
        (titles, links)


@pytest.mark.parametrize("page", ["backpropagation.html", "auto_examples/plot_sin_classification.html",
                                  "api/layers.html"])
def test_language_switcher_leads_to_the_same_page_and_back(browser, built_editions, page):
    """On every kind of page (chapter, gallery, API), the switcher opens the same page in
    the other edition, from disk, and its counterpart there leads back."""
    html_dir, _ = built_editions
    context = browser.new_context()
    report = PageReport()
    tab = open_page(context, (html_dir / "en" / page).as_uri(), report)
    assert tab.evaluate("() => document.documentElement.lang") == "en"
    tab.locator("nav.edition-switcher a[hreflang=ja]").click()
    tab.wait_for_load_state("load")
    assert tab.url == (html_dir / "ja" / page).as_uri()
    assert tab.evaluate("() => document.documentElement.lang") == "ja"
    assert tab.locator("nav.edition-switcher [aria-current=page]").inner_text() == "日本語"
    tab.locator("nav.edition-switcher a[hreflang=en]").click()
    tab.wait_for_load_state("load")
    assert tab.url == (html_dir / "en" / page).as_uri()
    context.close()
    assert (report.blocked, report.console_errors, report.page_errors) == ([], [], [])


# Draws the text of an element twice, in the element's own font: once as it is and
# once with each character replaced by one from Unicode's private use area, which
# no font has and which every browser draws as the same empty box. Text drawn in
# a font that lacks Japanese would give the same boxes twice.
JAPANESE_TEXT_SAMPLES = r"""(selector) => {
  const element = document.querySelector(selector);
  const text = [...element.textContent.trim()].filter((c) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(c))
               .slice(0, 6).join("");
  const style = getComputedStyle(element);
  const make = (id, content) => {
    const span = document.createElement("span");
    span.id = id;
    span.textContent = content;
    Object.assign(span.style, {fontFamily: style.fontFamily, fontSize: "40px", position: "fixed",
                               left: "0", top: id === "ja-sample" ? "0" : "60px", background: "white",
                               color: "black", zIndex: 1000, whiteSpace: "nowrap"});
    document.body.append(span);
  };
  make("ja-sample", text);
  make("box-sample", "\ue000".repeat([...text].length));
  return text;
}"""


@pytest.mark.parametrize("page", ["index.html", "backpropagation.html",
                                  "auto_examples/plot_sin_classification.html"])
def test_japanese_pages_show_japanese_text_not_boxes(browser, built_editions, page):
    """The Japanese landing, derivation and classification pages draw their Japanese
    text with a font that has it (screenshots in docs/_build/screenshots/)."""
    html_dir, _ = built_editions
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    report = PageReport()
    tab = open_page(context, (html_dir / "ja" / page).as_uri(), report)
    tab.evaluate("() => document.fonts.ready")
    shot = SCREENSHOTS / f"ja-text--{screenshot_name(Path(page))}"
    shot.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=shot, full_page=False)
    text = tab.evaluate(JAPANESE_TEXT_SAMPLES, "article h1")
    assert len(text) >= 2, f"the title of ja/{page} has no Japanese in it"
    drawn = tab.locator("#ja-sample").screenshot()
    boxes = tab.locator("#box-sample").screenshot()
    context.close()
    assert drawn != boxes, f"ja/{page}: {text!r} is drawn as empty boxes (no Japanese font)"
    assert (report.blocked, report.console_errors, report.page_errors) == ([], [], [])


def test_copy_buttons_speak_japanese_in_the_japanese_edition(browser, built_editions):
    html_dir, _ = built_editions
    context = browser.new_context()
    tooltips = {}
    for edition in ("en", "ja"):
        report = PageReport()
        page = open_page(context, (html_dir / edition / "introduction.html").as_uri(), report)
        page.wait_for_selector("button.copybtn", state="attached")
        tooltips[edition] = page.locator("button.copybtn").first.get_attribute("data-tooltip")
        assert (report.blocked, report.console_errors, report.page_errors) == ([], [], [])
    context.close()
    assert tooltips == {"en": "Copy", "ja": "コピー"}


def test_copy_buttons_copy_the_code_of_a_session_without_prompts_or_output(browser, built_site):
    """What a session's copy button copies is Python that can be pasted and run.

    Each copy button of a block with ">>> " prompts is clicked, as a reader would;
    the text that it puts on the clipboard is caught in the page's "copy" event.
    """
    html_dir, _ = built_site
    context = browser.new_context()
    sessions = []
    for name in ["index.html", "introduction.html", "sgd.html", "api/training.html", "api/io.html"]:
        report = PageReport()
        page = open_page(context, (html_dir / name).as_uri(), report)
        page.evaluate("""() => { window.copied = [];
            document.addEventListener("copy", () => window.copied.push(
                document.activeElement && "value" in document.activeElement
                ? document.activeElement.value : String(getSelection())), true); }""")
        page.wait_for_selector("button.copybtn", state="attached")
        shown = page.evaluate("""() => [...document.querySelectorAll("button.copybtn")].map(
            (button) => document.querySelector(button.dataset.clipboardTarget).innerText)""")
        for index, text in enumerate(shown):
            if re.search(r"^>>> ", text, flags=re.M):
                page.locator("button.copybtn").nth(index).click(force=True)
                copied = page.evaluate("() => window.copied.pop()")
                sessions.append((name, text, copied))
        page.close()
        assert (report.blocked, report.console_errors, report.page_errors) == ([], [], []), name
    context.close()
    assert len(sessions) >= 8
    for name, shown, copied in sessions:
        code = [line[4:] for line in shown.splitlines() if line.startswith((">>> ", "... "))]
        assert copied.rstrip("\n").splitlines() == code, (name, shown)
        compile(copied, f"<session copied from {name}>", "exec")  # pasted into Python, it runs


def test_landing_page_fits_a_phone(browser, built_site):
    """At 390 px wide, nothing makes the landing page scroll sideways."""
    html_dir, _ = built_site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    report = PageReport()
    page = open_page(context, (html_dir / "index.html").as_uri(), report)
    page.evaluate("() => window.MathJax?.startup?.promise")  # formulas typeset, if any
    widths = page.evaluate("""() => ({inner: window.innerWidth,
        document: document.documentElement.scrollWidth, body: document.body.scrollWidth})""")
    page.screenshot(path=SCREENSHOTS / "index--390px.png", full_page=True)
    context.close()
    assert widths["inner"] == 390
    assert widths["document"] <= widths["inner"] and widths["body"] <= widths["inner"], widths
    assert (report.blocked, report.console_errors, report.page_errors) == ([], [], [])


@pytest.fixture(scope="session")
def maths_on_a_phone(browser, built_site):
    """Visit every page with display maths at 390 px wide (a phone).

    Returns {page: (numbered equations [id, formula right edge, number left edge],
    formulas cut without a scroll affordance)}.
    """
    html_dir, _ = built_site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    found = {}
    for path in sorted(html_dir.rglob("*.html")):
        relative = path.relative_to(html_dir)
        if relative.parts[0] == "_modules" or '<div class="math' not in path.read_text(encoding="utf-8"):
            continue
        report = PageReport()
        page = open_page(context, path.as_uri(), report)
        page.evaluate("() => window.MathJax?.startup?.promise")
        cut = page.evaluate(FORMULA_BOXES)
        numbered = page.evaluate("""() => [...document.querySelectorAll('div.math')]
            .filter(d => d.querySelector('span.eqno') && d.querySelector('mjx-container'))
            .map(d => [d.id, d.querySelector('mjx-container').getBoundingClientRect().right,
                       d.querySelector('span.eqno').getBoundingClientRect().left])""")
        page.close()
        assert (report.blocked, report.console_errors, report.page_errors) == ([], [], []), relative
        found[str(relative)] = (numbered, cut)
    context.close()
    return found


def test_equation_numbers_stay_clear_of_their_formulas_on_a_phone(maths_on_a_phone):
    """At 390 px wide, a numbered display equation keeps its number beside it, not on it."""
    overlaps, numbered = {}, 0
    for name, (boxes, _) in maths_on_a_phone.items():
        numbered += len(boxes)
        bad = [equation for equation, right, number_left in boxes if right > number_left + 0.5]
        if bad:
            overlaps[name] = bad
    assert numbered >= 10  # the narrative pages do have numbered equations
    assert overlaps == {}


def test_every_display_formula_fits_or_visibly_scrolls_on_a_phone(maths_on_a_phone):
    """At 390 px wide, no formula is cut off: it fits, or it scrolls in a box that shows it."""
    assert {"forward.html", "backpropagation.html", "api/layers.html"} <= set(maths_on_a_phone)
    assert {name: cut for name, (_, cut) in maths_on_a_phone.items() if cut} == {}


def test_every_display_formula_fits_or_visibly_scrolls_on_a_wide_screen(site_in_browser):
    """At 1280 px wide, the same: no formula is cut off without a sign that it scrolls."""
    cut = {str(name): report.shown["formulas_cut"] for name, report in site_in_browser.items()}
    assert {name: found for name, found in cut.items() if found} == {}


def _luminance(rgb):
    red, green, blue = (channel / 255 for channel in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_figures_stay_legible_in_dark_mode(browser, built_site):
    """In the theme's dark mode, the figures keep a light background behind their dark ink.

    Each figure is captured as the browser draws it on the dark page: a figure
    saved with a transparent background would show the dark page through it,
    and its black axes and labels would vanish.
    """
    from PIL import Image

    html_dir, _ = built_site
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    pages = [html_dir / "index.html", *sorted((html_dir / "auto_examples").glob("plot_*.html"))]
    checked = 0
    for path in pages:
        report = PageReport()
        page = open_page(context, path.as_uri(), report)
        background = page.evaluate(
            "() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number)")
        assert _luminance(background) < 0.25, (path.name, background)  # dark mode is on
        figures = page.locator("article img")
        assert figures.count() >= 1, path.name
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            image = Image.open(io.BytesIO(figure.screenshot())).convert("RGB")
            width, height = image.size
            corners = [image.getpixel((x, y)) for x in (1, width - 2) for y in (1, height - 2)]
            assert min(map(_luminance, corners)) > 0.8, (path.name, index, corners)
            checked += 1
        if path.name != "index.html":
            page.screenshot(path=SCREENSHOTS / f"dark--{path.stem}.png", full_page=True)
        page.close()
        assert (report.blocked, report.console_errors, report.page_errors) == ([], [], [])
    context.close()
    assert checked >= 4


# The animation players of the gallery (matplotlib's jshtml player, made offline by
# docs/_ext/offline_animation.py): icons from the site's own Font Awesome, and working controls.
ANIMATION_PAGE = Path("auto_examples/plot_training_animation.html")

PLAYERS = r"""() => [...document.querySelectorAll("div.animation")].map((player) => {
  const img = player.querySelector("img[id^=_anim_img]");
  const id = img.id.slice("_anim_img".length);
  const icon = player.querySelector("button[title=Play] i");
  return {id, frame: window["anim" + id]?.current_frame, src: img.getAttribute("src"),
          frames: window["anim" + id]?.frames.length, interval: window["anim" + id]?.interval,
          slider: Number(player.querySelector("input[type=range]").value),
          iconWidth: icon.getBoundingClientRect().width,
          iconFont: getComputedStyle(icon).fontFamily,
          iconGlyph: getComputedStyle(icon, "::before").content};
})"""


def test_animation_players_work_offline(browser, built_site):
    """Both players show their icons from the site's own font and respond to every control."""
    html_dir, _ = built_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    report = PageReport()
    page = open_page(context, (html_dir / ANIMATION_PAGE).as_uri(), report)
    page.wait_for_function("() => [...document.querySelectorAll('div.animation img')]"
                           ".every((img) => window['anim' + img.id.slice(9)])")
    page.evaluate("() => document.fonts.ready")
    fonts = page.evaluate("""() => [...document.fonts].map((f) => [f.family.replace(/["']/g, ""),
                                                                     f.status])""")
    assert ["FontAwesome", "loaded"] in fonts, fonts  # the icon font came from the site itself
    players = page.evaluate(PLAYERS)
    assert len(players) == 2
    for player in players:
        assert player["iconFont"].startswith("FontAwesome"), player["iconFont"]
        assert player["iconGlyph"] == '"\uf04b"' and player["iconWidth"] > 5, player  # fa-play
        assert player["frames"] >= 10 and player["frame"] == 0 and player["src"].startswith("data:image/png")

    first = page.locator("div.animation").first
    first.scroll_into_view_if_needed()
    first.locator("button[title='Next frame']").click()  # step
    stepped = page.evaluate(PLAYERS)[0]
    assert (stepped["frame"], stepped["slider"]) == (1, 1) and stepped["src"] != players[0]["src"]
    first.locator("button[title='Increase speed']").click()  # speed
    faster = page.evaluate(PLAYERS)[0]
    assert faster["interval"] < players[0]["interval"]
    first.locator("button[title='Play']").click()  # play: the frames advance by themselves
    page.wait_for_function(f"() => window['anim{players[0]['id']}'].current_frame >= 4", timeout=10_000)
    first.locator("button[title='Pause']").click()  # pause: they stop
    paused = page.evaluate(PLAYERS)[0]["frame"]
    page.wait_for_timeout(3 * faster["interval"])
    assert page.evaluate(PLAYERS)[0]["frame"] == paused
    assert page.evaluate(PLAYERS)[1]["frame"] == 0  # the other player did not move
    page.screenshot(path=SCREENSHOTS / "animation-players.png", full_page=True)
    context.close()
    assert (report.blocked, report.console_errors, report.page_errors, report.failed) == ([], [], [], [])


def test_animation_icons_need_the_sites_font(browser, built_site, tmp_path):
    """The font check above can fail: without the site's Font Awesome, no icon font loads."""
    html_dir, _ = built_site
    copy = tmp_path / "html"
    shutil.copytree(html_dir, copy, ignore=shutil.ignore_patterns("mathjax", "font-awesome"))
    context = browser.new_context()
    report = PageReport()
    page = open_page(context, (copy / ANIMATION_PAGE).as_uri(), report)
    page.evaluate("() => document.fonts.ready")
    fonts = page.evaluate("() => [...document.fonts].map((f) => f.status)")
    players = page.evaluate(PLAYERS)
    context.close()
    assert len(players) == 2 and "loaded" not in fonts
    assert any(url.endswith("font-awesome.min.css") for url in report.failed), report.failed

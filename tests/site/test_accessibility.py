"""Every content page of both editions passes axe-core's WCAG 2 A and AA rules.

axe-core (the npm package, the engine behind Chromium's Lighthouse accessibility
audit) is installed at the exact version of ``package-lock.json`` by ``npm ci``
(``make test`` does it; ``.ci/run`` installs Debian's npm). It runs in headless
Chromium, in every page of both editions opened from ``file://`` with the
network blocked, with the rules tagged ``wcag2a`` and ``wcag2aa``; one
violation of one rule on one page fails the test, which names the page, the
rule and the first elements. Without axe-core the test is skipped, unless the
environment variable ``CI`` is set: then it fails.

Run on a site built by ``make docs``, the module prints the violations per rule
and page, without pytest:
``.venv/bin/python tests/site/test_accessibility.py docs/_build/html [-v] [en/index.html ...]``
(``-v`` lists each violation; named pages alone are checked).
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa"]
ALLOWED_SCHEMES = ("file:", "data:", "blob:", "about:")
# Folders of an edition that hold no pages of its own: the files the pages load,
# the downloads, and sphinx-gallery's copies of the scripts.
NOT_PAGES = {"_static", "_downloads", "_images", "_sources"}

RUN_AXE = """async (tags) => {
  // Lazy images and MathJax first: axe checks what the reader gets.
  for (const img of document.images) img.loading = "eager";
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  // The web fonts too (a code line may overflow in the fallback font and fit in the real one), and
  // two frames for the page's own scripts to react to the final layout (bpteach-a11y.js).
  await document.fonts.ready;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                           resultTypes: ["violations"]});
  return results.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + "  " + n.html.slice(0, 160))}));
}"""


def content_pages(html):
    """Every HTML page of the two editions, as paths relative to `html`."""
    pages = []
    for edition in ("en", "ja"):
        for path in sorted((html / edition).rglob("*.html")):
            relative = path.relative_to(html)
            if not NOT_PAGES & set(relative.parts):
                pages.append(relative)
    return pages


def axe_violations(browser, html, pages):
    """Run axe-core in each page; return ``{page: [violation, ...]}`` for the pages with any."""
    source = AXE.read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(ALLOWED_SCHEMES)
                  else route.abort())
    found = {}
    for relative in pages:
        page = context.new_page()
        page.goto((html / relative).as_uri(), wait_until="load")
        page.add_script_tag(content=source)
        violations = page.evaluate(RUN_AXE, TAGS)
        if violations:
            found[str(relative)] = violations
        page.close()
    context.close()
    return found


def summary(found):
    """Elements and pages per rule: ``{rule: (elements, pages)}``."""
    elements, pages = Counter(), Counter()
    for violations in found.values():
        for violation in violations:
            elements[violation["id"]] += len(violation["nodes"])
            pages[violation["id"]] += 1
    return {rule: (elements[rule], pages[rule]) for rule in sorted(elements)}


@pytest.fixture(scope="session")
def axe_installed():
    if not AXE.is_file():
        reason = f"axe-core is not installed ({AXE.relative_to(ROOT)}: run `npm ci` in the project's root)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}; CI is set, so the accessibility test must run")
        pytest.skip(reason)
    return AXE


def test_the_installed_axe_core_is_the_locked_version(axe_installed):
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/axe-core"]["version"]
    installed = json.loads((axe_installed.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == locked
    assert json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"] \
        == {"axe-core": locked}  # an exact version, not a range


def test_every_page_of_both_editions_passes_axe_wcag2_a_and_aa(axe_installed, browser, built_editions):
    html, _ = built_editions
    pages = content_pages(html)
    assert len([p for p in pages if p.parts[0] == "en"]) == len([p for p in pages if p.parts[0] == "ja"]) > 40
    found = axe_violations(browser, html, pages)
    report = [f"{page}: {v['id']} ({v['impact']}, {v['help']}): {len(v['nodes'])} elements, "
              f"e.g. {v['nodes'][0]}" for page, violations in found.items() for v in violations]
    assert found == {}, f"{summary(found)}\n" + "\n".join(report[:40])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "_build" / "html").resolve()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        chosen = [arg for arg in sys.argv[2:] if not arg.startswith("-")]  # a few pages, if named
        pages = [page for page in content_pages(site) if not chosen or str(page) in chosen]
        result = axe_violations(chromium, site, pages)
        chromium.close()
    print(f"{len(pages)} pages, {len(result)} with violations")
    for rule, (elements, on_pages) in summary(result).items():
        print(f"{rule}: {elements} elements on {on_pages} pages")
    if "-v" in sys.argv:
        for page, violations in result.items():
            for v in violations:
                print(page, v["id"], len(v["nodes"]), v["nodes"][:2])

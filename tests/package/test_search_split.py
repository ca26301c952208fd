"""The Japanese search splits the index (Python) and the query (JavaScript) alike.

docs/_ext/search_ja.py holds the rule twice: ``split`` builds the index, and
``JS_SPLITTER`` splits what the reader types. If the two disagree on a word,
a page that contains it cannot be found. Here both run over every translated
message of the Japanese catalogs (and a few awkward strings): the JavaScript
in headless Chromium, no site build needed.
"""

import json
import os
import shutil
import sys

import pytest
from babel.messages.pofile import read_po
from helpers import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import search_ja  # noqa: E402

AWKWARD = [
    "活性化関数", "一", "ＳＧＤ と ｶﾀｶﾅ", "one-hot 表現", "重みの初期値", "x_1 と W^{(2)}",
    "学習係数（学習率）", "3 層、1-3-1 のネットワーク", "ニューラルネットワーク", "々", "naïve café",
    "Saitō 2016", "δ = ∂E/∂u", "２０２６年", "bpteach の train()", "", "layers weights training",
]


def texts():
    found = list(AWKWARD)
    for path in sorted((ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES").rglob("*.po")):
        with path.open("rb") as handle:
            found += [message.string for message in read_po(handle) if message.id and message.string]
    return found


@pytest.fixture(scope="module")
def page():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        reason = "Chromium is not installed (on Debian: apt-get install chromium)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{reason}; CI is set, so the browser tests must run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.add_script_tag(content=search_ja.JS_SPLITTER + "\nwindow.splitQuery = splitQuery;")
        yield page
        browser.close()


def test_python_and_javascript_split_every_message_alike(page):
    messages = texts()
    assert len(messages) > 1000  # every catalog was read
    in_python = [search_ja.split(text) for text in messages]
    in_javascript = page.evaluate("(texts) => texts.map((text) => splitQuery(text))", messages)
    assert in_python[messages.index("one-hot 表現")] == ["one", "hot", "表現"]
    differ = [(text, python, js) for text, python, js
              in zip(messages, in_python, in_javascript) if python != js]
    assert not differ, json.dumps(differ[:3], ensure_ascii=False)


def test_a_compound_term_is_its_bigrams():
    assert search_ja.split("活性化関数") == ["活性", "性化", "化関", "関数"]
    assert search_ja.split("層") == ["層"]
    assert search_ja.split("ＳＧＤ と ｶﾀｶﾅ") == ["sgd", "と", "カタ", "タカ", "カナ"]
    # A page that contains a term contains every word of the term, wherever the text around it.
    for term in ("活性化関数", "重みの初期値", "one-hot 表現", "全結合層"):
        for text in (f"これは{term}です。", f"{term}", f"（{term}）と"):
            assert set(search_ja.split(term)) <= set(search_ja.split(text))

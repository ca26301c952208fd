"""The Japanese search splits the index (Python) and the query (JavaScript) alike.

docs/_ext/search_ja.py holds the rule twice: ``split`` builds the index, and
``JS_SPLITTER`` splits what the reader types. If the two disagree on a word,
a page that contains it cannot be found. Here both run over every translated
message of the Japanese catalogs (and a few awkward strings): the JavaScript
in the session's headless Chromium, on a blank page (no site build needed).
"""

import json
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
def page(browser):
    page = browser.new_page()
    page.add_script_tag(content=search_ja.JS_SPLITTER + "\nwindow.splitQuery = splitQuery;")
    yield page
    page.close()


def test_python_and_javascript_split_every_message_alike(page):
    messages = texts()
    assert len(messages) > 1000  # every catalog was read
    in_python = [search_ja.split(text) for text in messages]
    in_javascript = page.evaluate("(texts) => texts.map((text) => splitQuery(text))", messages)
    assert in_python[messages.index("one-hot 表現")] == ["one", "hot", "表現"]
    differ = [(text, python, js) for text, python, js
              in zip(messages, in_python, in_javascript) if python != js]
    assert not differ, json.dumps(differ[:3], ensure_ascii=False)

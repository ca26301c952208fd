"""The Japanese search's splitting rule (docs/_ext/search_ja.py), in Python.

``split`` builds the index: a compound term becomes its character bigrams, so a
page that contains a term contains every word of the term. That the JavaScript
half of the rule (``JS_SPLITTER``, which splits what the reader types) agrees with
this one on every translated message is tested in the browser, in
tests/site/test_search_split_js.py.
"""

import sys

from helpers import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import search_ja  # noqa: E402


def test_a_compound_term_is_its_bigrams():
    assert search_ja.split("活性化関数") == ["活性", "性化", "化関", "関数"]
    assert search_ja.split("層") == ["層"]
    assert search_ja.split("ＳＧＤ と ｶﾀｶﾅ") == ["sgd", "と", "カタ", "タカ", "カナ"]
    # A page that contains a term contains every word of the term, wherever the text around it.
    for term in ("活性化関数", "重みの初期値", "one-hot 表現", "全結合層"):
        for text in (f"これは{term}です。", f"{term}", f"（{term}）と"):
            assert set(search_ja.split(term)) <= set(search_ja.split(text))

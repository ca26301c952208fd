"""The exercise checks' messages in two languages, and the site's equations they cite (issue 24, item 9).

* Every message of ``bpteach/exercises`` is in the catalogue ``bpteach/locale/ja/LC_MESSAGES/
  bpteach.po``, translated, not fuzzy, with the same placeholders; ``bpteach.mo`` is its
  compilation.
* Every named mistake (the mistakes of ``test_exercises.py``) and a sample of the corpus
  (``exercise_corpus.py``) are reported in Japanese without error, with the same verdict.
* Every cited equation carries the number that the site gives it, computed here from the
  pages' sources, and the Japanese page and section titles are the Japanese edition's.
"""

import json
import re
import string
import sys
from pathlib import Path

import numpy as np
import pytest
from babel.messages.pofile import read_po
from exercise_corpus import HELD_OUT, WRONG
from helpers import ROOT
from test_exercise_corpus import CHECKS as CORPUS_CHECKS
from test_exercise_corpus import _function
from test_exercises import CHECKS, MISTAKES, _as_text

from bpteach import exercises
from bpteach.exercises import DIAGNOSES, EQUATIONS, PAGE_TITLES, language, network_131_gradients
from bpteach.exercises.citations import Equation

sys.path.insert(0, str(ROOT / "docs"))
import exercise_messages  # noqa: E402  (docs/exercise_messages.py: extracts and compiles the catalogue)

CATALOGUE = exercise_messages.read()
MESSAGES = [m for m in CATALOGUE if m.id]


@pytest.fixture(autouse=True)
def _language_restored():
    """Each test leaves the language as it found it (the environment's)."""
    yield
    exercises.set_language(None)


def _fields(text):
    """The placeholders of a message with their format specs: {"difference:.3g", "output", ...}."""
    parsed = string.Formatter().parse(text)
    return sorted({f"{name}:{spec}" for _, name, spec, _ in parsed if name is not None})


# -- the catalogue -------------------------------------------------------------------------------

def test_the_catalogue_holds_every_message_of_the_sources():
    """`make po` (docs/exercise_messages.py) has run since the last change of a message."""
    extracted = {m if isinstance(m, str) else m[0] for m in exercise_messages.extract()}
    assert extracted == {m.id if isinstance(m.id, str) else m.id[0] for m in MESSAGES}
    assert len(MESSAGES) >= 200


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: (m.id if isinstance(m.id, str) else m.id[0])[:50])
def test_every_message_has_a_japanese_translation_with_the_same_placeholders(message):
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string)
    assert not message.fuzzy
    assert all(s.strip() for s in strings), f"untranslated: {ids[0]!r}"
    for translated in strings:
        # the one Japanese form of a plural has the placeholders of the singular or of the plural
        assert _fields(translated) in [_fields(i) for i in ids], (ids, translated)
        assert "{" not in translated.format(**{f.split(":")[0]: _Anything() for f in _fields(translated)})


class _Anything(float):
    """A value that any placeholder of the catalogue accepts (numbers with specs, text)."""

    def __new__(cls):
        return super().__new__(cls, 1.5)

    def __format__(self, spec):
        return format(float(self), spec) if spec else "x"


def test_every_diagnosis_and_fixed_sentence_is_in_the_catalogue():
    """The tables that hold English text: diagnoses, equations, pages (translated when rendered)."""
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in MESSAGES}
    from bpteach.exercises.engine import _OWN_WORDS, _RIGHT_FORMS

    texts = [text for text, _ in DIAGNOSES.values()] + list(_OWN_WORDS.values()) + list(_RIGHT_FORMS.values())
    texts += list(PAGE_TITLES.values())
    texts += [t for eq in EQUATIONS.values() for t in (eq.section, eq.formula)]
    assert [t for t in texts if t not in ids] == []


def test_the_compiled_catalogue_is_the_compilation_of_the_catalogue():
    """bpteach.mo (what gettext reads) says what bpteach.po says: run `make po` after editing it."""
    assert exercise_messages.MO.read_bytes() == exercise_messages.compiled()


def test_the_catalogue_follows_the_japanese_house_style():
    import ja_style

    assert exercise_messages.PO in ja_style.catalogs()
    assert ja_style.fix_catalog(exercise_messages.PO, write=False) == []
    assert ja_style.catalog_problems(exercise_messages.PO) == []


# -- choosing the language -----------------------------------------------------------------------

def test_the_language_is_chosen_by_set_language_then_the_environment(monkeypatch):
    for variable in ("BPTEACH_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert exercises.get_language() == "en"
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert exercises.get_language() == "ja"
    monkeypatch.setenv("LANGUAGE", "en_GB:ja")  # gettext reads LANGUAGE first
    assert exercises.get_language() == "en"
    monkeypatch.setenv("BPTEACH_LANGUAGE", "ja")
    assert exercises.get_language() == "ja"
    exercises.set_language("en")
    assert exercises.get_language() == "en"
    exercises.set_language(None)
    assert exercises.get_language() == "ja"


def test_a_wrong_language_is_refused_by_name(monkeypatch):
    with pytest.raises(ValueError, match=r"language must be one of 'en', 'ja' or None; got 'fr'"):
        exercises.set_language("fr")
    monkeypatch.setenv("BPTEACH_LANGUAGE", "jp")
    with pytest.raises(ValueError, match=r"BPTEACH_LANGUAGE must be one of en, ja; got 'jp'"):
        exercises.get_language()


def _transposed(x, W, delta):
    return delta.T @ x, delta.sum(axis=0), delta @ W.T


def test_a_report_keeps_the_language_it_was_made_in():
    exercises.set_language("ja")
    result = exercises.check_dense_backward(_transposed)
    exercises.set_language("en")
    assert result.language == "ja" and "まだです" in str(result) and "NOT YET" not in str(result)
    assert "正しくは" in result._repr_html_() and "What is right" not in result._repr_html_()


# -- every diagnosis, in Japanese ----------------------------------------------------------------

_ENGLISH = re.compile(r"\b(the|of|your|is|not|and|with|where|which)\b")


def _japanese_report(check, function):
    with language.using("ja"):
        return check(function)


@pytest.mark.parametrize(("name", "mistake", "diagnosis"), MISTAKES,
                         ids=[f"{name}-{mistake.__name__}-{d}" for name, mistake, d in MISTAKES])
def test_each_named_mistake_is_reported_in_japanese(name, mistake, diagnosis):
    english = CHECKS[name](mistake)
    japanese = _japanese_report(CHECKS[name], mistake)
    assert japanese.diagnoses() == english.diagnoses()
    text = str(japanese)
    assert "まだです" in text and "NOT YET" not in text and "Traceback" not in text
    # The diagnosis's own sentence, in Japanese, and the cited equation as the Japanese edition names it.
    translated = language.translation("ja").gettext(DIAGNOSES[diagnosis][0])
    lead = re.split(r"\{\w+\}", translated.split("：")[0].split("。")[0])
    flat = "".join(text.split())
    assert all("".join(piece.split()) in flat for piece in lead), (lead, text)
    for out in japanese.outputs:
        if out.equation:
            assert "".join(EQUATIONS[out.equation].cite("ja").split()) in flat
    # No English sentence left: the English that remains is code (or what the learner's code raised).
    if diagnosis != "raised" and not any(p.key == "raised" for p in japanese.problems):
        english_words = [line for line in text.splitlines() if _ENGLISH.search(line)
                         and "def " not in line and "->" not in line]
        assert english_words == [], english_words


SAMPLE = (WRONG + HELD_OUT)[::4]


@pytest.mark.parametrize("entry", SAMPLE, ids=[f"{e[0]}-{i}" for i, e in enumerate(SAMPLE)])
def test_a_sample_of_the_corpus_is_reported_in_japanese(entry):
    exercise, _kind, _words, source = entry
    check = CORPUS_CHECKS[exercise]
    english = check(_function(exercise, source))
    japanese = _japanese_report(check, _function(exercise, source))
    assert japanese.passed == english.passed and japanese.diagnoses() == english.diagnoses()
    text = str(japanese) + japanese._repr_html_()
    assert "NOT YET" not in text and "likely mistake" not in text and "measured:" not in text
    # sentences joined into one never keep two stops (the third blind trial: ".;" and 「。。」)
    assert "。。" not in "".join(str(japanese).split()) and ".;" not in str(english)


def test_a_sentence_made_a_clause_loses_its_stop_in_both_languages():
    """The third blind trial's W2.4, W6.2 and W6.11: a diagnosis quoted inside a hedged sentence kept
    its full stop: "… y − t.; in the others …", 「…（行について和、axis=0）。。ただし…」."""
    from bpteach.exercises.engine import _clause

    assert _clause("then simplifies to y − t.") == "then simplifies to y − t"
    assert _clause("grad_b2 は符号が逆です。") == "grad_b2 は符号が逆です"
    assert _clause("written as ...") == "written as ..." and _clause("no stop") == "no stop"

    def b2_kept_2d(x, t, W1, b1, W2, b2):          # W6.11: grad_b2 = delta2, (1, 1)
        y1 = 1 / (1 + np.exp(-(x @ W1 + b1)))
        d2 = y1 @ W2 + b2 - t
        d1 = (d2 @ W2.T) * y1 * (1 - y1)
        return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2

    def b2_sign(x, t, W1, b1, W2, b2):             # one number, −1 times the right one: a hedge
        grads = network_131_gradients(x, t, W1, b1, W2, b2)
        return (*grads[:3], -grads[3])

    for function in (b2_kept_2d, b2_sign):
        english = " ".join(str(exercises.check_backward_131(function)).split())
        japanese = "".join(str(_japanese_report(exercises.check_backward_131, function)).split())
        assert "a hint to check" in english and "確かめるためのヒントです" in japanese
        assert ".;" not in english and ". ;" not in english and "。。" not in japanese, (english, japanese)


def test_the_cases_of_exercise_7b_are_listed_with_the_japanese_separator():
    """The third blind trial: 「教科書の sin x の 63 点, learning_rate = 0.1, rng = …」."""
    def online_epoch(params, x, t, learning_rate, rng):
        raise NotImplementedError

    text = "".join(str(_japanese_report(exercises.check_online_epoch, online_epoch)).split())
    assert "教科書のsinxの63点、learning_rate=0.1、rng=default_rng(500)" in text
    assert "ランダムな8点、learning_rate=0.5、rng=default_rng(501)" in text
    assert not re.search(r"[点], ", str(_japanese_report(exercises.check_online_epoch, online_epoch)))


def test_the_docs_build_keeps_each_printed_report_in_both_languages(tmp_path, monkeypatch, capsys):
    """BPTEACH_REPORT_TWINS (set by the English build): each printed report leaves its Japanese twin."""
    monkeypatch.setenv("BPTEACH_REPORT_TWINS", str(tmp_path))
    exercises.set_language("en")
    result = exercises.check_sigmoid_derivative(lambda y: y * (y - 1))
    print(result)
    (twin,) = [json.loads(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.json")]
    assert twin["en"] == capsys.readouterr().out.rstrip("\n")
    assert twin["ja"] == str(_japanese_report(exercises.check_sigmoid_derivative, lambda y: y * (y - 1)))


# -- the site's numbers and titles ---------------------------------------------------------------

def _numbers_from_the_sources():
    """label -> "chapter.rank": the numbered toctree of docs/index.md, and each page's ``$$ (label)``."""
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"```\{toctree\}\n((?::.*\n)*)\n((?:.+\n)+)```", index)
    assert ":numbered:" in toctree.group(1)
    numbers = {}
    for chapter, page in enumerate(toctree.group(2).split(), start=1):
        source = ROOT / "docs" / f"{page}.md"
        if not source.exists():
            continue
        labels = re.findall(r"^\$\$ \(([\w-]+)\)\s*$", source.read_text(encoding="utf-8"), flags=re.M)
        numbers.update({(page, label): f"{chapter}.{rank}" for rank, label in enumerate(labels, start=1)})
        amsmath = re.findall(r"\\begin\{(?:align|equation|gather)\}", source.read_text(encoding="utf-8"))
        assert not amsmath, f"{page}: a numbered amsmath block would shift the numbers"
    return numbers


@pytest.mark.parametrize("key", sorted(EQUATIONS))
def test_every_citation_has_the_site_s_number(key):
    equation = EQUATIONS[key]
    if equation.label:
        assert equation.number == _numbers_from_the_sources()[(equation.page, equation.label)]
        assert f"({equation.number}) in “{PAGE_TITLES[equation.page]}”" in equation.cite("en")
        title = language.translation("ja").gettext(PAGE_TITLES[equation.page])
        assert f"「{title}」の式 ({equation.number})" in equation.cite("ja")
    else:
        assert equation.number is None


@pytest.mark.parametrize("key", sorted(EQUATIONS))
def test_the_japanese_titles_are_the_japanese_edition_s(key):
    """The page and section titles of a citation, as the Japanese edition's catalogs translate them."""
    equation = EQUATIONS[key]
    with (ROOT / "docs" / "locale" / "ja" / "LC_MESSAGES" / f"{equation.page}.po").open("rb") as f:
        page = {_as_text(m.id): _as_text(m.string) for m in read_po(f) if m.id}
    ja = language.translation("ja").gettext
    assert ja(PAGE_TITLES[equation.page]) == page[PAGE_TITLES[equation.page]]
    assert ja(equation.section) == page[equation.section]


def test_an_equation_without_a_number_is_cited_by_its_section():
    section = Equation("sgd", None, None, "Online learning, epochs and shuffling", "one update per sample")
    assert section.cite("en") == ("one update per sample: “Stochastic gradient descent and online "
                                  "learning” › Online learning, epochs and shuffling")
    cited = section.cite("ja")
    assert "「確率的勾配降下法とオンライン学習」の節" in cited
    assert "「オンライン学習、エポック、シャッフル」" in cited


def test_no_report_cites_a_label():
    """Outside the site, a report names the equation by its number, never by its label (issue 24)."""
    text = str(exercises.check_dense_backward(_transposed))
    assert "(dense-gradients)" not in text and "equation (" not in text and "(6.6) in" in text
    assert Path(exercise_messages.PO).exists()

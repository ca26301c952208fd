"""The training diagnostics in two languages (issues 23 and 27).

* Every message that ``bpteach/diagnostics.py``, ``_run.py``, ``stacked.py`` and ``training.py``
  mark is in the one catalogue, ``bpteach.po``, translated into Japanese (the catalogue tests of
  ``test_exercise_messages.py`` check the placeholders, the house style and the compilation).
* A warning and a divergence from a real run say the same thing in both languages, from one
  run: ``text("en")`` is ``str()`` in English (the texts the tests and pages quote),
  ``text("ja")`` is Japanese with the same values, and both survive pickling.
"""

import pickle
import re
import sys
import warnings

import numpy as np
import pytest
from helpers import ROOT

import bpteach
from bpteach import Dense, Identity, Network, ReLU, Sigmoid, SumOfSquares, TrainingWarning
from bpteach.datasets import sin_curve
from bpteach.exercises import set_language
from bpteach.stacked import diverged_copy

sys.path.insert(0, str(ROOT / "docs"))
import exercise_messages  # noqa: E402

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]\d+)?%?")
MODULES = ("bpteach/diagnostics.py", "bpteach/_run.py", "bpteach/stacked.py", "bpteach/training.py")


@pytest.fixture(autouse=True)
def _language_restored():
    yield
    set_language(None)


def test_every_diagnostics_message_is_in_the_catalogue_in_japanese():
    catalogue = exercise_messages.read()
    found = {module: [m for m in catalogue if m.id and any(place == module for place, _ in m.locations)]
             for module in MODULES}
    assert all(found.values()), {module: len(messages) for module, messages in found.items()}
    for message in (m for messages in found.values() for m in messages):
        assert message.string and not message.fuzzy, message.id
        if re.search(r"[A-Za-z]{3}", re.sub(r"\{[^}]*\}", "", message.id)):  # words, not punctuation
            assert JAPANESE.search(message.string), (message.id, message.string)


def _warnings_of(network, x, t, **options):
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            return bpteach.train(network, x, t, rng=np.random.default_rng(0), log=None, **options).warnings
        except bpteach.TrainingDiverged as stop:
            return [*stop.history.warnings, stop]


def _net(hidden=None, output=None, wb_width=0.01, n=3):
    hidden, output = hidden or Sigmoid(), output or Identity()
    rng = np.random.default_rng(0)
    return Network([Dense(1, n, hidden, rng=rng, wb_width=wb_width),
                    Dense(n, 1, output, rng=rng, wb_width=wb_width)], loss=SumOfSquares())


def _runs():
    x, t = sin_curve()
    dead = _net(hidden=ReLU(), n=4)
    dead.layers[0].b[:] = -2.0
    return {
        "zero weights, sigmoid output": _warnings_of(_net(output=Sigmoid(), wb_width=0.0), x, t, epochs=2,
                                                     learning_rate=0.1),
        "unscaled inputs": _warnings_of(_net(), (x + 1) * 500, t, epochs=4, learning_rate=0.1),
        "rising error": _warnings_of(_net(), x, t, epochs=40, learning_rate=2.0),
        "dead ReLUs": _warnings_of(dead, x, t, epochs=2, learning_rate=0.1),
        "nothing learned": _warnings_of(_net(), x, t, epochs=55, learning_rate=1e-4),
        "diverged": _warnings_of(_net(), x, t, epochs=30, learning_rate=3.0),
    }


RUNS = _runs()


@pytest.mark.parametrize("run", RUNS, ids=str)
def test_a_run_says_its_warnings_in_both_languages(run):
    said = RUNS[run]
    assert said, run
    for warning in said:
        english, japanese = warning.text("en"), warning.text("ja")
        set_language("en")
        assert str(warning) == english
        set_language("ja")
        assert str(warning) == japanese
        # Japanese, no English sentence left, and every value of the English text in it.
        assert JAPANESE.search(japanese), japanese
        assert not re.search(r"\b(the|of|and|is|are|was|to)\b", japanese), japanese
        assert set(NUMBER.findall(english)) <= set(NUMBER.findall(japanese)), (english, japanese)
        copy = pickle.loads(pickle.dumps(warning))
        assert (copy.text("en"), copy.text("ja")) == (english, japanese)


def test_the_runs_cover_the_warnings_and_a_divergence():
    kinds = {getattr(w, "kind", type(w).__name__) for said in RUNS.values() for w in said}
    assert kinds >= {"targets_out_of_range", "identical_units", "unscaled_inputs", "saturated_units",
                     "rising_error", "no_progress", "TrainingDiverged"}, kinds


def test_a_japanese_warning_renders_its_values():
    from bpteach.diagnostics import unscaled_inputs

    warning = TrainingWarning(unscaled_inputs(np.arange(100.0).reshape(-1, 1)), kind="unscaled_inputs",
                              epoch=None)
    japanese = warning.text("ja")
    assert japanese.startswith("入力の絶対値が 99 に達しています（x の列 0 は 0 から 99 まで）")
    gain = 99.0 ** 2 + 1  # the largest |x_n|^2 + 1
    assert f"最大 {gain:.4g} eta 倍" in japanese


def test_a_diverged_copy_is_said_in_both_languages():
    line = diverged_copy(3, 7, 5, 100)
    assert line.text("en").startswith("Copy 3 (seed 7) diverged in epoch 5 of 100: ")
    assert line.text("ja").startswith("コピー 3（シード 7）は 100 エポック中のエポック 5 で発散しました")
    one = diverged_copy(3, 7, 5, 100, one_run=True)
    assert one.text("en").startswith("Diverged in epoch 5 of 100: ")
    assert "エポック 4 の後の値" in one.text("ja") and "コピー" not in one.text("ja")

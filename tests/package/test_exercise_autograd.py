"""The tiny-autograd exercise (0b): every named mistake in the corpus, right classes pass.

The corpus is ``tests/package/exercise_corpus_autograd.py``. Each wrong class must fail with a
report that holds its words and names no other mistake; each right one must pass.
"""

import math
import re

import numpy as np
import pytest
from exercise_corpus_autograd import RIGHT, WRONG
from solutions import solutions

from bpteach.exercises import DIAGNOSES, EQUATIONS, check_value
from bpteach.exercises.autograd import _cases


def _class(source):
    namespace = {"np": np, "math": math}
    exec(compile(source, "<learner>", "exec"), namespace)  # the learner's code
    return namespace["Value"]


def _text(result):
    lines = [" ".join([headline, *details]) for _, headline, details, _ in result._items()]
    return re.sub(r"\[[^]]*\]", "", " ".join(" ".join(lines).split()))


def test_the_reference_solution_passes():
    result = check_value(solutions.Value)
    assert result.passed and result.diagnoses() == [] and result.problems == []
    assert all(o.cases_passed == o.cases_total == 3 for o in result.outputs)


@pytest.mark.parametrize(("kind", "source"), RIGHT, ids=[k for k, _ in RIGHT])
def test_a_right_but_unusual_class_passes(kind, source):
    result = check_value(_class(source))
    assert result.passed, str(result)


@pytest.mark.parametrize(("kind", "words", "source"), WRONG,
                         ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(WRONG)])
def test_each_wrong_class_is_named(kind, words, source):
    result = check_value(_class(source))
    assert not result.passed
    text = _text(result)
    assert "Traceback" not in str(result)
    for alternatives in words:
        assert any(w.lower() in text.lower() for w in alternatives.split("|")), (words, str(result))
    # one mistake at a time: a report names at most one of the autograd mistakes
    named = [d for d in result.diagnoses() if d.startswith("autograd_")]
    assert len(named) <= 1, named


def test_every_autograd_diagnosis_is_reached_by_the_corpus():
    reached = set()
    for _, _, source in WRONG:
        reached |= set(check_value(_class(source)).diagnoses())
    listed = {key for key in DIAGNOSES if key.startswith("autograd_")}
    assert listed - reached == set()


def test_the_issue_s_mistakes_are_each_named_with_the_equation_it_cites():
    """Issue 26: branch (= for +=), order, no reset, product swapped, sigmoid at the wrong value."""
    kinds = {"branch": "autograd_assigned", "order": "autograd_not_topological",
             "reset": "autograd_not_reset", "multiply": "autograd_mul_not_swapped",
             "sigmoid": "autograd_sigmoid_of_output"}
    for kind, key in kinds.items():
        sources = [source for k, _, source in WRONG if k == kind]
        assert sources, kind
        for source in sources[:1]:
            result = check_value(_class(source))
            assert key in result.diagnoses(), (kind, str(result))
            assert EQUATIONS[DIAGNOSES[key][1]].cite() in " ".join(str(result).split())


def test_bpteach_s_graph_agrees_with_the_networks_and_central_differences():
    """The check's own reference: the scalar graph's gradients equal bpteach's backward pass
    (on the two networks) and central differences (on every node of every graph)."""
    for case in _cases():
        graph = case.graph
        right = graph.backward()
        assert np.allclose(right[case.weights], case.expected[1], rtol=1e-12, atol=1e-14)
        assert np.allclose(right[[case.x]], case.expected[2], rtol=1e-12, atol=1e-14)
        assert np.allclose(right, graph.numeric(), rtol=1e-6, atol=1e-9)
        assert math.isclose(graph.data[graph.out], float(case.expected[0]), rel_tol=1e-12)


def test_what_is_not_a_class_gets_a_clear_message():
    result = check_value(solutions.Value(1.0))
    assert not result.passed and "pass the class Value itself" in " ".join(str(result).split())


def test_order_and_reset_are_told_apart():
    """The student trial's case: a breadth-first order *and* no reset was named as the order alone,
    with the order's message on the second call of chapter 5's graph, where only the reset shows.
    Each of the two alone keeps its own name; together they get the name of both."""
    named = {kind: check_value(_class(source)).diagnoses()
             for kind, _, source in WRONG if kind in ("order", "reset", "order+reset")}
    assert named["order"] == ["autograd_not_topological"]
    assert named["reset"] == ["autograd_not_reset"]
    assert named["order+reset"] == ["autograd_order_and_not_reset"]

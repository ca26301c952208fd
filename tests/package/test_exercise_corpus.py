"""The corpus of realistic answers (tests/package/exercise_corpus.py), run through the checks.

Every wrong answer must fail, every right one pass; a wrong answer is *named* when the report's
diagnosis holds all of its words, *named wrongly* when the report states a mistake (a "likely
mistake") without them, or says something that its words forbid (a word written ``!word``: a false
statement the report once made about it). The shares are printed by kind (run with -s to see them).
"""

import re
from collections import Counter

import numpy as np
import pytest
from exercise_corpus import HELD_OUT, RIGHT, WRONG
from solutions import NAMES, solutions

from bpteach import exercises

# Value: check_value; exercise 0a's answers (gradients_1 ...) have a check of their own, check_graph
CHECKS = {name: getattr(exercises, f"check_{name.lower()}") for name in NAMES
          if hasattr(exercises, f"check_{name.lower()}")}


def _function(exercise, source):
    namespace = {"np": np, "solutions": solutions, "sigmoid": lambda u: 1 / (1 + np.exp(-u))}
    exec(compile(source, f"<{exercise}>", "exec"), namespace)  # the learner's code
    return namespace[exercise]


def _verdict(exercise, words, source):
    result = CHECKS[exercise](_function(exercise, source))
    if result.passed:
        return "passed", result
    # The diagnosis only: the report's lines without the cited equations and the cases' labels.
    lines = [" ".join([headline, *details]) for _, headline, details, _ in result._items()]
    text = re.sub(r"\[[^]]*\]", "", " ".join(" ".join(lines).split())).lower()
    required = [w for w in words if not w.startswith("!")]
    if any(w[1:].lower() in text for w in words if w.startswith("!")):
        return "named wrongly", result
    if all(any(w.lower() in text for w in alternatives.split("|")) for alternatives in required):
        return "named", result
    stated = "likely mistake" in text or "your function takes" in text
    return ("named wrongly" if stated else "not named"), result


def test_the_corpus_is_large_enough():
    assert len(WRONG) >= 120 and len(RIGHT) >= 15
    assert len({source for *_, source in WRONG + HELD_OUT}) == len(WRONG) + len(HELD_OUT)


def test_the_corpus_shares_by_kind():
    counts, by_kind = Counter(), {}
    failures = []
    for exercise, kind, words, source in WRONG + HELD_OUT:
        verdict, result = _verdict(exercise, words, source)
        counts[verdict] += 1
        by_kind.setdefault(kind, Counter())[verdict] += 1
        if verdict != "named":
            failures.append((verdict, exercise, source.strip().splitlines()[-1], words))
    right_failed = [(e, k) for e, k, source in RIGHT if not CHECKS[e](_function(e, source)).passed]
    total = len(WRONG) + len(HELD_OUT)
    print(f"\ncorpus: {total} wrong answers: {dict(counts)}; {len(RIGHT)} right answers, "
          f"{len(right_failed)} failed")
    for kind, c in sorted(by_kind.items()):
        print(f"  {kind:18} named {c['named']} of {sum(c.values())}")
    for failure in failures:
        print("  ", *failure)
    assert right_failed == []
    assert counts["passed"] == 0
    assert counts["named wrongly"] == 0
    assert counts["named"] >= 0.7 * (len(WRONG) + len(HELD_OUT))


@pytest.mark.parametrize(("exercise", "kind", "source"), RIGHT, ids=[f"{e}-{k}" for e, k, _ in RIGHT])
def test_a_right_but_unusual_answer_passes(exercise, kind, source):
    result = CHECKS[exercise](_function(exercise, source))
    assert result.passed, str(result)

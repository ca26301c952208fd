"""Exercise 0a, gradients on drawn graphs: right answers pass, each mistake is placed and named.

Each wrong answer is the reference solution with one rule misapplied, as a learner would, and
everything below it computed on from that wrong number (the check must place the mistake where
it was made, and say that the values below only follow from it).
"""

import pytest
from solutions import solutions

from bpteach.exercises import DIAGNOSES, EQUATIONS, check_graph
from bpteach.exercises.graph_gradients import GRAPHS, graph_values


def _answer(k):
    return getattr(solutions, f"gradients_{k}")(graph_values(k))


def _wrong_1_mul(v):       # the multiply rule without the swap: c.grad = c
    g_s, g_c = v["s"], v["c"]
    return {"s": g_s, "c": g_c, "a": g_s, "b": g_s}


def _wrong_1_add(v):       # the add node treated as a multiply
    g_s = v["c"]
    return {"s": g_s, "c": v["s"], "a": g_s * v["b"], "b": g_s * v["a"]}


def _wrong_2_branch(v):    # x: only the share of the edge into E
    g_s = v["x"]
    return {"s": g_s, "y": g_s, "x": v["s"]}


def _wrong_3_max_both(v):  # max: the gradient to both inputs
    answer = _answer(3)
    return {**answer, "c": answer["m"]}


def _wrong_3_max_smaller(v):  # max: the gradient to the smaller input
    g_m = v["d"]
    return {"m": g_m, "d": v["m"], "p": 0.0, "c": g_m, "a": 0.0, "b": 0.0}


def _wrong_4_relu_inactive(v):  # ReLU passes the gradient although q < 0
    g_q = 1.0
    return {**_answer(4), "q": g_q, "w2": g_q * v["x"], "x": v["w1"] + g_q * v["w2"]}


def _wrong_4_relu_output(v):   # ReLU's output taken as its derivative
    g_p = 1.0 * v["r1"]
    return {**_answer(4), "p": g_p, "w1": g_p * v["x"], "x": g_p * v["w1"]}


def _sigmoid_variant(local):
    def wrong(v):
        y = v["y"]
        g_y = y - v["t"]
        g_u = g_y * local(v)
        return {"y": g_y, "u": g_u, "p": g_u, "b": g_u, "x": g_u * v["w"], "w": g_u * v["x"]}
    return wrong


def _sigma(z):
    import math
    return 1 / (1 + math.exp(-z))


def _wrong_5_error_itself(v):
    g_y = 0.5 * (v["y"] - v["t"]) ** 2
    g_u = g_y * v["y"] * (1 - v["y"])
    return {"y": g_y, "u": g_u, "p": g_u, "b": g_u, "x": g_u * v["w"], "w": g_u * v["x"]}


def _wrong_5_no_upstream(v):  # the sigmoid's local derivative alone
    g_u = v["y"] * (1 - v["y"])
    return {"y": v["y"] - v["t"], "u": g_u, "p": g_u, "b": g_u, "x": g_u * v["w"], "w": g_u * v["x"]}


def _wrong_1_sign(v):
    return {"s": v["c"], "c": -v["s"], "a": v["c"], "b": v["c"]}


MISTAKES = [
    (1, _wrong_1_mul, "graph_mul_not_swapped", "∂E/∂c", "the edge from c into the × node E"),
    (1, _wrong_1_add, "graph_add_as_mul", "∂E/∂b", "the edge from b into the + node s"),
    (1, _wrong_1_sign, "graph_sign", "∂E/∂c", "the edge from c into the × node E"),
    (2, _wrong_2_branch, "graph_branch_one_share", "∂E/∂x", "the 2 edges of x"),
    (3, _wrong_3_max_both, "graph_max_rule", "∂E/∂c", "the edge from c into the max node m"),
    (3, _wrong_3_max_smaller, "graph_max_rule", "∂E/∂p", "the edge from p into the max node m"),
    (4, _wrong_4_relu_inactive, "graph_relu_inactive", "∂E/∂q", "the edge from q into the ReLU node r2"),
    (4, _wrong_4_relu_output, "graph_relu_output", "∂E/∂p", "the edge from p into the ReLU node r1"),
    (5, _sigmoid_variant(lambda v: _sigma(v["y"]) * (1 - _sigma(v["y"]))), "graph_sigmoid_of_output",
     "∂E/∂u", "the edge from u into the σ node y"),
    (5, _sigmoid_variant(lambda v: v["u"] * (1 - v["u"])), "graph_sigmoid_at_input", "∂E/∂u", "σ node y"),
    (5, _sigmoid_variant(lambda v: v["y"]), "graph_sigmoid_y", "∂E/∂u", "σ node y"),
    (5, _sigmoid_variant(lambda v: 1 - v["y"]), "graph_sigmoid_1_minus_y", "∂E/∂u", "σ node y"),
    (5, _wrong_5_error_itself, "graph_error_itself", "∂E/∂y", "the edge from y into the ½(y−t)² node E"),
    (5, _wrong_5_no_upstream, "graph_no_upstream", "∂E/∂u", "σ node y"),
]


@pytest.mark.parametrize("k", sorted(GRAPHS))
def test_the_reference_answers_pass_as_functions_and_as_dicts(k):
    function = getattr(solutions, f"gradients_{k}")
    assert check_graph(k, function).passed
    assert check_graph(k, function(graph_values(k))).passed
    assert "PASSED" in str(check_graph(k, function))


@pytest.mark.parametrize("k", sorted(GRAPHS))
def test_the_rules_agree_with_central_differences(k):
    graph = GRAPHS[k]
    right, numeric = graph.gradients(), graph.numeric()
    assert all(abs(right[n] - numeric[n]) < 1e-7 for n in right)


@pytest.mark.parametrize(("k", "wrong", "key", "output", "edge"), MISTAKES,
                         ids=[m[2] for m in MISTAKES])
def test_each_mistake_is_placed_on_its_edge_and_named(k, wrong, key, output, edge):
    result = check_graph(k, wrong(graph_values(k)))
    assert not result.passed
    first = next(o for o in result.outputs if (o.name, o.diagnosis) == (output, key))
    assert not first.correct
    text = " ".join(str(result).split())
    assert edge in text
    assert EQUATIONS[DIAGNOSES[key][1]].cite() in text
    # below the mistake, the values that only follow from it are said to, not named again
    for out in result.outputs:
        if not out.correct and out.diagnosis is None:
            assert "follows by the rule from your" in out.diagnosis_text or "rule that applies" in \
                out.diagnosis_text


def test_every_graph_diagnosis_is_tested():
    assert {key for key in DIAGNOSES if key.startswith("graph_")} == {m[2] for m in MISTAKES}


def test_a_value_that_follows_from_a_wrong_one_above_is_measured_as_such():
    text = " ".join(str(check_graph(5, _wrong_5_no_upstream(graph_values(5)))).split())
    assert "your ∂E/∂p follows by the rule from your ∂E/∂u, which is wrong: fix that first" in text


def test_missing_values_the_skeleton_and_bad_arguments_get_clear_messages():
    def skeleton(values):
        raise NotImplementedError("fill in the dict")

    assert "the skeleton is still there" in " ".join(str(check_graph(1, skeleton)).split())
    assert "missing: b" in str(check_graph(1, {"s": -3.0, "c": 2.0, "a": -3.0}))
    assert "not a value of this graph: z" in str(check_graph(1, {**_answer(1), "z": 1.0}))
    with pytest.raises(ValueError, match="number must be one of the graphs"):
        check_graph(6, {})

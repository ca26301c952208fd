r"""Exercise 0a: the gradient on every edge of a small drawn graph.

Five small graphs, each built from the rules of :doc:`/computational-graph`
(add, multiply, branch, max, ReLU, sigmoid, the error node). The learner
reads the forward values on the drawing and gives
:math:`\partial E/\partial v` for every value :math:`v` of the graph (the
target :math:`t` excepted) in a dict. The check compares each with the
backward pass by the local rules :eq:`graph-rules` (which central
differences confirm), and for a wrong one says on which edge it is, which
rule applies there and, where it can, which mistake the number shows:
measured with the learner's *own* gradient at the node above, so that a
mistake is placed where it was made, not where it shows downstream.
"""

from dataclasses import dataclass

import numpy as np

from bpteach.exercises.diagnoses import DIAGNOSES
from bpteach.exercises.engine import _learner_line, twinned
from bpteach.exercises.language import N_, _
from bpteach.exercises.report import CheckResult, OutputReport, Problem, translation
from bpteach.gradcheck import numerical_gradient

# A value read off the figure (3 decimals) and computed on by hand is right to this.
_RTOL, _ATOL = 5e-3, 5e-4


def _sigmoid(u):
    return 1.0 / (1.0 + np.exp(-u))


#: What each node computes from its inputs' values.
_FORWARD = {
    "add": lambda p, q: p + q,
    "mul": lambda p, q: p * q,
    "max": lambda p, q: max(p, q),
    "relu": lambda u: max(u, 0.0),
    "sigmoid": _sigmoid,
    "error": lambda y, t: 0.5 * (y - t) ** 2,
}

#: The node's symbol in the report's text.
WORD = {"add": "+", "mul": "×", "max": "max", "relu": "ReLU", "sigmoid": "σ", "error": "½(y−t)²"}

#: The node's symbol on the drawing (mathtext, so that no figure text needs a translation).
SYMBOL = {"add": "+", "mul": "×", "max": r"$\max$", "relu": r"$\mathrm{ReLU}$", "sigmoid": "σ",
          "error": "½(y−t)²"}


@dataclass
class Graph:
    """A small computational graph: ``nodes`` are (name, op, inputs, value or None, (x, y)).

    Leaves have op ``"leaf"`` and a value; every other node's value is computed. The last
    node is E. A leaf named ``t`` is the target, whose gradient is not asked for.
    """

    title: str
    nodes: list

    def __post_init__(self):
        self.values = {}
        for name, op, inputs, value, _place in self.nodes:
            self.values[name] = value if op == "leaf" else _FORWARD[op](*(self.values[i] for i in inputs))
        self.position = {name: where for name, _, _, _, where in self.nodes}
        self.op = {name: op for name, op, _, _, _ in self.nodes}
        self.inputs = {name: inputs for name, _, inputs, _, _ in self.nodes}
        self.out = self.nodes[-1][0]
        self.asked = [name for name, _, _, _, _ in reversed(self.nodes) if name not in (self.out, "t")]

    def consumers(self, name):
        """The edges leaving `name`: [(node, position of `name` among its inputs)]."""
        return [(node, k) for node, _, inputs, _, _ in self.nodes for k, i in enumerate(inputs) if i == name]

    def local(self, node, k, mistake=None):
        """The local derivative of `node` with respect to its k-th input (with a mistake, if asked)."""
        op, v = self.op[node], self.values
        args = [v[i] for i in self.inputs[node]]
        y = v[node]
        if op == "add":
            return args[1 - k] if mistake == "add_as_mul" else 1.0
        if op == "mul":
            return args[k] if mistake == "mul_not_swapped" else args[1 - k]
        if op == "max":
            won = 1.0 if args[k] >= args[1 - k] else 0.0
            return 1.0 - won if mistake == "max_rule" else 1.0 if mistake == "max_rule_both" else won
        if op == "relu":
            if mistake == "relu_output":
                return y
            return 1.0 if (args[0] > 0 or mistake == "relu_inactive") else 0.0
        if op == "sigmoid":
            s = _sigmoid(y)
            return {"sigmoid_of_output": s * (1 - s), "sigmoid_at_input": args[0] * (1 - args[0]),
                    "sigmoid_y": y, "sigmoid_1_minus_y": 1 - y}.get(mistake, y * (1 - y))
        if op == "error":
            sign = 1.0 if k == 0 else -1.0  # ∂E/∂y = y − t, ∂E/∂t = t − y
            return sign * y if mistake == "error_itself" else sign * (args[0] - args[1])
        raise ValueError(op)

    def gradients(self):
        """∂E/∂v for every value v, by the local rules from E back to the leaves."""
        grads = {name: 0.0 for name in self.values}
        grads[self.out] = 1.0
        for node, _op, inputs, _value, _place in reversed(self.nodes):
            for k, i in enumerate(inputs):
                grads[i] += grads[node] * self.local(node, k)
        return grads

    def numeric(self):
        """Central differences of E with respect to every value (the nodes after it recomputed)."""
        found = {}
        names = [n for n, *_ in self.nodes]
        for j, name in enumerate(names):
            point = np.array([self.values[name]])

            def error(j=j, point=point):
                values = dict(self.values)
                values[names[j]] = point[0]
                for node, op, inputs, _value, _place in self.nodes[j + 1:]:
                    if op != "leaf":
                        values[node] = _FORWARD[op](*(values[i] for i in inputs))
                return values[self.out]

            found[name] = float(numerical_gradient(error, point)[0])
        return found


def _graphs():
    """The five graphs of exercise 0a (numbers chosen so that each mistake gives another number)."""
    return {
        1: Graph(N_("add and multiply: E = (a + b) · c"), [
            ("a", "leaf", (), 3.0, (0, 2)), ("b", "leaf", (), -1.0, (0, 0.5)),
            ("c", "leaf", (), -3.0, (2.5, -0.5)), ("s", "add", ("a", "b"), None, (2.5, 1.25)),
            ("E", "mul", ("s", "c"), None, (5, 1.25))]),
        2: Graph(N_("a branch: E = (x + y) · x"), [
            ("x", "leaf", (), 3.0, (0, 0.25)), ("y", "leaf", (), -1.0, (0, 2.25)),
            ("s", "add", ("x", "y"), None, (2.5, 1.75)), ("E", "mul", ("s", "x"), None, (5, 1.0))]),
        3: Graph(N_("max: E = max(a · b, c) · d"), [
            ("a", "leaf", (), 1.5, (0, 2.5)), ("b", "leaf", (), 2.0, (0, 1.0)),
            ("c", "leaf", (), 1.0, (0, -0.5)), ("d", "leaf", (), -3.0, (5, -0.5)),
            ("p", "mul", ("a", "b"), None, (2.5, 1.75)), ("m", "max", ("p", "c"), None, (5, 1.0)),
            ("E", "mul", ("m", "d"), None, (7.5, 1.0))]),
        4: Graph(N_("ReLU and a branch: E = ReLU(w₁ x) + ReLU(w₂ x)"), [
            ("x", "leaf", (), 2.0, (0, 1.0)), ("w1", "leaf", (), 1.5, (2.5, 3.6)),
            ("w2", "leaf", (), -0.5, (2.5, -1.6)),
            ("p", "mul", ("x", "w1"), None, (2.5, 2.0)), ("q", "mul", ("x", "w2"), None, (2.5, 0.0)),
            ("r1", "relu", ("p",), None, (5, 2.0)), ("r2", "relu", ("q",), None, (5, 0.0)),
            ("E", "add", ("r1", "r2"), None, (7.5, 1.0))]),
        5: Graph(N_("a sigmoid neuron and its error: E = ½(σ(w x + b) − t)²"), [
            ("x", "leaf", (), 1.5, (0, 2.5)), ("w", "leaf", (), 1.2, (0, 1.0)),
            ("b", "leaf", (), -0.3, (2.5, -0.5)), ("t", "leaf", (), 1.0, (7.5, 2.5)),
            ("p", "mul", ("x", "w"), None, (2.5, 1.75)), ("u", "add", ("p", "b"), None, (5, 1.0)),
            ("y", "sigmoid", ("u",), None, (7.5, 1.0)), ("E", "error", ("y", "t"), None, (10, 1.0))]),
    }


GRAPHS = _graphs()


def graph_values(number):
    """The forward values of graph `number` (1 to 5), by name: what its drawing shows.

    Raises
    ------
    ValueError
        If `number` is not one of the graphs' numbers.
    """
    if number not in GRAPHS:
        raise ValueError(f"graph must be one of {sorted(GRAPHS)}; got {number!r}")
    return dict(GRAPHS[number].values)


def _radius(op):
    """The radius of a node's circle on the drawing (a leaf is a dot)."""
    return {"leaf": 0.05, "error": 0.62, "relu": 0.5}.get(op, 0.4)


def _pretty(name):
    return name.replace("1", "₁").replace("2", "₂")


def draw_graph(number, ax=None):
    """Draw graph `number`: nodes, edges, each edge's value (black) and a red ``?`` for its gradient.

    The title names the graph ("Graph 1 — add and multiply: E = (a + b) · c"), in the
    language of the checks' reports. Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    graph = GRAPHS[number]
    if ax is None:
        width = max(x for x, _y in graph.position.values()) + 5.4
        _fig, ax = plt.subplots(figsize=(0.95 * width, 3.6), layout="constrained")
    white = dict(facecolor="white", edgecolor="none", pad=0.4)
    out_x, out_y = graph.position[graph.out]
    ends = [(i, node) for node, _op, inputs, _f, _xy in graph.nodes for i in inputs]
    ends.append((graph.out, None))
    for start, end in ends:
        (x0, y0) = graph.position[start]
        (x1, y1) = graph.position[end] if end else (out_x + 2.6, out_y)
        length = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        r0 = _radius(graph.op[start]) + 0.04
        r1 = _radius(graph.op[end]) + 0.04 if end else 0.0
        ax.annotate("", (x1 - r1 * ux, y1 - r1 * uy), (x0 + r0 * ux, y0 + r0 * uy), arrowprops=dict(
            arrowstyle="-|>", color="0.4", shrinkA=0, shrinkB=0))
        mx, my = (x0 + x1) / 2 + (0.35 if not end else 0.0), (y0 + y1) / 2
        name = _pretty(start)
        branched = len(graph.consumers(start)) > 1
        if x0 == x1:  # a vertical edge: the value left of it, the gradient right of it
            ax.text(mx - 0.12, my, f"{name} = {graph.values[start]:.4g}", ha="right", va="center",
                    fontsize=10, bbox=white)
            if start in graph.asked:
                ax.text(mx + 0.12, my, f"∂E/∂{name} = ?", ha="left", va="center", fontsize=10,
                        color="tab:red", fontweight="bold", bbox=white)
            continue
        ax.text(mx, my + 0.08, f"{name} = {graph.values[start]:.4g}", ha="center", va="bottom",
                fontsize=10, bbox=white)
        if start in graph.asked and not branched:
            ax.text(mx, my - 0.08, f"∂E/∂{name} = ?", ha="center", va="top", fontsize=10,
                    color="tab:red", fontweight="bold", bbox=white)
    for name in graph.asked:  # a branched value: one gradient, the sum over its edges, at the value
        if len(graph.consumers(name)) > 1:
            x, y = graph.position[name]
            ax.text(x - 0.2, y, f"∂E/∂{_pretty(name)} = ?", ha="right", va="center", fontsize=10,
                    color="tab:red", fontweight="bold", bbox=white)
    for _node, op, _inputs, _f, (x, y) in graph.nodes:
        if op == "leaf":
            ax.plot(x, y, "o", color="0.2", ms=5)
            continue
        ax.add_patch(Circle((x, y), _radius(op), facecolor="white", edgecolor="0.2", lw=1.5, zorder=3))
        ax.text(x, y, SYMBOL[op], ha="center", va="center", zorder=4,
                fontsize=9 if op in ("error", "relu", "max") else 15)
    ax.text(out_x + 2.7, out_y, "E", ha="left", va="center", fontsize=12)
    xs = [x for x, _y in graph.position.values()]
    ys = [y for _x, y in graph.position.values()]
    ax.set_xlim(min(xs) - 2.2, max(xs) + 3.2)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    # The title names the graph, for the reader and for the figure's alt text (a drawing has no axes).
    ax.set_title(_("Graph {number} — {title}").format(number=number, title=_(graph.title)), fontsize=11)
    return ax


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------

#: The rule on each kind of edge, in words: what the report says applies there.
RULES = {
    "add": N_("the add rule: an add node passes the gradient at its output on, unchanged, to each input"),
    "mul": N_("the multiply rule: the gradient at the output times the *other* input (the inputs swap)"),
    "max": N_("the max rule: the gradient at the output goes to the larger input, and 0 to the other"),
    "relu": N_("the ReLU rule: the gradient passes where the input is positive, and 0 goes back where it "
               "is negative"),
    "sigmoid": N_("the sigmoid rule: the gradient at the output times σ′(u) = y (1 − y), with the output y"),
    "error": N_("the error node ½(y − t)² sends back y − t"),
    "branch": N_("the branch rule: the value feeds {n} nodes, and the gradients that come back along its "
                 "edges add"),
}

#: The mistakes each kind of node lets a learner make (keys of graph.local's `mistake`).
_MISTAKES = {"add": ["add_as_mul"], "mul": ["mul_not_swapped"], "max": ["max_rule", "max_rule_both"],
             "relu": ["relu_inactive", "relu_output"],
             "sigmoid": ["sigmoid_of_output", "sigmoid_at_input", "sigmoid_y", "sigmoid_1_minus_y"],
             "error": ["error_itself"]}


def _close(a, b):
    return abs(a - b) <= _RTOL * abs(b) + _ATOL


def _edge_words(graph, name):
    """'the edge from a into the + node s' (one edge), or 'the 2 edges of x' (a branch)."""
    edges = graph.consumers(name)
    if len(edges) == 1:
        node = edges[0][0]
        return _("the edge from {name} into the {op} node {node}").format(
            name=name, op=WORD[graph.op[node]], node=node)
    return _("the {count} edges of {name} (into {nodes})").format(
        count=len(edges), name=name, nodes=", ".join(n for n, _k in edges))


def _judge(graph, name, got, given):
    """(diagnosis key or None, words, equation key) for a wrong ∂E/∂name."""
    edges = graph.consumers(name)
    upstream = {node: (1.0 if node == graph.out else given.get(node)) for node, _ in edges}
    ops = {graph.op[node] for node, _ in edges}
    equation = "sigmoid-derivative" if ops == {"sigmoid"} else "graph-rules"
    rules = [_(RULES["branch"]).format(n=len(edges))] if len(edges) > 1 else []
    rules += [_(RULES[op]) for op in dict.fromkeys(graph.op[node] for node, _k in edges)]
    rule = _("; ").join(rules)
    if any(not isinstance(g, float) for g in upstream.values()):
        return None, _("the rule that applies: {rule}").format(rule=rule), equation
    shares = [upstream[node] * graph.local(node, k) for node, k in edges]
    if _close(got, sum(shares)):
        above = [node for node, _ in edges if node != graph.out and not _close(
            upstream[node], graph.gradients()[node])]
        wrong = _(" and ").join(f"∂E/∂{node}" for node in above)
        text = (_("your ∂E/∂{name} follows by the rule from your {above}, which is wrong: fix that first")
                if len(above) == 1 else
                _("your ∂E/∂{name} follows by the rule from your {above}, which are wrong: fix those first"))
        return None, text.format(name=name, above=wrong), None
    found = []
    if len(edges) > 1:
        found += [("graph_branch_one_share", node) for (node, _), share in zip(edges, shares)
                  if _close(got, share)]
    for j, (node, k) in enumerate(edges):
        for mistake in _MISTAKES[graph.op[node]]:
            total = sum(shares) - shares[j] + upstream[node] * graph.local(node, k, mistake)
            if _close(got, total) and not _close(total, sum(shares)):
                found.append(("graph_" + mistake.removesuffix("_both"), node))
        no_upstream = sum(shares) - shares[j] + graph.local(node, k)
        if node != graph.out and _close(got, no_upstream) and not _close(no_upstream, sum(shares)):
            found.append(("graph_no_upstream", node))
    if _close(got, -sum(shares)) and abs(sum(shares)) > _ATOL:
        found.append(("graph_sign", edges[0][0]))
    keys = list(dict.fromkeys(key for key, _ in found))
    if len(keys) == 1:  # one mistake explains the number; two would be a guess
        key, node = found[0]
        text = _(DIAGNOSES[key][0]).format(output=f"∂E/∂{name}", where=node)
        return key, text, DIAGNOSES[key][1]  # the equation that the mistake's words cite
    measured = _("your ∂E/∂{name} = {got:.4g} fits no single mistake of the rules")
    if keys:
        measured = _("your ∂E/∂{name} = {got:.4g} fits more than one mistake, so none is named")
    return None, _("{measured}; the rule that applies: {rule}").format(
        measured=measured.format(name=name, got=got), rule=rule), equation


class GraphResult(CheckResult):
    """The report of exercise 0a: one line per value of the graph, the wrong ones with their rule."""

    show_cases = False  # one case, the graph, which the title names

    def _items(self):
        _ = translation(self.language).gettext
        items = [(False, p.message, [], p.equation) for p in self.problems]
        for out in self.outputs:
            if out.correct:
                right = _("{output} = {value:.4g}: right").format(output=out.name, value=out.value)
                items.append((True, right, [], None))
            elif out.message:
                details = [(_("likely mistake: {mistake}").format(mistake=out.diagnosis_text) if out.diagnosis
                            else _("measured: {measurement}").format(measurement=out.diagnosis_text))]
                items.append((False, _("{output}: {message}").format(output=out.name, message=out.message),
                               details, out.equation))
        return items


@twinned
def check_graph(number, gradients):
    r"""Check the gradients of graph `number` of exercise 0a, given as ``{name: ∂E/∂name}``.

    Parameters
    ----------
    number : int
        The graph, 1 to 5 (``graph_gradients.GRAPHS``; ``graph_gradients.draw_graph`` draws it).
    gradients : dict or callable
        :math:`\partial E/\partial v` for every value :math:`v` of the graph
        but E and the target t, by its name (``"a"``, ``"s"``, ``"w1"`` ...);
        or a function that takes the forward values (``graph_gradients.graph_values``)
        and returns that dict.
        Numbers read off the drawing (3 decimals) and computed on by hand
        are right to :math:`5\cdot 10^{-3}` relative.

    Returns
    -------
    CheckResult
        One line per value; a wrong one names its edge, the rule that
        applies there (:eq:`graph-rules`) and, where the number shows it,
        the mistake, measured with your own gradient at the node above.

    Raises
    ------
    ValueError
        If `number` is not one of the graphs' numbers.

    Examples
    --------
    >>> from bpteach.exercises import check_graph
    >>> print(check_graph(1, {"s": -3.0, "c": -3.0, "a": -3.0, "b": -3.0}))  # doctest: +ELLIPSIS
    Exercise 0a, graph 1: add and multiply: E = (a + b) · c
    ...
      ✗ ∂E/∂c: -3 is wrong, on the edge from c into the × node E
          likely mistake: ∂E/∂c multiplies the gradient at the × node E by the input's own value...
    ...
    """
    if number not in GRAPHS:
        raise ValueError(f"number must be one of the graphs' numbers {sorted(GRAPHS)}; got {number!r}")
    graph = GRAPHS[number]
    answers = "{" + ", ".join(f"'{n}': ∂E/∂{n}" for n in graph.asked) + "}"
    title = _("Exercise 0a, graph {number}: {title}").format(number=number, title=_(graph.title))
    result = GraphResult(title,
                         f"gradients_{number}(values) -> {answers}" if callable(gradients) else answers,
                         kind="function" if callable(gradients) else "answers")
    result.cases = [f"graph {number}"]
    if callable(gradients):  # a function of the forward values that returns the dict
        try:
            gradients = gradients(graph_values(number))
        except Exception as error:  # the learner's code: report it, never re-raise
            hint = (_(" — the skeleton is still there: replace it with your code.")
                    if isinstance(error, NotImplementedError) else "")
            result.problems.append(Problem("raised", _("your function raised {error}").format(
                error=f"{type(error).__name__}: {error}") + _learner_line(error) + hint))
            return result
    if not isinstance(gradients, dict):
        expected = _("expected a dict of gradients by name, got {type}").format(type=type(gradients).__name__)
        if gradients is None:
            expected += _(": did you forget the return statement?")
        result.problems.append(Problem("wrong_type", expected))
        return result
    given = {}
    for name, value in gradients.items():
        if isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_):
            given[name] = float(value)
        elif name in graph.asked:
            result.problems.append(Problem("wrong_type", _("∂E/∂{name} is {value}; expected a number").format(
                name=name, value=repr(value))))
    missing = [n for n in graph.asked if n not in gradients]
    extra = [n for n in gradients if n not in graph.asked and n != graph.out]
    if missing:
        result.problems.append(Problem("missing", _("missing: {names} (give ∂E/∂v for every value v of the "
                                                    "graph but E and t)").format(names=", ".join(missing))))
    if extra:
        result.problems.append(Problem("extra", _("not a value of this graph: {names} (its values: {values})")
                                       .format(names=", ".join(extra), values=", ".join(graph.asked))))
    if graph.out in gradients and given.get(graph.out) != 1.0:
        result.problems.append(Problem("seed", _("∂E/∂E is 1, not {value}").format(
            value=repr(gradients[graph.out])), "graph-rules"))
    right = graph.gradients()
    for name in graph.asked:
        if name not in given:
            continue
        report = OutputReport(f"∂E/∂{name}", cases_total=1)
        report.value = given[name]
        if _close(given[name], right[name]):
            report.cases_passed = 1
        else:
            report.correct = False
            report.message = _("{value:.4g} is wrong, on {edge}").format(value=given[name],
                                                                           edge=_edge_words(graph, name))
            report.diagnosis, report.diagnosis_text, report.equation = _judge(graph, name, given[name], given)
        result.outputs.append(report)
    return result

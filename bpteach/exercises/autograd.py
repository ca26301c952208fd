r"""Exercise 0b: a tiny autograd, a scalar ``Value`` class with ``backward()``.

The check builds three graphs with the learner's class, from ``+``, ``*`` and
``.sigmoid()`` alone, calls ``E.backward()`` twice and reads every node's
``.grad``:

* the graph of :doc:`/computational-graph` (a 1-2-1 network without biases and
  its error for one sample, :eq:`graph-rules`);
* the one-sample error of the textbook's 1-3-1 network, with drawn parameters;
* a small graph in which an inner node feeds two nodes at different depths,
  where a visiting order that is not reverse topological shows.

Every gradient is compared with bpteach's backward pass
(:meth:`bpteach.network.Network.backward`, where the graph is a network),
with bpteach's own scalar graph (:class:`_Node` below, whose gradients are
the local rules :eq:`graph-rules`) and with central differences of
:math:`E` with respect to each node's value. A mistake is named when the
learner's numbers equal those of the same graph run with that mistake, in
every failing case.
"""

from itertools import product

import numpy as np

from bpteach.activations import Identity, Sigmoid
from bpteach.exercises.engine import _Case, _Checker, _learner_line, _short_repr, twinned
from bpteach.exercises.language import N_, _, ngettext
from bpteach.gradcheck import numerical_gradient
from bpteach.layers import Dense
from bpteach.losses import SumOfSquares
from bpteach.network import Network


def _sigmoid(u):
    with np.errstate(all="ignore"):
        return float(1.0 / (1.0 + np.exp(-u)))


class _Node:
    """bpteach's scalar node: what a right ``Value`` holds (op, inputs, data)."""

    def __init__(self, data, inputs=(), op="leaf"):
        self.data, self.inputs, self.op = float(data), inputs, op
        self.index = None

    def __add__(self, other):
        return _Node(self.data + other.data, (self, other), "add")

    def __mul__(self, other):
        return _Node(self.data * other.data, (self, other), "mul")

    def sigmoid(self):
        return _Node(_sigmoid(self.data), (self,), "sigmoid")


# ---------------------------------------------------------------------------
# The three graphs, written once for any class with +, * and .sigmoid()
# ---------------------------------------------------------------------------

def _chapter5(V, keep):
    """The graph of the computational-graph chapter, with its sample (x = 0.8, t = 1)."""
    x, w1, w2, w3, w4 = (keep(n, V(v)) for n, v in (("x", 0.8), ("w1", 0.5), ("w2", -1.0),
                                                     ("w3", 1.5), ("w4", 2.0)))
    t, minus_one, half = keep("t", V(1.0)), keep("-1", V(-1.0)), keep("½", V(0.5))
    h1 = keep("h1", keep("u1", x * w1).sigmoid())
    h2 = keep("h2", keep("u2", x * w2).sigmoid())
    y = keep("y", keep("h1·w3", h1 * w3) + keep("h2·w4", h2 * w4))
    d = keep("y − t", y + keep("−t", minus_one * t))
    return keep("E", half * keep("(y − t)²", d * d))


def _net131(params, x_value, t_value):
    """The one-sample error of the 1-3-1 network, for any class: ``build(V, keep) -> E``."""
    W1, b1, W2, b2 = params

    def build(V, keep):
        x = keep("x", V(x_value))
        w1 = [keep(f"W1[0,{j}]", V(W1[0, j])) for j in range(3)]
        c1 = [keep(f"b1[{j}]", V(b1[j])) for j in range(3)]
        w2 = [keep(f"W2[{j},0]", V(W2[j, 0])) for j in range(3)]
        c2 = keep("b2[0]", V(b2[0]))
        t, minus_one, half = keep("t", V(t_value)), keep("-1", V(-1.0)), keep("½", V(0.5))
        y1 = [keep(f"y1[{j}]", keep(f"u1[{j}]", keep(f"x·W1[0,{j}]", x * w1[j]) + c1[j]).sigmoid())
              for j in range(3)]
        y = keep("y1[0]·W2[0,0]", y1[0] * w2[0])
        for j in (1, 2):
            y = keep(f"sum to {j}", y + keep(f"y1[{j}]·W2[{j},0]", y1[j] * w2[j]))
        y = keep("y", y + c2)
        d = keep("y − t", y + keep("−t", minus_one * t))
        return keep("E", half * keep("(y − t)²", d * d))

    return build


def _shared(V, keep):
    """q = σ(w·x) feeds E directly and, two nodes deeper, through σ(q·x): E = σ(q·x)·q."""
    x, w = keep("x", V(1.3)), keep("w", V(0.7))
    q = keep("q", keep("w·x", w * x).sigmoid())
    r = keep("r", keep("q·x", q * x).sigmoid())
    return keep("E", r * q)


def _record(build, V):
    """Build a graph with class V: (E, [(name, node)] in the order of creation)."""
    kept = []

    def keep(name, node):
        kept.append((name, node))
        return node

    E = build(V, keep)
    return E, kept


# ---------------------------------------------------------------------------
# The backward pass of bpteach's graph, right or with one mistake
# ---------------------------------------------------------------------------

class _Graph:
    """The structure of a built graph: each node's op, inputs (indices) and forward value."""

    def __init__(self, build):
        self.E, kept = _record(build, _Node)
        self.names = [name for name, _ in kept]
        self.nodes = [node for _, node in kept]
        for i, node in enumerate(self.nodes):
            node.index = i
        self.out = self.E.index
        self.data = np.array([node.data for node in self.nodes])
        self.inputs = [tuple(n.index for n in node.inputs) for node in self.nodes]
        self.ops = [node.op for node in self.nodes]
        self.leaves = [i for i, op in enumerate(self.ops) if op == "leaf"]

    def forward(self, data):
        """E with every node's value taken from `data` where it is a leaf, recomputed elsewhere."""
        value = data.copy()
        for i, op in enumerate(self.ops):
            a = self.inputs[i]
            if op == "add":
                value[i] = value[a[0]] + value[a[1]]
            elif op == "mul":
                value[i] = value[a[0]] * value[a[1]]
            elif op == "sigmoid":
                value[i] = _sigmoid(value[a[0]])
        return value[self.out]

    def numeric(self):
        """Central differences of E with respect to every node's value (the nodes after it recomputed)."""
        grads = np.zeros(len(self.nodes))
        for i in range(len(self.nodes)):
            def error(i=i, point=None):
                data = self.data.copy()
                data[i] = point[0]
                for j in range(i + 1, len(self.nodes)):  # the nodes after i, from i's new value
                    a, op = self.inputs[j], self.ops[j]
                    if op == "add":
                        data[j] = data[a[0]] + data[a[1]]
                    elif op == "mul":
                        data[j] = data[a[0]] * data[a[1]]
                    elif op == "sigmoid":
                        data[j] = _sigmoid(data[a[0]])
                return data[self.out]
            point = np.array([self.data[i]])
            grads[i] = numerical_gradient(lambda error=error, point=point: error(point=point), point)[0]
        return grads

    def locals_(self, i, *, swap=False, sigmoid="y(1-y)", add="1"):
        """[(input index, local derivative)] of node i, by the rules of :eq:`graph-rules`."""
        a, op, data = self.inputs[i], self.ops[i], self.data
        if op == "add":
            if add == "other":  # the multiply rule copied into the add node
                return [(a[0], data[a[1]]), (a[1], data[a[0]])]
            return [(a[0], 1.0), (a[1], 1.0)]
        if op == "mul":
            if swap:  # each input times its own value, not the other's
                return [(a[0], data[a[0]]), (a[1], data[a[1]])]
            return [(a[0], data[a[1]]), (a[1], data[a[0]])]
        if op == "sigmoid":
            y, u = data[i], data[a[0]]
            s = _sigmoid(y)
            local = {"y(1-y)": y * (1 - y), "σ(y)(1-σ(y))": s * (1 - s), "u(1-u)": u * (1 - u),
                     "y": y, "1-y": 1 - y}[sigmoid]
            return [(a[0], local)]
        return []

    def orders(self):
        """Reverse topological orders a learner's code may take: by creation, and micrograd's
        depth-first one with the inputs visited left first or right first."""
        found = [list(range(len(self.nodes)))[::-1]]
        for flip in (False, True):
            topo, seen = [], set()

            def build(i, flip=flip, topo=topo, seen=seen):
                if i in seen:
                    return
                seen.add(i)
                for j in (self.inputs[i][::-1] if flip else self.inputs[i]):
                    build(j)
                topo.append(i)

            build(self.out)
            if topo[::-1] not in found:
                found.append(topo[::-1])
        return found

    def visits_not_topological(self):
        """Visiting orders that are not reverse topological: forward order, a recursion along
        every path (inputs left or right first, repeated inputs once or twice), a breadth-first
        walk that visits each node once, when first reached."""
        found = [list(range(len(self.nodes)))]  # the topological order itself, not reversed
        for flip, dedup in product((False, True), repeat=2):
            visits = []

            def walk(i, flip=flip, dedup=dedup, visits=visits):
                visits.append(i)
                inputs = self.inputs[i][::-1] if flip else self.inputs[i]
                for j in (dict.fromkeys(inputs) if dedup else inputs):
                    walk(j)

            walk(self.out)
            found.append(visits)
        for flip in (False, True):
            queue, seen, visits = [self.out], {self.out}, []
            while queue:
                i = queue.pop(0)
                visits.append(i)
                for j in (self.inputs[i][::-1] if flip else self.inputs[i]):
                    if j not in seen:
                        seen.add(j)
                        queue.append(j)
            found.append(visits)
        return found

    def backward(self, visits=None, *, assign=(), seed=1.0, upstream=True, start=None, **rules):
        """Every node's gradient after one backward pass, with the mistakes asked for."""
        grads = np.zeros(len(self.nodes)) if start is None else start.copy()
        grads[self.out] = seed
        for i in (self.orders()[0] if visits is None else visits):
            for j, local in self.locals_(i, **rules):
                share = (grads[i] if upstream else 1.0) * local
                if self.ops[i] in assign:
                    grads[j] = share
                else:
                    grads[j] += share
        return grads

    def twice(self, reset=True, **mistake):
        """The gradients after the first and after the second call of backward()."""
        first = self.backward(**mistake)
        second = self.backward(start=None if reset else first, **mistake)
        return first, second


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------

#: The outputs of the check, read from the learner's nodes after E.backward().
_OUTPUTS = ["E.data", N_("the weights' .grad"), "x.grad", N_("the other nodes' .grad"),
            N_("every .grad after a second E.backward()")]


def _variants(graph, weights, x):
    """Each mistake -> the outputs (as the check reads them) of the graph run with it."""
    inner = [i for i in range(len(graph.nodes)) if i not in weights and i != x]

    def outputs(first, second):
        return (None, first[weights], first[[x]], first[inner], second)

    def run(**mistake):
        reset = mistake.pop("reset", True)
        return outputs(*graph.twice(reset=reset, **mistake))

    found = {
        "autograd_not_reset": run(reset=False),
        "autograd_mul_not_swapped": run(swap=True),
        "autograd_sigmoid_of_output": run(sigmoid="σ(y)(1-σ(y))"),
        "autograd_sigmoid_at_input": run(sigmoid="u(1-u)"),
        "autograd_sigmoid_one_factor": [run(sigmoid="y"), run(sigmoid="1-y")],
        "autograd_add_as_mul": run(add="other"),
        "autograd_no_upstream": [run(upstream=False), run(upstream=False, reset=False)],
        "autograd_assigned": [run(assign=assign, visits=visits)
                              for assign in (("add", "mul", "sigmoid"), ("mul",), ("add",))
                              for visits in graph.orders()],
        "autograd_not_topological": [run(visits=visits) for visits in graph.visits_not_topological()],
        # both at once: where the order does not matter (chapter 5's graph) only the second call is
        # wrong, as with a missing reset alone; the other graphs show that the order is wrong too
        "autograd_order_and_not_reset": [run(visits=visits, reset=False)
                                         for visits in graph.visits_not_topological()],
        # last: all zeros, which a wrong order also leaves in the weights (named by the other outputs)
        "autograd_seed_not_one": [run(seed=0.0)],
    }
    # The mistakes of the forward pass leave E.data wrong, and so every gradient.
    return found


def _network_121(w1, w2, w3, w4):
    net = Network([Dense(1, 2, Sigmoid(), rng=np.random.default_rng(0)),
                   Dense(2, 1, Identity(), rng=np.random.default_rng(0))], loss=SumOfSquares())
    hidden, output = net.layers
    hidden.W[...], output.W[...] = [[w1, w2]], [[w3], [w4]]
    hidden.b[...], output.b[...] = 0.0, 0.0
    return net


def _bpteach_gradients(net, x, t):
    """bpteach's backward pass: (E, the weights' gradients in the graph's order, dE/dx)."""
    net.forward(np.array([[x]]))
    grad_x = net.backward(np.array([[t]]))
    return net.error(np.array([[t]])), grad_x[0, 0]


class _ClassChecker(_Checker):
    """Run the learner's class on each graph and judge what its nodes hold."""

    def run_class(self, Value, cases):
        self.result.cases = [case.label for case in cases]
        for report in self.reports:  # gradients the check collects, node by node: no shape to report
            report.shape_shown = False
        if not isinstance(Value, type):
            what = _("an instance") if hasattr(Value, "backward") else type(Value).__name__
            self.problem(None, _("expected a class, got {what} {value}: pass the class Value itself "
                                 "(check_value(Value)), not a node made with it.").format(
                                     what=what, value=_short_repr(Value)))
            for report in self.reports:
                report.correct = False
            return self.result
        for case in cases:
            for report in self.reports:
                report.cases_total += 1
            outputs, failure = self._outputs(Value, case)
            if failure:
                key, message = failure
                self.problem(key, message, case=case)
                self._fail_all(case)
                continue
            case.learner = outputs
            for i, (report, got) in enumerate(zip(self.reports, outputs)):
                if got is None:
                    continue
                self._judge(report, i, got, case)
        self._one_mistake_for_all()
        for report in self.reports:
            if report._failures:
                self._finish(report)
        return self.result

    def _one_mistake_for_all(self):
        """Where a mistake explains every failing case of every wrong output, keep only such ones.

        Zeros in the weights' gradients fit both a missing E.grad = 1 and a wrong visiting
        order; the other outputs tell them apart, and the report names one mistake, not two.
        """
        holding = []
        for report in self.reports:
            failures = [f for f in report._failures if f[3] is not None and f[1] is None]
            if failures:
                keys = set.intersection(*({key for key, _ in f[5]} for f in failures))
                holding.append(keys)
        common = set.intersection(*holding) if holding else set()
        if not common:
            return
        for report in self.reports:
            for f in report._failures:
                if f[3] is not None and f[1] is None:
                    f[5][:] = [(key, text) for key, text in f[5] if key in common]

    def _outputs(self, Value, case):
        """What the learner's nodes hold: the five outputs, or (key, what went wrong)."""
        kept = []

        def keep(name, node):
            if not hasattr(node, "data"):
                raise _NotANode(name, node)
            kept.append((name, node))
            return node

        try:
            with np.errstate(all="ignore"):
                E = case.build(Value, keep)
        except _NotANode as error:
            return None, ("wrong_type", _("the node {step} is {value}, which has no .data: Value(number), "
                                          "a + b, a * b and a.sigmoid() must each return a Value").format(
                                              step=error.step, value=_short_repr(error.node)))
        except Exception as error:
            line = _learner_line(error)
            after = (_("after the node {name}").format(name=kept[-1][0]) if kept
                     else _("at the first Value(number)"))
            raised = _("your class raised {error}").format(error=f"{type(error).__name__}: {error}")
            return None, ("raised", raised
                          + (line or _(" (while the check built the graph, {after})").format(after=after))
                          + _hint(error))
        nodes = [node for _, node in kept]
        values = []
        for name, node in kept:
            value = _number(node, "data")
            if isinstance(value, str):
                return None, ("wrong_type", _("the .data of the node {name} {problem}").format(
                    name=name, problem=value))
            values.append(value)
        case.learner_data = np.array(values)
        data = values[-1] if kept and kept[-1][1] is E else _number(E, "data")
        if isinstance(data, str):
            return None, ("wrong_type", _("E.data {problem}").format(problem=data))
        for when in ("first", "second"):
            try:
                with np.errstate(all="ignore"):
                    E.backward()
            except Exception as error:
                return None, ("raised", _("E.backward() raised {error}").format(
                    error=f"{type(error).__name__}: {error}") + _learner_line(error) + _hint(error))
            grads = []
            for name, node in kept:
                g = _number(node, "grad")
                if isinstance(g, str):
                    return None, ("wrong_type", _("after E.backward(), the .grad of the node {name} "
                                                  "{problem}").format(name=name, problem=g))
                grads.append(g)
            if when == "first":
                first = np.array(grads)
        second = np.array(grads)
        weights, x = case.weights, case.x
        inner = [i for i in range(len(nodes)) if i not in weights and i != x]
        return [np.asarray(data, dtype=np.float64), first[weights], first[[x]], first[inner], second], None


class _NotANode(Exception):
    def __init__(self, step, node):
        super().__init__(step)
        self.step, self.node = step, node


def _hint(error):
    if isinstance(error, NotImplementedError):
        return _(" — the skeleton is still there: replace it with your code.")
    if isinstance(error, AttributeError) and "sigmoid" in str(error):
        return _(" — the check calls node.sigmoid(): give Value a method sigmoid(self) that returns a "
                 "new Value.")
    if isinstance(error, TypeError) and "unsupported operand" in str(error):
        return _(" — the check computes a + b and a * b with two Values: give Value the methods "
                 "__add__(self, other) and __mul__(self, other), each returning a new Value.")
    return ""


def _number(node, attribute):
    """node.data or node.grad as a float, or what is wrong with it (a str)."""
    if not hasattr(node, attribute):
        return _("is missing: give every Value the attribute .{attribute}").format(attribute=attribute)
    value = getattr(node, attribute)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_):
        return float(value)
    return _("is {value}, of type {type}; expected a number (a float)").format(
        value=_short_repr(value), type=type(value).__name__)


def _first_wrong_value(case):
    """The first node (in the order of the forward pass) whose .data differs from bpteach's:
    (its operation, the text), or None."""
    graph, data = case.graph, getattr(case, "learner_data", None)
    if data is None or data.shape != graph.data.shape:
        return None
    wrong = np.flatnonzero(~np.isclose(data, graph.data, rtol=1e-7, atol=1e-12))
    if not len(wrong):
        return None
    i = int(wrong[0])
    what = {"add": "a + b", "mul": "a * b", "sigmoid": "a.sigmoid()", "leaf": "Value(number)"}[graph.ops[i]]
    return what, _("your forward pass first goes wrong at the node {name}, made by {what} from nodes whose "
                   ".data is right: {got:.4g} where bpteach computes {right:.4g}").format(
                       name=graph.names[i], what=what, got=data[i], right=graph.data[i]) + f" [{case.label}]"


def _measure(failures, name=None):
    """Where in the graph the learner's values or gradients go wrong, in each failing case."""
    cases = [f[0] for f in failures if getattr(f[0], "learner", None) is not None]
    forward = [found for found in map(_first_wrong_value, cases) if found]
    if forward:
        if failures[0][2].shape != ():
            return _("your forward pass is wrong (see E.data), and every gradient uses the nodes' .data: "
                     "fix it first")
        what, text = forward[0]
        same = sum(w == what for w, _text in forward[1:])
        return text + (ngettext("; at a node made by {what} in {same} other failing case too",
                                "; at a node made by {what} in {same} other failing cases too", same).format(
                                    what=what, same=same) if same else "")
    parts = []
    for case, _message, expected, got, _numeric, _matches in failures:
        if getattr(case, "learner", None) is None:
            continue
        names = case.inner_names if expected.shape == (len(case.inner_names),) else None
        if names is None or got.shape != expected.shape:
            continue
        wrong = [n for n, g, e in zip(names, got, expected) if not np.isclose(g, e, rtol=1e-7, atol=1e-12)]
        if wrong:
            parts.append(_("{wrong} of {total} nodes wrong ({names})").format(
                wrong=len(wrong), total=len(names),
                names=", ".join(wrong[:6]) + (", …" if len(wrong) > 6 else ""))
                + f" [{case.label}]")
    return _("; ").join(parts) or None


def _cases():
    """The three graphs, each with bpteach's outputs, central differences and the mistakes' outputs."""
    rng = np.random.default_rng(110)
    params = (rng.normal(size=(1, 3)), rng.normal(size=3), rng.normal(size=(3, 1)), rng.normal(size=1))
    x131, t131 = float(rng.uniform(-1, 1)), float(rng.uniform(-1, 1))
    graphs = [(_("the graph of the chapter on computational graphs (x = 0.8, t = 1)"), _chapter5,
               ["w1", "w2", "w3", "w4"]),
              (_("the 1-3-1 network's error for one sample, parameters drawn from seed {seed}")
               .format(seed=110),
               _net131(params, x131, t131),
               [f"W1[0,{j}]" for j in range(3)] + [f"b1[{j}]" for j in range(3)]
               + [f"W2[{j},0]" for j in range(3)] + ["b2[0]"]),
              (_("E = σ(q·x)·q with q = σ(w·x): the node q feeds two nodes at different depths"),
               _shared, ["w"])]
    cases = []
    for label, build, weight_names in graphs:
        graph = _Graph(build)
        weights = [graph.names.index(n) for n in weight_names]
        x = graph.names.index("x")
        inner = [i for i in range(len(graph.nodes)) if i not in weights and i != x]
        right = graph.backward()
        numeric = graph.numeric()
        expected = (np.asarray(graph.data[graph.out]), right[weights], right[[x]], right[inner], right)
        numbers = (None, numeric[weights], numeric[[x]], numeric[inner], numeric)
        if build is _chapter5:  # bpteach's network with these weights: its backward pass agrees
            net = _network_121(*graph.data[weights])
            E, grad_x = _bpteach_gradients(net, 0.8, 1.0)
            by_net = np.concatenate([net.layers[0].grad_W.ravel(), net.layers[1].grad_W.ravel()])
            expected = (np.asarray(E), by_net, np.array([grad_x]), right[inner], right)
        elif build is not _shared:
            from bpteach.exercises.backward_131 import _network_131

            net = _network_131(*params)
            E, grad_x = _bpteach_gradients(net, x131, t131)
            by_net = np.concatenate([g.ravel() for layer in net.layers for g in (layer.grad_W, layer.grad_b)])
            expected = (np.asarray(E), by_net, np.array([grad_x]), right[inner], right)
        case = _Case(label, {}, expected, numbers, _variants(graph, weights, x), 1)
        case.build, case.weights, case.x = build, weights, x
        case.inner_names = [graph.names[i] for i in inner]
        case.graph = graph
        cases.append(case)
    return cases


@twinned
def check_value(Value):
    r"""Check a scalar ``Value`` class with ``+``, ``*``, ``.sigmoid()`` and ``.backward()``.

    ``Value(number)`` holds a number in ``.data`` and a gradient in ``.grad``;
    ``a + b``, ``a * b`` (both Values) and ``a.sigmoid()`` return new Values that
    remember their inputs. ``E.backward()`` sets the ``.grad`` of every node of
    the graph that ends in ``E`` to :math:`\partial E/\partial(\text{node})`:
    it first sets every ``.grad`` of the graph to 0 and ``E.grad`` to 1, then
    visits the nodes in reverse topological order, each sending its gradient
    to its inputs by the local rules :eq:`graph-rules` and adding (``+=``)
    where a node is used more than once.

    Parameters
    ----------
    Value : type
        The learner's class.

    Returns
    -------
    CheckResult
        The forward value ``E.data``, the gradients of the weights, of the
        input x and of every other node, and every gradient after a second
        ``E.backward()``, compared with bpteach's backward pass (for the two
        networks), with bpteach's scalar graph and with central differences,
        on three graphs (see the module's docstring).

    Examples
    --------
    The skeleton of the exercise, not yet written, does not pass (the reference
    solution is on the exercise's page, not in the package):

    >>> from bpteach.exercises import check_value
    >>> class Value:
    ...     def __init__(self, data, inputs=()):
    ...         self.data, self.grad, self.inputs = float(data), 0.0, inputs
    ...     def __add__(self, other):
    ...         raise NotImplementedError("write __add__ here")
    >>> check_value(Value).passed
    False
    """
    outputs = [_(name) for name in _OUTPUTS]
    checker = _ClassChecker(_("Exercise 0b: a tiny autograd"),
                            "Value: a + b, a * b, a.sigmoid(), E.backward(), .data, .grad",
                            outputs, dict.fromkeys(outputs, "graph-rules"), measure=_measure)
    checker.result.kind = "class"
    return checker.run_class(Value, _cases())

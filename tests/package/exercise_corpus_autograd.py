"""Realistic ``Value`` classes for the tiny-autograd exercise (0b), written as learners write them.

``WRONG``: each a class with one mistake, and the words its report must contain (every one of
them, case-insensitive; alternatives separated by ``|``). ``RIGHT``: right but unusual classes,
which must pass. Each entry is (kind, words, source); the source defines ``Value`` and may use
``np`` and ``math``. Most are micrograd-style (each node keeps a closure ``_backward``), the
style of the tutorials learners copy; ``MICROGRAD`` is the right one, and the wrong ones are it
with one line changed.
"""

MICROGRAD = '''
class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._prev = _children
        self._backward = lambda: None

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        out = Value(s, (self,))
        def _backward():
            self.grad += s * (1 - s) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        for v in topo:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()
'''


def _with(*changes):
    """MICROGRAD with lines replaced: (old, new) pairs, each old line present once."""
    source = MICROGRAD
    for old, new in changes:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    return source


WRONG = [
    # the branch rule: = instead of +=
    ("branch", ["assigns|branch"], _with(("self.grad += out.grad\n            other.grad += out.grad",
                                          "self.grad = out.grad\n            other.grad = out.grad"),
                                         ("self.grad += other.data * out.grad\n"
                                          "            other.grad += self.data * out.grad",
                                          "self.grad = other.data * out.grad\n"
                                          "            other.grad = self.data * out.grad"),
                                         ("self.grad += s * (1 - s) * out.grad",
                                          "self.grad = s * (1 - s) * out.grad"))),
    ("branch", ["assigns|branch"], _with(("self.grad += other.data * out.grad\n"
                                          "            other.grad += self.data * out.grad",
                                          "self.grad = other.data * out.grad\n"
                                          "            other.grad = self.data * out.grad"))),
    # the visiting order
    ("order", ["topological"], _with(("for v in reversed(topo):", "for v in topo:"))),
    ("order", ["topological"], _with(("""        for v in reversed(topo):
            v._backward()""", """        def go(v):
            v._backward()
            for child in v._prev:
                go(child)
        go(self)"""))),
    ("order", ["topological"], _with(("""        for v in reversed(topo):
            v._backward()""", """        queue, seen = [self], {self}
        while queue:
            v = queue.pop(0)
            v._backward()
            for child in v._prev:
                if child not in seen:
                    seen.add(child)
                    queue.append(child)"""))),
    # both at once (the student trial's case): a breadth-first queue and no reset
    ("order+reset", ["two mistakes", "topological", "to 0"], _with(("""        for v in reversed(topo):
            v._backward()""", """        queue, seen = [self], {self}
        while queue:
            v = queue.pop(0)
            v._backward()
            for child in v._prev:
                if child not in seen:
                    seen.add(child)
                    queue.append(child)"""), ("        for v in topo:\n            v.grad = 0.0\n", ""))),
    # no reset between calls
    ("reset", ["second", "to 0"], _with(("        for v in topo:\n            v.grad = 0.0\n", ""))),
    # the product's factors swapped
    ("multiply", ["swaps|own value"], _with(("self.grad += other.data * out.grad\n"
                                             "            other.grad += self.data * out.grad",
                                             "self.grad += self.data * out.grad\n"
                                             "            other.grad += other.data * out.grad"))),
    # the sigmoid's derivative at the wrong value
    ("sigmoid", ["σ(y)(1 − σ(y))"], _with(("self.grad += s * (1 - s) * out.grad",
                                          "ds = 1 / (1 + math.exp(-out.data))\n"
                                          "            self.grad += ds * (1 - ds) * out.grad"))),
    ("sigmoid", ["u (1 − u)"], _with(("self.grad += s * (1 - s) * out.grad",
                                     "self.grad += self.data * (1 - self.data) * out.grad"))),
    ("sigmoid", ["one factor"], _with(("self.grad += s * (1 - s) * out.grad",
                                      "self.grad += s * out.grad"))),
    # what else learners do
    ("add", ["add node|add rule"], _with(("self.grad += out.grad\n            other.grad += out.grad",
                                          "self.grad += other.data * out.grad\n"
                                          "            other.grad += self.data * out.grad"))),
    ("chain", ["local derivative alone|out.grad"], _with(
        ("self.grad += out.grad\n            other.grad += out.grad",
         "self.grad += 1.0\n            other.grad += 1.0"),
        ("self.grad += other.data * out.grad\n            other.grad += self.data * out.grad",
         "self.grad += other.data\n            other.grad += self.data"),
        ("self.grad += s * (1 - s) * out.grad", "self.grad += s * (1 - s)"))),
    ("seed", ["∂E/∂E = 1|E.grad = 1"], _with(("        self.grad = 1.0\n", ""))),
    ("seed", ["∂E/∂E = 1|E.grad = 1"], _with(("        for v in topo:\n            v.grad = 0.0\n"
                                             "        self.grad = 1.0\n",
                                             "        self.grad = 1.0\n"
                                             "        for v in topo:\n            v.grad = 0.0\n"))),
    # the forward pass
    ("forward", ["E.data"], _with(("s = 1 / (1 + math.exp(-self.data))",
                                   "s = 1 / (1 + math.exp(self.data))"))),
    ("raises", ["sigmoid"], _with(("    def sigmoid(self):", "    def sig(self):"))),
    ("raises", ["skeleton"], _with(("""        topo, visited = [], set()""",
                                   """        raise NotImplementedError("write backward() here")"""))),
]

RIGHT = [
    ("micrograd", MICROGRAD),
    ("children in a set", _with(("self._prev = _children", "self._prev = set(_children)"))),
    ("exp, and numpy floats", _with(("s = 1 / (1 + math.exp(-self.data))",
                                     "s = np.float64(1) / (1 + np.exp(-self.data))"))),
    ("topological sort by Kahn's algorithm", '''
class Value:
    def __init__(self, data, parents=(), grads=()):
        self.data, self.grad, self.parents, self.grads = float(data), 0.0, parents, grads

    def __add__(self, other):
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def sigmoid(self):
        y = 1.0 / (1.0 + math.exp(-self.data))
        return Value(y, (self,), (y * (1.0 - y),))

    def backward(self):
        nodes, stack = {}, [self]
        while stack:
            v = stack.pop()
            if id(v) not in nodes:
                nodes[id(v)] = v
                stack.extend(v.parents)
        users = {k: 0 for k in nodes}
        for v in nodes.values():
            for p in v.parents:
                users[id(p)] += 1
        for v in nodes.values():
            v.grad = 0.0
        self.grad = 1.0
        ready = [self]
        while ready:
            v = ready.pop()
            for p, local in zip(v.parents, v.grads):
                p.grad += v.grad * local
                users[id(p)] -= 1
                if users[id(p)] == 0:
                    ready.append(p)
'''),
]

r"""
Exercise 0b: a tiny autograd
============================

Write the backward pass once, for every graph: a number that remembers how
it was computed, and sends the gradients back by the rules of the chapter
on computational graphs.

**Task.** Write a class ``Value``. ``Value(number)`` keeps the number in
``.data`` and a gradient in ``.grad`` (0 to start with). For two Values
``a`` and ``b``, ``a + b``, ``a * b`` and ``a.sigmoid()`` return new Values
that remember their inputs and their local derivatives. ``E.backward()``
fills in ``.grad`` of every node of the graph that ends in ``E`` with
:math:`\partial E/\partial(\text{node})`: it sets every ``.grad`` of the
graph to 0, then ``E.grad = 1``, then visits the nodes in reverse
topological order (each node after every node that uses it), and each
node sends its gradient back to its inputs, adding (``+=``) where a node
is used more than once. About forty lines.

**Read first.** :doc:`/computational-graph`: the add, multiply and branch
rules :eq:`graph-rules`, and the sigmoid node, which multiplies by
:math:`y(1 - y)` written with its own output (:eq:`sigmoid-derivative`).

**Shapes.** Every ``.data`` and ``.grad`` is one Python float. The check
builds three graphs with your class, from ``+``, ``*`` and
``.sigmoid()`` with Values only: the graph of
:doc:`/computational-graph` (its error
:math:`E = \tfrac12 (y - t)^2` written as ``half * (d * d)`` with
``d = y + minus_one * t``), the error of the textbook's 1-3-1 network
for one sample, and a graph in which one node feeds two others at
different depths. It calls ``E.backward()`` twice and compares every
``.grad`` with bpteach's backward pass and with central differences.
"""

# %%
# Your class
# ----------
import math

from bpteach.exercises import check_value

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_0b.png"


class Value:
    """A number in a graph: .data (forward), .grad (dE/d this number)."""

    def __init__(self, data, inputs=()):
        self.data = float(data)
        self.grad = 0.0
        self.inputs = inputs         # the Values this one was computed from
        self.local = ()              # d(self)/d(input), one per input: set it where you make a node

    def __add__(self, other):
        raise NotImplementedError("write __add__ here")

    def __mul__(self, other):
        raise NotImplementedError("write __mul__ here")

    def sigmoid(self):
        raise NotImplementedError("write sigmoid here")

    def backward(self):
        # 1. every node of the graph, in topological order (each after its inputs)
        # 2. every .grad to 0, then self.grad = 1
        # 3. the nodes in reverse order: each sends its gradient back to its inputs
        raise NotImplementedError("write backward() here")


# %%
# Check it
# --------
print(check_value(Value))

# %%
# Once the check passes, try your class on a graph of your own: every
# ``.grad`` is there after one call, however the graph was built::
#
#     x, w = Value(0.8), Value(0.5)
#     E = (x * w).sigmoid() * x        # x is used twice: a branch
#     E.backward()
#     print(x.grad, w.grad)

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    Let each new Value keep, beside its inputs, the local derivative of
#    its output with respect to each input: ``(1.0, 1.0)`` for ``a + b``,
#    ``(b.data, a.data)`` for ``a * b`` (the inputs swap), and
#    ``(y * (1 - y),)`` for ``a.sigmoid()``, with ``y`` its output.
#    Going back, a node adds ``node.grad * local`` to each input's
#    ``.grad``.
#
# .. dropdown:: Hint 2
#
#    A topological order: a list in which every node comes after its
#    inputs. A depth-first walk from ``E`` builds it: visit a node's
#    inputs first, then append the node, and skip a node already visited
#    (``x`` is reached along two paths). Reversed, the list starts at
#    ``E`` and reaches each node only after every node that uses it, so
#    its gradient is complete when it sends it on.
#
# .. dropdown:: Hint 3
#
#    ``+=``, never ``=``, when a node receives a gradient: a value used by
#    two nodes (``x``, or ``d`` in ``d * d``) gets the sum of what comes
#    back along both edges (the branch rule). And set every ``.grad`` of
#    the graph to 0 at the start of ``backward()``, or a second call adds
#    to the first.

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    Each node keeps its local derivatives; ``backward()`` sorts the graph
#    once and adds (``+=``) each node's share into its inputs.


class Value:
    """A number that remembers how it was computed (exercise 0b)."""

    def __init__(self, data, inputs=()):
        self.data = float(data)
        self.grad = 0.0
        self.inputs = inputs                   # the Values this one was computed from
        self.local = ()                        # d(self)/d(input), one per input

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))
        out.local = (1.0, 1.0)                 # add: passed on unchanged
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))
        out.local = (other.data, self.data)    # multiply: the inputs swap
        return out

    def sigmoid(self):
        y = 1 / (1 + math.exp(-self.data))
        out = Value(y, (self,))
        out.local = (y * (1 - y),)             # sigma'(u) = y (1 - y)
        return out

    def backward(self):
        order, seen = [], set()                # each node after its inputs

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for child in node.inputs:
                    visit(child)
                order.append(node)

        visit(self)
        for node in order:
            node.grad = 0.0                    # forget the gradients of an earlier call
        self.grad = 1.0                        # dE/dE = 1
        for node in reversed(order):           # from E back to the leaves
            for child, local in zip(node.inputs, node.local):
                child.grad += node.grad * local    # +=: the branch rule


print(check_value(Value))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# Assigning the gradient (``=``) where it must be added (``+=``): a node
# used twice keeps the share of one edge only.


class ValueAssigned:
    def __init__(self, data, inputs=(), local=()):
        self.data, self.grad, self.inputs, self.local = float(data), 0.0, inputs, local

    def __add__(self, other):
        return ValueAssigned(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        return ValueAssigned(self.data * other.data, (self, other), (other.data, self.data))

    def sigmoid(self):
        y = 1 / (1 + math.exp(-self.data))
        return ValueAssigned(y, (self,), (y * (1 - y),))

    def backward(self):
        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for child in node.inputs:
                    visit(child)
                order.append(node)

        visit(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node.inputs, node.local):
                child.grad = node.grad * local     # = where += belongs


print(check_value(ValueAssigned))

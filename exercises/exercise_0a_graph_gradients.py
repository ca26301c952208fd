r"""
Exercise 0a: gradients on a drawn graph
=======================================

Five small computational graphs, drawn with their forward values: send
the gradient back along every edge, by hand, with the rules of the
chapter on computational graphs.

**Task.** For each graph, write ``gradients_k(values)``: it receives the
forward values of the graph (the black numbers of its drawing, by name)
and returns a dict with :math:`\partial E/\partial v` for every value
:math:`v` of the graph (each red ``?``), except :math:`E` itself and the
target :math:`t`. Work from :math:`E` back to the inputs, one node at a
time; where a value feeds two nodes, give its total gradient.

**Read first.** :doc:`/computational-graph`: the add, multiply and branch
rules :eq:`graph-rules`; the sigmoid node multiplies by
:math:`\sigma'(u) = y(1 - y)` (:eq:`sigmoid-derivative`); the error node
:math:`\tfrac12 (y - t)^2` sends back :math:`y - t`.

**Shapes.** Every value and every gradient is one number; ``values`` is a
dict of floats, and so is what you return (``check_graph`` also takes the
dict itself). The check places each wrong gradient on its edge, says
which rule applies there, and names the mistake where the number shows
one, measured with your own gradient at the node above: a value that is
wrong only because the one above it is gets told so.
"""

# %%
# How the drawings read
# ---------------------
# Each edge carries its value (black); each red ``?`` is a gradient to
# find, :math:`\partial E/\partial(\text{value})`. A value used by two
# nodes has one ``?``, beside the value, for its total gradient.
from bpteach.exercises import check_graph
from bpteach.exercises.graph_gradients import draw_graph
from bpteach.plotting import show_or_save

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_0a.png"

# %%
# Graph 1: add and multiply
# -------------------------
# The add node passes its gradient on; the multiply node swaps its inputs.
draw_graph(1)
show_or_save("exercise_0a_graph_1")


def gradients_1(values):
    """Graph 1: return {name: dE/d(name)}; values: the forward values drawn."""
    # {"s": ..., "c": ..., "a": ..., "b": ...}
    raise NotImplementedError("fill in the gradients of graph 1")


print(check_graph(1, gradients_1))

# %%
# Graph 2: a branch
# -----------------
# ``x`` feeds two nodes: its gradient is the sum of what comes back along both edges.
draw_graph(2)
show_or_save("exercise_0a_graph_2")


def gradients_2(values):
    """Graph 2: return {name: dE/d(name)}; values: the forward values drawn."""
    # {"s": ..., "y": ..., "x": ...}
    raise NotImplementedError("fill in the gradients of graph 2")


print(check_graph(2, gradients_2))

# %%
# Graph 3: max
# ------------
# A max node passes on the larger of its inputs; going back, the gradient takes the same road.
draw_graph(3)
show_or_save("exercise_0a_graph_3")


def gradients_3(values):
    """Graph 3: return {name: dE/d(name)}; values: the forward values drawn."""
    # {"m": ..., "d": ..., "p": ..., "c": ..., "a": ..., "b": ...}
    raise NotImplementedError("fill in the gradients of graph 3")


print(check_graph(3, gradients_3))

# %%
# Graph 4: ReLU, and a branch
# ---------------------------
# A ReLU node passes its input on where it is positive and outputs 0 where
# it is negative; its local derivative is 1 or 0 accordingly.
draw_graph(4)
show_or_save("exercise_0a_graph_4")


def gradients_4(values):
    """Graph 4: return {name: dE/d(name)}; values: the forward values drawn."""
    # {"r1": ..., "r2": ..., "p": ..., "q": ..., "w1": ..., "w2": ..., "x": ...}
    raise NotImplementedError("fill in the gradients of graph 4")


print(check_graph(4, gradients_4))

# %%
# Graph 5: a sigmoid neuron and its error
# ---------------------------------------
# One sigmoid neuron, :math:`y = \sigma(w x + b)`, and its error for one
# target: the sigmoid node multiplies by :math:`y(1 - y)`, the error node
# sends back :math:`y - t`.
draw_graph(5)
show_or_save("exercise_0a_graph_5")


def gradients_5(values):
    """Graph 5: return {name: dE/d(name)}; values: the forward values drawn."""
    # {"y": ..., "u": ..., "p": ..., "b": ..., "x": ..., "w": ...}
    raise NotImplementedError("fill in the gradients of graph 5")


print(check_graph(5, gradients_5))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    Start at :math:`E`, whose gradient is 1, and walk back. At each node,
#    multiply the gradient at its output by the node's local derivative
#    with respect to each input: 1 for an add node, the *other* input for a
#    multiply node.
#
# .. dropdown:: Hint 2
#
#    A value that feeds two nodes (``x`` in graphs 2 and 4) gets two
#    gradients back, one along each edge: its gradient is their sum.
#    A max node sends its gradient to the input that won (the larger) and
#    0 to the other; a ReLU node passes it where its input is positive,
#    0 where it is negative.
#
# .. dropdown:: Hint 3
#
#    In graph 5, the error node sends back ``y - t``; the sigmoid node
#    multiplies it by ``y * (1 - y)``, with its *output* ``y`` (not its
#    input ``u``, and no second sigmoid).

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    From :math:`E` back, one node at a time, with the rule of each node;
#    where a value feeds two nodes, the two shares add.


def gradients_1(values):
    # E = s c, s = a + b
    g_s = 1.0 * values["c"]                # multiply: the other input
    g_c = 1.0 * values["s"]
    g_a = g_s                              # add: passed on unchanged
    g_b = g_s
    return {"s": g_s, "c": g_c, "a": g_a, "b": g_b}


def gradients_2(values):
    # E = s x, s = x + y: x is used twice (a branch)
    g_s = 1.0 * values["x"]                # multiply: the other input
    g_y = g_s                              # add: passed on unchanged
    g_x = 1.0 * values["s"] + g_s          # branch: the two edges of x add
    return {"s": g_s, "y": g_y, "x": g_x}


def gradients_3(values):
    # E = m d, m = max(p, c), p = a b
    g_m = 1.0 * values["d"]
    g_d = 1.0 * values["m"]
    p_won = values["p"] >= values["c"]     # max: to the larger input only
    g_p = g_m if p_won else 0.0
    g_c = 0.0 if p_won else g_m
    g_a = g_p * values["b"]
    g_b = g_p * values["a"]
    return {"m": g_m, "d": g_d, "p": g_p, "c": g_c, "a": g_a, "b": g_b}


def gradients_4(values):
    # E = r1 + r2, r1 = ReLU(p), r2 = ReLU(q), p = x w1, q = x w2
    g_r1 = g_r2 = 1.0                      # add: passed on unchanged
    g_p = g_r1 * (1.0 if values["p"] > 0 else 0.0)    # ReLU: 1 or 0
    g_q = g_r2 * (1.0 if values["q"] > 0 else 0.0)
    g_w1 = g_p * values["x"]
    g_w2 = g_q * values["x"]
    g_x = g_p * values["w1"] + g_q * values["w2"]     # branch: add
    return {"r1": g_r1, "r2": g_r2, "p": g_p, "q": g_q, "w1": g_w1, "w2": g_w2, "x": g_x}


def gradients_5(values):
    # E = 1/2 (y - t)^2, y = sigmoid(u), u = p + b, p = x w
    y = values["y"]
    g_y = y - values["t"]                  # the error node
    g_u = g_y * y * (1 - y)                # sigmoid: y (1 - y), with its output y
    g_p = g_b = g_u                        # add
    g_x = g_p * values["w"]                # multiply: the other input
    g_w = g_p * values["x"]
    return {"y": g_y, "u": g_u, "p": g_p, "b": g_b, "x": g_x, "w": g_w}


answers = [gradients_1, gradients_2, gradients_3, gradients_4, gradients_5]
print([check_graph(k, gradients).passed for k, gradients in enumerate(answers, start=1)])
print(check_graph(5, gradients_5))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# Graph 5 with the sigmoid's derivative taken at its input ``u``, as if
# ``u (1 - u)`` were :math:`\sigma'(u)`: the check places the mistake on the
# edge into the sigmoid node, and says that the values below it only
# follow from it.


def gradients_5_at_u(values):
    g_y = values["y"] - values["t"]
    g_u = g_y * values["u"] * (1 - values["u"])     # u (1 - u): at the wrong value
    return {"y": g_y, "u": g_u, "p": g_u, "b": g_u, "x": g_u * values["w"], "w": g_u * values["x"]}


print(check_graph(5, gradients_5_at_u))

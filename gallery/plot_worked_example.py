r"""
A worked example: one step of backpropagation, by the numbers
=============================================================

This page follows **one complete step of stochastic gradient descent** of
the 1-3-1 regression network on **one sample**: the forward pass, the error,
the error signals (deltas) of both layers, every gradient, and the new
weights. Every number on this page was computed when the site was built, by
the script that you can download at the bottom; none was typed by hand.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/images/sphx_glr_plot_worked_example_001.png
   :alt: The 1-3-1 network drawn with its weights and biases before the step.
   :srcset: /auto_examples/images/sphx_glr_plot_worked_example_001.png
   :class: sphx-glr-single-img

Each quantity is computed twice: first from the formulas of
:doc:`/backpropagation`, written out with NumPy one neuron at a time; then
by bpteach itself (:meth:`~bpteach.network.Network.forward`,
:meth:`~bpteach.network.Network.backward`,
:meth:`~bpteach.optimizers.SGD.step`). The script asserts that the two
agree, and checks every gradient against central differences
(:doc:`/checking-gradients`), so this page cannot be built from code that
disagrees with its formulas.

The symbols are those of :doc:`/notation`. Layer 1 is the hidden layer
(中間層, sigmoid), layer 2 the output layer (出力層, identity);
:math:`W^{(l)}_{ik}` is the weight from neuron :math:`i` of layer
:math:`l-1` to neuron :math:`k` of layer :math:`l`, :math:`b^{(l)}_k` a
bias, :math:`u^{(l)}` a weighted input, :math:`y^{(l)}` an output,
:math:`\delta^{(l)} = \partial E/\partial u^{(l)}` an error signal, and
:math:`\eta` the learning rate. The output layer has one neuron, so its
index is dropped: :math:`u^{(2)}`, :math:`b^{(2)}`, and :math:`y` for the
network's output. Hidden neurons are counted :math:`j = 1, 2, 3`, as in
the formulas; in the code they are 0, 1, 2, so :math:`W^{(1)}_{1j}` is
``W1[0, j - 1]``. The tables print the symbols in plain text:
``W^(1)_1j`` is :math:`W^{(1)}_{1j}`, ``dE/dW^(1)_1j`` is
:math:`\partial E/\partial W^{(1)}_{1j}`.
"""

# %%
# The network and the sample
# --------------------------
# The network is built exactly as in :doc:`plot_sin_regression` (same seed,
# so the same initial weights, :math:`0.01\cdot\mathcal{N}(0, 1)` as in the
# textbook). The sample is the one at index 10 of the regression data (the
# 11th point, counting from 1): the angle 1.0, rescaled to :math:`x = (1 - \pi)/\pi`, with the target
# :math:`t = \sin 1`. The learning rate is the textbook's
# :math:`\eta = 0.1`.
import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import SGD, Dense, Identity, Network, Sigmoid, SumOfSquares
from bpteach.gradcheck import numerical_gradient, relative_error
from bpteach.plotting import draw_network, show_or_save

x_all, t_all = bpteach.datasets.sin_curve()
x, t = x_all[10:11], t_all[10:11]  # shape (1, 1): one sample, one row
eta = 0.1


def regression_network(seed):
    """The 1-3-1 network of the regression example."""
    rng = np.random.default_rng(seed)
    layers = [Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)]
    return Network(layers, loss=SumOfSquares()), rng


net, _ = regression_network(3)
hidden, output = net.layers
# Copies of the parameters before the step: the formulas below use these.
W1, b1 = hidden.W.copy(), hidden.b.copy()  # shapes (1, 3) and (3,)
W2, b2 = output.W.copy(), output.b.copy()  # shapes (3, 1) and (1,)
J = range(3)  # the hidden neurons j = 1, 2, 3 are indices 0, 1, 2 in the code


def show(title, rows):
    """Print a table: one row per quantity, one column per hidden neuron j."""
    width = max(len(label) for label, _ in rows)
    if title:
        print(title)
    print(" " * width, *(f"{f'j = {j + 1}':>14}" for j in J))
    for label, values in rows:
        print(label.ljust(width), *(f"{v:+14.10f}" for v in np.ravel(values)))
    print()


def show_numbers(title, numbers):
    """Print single numbers, one per line."""
    width = max(len(label) for label in numbers)
    if title:
        print(title)
    for label, value in numbers.items():
        print(label.ljust(width), f"{value:+.10f}")
    print()


fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
ax.set_title("The 1-3-1 network before the step (rounded to 4 decimals)")
draw_network(net, ax=ax, weight_labels="values", value_format="{:+.4f}")

show_numbers("The sample", {"x": x[0, 0], "t": t[0, 0]})
show("Hidden layer (layer 1) before the step", [("W^(1)_1j", W1[0]), ("b^(1)_j", b1)])
show("Output layer (layer 2) before the step", [("W^(2)_j1", W2[:, 0])])
show_numbers("", {"b^(2)": b2[0]})

# %%
# Forward pass, hidden layer
# --------------------------
# Equation :eq:`net131-forward`, one hidden neuron at a time:
# :math:`u^{(1)}_j = x\,W^{(1)}_{1j} + b^{(1)}_j` and
# :math:`y^{(1)}_j = \sigma(u^{(1)}_j) = 1/(1 + e^{-u^{(1)}_j})`. The last
# row is the sigmoid's derivative :math:`\sigma'(u^{(1)}_j) =
# y^{(1)}_j(1 - y^{(1)}_j)`, equation :eq:`sigmoid-derivative`, needed in the
# backward pass.
u1 = np.array([x[0, 0] * W1[0, j] + b1[j] for j in J])
y1 = 1.0 / (1.0 + np.exp(-u1))
show("Hidden layer, forward",
     [("u^(1)_j", u1), ("y^(1)_j", y1), ("y^(1)_j (1 - y^(1)_j)", y1 * (1 - y1))])

# %%
# Forward pass, output layer, and the error
# -----------------------------------------
# :math:`u^{(2)} = \sum_j y^{(1)}_j W^{(2)}_{j1} + b^{(2)}`, the identity
# output :math:`y = u^{(2)}`, and the sum-of-squares error
# :math:`E = \tfrac12 (y - t)^2` of this one sample.
u2 = sum(y1[j] * W2[j, 0] for j in J) + b2[0]
y = u2
E = 0.5 * (y - t[0, 0]) ** 2
show_numbers("Output layer, forward", {"u^(2)": u2, "y = u^(2)": y, "t": t[0, 0], "E": E})

# bpteach's forward pass gives the same numbers.
assert np.allclose(net.forward(x), [[y]], rtol=1e-13, atol=0)
assert np.allclose(hidden.y, [y1], rtol=1e-13, atol=0)
assert np.isclose(net.error(t), E, rtol=1e-13, atol=0)

# %%
# Backward pass, output layer
# ---------------------------
# With an identity output and the sum-of-squares error, the output error
# signal is :math:`\delta^{(2)} = y - t`, equation :eq:`delta-identity-sum-of-squares`.
# Each output weight's gradient is the input it multiplies times the
# :math:`\delta` of the neuron it feeds, equation :eq:`net131-grad-W2`:
# :math:`\partial E/\partial W^{(2)}_{j1} = y^{(1)}_j\,\delta^{(2)}` and
# :math:`\partial E/\partial b^{(2)} = \delta^{(2)}`.
delta2 = y - t[0, 0]
grad_W2 = np.array([[y1[j] * delta2] for j in J])  # shape (3, 1), like W2
grad_b2 = np.array([delta2])
show_numbers("Output layer, backward", {"delta^(2) = y - t": delta2, "dE/db^(2)": grad_b2[0]})
show("", [("y^(1)_j", y1), ("dE/dW^(2)_j1", grad_W2[:, 0])])

# %%
# Backward pass, hidden layer
# ---------------------------
# The error flows back through each weight :math:`W^{(2)}_{j1}`:
# :math:`\partial E/\partial y^{(1)}_j = \delta^{(2)} W^{(2)}_{j1}`
# (by :eq:`dense-gradients`, :math:`\partial E/\partial x = \delta W^\top`),
# and the sigmoid turns it into the hidden error signal, equation
# :eq:`net131-delta1`:
# :math:`\delta^{(1)}_j = \delta^{(2)} W^{(2)}_{j1}\, y^{(1)}_j(1 - y^{(1)}_j)`.
# The gradients follow as for the output layer, equation
# :eq:`net131-grad-W1`:
# :math:`\partial E/\partial W^{(1)}_{1j} = x\,\delta^{(1)}_j` and
# :math:`\partial E/\partial b^{(1)}_j = \delta^{(1)}_j`.
grad_y1 = np.array([delta2 * W2[j, 0] for j in J])
delta1 = np.array([grad_y1[j] * y1[j] * (1 - y1[j]) for j in J])
grad_W1 = np.array([[x[0, 0] * delta1[j] for j in J]])  # shape (1, 3), like W1
grad_b1 = delta1.copy()
show("Hidden layer, backward",
     [("dE/dy^(1)_j", grad_y1), ("delta^(1)_j", delta1),
      ("dE/dW^(1)_1j", grad_W1[0]), ("dE/db^(1)_j", grad_b1)])

# %%
# Three independent checks of the gradients
# -----------------------------------------
# 1. bpteach's backward pass (the matrix form :eq:`dense-gradients`, run by
#    :meth:`Dense.backward_delta <bpteach.layers.Dense.backward_delta>`)
#    gives the same gradients as the neuron-by-neuron formulas above;
# 2. so does the matrix form written out here:
#    :math:`x^\top\delta`, the sum of the rows of :math:`\delta`, and
#    :math:`\delta W^\top` through the sigmoid;
# 3. central differences of :math:`E`, :eq:`central-difference`, agree with all of
#    them: the relative errors :eq:`relative-error` printed below are
#    those of this run.
net.forward(x)
net.backward(t)
ours = {"W1": grad_W1, "b1": grad_b1, "W2": grad_W2, "b2": grad_b2}
by_bpteach = {"W1": hidden.grad_W, "b1": hidden.grad_b, "W2": output.grad_W, "b2": output.grad_b}
d2 = y1[None, :] @ W2 + b2 - t  # delta^(2) as a (1, 1) matrix
d1 = (d2 @ W2.T) * y1 * (1 - y1)  # delta^(1) as a (1, 3) matrix
matrix = {"W1": x.T @ d1, "b1": d1.sum(axis=0), "W2": y1[:, None] @ d2, "b2": d2.sum(axis=0)}


def error_of_the_sample():
    net.forward(x)
    return net.error(t)


params = {"W1": hidden.W, "b1": hidden.b, "W2": output.W, "b2": output.b}
print("Relative error against central differences")
for name in ours:
    assert np.allclose(by_bpteach[name], ours[name], rtol=1e-12, atol=0), name
    assert np.allclose(matrix[name], ours[name], rtol=1e-12, atol=0), name
    r = relative_error(ours[name], numerical_gradient(error_of_the_sample, params[name]))
    assert r < 1e-7, (name, r)
    print(f"{name}: r = {r:.1e}")
print()

# %%
# The update
# ----------
# Every parameter takes a step against its gradient, equation
# :eq:`sgd-update`: :math:`W \leftarrow W - \eta\,\partial E/\partial W`
# and :math:`b \leftarrow b - \eta\,\partial E/\partial b`, with
# :math:`\eta = 0.1`. The output :math:`y` is too small
# (:math:`\delta^{(2)} = y - t < 0`), so every gradient of the output layer
# is negative: raising those weights raises :math:`y` and lowers the error,
# and the step raises them.
assert delta2 < 0 and np.all(grad_W2 < 0)  # what the text above says
old = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
new = {name: old[name] - eta * ours[name] for name in old}
show("Hidden layer: old, gradient, new",
     [("W^(1)_1j", W1[0]), ("dE/dW^(1)_1j", grad_W1[0]), ("new W^(1)_1j", new["W1"][0]),
      ("b^(1)_j", b1), ("dE/db^(1)_j", grad_b1), ("new b^(1)_j", new["b1"])])
show("Output layer: old, gradient, new",
     [("W^(2)_j1", W2[:, 0]), ("dE/dW^(2)_j1", grad_W2[:, 0]), ("new W^(2)_j1", new["W2"][:, 0])])
show_numbers("", {"b^(2)": b2[0], "dE/db^(2)": grad_b2[0], "new b^(2)": new["b2"][0]})

# bpteach's optimiser makes the same step ...
SGD(learning_rate=eta).step(net)
for name in new:
    assert np.allclose(params[name], new[name], rtol=1e-13, atol=0), name
# ... and so does bpteach.train, given this one sample for one epoch.
trained, rng = regression_network(3)
bpteach.train(trained, x, t, epochs=1, learning_rate=eta, rng=rng, log=None)
for (name, value), (param, _) in zip(new.items(), trained.parameters()):
    assert np.allclose(param, value, rtol=1e-13, atol=0), name

# %%
# Did the step help?
# ------------------
# The error of this sample before and after the step. To first order it
# falls by :math:`\eta\,\lVert\nabla E\rVert^2`, the learning rate times
# the sum of all ten squared gradients, equation :eq:`sgd-first-order`; the
# difference is the :math:`O(\eta^2)` term of that equation.
E_after = error_of_the_sample()
predicted = eta * sum(float(np.sum(g**2)) for g in ours.values())
show_numbers("The error of the sample",
             {"E before": E, "E after": E_after, "E before - E after": E - E_after,
              "eta |grad E|^2": predicted})
assert E_after < E

# %%
# Check one step by hand
# ----------------------
# Take the second hidden neuron, :math:`j = 2`, and use only the numbers
# printed above, column ``j = 2`` of each table:
#
# 1. :math:`\delta^{(2)} = y - t` from *Output layer, forward*;
# 2. :math:`\partial E/\partial y^{(1)}_2 = \delta^{(2)} W^{(2)}_{21}`, with
#    :math:`W^{(2)}_{21}` from *Output layer (layer 2) before the step*;
# 3. :math:`\delta^{(1)}_2 = \partial E/\partial y^{(1)}_2 \cdot
#    y^{(1)}_2(1 - y^{(1)}_2)`, with the last row of *Hidden layer,
#    forward*;
# 4. :math:`\partial E/\partial W^{(1)}_{12} = x\,\delta^{(1)}_2`, with
#    :math:`x` from *The sample*;
# 5. the new weight :math:`W^{(1)}_{12} - 0.1\,\partial E/\partial W^{(1)}_{12}`.
#
# Each result should match *Hidden layer, backward* and *Hidden layer: old,
# gradient, new* to about nine decimals (the tables are rounded to ten).
# Notice how much smaller the hidden layer's gradients are than the output
# layer's: each carries a factor :math:`W^{(2)}_{j1}`, and the textbook
# starts every weight at a size of about 0.01 (the tables above show them).
# At first the output layer learns much faster than the hidden layer.

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

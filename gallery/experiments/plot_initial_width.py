r"""
How large should the initial weights be?
========================================

The textbook draws every initial weight and bias from
0.01 times a standard normal draw: ``wb_width = 0.01``. Why not 0, and why
not 1? This experiment trains the 1-3-1 regression with widths from 0 to
10, ten seeds each, in one stacked run. You will see three different
behaviours: at width 0 the three hidden neurons stay identical forever, so
the network is no better than one with a single hidden neuron; small widths
learn, but slowly at first; and large widths push more of the sigmoids
onto their flat tails, where they pass back little error signal: the
largest width ends behind the other non-zero widths.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/experiments/images/sphx_glr_plot_initial_width_001.png
   :alt: Learning curves for each initial width of the weights.
   :srcset: /auto_examples/experiments/images/sphx_glr_plot_initial_width_001.png
   :class: sphx-glr-single-img

In the :doc:`/playground`, compare the initial widths 0.01, 0.1 and 1 (not 0),
epoch by epoch.
"""

# %%
# The runs
# --------
# Every copy of a stacked run may have its own ``wb_width`` (the builder is
# then called with it). Everything else is the textbook's, except the
# number of epochs: 200 of the 2001, to keep this page quick to build.
import warnings

import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares
from bpteach.diagnostics import saturated_units
from bpteach.plotting import show_or_save
from bpteach.stacked import train_stacked

# Many of these runs fail on purpose (that is the experiment): the TrainingWarnings that
# train_stacked gives about them stay in each copy's history(k).warnings instead of
# being printed here.
warnings.filterwarnings("ignore", category=bpteach.TrainingWarning)

EPOCHS, N_SEEDS = 200, 10
WIDTHS = np.array([0.0, 0.01, 0.1, 1.0, 3.0, 10.0])
x, t = bpteach.datasets.sin_curve()


def build(rng, wb_width=0.01, n_hidden=3):
    """The textbook's 1-3-1 regression network, with initial weights of the given width."""
    return Network([Dense(1, n_hidden, Sigmoid(), rng=rng, wb_width=wb_width),
                    Dense(n_hidden, 1, Identity(), rng=rng, wb_width=wb_width)], loss=SumOfSquares())


runs = train_stacked(build, x, t, seeds=np.tile(np.arange(N_SEEDS), WIDTHS.size), epochs=EPOCHS,
                     learning_rate=0.1, wb_width=np.repeat(WIDTHS, N_SEEDS), log=None)
errors = runs.errors.reshape(WIDTHS.size, N_SEEDS, EPOCHS)
print("wb_width   saturated at the start   median error after epoch 0, 19, 199")
for width, rows in zip(WIDTHS, errors):
    hidden = np.stack([build(np.random.default_rng(seed), width).layers[0].forward(x)
                       for seed in range(N_SEEDS)])
    saturated = saturated_units(Sigmoid(), hidden)[0].mean()  # one share per seed
    median = np.median(rows, axis=0)
    print(f"{width:8g}   {saturated:22.0%}   {median[0]:.3g}, {median[19]:.3g}, {median[-1]:.3g}")

# %%
# The share of saturated hidden outputs (derivative :math:`y(1 - y)` below
# 1 % of its largest value, 1/4, as in :mod:`bpteach.diagnostics`) is
# measured on the initial networks of the same ten seeds.
fig, ax = plt.subplots(figsize=(7, 3.4), layout="constrained")
for width, rows in zip(WIDTHS, errors):
    ax.plot(np.median(rows, axis=0), label=f"wb_width = {width:g}")
ax.set(yscale="log", xlabel="epoch", ylabel="mean error per sample (median of 10 seeds)",
       title="Learning curves by initial width")
ax.grid(True, alpha=0.3)
ax.legend(fontsize="small", ncols=2)

# %%
# Width 0: symmetry that never breaks
# -----------------------------------
# With every weight 0, the three hidden neurons compute the same output,
# :math:`\sigma(0) = 0.5`, and the output layer's three weights are equal
# (all 0). Backpropagation then gives each hidden neuron the same error
# signal, :math:`\delta_j = \delta\,W_j\,y_j(1 - y_j)`, so the same update,
# and each output weight the same update too, :math:`-\eta\,\delta\,y_j`:
# after the step the hidden neurons are still equal, and so are the output
# weights, so the argument applies again at the next step, and at every
# step after it, forever. (At the very first step :math:`W_j = 0`, so the
# hidden neurons do not move at all; only the output layer does.) Three
# equal neurons compute no more than one. The runs' final weights:
for seed in range(3):
    hidden_layer = runs.network(seed).layers[0]  # copies 0-9 are the width-0 copies
    print(f"seed {seed}: hidden weights {np.array2string(hidden_layer.W[0], precision=4)}, "
          f"biases {np.array2string(hidden_layer.b, precision=4)}")

# %%
# The same in pictures: one width-0 run and one textbook run, trained in
# stretches of 10 epochs with :func:`bpteach.training.train`, and the three
# hidden weights :math:`W^{(1)}_{11}, W^{(1)}_{12}, W^{(1)}_{13}` after
# each stretch.
fig, axes = plt.subplots(1, 2, figsize=(8, 3), sharey=True, layout="constrained")
for ax, width in zip(axes, [0.0, 0.01]):
    rng = np.random.default_rng(0)
    net = build(rng, width)
    weights = [net.layers[0].W[0].copy()]
    for _ in range(EPOCHS // 10):
        bpteach.train(net, x, t, epochs=10, learning_rate=0.1, rng=rng, log=None)
        weights.append(net.layers[0].W[0].copy())
    ax.plot(np.arange(0, EPOCHS + 1, 10), weights, lw=2)
    ax.set(title=f"wb_width = {width:g}", xlabel="epoch")
axes[0].set_ylabel("the three hidden weights")

# %%
# On the left the three lines lie on top of each other. The width-0
# network ends no better than a network with one hidden neuron (the
# textbook's width):
one = train_stacked(lambda rng: build(rng, n_hidden=1), x, t, seeds=range(N_SEEDS), epochs=EPOCHS,
                    learning_rate=0.1, log=None)
print(f"median error after {EPOCHS} epochs: width 0, 3 hidden neurons: {np.median(errors[0, :, -1]):.4g};\n  "
      f"1 hidden neuron (textbook width): {np.median(one.errors[:, -1]):.4g}")

# %%
# Small and large widths
# ----------------------
# Any small random width breaks the symmetry, but the table shows that the
# textbook's 0.01, and 0.1, are the slowest of the non-zero widths by
# epoch 19 (after epoch 0 the large widths are further behind, for the
# reason given below). The hidden
# layer's error signal is the output's passed back through the output
# weights, :math:`\delta_j = \delta\,W_j\,y_j(1 - y_j)`, so while those
# weights are tiny, the hidden layer barely moves; widths around 1 start
# faster. Large widths overshoot the other way: a weighted input of a few
# units already puts the sigmoid on its tails, as the share of saturated
# outputs shows, and a saturated neuron passes almost no error signal back
# (:math:`y(1 - y) \approx 0`). The large output weights also make the
# first epoch's error large, and at width 10 the run ends well behind the
# other non-zero widths. Small random initial weights are the rule: random to break the
# symmetry, small enough to keep every neuron in the steep middle of its
# activation. (Rules that scale the width with the size of a layer refine
# this for deep networks: Glorot initialisation sets the variance of the
# weights to :math:`2/(n_\mathrm{in} + n_\mathrm{out})`, He initialisation
# to :math:`2/n_\mathrm{in}`, where :math:`n_\mathrm{in}` and
# :math:`n_\mathrm{out}` count the layer's inputs and outputs.)

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

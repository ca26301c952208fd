r"""
Why scale the inputs?
=====================

The textbook does not feed the network its inputs x = 0, 0.1, ..., 6.2
as they are: it rescales them to (x - π)/π, which lies in [-1, 1). This
experiment trains the 1-3-1 regression on the rescaled inputs, on the raw
x in [0, 2π), and on the same points stretched to [0, 1000), ten seeds
each; then, to tell apart the two things the rescaling does, on inputs
that are only centred and on inputs that are only shifted. You will see
the stretched inputs learn nothing, because the sigmoid saturates, and the
raw inputs end behind the scaled ones, mostly because they are not
centred on 0.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/experiments/images/sphx_glr_plot_input_scaling_001.png
   :alt: Learning curves and typical fits for the scaled, raw and stretched inputs.
   :srcset: /auto_examples/experiments/images/sphx_glr_plot_input_scaling_001.png
   :class: sphx-glr-single-img
"""

# %%
# The runs
# --------
# The targets are always :math:`\sin x`; only the numbers fed to the
# network change. Everything else is the textbook's, except the number of
# epochs: 200 of the 2001, to keep this page quick to build.
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

EPOCHS, SEEDS = 200, range(10)
x_scaled, t = bpteach.datasets.sin_curve()
x_raw = np.arange(0.0, 2 * np.pi, 0.1).reshape(-1, 1)  # what the textbook rescales
INPUTS = {"scaled, [-1, 1)": x_scaled, "raw, [0, 2\u03c0)": x_raw,
          "stretched, [0, 1000)": x_raw * (1000 / (2 * np.pi))}


def build(rng):
    """The textbook's 1-3-1 regression network."""
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)], loss=SumOfSquares())


def saturated_share(network, x):
    """Share of hidden outputs whose y(1 - y) is below FLAT_DERIVATIVE (1 %) of its largest value, 1/4."""
    return saturated_units(Sigmoid(), network.layers[0].forward(x))[0]


runs = {}
print("inputs                 median error after epoch 0, 199   saturated hidden outputs (median):\n"
      "                                                           at the start, at the end")
for name, x in INPUTS.items():
    runs[name] = run = train_stacked(build, x, t, seeds=SEEDS, epochs=EPOCHS, learning_rate=0.1, log=None)
    start = np.median([saturated_share(build(np.random.default_rng(seed)), x) for seed in SEEDS])
    end = np.median([saturated_share(run.network(k), x) for k in range(run.n_copies)])
    median = np.median(run.errors, axis=0)
    print(f"{name:20s}   {median[0]:.3g}, {median[-1]:.3g}{start:26.0%}, {end:.0%}")

# %%
# Learning curves and fits
# ------------------------
fig, (ax, ax_fit) = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained")
for name, run in runs.items():
    (line,) = ax.plot(np.median(run.errors, axis=0), label=name)
    ax.fill_between(np.arange(EPOCHS), *np.percentile(run.errors, [10, 90], axis=0),
                    color=line.get_color(), alpha=0.2)
    typical = np.argsort(run.errors[:, -1])[len(SEEDS) // 2]
    # Plotted against the rescaled input, so that the three fits share one axis.
    ax_fit.plot(x_scaled[:, 0], run.network(typical).predict(INPUTS[name])[:, 0], lw=2, label=name)
ax.set(yscale="log", xlabel="epoch", ylabel="mean error per sample",
       title="Median and 10th-90th percentile of 10 seeds")
ax.grid(True, alpha=0.3)
ax.legend(fontsize="small")
ax_fit.plot(x_scaled[:, 0], t[:, 0], "--", color="black", label=r"target $\sin x$")
ax_fit.set(xlabel=r"input, drawn rescaled: $(x - \pi)/\pi$", title="Typical fits")
ax_fit.legend(fontsize="small")

# %%
# What saturation does
# --------------------
# A hidden neuron computes :math:`y = \sigma(u)` with :math:`u = xW + b`.
# Its weights learn from :math:`\partial E/\partial W = x^\top\delta` with
# :math:`\delta = (\delta^{(2)} W^{(2)\top}) \odot y(1 - y)`. The factor
# :math:`y(1 - y)` is at most 0.25 (at :math:`u = 0`) and vanishes on the
# sigmoid's flat tails. A hidden output counts as saturated, here as in the
# warnings of :mod:`bpteach.diagnostics`, when :math:`y(1 - y)` is below 1 %
# of that largest value (:math:`|u| > 6`). To bend its S over the data, a
# neuron needs its weighted input :math:`u` to go from one side of 0 to the
# other over the inputs, by some units, not by hundreds. For inputs reaching
# 1000, even the initial weights, :math:`0.01\cdot\mathcal{N}(0, 1)`, give
# :math:`|u|` of several units on some samples (the share saturated at the
# start, in the table), and one online step of :math:`\eta\,x\,\delta`, with
# :math:`x` in the hundreds, throws :math:`u` further out. On the tails
# :math:`y(1 - y)` is 0 to many digits and the hidden layer stops learning;
# only the output layer goes on, and all it can do is weigh the hidden
# neurons' steps (the stretched fit above: nearly constant, with a step
# where a hidden neuron switches). How far the weighted inputs spread over
# the data after training:

def widest_span(network, x):
    """The largest range of a hidden neuron's weighted input u = xW + b over the inputs x."""
    hidden = network.layers[0]
    return np.ptp(x @ hidden.W + hidden.b, axis=0).max()


for name, x in INPUTS.items():
    run = runs[name]
    spans = [widest_span(run.network(k), x) for k in range(run.n_copies)]
    print(f"{name:20s}   largest range of u over the data (median over seeds): {np.median(spans):.3g}")

# %%
# The raw inputs: centring, not only scale
# ----------------------------------------
# The raw inputs end with more saturated hidden outputs than the scaled
# ones, but far fewer than the stretched ones (the table). Is that what
# holds them back? Rescaling does two things at once: it shrinks the
# inputs' range, and it centres them on 0. Two more inputs separate the
# two: the raw ones centred but not shrunk, :math:`x - \pi` in
# :math:`[-\pi, \pi)`, and the scaled ones shifted but not centred,
# :math:`(x - \pi)/\pi + \pi` in :math:`[\pi - 1, \pi + 1)`:
CONTROLS = {"centred, [-\u03c0, \u03c0)": x_raw - np.pi, "shifted, [\u03c0-1, \u03c0+1)": x_scaled + np.pi}
for name, x in CONTROLS.items():
    run = train_stacked(build, x, t, seeds=SEEDS, epochs=EPOCHS, learning_rate=0.1, log=None)
    median = np.median(run.errors, axis=0)
    print(f"{name:20s}   median error after epoch 0, 199: {median[0]:.3g}, {median[-1]:.3g}")

# %%
# Centring the raw inputs brings them close to the scaled ones; moving the
# scaled ones off 0 makes them far worse than the raw ones. So what holds
# the raw inputs back is mostly that they are not centred, not their
# size or the saturation that comes with it. The usual
# explanation: a hidden neuron near its steep middle is close to a linear
# unit, whose error, as a function of :math:`(W, b)`, is a bowl with the
# curvature matrix :math:`\sum_n (x_n, 1)^\top (x_n, 1)` times a positive
# factor. When the inputs sit far from 0, the two columns :math:`x_n` and
# :math:`1` are nearly parallel, and the bowl is a long narrow valley: a
# rate small enough for its steep direction crawls along the flat one (the
# parabola argument of :doc:`../plot_failure_modes`). The ratio of the
# largest to the smallest curvature of that bowl, for each input:
for name, x in {**INPUTS, **CONTROLS}.items():
    features = np.c_[x, np.ones_like(x)]
    print(f"{name:20s}   curvature ratio of the bowl: {np.linalg.cond(features.T @ features):.3g}")

# %%
# Of the two controls, the shifted inputs have the narrower valley and
# learn slower; the centred ones the wider. (The stretched inputs have the
# narrowest valley of all and learn slowest. The ratio stands for a neuron
# in its linear range only; the runs above are the test.)
#
# The textbook's rescaling puts every input in :math:`[-1, 1)`, where small
# initial weights give weighted inputs in the sigmoid's steep middle and
# the learning rate that suits one input suits all. Rescale every input
# feature to about that range before training (subtract its mean and divide
# by its spread, or map its range onto :math:`[-1, 1]`) and apply the same
# rescaling to new inputs at prediction time.

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

r"""
Harder curves to learn
======================

Three hidden neurons learn one period of a sine. What about curves with
more turns, or with corners and jumps? This experiment keeps the
textbook's inputs and training and changes the target to
sin x + sin 2x, a sawtooth and a triangle wave (two periods
each), trained with 3 and with 10 hidden neurons, ten seeds each. You will
see the smooth curve learned well by 10 neurons and poorly by 3, the
sawtooth's jump rounded off by both, and the triangle not learned at all:
every run stays on a plateau where its output is a flat line.
"""

# %%
# The targets
# -----------
# The inputs are the textbook's, :math:`x = 0, 0.1, \dots, 6.2`, fed to the
# network rescaled to :math:`(x - \pi)/\pi`. These targets need many more
# epochs than the sine, so to keep this page quick to build the training
# differs from the textbook's in two ways: mini-batches of 7 samples (9
# updates per epoch instead of 63, so 1500 epochs cost about as much as
# 200 online ones: the counts are printed below) and :math:`\eta = 0.05`. A mini-batch's gradient is the
# sum of its 7 samples' gradients, so each update moves about 7 times as
# far as an online one with the same :math:`\eta`; at the textbook's 0.1
# the 10-neuron network would overshoot (see :doc:`plot_hidden_size` for
# why wider layers need smaller steps).
import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares
from bpteach.stacked import train_stacked

EPOCHS, BATCH_SIZE, LEARNING_RATE = 1500, 7, 0.05
SEEDS, SIZES = range(10), [3, 10]
x, _ = bpteach.datasets.sin_curve()
raw = np.arange(0.0, 2 * np.pi, 0.1).reshape(-1, 1)
rising = (raw / np.pi) % 1  # rises from 0 to 1 twice over [0, 2 pi)
TARGETS = {
    "sin x + sin 2x": np.sin(raw) + np.sin(2 * raw),
    "sawtooth": 2 * rising - 1,
    "triangle": 1 - 2 * np.abs(2 * rising - 1),
}


def network(n_hidden):
    """A builder of the 1-n_hidden-1 regression network."""
    def build(rng, wb_width=0.01):
        return Network([Dense(1, n_hidden, Sigmoid(), rng=rng, wb_width=wb_width),
                        Dense(n_hidden, 1, Identity(), rng=rng, wb_width=wb_width)], loss=SumOfSquares())
    return build


print(f"updates per run: {EPOCHS * -(-len(x) // BATCH_SIZE)} here; 200 online epochs: {200 * len(x)}")
runs = {(name, size): train_stacked(network(size), x, t, seeds=SEEDS, epochs=EPOCHS, batch_size=BATCH_SIZE,
                                    learning_rate=LEARNING_RATE, log=None)
        for name, t in TARGETS.items() for size in SIZES}
print(f"target            H   median error after epoch {EPOCHS - 1} (10th-90th percentile)")
for (name, size), run in runs.items():
    low, median, high = np.percentile(run.errors[:, -1], [10, 50, 90])
    print(f"{name:15s} {size:3d}   {median:.3g} ({low:.3g}-{high:.3g})")

# %%
# Typical fits
# ------------
# For each target and size, the fit of the seed with the median final
# error, over the target (dashed).
fig, axes = plt.subplots(len(SIZES), len(TARGETS), figsize=(10, 4.6), sharex=True, sharey="col",
                         layout="constrained")
for (name, size), run in runs.items():
    ax = axes[SIZES.index(size), list(TARGETS).index(name)]
    typical = np.argsort(run.errors[:, -1])[len(SEEDS) // 2]
    ax.plot(x[:, 0], TARGETS[name][:, 0], "--", color="black", lw=1)
    ax.plot(x[:, 0], run.network(typical).predict(x)[:, 0], color="tab:blue", lw=2)
    ax.set_title(f"{name}, H = {size}", fontsize="medium")
for ax in axes[-1]:
    ax.set_xlabel(r"input $(x - \pi)/\pi$")

# %%
# What the network can draw
# -------------------------
# The output is a weighted sum of the hidden neurons' S-shapes plus a
# constant: :math:`y = \sum_j W_j\,\sigma(w_j x + b_j) + b`. Each S makes
# one rise or one fall, so a curve that turns :math:`k` times (from rising
# to falling or back) needs at least about :math:`k + 1` neurons. Counted
# on the training points:
targets_and_sine = {"sin x (the textbook's)": np.sin(raw), **TARGETS}
for name, t in targets_and_sine.items():
    turns = np.count_nonzero(np.diff(np.sign(np.diff(t[:, 0]))))
    print(f"{name:22s} turns {turns} times: at least about {turns + 1} neurons")

# %%
# That is why the textbook's sine gets by with three neurons, and why
# three make only a rough copy of :math:`\sin x + \sin 2x`; ten have
# S-shapes to spare and make a close one.
#
# The sawtooth's jump needs one very steep S (a large weight :math:`w_j`)
# beside ramps that need nearly straight ones. As an S steepens, the
# samples on its flanks saturate it and its error signal,
# :math:`\delta_j \propto y_j(1 - y_j)`, fades, so gradient descent sharpens
# it only slowly: the fits round the jump off, with 3 neurons or 10.
#
# The triangle is the surprise: no run learns it. Compare each target's
# final errors with the error of the best straight line through it (by
# least squares):
line = np.c_[x, np.ones_like(x)]
for name, t in TARGETS.items():
    coefficients = np.linalg.lstsq(line, t, rcond=None)[0]
    best_line = 0.5 * np.mean((line @ coefficients - t) ** 2)
    finals = ", ".join(f"H = {size}: {np.median(runs[name, size].errors[:, -1]):.3g}" for size in SIZES)
    print(f"{name:15s} best straight line {best_line:.3g} (slope {coefficients[0, 0]:+.2f}); "
          f"networks {finals}")

# %%
# A network starting from tiny weights first fits a straight line (watch it
# happen in :doc:`../plot_training_animation`), and only then bends it. The
# sine and :math:`\sin x + \sin 2x` have a clear trend, a sloped best line,
# and the runs go on from there. The triangle has none: its best line is
# flat, at its mean, and the error signal that reaches the hidden neurons
# from a flat output averages out over the symmetric rises and falls. The
# runs stay on that plateau, their error at the flat line's, for all the
# epochs of this page.
#
# Larger random initial weights start the network away from the straight
# line: its S-shapes are already bent and scattered over the inputs. The
# triangle again, with 10 neurons and ``wb_width = 3`` instead of 0.01:
wide_start = train_stacked(network(10), x, TARGETS["triangle"], seeds=SEEDS, epochs=EPOCHS,
                           batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, wb_width=3.0, log=None)
low, median, high = np.percentile(wide_start.errors[:, -1], [10, 50, 90])
print(f"triangle, H = 10, wb_width = 3: median error after epoch {EPOCHS - 1}: {median:.3g} "
      f"({low:.3g}-{high:.3g})")
fig, ax = plt.subplots(figsize=(5, 2.8), layout="constrained")
typical = np.argsort(wide_start.errors[:, -1])[len(SEEDS) // 2]
ax.plot(x[:, 0], TARGETS["triangle"][:, 0], "--", color="black", lw=1)
ax.plot(x[:, 0], wide_start.network(typical).predict(x)[:, 0], color="tab:blue", lw=2)
ax.set(title="triangle, H = 10, wb_width = 3", xlabel=r"input $(x - \pi)/\pi$")

# %%
# The plateau is gone. (Three neurons would still be too few for the
# triangle's turns, and :doc:`plot_initial_width` shows how too large
# a width goes wrong.)
# Deeper networks are another way to get more turns out of few neurons:
# see :doc:`plot_depth`.

plt.show()

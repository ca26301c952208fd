r"""
The learning rate
=================

The textbook trains with a learning rate of η = 0.1. What
happens with 0.001, or with 10? This experiment trains the textbook's 1-3-1
regression with eleven learning rates from 0.001 to 10, ten seeds each, all
in one stacked run. You will see the final error against η:
too small and the network hardly moves; larger and it learns faster, until
the steps throw the hidden neurons onto the flat tails of their sigmoids;
and past a boundary, which the runs locate and a one-line argument
explains, the error explodes.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/experiments/images/sphx_glr_plot_learning_rate_001.png
   :alt: The final error against the learning rate, and which runs diverged.
   :srcset: /auto_examples/experiments/images/sphx_glr_plot_learning_rate_001.png
   :class: sphx-glr-single-img

In the :doc:`/playground`, try learning rates from too small to diverging.
"""

# %%
# The runs
# --------
# Every copy of one :func:`~bpteach.stacked.train_stacked` call may have its
# own learning rate, so the 11 rates x 10 seeds are 110 copies trained side
# by side. Everything else is the textbook's, except the number of epochs:
# 200 of the 2001, to keep this page quick to build (at the rates of this
# page, the runs that diverge do so within the first few epochs: the epochs
# are printed below; closer to the boundary it can take longer). A copy whose error overflows is
# stopped alone and its errors after that are NaN; the others go on.
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
RATES = np.array([0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 2, 3, 5, 10])
x, t = bpteach.datasets.sin_curve()


def build(rng):
    """The textbook's 1-3-1 regression network."""
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)], loss=SumOfSquares())


runs = train_stacked(build, x, t, seeds=np.tile(np.arange(N_SEEDS), RATES.size), epochs=EPOCHS,
                     learning_rate=np.repeat(RATES, N_SEEDS), log=None)
# One row per learning rate, one column per seed.
final = runs.errors[:, -1].reshape(RATES.size, N_SEEDS)
diverged = (runs.diverged_epoch >= 0).reshape(RATES.size, N_SEEDS)
print("  eta   diverged   median error after epoch 199 (of the runs that did not diverge)")
for rate, errors, lost in zip(RATES, final, diverged):
    median = f"{np.median(errors[~lost]):.3g}" if (~lost).any() else "-"
    print(f"{rate:6g}   {lost.sum():3d}/{N_SEEDS}     {median}")

# %%
# The final error against the learning rate
# -----------------------------------------
# Each dot is one seed; the line joins the medians. Diverged runs have no
# final error; they are counted in the lower panel.
fig, (ax, ax_lost) = plt.subplots(2, 1, figsize=(7, 4.6), sharex=True, height_ratios=[3, 1],
                                  layout="constrained")
for rate, errors in zip(RATES, final):
    ax.plot(np.full(N_SEEDS, rate), errors, ".", color="tab:blue", alpha=0.5)
converged = ~diverged.all(axis=1)
ax.plot(RATES[converged], [np.median(e[~d]) for e, d in zip(final[converged], diverged[converged])],
        "o-", color="tab:blue", label="median")
ax.set(xscale="log", yscale="log", ylabel=f"error after {EPOCHS} epochs",
       title="Final error against the learning rate")
ax.grid(True, alpha=0.3)
ax.legend()
ax_lost.bar(RATES, diverged.mean(axis=1), width=RATES * 0.4, color="tab:red")
ax_lost.set(xscale="log", xlabel=r"learning rate $\eta$", ylabel="diverged", ylim=(0, 1.05))
ax_lost.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))

# %%
# Where is the boundary?
# ----------------------
safe = RATES[~diverged.any(axis=1)]
unsafe = RATES[diverged.any(axis=1)]
print(f"largest rate at which no seed diverged: {safe.max():g}; "
      f"smallest rate at which some seed diverged: {unsafe.min():g}")
print("epoch of divergence (median and latest over the seeds that diverged):")
for rate, lost, epochs in zip(RATES, diverged, runs.diverged_epoch.reshape(RATES.size, N_SEEDS)):
    if lost.any():
        print(f"  eta = {rate:g}: epoch {np.median(epochs[lost]):g}, latest {epochs[lost].max()}")

# %%
# Up to :math:`\eta = 0.3` a larger rate is simply faster: the same number
# of epochs takes the network further down the error curve. Past that, the
# runs get worse long before they overflow. The share of saturated hidden
# outputs at the end (a sigmoid whose derivative :math:`y(1 - y)` is below
# 1 % of its largest value, 1/4, passes back less than a hundredth of the
# error signal it would pass at its middle; the threshold of
# :mod:`bpteach.diagnostics`) shows why:
for i, rate in enumerate(RATES):
    shares = []
    for k in range(i * N_SEEDS, (i + 1) * N_SEEDS):
        if runs.diverged_epoch[k] < 0:
            shares.append(saturated_units(Sigmoid(), runs.network(k).layers[0].forward(x))[0])
    if shares:
        print(f"eta = {rate:g}: median share of saturated hidden outputs {np.median(shares):.0%}")

# %%
# Large steps throw the hidden neurons' weighted inputs far out onto the
# flat tails of the sigmoid, where they stop learning. At
# :math:`\eta = 2` every hidden output is saturated, and on the same side,
# near 0. The largest hidden output of any :math:`\eta = 2` run, over all
# the inputs:
eta_2 = np.flatnonzero(np.repeat(RATES, N_SEEDS) == 2)
print(f"largest hidden output of any eta = 2 run: "
      f"{max(runs.network(k).layers[0].forward(x).max() for k in eta_2):.1e}")

# %%
# So the hidden layer is dead and the output is just the output bias
# :math:`b`, whatever the input. One online step on sample :math:`n` moves
# it to :math:`b - \eta\,(b - t_n)`, which at :math:`\eta = 2` is
# :math:`2t_n - b`: the bias is reflected about the target, landing as far
# on the other side as it was. It neither settles nor explodes; it wanders
# from reflection to reflection, and the error with it, far above where it
# started but never overflowing, so nothing stops these runs.
#
# The same picture places the boundary. In :doc:`plot_hidden_size`, one
# online step multiplies the output's error signal by
# :math:`1 - \eta\,(1 + \sum_j y_j^2)` while the hidden outputs stay what
# they were. Since :math:`\sum_j y_j^2 \ge 0`, for :math:`\eta > 2`
# that factor is below :math:`-1` whatever the hidden outputs are: every
# step overshoots by more than it corrects (see
# :doc:`../plot_failure_modes` for the one-parameter picture), and the
# error grows geometrically until float64 overflows, as it does in every
# run from :math:`\eta = 3` on. At :math:`\eta = 2` a dead hidden layer
# puts the factor exactly at :math:`-1`: the reflections above. Below 2 a
# run can be stable, but only while :math:`\sum_j y_j^2` stays small
# enough, and the hidden outputs change as the network learns; how a run
# fares between 1 and 2 is found by running.

# %%
# Learning curves
# ---------------
# The median over the seeds for a few rates (a diverged run's curve ends
# where it diverged).
fig, ax = plt.subplots(figsize=(7, 3.4), layout="constrained")
for rate in [0.001, 0.1, 1, 2, 3]:
    rows = runs.errors[RATES.tolist().index(rate) * N_SEEDS:][:N_SEEDS]
    ax.plot(np.median(rows, axis=0), label=rf"$\eta = {rate:g}$")
    print(f"eta = {rate:g}: median error after epoch 0: {np.median(rows[:, 0]):.3g}, "
          f"after epoch {EPOCHS - 1}: {np.median(rows[:, -1]):.3g}")
# The axis stops a little above the runs that did not overflow; eta = 3 leaves it at once.
kept = runs.errors[runs.diverged_epoch < 0]
ax.set(yscale="log", ylim=(kept.min() / 2, kept.max() * 10), xlabel="epoch",
       ylabel="mean error per sample", title="Median of 10 seeds")
ax.grid(True, alpha=0.3)
ax.legend(fontsize="small")

# %%
# With :math:`\eta = 0.001` the error has barely moved after 200 epochs:
# each step is a hundredth of the textbook's. With :math:`\eta = 2` the
# error starts far above the textbook's and wanders higher (the bias's
# reflections above) without ever overflowing; with :math:`\eta = 3` it
# leaves the top of the plot in its first epoch and overflows within a few
# more (NaN in the last line above), and the run is stopped.

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

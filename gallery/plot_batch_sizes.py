r"""
Online, mini-batch and full-batch training
==========================================

The textbook trains online: one update per sample. Here the same regression
network (1-3-1, learning the sine curve) is trained three ways — online,
with mini-batches of 8 samples, and with the full batch of 63 — and the
three learning curves are drawn twice: against epochs and against
wall-clock time. You will see that in this run (one seed) mini-batches of 8
learn about as much per epoch as online learning with 8 updates per epoch
instead of 63, and that the full batch, which must use a smaller learning rate, lags far behind per
epoch.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/images/sphx_glr_plot_batch_sizes_001.png
   :alt: Learning curves of online, mini-batch and full-batch training, against epochs and against time.
   :srcset: /auto_examples/images/sphx_glr_plot_batch_sizes_001.png
   :class: sphx-glr-single-img

The wall-clock figure (the learning curves against time, and the time of
one update beside them) is measured while this page is built, so it
changes from build to build and machine to machine.
"""

# %%
# How a batch is aggregated
# -------------------------
# bpteach sums the error over the samples of a batch,
# :math:`E_B = \sum_{n \in B} E_n`, so the gradient of a batch of :math:`N`
# samples is the sum of its samples' gradients. To first order in
# :math:`\eta`, one update on the batch equals the :math:`N` online updates
# on its samples combined; it is *not* :math:`N` times longer than one
# online update, since the samples' gradients point in different directions
# (:doc:`/sgd` measures the ratio of the lengths for this very network at
# its initial weights: it is far below :math:`N`). What grows with :math:`N` is the
# curvature of :math:`E_B`, the sum of the samples' curvatures, and with it
# the risk that a step overshoots. With :math:`\eta = 0.1` the full batch of
# 63 diverges here (the run below shows it: bpteach first warns, with
# :class:`~bpteach.diagnostics.TrainingWarning`, that the hidden neurons
# saturate and the error rises, then stops it with
# :class:`~bpteach.training.TrainingDiverged`), so it gets :math:`\eta = 0.01`.
import warnings

import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares
from bpteach.plotting import show_or_save

x, t = bpteach.datasets.sin_curve()
settings = [  # (label, batch_size, learning_rate)
    ("online (batch size 1)", 1, 0.1),
    ("mini-batch (batch size 8)", 8, 0.1),
    ("full batch (batch size 63)", 63, 0.01),
]

rng = np.random.default_rng(3)
net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
              loss=SumOfSquares())
try:
    with warnings.catch_warnings():  # printed below, from the history, instead
        warnings.simplefilter("ignore", bpteach.TrainingWarning)
        bpteach.train(net, x, t, epochs=2001, learning_rate=0.1, batch_size=len(x), rng=rng, log=None)
except bpteach.TrainingDiverged as err:
    print(f"full batch with learning_rate=0.1: diverged in epoch {err.epoch}")
    print("warned before:", ", ".join(f"{w.kind} after epoch {w.epoch}" for w in err.history.warnings))
else:
    raise AssertionError("the text says that the full batch diverges with learning_rate=0.1")

# %%
# Training, timed
# ---------------
# Each run starts from the same initial weights (same seed) and trains for
# the textbook's 2001 epochs. ``history.seconds`` holds the wall-clock time
# at the end of every epoch.
runs = {}
for label, batch_size, learning_rate in settings:
    rng = np.random.default_rng(3)
    net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
                  loss=SumOfSquares())
    history = bpteach.train(net, x, t, epochs=2001, learning_rate=learning_rate,
                            batch_size=batch_size, rng=rng, log=None)
    runs[label] = history
    print(f"{label:28s} final error {history.errors[-1]:.2e}   "
          f"updates {2001 * -(-len(x) // batch_size):7d}")

# %%
# The learning curves
# -------------------
# Against epochs (left), online learning (63 updates per epoch) and
# mini-batches (8 updates per epoch, each summing 8 gradients) make similar
# progress; the mini-batch curve is noisier late in training. The full batch
# makes one small update per epoch and is still far from the target after
# 2001 epochs. Against time (middle), the curves are spread by the time
# each epoch takes. Every epoch does the arithmetic of the same 63 samples;
# what changes with the batch size is the number of updates, each a fixed
# number of NumPy calls on larger or smaller arrays. The right panel shows
# the time of one update in this build (the median epoch's time, a median
# so that an epoch slowed by another program does not count, divided by
# the updates per epoch): where the three are close to each other, the
# time per epoch falls almost in proportion to the number of updates.
per_update = {label: np.median(np.diff(runs[label].seconds, prepend=0.0)) / -(-len(x) // batch_size)
              for label, batch_size, _ in settings}
fig, (by_epoch, by_time, by_update) = plt.subplots(
    1, 3, figsize=(13, 4), layout="constrained", gridspec_kw={"width_ratios": [3, 3, 2]})
for label, history in runs.items():
    by_epoch.plot(np.arange(len(history.errors)), history.errors, lw=1, label=label)
    by_time.plot(history.seconds, history.errors, lw=1, label=label)
by_epoch.set(xlabel="epoch", ylabel="mean error per sample", yscale="log", title="Against epochs")
by_time.set(xlabel="wall-clock time (s), measured during this build", yscale="log", title="Against time")
by_time.sharey(by_epoch)
by_update.barh(list(per_update), [seconds * 1e6 for seconds in per_update.values()],
               color=[f"C{i}" for i in range(len(per_update))])
by_update.invert_yaxis()
by_update.set(xlabel="µs, measured during this build", title="Median time per update")
for ax in (by_epoch, by_time, by_update):
    ax.grid(True, alpha=0.3)
by_epoch.legend()

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

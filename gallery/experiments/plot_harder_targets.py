r"""
Harder curves to learn
======================

Three hidden neurons learn one period of a sine. What about curves with
more turns, or with corners and jumps? This experiment keeps the
textbook's inputs and training and changes the target to
:math:`\sin x + \sin 2x`, a sawtooth and a triangle wave (two periods
each), trained with 3 and with 10 hidden neurons, ten seeds each. You will
see that 3 neurons are too few for every one of them, that 10 fit the
smooth curve and the triangle much better, and that a jump stays hard for
any number of sigmoids.
"""

# %%
# The targets
# -----------
# The inputs are the textbook's, :math:`x = 0, 0.1, \dots, 6.2`, fed to the
# network rescaled to :math:`(x - \pi)/\pi`. The training is the
# textbook's, except the number of epochs: 200 of the 2001, to keep this
# page quick to build.
import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares
from bpteach.stacked import train_stacked

EPOCHS, SEEDS, SIZES = 200, range(10), [3, 10]
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
    def build(rng):
        return Network([Dense(1, n_hidden, Sigmoid(), rng=rng), Dense(n_hidden, 1, Identity(), rng=rng)],
                       loss=SumOfSquares())
    return build


runs = {(name, size): train_stacked(network(size), x, t, seeds=SEEDS, epochs=EPOCHS, learning_rate=0.1,
                                    log=None)
        for name, t in TARGETS.items() for size in SIZES}
print("target            H   median error after epoch 199 (10th-90th percentile)")
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
# one rise or one fall, so a curve with :math:`k` turns needs at least
# about :math:`k + 1` neurons. :math:`\sin x + \sin 2x` and the triangle
# each turn three times over the inputs: three neurons are too few, and
# ten have enough S-shapes to spare.
#
# The sawtooth is different. Its jump in the middle needs one very steep
# S (a large weight :math:`w_j`), and the straight ramps beside it need
# others nearly linear. Gradient descent approaches the steep one only
# slowly: as the S steepens, the samples on its flanks saturate it and their
# error signal, :math:`\delta_j \propto y_j(1 - y_j)`, fades. So the fit
# rounds the jump off, and even with ten neurons the error stays well above
# the other two targets'.
steepest = [np.abs(runs["sawtooth", 10].network(k).layers[0].W).max() for k in SEEDS]
print(f"sawtooth, H = 10: steepest hidden weight after {EPOCHS} epochs (median over seeds): "
      f"{np.median(steepest):.3g}")

# %%
# More epochs help the sawtooth too, but slowly; more neurons help the
# smooth curves most. Deeper networks are another way to get more turns
# out of few neurons: see :doc:`plot_depth`.

plt.show()

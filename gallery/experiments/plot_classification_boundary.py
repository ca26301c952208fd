r"""
What boundary can the classifier draw?
======================================

The textbook's classifier has 6 hidden neurons and learns which points of
the plane lie below the curve x₂ = sin(πx₁). How does the number
of hidden neurons change the boundary it can draw? This experiment trains
the 2-H-2 network with H = 2, 3, 6 and 20, ten seeds each, and shows the
decision regions side by side. You will see that two neurons give a
boundary too stiff to follow the sine to the edges, and that three already
follow it as well as six or twenty.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/experiments/images/sphx_glr_plot_classification_boundary_001.png
   :alt: The decision regions of the 2-H-2 networks, one panel for each number of hidden neurons H.
   :srcset: /auto_examples/experiments/images/sphx_glr_plot_classification_boundary_001.png
   :class: sphx-glr-single-img

In the :doc:`/playground`, watch the predicted regions form, epoch by epoch.
"""

# %%
# The runs
# --------
# The textbook's data, network and loss, except the hidden size and the
# training: to keep this page quick to build, mini-batches of 21 samples (21
# updates per epoch instead of 441) for 300 epochs, far fewer updates than
# the textbook's 101 online epochs (both counts are printed below), with
# :math:`\eta = 0.05`. A mini-batch's gradient is the sum of its 21
# samples' gradients, so one update can move up to 21 times as far as an
# online one with the same :math:`\eta` (as far as that only when all 21
# point the same way: :doc:`/sgd`).
import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

import bpteach
from bpteach import CrossEntropy, Dense, Network, Sigmoid, Softmax
from bpteach.plotting import CLASS_COLORS, show_or_save
from bpteach.stacked import train_stacked

# Many of these runs fail on purpose (that is the experiment): the TrainingWarnings that
# train_stacked gives about them stay in each copy's history(k).warnings instead of
# being printed here.
warnings.filterwarnings("ignore", category=bpteach.TrainingWarning)

EPOCHS, BATCH_SIZE, LEARNING_RATE = 300, 21, 0.05
SEEDS, SIZES = range(10), [2, 3, 6, 20]
x, t = bpteach.datasets.sin_boundary()


def classifier(n_hidden):
    """A builder of the 2-n_hidden-2 classification network."""
    def build(rng):
        return Network([Dense(2, n_hidden, Sigmoid(), rng=rng), Dense(n_hidden, 2, Softmax(), rng=rng)],
                       loss=CrossEntropy())
    return build


updates = EPOCHS * -(-len(x) // BATCH_SIZE)  # batches per epoch, the last one may be smaller
print(f"updates per run: {updates} here, {101 * len(x)} in the textbook's 101 online epochs")
runs, accuracy = {}, {}
print(" H   training points classified correctly: median (worst, best) of 10 seeds")
for size in SIZES:
    runs[size] = run = train_stacked(classifier(size), x, t, seeds=SEEDS, epochs=EPOCHS,
                                     batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, log=None)
    # run.predict gives every copy's outputs at once: shape (copies, points, 2).
    accuracy[size] = np.mean(run.predict(x).argmax(axis=-1) == t.argmax(axis=-1), axis=1)
    print(f"{size:3d}   {np.median(accuracy[size]):.1%} ({accuracy[size].min():.1%}, "
          f"{accuracy[size].max():.1%})")

# %%
# Decision regions
# ----------------
# For each size, the run with the median accuracy: the colour is the class
# it predicts on a fine grid (orange: below the curve), and the black curve
# is the true boundary.
grid = np.linspace(-1, 1, 121)
plane = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
fig, axes = plt.subplots(1, len(SIZES), figsize=(11, 3.1), sharey=True, layout="constrained")
for ax, size in zip(axes, SIZES):
    typical = np.argsort(accuracy[size])[len(SEEDS) // 2]
    net = runs[size].network(typical)
    regions = net.predict(plane).argmax(axis=1).reshape(grid.size, grid.size)
    ax.imshow(regions, extent=(-1, 1, -1, 1), origin="lower", cmap=ListedColormap(CLASS_COLORS),
              alpha=0.4, interpolation="nearest")
    ax.plot(grid, np.sin(np.pi * grid), color="black", lw=1.5)
    ax.set(xlim=(-1, 1), ylim=(-1, 1), aspect="equal",
           title=f"H = {size}: {accuracy[size][typical]:.1%} correct")
    ax.title.set_fontsize("medium")

# %%
# How the boundary is built
# -------------------------
# Hidden neuron :math:`j` computes :math:`\sigma(u_j)` with
# :math:`u_j = x_1 W^{(1)}_{1j} + x_2 W^{(1)}_{2j} + b^{(1)}_j`. Its output
# changes only in one direction of the plane, across the straight line
# :math:`u_j = 0`: a ramp, or with large weights a step. The network
# predicts class 0 where the first output's weighted input is the larger,
# so the boundary is where the two are equal:
#
# .. math::
#
#    \sum_j \big(W^{(2)}_{j1} - W^{(2)}_{j2}\big)\,\sigma(u_j)
#    + \big(b^{(2)}_1 - b^{(2)}_2\big) = 0 .
#
# With one hidden neuron this says :math:`\sigma(u_1)` = a constant, that
# is :math:`u_1` = a constant: a straight line. Each further neuron adds
# one more ramp to the sum, in its own direction, and the boundary can bend
# where the ramps overlap. Two ramps give the boundary of the left panel:
# it follows the sine's middle, through the dip and over the bump, but its
# arms beyond them are too straight, so bands of points near the left and
# right edges fall on the wrong side. From three neurons on, the boundary
# follows the curve to the edges, and the fits are equally good here; the
# points still missed lie right beside the curve. How far from the curve,
# :math:`|x_2 - \sin(\pi x_1)|`, the missed training points of all the
# runs lie (the grid's points are 0.1 apart):
for size in SIZES:
    missed = runs[size].predict(x).argmax(axis=-1) != t.argmax(axis=-1)  # (copies, points)
    distance = np.abs(x[:, 1] - np.sin(np.pi * x[:, 0]))
    far = distance[np.nonzero(missed)[1]]
    print(f"H = {size:2d}: {far.size:3d} misses in {len(SEEDS)} runs, "
          f"the farthest {far.max():.2f} from the curve, "
          f"{np.mean(np.abs(x[np.nonzero(missed)[1], 0]) > 0.6):.0%} of them with |x1| > 0.6")

# %%
# The seeds also agree much more from three neurons on:
spread = {size: np.ptp(accuracy[size]) for size in SIZES}
print("spread of the accuracy over the seeds (best - worst):\n  "
      + ", ".join(f"H = {size}: {spread[size]:.1%}" for size in SIZES))

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

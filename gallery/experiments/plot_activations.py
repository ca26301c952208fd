r"""
Which activation in the hidden layer?
=====================================

The textbook's hidden neurons use the sigmoid. This experiment swaps it for
tanh, for ReLU (max(0, u)) and for the identity, keeping
everything else, and trains each 1-3-1 network from 20 seeds. You will see
that the identity cannot fit the sine at all (a network whose layers are
all linear is a straight line), that tanh learns faster than the sigmoid,
and that ReLU usually ends far worse with 3 neurons: its fit is made of
straight pieces, and most runs lose some of their corners.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/experiments/images/sphx_glr_plot_activations_001.png
   :alt: Learning curves of the networks with sigmoid, tanh, ReLU and identity hidden neurons.
   :srcset: /auto_examples/experiments/images/sphx_glr_plot_activations_001.png
   :class: sphx-glr-single-img

In the :doc:`/playground`, compare the sigmoid, tanh and ReLU hidden neurons on
both problems (the identity is not there).
"""

# %%
# The runs
# --------
# The textbook's settings, except the hidden activation and the number of
# epochs: 200 of the 2001, to keep this page quick to build.
import warnings

import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import Dense, Identity, Network, ReLU, Sigmoid, SumOfSquares, Tanh
from bpteach.plotting import show_or_save
from bpteach.stacked import train_stacked

# Many of these runs fail on purpose (that is the experiment): the TrainingWarnings that
# train_stacked gives about them stay in each copy's history(k).warnings instead of
# being printed here.
warnings.filterwarnings("ignore", category=bpteach.TrainingWarning)

EPOCHS, SEEDS = 200, range(20)
ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "ReLU": ReLU, "identity": Identity}
x, t = bpteach.datasets.sin_curve()


def network_with(activation):
    """A builder of the 1-3-1 network with the given hidden activation class."""
    def build(rng):
        return Network([Dense(1, 3, activation(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
                       loss=SumOfSquares())
    return build


runs = {name: train_stacked(network_with(activation), x, t, seeds=SEEDS, epochs=EPOCHS,
                            learning_rate=0.1, log=None)
        for name, activation in ACTIVATIONS.items()}
print("activation   median error after epoch 199 (10th-90th percentile)")
for name, run in runs.items():
    low, median, high = np.percentile(run.errors[:, -1], [10, 50, 90])
    print(f"{name:10s}   {median:.3g} ({low:.3g}-{high:.3g})")

# %%
# Fits and learning curves
# ------------------------
# Top: for each activation, the fit of the seed with the median final
# error. Bottom: the median learning curve and the 10th-90th percentile
# band of the 20 seeds.
fig = plt.figure(figsize=(10, 5), layout="constrained")
top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.3])
axes = top.subplots(1, len(runs), sharey=True)
ax_curves = bottom.subplots()
for i, (ax, (name, run)) in enumerate(zip(axes, runs.items())):
    color = f"C{i}"  # one colour per activation, in both panels
    typical = np.argsort(run.errors[:, -1])[len(SEEDS) // 2]
    ax.plot(x[:, 0], t[:, 0], "--", color="black", lw=1)
    ax.plot(x[:, 0], run.network(typical).predict(x)[:, 0], color=color, lw=2)
    ax.set_title(name, fontsize="medium", color=color)
    median = np.median(run.errors, axis=0)
    ax_curves.plot(median, color=color, label=name)
    ax_curves.fill_between(np.arange(EPOCHS), *np.percentile(run.errors, [10, 90], axis=0),
                           color=color, alpha=0.2)
ax_curves.set(yscale="log", xlabel="epoch", ylabel="mean error per sample")
ax_curves.grid(True, alpha=0.3)
ax_curves.legend(fontsize="small", ncols=4)

# %%
# The identity: a straight line
# -----------------------------
# With the identity in the hidden layer, the whole network is
# :math:`y = (xW^{(1)} + b^{(1)})W^{(2)} + b^{(2)} = x\,(W^{(1)}W^{(2)}) +
# (b^{(1)}W^{(2)} + b^{(2)})`: one weight and one bias, a straight line,
# however many hidden neurons it has. Its error can never fall below that
# of the best straight line through the data, found by least squares:
line = np.c_[x, np.ones_like(x)]
coefficients = np.linalg.lstsq(line, t, rcond=None)[0]
best_line = 0.5 * np.mean((line @ coefficients - t) ** 2)
identity = runs["identity"]
own = 0.5 * np.mean((identity.predict(x)[..., 0] - t[:, 0]) ** 2, axis=1)  # each copy's final weights
print(f"best straight line: error {best_line:.4g}; identity network, median over the seeds: "
      f"{np.median(identity.errors[:, -1]):.4g} as logged in epoch {EPOCHS - 1},\n  "
      f"{np.median(own):.4g} for its final weights")

# %%
# The identity network's logged error ends above the best line's, and so
# does the error of its final weights (the medians above). Two things keep
# them there. The logged error is
# measured during the epoch, while every online step moves the line
# towards its own sample; and even the final weights are one position of a
# line that each step pulls towards a different sample, so it jiggles about
# the best line instead of settling on it. The control: five more epochs
# with steps ten times smaller, :math:`\eta = 0.01`, which shrink the
# jiggle:
calmer = []
for k in range(identity.n_copies):
    network = identity.network(k)
    bpteach.train(network, x, t, epochs=5, learning_rate=0.01, rng=np.random.default_rng(k), log=None)
    calmer.append(0.5 * np.mean((network.predict(x)[:, 0] - t[:, 0]) ** 2))
print(f"after 5 more epochs at eta = 0.01: median {np.median(calmer):.4g}, largest {max(calmer):.4g} "
      f"(best straight line {best_line:.4g})")

# %%
# With the jiggle shrunk, the identity network sits on the best line. A
# hidden layer is only worth having if its activation bends.

# %%
# Why tanh is quicker than the sigmoid
# ------------------------------------
# :math:`\tanh(u) = 2\sigma(2u) - 1` is a sigmoid stretched to
# :math:`(-1, 1)` and centred on 0. At the start, with tiny weights, its
# outputs are near 0 rather than 0.5, and its slope there is 1 rather than
# 0.25, so the error signal that reaches the hidden weights is four times
# larger. Same shapes, faster start.

# %%
# ReLU with 3 neurons: kinks and errors
# -------------------------------------
# A ReLU network computes a function made of straight pieces: each hidden
# neuron :math:`j` adds one kink, at the input where its weighted input
# :math:`u_j = xW_j + b_j` crosses 0, :math:`x = -b_j/W_j`. Three neurons
# give at most three kinks, and a kink only shapes the fit if it lies
# inside the inputs' range, :math:`[-1, 1)`, and apart from the others (two
# kinks in the same place make one). For each run, the kinks counted at the
# start and at the end (kinks closer than 0.05 count once), and the ways in
# which kinks were lost by the end:


def distinct_kinks(hidden):
    """The kinks of a ReLU hidden layer that lie inside the inputs' range, merged when close."""
    kinks = np.sort(-hidden.b / hidden.W[0])
    kinks = kinks[(kinks > x.min()) & (kinks < x.max())]
    return kinks[np.r_[True, np.diff(kinks) > 0.05]] if kinks.size else kinks


relu = runs["ReLU"]
final = relu.errors[:, -1]
print("seed  final error  kinks at the start  kinks at the end  dead neurons  merged  live, outside")
lost = {"dead": 0, "merged": 0, "outside": 0}  # how many runs lost a kink each way
by_count = {}
for k in np.argsort(final):
    start = network_with(ReLU)(np.random.default_rng(SEEDS[k])).layers[0]
    hidden = relu.network(k).layers[0]
    live = ~np.all(hidden.forward(x) <= 0, axis=0)
    middles = -hidden.b / hidden.W[0]
    inside = (middles > x.min()) & (middles < x.max())
    n_end = distinct_kinks(hidden).size
    dead, merged, outside = (~live).sum(), (live & inside).sum() - n_end, (live & ~inside).sum()
    for name, n in [("dead", dead), ("merged", merged), ("outside", outside)]:
        lost[name] += n > 0
    by_count.setdefault(n_end, []).append(final[k])
    print(f"{SEEDS[k]:4d}  {final[k]:11.3g}  {distinct_kinks(start).size:17d}  {n_end:15d}  {dead:12d}  "
          f"{merged:6d}  {outside:13d}")
for n, errors in sorted(by_count.items(), reverse=True):
    print(f"{len(errors):2d} runs with {n} distinct kinks at the end: final errors {min(errors):.3g} "
          f"to {max(errors):.3g}")
print(f"runs that lost a kink to a dead neuron: {lost['dead']}, to kinks ending together: "
      f"{lost['merged']},\n  to a live neuron whose kink lies outside the inputs: {lost['outside']}")

# %%
# The table is sorted by final error; "merged" counts the live neurons
# whose kink ended on another's, "live, outside" the live neurons whose kink
# lies outside the inputs. The runs that end with three distinct kinks have
# the lowest errors, and those with one kink or none end near or above the
# best straight line's error; but two kinks give anything from a fit a few
# times worse than the sigmoid's to one little better than the best
# straight line (the error ranges above): where the kinks sit matters, not
# only how many there are. Nor does the start decide the end: kinks move in
# and out of the range during training (compare the second and third
# columns). The kinks lost by the end were lost in two ways (the counts
# above): a neuron that died, or kinks that ended together; no run ends
# with a live neuron whose kink lies outside the inputs. A dead neuron
# outputs 0 for every input and has derivative 0 there, so it receives no
# error signal at all and can never come back. A
# sigmoid neuron has no corner: far from its middle its slope is small but
# never 0, so it goes on learning, if slowly. More neurons give more kinks,
# but within these 200 epochs they do not make ReLU reliable here: the same
# 20 seeds with 10 ReLU neurons,
ten = train_stacked(lambda rng: Network([Dense(1, 10, ReLU(), rng=rng), Dense(10, 1, Identity(), rng=rng)],
                                        loss=SumOfSquares()),
                    x, t, seeds=SEEDS, epochs=EPOCHS, learning_rate=0.1, log=None)
low, median, high = np.percentile(ten.errors[:, -1], [10, 50, 90])
print(f"ReLU, 10 neurons: median error after epoch {EPOCHS - 1} {median:.3g} ({low:.3g}-{high:.3g}); "
      f"\n  runs below the sigmoid's median with 3 neurons: "
      f"{np.count_nonzero(ten.errors[:, -1] < np.median(runs['sigmoid'].errors[:, -1]))} of {ten.n_copies}")

# %%
# (In deep networks, ReLU's slope of 1 wherever it is active is one reason
# it is the usual choice; this page does not test that.)

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

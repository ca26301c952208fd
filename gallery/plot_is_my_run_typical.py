r"""
Is my run like the textbook's?
==============================

Run the textbook's code and your numbers will differ from the book's: the
initial weights and the order of the samples in each epoch are random. Is
your run normal? This page trains hundreds of copies of each textbook
experiment with the textbook's settings, each copy with its own seed, and
shows the spread: where the textbook's printed errors lie in it, how often a
run is still slow to make the error's big drop, and where the seeds used on
the other pages of this gallery fall.

All copies of an experiment train at once with
:func:`bpteach.stacked.train_stacked`; copy ``k`` is exactly (bit for
bit) the run that :func:`bpteach.training.train` gives with seed ``k``. The
number of copies, ``N_COPIES`` below, is chosen to keep this page within the
site's build budget; raise it to 1000 on your own machine for smoother
percentiles (it then takes a few times as long: the copies share each NumPy
call, so the time grows more slowly than their number).
"""

# %%
# The experiments
# ---------------
# The same networks and settings as on the regression and classification
# pages: weights and biases :math:`0.01\cdot\mathcal{N}(0, 1)`, online
# learning, :math:`\eta = 0.1`, 2001 and 101 epochs. Seed :math:`k` makes
# copy :math:`k`, for :math:`k = 0, 1, \dots`.
import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import CrossEntropy, Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares
from bpteach.plotting import show_or_save
from bpteach.stacked import train_stacked

N_COPIES = 200
REGRESSION_SEED, CLASSIFICATION_SEED = 3, 0  # the seeds of the two textbook pages


def regression_network(rng):
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
                   loss=SumOfSquares())


def classification_network(rng):
    return Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
                   loss=CrossEntropy())


print(f"copies per experiment: {N_COPIES} (seeds 0 to {N_COPIES - 1})")

# %%
# The regression: the error of every run, epoch by epoch
# -------------------------------------------------------
# Each copy logs every 100 epochs. The table gives, at each logged epoch, the
# median error over the copies and the range that holds the middle 90 % of
# them (from the 5th to the 95th percentile).
x, t = bpteach.datasets.sin_curve()
runs = train_stacked(regression_network, x, t, seeds=range(N_COPIES), epochs=2001,
                     learning_rate=0.1, interval=100, log=None)
print(f"diverged copies: {len(runs.diverged)}")
print(f"{'epoch':>6}{'5 %':>12}{'median':>12}{'95 %':>12}")
for epoch, errors in zip(runs.logged_epochs, runs.logged_errors.T):
    low, median, high = np.percentile(errors, [5, 50, 95])
    print(f"{epoch:>6}{low:>12.3g}{median:>12.3g}{high:>12.3g}")

# %%
# Where the textbook's run lies
# -----------------------------
# The :ref:`course slides <ref-slides>` show four log lines of their own
# run, at epochs 0, 100, 400 and 1000. For each, the percentile below is
# the share of our runs whose error at that epoch was at most the
# textbook's (50 would be exactly the median run).
TEXTBOOK = {0: 0.2656120039625669, 100: 0.01653801274242514,
            400: 0.005595691506846817, 1000: 0.00028009429927842387}
percentiles = {}
for epoch, value in TEXTBOOK.items():
    percentiles[epoch] = 100 * np.mean(runs.errors[:, epoch] <= value)
    print(f"epoch {epoch:>4}: textbook {value:.4g}, percentile {percentiles[epoch]:.1f} "
          f"(median of our runs {np.median(runs.errors[:, epoch]):.4g})")
inside = all(5 <= p <= 95 for p in percentiles.values())
print(f"lowest and highest percentile: {min(percentiles.values()):.1f}, "
      f"{max(percentiles.values()):.1f}; all inside the middle 90 %: {inside}")
print(f"so the textbook's run was {'an' if inside else 'not an'} ordinary one")

# %%
# In the figure, the shaded bands hold the middle 90 % and the middle 50 %
# of the runs at every epoch, the black line is the median, the red dots are
# the textbook's printed values and the blue line is seed 3, the run of the
# regression page. Nine runs in ten lie inside the 90 % band at any one
# epoch, by its definition; the lines above say where the textbook's run
# lies (the lowest percentile shows how close it comes to the band's edge).
epochs = np.arange(runs.epochs)


def plot_bands(ax, errors, label):
    """Median and percentile bands of `errors` (copies x epochs) against the epoch."""
    p5, p25, p50, p75, p95 = np.percentile(errors, [5, 25, 50, 75, 95], axis=0)
    ax.fill_between(epochs[: errors.shape[1]], p5, p95, color="0.85", label=f"{label}: middle 90 %")
    ax.fill_between(epochs[: errors.shape[1]], p25, p75, color="0.65", label=f"{label}: middle 50 %")
    ax.plot(epochs[: errors.shape[1]], p50, color="black", lw=1.2, label=f"{label}: median")


fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
plot_bands(ax, runs.errors, f"{N_COPIES} runs")
ax.plot(epochs, runs.errors[REGRESSION_SEED], color="tab:blue", lw=0.8,
        label=f"seed {REGRESSION_SEED} (regression page)")
ax.plot(list(TEXTBOOK), list(TEXTBOOK.values()), "o", color="tab:red", label="the textbook's run")
for epoch, value in TEXTBOOK.items():
    ax.annotate(f"percentile {percentiles[epoch]:.1f}", (epoch, value), textcoords="offset points",
                xytext=(6, 6), color="tab:red", fontsize=8)
ax.set(yscale="log", xlabel="epoch", ylabel="mean error per sample",
       title="Regression: the error of every run")
ax.legend(loc="upper right", fontsize=8)

# %%
# Slow runs: how often a run has not yet made its big drop
# --------------------------------------------------------
# How fast does the error fall? The median, over the runs, of the factor by
# which the error (a mean over 21 epochs, to smooth the online noise)
# changes in 100 epochs:
PLATEAU_EPOCH = 400
smooth = np.stack([runs.errors[:, max(epoch - 10, 0):epoch + 11].mean(axis=1)
                   for epoch in range(0, 2001, 100)], axis=1)
factors = np.median(smooth[:, 2:] / smooth[:, 1:-1], axis=0)
print("median factor per 100 epochs, from epoch 100-200 to 1900-2000:\n ",
      " ".join(f"{f:.2f}" for f in factors))
low, high = np.percentile(smooth[:, PLATEAU_EPOCH // 100 + 1] / smooth[:, PLATEAU_EPOCH // 100], [5, 95])
print(f"from epoch {PLATEAU_EPOCH} to {PLATEAU_EPOCH + 100}: middle 90 % of the runs "
      f"from {low:.2f} to {high:.2f}")

# %%
# The error does not stop falling around epoch 400: it falls more slowly
# there than before it and than from epoch 500 to 1500 (the factors above;
# it slows down again towards the end), and the runs then make a
# larger drop at very different epochs, as the three sigmoids find the
# better fit. To count the runs that have not made it yet, we take the
# median error at epoch 400 as a reference level and call a run *slow*
# (still on the plateau, in the usual loose word) while its error has not
# fallen below a third of that level. A run can have fallen a long way
# since epoch 400 and still count as slow: the count measures lateness,
# not a stop.
plateau_level = np.median(runs.errors[:, PLATEAU_EPOCH])
threshold = plateau_level / 3
print(f"reference level (median error at epoch {PLATEAU_EPOCH}): {plateau_level:.3g}; "
      f"a run is slow above {threshold:.3g}")
on_plateau = {epoch: runs.errors[:, epoch] > threshold for epoch in (1000, 2000)}
for epoch, stuck in on_plateau.items():
    print(f"slow at epoch {epoch}: {stuck.sum()} of {N_COPIES} runs "
          f"({100 * stuck.mean():.1f} %)")

# %%
# The histograms show the errors at epochs 1000 and 2000 on a log scale,
# with the threshold of a slow run dashed: one group has made the drop, the
# rest has not, or only just.
fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained", sharey=True)
bins = np.logspace(np.log10(runs.errors[:, [1000, 2000]].min()), np.log10(plateau_level * 2), 30)
for ax, (epoch, stuck) in zip(axes, on_plateau.items()):
    ax.hist(runs.errors[:, epoch], bins=bins, color="0.5")
    ax.axvline(threshold, color="tab:red", ls="--", label="threshold of a slow run")
    ax.set(xscale="log", xlabel=f"error at epoch {epoch}",
           title=f"epoch {epoch}: {100 * stuck.mean():.1f} % slow")
axes[0].set_ylabel("number of runs")
axes[0].legend(fontsize=8)

# %%
# What a slow run's fit looks like
# --------------------------------
# The fit at epoch 1000 of a typical run (the median error at that epoch)
# next to the slowest run (the largest error at epoch 2000). Drawn over the
# sine, both look close to it. The lower panel shows the difference from
# the target: the slow run misses by several times as much (the largest
# misses are printed below), most at the ends of the range and around the
# peak and the trough, where the sine bends most.
at_1000 = runs.errors[:, 1000]
typical = int(np.argsort(at_1000)[N_COPIES // 2])
stuck_copy = int(np.argmax(runs.errors[:, 2000]))
log_1000 = list(runs.logged_epochs).index(1000)
fits = {f"typical run (seed {typical})": (typical, "o", "tab:green"),
        f"slowest run (seed {stuck_copy})": (stuck_copy, "s", "tab:red")}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5.5), layout="constrained", sharex=True,
                                  height_ratios=(2, 1))
top.plot(x[:, 0], t[:, 0], "k--", lw=1, label="target")
for label, (copy, marker, colour) in fits.items():
    output = runs.outputs[copy, log_1000, :, 0]
    top.plot(x[:, 0], output, marker, ms=3, color=colour, label=label)
    bottom.plot(x[:, 0], output - t[:, 0], marker, ms=3, color=colour)
    print(f"{label}: error {at_1000[copy]:.3g} at epoch 1000 and {runs.errors[copy, 2000]:.3g} at "
          f"epoch 2000;\n  largest |output - target| at epoch 1000: {np.abs(output - t[:, 0]).max():.3f}")
bottom.axhline(0, color="black", lw=0.8)
top.set(ylabel="output", title="The fit at epoch 1000")
bottom.set(xlabel="input (x − π)/π", ylabel="output − target")
top.legend(fontsize=8)

# %%
# The classification: error curves and final accuracy
# ---------------------------------------------------
# The same for the classification, 101 epochs on the 21 × 21 grid. The final
# accuracy is computed as on the classification page: the share of grid
# points whose predicted class, from the trained network, is the target's.
x, t = bpteach.datasets.sin_boundary()
classes = train_stacked(classification_network, x, t, seeds=range(N_COPIES), epochs=101,
                        learning_rate=0.1, interval=10, log=None)
accuracy = np.mean(classes.predict(x).argmax(axis=-1) == t.argmax(axis=1), axis=1)
print(f"diverged copies: {len(classes.diverged)}")
print(f"{'epoch':>6}{'5 %':>12}{'median':>12}{'95 %':>12}")
for epoch, errors in zip(classes.logged_epochs, classes.logged_errors.T):
    low, median, high = np.percentile(errors, [5, 50, 95])
    print(f"{epoch:>6}{low:>12.3g}{median:>12.3g}{high:>12.3g}")
low, median, high = np.percentile(accuracy, [5, 50, 95])
print(f"final accuracy on the grid: median {median:.3f}, middle 90 % from {low:.3f} to {high:.3f}, "
      f"worst {accuracy.min():.3f}, best {accuracy.max():.3f}")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
plot_bands(axes[0], classes.errors, f"{N_COPIES} runs")
axes[0].plot(np.arange(classes.epochs), classes.errors[CLASSIFICATION_SEED], color="tab:blue", lw=0.8,
             label=f"seed {CLASSIFICATION_SEED} (classification page)")
axes[0].set(yscale="log", xlabel="epoch", ylabel="mean cross-entropy per sample",
            title="Classification: the error of every run")
axes[0].legend(fontsize=7)
axes[1].hist(accuracy, bins=np.arange(accuracy.min() - 0.5 / len(x), 1 + 1 / len(x), 2 / len(x)),
             color="0.5")
axes[1].axvline(accuracy[CLASSIFICATION_SEED], color="tab:blue",
                label=f"seed {CLASSIFICATION_SEED} (classification page)")
axes[1].set(xlabel="final accuracy on the grid", ylabel="number of runs", title="Final accuracy")
axes[1].legend(fontsize=7)

# %%
# Where this gallery's seeds lie
# ------------------------------
# The regression page uses seed 3 and the classification page seed 0. The
# percentile of a seed is the share of the runs whose final error is at most
# its own; for the accuracy, the share whose accuracy is at most its own.
final = runs.errors[:, -1]
print(f"regression, seed {REGRESSION_SEED}: final error {final[REGRESSION_SEED]:.3g}, percentile "
      f"{100 * np.mean(final <= final[REGRESSION_SEED]):.1f}; slow at epoch 1000: "
      f"{bool(on_plateau[1000][REGRESSION_SEED])}")
final = classes.errors[:, -1]
print(f"classification, seed {CLASSIFICATION_SEED}: final error {final[CLASSIFICATION_SEED]:.3g}, "
      f"percentile {100 * np.mean(final <= final[CLASSIFICATION_SEED]):.1f}; accuracy "
      f"{accuracy[CLASSIFICATION_SEED]:.3f}, percentile "
      f"{100 * np.mean(accuracy <= accuracy[CLASSIFICATION_SEED]):.1f}")

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

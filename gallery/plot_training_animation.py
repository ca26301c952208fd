r"""
Watching training happen
========================

The two textbook runs again, as animations you can play, pause, step
through and speed up: the 1-3-1 network's output bending towards the sine
curve over 2001 epochs, and the 2-6-2 network's decision regions forming
over 101 epochs. Each frame is a snapshot of the same training run taken
after the epoch its title names; the controls under each animation play it
forwards or backwards, step one frame at a time, and change the speed
(the minus and plus buttons).

The settings are the textbook's, and the seeds are those of the two
textbook examples, so the last frames match their final figures.
"""

# %%
# Training in stretches, with a snapshot after each
# -------------------------------------------------
# :func:`bpteach.training.train` trains for the epochs you ask and can be called again
# on the same network with the same generator: the next call continues with
# the next shuffles, exactly as if the run had never stopped. So a run of 2001
# epochs can be cut into stretches, and the network looked at after each.
# Early epochs change the network most, so the snapshots are spaced
# geometrically: many at the start, few at the end.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from matplotlib.animation import FuncAnimation
from matplotlib.colors import ListedColormap

import bpteach
from bpteach import CrossEntropy, Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares
from bpteach.plotting import CLASS_COLORS, show_or_save


def snapshot_epochs(epochs, n_frames):
    """About `n_frames` epochs from 0 to `epochs` - 1, spaced geometrically."""
    return np.unique(np.geomspace(1, epochs, n_frames).round().astype(int) - 1)


def train_with_snapshots(net, x, t, epochs, n_frames, rng, look):
    """Train like the textbook and call ``look(net)`` after each snapshot epoch.

    Returns the snapshot epochs, what `look` returned at each, and the
    mean error per sample of every epoch.
    """
    done, errors, seen = 0, [], []
    shots = snapshot_epochs(epochs, n_frames)
    for epoch in shots:
        history = bpteach.train(net, x, t, epochs=epoch + 1 - done, learning_rate=0.1, rng=rng, log=None)
        errors.extend(history.errors)
        done = epoch + 1
        seen.append(look(net))
    return shots, seen, np.array(errors)


def freeze_layout(fig):
    """Lay `fig` out once, then keep that layout for every frame (redoing it is slow)."""
    fig.canvas.draw()
    fig.set_layout_engine("none")


# %%
# The regression: the fit converging
# ----------------------------------
# Seed 3, as in :doc:`plot_sin_regression`. Each frame shows the network's
# output on a fine grid of inputs (solid) over the target (dashed), and, on
# the right, where that epoch lies on the learning curve.
x, t = bpteach.datasets.sin_curve()
x_fine = np.linspace(x.min(), x.max(), 200).reshape(-1, 1)
rng = np.random.default_rng(3)
net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)], loss=SumOfSquares())
epochs, fits, errors = train_with_snapshots(net, x, t, 2001, 16, rng,
                                            lambda net: net.predict(x_fine)[:, 0])
print(f"{len(epochs)} snapshots, after epochs {epochs[0]} to {epochs[-1]}; "
      f"error {errors[epochs[0]]:.3g} -> {errors[epochs[-1]]:.3g}")

fig, (ax_fit, ax_curve) = plt.subplots(1, 2, figsize=(7, 2.75), layout="constrained")
ax_fit.plot(x[:, 0], t[:, 0], "--", color="black", lw=1.5, label=r"target $\sin x$")
(line,) = ax_fit.plot(x_fine[:, 0], fits[0], color="tab:blue", lw=2, label="network output")
ax_fit.set(xlabel=r"input $(x - \pi)/\pi$", ylabel="output $y$", ylim=(-1.3, 1.3))
ax_fit.legend(loc="lower left", fontsize="small")
ax_curve.plot(errors, color="tab:blue", lw=1)
(marker,) = ax_curve.plot([epochs[0]], [errors[epochs[0]]], "o", color="tab:red")
ax_curve.set(xscale="symlog", yscale="log", xlabel="epoch (log scale after 10)",
             ylabel="mean error per sample", xticks=[0, 10, 100, 1000],
             xticklabels=["0", "10", "100", "1000"], yticks=[1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1])
# Tick labels as plain text ("1e-05"): quicker to draw in every frame than typeset powers of 10.
ax_curve.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
ax_curve.minorticks_off()
ax_curve.grid(True, alpha=0.3)


def draw_regression(frame):
    epoch = epochs[frame]
    line.set_ydata(fits[frame])
    marker.set_data([epoch], [errors[epoch]])
    ax_fit.set_title(f"after epoch {epoch}: error {errors[epoch]:.2g}", fontsize="medium")
    return line, marker


draw_regression(0)
freeze_layout(fig)
regression_animation = FuncAnimation(fig, draw_regression, frames=len(epochs), interval=250)

# %%
# What the frames show, in numbers: for each snapshot, the mean of the
# output over the inputs, its spread (largest minus smallest value), the
# slope of the best straight line through it (least squares) and how far
# the output departs from that line (root mean square); and the same for
# the target, :math:`\sin` of the angle :math:`\pi x + \pi`.


def shape(y):
    """Mean, spread, slope of the best straight line, and root mean square departure from that line."""
    line = np.c_[x_fine, np.ones_like(x_fine)]
    coefficients = np.linalg.lstsq(line, y, rcond=None)[0]
    departure = np.sqrt(np.mean((line @ coefficients - y) ** 2))
    return y.mean(), y.max() - y.min(), coefficients[0], departure


def row(y):
    mean, spread, slope, departure = shape(y)
    return f"{mean:+6.3f}  {spread:6.3f}  {slope:+6.3f}  {departure:9.3f}"


print("after epoch  error      mean  spread   slope  departure from a straight line")
for epoch, fit in zip(epochs, fits):
    print(f"{epoch:11d}  {errors[epoch]:<7.2g}  {row(fit)}")
print(f"{'target':>11s}  {'':7s}  {row(np.sin(np.pi * x_fine[:, 0] + np.pi))}")

# %%
# For the first few frames the output is nearly flat (a spread far below
# the target's), at a level that each online step moves up or down (the
# mean). Then it tilts into a falling straight line: its slope comes close
# to the target's while its departure from a straight line is still small.
# Only then does it bend: the departure grows towards the target's own, as
# the three S-shapes of the hidden neurons add up to the sine.

# %%
# The classification: the decision regions forming
# ------------------------------------------------
# Seed 0, as in :doc:`plot_sin_classification`. Each frame colours the
# plane by the class that the network predicts there (orange: below the
# curve, class 1; blue: above, class 0), on a finer grid than the 21 x 21
# training points, with the true boundary :math:`x_2 = \sin(\pi x_1)` drawn in
# black. The title gives the share of the 441 training points classified
# correctly.
x_grid, t_grid = bpteach.datasets.sin_boundary()
grid = np.linspace(-1, 1, 81)
plane = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
rng = np.random.default_rng(0)
classifier = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)], loss=CrossEntropy())


def look(net):
    """The probability of class 1 on the plane, and the accuracy on the training points."""
    accuracy = np.mean(net.predict(x_grid).argmax(axis=1) == t_grid.argmax(axis=1))
    return net.predict(plane)[:, 1].reshape(grid.size, grid.size), accuracy


class_epochs, shots, class_errors = train_with_snapshots(classifier, x_grid, t_grid, 101, 14, rng, look)
print(f"{len(class_epochs)} snapshots, after epochs {class_epochs[0]} to {class_epochs[-1]}; "
      f"training points classified correctly: {shots[0][1]:.0%} -> {shots[-1][1]:.0%}")

fig, ax_regions = plt.subplots(figsize=(3.75, 3.5), layout="constrained")
regions = ax_regions.imshow(shots[0][0] > 0.5, extent=(-1, 1, -1, 1), origin="lower", vmin=0, vmax=1,
                            cmap=ListedColormap(CLASS_COLORS), alpha=0.35, interpolation="nearest")
ax_regions.scatter(x_grid[:, 0], x_grid[:, 1], s=4, c=[CLASS_COLORS[c] for c in t_grid.argmax(axis=1)])
ax_regions.plot(grid, np.sin(np.pi * grid), color="black", lw=1.5)
ax_regions.set(xlim=(-1, 1), ylim=(-1, 1), aspect="equal")


def draw_classification(frame):
    regions.set_data(shots[frame][0] > 0.5)
    title = f"after epoch {class_epochs[frame]}: {shots[frame][1]:.0%} correct"
    ax_regions.set_title(title, fontsize="medium")
    return (regions,)


draw_classification(0)
freeze_layout(fig)
classification_animation = FuncAnimation(fig, draw_classification, frames=len(class_epochs), interval=250)

# %%
# In numbers, for each snapshot: the share of the training points
# classified correctly, the share of the plane given to class 1, and how
# much of the plane a straight line puts on the same side as the network
# does (the line fitted by least squares to the network's classes, coded
# as +1 and -1; 100 % when the network's boundary is itself that line, or
# when it gives the whole plane to one class).
line_inputs = np.c_[plane, np.ones(len(plane))]
print("after epoch  correct  plane in class 1  same side as a straight line")
for epoch, (probability, accuracy) in zip(class_epochs, shots):
    sides = np.where(probability.ravel() > 0.5, 1.0, -1.0)
    straight = line_inputs @ np.linalg.lstsq(line_inputs, sides, rcond=None)[0]
    agree = np.mean(np.where(straight > 0, 1.0, -1.0) == sides)
    print(f"{epoch:11d}  {accuracy:7.0%}  {np.mean(sides > 0):16.0%}  {agree:27.0%}")

# %%
# After epoch 0 the network puts the whole plane in one class (half of the
# points right). In the next few epochs it draws a boundary that is nearly
# a straight line (nearly all of the plane on the same side as one), and
# only then bends it: the last column falls as the share classified
# correctly rises. Each hidden sigmoid neuron switches from 0 to 1 across a straight line
# in the plane; the output layer weighs six such soft steps, and where the
# two outputs' weighted sums are equal, the boundary, can bend.

show_or_save(animations=[regression_animation, classification_animation])

r"""
Watching training happen
========================

The two textbook runs again, as animations you can play, pause, step
through and speed up with the controls under each: the 1-3-1 network's
output bending towards the sine curve over 2001 epochs, and the 2-6-2
network's decision regions forming over 101 epochs, with the textbook's
settings and seeds (the last frames match their final figures).
"""

# %%
# The regression: the fit converging
# ----------------------------------
# Seed 3, as in :doc:`plot_sin_regression`, trained in stretches with a look
# at the network after each (how, below the animation). Each frame shows the
# output on a fine grid of inputs (solid) over the target (dashed), and where
# that epoch lies on the learning curve.
import numpy as np

import bpteach
from bpteach import CrossEntropy, Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares
from bpteach.plotting import animate_decision_regions, animate_regression_fit, show_or_save, snapshot_epochs

x, t = bpteach.datasets.sin_curve()
x_fine = np.linspace(x.min(), x.max(), 200).reshape(-1, 1)
rng = np.random.default_rng(3)
net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
              loss=SumOfSquares())
epochs = snapshot_epochs(2001, 60)
fits, errors = [], []
for epoch in epochs:  # train up to the snapshot's epoch, then look
    history = bpteach.train(net, x, t, epochs=epoch + 1 - len(errors),
                            learning_rate=0.1, rng=rng, log=None)
    errors.extend(history.errors)
    fits.append(net.predict(x_fine)[:, 0])
print(f"{len(epochs)} frames, after epochs {epochs[0]} to {epochs[-1]}")
regression_animation = animate_regression_fit(x, t, x_fine, epochs, fits, errors)

# %%
# Training in stretches
# ---------------------
# :func:`bpteach.training.train` trains for the epochs you ask and can be
# called again on the same network with the same generator: the next call
# continues with the next shuffles, exactly as if the run had never
# stopped. So the run of 2001 epochs above is cut into stretches, and the
# network looked at after each. Early epochs change the network most, so
# :func:`bpteach.plotting.snapshot_epochs` spaces the snapshots
# geometrically: many at the start, few at the end (60 asked for, fewer
# after dropping repeats). The figure is drawn by
# :func:`bpteach.plotting.animate_regression_fit`.

# %%
# What the frames show, in numbers: for every fourth frame and the last, the mean of the
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


errors = np.array(errors)
print(f"error {errors[epochs[0]]:.3g} -> {errors[epochs[-1]]:.3g}")
print("after epoch  error      mean  spread   slope  departure from a straight line")
for epoch, fit in list(zip(epochs, fits))[::4] + [(epochs[-1], fits[-1])]:
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
# Seed 0, as in :doc:`plot_sin_classification`, trained in stretches in the
# same way. Each frame colours the plane by the class that the network
# predicts there (orange: below the curve, class 1; blue: above, class 0),
# on a finer grid than the 21 x 21 training points, with the true boundary
# :math:`x_2 = \sin(\pi x_1)` drawn in black
# (:func:`bpteach.plotting.animate_decision_regions`). The title gives the
# share of the 441 training points classified correctly.
x_grid, t_grid = bpteach.datasets.sin_boundary()
grid = np.linspace(-1, 1, 81)
plane = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
rng = np.random.default_rng(0)
classifier = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
                     loss=CrossEntropy())
class_epochs = snapshot_epochs(101, 50)
maps, accuracies, class_errors = [], [], []
for epoch in class_epochs:
    history = bpteach.train(classifier, x_grid, t_grid, epochs=epoch + 1 - len(class_errors),
                            learning_rate=0.1, rng=rng, log=None)
    class_errors.extend(history.errors)
    maps.append(classifier.predict(plane)[:, 1].reshape(grid.size, grid.size))
    predicted = classifier.predict(x_grid).argmax(axis=1)
    accuracies.append(np.mean(predicted == t_grid.argmax(axis=1)))
print(f"{len(class_epochs)} frames, after epochs {class_epochs[0]} to {class_epochs[-1]}; "
      f"correct: {accuracies[0]:.0%} -> {accuracies[-1]:.0%}")
classification_animation = animate_decision_regions(x_grid, t_grid, grid, class_epochs, maps,
                                                    accuracies, class_errors)

# %%
# In numbers, for every third frame and the last: the share of the training points
# classified correctly, the share of the plane given to class 1, and how
# much of the plane a straight line puts on the same side as the network
# does (the line fitted by least squares to the network's classes, coded
# as +1 and -1; 100 % when the network's boundary is itself that line, or
# when it gives the whole plane to one class).
line_inputs = np.c_[plane, np.ones(len(plane))]
print("after epoch  correct  plane in class 1  same side as a straight line")
frames = list(zip(class_epochs, maps, accuracies))
for epoch, probability, accuracy in frames[::3] + frames[-1:]:
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

r"""
Classification: above or below a sine wave
==========================================

A 2-6-2 network learns to tell whether a point (x₁, x₂) lies above or below
the sine wave x₂ = sin(πx₁), as in the textbook's
classification example (分類). You will see the textbook's log, the
predicted class of every grid point changing epoch by epoch until the
boundary follows the sine, and the final accuracy.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/images/sphx_glr_plot_sin_classification_001.png
   :alt: The predicted class of every grid point, epoch by epoch, beside the targets.
   :srcset: /auto_examples/images/sphx_glr_plot_sin_classification_001.png
   :class: sphx-glr-single-img

The setting: two inputs, six sigmoid neurons in the hidden layer, two
softmax outputs (ソフトマックス関数), the cross-entropy error
(交差エントロピー誤差), and stochastic gradient descent with batch size 1 and
:math:`\eta = 0.1`, for 101 epochs.
"""

# %%
# The data
# --------
# A 21 × 21 grid on :math:`[-1, 1]^2`. A point below the curve has the
# one-hot target :math:`[0, 1]` (the second class, ``t[:, 1]`` in code), a
# point above it :math:`[1, 0]` (the first class, ``t[:, 0]``).
import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import CrossEntropy, Dense, Network, Sigmoid, Softmax
from bpteach.plotting import plot_classification_progress, plot_learning_curve, show_or_save

x, t = bpteach.datasets.sin_boundary()
print("inputs:", x.shape, "targets:", t.shape, "points below the curve:", int(t[:, 1].sum()))

# %%
# The network
# -----------
rng = np.random.default_rng(0)
net = Network(
    [Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
    loss=CrossEntropy(),
)
print(net)

# %%
# Training
# --------
# The softmax output and the cross-entropy error together give the same
# output error signal as in the regression, :math:`\delta = y - t`. A log
# line every 10 epochs reports the mean cross-entropy per sample.
history = bpteach.train(net, x, t, epochs=101, learning_rate=0.1, interval=10, rng=rng)

# %%
# The boundary, epoch by epoch
# ----------------------------
# The first panel shows the targets; each further panel colours every grid
# point by the class the network predicted for it (the larger softmax
# output) during that epoch. The black curve is the true boundary
# :math:`x_2 = \sin(\pi x_1)`. The network first splits the square with a
# straight line, then bends the line into the sine.
plot_classification_progress(history, x, t)
plt.gcf().suptitle("Predicted class of each grid point")

# %%
# The learning curve and the accuracy
# -----------------------------------
# The accuracy counts the grid points whose predicted class matches the
# target, using the trained network. The few mistakes sit right beside the
# curve, where a point is barely above or below it: their distance
# :math:`|x_2 - \sin(\pi x_1)|` is printed below (the grid's points are
# 0.1 apart).
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
plot_learning_curve(history, ax=ax)
ax.set_title("Learning curve")

predicted = net.predict(x).argmax(axis=1)
accuracy = np.mean(predicted == t.argmax(axis=1))
print(f"accuracy on the grid: {accuracy:.3f} ({np.sum(predicted == t.argmax(axis=1))}/{len(x)})")
missed = predicted != t.argmax(axis=1)
distance = np.abs(x[missed, 1] - np.sin(np.pi * x[missed, 0]))
print(f"largest distance of a missed point from the curve: {distance.max():.2f}")

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

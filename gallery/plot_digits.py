r"""
Handwritten digits: training, validation and test data
======================================================

The textbook trains on its data and never asks how the network does on
data it has not seen ("今回は訓練データのみ。テストデータはなし。"). This
example takes the same hand-written network, with the same mini-batch SGD,
to real data: 1797 handwritten digits of 8 × 8 pixels, ten classes. It
splits them into training, validation and test data, draws the learning
curves of both the training and the validation data from one run, measures
the accuracy on the test data, and shows which digits the network gets
wrong and what its first layer has learned.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/images/sphx_glr_plot_digits_002.png
   :alt: Error and accuracy of the training and the validation data against epoch.
   :srcset: /auto_examples/images/sphx_glr_plot_digits_002.png
   :class: sphx-glr-single-img

The network is 64-64-10: 64 inputs (one per pixel), 64 sigmoid neurons,
10 softmax outputs (one per digit), the cross-entropy error, batches of 32.
"""

# %%
# The data
# --------
# The digits come with scikit-learn (``sklearn.datasets.load_digits``,
# no download needed); bpteach itself does not need scikit-learn. They are
# the test part of the *Optical Recognition of Handwritten Digits* data set
# of the UCI Machine Learning Repository (E. Alpaydin and C. Kaynak, 1998,
# https://doi.org/10.24432/C50P49, licensed CC BY 4.0): digits that 13
# people wrote on forms, scanned at 32 × 32 black-and-white pixels. Each
# 4 × 4 block of pixels was then replaced by its number of black pixels,
# so an image has 8 × 8 values from 0 to 16.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay

import bpteach
from bpteach import CrossEntropy, Dense, Network, Sigmoid, Softmax
from bpteach.plotting import show_or_save

digits = load_digits()
images, labels = digits.images, digits.target
print("images:", images.shape, "values from", images.min(), "to", images.max())
print("digits 0 to 9, how many of each:", np.bincount(labels))

fig, axes = plt.subplots(2, 10, figsize=(8, 2), layout="constrained")
for ax, image, label in zip(axes.flat, images, labels):
    ax.imshow(image, cmap="gray_r", vmin=0, vmax=16)
    ax.set_title(str(label), fontsize="small")
    ax.set_axis_off()
fig.suptitle("The first 20 images and their labels")

# %%
# Inputs and targets
# ------------------
# Each image becomes one row of 64 inputs (the 8 × 8 values row by row), and
# each value from 0 to 16 is scaled to :math:`x = v/8 - 1 \in [-1, 1]`, the
# range the textbook's regression uses for its input: the sigmoid is steep
# there, and every input weighs the same at the start. The scaling uses no
# statistic of the data, so nothing of the validation or test data leaks
# into training through it. The labels become one-hot targets.
x = images.reshape(len(images), 64) / 8.0 - 1.0
t = bpteach.datasets.one_hot(labels, 10)
print("x:", x.shape, "from", x.min(), "to", x.max(), "  t:", t.shape)

# %%
# Three parts, and why three
# --------------------------
# - The **training data** (60 %) are what the network learns from: SGD
#   changes the weights to lower their error.
# - The **validation data** (20 %) answer every question that is *not* a
#   weight: how many epochs, how many hidden neurons, which learning rate.
#   Their error after each epoch shows whether the network still learns
#   something that holds for digits it has not seen.
# - The **test data** (20 %) are used once, at the very end. Each choice
#   made by looking at the validation data tunes the network a little to
#   *those* 360 digits, so their accuracy flatters it; the test data had
#   no say in anything, and their accuracy is an honest estimate for new
#   digits.
#
# The split is a random permutation from its own explicit generator, so it
# is the same in every run and does not depend on the network's seed.
split_rng = np.random.default_rng(2024)
order = split_rng.permutation(len(x))
n_train, n_val = 1077, 360
train_idx, val_idx, test_idx = np.split(order, [n_train, n_train + n_val])
x_train, t_train = x[train_idx], t[train_idx]
x_val, t_val = x[val_idx], t[val_idx]
x_test, t_test = x[test_idx], t[test_idx]
for name, idx in [("training", train_idx), ("validation", val_idx), ("test", test_idx)]:
    print(f"{name:>10}: {len(idx):4d} digits, per class {np.bincount(labels[idx], minlength=10)}")

# %%
# Training with validation data
# -----------------------------
# Batches of 32 digits and :math:`\eta = 0.05`. bpteach sums the gradient
# over a batch, so this is a step of :math:`32 \times 0.05 = 1.6` times the
# *mean* gradient of the batch (the convention of scikit-learn and
# PyTorch). The initial weights are drawn with ``wb_width=0.1``, ten times
# the textbook's 0.01: with 0.01 the outputs start almost equal for every
# digit and the first epoch is nearly wasted (try it, and compare the
# first log line). Passing ``validation=(x_val, t_val)``
# makes :func:`~bpteach.training.train` evaluate the network on the
# validation data after every epoch; that evaluation changes nothing in
# the training run. A log line every 10 epochs.
epochs, learning_rate, batch_size = 50, 0.05, 32


def digit_network(rng, n_hidden=64):
    """A 64-n_hidden-10 network: sigmoid hidden layer, softmax output, cross-entropy."""
    return Network([Dense(64, n_hidden, Sigmoid(), rng=rng, wb_width=0.1),
                    Dense(n_hidden, 10, Softmax(), rng=rng, wb_width=0.1)], loss=CrossEntropy())


rng = np.random.default_rng(0)
net = digit_network(rng)
history = bpteach.train(net, x_train, t_train, epochs=epochs, learning_rate=learning_rate,
                        batch_size=batch_size, rng=rng, interval=10, validation=(x_val, t_val))

# %%
# Learning curves
# ---------------
# Both panels come from the history of that one run. The training error and
# accuracy of an epoch are measured *during* the epoch, each batch before
# its own update, as the textbook measures its error; the validation
# figures after the epoch. That is why the training curves start out
# *worse* than the validation curves: epoch 0's training error includes its
# first batches, seen by a network that knew nothing yet. After a few
# epochs the two part ways. The training error keeps falling and the
# training accuracy reaches 1, while the validation error levels off and
# the validation accuracy stays below 1: what the network still learns
# from then on fits its 1077 training digits ever more closely but holds
# no more for digits it has not seen. Curves like these, on the validation
# data, are also how the number of epochs is chosen (here 50: in the log
# above, the validation error has almost stopped falling by its last
# lines); the test data play no part in that choice.
epoch_axis = np.arange(epochs)
fig, (ax_error, ax_accuracy) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
ax_error.plot(epoch_axis, history.errors, label="training (during the epoch)")
ax_error.plot(epoch_axis, history.validation_errors, label="validation (after the epoch)")
ax_error.set(xlabel="epoch", ylabel="mean cross-entropy per digit", yscale="log", title="Error")
ax_accuracy.plot(epoch_axis, history.accuracies, label="training (during the epoch)")
ax_accuracy.plot(epoch_axis, history.validation_accuracies, label="validation (after the epoch)")
ax_accuracy.set(xlabel="epoch", ylabel="fraction classified correctly", ylim=(0.8, 1.0),
                title="Accuracy")
for ax in (ax_error, ax_accuracy):
    ax.grid(True, alpha=0.3)
    ax.legend()

# %%
# The test accuracy
# -----------------
# Only now, with every choice made, the test data. :meth:`~bpteach.network.Network.predict`
# gives the ten softmax outputs of each test digit; the predicted digit is
# the largest.
probabilities = net.predict(x_test)
predicted = probabilities.argmax(axis=1)
true = labels[test_idx]
print(f"test accuracy: {np.mean(predicted == true):.4f} "
      f"({np.sum(predicted == true)} of {len(true)} digits)")

# %%
# One run's accuracy depends on its seed: the initial weights and the order
# of the batches. The same training with five seeds (the same split, the
# same 50 epochs) gives the spread, and its median is the figure to quote.
accuracies = []
for seed in range(5):
    seed_rng = np.random.default_rng(seed)
    seed_net = digit_network(seed_rng)
    bpteach.train(seed_net, x_train, t_train, epochs=epochs, learning_rate=learning_rate,
                  batch_size=batch_size, rng=seed_rng, log=None)
    accuracies.append(np.mean(seed_net.predict(x_test).argmax(axis=1) == true))
print("test accuracy for seeds 0 to 4:", " ".join(f"{a:.4f}" for a in accuracies))
print(f"median test accuracy: {np.median(accuracies):.4f}")

# %%
# The confusion matrix
# --------------------
# Row: the true digit; column: the digit the network predicted. The
# diagonal holds the correct answers, every other number a mistake. The
# mistakes are not spread evenly: a few pairs of digits that share strokes
# account for most of them.
fig, ax = plt.subplots(figsize=(5, 4.5), layout="constrained")
display = ConfusionMatrixDisplay.from_predictions(true, predicted, ax=ax, colorbar=False, cmap="Blues")
ax.set_title("Test digits (seed 0)")
mistakes = display.confusion_matrix * (1 - np.eye(10, dtype=int))
digit, read_as = np.unravel_index(mistakes.argmax(), mistakes.shape)
print(f"{mistakes.sum()} mistakes; the most frequent: {digit} read as {read_as} "
      f"({mistakes[digit, read_as]} times)")

# %%
# The digits it gets wrong
# ------------------------
# Each misclassified test digit, with the network's ten output
# probabilities below it: the orange bar is the true digit, the blue one
# the predicted digit. Several are hard for a person too, and for some the
# network hesitates between two digits.
wrong = np.flatnonzero(predicted != true)
fig, axes = plt.subplots(2, len(wrong), figsize=(1.1 * len(wrong) + 0.5, 2.8),
                         layout="constrained", squeeze=False, height_ratios=(1, 1))
for column, i in enumerate(wrong):
    axes[0, column].imshow(images[test_idx[i]], cmap="gray_r", vmin=0, vmax=16)
    axes[0, column].set_title(f"{true[i]} → {predicted[i]}", fontsize="small")
    axes[0, column].set_axis_off()
    colors = ["lightgray"] * 10
    colors[predicted[i]], colors[true[i]] = "tab:blue", "tab:orange"
    bars = axes[1, column]
    bars.bar(np.arange(10), probabilities[i], color=colors)
    bars.set(ylim=(0, 1), xticks=range(10), yticks=[0, 0.5, 1] if column == 0 else [])
    bars.tick_params(labelsize="xx-small")
fig.suptitle("Misclassified test digits: true → predicted, and the ten output probabilities")
for i in wrong:
    print(f"test digit {i:3d}: true {true[i]}, predicted {predicted[i]} "
          f"with probability {probabilities[i, predicted[i]]:.2f} "
          f"(the true digit got {probabilities[i, true[i]]:.2f})")

# %%
# What the first layer looks at
# -----------------------------
# Column :math:`j` of the first layer's :math:`W` (shape 64 × 64) holds the
# 64 weights from the pixels to hidden neuron :math:`j`; reshaped to 8 × 8,
# it shows which pixels push the neuron up (red) and which push it down
# (blue). They are not pictures of digits: each neuron weighs a few patches
# of ink against others, and the output layer combines 64 such votes.
# The few pixels that are blank in every training digit (at the edges of
# the image) cannot tell one digit from another, but their weights still
# learn. A blank pixel is encoded as :math:`x = 0/8 - 1 = -1`, not 0, so the
# gradient of its weight to neuron :math:`j` is
# :math:`\sum_n x_n \delta_{nj} = -\sum_n \delta_{nj} = -\partial E/\partial b_j`:
# the weight acts as a second bias, and every update moves it by exactly
# minus what it moves the bias :math:`b_j`. Measured against the initial
# weights of this run:
W = net.layers[0].W
# One image of 8 × 8 tiles with a gap of one pixel (NaN, drawn white) between them.
tiles = np.full((8, 8, 9, 9), np.nan)
tiles[:, :, :8, :8] = W.T.reshape(8, 8, 8, 8)  # [row of tiles, column of tiles, pixel row, pixel column]
mosaic = tiles.transpose(0, 2, 1, 3).reshape(72, 72)[:-1, :-1]
limit = np.abs(W).max()
fig, ax = plt.subplots(figsize=(5.5, 5), layout="constrained")
image = ax.imshow(mosaic, cmap="RdBu_r", vmin=-limit, vmax=limit)
ax.set_axis_off()
fig.colorbar(image, ax=ax, shrink=0.8, label="weight")
fig.suptitle("Weights of the 64 hidden neurons, each as an 8 × 8 image")
blank = np.all(x_train == -1.0, axis=0)
initial = digit_network(np.random.default_rng(0)).layers[0]  # the same draws as the start of net
change_W, change_b = W - initial.W, net.layers[0].b - initial.b
print(f"blank pixels: {blank.sum()}; each weight's change is minus its bias's change "
      f"(to rounding, < 1e-12): {bool(np.abs(change_W[blank] + change_b).max() < 1e-12)}")
print(f"mean |change|: blank pixels' weights {np.abs(change_W[blank]).mean():.3f}, biases "
      f"{np.abs(change_b).mean():.3f}, other weights {np.abs(change_W[~blank]).mean():.3f}; "
      f"mean |initial weight| {np.abs(initial.W).mean():.3f}")
print(f"mean |weight| after training: blank pixels {np.abs(W[blank]).mean():.3f}, "
      f"the other {(~blank).sum()} pixels {np.abs(W[~blank]).mean():.3f}")

# %%
# The blank pixels' weights move exactly as far as the biases, and less than
# the weights of the pixels that carry ink (the mean changes above).

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

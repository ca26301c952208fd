r"""
Overfitting and early stopping
==============================

A network with many weights and few training samples can learn its
training samples by heart. Its training error then keeps falling, while
its error on data it has not seen turns up again: it **overfits**. This
example provokes that on the handwritten digits of the example
*Handwritten digits: training, validation and test data* (the same data,
the same split) with only 50 training digits and 256 hidden neurons,
watches it happen in the validation error, and keeps the parameters of the
best validation epoch (**early stopping**). The test data then tell what
that bought.
"""

# %%
# The data: 50 training digits
# ----------------------------
# The same scaling and the same split (the same generator) as in
# :doc:`plot_digits`. Of its 1077 training digits only the first 50 are
# used here; the 360 validation and 360 test digits are the same.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

import bpteach
from bpteach import CrossEntropy, Dense, Network, Sigmoid, Softmax
from bpteach.plotting import show_or_save

digits = load_digits()  # the UCI handwritten digits (Alpaydin & Kaynak), see plot_digits
x = digits.images.reshape(len(digits.images), 64) / 8.0 - 1.0
t = bpteach.datasets.one_hot(digits.target, 10)
order = np.random.default_rng(2024).permutation(len(x))
train_idx, val_idx, test_idx = np.split(order, [1077, 1077 + 360])
small = train_idx[:50]
x_train, t_train = x[small], t[small]
x_val, t_val = x[val_idx], t[val_idx]
x_test, t_test = x[test_idx], t[test_idx]
print("training digits per class:", np.bincount(digits.target[small], minlength=10))

# %%
# A large network, trained long
# -----------------------------
# 64-256-10: :math:`64 \cdot 256 + 256 + 256 \cdot 10 + 10 = 19\,210`
# weights and biases for 50 digits. Batches of 10, :math:`\eta = 0.1`,
# 150 epochs. With ``restore_best=True``, :func:`~bpteach.training.train`
# evaluates the network on the validation data after every epoch and, at
# the end, puts back the parameters of the epoch with the lowest
# validation error, ``history.best_epoch``.
settings = dict(epochs=150, learning_rate=0.1, batch_size=10, log=None)


def large_network(rng):
    """64-256-10: sigmoid hidden layer, softmax output, cross-entropy."""
    return Network([Dense(64, 256, Sigmoid(), rng=rng, wb_width=0.1),
                    Dense(256, 10, Softmax(), rng=rng, wb_width=0.1)], loss=CrossEntropy())


rng = np.random.default_rng(0)
best_net = large_network(rng)
history = bpteach.train(best_net, x_train, t_train, rng=rng, validation=(x_val, t_val),
                        restore_best=True, **settings)
best = history.best_epoch
print(f"lowest validation error {history.validation_errors[best]:.4f} after epoch {best}; "
      f"after the last epoch {history.validation_errors[-1]:.4f}")
print(f"training error in the first epoch: {history.errors[0]:.2f}; after epoch {best}: "
      f"{history.errors[best]:.4f}; in the last epoch: {history.errors[-1]:.6f}")
all_right = np.flatnonzero(np.asarray(history.accuracies) == 1)  # exact: k of 50 right is k/50
print(f"all {len(x_train)} training digits classified correctly (measured during the epoch)\n  first in "
      f"epoch {all_right[0]}, and in {len(all_right)} of the {len(history.accuracies)} epochs")

# %%
# Overfitting, made visible
# -------------------------
# From the epoch printed above on, the network classifies all 50 training
# digits correctly in almost every epoch, and it goes on to make their error ever smaller, by making its
# outputs ever more certain. On the validation digits that certainty is
# misplaced for the ones it gets wrong, and their error grows: the
# validation error turns up after its lowest point (the dotted line) and
# keeps rising (the error axis is linear and cut at 2, so that the turn
# shows; the training error of the first epoch, printed above, is off the top).
# The validation *accuracy* does not fall with it: a more
# confident wrong answer is still one wrong answer.
epoch_axis = np.arange(settings["epochs"])
fig, (ax_error, ax_accuracy) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
ax_error.plot(epoch_axis, history.errors, label="training")
ax_error.plot(epoch_axis, history.validation_errors, label="validation")
ax_error.set(xlabel="epoch", ylabel="mean cross-entropy per digit", ylim=(0, 2), title="Error")
ax_accuracy.plot(epoch_axis, history.accuracies, label="training")
ax_accuracy.plot(epoch_axis, history.validation_accuracies, label="validation")
ax_accuracy.set(xlabel="epoch", ylabel="fraction classified correctly", ylim=(0.5, 1.02),
                title="Accuracy")
for ax in (ax_error, ax_accuracy):
    ax.axvline(best, color="black", ls=":", lw=1, label=f"best validation epoch ({best})")
    ax.grid(True, alpha=0.3)
    ax.legend()
fig.suptitle("50 training digits, 256 hidden neurons")

# %%
# What early stopping buys on the test set
# ----------------------------------------
# The same run once more, without validation data, keeps the parameters
# of its last epoch (the evaluation on the validation data does not
# change a training run, so this is the run above, to the last bit).
# Both networks then meet the test digits for the first time.


def test_scores(net):
    """Mean cross-entropy per test digit and the test accuracy."""
    y = net.predict(x_test)
    return -np.sum(t_test * np.log(y)) / len(x_test), np.mean(y.argmax(axis=1) == t_test.argmax(axis=1))


rng = np.random.default_rng(0)
last_net = large_network(rng)
bpteach.train(last_net, x_train, t_train, rng=rng, **settings)
for name, net in [(f"best validation epoch ({best})", best_net), ("last epoch (149)", last_net)]:
    error, accuracy = test_scores(net)
    print(f"{name:>28}: test error {error:.4f}, test accuracy {accuracy:.4f}")

# %%
# One seed proves little, so the same comparison for five seeds (each
# with its own initial weights and batch order):
print("seed  best epoch   test error: best   last    test accuracy: best   last")
rows = []
for seed in range(5):
    rng = np.random.default_rng(seed)
    net = large_network(rng)
    seed_history = bpteach.train(net, x_train, t_train, rng=rng, validation=(x_val, t_val),
                                 restore_best=True, **settings)
    rng = np.random.default_rng(seed)
    last = large_network(rng)
    bpteach.train(last, x_train, t_train, rng=rng, **settings)
    rows.append(test_scores(net) + test_scores(last))
    print(f"{seed:4d} {seed_history.best_epoch:11d} {rows[-1][0]:18.4f} {rows[-1][2]:6.4f} "
          f"{rows[-1][1]:20.4f} {rows[-1][3]:6.4f}")
median = np.median(rows, axis=0)
print(f"median{'':10} {median[0]:18.4f} {median[2]:6.4f} {median[1]:20.4f} {median[3]:6.4f}")
best_error, best_accuracy, last_error, last_accuracy = np.array(rows).T
print(f"seeds whose kept parameters have the lower test error: {np.sum(best_error < last_error)} "
      f"of {len(rows)}; "
      f"the lower test accuracy: {np.sum(best_accuracy < last_accuracy)}, "
      f"the same: {np.sum(best_accuracy == last_accuracy)}")  # accuracies are counts / 360: exact

# %%
# Early stopping chose its epoch by the validation *error*, and that is
# what it improves on the test digits too: count the seeds above in which
# the kept parameters have the lower test error, since the network is not
# yet over-confident about the digits it gets wrong. It does *not* make the
# network right more often here: the accuracy was still creeping up when
# the error turned, so stopping at the lowest validation error gave up
# some accuracy in the seeds counted above (compare the medians too). Five
# seeds are few: read these counts as what happened here, not as a rule. Early stopping
# improves the quantity that chooses the epoch; to stop for the best
# accuracy, choose the epoch by the validation accuracy instead, from
# ``history.validation_accuracies``. What helps both is more data: with
# all 1077 training digits, the 64-64-10 network of :doc:`plot_digits`
# classifies far more of the same test digits correctly (its test
# accuracies are printed on that page).
#
# Two more things to take from this page. The validation error of the best
# epoch is biased low on average, since the epoch was chosen to make it
# small; the test error, on digits that chose nothing, is not. The bias is
# an average, not a rule for one run: on this page the kept parameters'
# test error came out the lower of the two (printed below). And in practice training is
# also *stopped* once the validation error has not improved for a while
# (the "patience", often 10 or 20 epochs), which saves the time of the
# epochs drawn here only to show the turn.
print(f"seed 0, parameters of epoch {best}: lowest validation error {history.validation_errors[best]:.4f}, "
      f"test error {test_scores(best_net)[0]:.4f}")

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

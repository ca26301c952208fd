r"""
Exercise 7: one SGD update, and one epoch of online training
============================================================

Write one step of gradient descent, then one whole epoch of the textbook's
online training.

**Task.** Two functions.

* ``sgd_update(W, grad_W, learning_rate)``: one step of gradient descent
  for one parameter array (a weight matrix or a bias vector). Return the
  new value as a new array; leave ``W`` itself unchanged.
* ``online_epoch(params, x, t, learning_rate, rng)``: one epoch of the
  textbook's online training of the 1-3-1 network: draw a random order of
  the samples from ``rng``, then for each sample in that order compute the
  gradients (your ``backward_131`` of exercise 6) and update every
  parameter (your ``sgd_update``). Return the new parameters, and leave
  the arrays in ``params`` unchanged, as ``sgd_update`` leaves ``W``. With a
  generator in the same state, the result must equal what
  :func:`bpteach.train <bpteach.training.train>` computes in one epoch.

**Read first.** The sections *The update*, equation :eq:`sgd-update`,
and *Online learning, epochs and shuffling* of the same chapter.

**Shapes.** ``sgd_update``: ``W`` and ``grad_W`` have the same shape; so
has the result. ``online_epoch``: ``params`` is the list
``[W1, b1, W2, b2]`` with shapes (1, 3), (3,), (3, 1), (1,); ``x`` and
``t`` are (N_data, 1), the whole training set; ``rng`` is a ``numpy.random.Generator``. Return the list
of the four new arrays.
"""

# %%
# Your functions
# --------------
# ``online_epoch`` needs a backward pass: paste your ``backward_131`` from
# exercise 6 here, or keep the last import below, which uses bpteach's own
# network.
import numpy as np

from bpteach.exercises import check_online_epoch, check_sgd_update
from bpteach.exercises import network_131_gradients as backward_131

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_7.png"


def sgd_update(W, grad_W, learning_rate):
    """Return W after one step of gradient descent (a new array)."""
    raise NotImplementedError("write the update here")


def online_epoch(params, x, t, learning_rate, rng):
    """One epoch of online training of the 1-3-1 network; return [W1, b1, W2, b2]."""
    raise NotImplementedError("shuffle, then one update per sample")


# %%
# Check them
# ----------
print(check_sgd_update(sgd_update))
print()
print(check_online_epoch(online_epoch))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    The gradient points uphill, towards a larger error; the step goes the
#    other way, and the learning rate :math:`\eta` sets its length. Write
#    ``W - ...`` (a new array), not ``W -= ...`` (which changes the
#    caller's array).
#
# .. dropdown:: Hint 2
#
#    Draw the order once, at the start of the epoch:
#    ``order = rng.permutation(len(x))``. Use the same ``order`` for ``x``
#    and ``t``, so that every sample keeps its target.
#
# .. dropdown:: Hint 3
#
#    Inside the loop over ``order``, pass one sample as a (1, 1) array,
#    ``x[n:n + 1]`` (not ``x[n]``, which has shape (1,)), get the four
#    gradients from ``backward_131(x[n:n + 1], t[n:n + 1], *params)`` and
#    replace ``params`` by the four updated arrays before the next sample.

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    Call ``online_epoch`` 2001 times with the textbook's data and
#    ``learning_rate=0.1``, and you have trained the regression of
#    :doc:`/auto_examples/plot_sin_regression`.


def sgd_update(W, grad_W, learning_rate):
    # W <- W - eta dE/dW, as a new array
    return W - learning_rate * grad_W


def online_epoch(params, x, t, learning_rate, rng):
    order = rng.permutation(len(x))        # one fresh order for x and t together
    for n in order:
        grads = backward_131(x[n:n + 1], t[n:n + 1], *params)
        params = [sgd_update(p, g, learning_rate) for p, g in zip(params, grads)]
    return params


print(check_sgd_update(sgd_update))
print()
print(check_online_epoch(online_epoch))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# Going uphill: the update adds the gradient.


def sgd_update_plus(W, grad_W, learning_rate):
    return W + learning_rate * grad_W


print(check_sgd_update(sgd_update_plus))

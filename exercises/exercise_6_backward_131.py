r"""
Exercise 6: the whole backward pass of the 1-3-1 network
========================================================

Write the forward and the backward pass of the textbook's 1-3-1 network, for
one sample.

**Task.** Write ``backward_131(x, t, W1, b1, W2, b2)``: for the textbook's
regression network (1 input, 3 sigmoid hidden neurons, 1 identity output,
sum-of-squares error) and one sample, run the forward pass and then the
backward pass, and return all four parameter gradients.

**Read first.** The section *The 1-3-1 network, one weight at a time*:
the forward pass :eq:`net131-forward` and the gradients
:eq:`net131-grad-W2`, :eq:`net131-delta1` and :eq:`net131-grad-W1`.
:doc:`/auto_examples/plot_worked_example` does one such step with every
number printed. Exercises 1, 2, 4 and 5 are the pieces.

**Shapes.** ``x`` and ``t`` are (1, 1), one sample; ``W1`` is (1, 3),
``b1`` is (3,), ``W2`` is (3, 1), ``b2`` is (1,). Return
``grad_W1, grad_b1, grad_W2, grad_b2``, each with the shape of its
parameter.
"""

# %%
# Your function
# -------------
import numpy as np

from bpteach.exercises import check_backward_131

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_6.png"


def backward_131(x, t, W1, b1, W2, b2):
    """Return (dE/dW1, dE/db1, dE/dW2, dE/db2) of the 1-3-1 network for one sample."""
    # forward pass: u1, y1 (sigmoid), y (identity)
    # backward pass: delta2, the output layer's gradients, delta1, the hidden layer's gradients
    raise NotImplementedError("write the forward and the backward pass here")


# %%
# Check it
# --------
print(check_backward_131(backward_131))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    Forward: ``u1 = x @ W1 + b1``, ``y1 = 1 / (1 + np.exp(-u1))``,
#    ``y = y1 @ W2 + b2``. Keep ``y1``: the backward pass needs it.
#
# .. dropdown:: Hint 2
#
#    Backward, from the output down: ``delta2 = y - t`` (exercise 2); the
#    output layer's gradients from ``y1`` and ``delta2`` (exercise 4, with
#    ``y1`` as that layer's input); then ``delta1`` (exercise 5); then the
#    hidden layer's gradients from ``x`` and ``delta1``.
#
# .. dropdown:: Hint 3
#
#    ``delta1`` travels back through the weights of the layer *above* it,
#    ``W2``, transposed: ``(delta2 @ W2.T) * y1 * (1 - y1)``. Sum the deltas
#    over the rows for the biases, so that ``grad_b1`` has shape (3,).

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    The same lines work for a batch of N samples: ``x.T @ delta1`` and
#    ``.sum(axis=0)`` add up the samples' gradients.


def backward_131(x, t, W1, b1, W2, b2):
    # forward pass
    u1 = x @ W1 + b1                       # (1, 3)
    y1 = 1 / (1 + np.exp(-u1))             # sigmoid
    y = y1 @ W2 + b2                       # identity output, (1, 1)
    # backward pass
    delta2 = y - t                         # identity + sum of squares
    grad_W2 = y1.T @ delta2                # (3, 1)
    grad_b2 = delta2.sum(axis=0)           # (1,)
    delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
    grad_W1 = x.T @ delta1                 # (1, 3)
    grad_b1 = delta1.sum(axis=0)           # (3,)
    return grad_W1, grad_b1, grad_W2, grad_b2


print(check_backward_131(backward_131))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# Sending :math:`\delta^{(2)}` back through the wrong weight matrix (here
# the hidden layer's own ``W1``, whose shape (1, 3) happens to fit):


def backward_131_wrong_weights(x, t, W1, b1, W2, b2):
    y1 = 1 / (1 + np.exp(-(x @ W1 + b1)))
    y = y1 @ W2 + b2
    delta2 = y - t
    delta1 = (delta2 @ W1) * y1 * (1 - y1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


print(check_backward_131(backward_131_wrong_weights))

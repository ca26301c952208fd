r"""
Exercise 4: the dense layer's three gradients
=============================================

Write the three gradients of a dense layer, for a batch of samples.

**Task.** Write ``dense_backward(x, W, delta)``: for a dense layer
:math:`u = xW + b` and a batch of N samples, given its input :math:`x`, its
weights :math:`W` and its error signal :math:`\delta = \partial E/\partial u`,
return the three gradients :math:`\partial E/\partial W`,
:math:`\partial E/\partial b` and :math:`\partial E/\partial x`.

**Read first.** The section *Any dense layer, in matrix form*, equation
:eq:`dense-gradients`; and, for why a batch *sums*, equation
:eq:`batch-gradient-sum`.

**Shapes.** ``x`` is (N, n_in), ``W`` is (n_in, n_out), ``delta`` is
(N, n_out). Return ``grad_W, grad_b, grad_x`` with the shapes of what they
are gradients of: (n_in, n_out), (n_out,) and (N, n_in). The error is the
sum over the batch.
"""

# %%
# Your function
# -------------
import numpy as np

from bpteach.exercises import check_dense_backward

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_4.png"


def dense_backward(x, W, delta):
    """Return (dE/dW, dE/db, dE/dx) of a dense layer for a batch."""
    raise NotImplementedError("write grad_W, grad_b and grad_x here")


# %%
# Check it
# --------
print(check_dense_backward(dense_backward))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    Write one entry first: :math:`u_{nk} = \sum_i x_{ni} W_{ik} + b_k`, so
#    :math:`\partial E/\partial W_{ik} = \sum_n x_{ni}\,\delta_{nk}` (the
#    weight :math:`W_{ik}` is used by every sample :math:`n`). Which matrix
#    product has that entry?
#
# .. dropdown:: Hint 2
#
#    Let the shapes decide: the only way to multiply ``x`` (N, n_in) and
#    ``delta`` (N, n_out) into (n_in, n_out) is to transpose ``x`` and put
#    it first. In the same way, ``delta`` (N, n_out) and ``W`` (n_in, n_out)
#    give (N, n_in) in one way only.
#
# .. dropdown:: Hint 3
#
#    The bias :math:`b_k` enters :math:`u_{nk}` with the factor 1, for every
#    sample: sum :math:`\delta` over the rows, ``delta.sum(axis=0)``, which
#    has shape (n_out,).

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    ``x.T @ delta`` sums over the samples inside the matrix product: it is
#    the sum of the N single-sample gradients.


def dense_backward(x, W, delta):
    grad_W = x.T @ delta          # dE/dW = x^T delta        (n_in, n_out)
    grad_b = delta.sum(axis=0)    # dE/db = sum of the rows  (n_out,)
    grad_x = delta @ W.T          # dE/dx = delta W^T        (N, n_in)
    return grad_W, grad_b, grad_x


print(check_dense_backward(dense_backward))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# The right factors, transposed the wrong way round (a learner used to
# column vectors, :math:`\delta x^\top`, may write this):


def dense_backward_transposed(x, W, delta):
    return delta.T @ x, delta.sum(axis=0), delta @ W.T


print(check_dense_backward(dense_backward_transposed))

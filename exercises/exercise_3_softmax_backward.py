r"""
Exercise 3: the softmax's backward pass
=======================================

Write the backward pass of the softmax, for any error function.

**Task.** Write ``softmax_backward(y, grad_y)``: given the output
:math:`y` of a softmax layer and the gradient
:math:`\partial E/\partial y` that arrives from above, return
:math:`\delta = \partial E/\partial u`, for any error function (not only
the cross-entropy).

**Read first.** The section *The softmax Jacobian*, equations
:eq:`softmax-jacobian` and :eq:`delta-softmax`.

**Shapes.** ``y`` and ``grad_y`` are (N, n), one sample per row; each row
of ``y`` sums to 1. Return :math:`\delta` of shape (N, n). Every row is
separate: the softmax of one sample knows nothing of the others.
"""

# %%
# Your function
# -------------
import numpy as np

from bpteach.exercises import check_softmax_backward

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_3.png"


def softmax_backward(y, grad_y):
    """delta = dE/du of a softmax layer from its output y and dE/dy, shape (N, n)."""
    raise NotImplementedError("write delta here")


# %%
# Check it
# --------
print(check_softmax_backward(softmax_backward))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    Each output :math:`y_j` of a row depends on every input :math:`u_k` of
#    that row, so :math:`\delta_k` is a sum over all outputs :math:`j`:
#    :math:`\delta_k = \sum_j \frac{\partial E}{\partial y_j}\,\frac{\partial y_j}{\partial u_k}`.
#
# .. dropdown:: Hint 2
#
#    With :math:`\partial y_j/\partial u_k = y_j(\mathbb{1}[j = k] - y_k)`,
#    the sum becomes :math:`y_k` times (:math:`\partial E/\partial y_k` minus
#    one number per row). Which number?
#
# .. dropdown:: Hint 3
#
#    That number is :math:`\sum_j \frac{\partial E}{\partial y_j}\,y_j`, a
#    sum over the columns of each row: ``np.sum(grad_y * y, axis=1, keepdims=True)``
#    (``keepdims=True`` keeps it a column of shape (N, 1), so that it is
#    subtracted from every entry of its own row).

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    No :math:`n \times n` Jacobian is built: its product with
#    :math:`\partial E/\partial y` is written out instead.


def softmax_backward(y, grad_y):
    # delta_k = y_k (dE/dy_k - sum_j dE/dy_j y_j), the sum over each row
    return y * (grad_y - np.sum(grad_y * y, axis=1, keepdims=True))


print(check_softmax_backward(softmax_backward))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# Treating the softmax like the sigmoid, element by element:


def softmax_backward_elementwise(y, grad_y):
    return grad_y * y * (1 - y)


print(check_softmax_backward(softmax_backward_elementwise))

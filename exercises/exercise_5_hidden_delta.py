r"""
Exercise 5: the error signal of a hidden layer
==============================================

Write the step that gives backpropagation its name: the error signal sent
back through a hidden layer.

**Task.** Write ``hidden_delta(delta, W, y)``. Given the error signal ``delta`` of the layer
*above*, that layer's weights ``W``, and the output ``y`` of a sigmoid
hidden layer below it, return the hidden layer's own error signal
:math:`\delta`.

**Read first.** The section *Through the whole network*, equation
:eq:`delta-recursion`. It combines :eq:`dense-gradients` (exercise 4),
:eq:`delta-elementwise` and the sigmoid's derivative
:eq:`sigmoid-derivative` (exercise 1).

**Shapes.** ``delta`` is (N, n_out), the error signal of the layer above;
``W`` is (n_hidden, n_out), the weights of the layer above (from the hidden
layer into it); ``y`` is (N, n_hidden). Return the hidden layer's
:math:`\delta`, of shape (N, n_hidden).
"""

# %%
# Your function
# -------------
import numpy as np

from bpteach.exercises import check_hidden_delta

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_5.png"


def hidden_delta(delta, W, y):
    """The error signal of a sigmoid hidden layer, shape (N, n_hidden)."""
    raise NotImplementedError("write the hidden layer's delta here")


# %%
# Check it
# --------
print(check_hidden_delta(hidden_delta))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    Two steps. First, the layer above sends back
#    :math:`\partial E/\partial x` of its input (exercise 4), and its input
#    *is* the hidden layer's output :math:`y`. Second, the hidden layer turns
#    :math:`\partial E/\partial y` into :math:`\delta` with its activation.
#
# .. dropdown:: Hint 2
#
#    Step 1 is ``delta @ W.T``, shape (N, n_hidden). Step 2 multiplies by the
#    sigmoid's derivative, entry by entry.
#
# .. dropdown:: Hint 3
#
#    The sigmoid's derivative, written with its output, is ``y * (1 - y)``
#    (exercise 1). Multiply with ``*``, not ``@``.

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution


def hidden_delta(delta, W, y):
    # delta of the layer below = (delta W^T) (.) f'(u), with f'(u) = y (1 - y) for the sigmoid
    return (delta @ W.T) * y * (1 - y)


print(check_hidden_delta(hidden_delta))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# Sending the error back through the weights, but forgetting the
# activation's derivative:


def hidden_delta_no_derivative(delta, W, y):
    return delta @ W.T


print(check_hidden_delta(hidden_delta_no_derivative))

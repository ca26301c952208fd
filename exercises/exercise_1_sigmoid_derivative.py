r"""
Exercise 1: the sigmoid's derivative
====================================

Write the derivative of the sigmoid, computed from the neuron's output
alone.

**Task.** Write ``sigmoid_derivative(y)``: given the output
:math:`y = \sigma(u)` of a sigmoid neuron, return the derivative
:math:`\sigma'(u)`, computed from :math:`y` alone (the backward pass keeps
:math:`y` from the forward pass, not :math:`u`).

**Read first.** The section *The sigmoid's derivative*, which ends with
equation :eq:`sigmoid-derivative`.

**Shapes.** ``y`` is a float64 array of any shape, for example (N, 3) for
a hidden layer of 3 neurons and a batch of N samples; return an array of
the same shape. Do not change ``y``.
"""

# %%
# Your function
# -------------
# Replace the ``raise`` line with your formula.
import numpy as np

from bpteach.exercises import check_sigmoid_derivative

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_1.png"


def sigmoid_derivative(y):
    """The sigmoid's derivative sigma'(u), written with the output y = sigma(u)."""
    raise NotImplementedError("write sigma'(u) in terms of y here")


# %%
# Check it
# --------
# Until the skeleton is filled in, the check says so:
print(check_sigmoid_derivative(sigmoid_derivative))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    Start from :math:`\sigma(u) = 1/(1 + e^{-u})` and differentiate with the
#    chain rule: :math:`\sigma'(u) = e^{-u}/(1 + e^{-u})^2`.
#
# .. dropdown:: Hint 2
#
#    Split that fraction into :math:`\frac{1}{1 + e^{-u}}\cdot\frac{e^{-u}}{1 + e^{-u}}`.
#    The first factor is :math:`y`. What is the second, in terms of :math:`y`?
#
# .. dropdown:: Hint 3
#
#    The function receives :math:`y`, not :math:`u`: do not apply the sigmoid
#    again. Multiply arrays with ``*`` (entry by entry), and build a new array
#    rather than changing ``y`` with ``*=``.

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    The derivative is at most 1/4 (at :math:`u = 0`, where :math:`y = 1/2`)
#    and close to 0 where the sigmoid is saturated (:math:`y` near 0 or 1).


def sigmoid_derivative(y):
    # sigma'(u) = y (1 - y), written with the output y = sigma(u)
    return y * (1 - y)


print(check_sigmoid_derivative(sigmoid_derivative))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# Applying the sigmoid's derivative formula to ``y`` as if it were ``u``:
# the check recognises the mistake and names the equation to reread.


def sigmoid_derivative_at_u(y):
    s = 1 / (1 + np.exp(-y))  # the sigmoid of y: as if y were u
    return s * (1 - s)


print(check_sigmoid_derivative(sigmoid_derivative_at_u))

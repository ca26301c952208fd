r"""
Exercise 2: the output layer's error signal
===========================================

Write the error signal of the output layer, for the regression and for the
classification.

**Task.** Write ``output_delta(y, t)``: the error signal
:math:`\delta = \partial E/\partial u` of the output layer, for the two
textbook pairs of output activation and error function:

* identity output, :math:`y = u`, with the sum of squares
  :math:`E = \tfrac12\sum (y - t)^2` (the regression);
* softmax output with the cross-entropy :math:`E = -\sum t \log y` (the
  classification; each row of ``t`` is one-hot).

The check runs your one function on both.

**Read first.** The gradients of the two error functions,
equations :eq:`sos-gradient` and :eq:`ce-gradient`; then the section
*Two famous simplifications*, equations :eq:`delta-identity-sum-of-squares`
and :eq:`delta-softmax-cross-entropy`.

**Shapes.** ``y`` and ``t`` are (N, n_out), one sample per row; return
:math:`\delta` of shape (N, n_out): one error signal per sample and output
neuron. The error is summed over the batch, so nothing is averaged here.
"""

# %%
# Your function
# -------------
import numpy as np

from bpteach.exercises import check_output_delta

# sphinx_gallery_thumbnail_path = "_build/exercise_thumbnails/exercise_2.png"


def output_delta(y, t):
    """The error signal delta = dE/du of the output layer, shape (N, n_out)."""
    raise NotImplementedError("write delta here")


# %%
# Check it
# --------
print(check_output_delta(output_delta))

# %%
# Hints
# -----
# Open them one at a time.
#
# .. dropdown:: Hint 1
#
#    :math:`\delta = \partial E/\partial u` goes through the output:
#    :math:`u \to y \to E`. So it is :math:`\partial E/\partial y` (from the
#    error function) passed back through the activation.
#
# .. dropdown:: Hint 2
#
#    Identity and sum of squares: :math:`\partial E/\partial y = y - t` and
#    :math:`f'(u) = 1`. Softmax and cross-entropy: put
#    :math:`\partial E/\partial y_j = -t_j/y_j` into the softmax's backward
#    pass, and use that a one-hot row sums to 1.
#
# .. dropdown:: Hint 3
#
#    Both pairs give the same, very short answer, one row per sample.

# %%
# .. end of the student's download
#
# Solution
# --------
# .. dropdown:: Show the solution
#
#    The division by :math:`y_j` in :math:`-t_j/y_j` cancels against the
#    softmax's Jacobian: that is why the textbook's classification output
#    layer starts its backward pass with ``delta = y - t`` too.


def output_delta(y, t):
    # identity + sum of squares, and softmax + cross-entropy: delta = y - t
    return y - t


print(check_output_delta(output_delta))

# %%
# A typical mistake, and what the check says
# -------------------------------------------
# The right expression with the sign the wrong way round:


def output_delta_sign(y, t):
    return t - y


print(check_output_delta(output_delta_sign))

"""Issue 22, the second adversarial sweep: what it found lost, crashed or left quiet, each fixed.

Ctrl-C is a real SIGINT sent by this process to itself, so Python's own handler raises the
KeyboardInterrupt where a user's Ctrl-C would (as in test_interrupted.py).
"""

import os
import pickle
import signal
import warnings

import numpy as np
import pytest
from helpers import regression_network

import bpteach
from bpteach import gradcheck
from bpteach.datasets import sin_curve


@pytest.fixture(autouse=True)
def default_sigint_handler():
    """Python's own SIGINT handler for the test (a suite started in the background may inherit it ignored)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


# --- A gradient check that stops half-way leaves the weights as they were --------------------


def test_ctrl_c_during_numerical_gradient_leaves_the_weights_unperturbed():
    x, t = sin_curve()
    net = regression_network(np.random.default_rng(0))
    W = net.layers[0].W  # a learner checks dE/dW of their own network, as on the gradient-check page
    before = W.copy()
    calls = []

    def error():
        calls.append(None)
        if len(calls) == 3:  # the 3rd evaluation of E is at W[0, 0] - eps: Ctrl-C there
            os.kill(os.getpid(), signal.SIGINT)
        net.forward(x)
        return net.error(t)

    with pytest.raises(KeyboardInterrupt):
        gradcheck.numerical_gradient(error, W)
    assert len(calls) == 3
    # exact: restored by assignment of the saved value, no arithmetic
    assert np.array_equal(W, before)


def test_numerical_gradient_restores_w_when_f_raises():
    w = np.zeros(3)

    def f():
        if w[1] != 0:
            raise RuntimeError("the learner's f failed")
        return float(w.sum())

    with pytest.raises(RuntimeError):
        gradcheck.numerical_gradient(f, w)
    assert np.array_equal(w, np.zeros(3))  # exact: restored by assignment

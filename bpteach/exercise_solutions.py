r"""Reference solutions of the exercises in :mod:`bpteach.exercises`.

Try the exercises before you read these. Each function is written the way a
learner would write it, with NumPy and nothing else, one formula per line,
and in the notation of the site (row-vector convention: one sample per row).
The package's own implementation, against which the exercises are checked,
lives in :mod:`bpteach.activations`, :mod:`bpteach.layers`,
:mod:`bpteach.network` and :mod:`bpteach.optimizers`.

The sigmoid here is the textbook's :math:`1/(1 + e^{-u})`, which differs
from bpteach's :math:`\tfrac12(1 + \tanh(u/2))` (:eq:`sigmoid-tanh`) by a
rounding at most; the checks compare to :math:`10^{-7}`, relative.

Examples
--------
Every solution passes its check:

>>> from bpteach import exercises, exercise_solutions as solutions
>>> results = [exercises.check_sigmoid_derivative(solutions.sigmoid_derivative),
...            exercises.check_output_delta(solutions.output_delta),
...            exercises.check_softmax_backward(solutions.softmax_backward),
...            exercises.check_dense_backward(solutions.dense_backward),
...            exercises.check_hidden_delta(solutions.hidden_delta),
...            exercises.check_backward_131(solutions.backward_131),
...            exercises.check_sgd_update(solutions.sgd_update),
...            exercises.check_online_epoch(solutions.online_epoch),
...            exercises.check_value(solutions.Value)]
>>> results += [exercises.check_graph(k, getattr(solutions, f"gradients_{k}")) for k in range(1, 6)]
>>> [result.passed for result in results]
[True, True, True, True, True, True, True, True, True, True, True, True, True, True]
"""

import math

import numpy as np

__all__ = ["sigmoid_derivative", "output_delta", "softmax_backward", "dense_backward",
           "hidden_delta", "backward_131", "sgd_update", "online_epoch", "Value",
           "gradients_1", "gradients_2", "gradients_3", "gradients_4", "gradients_5"]


def sigmoid_derivative(y):
    # sigma'(u) = y (1 - y), written with the output y = sigma(u)
    return y * (1 - y)


def output_delta(y, t):
    # identity + sum of squares, and softmax + cross-entropy: delta = y - t
    return y - t


def softmax_backward(y, grad_y):
    # delta_k = y_k (dE/dy_k - sum_j dE/dy_j y_j), the sum over each row
    return y * (grad_y - np.sum(grad_y * y, axis=1, keepdims=True))


def dense_backward(x, W, delta):
    grad_W = x.T @ delta          # dE/dW = x^T delta        (n_in, n_out)
    grad_b = delta.sum(axis=0)    # dE/db = sum of the rows  (n_out,)
    grad_x = delta @ W.T          # dE/dx = delta W^T        (N, n_in)
    return grad_W, grad_b, grad_x


def hidden_delta(delta, W, y):
    # delta of the layer below = (delta W^T) (.) f'(u), with f'(u) = y (1 - y) for the sigmoid
    return (delta @ W.T) * y * (1 - y)


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


def sgd_update(W, grad_W, learning_rate):
    # W <- W - eta dE/dW, as a new array
    return W - learning_rate * grad_W


def online_epoch(params, x, t, learning_rate, rng):
    order = rng.permutation(len(x))        # one fresh order for x and t together
    for n in order:
        grads = backward_131(x[n:n + 1], t[n:n + 1], *params)
        params = [sgd_update(p, g, learning_rate) for p, g in zip(params, grads)]
    return params


class Value:
    """A number that remembers how it was computed (exercise 0b)."""

    def __init__(self, data, inputs=()):
        self.data = float(data)
        self.grad = 0.0
        self.inputs = inputs                   # the Values this one was computed from
        self.local = ()                        # d(self)/d(input), one per input

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))
        out.local = (1.0, 1.0)                 # add: passed on unchanged
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))
        out.local = (other.data, self.data)    # multiply: the inputs swap
        return out

    def sigmoid(self):
        y = 1 / (1 + math.exp(-self.data))
        out = Value(y, (self,))
        out.local = (y * (1 - y),)             # sigma'(u) = y (1 - y)
        return out

    def backward(self):
        order, seen = [], set()                # each node after its inputs

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for child in node.inputs:
                    visit(child)
                order.append(node)

        visit(self)
        for node in order:
            node.grad = 0.0                    # forget the gradients of an earlier call
        self.grad = 1.0                        # dE/dE = 1
        for node in reversed(order):           # from E back to the leaves
            for child, local in zip(node.inputs, node.local):
                child.grad += node.grad * local    # +=: the branch rule


def gradients_1(values):
    # E = s c, s = a + b
    g_s = 1.0 * values["c"]                # multiply: the other input
    g_c = 1.0 * values["s"]
    g_a = g_s                              # add: passed on unchanged
    g_b = g_s
    return {"s": g_s, "c": g_c, "a": g_a, "b": g_b}


def gradients_2(values):
    # E = s x, s = x + y: x is used twice (a branch)
    g_s = 1.0 * values["x"]                # multiply: the other input
    g_y = g_s                              # add: passed on unchanged
    g_x = 1.0 * values["s"] + g_s          # branch: the two edges of x add
    return {"s": g_s, "y": g_y, "x": g_x}


def gradients_3(values):
    # E = m d, m = max(p, c), p = a b
    g_m = 1.0 * values["d"]
    g_d = 1.0 * values["m"]
    p_won = values["p"] >= values["c"]     # max: to the larger input only
    g_p = g_m if p_won else 0.0
    g_c = 0.0 if p_won else g_m
    g_a = g_p * values["b"]
    g_b = g_p * values["a"]
    return {"m": g_m, "d": g_d, "p": g_p, "c": g_c, "a": g_a, "b": g_b}


def gradients_4(values):
    # E = r1 + r2, r1 = ReLU(p), r2 = ReLU(q), p = x w1, q = x w2
    g_r1 = g_r2 = 1.0                      # add: passed on unchanged
    g_p = g_r1 * (1.0 if values["p"] > 0 else 0.0)    # ReLU: 1 or 0
    g_q = g_r2 * (1.0 if values["q"] > 0 else 0.0)
    g_w1 = g_p * values["x"]
    g_w2 = g_q * values["x"]
    g_x = g_p * values["w1"] + g_q * values["w2"]     # branch: add
    return {"r1": g_r1, "r2": g_r2, "p": g_p, "q": g_q, "w1": g_w1, "w2": g_w2, "x": g_x}


def gradients_5(values):
    # E = 1/2 (y - t)^2, y = sigmoid(u), u = p + b, p = x w
    y = values["y"]
    g_y = y - values["t"]                  # the error node
    g_u = g_y * y * (1 - y)                # sigmoid: y (1 - y), with its output y
    g_p = g_b = g_u                        # add
    g_x = g_p * values["w"]                # multiply: the other input
    g_w = g_p * values["x"]
    return {"y": g_y, "u": g_u, "p": g_p, "b": g_b, "x": g_x, "w": g_w}

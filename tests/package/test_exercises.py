"""The exercise checker: every listed mistake gets its diagnosis, a correct answer gets none.

Each mistake below is a plausible wrong answer to one exercise, written as a
learner would write it; the test asserts the name of the mistake that the
check reports (keys of ``bpteach.exercises.DIAGNOSES``), that the report cites
an equation that exists on the site, and that the reference solution of the
same exercise passes with no diagnosis at all.
"""

import functools
import math
import re

import numpy as np
import pytest
from helpers import ROOT
from solutions import NAMES, mistake_functions, solution_functions, solutions, student_version

from bpteach import exercises
from bpteach.exercises import DIAGNOSES, EQUATIONS, network_131_gradients

CHECKS = {
    "sigmoid_derivative": exercises.check_sigmoid_derivative,
    "output_delta": exercises.check_output_delta,
    "softmax_backward": exercises.check_softmax_backward,
    "dense_backward": exercises.check_dense_backward,
    "hidden_delta": exercises.check_hidden_delta,
    "backward_131": exercises.check_backward_131,
    "sgd_update": exercises.check_sgd_update,
    "online_epoch": exercises.check_online_epoch,
    "Value": exercises.check_value,
}
# Exercise 0a: one answer per drawn graph, checked on that graph's one case.
GRAPH_CHECKS = {f"gradients_{k}": functools.partial(exercises.check_graph, k) for k in range(1, 6)}
ALL_CHECKS = CHECKS | GRAPH_CHECKS
# How a student's script calls the check, where it is not check_name(name).
CALLS = {f"gradients_{k}": f"check_graph({k}, gradients_{k})" for k in range(1, 6)}
CALLS["Value"] = "check_value(Value)"


def sigmoid(u):
    return 1 / (1 + np.exp(-u))


# -- the mistakes, one function each ------------------------------------------------------------

def dense_delta_T_x(x, W, delta):          # transposed product: delta^T x
    return delta.T @ x, delta.sum(axis=0), delta @ W.T


def dense_x_delta_T(x, W, delta):          # x delta^T (fits the square layer)
    return x @ delta.T, delta.sum(axis=0), delta @ W.T


def dense_delta_x_T(x, W, delta):          # delta x^T (fits the square layer)
    return delta @ x.T, delta.sum(axis=0), delta @ W.T


def dense_no_bias_sum(x, W, delta):        # missing sum over the batch
    return x.T @ delta, delta, delta @ W.T


def dense_per_sample(x, W, delta):         # one outer product per sample, never summed
    return x[:, :, None] * delta[:, None, :], delta.sum(axis=0), delta @ W.T


def dense_first_sample(x, W, delta):       # only the first row of the batch
    return np.outer(x[0], delta[0]), delta.sum(axis=0), delta @ W.T


def dense_sum_all(x, W, delta):            # sums every entry of delta
    return x.T @ delta, delta.sum(), delta @ W.T


def dense_sum_axis1(x, W, delta):          # sums over the neurons
    return x.T @ delta, delta.sum(axis=1), delta @ W.T


def dense_mean(x, W, delta):               # divided by the batch size
    return x.T @ delta / len(x), delta.mean(axis=0), delta @ W.T


def dense_times_n(x, W, delta):            # multiplied by the batch size
    return len(x) * (x.T @ delta), delta.sum(axis=0), delta @ W.T


def dense_W_not_T(x, W, delta):            # wrong weight matrix: W, not W^T (square layer)
    return x.T @ delta, delta.sum(axis=0), delta @ W


def dense_elementwise(x, W, delta):        # * where @ belongs (raises unless the layer is square)
    return x.T * delta, delta.sum(axis=0), delta @ W.T


def dense_keepdims(x, W, delta):           # right numbers, shape (1, n_out)
    return x.T @ delta, delta.sum(axis=0, keepdims=True), delta @ W.T


def sigmoid_flattened(y):                  # right numbers, flattened to one dimension
    return (y * (1 - y)).ravel()


def sigmoid_at_u(y):                       # derivative evaluated at u instead of y
    return sigmoid(y) * (1 - sigmoid(y))


def sigmoid_times_two(y):                  # stray factor 2
    return 2 * y * (1 - y)


def sigmoid_tanh(y):                       # tanh's derivative
    return 1 - y ** 2


def delta_sign(y, t):                      # sign error
    return t - y


def delta_half(y, t):                      # stray factor 1/2
    return 0.5 * (y - t)


def delta_mean(y, t):                      # divided by the batch size
    return (y - t) / len(y)


def delta_summed(y, t):                    # summed over the batch
    return (y - t).sum(axis=0)


def delta_times_sigmoid_prime(y, t):       # softmax (and identity) treated as an element-wise sigmoid
    return (y - t) * y * (1 - y)


def delta_dEdy(y, t):                      # stops at dE/dy: missing the softmax (f') step
    return np.where(t > 0, -t / np.where(t > 0, y, 1), 0.0) if y.shape[1] > 1 else y - t


def softmax_elementwise(y, grad_y):        # softmax treated element-wise
    return grad_y * y * (1 - y)


def softmax_batch_sum(y, grad_y):          # summed over the batch instead of the row
    return y * (grad_y - np.sum(grad_y * y, axis=0, keepdims=True))


def softmax_no_keepdims(y, grad_y):        # row sums broadcast along the wrong axis
    return y * (grad_y - np.sum(grad_y * y, axis=1))


def softmax_sum_all(y, grad_y):            # one sum over the whole batch
    return y * grad_y - y * np.sum(grad_y * y)


def delta_error(y, t):                     # the error, not its gradient
    return 0.5 * (y - t) ** 2


def softmax_no_y(y, grad_y):               # missing the factor y_k
    return grad_y - np.sum(grad_y * y, axis=1, keepdims=True)


def hidden_no_fprime(delta, W, y):         # missing f'
    return delta @ W.T


def hidden_at_u(delta, W, y):              # f' at u instead of y
    return (delta @ W.T) * sigmoid(y) * (1 - sigmoid(y))


def hidden_W_not_T(delta, W, y):           # wrong weight matrix: W, not W^T (square layer)
    return (delta @ W) * y * (1 - y)


def hidden_in_place(delta, W, y):          # right values, but y is modified in place
    y *= 1 - y
    return (delta @ W.T) * y


def _forward_131(x, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    return y1, y1 @ W2 + b2


def backward_output_layer_first(x, t, W1, b1, W2, b2):  # the gradients in the order they were computed
    grad_W1, grad_b1, grad_W2, grad_b2 = solutions.backward_131(x, t, W1, b1, W2, b2)
    return grad_W2, grad_b2, grad_W1, grad_b1


def backward_wrong_W(x, t, W1, b1, W2, b2):     # the recursion through W1 instead of W2^T
    y1, y = _forward_131(x, W1, b1, W2, b2)
    delta2 = y - t
    delta1 = (delta2 @ W1) * y1 * (1 - y1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def backward_no_fprime(x, t, W1, b1, W2, b2):   # missing f' in the recursion
    y1, y = _forward_131(x, W1, b1, W2, b2)
    delta2 = y - t
    delta1 = delta2 @ W2.T
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def backward_at_u(x, t, W1, b1, W2, b2):        # f' evaluated at y as if it were u
    y1, y = _forward_131(x, W1, b1, W2, b2)
    delta2 = y - t
    delta1 = (delta2 @ W2.T) * sigmoid(y1) * (1 - sigmoid(y1))
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def backward_sigmoid_output(x, t, W1, b1, W2, b2):   # y(1 - y) at the identity output
    y1, y = _forward_131(x, W1, b1, W2, b2)
    delta2 = (y - t) * y * (1 - y)
    delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def backward_no_bias_sum(x, t, W1, b1, W2, b2):      # biases' gradients keep the sample axis
    y1, y = _forward_131(x, W1, b1, W2, b2)
    delta2 = y - t
    delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
    return x.T @ delta1, delta1, y1.T @ delta2, delta2


def backward_sign(x, t, W1, b1, W2, b2):             # delta2 = t - y
    return tuple(-g for g in solutions.backward_131(x, t, W1, b1, W2, b2))


def backward_transposed(x, t, W1, b1, W2, b2):       # delta^T x for the first layer
    g = solutions.backward_131(x, t, W1, b1, W2, b2)
    return (g[0].T, *g[1:])


def sgd_plus(W, grad_W, learning_rate):              # + instead of -
    return W + learning_rate * grad_W


def sgd_no_eta(W, grad_W, learning_rate):            # forgot the learning rate
    return W - grad_W


def sgd_in_place(W, grad_W, learning_rate):          # updates the caller's W and returns it
    W -= learning_rate * grad_W
    return W


def epoch_no_shuffle(params, x, t, learning_rate, rng):
    for n in range(len(x)):
        grads = solutions.backward_131(x[n:n + 1], t[n:n + 1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params


def epoch_separate_shuffles(params, x, t, learning_rate, rng):
    x, t = x[rng.permutation(len(x))], t[rng.permutation(len(t))]
    for n in range(len(x)):
        grads = solutions.backward_131(x[n:n + 1], t[n:n + 1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params


def epoch_plus(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n + 1], t[n:n + 1], *params)
        params = [p + learning_rate * g for p, g in zip(params, grads)]
    return params


def epoch_full_batch(params, x, t, learning_rate, rng):
    order = rng.permutation(len(x))
    grads = solutions.backward_131(x[order], t[order], *params)
    return [p - learning_rate * g for p, g in zip(params, grads)]


def epoch_global_random(params, x, t, learning_rate, rng):
    return solutions.online_epoch(params, x, t, learning_rate, np.random.default_rng(0))


def epoch_extra_permutation(params, x, t, learning_rate, rng):   # a leftover draw after the epoch
    params = solutions.online_epoch(params, x, t, learning_rate, rng)
    rng.permutation(len(x))
    return params


def dense_float32(x, W, delta):           # computed in single precision
    x, W, delta = (a.astype(np.float32) for a in (x, W, delta))
    return x.T @ delta, delta.sum(axis=0), delta @ W.T


_BUFFER = np.empty(0)


def sigmoid_reused_buffer(y):              # returns a window of one buffer, reused by every call
    global _BUFFER
    if _BUFFER.size < y.size:
        _BUFFER = np.empty(y.size)
    out = _BUFFER[:y.size].reshape(y.shape)
    np.multiply(y, 1 - y, out=out)
    return out


def output_delta_swapped(t, y):           # the parameters in the other order
    return y - t


def sigmoid_one_minus_y(y):                # an expression built from the exercise's quantities
    return 1 - y


def sgd_step_only(W, grad_W, learning_rate):
    return -learning_rate * grad_W


def sgd_eta_twice(W, grad_W, learning_rate):
    W = W - learning_rate * grad_W
    return W - learning_rate * grad_W


def sgd_eta_squared(W, grad_W, learning_rate):
    return W - learning_rate ** 2 * grad_W


def sgd_divided(W, grad_W, learning_rate):
    return W - grad_W / learning_rate


def _epoch(step=None, order=None, keep=(), twice=False):
    """An online epoch with one mistake: the step, the order of the samples, parameters kept."""
    def online_epoch(params, x, t, learning_rate, rng):
        indices = order(rng, len(x)) if order else rng.permutation(len(x))
        for n in indices:
            grads = solutions.backward_131(x[n:n + 1], t[n:n + 1], *params)
            params = [p if i in keep else (step or (lambda p, g, eta: p - eta * g))(p, g, learning_rate)
                      for i, (p, g) in enumerate(zip(params, grads))]
        return params
    return online_epoch


def epoch_W2_first(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = params
    for n in rng.permutation(len(x)):
        xn, tn = x[n:n + 1], t[n:n + 1]
        y1 = sigmoid(xn @ W1 + b1)
        d2 = y1 @ W2 + b2 - tn
        W2, b2 = W2 - learning_rate * y1.T @ d2, b2 - learning_rate * d2.sum(axis=0)
        d1 = (d2 @ W2.T) * y1 * (1 - y1)
        W1, b1 = W1 - learning_rate * xn.T @ d1, b1 - learning_rate * d1.sum(axis=0)
    return [W1, b1, W2, b2]


def epoch_last_only(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n + 1], t[n:n + 1], *params)
    return [p - learning_rate * g for p, g in zip(params, grads)]


def dense_last_sample(x, W, delta):        # the loop overwrites the gradient instead of adding to it
    for n in range(len(x)):
        grad_W = np.outer(x[n], delta[n])
        grad_b = delta[n]
    return grad_W, grad_b, delta @ W.T


def softmax_plain_sum(y, grad_y):          # the sum in the bracket without the weights y_j
    return y * (grad_y - grad_y.sum(axis=1, keepdims=True))


def softmax_y_first_term(y, grad_y):       # y_k multiplies the first term only
    return y * grad_y - (grad_y * y).sum(axis=1, keepdims=True)


def backward_sigmoid_in_forward(x, t, W1, b1, W2, b2):   # a sigmoid at the identity output
    y1 = sigmoid(x @ W1 + b1)
    y = sigmoid(y1 @ W2 + b2)
    delta2 = y - t
    delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def backward_no_b1(x, t, W1, b1, W2, b2):               # the forward pass forgets b1
    y1 = sigmoid(x @ W1)
    y = y1 @ W2 + b2
    delta2 = y - t
    delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def hidden_y_only(delta, W, y):            # one factor of f' = y (1 - y)
    return (delta @ W.T) * y


def backward_no_b2(x, t, W1, b1, W2, b2):               # the forward pass forgets b2
    y1 = sigmoid(x @ W1 + b1)
    delta2 = y1 @ W2 - t
    delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def backward_sigmoid_output_layer(x, t, W1, b1, W2, b2):   # a sigmoid output layer, forward and backward
    y1 = sigmoid(x @ W1 + b1)
    y = sigmoid(y1 @ W2 + b2)
    delta2 = (y - t) * y * (1 - y)
    delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def _epoch_own_backward(output):
    """An online epoch with its own backward pass, whose output layer is `output` ("fprime": the
    identity with y (1 − y) in δ2; "sigmoid": a sigmoid, forward and backward)."""
    def online_epoch(params, x, t, learning_rate, rng):
        W1, b1, W2, b2 = params
        for n in rng.permutation(len(x)):
            xn, tn = x[n:n + 1], t[n:n + 1]
            y1 = sigmoid(xn @ W1 + b1)
            y = sigmoid(y1 @ W2 + b2) if output == "sigmoid" else y1 @ W2 + b2
            d2 = (y - tn) * y * (1 - y)
            d1 = (d2 @ W2.T) * y1 * (1 - y1)
            W1, b1 = W1 - learning_rate * xn.T @ d1, b1 - learning_rate * d1.sum(axis=0)
            W2, b2 = W2 - learning_rate * y1.T @ d2, b2 - learning_rate * d2.sum(axis=0)
        return [W1, b1, W2, b2]
    return online_epoch


def backward_u_formula(x, t, W1, b1, W2, b2):        # σ′ written with u as if it were y: u1 (1 − u1)
    u1 = x @ W1 + b1
    y1 = sigmoid(u1)
    delta2 = y1 @ W2 + b2 - t
    delta1 = (delta2 @ W2.T) * u1 * (1 - u1)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def backward_output_fprime_in_delta1(x, t, W1, b1, W2, b2):   # the output's y (1 − y) in δ1
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    delta2 = y - t
    delta1 = (delta2 @ W2.T) * y * (1 - y)
    return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)


def dense_int_accumulators(x, W, delta):   # the sums kept in integer arrays
    grad_W = np.zeros(W.shape, dtype=int)
    grad_b = np.zeros(W.shape[1], dtype=int)
    for n in range(len(x)):
        grad_W = grad_W + np.outer(x[n], delta[n]).astype(int)
        grad_b = grad_b + delta[n].astype(int)
    return grad_W, grad_b, delta @ W.T


MISTAKES = [
    # the third blind trial (blind3)
    ("backward_131", backward_no_b2, "forward_without_b2"),
    ("backward_131", backward_sigmoid_output_layer, "sigmoid_output_layer"),
    ("online_epoch", _epoch_own_backward("fprime"), "epoch_output_fprime"),
    ("online_epoch", _epoch_own_backward("sigmoid"), "epoch_sigmoid_output"),
    ("output_delta", lambda y, t: 0.5 * np.sum((y - t) ** 2), "loss_not_gradient"),
    ("output_delta", lambda y, t: -t / y, "cross_entropy_gradient"),
    ("dense_backward", dense_int_accumulators, "integer_dtype"),
    ("sigmoid_derivative", lambda y: (y * (1 - y)).astype(int), "integer_dtype"),
    ("backward_131", backward_u_formula, "fprime_of_u_formula"),
    ("backward_131", backward_output_fprime_in_delta1, "fprime_of_output_layer"),
    ("sgd_update", lambda W, grad_W, learning_rate: grad_W - learning_rate * W, "sgd_roles_swapped"),
    ("sgd_update", lambda W, grad_W, learning_rate: W - learning_rate * grad_W / len(W),
     "sgd_divided_by_rows"),
    ("hidden_delta", hidden_y_only, "fprime_one_factor"),
    ("online_epoch", _epoch(step=lambda p, g, eta: p - 0.01 * g), "epoch_fixed_learning_rate"),
    ("dense_backward", dense_last_sample, "last_sample_only"),
    ("softmax_backward", softmax_plain_sum, "softmax_sum_without_y"),
    ("softmax_backward", softmax_y_first_term, "softmax_y_on_first_term_only"),
    ("backward_131", backward_sigmoid_in_forward, "forward_output_sigmoid"),
    ("backward_131", backward_no_b1, "forward_without_b1"),
    ("output_delta", output_delta_swapped, "argument_order"),
    ("sigmoid_derivative", sigmoid_one_minus_y, "equals_expression"),
    ("sgd_update", sgd_step_only, "step_only"),
    ("sgd_update", sgd_eta_twice, "learning_rate_twice"),
    ("sgd_update", sgd_eta_squared, "learning_rate_squared"),
    ("sgd_update", sgd_divided, "divided_by_learning_rate"),
    ("online_epoch", _epoch(keep=(0, 1, 2, 3)), "params_not_updated"),
    ("online_epoch", _epoch(step=lambda p, g, eta: p - 2 * eta * g), "epoch_eta_twice"),
    ("online_epoch", _epoch(step=lambda p, g, eta: p - eta * eta * g), "epoch_eta_squared"),
    ("online_epoch", _epoch(step=lambda p, g, eta: p - g / eta), "epoch_divided_by_eta"),
    ("online_epoch", _epoch(keep=(1, 3)), "epoch_biases_not_updated"),
    ("online_epoch", _epoch(keep=(1,)), "epoch_b1_not_updated"),
    ("online_epoch", _epoch(keep=(3,)), "epoch_b2_not_updated"),
    ("online_epoch", _epoch(order=lambda rng, n: rng.integers(0, n, n)), "epoch_replacement"),
    ("online_epoch", _epoch(order=lambda rng, n: [rng.permutation(n)[k] for k in range(n)]),
     "epoch_new_permutation"),
    ("online_epoch", _epoch(order=lambda rng, n: np.r_[rng.permutation(n), rng.permutation(n)]),
     "epoch_two_epochs"),
    ("online_epoch", _epoch(order=lambda rng, n: rng.permutation(n)[:-1]), "epoch_one_sample_short"),
    ("online_epoch", epoch_W2_first, "epoch_W2_before_delta1"),
    ("online_epoch", epoch_last_only, "epoch_last_gradient_only"),
    # (exercise, mistake, the diagnosis it must get)
    ("dense_backward", dense_delta_T_x, "transposed"),
    ("dense_backward", dense_x_delta_T, "x_deltaT"),
    ("dense_backward", dense_delta_x_T, "delta_xT"),
    ("dense_backward", dense_no_bias_sum, "missing_batch_sum"),
    ("dense_backward", dense_per_sample, "per_sample_not_summed"),
    ("dense_backward", dense_first_sample, "first_sample_only"),
    ("dense_backward", dense_sum_all, "sum_all"),
    ("dense_backward", dense_sum_axis1, "sum_wrong_axis"),
    ("dense_backward", dense_mean, "divided_by_batch_size"),
    ("dense_backward", dense_times_n, "times_batch_size"),
    ("dense_backward", dense_W_not_T, "W_not_transposed"),
    ("dense_backward", dense_keepdims, "bias_keepdims"),
    ("dense_backward", dense_elementwise, "elementwise_product"),
    ("dense_backward", dense_float32, "low_precision"),
    # a result rounded to float32 lies within the 1e-7 tolerance (the second blind test's four
    # passes): named, never passed
    ("sigmoid_derivative", lambda y: (y * (1 - y)).astype(np.float32), "low_precision"),
    ("output_delta", lambda y, t: (y - t).astype(np.float32), "low_precision"),
    ("sgd_update", lambda W, grad_W, learning_rate: (W - learning_rate * grad_W).astype(np.float32),
     "low_precision"),
    ("sigmoid_derivative", sigmoid_at_u, "derivative_at_u"),
    ("sigmoid_derivative", sigmoid_times_two, "factor_two"),
    ("sigmoid_derivative", sigmoid_tanh, "tanh_derivative"),
    ("sigmoid_derivative", sigmoid_flattened, "shape_only"),
    ("sigmoid_derivative", sigmoid_reused_buffer, "returns_overwritten_view"),
    ("output_delta", delta_sign, "sign_error"),
    ("output_delta", delta_half, "factor_half"),
    ("output_delta", delta_mean, "divided_by_batch_size"),
    ("output_delta", delta_summed, "summed_over_batch"),
    ("output_delta", delta_times_sigmoid_prime, "identity_fprime"),
    ("output_delta", delta_dEdy, "missing_softmax_backward"),
    ("softmax_backward", softmax_elementwise, "softmax_elementwise"),
    ("softmax_backward", softmax_batch_sum, "softmax_sum_over_batch"),
    ("softmax_backward", softmax_no_keepdims, "softmax_no_keepdims"),
    ("softmax_backward", softmax_no_y, "missing_y_factor"),
    ("softmax_backward", softmax_sum_all, "softmax_sum_all"),
    ("output_delta", delta_error, "error_not_gradient"),
    ("hidden_delta", hidden_no_fprime, "missing_fprime"),
    ("hidden_delta", hidden_at_u, "derivative_at_u"),
    ("hidden_delta", hidden_W_not_T, "W_not_transposed"),
    ("hidden_delta", hidden_in_place, "modified_input"),
    ("backward_131", backward_wrong_W, "wrong_weight_matrix"),
    ("backward_131", backward_no_fprime, "missing_fprime"),
    ("backward_131", backward_at_u, "derivative_at_u"),
    ("backward_131", backward_sigmoid_output, "identity_fprime"),
    ("backward_131", backward_sign, "sign_error"),
    ("backward_131", backward_output_layer_first, "wrong_order"),
    ("sgd_update", sgd_plus, "plus_instead_of_minus"),
    ("sgd_update", sgd_no_eta, "no_learning_rate"),
    ("sgd_update", sgd_in_place, "modified_input"),
    ("sgd_update", sgd_in_place, "returns_overwritten_view"),
    ("online_epoch", epoch_no_shuffle, "no_shuffle"),
    ("online_epoch", epoch_no_shuffle, "rng_not_used"),
    ("online_epoch", epoch_separate_shuffles, "separate_shuffles"),
    ("online_epoch", epoch_plus, "plus_instead_of_minus"),
    ("online_epoch", epoch_full_batch, "full_batch_step"),
    ("online_epoch", epoch_global_random, "rng_not_used"),
    ("online_epoch", epoch_extra_permutation, "rng_extra_draws"),
]


@pytest.mark.parametrize("name", CHECKS)
def test_the_reference_solution_passes_with_no_diagnosis(name):
    result = CHECKS[name](getattr(solutions, name))
    assert result.passed and bool(result)
    assert result.diagnoses() == [] and result.problems == []
    assert all(out.correct and out.cases_passed == out.cases_total >= 2 for out in result.outputs)
    assert "PASSED" in str(result) and "✗" not in str(result)


@pytest.mark.parametrize(("name", "mistake", "diagnosis"), MISTAKES,
                         ids=[f"{name}-{mistake.__name__}-{d}" for name, mistake, d in MISTAKES])
def test_each_mistake_is_named(name, mistake, diagnosis):
    result = CHECKS[name](mistake)
    assert not result.passed and not bool(result)
    assert diagnosis in result.diagnoses(), (result.diagnoses(), str(result))
    text = " ".join(str(result).split())  # as one line: the report wraps its lines
    assert "Traceback" not in text and "NOT YET" in text
    # The report says the mistake in words, and cites the equation that says what is right.
    template, equation = DIAGNOSES[diagnosis]
    first_words = template.split("{output}")[-1].split("{argument}")[0].split("{expression}")[0]
    first_words = first_words.split(":")[0].strip()[:30]
    assert first_words in text, (first_words, text)
    # an output's mistake cites the equation the report chose for it (the exercise's own, issue 24)
    cited = next((o.equation for o in result.outputs if o.diagnosis == diagnosis), None) or equation
    if cited:
        assert EQUATIONS[cited].cite() in text


def test_every_diagnosis_is_tested():
    """No diagnosis in the table is left without a mistake that triggers it."""
    tested = {diagnosis for _, _, diagnosis in MISTAKES}
    # exercises 0a and 0b's: each reached in test_exercise_autograd.py
    tested |= {key for key in DIAGNOSES if key.startswith(("autograd_", "graph_"))}
    assert set(DIAGNOSES) - tested == set()


def test_the_issue_s_list_of_mistakes_is_covered():
    """Each mistake that issue 12 lists maps to at least one tested diagnosis."""
    listed = {
        "a transposed product": {"transposed", "x_deltaT", "delta_xT"},
        "a missing or wrong sum over the batch": {"missing_batch_sum", "per_sample_not_summed",
                                                  "sum_wrong_axis", "softmax_sum_over_batch"},
        "the derivative evaluated at u instead of y": {"derivative_at_u"},
        "a missing f'": {"missing_fprime"},
        "a sign error": {"sign_error"},
        "a stray factor 1/2, 2, the batch size": {"factor_half", "factor_two", "divided_by_batch_size"},
        "the softmax treated element-wise": {"softmax_elementwise"},
        "the wrong weight matrix in the recursion": {"wrong_weight_matrix", "W_not_transposed"},
        "an update with + instead of -": {"plus_instead_of_minus"},
        "modifying the input array in place": {"modified_input"},
        "returning a view that is later overwritten": {"returns_overwritten_view"},
    }
    tested = {diagnosis for _, _, diagnosis in MISTAKES}
    assert {what for what, keys in listed.items() if not keys <= tested} == set()


def test_a_wrong_shape_outside_the_dense_layer_cites_that_exercise_s_equation():
    """Right numbers in the wrong shape: no advice about biases, no dense-layer equation."""
    text = " ".join(str(exercises.check_sigmoid_derivative(sigmoid_flattened)).split())
    assert "holds the right numbers in the wrong shape" in text
    assert "∂E/∂b" not in text and "keepdims" not in text
    assert EQUATIONS["sigmoid-derivative"].cite() in text
    assert EQUATIONS["dense-gradients"].cite() not in text


def test_another_mistake_gets_a_generic_report_with_numbers():
    result = exercises.check_sigmoid_derivative(lambda y: y * (1 - y) + 0.01)
    assert not result.passed and result.diagnoses() == []
    out = result.outputs[0]
    assert out.max_difference == pytest.approx(0.01)
    assert out.expected_shape == out.got_shape == (5, 3)  # a batch is shown before a single sample
    text = " ".join(str(result).split())
    assert "does not match bpteach's result" in text
    assert "largest difference from bpteach's result: 0.01" in text
    assert "shape: got (5, 3), expected (5, 3)" in text
    assert "differs from the right result by the same constant 0.01 in every entry" in text
    assert EQUATIONS["sigmoid-derivative"].cite() in text


def test_correct_for_one_sample_but_not_for_a_batch_says_so():
    result = exercises.check_dense_backward(dense_mean)
    out = {o.name: o for o in result.outputs}
    assert out["grad_W"].cases_passed == 1 and "a batch of N = 5 samples" in out["grad_W"].failed_case
    assert "correct in 1 other case" in " ".join(str(result).split())
    assert out["grad_x"].correct


def failing(y):
    return y / 0.0 * 0.0                   # NaN everywhere


@pytest.mark.parametrize(("function", "expected"), [
    (lambda y: 1 / 0, r"raised ZeroDivisionError: division by zero \(in <lambda>, line \d+: \(lambda y: 1"),
    (lambda y: None, "returned None: did you forget the return statement"),
    (lambda y: (y * (1 - y)).tolist(), r"is a list, \[\[0\.1.*expected a NumPy array of shape \(1, 3\)"),
    (lambda y: np.array(["a"]), "dtype <U1; expected real numbers"),
    (failing, "holds NaN"),
    (lambda y: (y * (1 - y))[:, :1], r"wrong shape .* shape: got \(1, 1\), expected \(1, 3\)"),
    (lambda: 0, r"raised TypeError: .*takes 0 positional arguments but 1 was given — your function must "
                r"take the arguments of sigmoid_derivative\(y\), in that order"),
    (np.zeros((2, 2)), "expected a function, got ndarray"),
])
def test_broken_functions_get_a_clear_message_and_no_traceback(function, expected):
    result = exercises.check_sigmoid_derivative(function)
    text = " ".join(str(result).split())
    assert not result.passed
    assert re.search(expected, text), text
    assert "Traceback" not in text and 'File "' not in text
    assert "bpteach/exercises.py" not in text and "of exercises.py" not in text  # nothing from the checker


def test_a_broadcasting_error_gets_a_hint_about_shapes():
    result = exercises.check_softmax_backward(softmax_no_keepdims)
    text = str(result)
    assert "operands could not be broadcast" in text and "keepdims=True" in text


def test_wrong_number_of_results():
    text = " ".join(str(exercises.check_dense_backward(lambda x, W, d: (x.T @ d, d.sum(axis=0)))).split())
    assert "returned a tuple of length 2; expected 3 results, return grad_W, grad_b, grad_x" in text


def test_the_report_shows_in_a_notebook():
    wrong = exercises.check_dense_backward(dense_no_bias_sum)._repr_html_()
    assert "<table>" in wrong and "NOT YET" in wrong and "✗" in wrong and "grad_b" in wrong
    assert "missing the sum over the batch" in wrong
    assert "(7.3) in “Stochastic gradient descent and online learning”" in wrong  # the site's number
    right = exercises.check_dense_backward(solutions.dense_backward)._repr_html_()
    assert "PASSED" in right and "✗" not in right


def test_every_cited_equation_is_on_its_page():
    """The labels and sections in EQUATIONS exist on the named pages (they change when pages do)."""
    cited = {equation for _, equation in DIAGNOSES.values() if equation}
    cited |= {"sigmoid-derivative", "delta-softmax-ce", "delta-softmax", "dense-gradients",
              "delta-recursion", "net131-delta1", "net131-grad-W2", "sgd-update", "online-learning"}
    assert cited <= set(EQUATIONS)
    for key, equation in EQUATIONS.items():
        page = (ROOT / "docs" / f"{equation.page}.md").read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", page, flags=re.M).group(1)
        assert exercises.PAGE_TITLES[equation.page] == title, key
        if equation.label:
            assert re.search(rf"^\$\$ \({re.escape(equation.label)}\)\s*$", page, flags=re.M), key
        headings = [_as_text(h) for h in re.findall(r"^#{2,3} (.+)$", page, flags=re.M)]
        assert equation.section in headings, (key, headings)


def _as_text(heading):
    """A MyST heading as the reader sees it, in the report's plain-text maths."""
    for tex, text in (("$", ""), ("\\partial ", "∂"), ("\\partial", "∂"), ("\\delta", "δ"), (" - ", " − ")):
        heading = heading.replace(tex, text)
    return heading


# -- the pages of the site ---------------------------------------------------------------------

SCRIPTS = sorted((ROOT / "exercises").glob("exercise_*.py"))


def test_there_is_one_page_per_exercise():
    # 0a and 0b, the graph exercises, come after the chapter on computational graphs, before 1
    assert [p.name.split("_")[1] for p in SCRIPTS] == ["0a", "0b"] + [str(i) for i in range(1, 8)]


def test_every_check_has_one_reference_solution_in_the_exercise_scripts():
    """Each solution is written once, in the part of its exercise script after the student's
    download ends (tests/solutions.py reads it there); every check has one."""
    assert sorted(NAMES) == sorted(ALL_CHECKS) and len(NAMES) == len(set(NAMES))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_the_students_part_has_the_skeleton_and_check_and_no_solution(script):
    """What a student downloads: the skeleton, its check and the hints; no solution, no mistake."""
    text = script.read_text(encoding="utf-8")
    student = student_version(text, script.name)
    namespace, mistakes_ns = {"np": np, "math": math}, {"np": np, "math": math}
    names = solution_functions(text, namespace, script.name)
    mistake_names = mistake_functions(text, mistakes_ns, script.name)
    assert names and mistake_names
    for name in names:  # the skeleton, which raises, and its check
        if name[0].isupper():  # a class (exercise 0b): its methods raise
            assert re.search(rf"^class {name}:\n(?:(?:    .*)?\n)*        raise NotImplementedError", student,
                             flags=re.M)
        else:
            assert re.search(rf"^def {name}\(.*\n(?:    .*\n)*    raise NotImplementedError", student,
                             flags=re.M)
        assert CALLS.get(name, f"check_{name}({name})") in student
        assert len(re.findall(rf"^(?:def|class) {name}\b", student, flags=re.M)) == 1  # the skeleton only
    assert not any(re.search(rf"^(?:def|class) {name}\b", student, flags=re.M) for name in mistake_names)
    assert ".. dropdown:: Show the solution" not in student and "Hint 3" in student
    # The part after it holds the solution, then the typical mistake, which fails its check.
    for name in mistake_names:
        check = next(ALL_CHECKS[n] for n in ALL_CHECKS if name.startswith(n))
        assert not check(mistakes_ns[name]).passed, name


def test_dropdowns_become_details_in_a_notebook(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "docs" / "_ext"))
    from exercise_pages import dropdowns_to_details, roles_to_markdown

    markdown = ("Text.\n\n.. dropdown:: Hint 1\n\n   First line,\n   second line.\n\n"
                "```python\nx = 1\n```\n   After the code.\n\nNot in the hint.")
    assert dropdowns_to_details(markdown) == (
        "Text.\n\n<details><summary>Hint 1</summary>\n\nFirst line,\nsecond line.\n\n"
        "```python\nx = 1\n```\nAfter the code.\n\n</details>\n\nNot in the hint.")
    assert roles_to_markdown("See :doc:`/sgd`, equation :eq:`sgd-update`, :func:`~a.b.f`.",
                             ROOT / "docs") == (
        "See *Stochastic gradient descent and online learning*, equation (7.1) in *Stochastic gradient "
        "descent and online learning*, `f`.")  # a notebook cites as the site numbers (issue 24)
    assert roles_to_markdown(":eq:`no-such-label`", ROOT / "docs") == "(no-such-label)"


def test_a_result_that_cannot_be_judged_gets_a_message_not_a_traceback():
    class Odd(np.ndarray):
        def astype(self, *args, **kwargs):
            raise RuntimeError("no conversion")

    result = exercises.check_sigmoid_derivative(lambda y: (y * (1 - y)).view(Odd))
    assert not result.passed and result.diagnoses() == ["unjudgeable"]
    assert "bpteach could not compare σ′(u) with its own result (RuntimeError: no conversion)" in \
        " ".join(str(result).split())


def epoch_one_dimensional_sample(params, x, t, learning_rate, rng):
    params = [p.copy() for p in params]
    for i in rng.permutation(len(x)):
        grads = network_131_gradients(x[i], t[i], *params)  # x[i] is (1,), not (1, 1)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params


def test_an_error_inside_the_given_backward_pass_points_at_the_learner_s_call():
    """Exercise 7 lets the learner call bpteach's network_131_gradients: the report shows their line."""
    text = " ".join(str(exercises.check_online_epoch(epoch_one_dimensional_sample)).split())
    assert "(in epoch_one_dimensional_sample, line" in text, text
    assert "grads = network_131_gradients(x[i], t[i], *params)" in text
    assert "the error came from bpteach's" in text
    assert "x[i] is one row of x, of shape (1,)" in text


def test_an_rng_never_drawn_from_is_the_first_thing_the_report_says():
    """Shuffling with another generator makes every output 'none of the usual mistakes': say why first."""
    text = str(exercises.check_online_epoch(epoch_global_random))
    first_cross = next(line for line in text.splitlines() if line.lstrip().startswith("✗"))
    assert "your function never drew from rng" in first_cross, text


def epoch_params_in_place(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n + 1], t[n:n + 1], *params)
        for p, g in zip(params, grads):
            p -= learning_rate * g                # changes the caller's arrays
    return params


def test_changing_the_arrays_in_a_list_argument_is_reported():
    """The right numbers, but the caller's W1, b1, W2, b2 were overwritten: the report says so."""
    result = exercises.check_online_epoch(epoch_params_in_place)
    assert all(out.correct for out in result.outputs) and not result.passed
    text = " ".join(str(result).split())
    assert ("your function changed arrays of its argument params in place (params[0], params[1], "
            "params[2], params[3];") in text, text
    assert "modified_input" in result.diagnoses()


def delta_summed_keepdims(y, t):           # summed over the batch, keeping a row: right for N = 1 only
    return (y - t).sum(axis=0, keepdims=True)


def delta_off_for_softmax(y, t):           # right for the identity case, off for the softmax
    return y - t + (0.1 if y.shape[1] == 3 else 0.0)


@pytest.mark.parametrize(("mistake", "case", "cited"), [
    (delta_summed_keepdims, "identity + sum of squares", "delta-identity-sos"),
    (delta_error, "identity + sum of squares", "delta-identity-sos"),
    (delta_off_for_softmax, "softmax + cross-entropy", "delta-softmax-ce"),
])
def test_exercise_2_cites_the_equation_of_the_case_that_failed(mistake, case, cited):
    """A wrong identity case is not answered with the softmax's equation, nor the other way round."""
    result = exercises.check_output_delta(mistake)
    out = result.outputs[0]
    assert out.failed_case.startswith(case) and out.equation == cited, (out.failed_case, out.equation)
    other = "delta-softmax-ce" if cited == "delta-identity-sos" else "delta-identity-sos"
    text = " ".join(str(result).split())
    assert EQUATIONS[cited].cite() in text and EQUATIONS[other].cite() not in text


def epoch_rebinds_list_items(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n + 1], t[n:n + 1], *params)
        for i, g in enumerate(grads):
            params[i] = params[i] - learning_rate * g  # new arrays; the arrays handed over stay unchanged
    return params


def test_new_arrays_put_into_the_params_list_are_not_an_in_place_change():
    result = exercises.check_online_epoch(epoch_rebinds_list_items)
    assert result.passed, str(result)


# -- the engine's reasoning: what it may state, and what it says when it cannot ----------------

def _text(result):
    return " ".join(str(result).split())


def test_a_mistake_that_holds_in_some_failing_cases_only_is_not_stated():
    """|y - t| has the wrong sign where y < t only: no "wrong sign" diagnosis, but how often, and where."""
    result = exercises.check_output_delta(lambda y, t: np.abs(y - t))
    assert result.diagnoses() == []
    text = _text(result)
    assert "likely mistake" not in text
    assert re.search(r"in 1 of 4 failing cases, delta has the wrong sign; in the others it does not", text)
    assert re.search(r"measured: delta has the right size in every entry but the wrong sign in \d of 5", text)


def test_a_single_sample_cannot_decide_a_shape():
    """At N = 1 a (1, 3) and a (3,) hold the same numbers: not called a missing sum over the batch."""
    result = exercises.check_backward_131(backward_no_bias_sum)
    assert "missing_batch_sum" not in result.diagnoses() and "shape_only" not in result.diagnoses()
    out = {o.name: o for o in result.outputs}
    assert out["grad_b1"].got_shape == (1, 3) and out["grad_b1"].expected_shape == (3,)


def test_a_hidden_delta_averaged_over_the_batch_is_not_called_a_shape_error():
    def averaged(delta, W, y):
        return (delta @ W.T).mean(axis=0) * y * (1 - y)

    text = _text(exercises.check_hidden_delta(averaged))
    assert "your delta equals (delta @ W.T).mean(axis=0) * (y * (1 - y))" in text
    assert "wrong shape" not in text and "right numbers in the wrong shape" not in text


def test_an_expression_of_the_exercise_s_quantities_is_named_in_the_learner_s_words():
    text = _text(exercises.check_dense_backward(lambda x, W, d: (x @ d, d.sum(axis=0), d @ W.T)))
    assert "likely mistake: your grad_W equals x @ delta, not x.T @ delta" in text
    text = _text(exercises.check_sgd_update(lambda W, g, eta: W))
    assert "your new W equals your argument W, unchanged" in text
    text = _text(exercises.check_sigmoid_derivative(lambda y: (y * (1 - y)).sum(axis=0)))
    assert "equals (y * (1 - y)).sum(axis=0), not y * (1 - y): the right result summed over the samples" \
        in text


@pytest.mark.parametrize(("check", "function", "expected"), [
    (exercises.check_sigmoid_derivative, lambda y: y - y, "is zero everywhere"),
    (exercises.check_sigmoid_derivative, lambda y: 3 * y * (1 - y),
     "is 3 times the right result in every entry"),
    (exercises.check_sigmoid_derivative, lambda y: y * (1 - y) + np.array([0.0, 0.5, 0.0])[:y.shape[1]],
     "is wrong only in column 1; the other columns are right"),
    (exercises.check_hidden_delta,
     lambda d, W, y: (d @ W.T) * y * (1 - y) * (np.arange(len(y)) != 2)[:, None],
     "is wrong only in row 2 (samples); the other rows are right"),
    (exercises.check_sgd_update, lambda W, g, eta: W - 0.2 * g,
     "your update steps with the same learning rate 0.2 whatever learning_rate it is given"),
])
def test_what_was_measured_is_said_when_no_mistake_fits(check, function, expected):
    result = check(function)
    assert not result.passed and result.diagnoses() == []
    assert expected in _text(result), _text(result)


@pytest.mark.parametrize(("check", "function", "expected"), [
    (exercises.check_dense_backward, lambda x, W, d: (x @ d, d.sum(axis=0), d @ W.T),
     r"on that line x is \(1, 2\), W is \(2, 3\), d is \(1, 3\)\. x\.T @ d would fit \(2, 3\)\."),
    (exercises.check_dense_backward, lambda x, W, d: (x.T @ d, d.sum(axis=0), d * W.T),
     r"if you meant the matrix product of \(1, 3\) and \(3, 2\), this needs @, not \*"),
    (exercises.check_sigmoid_derivative, lambda y: y * (1 - y).T,
     r"\(5, 3\) and \(3, 5\) are transposes of each other"),
    (exercises.check_softmax_backward, softmax_no_keepdims,
     r"the \(5,\) is a sum over axis=1 of a \(5, 4\) array without keepdims=True"),
    (exercises.check_softmax_backward, lambda y, g: y * (g - g @ y.T),
     r"the \(5, 5\) array has one row and one column per sample"),
])
def test_a_shape_error_gets_a_hint_computed_from_the_failing_line(check, function, expected):
    text = _text(check(function))
    assert re.search(expected, text), text
    assert "a missing .T, or a sum without keepdims=True, are the usual causes" not in text


def test_swapped_parameters_are_not_called_a_sign_error():
    text = _text(exercises.check_output_delta(output_delta_swapped))
    assert "def output_delta_swapped(t, y) takes them in the wrong order" in text
    assert "wrong sign" not in text and "t − y" not in text
    # written in the exercise's order, t - y is a sign error, not an argument order
    assert exercises.check_output_delta(delta_sign).diagnoses() == ["sign_error"]


def test_training_messages_have_the_learner_as_subject():
    for mistake in (epoch_separate_shuffles, epoch_plus, epoch_full_batch, epoch_no_shuffle):
        text = _text(exercises.check_online_epoch(mistake))
        assert not re.search(r"likely mistake: (W1|b1|W2|b2) ", text), text
        assert "likely mistake: your function" in text


def test_a_guess_that_fits_every_case_of_single_numbers_is_a_hint_not_a_contradiction():
    """Issue 24 (b6w2): grad_b2 is one number, −1 times the right one in every case."""
    def b2_sign(x, t, W1, b1, W2, b2):
        grads = solutions.backward_131(x, t, W1, b1, W2, b2)
        return (*grads[:3], -grads[3])

    text = _text(exercises.check_backward_131(b2_sign))
    assert re.search(r"in all \d failing cases, grad_b2 has the wrong sign; but grad_b2 is a single number "
                     r"in each, and one number can agree with more than one mistake", text), text
    assert "in the other it does not" not in text and "in the others it does not" not in text


def test_a_guess_on_single_numbers_named_for_another_output_is_said_briefly():
    """The third blind trial's W6.2: δ⁽²⁾ = t − y, named "wrong sign" for grad_W1, grad_b1 and grad_W2;
    grad_b2, one number, got the long hedge as if nothing had been named."""
    result = exercises.check_backward_131(backward_sign)
    text = _text(result)
    assert "grad_b2 has the wrong sign, in every failing case: consistent with the mistake named above " \
           "for grad_W1" in text, text
    assert "a hint to check" not in text and "tells nothing about the mistake" not in text
    assert result.diagnoses() == ["sign_error"]


def test_no_stray_constant_factor_is_measured_on_a_single_number():
    """Issue 24 (b6w10, e7w11, e7w13): any single number is a multiple of the right one."""
    def scaled_b2(x, t, W1, b1, W2, b2):
        grads = solutions.backward_131(x, t, W1, b1, W2, b2)
        return (*grads[:3], grads[3] + 0.1 * np.tanh(grads[3]) + 0.05)

    result = exercises.check_backward_131(scaled_b2)
    out = {o.name: o for o in result.outputs}["grad_b2"]
    assert not result.passed and out.measured is not None
    assert "times the right result" not in out.measured and "same constant" not in out.measured
    assert "a single number: a ratio or an offset measured on it tells nothing" in out.measured


@pytest.mark.parametrize(("check", "function", "words", "equation", "not_said"), [
    (exercises.check_sigmoid_derivative, lambda y: y.T * (1 - y.T), "is the transpose of the right result",
     "sigmoid-derivative", "xᵀ δ"),
    (exercises.check_hidden_delta, lambda delta, W, y: ((W @ delta.T) * y.T * (1 - y.T)),
     "is the transpose of the right result", "delta-recursion", "xᵀ δ"),
    (exercises.check_hidden_delta, lambda delta, W, y: 2 * (delta @ W.T) * y * (1 - y),
     "is twice the right result: a stray factor 2", "delta-recursion", "½ Σ (y − t)²"),
])
def test_a_transpose_or_a_factor_cites_the_exercise_s_own_equation(check, function, words, equation,
                                                                   not_said):
    """Issue 24 (s1w7, h5w8, h5w9): not exercise 4's xᵀ δ, nor exercise 2's ½ of the sum of squares."""
    result = check(function)
    text = _text(result)
    assert words in text and not_said not in text, text
    assert EQUATIONS[equation].cite() in text


def test_a_row_passed_for_a_batch_of_one_is_named():
    """Issue 24 (e7w8): x[n] drops the sample axis where backward_131 needs x[n:n+1] (hint 3)."""
    def epoch_rows(params, x, t, learning_rate, rng):
        for n in rng.permutation(len(x)):
            grads = network_131_gradients(x[n], t[n], *params)
            params = [p - learning_rate * g for p, g in zip(params, grads)]
        return params

    text = _text(exercises.check_online_epoch(epoch_rows))
    assert "x[n] is one row of x, of shape (1,): the sample axis is gone. x[n:n+1] keeps it" in text, text


def test_many_extra_draws_after_a_right_epoch_are_named_too():
    def epoch_then_noise(params, x, t, learning_rate, rng):
        params = solutions.online_epoch(params, x, t, learning_rate, rng)
        rng.random(10_000)
        return params

    result = exercises.check_online_epoch(epoch_then_noise)
    assert not result.passed and result.diagnoses() == ["rng_extra_draws"]
    assert "it leaves the generator in another state" in _text(result)
    # a wrong shuffle that draws more is named by its outputs, without this problem
    assert "rng_extra_draws" not in exercises.check_online_epoch(epoch_separate_shuffles).diagnoses()


def test_no_docstring_example_shows_a_passing_solution():
    """The API pages show the checks' docstrings, also in a site built without solutions
    (``make docs SOLUTIONS=hidden``): no example may show a solution that passes."""
    import doctest
    import importlib
    import pkgutil

    import bpteach.exercises as package

    finder = doctest.DocTestFinder()
    shown = []
    for info in [None, *pkgutil.iter_modules(package.__path__)]:
        module = package if info is None else importlib.import_module(f"{package.__name__}.{info.name}")
        for test in finder.find(module):
            for example in test.examples:
                if "check_" in example.source and (example.want.strip() == "True"
                                                   or "PASSED" in example.want
                                                   or "合格" in example.want):
                    shown.append(f"{test.name}: {example.source.strip()}")
    assert shown == [], "examples that pass a check show its solution:\n" + "\n".join(shown)


def test_a_factor_that_changes_between_cases_is_not_called_a_stray_constant():
    """The second blind test's bk16: b2 left out of the forward pass scales every gradient by a
    ratio that depends on the parameters (10.48, 0.379, 1.143 in the three cases); it was called
    "a stray constant factor", which sends the learner looking for a stray `*`."""
    def backward_131(x, t, W1, b1, W2, b2):
        y1 = 1 / (1 + np.exp(-(x @ W1 + b1)))
        delta2 = y1 @ W2 - t                       # b2 missing in the forward pass
        delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
        return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)

    result = CHECKS["backward_131"](backward_131)
    text = " ".join(str(result).split())  # unwrapped
    assert "stray constant" not in text
    assert result.diagnoses() == ["forward_without_b2"]  # named since the third blind trial


def test_a_factor_that_changes_between_cases_claims_no_direction():
    """The third blind trial's W6.8 was told of "a term missing ..., such as a bias in the forward
    pass" where a factor had been added: the measurement cannot tell missing from extra."""
    def backward_131(x, t, W1, b1, W2, b2):
        y1 = 1 / (1 + np.exp(-(x @ W1 + b1)))
        delta2 = (y1 @ W2 + b2 - t) * (y1 @ W2 + b2)   # an extra factor y
        delta1 = (delta2 @ W2.T) * y1 * (1 - y1)
        return x.T @ delta1, delta1.sum(axis=0), y1.T @ delta2, delta2.sum(axis=0)

    text = _text(CHECKS["backward_131"](backward_131))
    assert "not the same in the other failing cases" in text
    assert "missing or extra, before this output" in text
    assert "such as a bias" not in text and "stray constant" not in text


def test_an_expression_is_called_a_transpose_only_when_it_is_one():
    """The third blind trial's W5.3: a (5, 5) result, "the transpose of the right result" (5, 3)."""
    text = _text(exercises.check_hidden_delta(lambda delta, W, y: (delta @ W.T) @ (y * (1 - y)).T))
    assert "your delta equals (delta @ W.T) @ (y * (1 - y)).T, not (delta @ W.T) * y * (1 - y)" in text
    assert "transpose" not in text
    # a real transpose of the right result is still called one
    text = _text(exercises.check_backward_131(lambda *a: (*solutions.backward_131(*a)[:2],
                                                          solutions.backward_131(*a)[2].T,
                                                          solutions.backward_131(*a)[3])))
    assert "(y1.T @ delta2).T, not y1.T @ delta2: the transpose of the right result" in text


@pytest.mark.parametrize(("function", "verdict", "right"), [
    (dense_W_not_T, "NOT YET: 1 of 3 outputs wrong, 1 problem.", ("grad_W", "grad_b")),
    (lambda x, W, delta: (np.sum(x * delta, axis=0, keepdims=True), delta.sum(axis=0), delta @ W.T),
     "NOT YET: 1 of 3 outputs wrong, 1 problem.", ("grad_b", "grad_x")),
])
def test_outputs_right_where_they_could_be_computed_are_not_counted_wrong(function, verdict, right):
    """The third blind trial's W4.3 and W4.8 raise unless the layer is square; the outputs that are
    right in the square case were counted wrong ("3 of 3 outputs wrong") and not shown."""
    result = exercises.check_dense_backward(function)
    text = _text(result)
    assert verdict in text, text
    for name in right:
        assert f"✓ {name}: correct in the 1 case of 3 that gave a result to compare; the others gave none" \
            in text
    assert not result.passed


def test_delta_w_in_the_dense_layer_cites_the_dense_layer_s_equation():
    """The third blind trial's W4.3: grad_x = delta @ W cited the δ recursion (6.8, with f′)."""
    result = exercises.check_dense_backward(dense_W_not_T)
    (out,) = [o for o in result.outputs if o.diagnosis == "W_not_transposed"]
    assert out.equation == "dense-gradients"
    assert EQUATIONS["dense-gradients"].cite() in _text(result)
    assert EQUATIONS["delta-recursion"].cite() not in _text(result)
    # in exercise 5 the same mistake cites the recursion, its own equation
    assert {o.equation for o in exercises.check_hidden_delta(hidden_W_not_T).outputs} == {"delta-recursion"}


def test_a_method_used_without_its_parentheses_is_named():
    """The third blind trial's W7.7: new = W.copy, then new - η g raises a TypeError."""
    def sgd_update(W, grad_W, learning_rate):
        new = W.copy
        return new - learning_rate * grad_W

    text = _text(exercises.check_sgd_update(sgd_update))
    assert "new = W.copy is the method itself, not its result: a method is called with parentheses, " \
           "W.copy()." in text, text
    # any other TypeError is left as it was
    def text_times_array(W, grad_W, learning_rate):
        return W - "0.1" * grad_W

    assert "not its result" not in _text(exercises.check_sgd_update(text_times_array))

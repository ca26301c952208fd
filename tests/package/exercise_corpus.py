"""Realistic answers to the eight exercises, written as learners write them.

``WRONG``: wrong solutions beyond the named mistakes of ``test_exercises.py``, each with the
words that its diagnosis must contain (every one of them, case-insensitive; alternatives
separated by ``|``) and, written ``!words``, words it must not contain (a false statement
that a report once made about it). ``RIGHT``: right but unusual solutions, which must pass.

Each entry is (exercise, kind, words, source). The source defines one function, named after
the exercise; it may use ``np``, ``sigmoid`` and ``solutions`` (tests/solutions.py: the reference
solutions, read from the exercise scripts).
"""

WRONG = [
    # -- exercise 1: sigmoid_derivative(y) ------------------------------------------------------
    ("sigmoid_derivative", "sign", ["sign|−1 times"], """
def sigmoid_derivative(y):
    return y * (y - 1)
"""),
    ("sigmoid_derivative", "operand", ["1 - y"], """
def sigmoid_derivative(y):
    return 1 - y
"""),
    ("sigmoid_derivative", "operand", ["equals your argument y"], """
def sigmoid_derivative(y):
    return y
"""),
    ("sigmoid_derivative", "factor", ["half"], """
def sigmoid_derivative(y):
    return y * (1 - y) / 2
"""),
    ("sigmoid_derivative", "derivative point", ["as if y were u"], """
def sigmoid_derivative(y):
    return np.exp(-y) / (1 + np.exp(-y)) ** 2
"""),
    ("sigmoid_derivative", "product", ["@"], """
def sigmoid_derivative(y):
    return y @ (1 - y).T
"""),
    ("sigmoid_derivative", "sum", ["sum"], """
def sigmoid_derivative(y):
    return np.sum(y * (1 - y))
"""),
    ("sigmoid_derivative", "sum", ["axis=0"], """
def sigmoid_derivative(y):
    return (y * (1 - y)).mean(axis=0)
"""),
    ("sigmoid_derivative", "measured", ["zero"], """
def sigmoid_derivative(y):
    return y * 1 - y
"""),
    ("sigmoid_derivative", "measured", ["constant"], """
def sigmoid_derivative(y):
    return y * (1 - y) + 1e-3
"""),
    ("sigmoid_derivative", "factor", ["4 times"], """
def sigmoid_derivative(y):
    return 4 * y * (1 - y)
"""),
    ("sigmoid_derivative", "derivative point", ["as if y were u"], """
def sigmoid_derivative(y):
    s = np.tanh(y / 2) / 2 + 0.5
    return s * (1 - s)
"""),
    ("sigmoid_derivative", "shape", ["transpose"], """
def sigmoid_derivative(y):
    return (y * (1 - y)).T
"""),
    ("sigmoid_derivative", "operand", ["y ** 2|y * y"], """
def sigmoid_derivative(y):
    return y ** 2
"""),
    ("sigmoid_derivative", "measured", ["NaN|infinite"], """
def sigmoid_derivative(y):
    return y * (1 - y) * np.log(y - y)
"""),
    # -- exercise 2: output_delta(y, t) ---------------------------------------------------------
    ("output_delta", "argument order", ["order"], """
def output_delta(t, y):
    return y - t
"""),
    ("output_delta", "measured", ["absolute|sign"], """
def output_delta(y, t):
    return np.abs(y - t)
"""),
    ("output_delta", "operand", ["equals your argument y"], """
def output_delta(y, t):
    return y
"""),
    ("output_delta", "operand", ["equals your argument t"], """
def output_delta(y, t):
    return t
"""),
    ("output_delta", "factor", ["twice"], """
def output_delta(y, t):
    return 2 * (y - t)
"""),
    ("output_delta", "sum", ["axis=0|summed over the batch"], """
def output_delta(y, t):
    return np.sum(y - t, axis=0, keepdims=True)
"""),
    ("output_delta", "sum", ["sum"], """
def output_delta(y, t):
    return np.sum(y - t)
"""),
    ("output_delta", "loss vs gradient", ["error itself|the error"], """
def output_delta(y, t):
    return (y - t) ** 2 / 2
"""),
    ("output_delta", "loss vs gradient", ["error itself|the error"], """
def output_delta(y, t):
    return -t * np.log(y)
"""),
    ("output_delta", "derivative", ["∂E/∂y"], """
def output_delta(y, t):
    if y.shape[1] == 1:
        return y - t
    return -t / y
"""),
    ("output_delta", "factor", ["divided by the batch size|averaged"], """
def output_delta(y, t):
    return (y - t) / y.shape[0]
"""),
    ("output_delta", "derivative", ["y (1 − y)|y * (1 - y)"], """
def output_delta(y, t):
    return (y - t) * y * (1 - y)
"""),
    ("output_delta", "shape", ["transpose"], """
def output_delta(y, t):
    return (y - t).T
"""),
    ("output_delta", "measured", ["zero"], """
def output_delta(y, t):
    return y - y
"""),
    ("output_delta", "sign", ["sign|−1 times"], """
def output_delta(y, t):
    delta = -(y - t)
    return delta
"""),
    # -- exercise 3: softmax_backward(y, grad_y) ------------------------------------------------
    ("softmax_backward", "argument order", ["order"], """
def softmax_backward(grad_y, y):
    return y * (grad_y - np.sum(grad_y * y, axis=1, keepdims=True))
"""),
    ("softmax_backward", "operand", ["equals your argument grad_y"], """
def softmax_backward(y, grad_y):
    return grad_y
"""),
    ("softmax_backward", "sign", ["sign|−1 times"], """
def softmax_backward(y, grad_y):
    return y * (np.sum(grad_y * y, axis=1, keepdims=True) - grad_y)
"""),
    ("softmax_backward", "sum", ["axis=0|over the batch"], """
def softmax_backward(y, grad_y):
    s = (grad_y * y).sum(axis=0)
    return y * (grad_y - s)
"""),
    ("softmax_backward", "elementwise", ["element-wise|y (1 − y)"], """
def softmax_backward(y, grad_y):
    return y * (1 - y) * grad_y
"""),
    ("softmax_backward", "missing factor", ["y_k|factor y"], """
def softmax_backward(y, grad_y):
    return grad_y - (grad_y * y).sum(axis=1, keepdims=True)
"""),
    ("softmax_backward", "sum", ["sum"], """
def softmax_backward(y, grad_y):
    return y * (grad_y - np.sum(grad_y, axis=1, keepdims=True))
"""),
    ("softmax_backward", "product", ["@"], """
def softmax_backward(y, grad_y):
    return y * (grad_y - grad_y @ y.T)
"""),
    ("softmax_backward", "jacobian", ["transpose"], """
def softmax_backward(y, grad_y):
    out = np.empty_like(y)
    for n in range(len(y)):
        J = np.diag(y[n]) - np.outer(y[n], y[n])
        out[n] = J @ grad_y[n]
    return out.T
"""),
    ("softmax_backward", "factor", ["twice"], """
def softmax_backward(y, grad_y):
    return 2 * y * (grad_y - np.sum(grad_y * y, axis=1, keepdims=True))
"""),
    ("softmax_backward", "measured", ["zero"], """
def softmax_backward(y, grad_y):
    return y * (grad_y - grad_y)
"""),
    ("softmax_backward", "shape", ["shape|keepdims"], """
def softmax_backward(y, grad_y):
    return (y * (grad_y - np.sum(grad_y * y, axis=1, keepdims=True))).ravel()
"""),
    ("softmax_backward", "sum", ["sum"], """
def softmax_backward(y, grad_y):
    return y * grad_y - np.sum(y * grad_y, axis=1, keepdims=True)
"""),
    ("softmax_backward", "operand", ["equals your argument y"], """
def softmax_backward(y, grad_y):
    return y
"""),
    ("softmax_backward", "product", ["element"], """
def softmax_backward(y, grad_y):
    return y * (grad_y - (grad_y * y))
"""),
    # -- exercise 4: dense_backward(x, W, delta) ------------------------------------------------
    ("dense_backward", "argument order", ["order"], """
def dense_backward(W, x, delta):
    return x.T @ delta, delta.sum(axis=0), delta @ W.T
"""),
    ("dense_backward", "operand", ["W.T|transpose"], """
def dense_backward(x, W, delta):
    grad_W = x.T @ delta
    grad_b = delta.sum(axis=0)
    grad_x = delta @ W
    return grad_W, grad_b, grad_x
"""),
    ("dense_backward", "shape", ["transpose|.T"], """
def dense_backward(x, W, delta):
    return x @ delta, delta.sum(axis=0), delta @ W.T
"""),
    ("dense_backward", "product", ["@"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.sum(axis=0), delta * W.T
"""),
    ("dense_backward", "sum", ["axis"], """
def dense_backward(x, W, delta):
    return x.T @ delta, np.sum(delta, axis=1), delta @ W.T
"""),
    ("dense_backward", "sum", ["keepdims|shape"], """
def dense_backward(x, W, delta):
    return x.T @ delta, np.sum(delta, axis=0, keepdims=True), delta @ W.T
"""),
    ("dense_backward", "operand", ["equals x.T @ x|x.T @ x"], """
def dense_backward(x, W, delta):
    return x.T @ x @ W, delta.sum(axis=0), delta @ W.T
"""),
    ("dense_backward", "operand", ["x"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.sum(axis=0), x
"""),
    ("dense_backward", "factor", ["batch size|mean"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.mean(axis=0), delta @ W.T
"""),
    ("dense_backward", "sign", ["sign|−1 times"], """
def dense_backward(x, W, delta):
    return -x.T @ delta, -delta.sum(axis=0), -delta @ W.T
"""),
    ("dense_backward", "first sample", ["first sample"], """
def dense_backward(x, W, delta):
    return np.outer(x[0], delta[0]), delta[0], delta @ W.T
"""),
    ("dense_backward", "last sample", ["last sample|sample"], """
def dense_backward(x, W, delta):
    grad_W = np.zeros_like(W)
    for n in range(len(x)):
        grad_W = np.outer(x[n], delta[n])
    return grad_W, delta.sum(axis=0), delta @ W.T
"""),
    ("dense_backward", "operand", ["W.T @ delta|transpose|swapped"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.sum(axis=0), (W @ delta.T).T.T
"""),
    ("dense_backward", "sum", ["sum"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.sum(), delta @ W.T
"""),
    ("dense_backward", "factor", ["N|batch size"], """
def dense_backward(x, W, delta):
    N = x.shape[0]
    return (x.T @ delta) / N, delta.sum(axis=0) / N, (delta @ W.T) / N
"""),
    ("dense_backward", "operand", ["W|weights"], """
def dense_backward(x, W, delta):
    return x.T @ delta - W, delta.sum(axis=0), delta @ W.T
"""),
    ("dense_backward", "shape", ["transpose|swapped"], """
def dense_backward(x, W, delta):
    grad_W = delta.T @ x
    return grad_W.T.T, delta.sum(axis=0), delta @ W.T
"""),
    ("dense_backward", "product", ["@|*"], """
def dense_backward(x, W, delta):
    return x * delta, delta.sum(axis=0), delta @ W.T
"""),
    ("dense_backward", "sum", ["axis=0|first"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta[0], delta @ W.T
"""),
    ("dense_backward", "parentheses", ["shape|transpose|.T"], """
def dense_backward(x, W, delta):
    return (x @ delta).T, delta.sum(axis=0), delta @ W.T
"""),
    # -- exercise 5: hidden_delta(delta, W, y) --------------------------------------------------
    ("hidden_delta", "argument order", ["order"], """
def hidden_delta(W, delta, y):
    return (delta @ W.T) * y * (1 - y)
"""),
    ("hidden_delta", "shape", ["transpose|.T"], """
def hidden_delta(delta, W, y):
    return (W @ delta) * y * (1 - y)
"""),
    ("hidden_delta", "sum", ["axis=0|over the batch|shape"], """
def hidden_delta(delta, W, y):
    return (delta @ W.T).mean(axis=0) * y * (1 - y)
"""),
    ("hidden_delta", "derivative", ["f′|y (1 − y)|missing|y * (delta @ W.T)"], """
def hidden_delta(delta, W, y):
    return delta @ W.T * y
"""),
    ("hidden_delta", "sign", ["sign|−1 times"], """
def hidden_delta(delta, W, y):
    return (delta @ W.T) * y * (y - 1)
"""),
    # (the third blind trial's W5.3: a (5, 5) result was called "the transpose of the right result")
    ("hidden_delta", "product", ["(delta @ w.t) @ (y * (1 - y)).t", "!transpose"], """
def hidden_delta(delta, W, y):
    return (delta @ W.T) @ (y * (1 - y)).T
"""),
    ("hidden_delta", "derivative", ["tanh|1 − y²|1 - y ** 2"], """
def hidden_delta(delta, W, y):
    return (delta @ W.T) * (1 - y ** 2)
"""),
    ("hidden_delta", "derivative", ["as if y were u|σ(y)"], """
def hidden_delta(delta, W, y):
    s = sigmoid(y)
    return (delta @ W.T) * s * (1 - s)
"""),
    ("hidden_delta", "factor", ["twice|2"], """
def hidden_delta(delta, W, y):
    return 2 * (delta @ W.T) * y * (1 - y)
"""),
    ("hidden_delta", "operand", ["y (1 − y)|y * (1 - y)"], """
def hidden_delta(delta, W, y):
    return y * (1 - y)
"""),
    ("hidden_delta", "sum", ["sum"], """
def hidden_delta(delta, W, y):
    return np.sum(delta @ W.T * y * (1 - y), axis=0)
"""),
    ("hidden_delta", "measured", ["zero"], """
def hidden_delta(delta, W, y):
    return delta @ W.T * y * (1 - 1)
"""),
    ("hidden_delta", "product", ["@|element"], """
def hidden_delta(delta, W, y):
    return (delta * W.T) * y * (1 - y)
"""),
    ("hidden_delta", "operand", ["delta"], """
def hidden_delta(delta, W, y):
    return delta * y * (1 - y)
"""),
    ("hidden_delta", "factor", ["N|batch size"], """
def hidden_delta(delta, W, y):
    return (delta @ W.T) * y * (1 - y) / len(y)
"""),
    # -- exercise 6: backward_131(x, t, W1, b1, W2, b2) -----------------------------------------
    # (the third blind trial's W6.2: grad_b2 got the long hedge although the sign was named above)
    ("backward_131", "sign", ["wrong sign", "consistent with the mistake named above for grad_w1",
                              "!a hint to check"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = t - y
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "derivative", ["f′|missing"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = d2 @ W2.T
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "operand", ["x|input"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), x.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "order", ["order"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, y1.T @ d2, d1.sum(axis=0), d2.sum(axis=0)
"""),
    ("backward_131", "factor", ["twice"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = 2 * (y - t)
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "derivative", ["as if y were u|σ(y)"], """
def backward_131(x, t, W1, b1, W2, b2):
    u1 = x @ W1 + b1
    y1 = sigmoid(u1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * sigmoid(y1) * (1 - sigmoid(y1))
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "operand", ["u"], """
def backward_131(x, t, W1, b1, W2, b2):
    u1 = x @ W1 + b1
    y1 = sigmoid(u1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), u1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "shape", ["transpose|.T"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), d2 @ y1, d2.sum(axis=0)
"""),
    ("backward_131", "derivative", ["tanh|1 − y²"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * (1 - y1 ** 2)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "operand", ["W1|weights"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), W2 * d2, d2.sum(axis=0)
"""),
    ("backward_131", "loss vs gradient", ["error itself|the error"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = 0.5 * (y - t) ** 2
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "bias", ["zero"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, np.zeros_like(b1), y1.T @ d2, np.zeros_like(b2)
"""),
    ("backward_131", "forward", ["forward|b1|bias"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "forward", ["forward|sigmoid|output"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = sigmoid(y1 @ W2 + b2)
    d2 = y - t
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "operand", ["W1"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W1) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    # -- exercise 7a: sgd_update(W, grad_W, learning_rate) --------------------------------------
    ("sgd_update", "argument order", ["order"], """
def sgd_update(grad_W, W, learning_rate):
    return W - learning_rate * grad_W
"""),
    ("sgd_update", "eta", ["η|learning rate"], """
def sgd_update(W, grad_W, learning_rate):
    return W - learning_rate * learning_rate * grad_W
"""),
    ("sgd_update", "eta", ["divide|η"], """
def sgd_update(W, grad_W, learning_rate):
    return W - grad_W / learning_rate
"""),
    ("sgd_update", "not updated", ["unchanged|not updated|equals your argument W"], """
def sgd_update(W, grad_W, learning_rate):
    new_W = W.copy()
    new_W - learning_rate * grad_W
    return new_W
"""),
    ("sgd_update", "step only", ["step|−η"], """
def sgd_update(W, grad_W, learning_rate):
    return -learning_rate * grad_W
"""),
    ("sgd_update", "operand", ["W"], """
def sgd_update(W, grad_W, learning_rate):
    return W - learning_rate * W
"""),
    ("sgd_update", "eta", ["twice|η"], """
def sgd_update(W, grad_W, learning_rate):
    W_new = W - learning_rate * grad_W
    W_new = W_new - learning_rate * grad_W
    return W_new
"""),
    ("sgd_update", "sign", ["uphill|adds"], """
def sgd_update(W, grad_W, learning_rate):
    return W - (-learning_rate) * grad_W
"""),
    ("sgd_update", "operand", ["equals your argument grad_W|gradient"], """
def sgd_update(W, grad_W, learning_rate):
    return grad_W
"""),
    ("sgd_update", "product", ["@"], """
def sgd_update(W, grad_W, learning_rate):
    ones = np.ones((grad_W.shape[-1], grad_W.shape[-1]))
    return W - learning_rate * (grad_W @ ones)
"""),
    ("sgd_update", "sign", ["sign|−1 times"], """
def sgd_update(W, grad_W, learning_rate):
    return learning_rate * grad_W - W
"""),
    ("sgd_update", "eta", ["η|learning rate"], """
def sgd_update(W, grad_W, learning_rate):
    return W - 0.1 * grad_W
"""),
    ("sgd_update", "shape", ["transpose|.T"], """
def sgd_update(W, grad_W, learning_rate):
    return (W - learning_rate * grad_W).T
"""),
    ("sgd_update", "operand", ["W"], """
def sgd_update(W, grad_W, learning_rate):
    return (1 - learning_rate) * W - learning_rate * grad_W
"""),
    ("sgd_update", "measured", ["zero"], """
def sgd_update(W, grad_W, learning_rate):
    return np.zeros_like(W)
"""),
    # -- exercise 7b: online_epoch(params, x, t, learning_rate, rng) ----------------------------
    ("online_epoch", "not reassigned", ["never|unchanged|not updated"], """
def online_epoch(params, x, t, learning_rate, rng):
    params = [p.copy() for p in params]
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        for p, g in zip(params, grads):
            p = p - learning_rate * g
    return params
"""),
    ("online_epoch", "bias", ["b1|bias"], """
def online_epoch(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = params
    for n in rng.permutation(len(x)):
        gW1, gb1, gW2, gb2 = solutions.backward_131(x[n:n+1], t[n:n+1], W1, b1, W2, b2)
        W1 = W1 - learning_rate * gW1
        W2 = W2 - learning_rate * gW2
    return [W1, b1, W2, b2]
"""),
    ("online_epoch", "eta", ["η|learning rate"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "eta", ["twice|2η"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "eta", ["divide|η"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - g / learning_rate for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "update order", ["W2|before"], """
def online_epoch(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = params
    for n in rng.permutation(len(x)):
        xn, tn = x[n:n+1], t[n:n+1]
        y1 = sigmoid(xn @ W1 + b1)
        y = y1 @ W2 + b2
        d2 = y - tn
        W2 = W2 - learning_rate * (y1.T @ d2)
        b2 = b2 - learning_rate * d2.sum(axis=0)
        d1 = (d2 @ W2.T) * y1 * (1 - y1)
        W1 = W1 - learning_rate * (xn.T @ d1)
        b1 = b1 - learning_rate * d1.sum(axis=0)
    return [W1, b1, W2, b2]
"""),
    ("online_epoch", "off by one", ["one sample|last|fewer"], """
def online_epoch(params, x, t, learning_rate, rng):
    order = rng.permutation(len(x))
    for n in order[:-1]:
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "epochs", ["two epochs|twice|epoch"], """
def online_epoch(params, x, t, learning_rate, rng):
    for epoch in range(2):
        for n in rng.permutation(len(x)):
            grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
            params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "replacement", ["replacement"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.integers(0, len(x), size=len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "replacement", ["replacement"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.choice(len(x), size=len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "new permutation", ["permutation"], """
def online_epoch(params, x, t, learning_rate, rng):
    for k in range(len(x)):
        n = rng.permutation(len(x))[k]
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "old weights", ["start of the epoch|old"], """
def online_epoch(params, x, t, learning_rate, rng):
    new = [p.copy() for p in params]
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        new = [p - learning_rate * g for p, g in zip(new, grads)]
    return new
"""),
    ("online_epoch", "not updated", ["never|unchanged|not updated"], """
def online_epoch(params, x, t, learning_rate, rng):
    order = rng.permutation(len(x))
    for n in order:
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
    return [p.copy() for p in params]
"""),
    ("online_epoch", "shuffle", ["x and t|targets|two"], """
def online_epoch(params, x, t, learning_rate, rng):
    rng.shuffle(x)
    rng.shuffle(t)
    for n in range(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "only last", ["last|once|one update"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
    return [p - learning_rate * g for p, g in zip(params, grads)]
"""),
    ("online_epoch", "update order", ["W2|before"], """
def online_epoch(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = [p.copy() for p in params]
    for n in rng.permutation(len(x)):
        xn, tn = x[n:n+1], t[n:n+1]
        y1 = sigmoid(xn @ W1 + b1)
        d2 = y1 @ W2 + b2 - tn
        W2 -= learning_rate * y1.T @ d2
        b2 -= learning_rate * d2[0]
        d1 = d2 @ W2.T * y1 * (1 - y1)
        W1 -= learning_rate * xn.T @ d1
        b1 -= learning_rate * d1[0]
    return [W1, b1, W2, b2]
"""),
    ("online_epoch", "sign", ["uphill|adds"], """
def online_epoch(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = params
    for n in rng.permutation(len(x)):
        g = solutions.backward_131(x[n:n+1], t[n:n+1], W1, b1, W2, b2)
        W1, b1, W2, b2 = W1 + learning_rate * g[0], b1 + learning_rate * g[1], \\
            W2 + learning_rate * g[2], b2 + learning_rate * g[3]
    return [W1, b1, W2, b2]
"""),
    ("online_epoch", "eta", ["η|learning rate"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "bias", ["b2|bias"], """
def online_epoch(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = params
    for n in rng.permutation(len(x)):
        gW1, gb1, gW2, gb2 = solutions.backward_131(x[n:n+1], t[n:n+1], W1, b1, W2, b2)
        W1, b1, W2 = W1 - learning_rate * gW1, b1 - learning_rate * gb1, W2 - learning_rate * gW2
    return [W1, b1, W2, b2]
"""),
    ("online_epoch", "full batch", ["full batch|summed over all"], """
def online_epoch(params, x, t, learning_rate, rng):
    grads = solutions.backward_131(x, t, *params)
    rng.permutation(len(x))
    return [p - learning_rate * g for p, g in zip(params, grads)]
"""),
    # the third blind trial (blind3), whose reports were confusing or said nothing; added with the
    # fixes, so not blind any more (its W5.3 and W6.2 were here already: their words are stricter now)
    # W6.8: a sigmoid output layer, forward and backward ("a term missing ... such as a bias")
    ("backward_131", "derivative", ["sigmoid output layer", "!missing before", "!such as a bias"], """
def backward_131(x, t, W1, b1, W2, b2):
    u1 = x @ W1 + b1
    y1 = sigmoid(u1)
    y = sigmoid(y1 @ W2 + b2)
    d2 = (y - t) * y * (1 - y)
    d1 = (d2 @ W2.T) * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    # W2.4: −t/y for both pairs ("in 2 of 4 failing cases ... not the whole story", and ".;")
    ("output_delta", "derivative", ["−t/y for both pairs", "!not the whole story", "!.;"], """
def output_delta(y, t):
    return -t / y
"""),
    # W4.3: it raises where the layer is not square; grad_W and grad_b are right where computed
    ("dense_backward", "operand", ["w where wᵀ belongs", "grad_w: correct in the 1 case of 3",
                                   "grad_b: correct in the 1 case of 3"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.sum(axis=0), delta @ W
"""),
    # W2.7: the loss, not its gradient
    ("output_delta", "loss", ["single number, an error"], """
def output_delta(y, t):
    return 0.5 * np.sum((y - t) ** 2)
"""),
    # W4.10: integer accumulators
    ("dense_backward", "dtype", ["integers"], """
def dense_backward(x, W, delta):
    gW = np.zeros(W.shape, dtype=int)
    gb = np.zeros(W.shape[1], dtype=int)
    for n in range(x.shape[0]):
        gW = gW + np.outer(x[n], delta[n]).astype(int)
        gb = gb + delta[n].astype(int)
    return gW, gb, delta @ W.T
"""),
    # W6.3: σ′ written with u1 as if it were y1
    ("backward_131", "derivative", ["u1 (1 − u1)"], """
def backward_131(x, t, W1, b1, W2, b2):
    u1 = x @ W1 + b1
    y1 = sigmoid(u1)
    d2 = y1 @ W2 + b2 - t
    d1 = (d2 @ W2.T) * u1 * (1 - u1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    # W6.5: the output's y (1 − y) in δ1
    ("backward_131", "derivative", ["network's output y", "y1 (1 − y1)"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    y = y1 @ W2 + b2
    d2 = y - t
    d1 = (d2 @ W2.T) * y * (1 - y)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    # W7.5: the roles of W and its gradient swapped
    ("sgd_update", "operand", ["roles are swapped"], """
def sgd_update(W, grad_W, learning_rate):
    return grad_W - learning_rate * W
"""),
    # W7.6: a mean over the rows of W
    ("sgd_update", "factor", ["len(w)"], """
def sgd_update(W, grad_W, learning_rate):
    return W - learning_rate * grad_W / len(W)
"""),
    # W7.7: a method, not called
    ("sgd_update", "raised", ["w.copy is the method itself", "w.copy()"], """
def sgd_update(W, grad_W, learning_rate):
    new = W.copy
    return new - learning_rate * grad_W
"""),
]

RIGHT = [
    ("sigmoid_derivative", "algebra", """
def sigmoid_derivative(y):
    return y - y ** 2
"""),
    ("sigmoid_derivative", "loops", """
def sigmoid_derivative(y):
    out = np.zeros_like(y)
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            out[i, j] = y[i, j] * (1.0 - y[i, j])
    return out
"""),
    ("output_delta", "copy", """
def output_delta(y, t):
    delta = np.array(y, dtype=float)
    delta -= t
    return delta
"""),
    ("output_delta", "chain rule", """
def output_delta(y, t):
    if y.shape[1] == 1:
        return (y - t) * 1.0
    grad_y = -t / y
    return y * (grad_y - np.sum(grad_y * y, axis=1, keepdims=True))
"""),
    ("softmax_backward", "jacobian", """
def softmax_backward(y, grad_y):
    out = np.empty_like(y)
    for n in range(len(y)):
        J = np.diag(y[n]) - np.outer(y[n], y[n])
        out[n] = J @ grad_y[n]
    return out
"""),
    ("softmax_backward", "einsum", """
def softmax_backward(y, grad_y):
    s = np.einsum("nk,nk->n", grad_y, y)[:, None]
    return y * grad_y - y * s
"""),
    ("softmax_backward", "column vectors", """
def softmax_backward(y, grad_y):
    rows = []
    for yn, gn in zip(y, grad_y):
        yc, gc = yn[:, None], gn[:, None]
        J = np.diagflat(yc) - yc @ yc.T
        rows.append((J.T @ gc).ravel())
    return np.array(rows)
"""),
    ("dense_backward", "einsum", """
def dense_backward(x, W, delta):
    return np.einsum("ni,nj->ij", x, delta), np.einsum("nj->j", delta), np.einsum("nj,ij->ni", delta, W)
"""),
    ("dense_backward", "loops", """
def dense_backward(x, W, delta):
    grad_W = np.zeros(W.shape)
    grad_b = np.zeros(W.shape[1])
    for n in range(len(x)):
        grad_W += np.outer(x[n], delta[n])
        grad_b += delta[n]
    grad_x = np.dot(delta, W.transpose())
    return grad_W, grad_b, grad_x
"""),
    ("dense_backward", "transposes", """
def dense_backward(x, W, delta):
    return (delta.T @ x).T, np.ones(len(x)) @ delta, (W @ delta.T).T
"""),
    ("hidden_delta", "column vectors", """
def hidden_delta(delta, W, y):
    cols = (W @ delta.T) * (y * (1 - y)).T
    return cols.T
"""),
    ("hidden_delta", "einsum", """
def hidden_delta(delta, W, y):
    return np.einsum("nk,jk->nj", delta, W) * y * (1 - y)
"""),
    ("backward_131", "loops", """
def backward_131(x, t, W1, b1, W2, b2):
    u1 = x @ W1 + b1
    y1 = 1 / (1 + np.exp(-u1))
    y = y1 @ W2 + b2
    d2 = y - t
    gW2 = np.zeros_like(W2)
    for j in range(3):
        gW2[j, 0] = y1[0, j] * d2[0, 0]
    d1 = np.array([[d2[0, 0] * W2[j, 0] * y1[0, j] * (1 - y1[0, j]) for j in range(3)]])
    return x.T @ d1, d1[0], gW2, d2[0]
"""),
    ("sgd_update", "in place on a copy", """
def sgd_update(W, grad_W, learning_rate):
    new = W.copy()
    new -= learning_rate * grad_W
    return new
"""),
    ("sgd_update", "float", """
def sgd_update(W, grad_W, learning_rate):
    return np.subtract(W, np.multiply(float(learning_rate), grad_W))
"""),
    ("online_epoch", "unpacked", """
def online_epoch(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = (p.copy() for p in params)
    order = rng.permutation(len(x))
    for xn, tn in zip(x[order], t[order]):
        xn, tn = xn.reshape(1, 1), tn.reshape(1, 1)
        y1 = 1 / (1 + np.exp(-(xn @ W1 + b1)))
        d2 = (y1 @ W2 + b2) - tn
        d1 = (d2 @ W2.T) * y1 * (1 - y1)
        W2 = W2 - learning_rate * y1.T @ d2
        b2 = b2 - learning_rate * d2.sum(axis=0)
        W1 = W1 - learning_rate * xn.T @ d1
        b1 = b1 - learning_rate * d1.sum(axis=0)
    return [W1, b1, W2, b2]
"""),
]

# Written after the engine was tuned on WRONG, and measured once before any change to the engine:
# a second, smaller check of how far the engine generalises (its first-run numbers are in the
# commit message that added it).
HELD_OUT = [
    # the blind trial of issue 24 (s1w9, e7w15, h5w8; h5w9 is in WRONG)
    ("hidden_delta", "transpose", ["transpose"], """
def hidden_delta(delta, W, y):
    return (W @ delta.T) * y.T * (1 - y.T)
"""),
    ("sigmoid_derivative", "measured", ["close to 0 or 1|saturated"], """
def sigmoid_derivative(y):
    yc = np.clip(y, 0.01, 0.99)
    return yc * (1 - yc)
"""),
    ("online_epoch", "rng", ["more than one epoch needs"], """
def online_epoch(params, x, t, learning_rate, rng):
    order = rng.permutation(len(x))
    for n in order:
        g = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [solutions.sgd_update(p, gg, learning_rate) for p, gg in zip(params, g)]
    check = rng.permutation(len(x))
    return params
"""),
    ("sigmoid_derivative", "derivative", ["at u|y were u"], """
def sigmoid_derivative(y):
    return 1 / (1 + np.exp(-y)) * (1 - 1 / (1 + np.exp(-y)))
"""),
    ("sigmoid_derivative", "product", ["@|transpose"], """
def sigmoid_derivative(y):
    return (1 - y).T * y.T
"""),
    ("sigmoid_derivative", "factor", ["sign|−1 times"], """
def sigmoid_derivative(y):
    return (y - 1) * y
"""),
    ("sigmoid_derivative", "operand", ["1 - y|(1 - y)"], """
def sigmoid_derivative(y):
    return (1 - y) * (1 - y)
"""),
    ("output_delta", "sum", ["axis=1|each row"], """
def output_delta(y, t):
    return (y - t).sum(axis=1, keepdims=True)
"""),
    ("output_delta", "argument order", ["order"], """
def output_delta(target, output):
    return output - target
"""),
    ("output_delta", "operand", ["y * (y - t)|y - t"], """
def output_delta(y, t):
    return y * (y - t)
"""),
    ("output_delta", "first sample", ["first sample|[0]"], """
def output_delta(y, t):
    return (y - t)[0]
"""),
    ("softmax_backward", "sum", ["axis=0|over the batch|samples"], """
def softmax_backward(y, grad_y):
    return y * (grad_y - (grad_y * y).sum(axis=0))
"""),
    ("softmax_backward", "factor", ["half"], """
def softmax_backward(y, grad_y):
    return 0.5 * y * (grad_y - (grad_y * y).sum(axis=1, keepdims=True))
"""),
    ("softmax_backward", "transpose", ["transpose|.T"], """
def softmax_backward(y, grad_y):
    s = (grad_y * y).sum(axis=1, keepdims=True)
    return (y * (grad_y - s)).T
"""),
    ("softmax_backward", "derivative", ["element-wise|y (1 − y)"], """
def softmax_backward(y, grad_y):
    return grad_y * (y - y ** 2)
"""),
    ("dense_backward", "operand", ["transpose|swapped|W.T"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.sum(axis=0), (W @ delta.T)
"""),
    ("dense_backward", "sum", ["first|[0]|sample"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta[0, :], delta @ W.T
"""),
    ("dense_backward", "factor", ["batch size|N"], """
def dense_backward(x, W, delta):
    return x.T @ delta, delta.sum(axis=0), delta @ W.T / len(x)
"""),
    ("hidden_delta", "operand", ["W"], """
def hidden_delta(delta, W, y):
    return (delta @ W.T) * W.sum(axis=1) * y * (1 - y)
"""),
    ("hidden_delta", "derivative", ["f′|missing|delta @ W.T"], """
def hidden_delta(delta, W, y):
    grad_y = delta @ W.T
    return grad_y
"""),
    ("hidden_delta", "transpose", ["transpose|.T"], """
def hidden_delta(delta, W, y):
    return ((delta @ W.T) * y * (1 - y)).T
"""),
    ("hidden_delta", "sign", ["sign|−1 times"], """
def hidden_delta(delta, W, y):
    return (delta @ W.T) * (y - 1) * y
"""),
    ("backward_131", "order", ["order"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    d2 = y1 @ W2 + b2 - t
    d1 = d2 @ W2.T * y1 * (1 - y1)
    return y1.T @ d2, d2.sum(axis=0), x.T @ d1, d1.sum(axis=0)
"""),
    ("backward_131", "factor", ["half"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    d2 = 0.5 * (y1 @ W2 + b2 - t)
    d1 = d2 @ W2.T * y1 * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "derivative", ["f′|missing"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    d2 = y1 @ W2 + b2 - t
    d1 = d2 @ W2.T * (1 - y1)
    return x.T @ d1, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("backward_131", "operand", ["delta2|delta1"], """
def backward_131(x, t, W1, b1, W2, b2):
    y1 = sigmoid(x @ W1 + b1)
    d2 = y1 @ W2 + b2 - t
    d1 = d2 @ W2.T * y1 * (1 - y1)
    return x.T @ d2, d1.sum(axis=0), y1.T @ d2, d2.sum(axis=0)
"""),
    ("sgd_update", "sign", ["uphill|adds"], """
def sgd_update(W, grad_W, learning_rate):
    return W + learning_rate * -(-grad_W)
"""),
    ("sgd_update", "eta", ["learning rate|η"], """
def sgd_update(W, grad_W, learning_rate):
    return W - (1 - learning_rate) * grad_W
"""),
    ("sgd_update", "operand", ["equals your argument|unchanged"], """
def sgd_update(W, grad_W, learning_rate):
    W_new = W
    W_new - learning_rate * grad_W
    return W_new.copy()
"""),
    ("online_epoch", "shuffle", ["original order|shuffle"], """
def online_epoch(params, x, t, learning_rate, rng):
    order = np.arange(len(x))
    rng.shuffle(np.arange(3))
    for n in order:
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "eta", ["η|learning rate"], """
def online_epoch(params, x, t, learning_rate, rng):
    for n in rng.permutation(len(x)):
        grads = solutions.backward_131(x[n:n+1], t[n:n+1], *params)
        params = [p - 0.1 * g for p, g in zip(params, grads)]
    return params
"""),
    ("online_epoch", "bias", ["b1|bias"], """
def online_epoch(params, x, t, learning_rate, rng):
    W1, b1, W2, b2 = params
    for n in rng.permutation(len(x)):
        g = solutions.backward_131(x[n:n+1], t[n:n+1], W1, b1, W2, b2)
        W1, W2, b2 = W1 - learning_rate * g[0], W2 - learning_rate * g[2], b2 - learning_rate * g[3]
    return [W1, b1, W2, b2]
"""),
]

"""A faithful re-implementation of the textbook's code, for comparison only.

Two layer classes with ``np.dot`` on ``(1, n)`` rows, exactly as the textbook
writes them, except that randomness comes from an explicit
``numpy.random.Generator`` (same draw order: weights, then biases, then one
shuffle per epoch). Used by ``benchmarks/bench_training.py`` and by the test
that bpteach's updates equal the textbook's.
"""

import numpy as np


class MiddleLayer:
    def __init__(self, n_upper, n, rng, wb_width=0.01):
        self.w = wb_width * rng.standard_normal((n_upper, n))
        self.b = wb_width * rng.standard_normal(n)

    def forward(self, x):
        self.x = x
        u = np.dot(x, self.w) + self.b
        self.y = 1 / (1 + np.exp(-u))

    def backward(self, grad_y):
        delta = grad_y * (1 - self.y) * self.y
        self.grad_w = np.dot(self.x.T, delta)
        self.grad_b = np.sum(delta, axis=0)
        self.grad_x = np.dot(delta, self.w.T)

    def update(self, eta):
        self.w -= eta * self.grad_w
        self.b -= eta * self.grad_b


class OutputLayer(MiddleLayer):
    def __init__(self, n_upper, n, rng, activation, wb_width=0.01):
        super().__init__(n_upper, n, rng, wb_width)
        self.activation = activation

    def forward(self, x):
        self.x = x
        u = np.dot(x, self.w) + self.b
        if self.activation == "identity":
            self.y = u
        else:
            self.y = np.exp(u) / np.sum(np.exp(u), axis=1, keepdims=True)

    def backward(self, t):
        delta = self.y - t
        self.grad_w = np.dot(self.x.T, delta)
        self.grad_b = np.sum(delta, axis=0)
        self.grad_x = np.dot(delta, self.w.T)


def train_textbook(x, t, n_mid, activation, epochs, rng, eta=0.1, record_error=True):
    """Train the textbook's 3-layer network online; return (layers, per-epoch mean errors)."""
    n_data, n_in = x.shape
    n_out = t.shape[1]
    middle = MiddleLayer(n_in, n_mid, rng)
    output = OutputLayer(n_mid, n_out, rng, activation)
    errors = []
    for _ in range(epochs):
        index_random = np.arange(n_data)
        rng.shuffle(index_random)
        total_error = 0.0
        for idx in index_random:
            xi = x[idx : idx + 1]
            ti = t[idx : idx + 1]
            middle.forward(xi)
            output.forward(middle.y)
            output.backward(ti)
            middle.backward(output.grad_x)
            middle.update(eta)
            output.update(eta)
            if record_error:
                y = output.y
                if activation == "identity":
                    total_error += 1.0 / 2.0 * np.sum(np.square(y - ti))
                else:
                    total_error += -np.sum(ti * np.log(y + 1e-7))
        errors.append(total_error / n_data)
    return (middle, output), np.array(errors)

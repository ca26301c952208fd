"""Benchmark: per-sample SGD in bpteach against the textbook's NumPy code and plain Python.

Run it from the repository root (after ``make test`` has created ``.venv``)::

    .venv/bin/python benchmarks/bench_training.py

What is timed: whole epochs of online training (batch size 1) on the two textbook
tasks. One SGD step is the forward pass, the sample's error, the backward pass and
the update; all three implementations do exactly that work, with the same data,
the same initial weights and the same per-epoch shuffles. The implementations run
interleaved in one process (A B C A B C ...) and the medians are reported, so
that a noisy machine affects all of them alike; compare the ratios, not the
absolute figures.

The second table shows how the cost per sample grows with the hidden layer's
size and the batch size on the classification task.
"""

import argparse
import math
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from textbook import train_textbook  # noqa: E402

import bpteach  # noqa: E402
from bpteach import CrossEntropy, Dense, Identity, Network, Sigmoid, Softmax, SumOfSquares  # noqa: E402

# --------------------------------------------------------------------------------------
# The same step with plain Python floats (lists of lists, math.exp), written like the
# textbook's layers. Used only as a yardstick.
# --------------------------------------------------------------------------------------


def _python_train(x, t, n_mid, activation, epochs, rng, eta=0.1, wb_width=0.01):
    n_in, n_out = len(x[0]), len(t[0])
    w1 = (wb_width * rng.standard_normal((n_in, n_mid))).tolist()
    b1 = (wb_width * rng.standard_normal(n_mid)).tolist()
    w2 = (wb_width * rng.standard_normal((n_mid, n_out))).tolist()
    b2 = (wb_width * rng.standard_normal(n_out)).tolist()
    mids, outs, ins = range(n_mid), range(n_out), range(n_in)
    softmax = activation == "softmax"
    errors = []
    for _ in range(epochs):
        order = np.arange(len(x))
        rng.shuffle(order)
        total = 0.0
        for idx in order.tolist():
            xi, ti = x[idx], t[idx]
            # forward
            h = [1.0 / (1.0 + math.exp(-(sum(xi[i] * w1[i][j] for i in ins) + b1[j]))) for j in mids]
            u = [sum(h[j] * w2[j][k] for j in mids) + b2[k] for k in outs]
            if softmax:
                m = max(u)
                e = [math.exp(v - m) for v in u]
                s = sum(e)
                y = [v / s for v in e]
                total -= sum(ti[k] * math.log(y[k]) for k in outs if ti[k])
            else:
                y = u
                total += 0.5 * sum((y[k] - ti[k]) ** 2 for k in outs)
            # backward: delta = y - t at the output, then through the sigmoid
            d2 = [y[k] - ti[k] for k in outs]
            d1 = [sum(d2[k] * w2[j][k] for k in outs) * h[j] * (1.0 - h[j]) for j in mids]
            # update
            for j in mids:
                row = w2[j]
                for k in outs:
                    row[k] -= eta * h[j] * d2[k]
            for k in outs:
                b2[k] -= eta * d2[k]
            for i in ins:
                row = w1[i]
                for j in mids:
                    row[j] -= eta * xi[i] * d1[j]
            for j in mids:
                b1[j] -= eta * d1[j]
        errors.append(total / len(x))
    return errors


TASKS = {
    "regression 1-3-1": (bpteach.datasets.sin_curve, 3, "identity"),
    "classification 2-6-2": (bpteach.datasets.sin_boundary, 6, "softmax"),
}


def _bpteach_network(n_in, n_mid, n_out, activation, rng):
    if activation == "identity":
        return Network([Dense(n_in, n_mid, Sigmoid(), rng=rng), Dense(n_mid, n_out, Identity(), rng=rng)],
                       loss=SumOfSquares())
    return Network([Dense(n_in, n_mid, Sigmoid(), rng=rng), Dense(n_mid, n_out, Softmax(), rng=rng)],
                   loss=CrossEntropy())


def _time(run, *args, **kwargs):
    start = time.perf_counter()
    run(*args, **kwargs)
    return time.perf_counter() - start


def run_bpteach(x, t, n_mid, activation, epochs, batch_size=1):
    rng = np.random.default_rng(0)
    net = _bpteach_network(x.shape[1], n_mid, t.shape[1], activation, rng)
    bpteach.train(net, x, t, epochs=epochs, learning_rate=0.1 / batch_size, batch_size=batch_size,
                  rng=rng, log=None)


def run_textbook(x, t, n_mid, activation, epochs):
    train_textbook(x, t, n_mid, activation, epochs, np.random.default_rng(0))


def run_python(x, t, n_mid, activation, epochs):
    _python_train(x.tolist(), t.tolist(), n_mid, activation, epochs, np.random.default_rng(0))


def compare(epochs, repeats):
    """Print µs per SGD step for the three implementations and their ratios."""
    print(f"Per-sample SGD (batch size 1), {epochs} epochs per run, median of {repeats} interleaved runs")
    print(f"{'task':<22}{'bpteach':>10}{'textbook':>10}{'python':>10}"
          f"{'bpteach/textbook':>18}{'bpteach/python':>16}")
    for name, (dataset, n_mid, activation) in TASKS.items():
        x, t = dataset()
        steps = epochs * len(x)
        runs = {"bpteach": run_bpteach, "textbook": run_textbook, "python": run_python}
        times = {key: [] for key in runs}
        for _ in range(repeats):
            for key, run in runs.items():
                times[key].append(_time(run, x, t, n_mid, activation, epochs))
        us = {key: statistics.median(values) / steps * 1e6 for key, values in times.items()}
        print(f"{name:<22}{us['bpteach']:>8.1f}µs{us['textbook']:>8.1f}µs{us['python']:>8.1f}µs"
              f"{us['bpteach'] / us['textbook']:>17.2f}×{us['bpteach'] / us['python']:>15.2f}×")


def scaling(epochs, repeats):
    """Print µs per sample for hidden sizes x batch sizes on the classification task."""
    x, t = bpteach.datasets.sin_boundary()
    hidden_sizes, batch_sizes = (3, 6, 30, 300), (1, 16, 441)  # 6: the textbook network
    print(f"\nClassification task: µs per sample (one epoch = {len(x)} samples), "
          f"median of {repeats} interleaved runs of {epochs} epochs")
    print(f"{'hidden':>8}" + "".join(f"{'batch ' + str(b):>12}" for b in batch_sizes)
          + f"{'online/full':>14}")
    for n_mid in hidden_sizes:
        times = {b: [] for b in batch_sizes}
        for _ in range(repeats):
            for b in batch_sizes:
                times[b].append(_time(run_bpteach, x, t, n_mid, "softmax", epochs, batch_size=b))
        us = {b: statistics.median(v) / (epochs * len(x)) * 1e6 for b, v in times.items()}
        print(f"{n_mid:>8}" + "".join(f"{us[b]:>10.2f}µs" for b in batch_sizes)
              + f"{us[1] / us[batch_sizes[-1]]:>13.0f}×")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20, help="epochs per timed run (default 20)")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved runs per implementation")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}, "
          f"{platform.processor() or 'unknown CPU'}")
    compare(args.epochs, args.repeats)
    scaling(args.epochs, args.repeats)


if __name__ == "__main__":
    main()

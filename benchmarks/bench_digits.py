"""Benchmark: mini-batch SGD on the handwritten digits, bpteach against the libraries.

Run it from the repository root (after ``make test`` or ``make docs`` has created
``.venv``)::

    .venv/bin/python benchmarks/bench_digits.py

PyTorch is timed when it can be imported and skipped with a message when not;
it is not a dependency of bpteach or of its tests. To include it, run the same
file with a Python that has ``torch``, ``numpy`` and ``scikit-learn`` installed
(bpteach is imported from this checkout).

What is timed: whole epochs of training on 1437 digits (the training and
validation parts of the gallery's split; the other 360 are the test digits),
for a 64-64-10 and a 64-256-10 network with a sigmoid hidden layer, softmax
outputs and the cross-entropy error, batches of 32 in a fresh random order
each epoch, plain SGD (no momentum, no weight decay), float64 unless stated:

- **bpteach**: ``bpteach.train``;
- **NumPy loop**: the same algorithm as a bare loop of NumPy calls written in
  this file, with no classes and no checks, the floor that NumPy code reaches;
- **scikit-learn**: ``MLPClassifier(solver="sgd", momentum=0, alpha=0, ...)``,
  one ``partial_fit`` per epoch (one pass over the shuffled data);
- **PyTorch** float64 and float32: ``nn.Sequential``, ``CrossEntropyLoss``,
  ``optim.SGD``, on the CPU.

Every implementation computes the error of every batch, as it trains.

The same step size. bpteach sums the error, and so the gradient, over a batch
(see ``bpteach.training``); scikit-learn and PyTorch average it. A step of
``eta_mean`` times the mean gradient is a step of ``eta_mean / 32`` times the
summed gradient, so bpteach and the NumPy loop get ``learning_rate = eta_mean / 32``.
(The last, smaller batch of an epoch, 29 digits, then takes a step 29/32 as
long in bpteach as in the libraries.) The initial weights differ (each
library has its own scheme), so the test accuracies agree only roughly.

One thread: the thread-count variables are set below before NumPy is imported
(and PyTorch is told ``torch.set_num_threads(1)``), and threadpoolctl reports
what the BLAS library then uses. The implementations run interleaved (A B C D
A B C D ...), each run on fresh initial weights, and the medians over the runs
are reported: on a noisy machine compare the ratios, not the absolute times.
"ms/epoch" is the process's CPU time, which other programs on a shared machine
disturb less than the wall-clock time (also printed); with one thread the two
agree on an idle machine.
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"  # before NumPy (and PyTorch) are imported

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import threadpoolctl  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bpteach  # noqa: E402
from bpteach import CrossEntropy, Dense, Network, Sigmoid, Softmax  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

BATCH_SIZE = 32
ETA_MEAN = 0.5  # step size per *mean* gradient of a batch


def digits_data():
    """The gallery's scaling and split: 1437 training digits (x, t, labels) and 360 test digits."""
    digits = load_digits()
    x = digits.images.reshape(len(digits.images), 64) / 8.0 - 1.0
    order = np.random.default_rng(2024).permutation(len(x))
    train, test = order[:1437], order[1437:]
    labels = digits.target
    return (x[train], bpteach.datasets.one_hot(labels[train], 10), labels[train],
            x[test], labels[test])


# --------------------------------------------------------------------------------------
# The implementations. Each takes the data, the hidden size, the number of epochs and a
# seed, trains a fresh network and returns a function that predicts class labels.
# --------------------------------------------------------------------------------------


def run_bpteach(data, n_hidden, epochs, seed):
    x, t, _, _, _ = data
    rng = np.random.default_rng(seed)
    net = Network([Dense(64, n_hidden, Sigmoid(), rng=rng, wb_width=0.1),
                   Dense(n_hidden, 10, Softmax(), rng=rng, wb_width=0.1)], loss=CrossEntropy())
    bpteach.train(net, x, t, epochs=epochs, learning_rate=ETA_MEAN / BATCH_SIZE,
                  batch_size=BATCH_SIZE, rng=rng, log=None)
    return lambda x_test: net.predict(x_test).argmax(axis=1)


def run_numpy_loop(data, n_hidden, epochs, seed):
    """The same network and algorithm as bpteach, as one loop of NumPy calls."""
    x, t, _, _, _ = data
    rng = np.random.default_rng(seed)
    w1 = 0.1 * rng.standard_normal((64, n_hidden))
    b1 = 0.1 * rng.standard_normal(n_hidden)
    w2 = 0.1 * rng.standard_normal((n_hidden, 10))
    b2 = 0.1 * rng.standard_normal(10)
    eta = ETA_MEAN / BATCH_SIZE
    n = len(x)
    for _ in range(epochs):
        order = rng.permutation(n)
        x_epoch, t_epoch = x[order], t[order]
        total = 0.0
        for start in range(0, n, BATCH_SIZE):
            xb, tb = x_epoch[start:start + BATCH_SIZE], t_epoch[start:start + BATCH_SIZE]
            h = 1.0 / (1.0 + np.exp(-(xb @ w1 + b1)))
            u = h @ w2 + b2
            e = np.exp(u - u.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
            total -= np.sum(tb * np.log(y))
            d2 = y - tb
            d1 = (d2 @ w2.T) * h * (1.0 - h)
            w2 -= eta * (h.T @ d2)
            b2 -= eta * d2.sum(axis=0)
            w1 -= eta * (xb.T @ d1)
            b1 -= eta * d1.sum(axis=0)

    def predict(x_test):
        return (1.0 / (1.0 + np.exp(-(x_test @ w1 + b1))) @ w2 + b2).argmax(axis=1)

    return predict


def run_sklearn(data, n_hidden, epochs, seed):
    x, _, labels, _, _ = data
    model = MLPClassifier(hidden_layer_sizes=(n_hidden,), activation="logistic", solver="sgd",
                          learning_rate="constant", learning_rate_init=ETA_MEAN, momentum=0.0,
                          nesterovs_momentum=False, alpha=0.0, batch_size=BATCH_SIZE, shuffle=True,
                          random_state=seed)
    classes = np.arange(10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(epochs):
            model.partial_fit(x, labels, classes=classes)  # one epoch
    return model.predict


def _torch_runner(dtype):
    def run_torch(data, n_hidden, epochs, seed):
        x, _, labels, _, _ = data
        generator = torch.Generator().manual_seed(seed)
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(64, n_hidden), torch.nn.Sigmoid(),
                                    torch.nn.Linear(n_hidden, 10)).to(dtype)
        loss_fn = torch.nn.CrossEntropyLoss()  # log-softmax and cross-entropy, batch mean
        optimizer = torch.optim.SGD(model.parameters(), lr=ETA_MEAN, momentum=0.0, weight_decay=0.0)
        xs, ys = torch.as_tensor(x, dtype=dtype), torch.as_tensor(labels)
        n = len(xs)
        for _ in range(epochs):
            order = torch.randperm(n, generator=generator)
            x_epoch, y_epoch = xs[order], ys[order]
            for start in range(0, n, BATCH_SIZE):
                optimizer.zero_grad()
                loss = loss_fn(model(x_epoch[start:start + BATCH_SIZE]), y_epoch[start:start + BATCH_SIZE])
                loss.backward()
                optimizer.step()

        def predict(x_test):
            with torch.no_grad():
                return model(torch.as_tensor(x_test, dtype=dtype)).argmax(dim=1).numpy()

        return predict

    return run_torch


def implementations():
    runs = {"bpteach": run_bpteach, "NumPy loop": run_numpy_loop, "scikit-learn": run_sklearn}
    if torch is not None:
        torch.set_num_threads(1)
        runs["PyTorch float64"] = _torch_runner(torch.float64)
        runs["PyTorch float32"] = _torch_runner(torch.float32)
    return runs


def describe_machine():
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, "
          f"scikit-learn {__import__('sklearn').__version__}, "
          + (f"PyTorch {torch.__version__}" if torch is not None else "PyTorch not installed"))
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"{platform.machine()}, {cpu}, {os.cpu_count()} logical cores")
    for pool in threadpoolctl.threadpool_info():
        if pool["user_api"] == "blas":
            print(f"BLAS: {pool['internal_api']} {pool.get('version')}, kernel {pool.get('architecture')}, "
                  f"{pool['num_threads']} thread(s) ({Path(pool['filepath']).name})")
    if torch is None:
        print("PyTorch is not importable here: its rows are skipped (see the module docstring).")
    else:
        print(f"PyTorch threads: {torch.get_num_threads()}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10, help="epochs per timed run (default 10)")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved runs per implementation")
    parser.add_argument("--hidden", type=int, nargs="+", default=[64, 256], help="hidden sizes")
    args = parser.parse_args(argv)
    describe_machine()
    data = digits_data()
    runs = implementations()
    print(f"\n{len(data[0])} training digits, batch size {BATCH_SIZE} (the last batch "
          f"{len(data[0]) % BATCH_SIZE or BATCH_SIZE}), step {ETA_MEAN} per mean gradient, "
          f"{args.epochs} epochs per run, median of {args.repeats} interleaved runs")
    for n_hidden in args.hidden:
        cpu, wall = {name: [] for name in runs}, {name: [] for name in runs}
        accuracies = {name: [] for name in runs}
        for repeat in range(args.repeats):
            for name, run in runs.items():
                start_cpu, start_wall = time.process_time(), time.perf_counter()
                predict = run(data, n_hidden, args.epochs, seed=repeat)
                cpu[name].append((time.process_time() - start_cpu) / args.epochs)
                wall[name].append((time.perf_counter() - start_wall) / args.epochs)
                accuracies[name].append(np.mean(predict(data[3]) == data[4]))
        ms = {name: statistics.median(values) * 1e3 for name, values in cpu.items()}
        print(f"\n64-{n_hidden}-10{'':9}{'ms/epoch':>10}{'÷ bpteach':>11}{'wall ms':>9}"
              f"{'test accuracy':>15}")
        for name in runs:
            print(f"{name:<20}{ms[name]:>10.2f}{ms[name] / ms['bpteach']:>10.2f}×"
                  f"{statistics.median(wall[name]) * 1e3:>9.2f}{statistics.median(accuracies[name]):>15.4f}")
        print(f"bpteach / NumPy loop: {ms['bpteach'] / ms['NumPy loop']:.2f}×  (target ≤ 1.1)")
        for name in runs:
            if name not in ("bpteach", "NumPy loop"):
                print(f"bpteach / {name}: {ms['bpteach'] / ms[name]:.2f}×  (target ≤ 0.5)")


if __name__ == "__main__":
    main()

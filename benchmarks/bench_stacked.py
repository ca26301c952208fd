"""Benchmark: K copies trained at once (bpteach.train_stacked), against one-at-a-time train and a C loop.

Run it from the repository root (after ``make check`` or ``make test`` has created ``.venv``)::

    .venv/bin/python benchmarks/bench_stacked.py

What is timed: the two textbook tasks, the regression (1-3-1, 63 samples) and
the classification (2-6-2, 441 samples), both trained by online SGD, whole
runs of a number of epochs, building the networks included. One network-step
is one SGD step (forward pass, error, backward pass, update) of one network,
so a stacked run of K copies for E epochs of N samples performs K * E * N
network-steps. The one-at-a-time baseline is ``bpteach.train`` on one
network; training K of them one after another costs K times as much.

The reference is a plain C loop, ``benchmarks/stacked_reference.c``, that
trains the same K copies by the same online SGD: the same initial weights and
the same sample orders (drawn here by NumPy from the copies' seeds, as
``train`` draws them), the same formulas in the same order. It is compiled on
the fly with the C compiler the environment names (``$CC``, else ``cc``, ``gcc``
or ``clang``) with ``-O2``, into a temporary folder; without a compiler that
works, its row is skipped with a message. Before timing, the script checks
that the C loop's final weights agree with ``train_stacked``'s to rounding
(it prints the largest difference; the two differ only in the order of the
terms of a dot product and in the C library's tanh, exp and log) and that
copy k of a stacked run equals the single run of seed k bit for bit (see
``tests/package/test_stacked.py``). The C loop's time is that of its training
loop alone, as it measures it itself (reading its input is left out).

Stacked runs with K = 1, 10, 100 and 1000 copies, the baseline and the C loop
run interleaved in one process, and the medians are reported, so that a
noisy machine affects them alike: compare the ratios, not the absolute
figures. Both the wall-clock time and the CPU time are shown (of the Python
thread, and of the C process); on a machine shared with other work, the CPU
time is the steadier of the two. For the steadiest figures, pin the run to
one core, e.g. ``taskset -c 0 .venv/bin/python benchmarks/bench_stacked.py``.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import bpteach  # noqa: E402
from bpteach import (  # noqa: E402
    CrossEntropy,
    Dense,
    Identity,
    Network,
    Sigmoid,
    Softmax,
    SumOfSquares,
)
from bpteach.stacked import train_stacked  # noqa: E402

C_SOURCE = HERE / "stacked_reference.c"
LEARNING_RATE = 0.1
# The C loop's final weights must agree with train_stacked's to this (absolute) difference.
AGREEMENT = 1e-10


def build_regression(rng):
    """The textbook's 1-3-1 regression network."""
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)], loss=SumOfSquares())


def build_classification(rng):
    """The textbook's 2-6-2 classification network."""
    return Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)], loss=CrossEntropy())


# name: (build, data, default epochs per timed run)
PROBLEMS = {
    "regression": (build_regression, bpteach.datasets.sin_curve, 100),
    "classification": (build_classification, bpteach.datasets.sin_boundary, 20),
}


def run_single(build, x, t, epochs, seed=0):
    rng = np.random.default_rng(seed)
    network = build(rng)
    return network, bpteach.train(network, x, t, epochs=epochs, learning_rate=LEARNING_RATE, rng=rng,
                                  log=None)


def run_stacked(build, x, t, epochs, n_copies):
    return train_stacked(build, x, t, seeds=range(n_copies), epochs=epochs, learning_rate=LEARNING_RATE,
                         log=None)


def _time(run, *args):
    """Return the wall-clock and the CPU time of one call (the CPU time of this thread
    hardly depends on what else the machine is running)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    run(*args)
    return np.array([time.perf_counter() - wall, time.thread_time() - cpu])


def check_exact(build, x, t, epochs):
    """Stop with a message unless copy k of a stacked run equals the single run of seed k."""
    runs = run_stacked(build, x, t, epochs, 3)
    for k in range(3):
        network, history = run_single(build, x, t, epochs, seed=k)
        same = np.array_equal(runs.errors[k], history.errors) and np.array_equal(runs.theta[k], network.theta)
        if not same:
            sys.exit(f"copy {k} differs from the single run of seed {k}: not timing")


class CReference:
    """The C loop of ``stacked_reference.c``, compiled into a temporary folder, with its input."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.executable = self.folder / "stacked_reference"
        self.skipped = None  # the reason, if the C loop cannot run here
        compilers = [os.environ["CC"]] if os.environ.get("CC") else ["cc", "gcc", "clang"]
        compiler = next((shutil.which(name) for name in compilers if shutil.which(name)), None)
        if compiler is None:
            self.skipped = f"no C compiler found (tried {', '.join(compilers)})"
            return
        command = [compiler, "-O2", "-o", str(self.executable), str(C_SOURCE), "-lm"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            self.skipped = f"{' '.join(command)} failed: {done.stderr.strip()[:500]}"
            return
        self.command_line = f"{Path(compiler).name} -O2"

    def prepare(self, build, x, t, n_copies, epochs):
        """Write the input of K copies: the data, each copy's initial parameters and sample orders.

        Copy k's generator, ``default_rng(k)``, draws its initial weights in ``build`` and then
        one permutation per epoch, as ``train`` (and so ``train_stacked``) draws them.
        """
        network = build(np.random.default_rng(0))
        widths = [network.n_in] + [layer.n_out for layer in network.layers]
        if len(widths) != 3 or not isinstance(network.layers[0].activation, Sigmoid):
            raise ValueError("the C loop trains two-layer networks with a sigmoid hidden layer")
        n = len(x)
        theta = np.empty((n_copies, network.theta.size))
        orders = np.empty((n_copies, epochs, n), dtype=np.int32)
        for k in range(n_copies):
            rng = np.random.default_rng(k)
            theta[k] = build(rng).theta
            for epoch in range(epochs):
                orders[k, epoch] = rng.permutation(n)
        for name, array in (("x", x), ("t", t), ("theta", theta), ("orders", orders)):
            np.ascontiguousarray(array).tofile(self.folder / name)
        softmax = isinstance(network.layers[-1].activation, Softmax)
        self.arguments = [str(a) for a in (n_copies, epochs, n, *widths, int(softmax), repr(LEARNING_RATE))]
        self.shape = (n_copies, epochs)

    def run(self):
        """Run the C loop once; return its training loop's wall-clock and CPU seconds."""
        done = subprocess.run([str(self.executable), str(self.folder), *self.arguments],
                              capture_output=True, text=True, check=True)
        return np.array([float(value) for value in done.stdout.split()])

    def result(self):
        """The final parameters (K, P) and the errors per epoch (K, epochs) of the last run."""
        theta = np.fromfile(self.folder / "theta_out").reshape(self.shape[0], -1)
        return theta, np.fromfile(self.folder / "errors_out").reshape(self.shape)


def bench(name, args, reference):
    build, data, default_epochs = PROBLEMS[name]
    epochs = args.epochs or default_epochs
    x, t = data()
    steps = epochs * len(x)
    n_copies = max(args.copies)
    print()
    print(f"Textbook {name}, online SGD, {epochs} epochs of {len(x)} steps per run, median of "
          f"{args.repeats} interleaved runs (building the networks included)")
    check_exact(build, x, t, 3)
    if reference.skipped is None:
        reference.prepare(build, x, t, n_copies, epochs)
        reference.run()
        theta, errors = reference.result()
        runs = run_stacked(build, x, t, epochs, n_copies)
        difference = max(float(np.abs(theta - runs.theta).max()), float(np.abs(errors - runs.errors).max()))
        print(f"C loop ({reference.command_line}) against train_stacked, K = {n_copies}: largest difference "
              f"in the final weights and the epochs' errors {difference:.2g}")
        if not difference <= AGREEMENT:
            sys.exit(f"the C loop and train_stacked disagree by more than {AGREEMENT:g}: not timing")
    else:
        print(f"C loop skipped: {reference.skipped}")
    times = {"single": [], "C": [], **{k: [] for k in args.copies}}
    for _ in range(args.repeats):
        times["single"].append(_time(run_single, build, x, t, epochs))
        for k in args.copies:
            times[k].append(_time(run_stacked, build, x, t, epochs, k))
        if reference.skipped is None:
            times["C"].append(reference.run())
    single = np.median(times["single"], axis=0) / steps * 1e6
    print(f"{'':<28}{'µs per network-step':>24}{'throughput vs one at a time':>32}")
    print(f"{'run':<28}{'wall':>12}{'CPU':>12}{'wall':>16}{'CPU':>16}")
    print(f"{'train, one network':<28}{single[0]:>12.3f}{single[1]:>12.3f}{1:>15.1f}×{1:>15.1f}×")
    for k in args.copies:
        per_step = np.median(times[k], axis=0) / (k * steps) * 1e6
        ratio = single / per_step
        print(f"{f'train_stacked, K = {k}':<28}{per_step[0]:>12.3f}{per_step[1]:>12.3f}"
              f"{ratio[0]:>15.1f}×{ratio[1]:>15.1f}×")
    if reference.skipped is None:
        c_step = np.median(times["C"], axis=0) / (n_copies * steps) * 1e6
        ratio = single / c_step
        print(f"{f'C loop, K = {n_copies}':<28}{c_step[0]:>12.3f}{c_step[1]:>12.3f}"
              f"{ratio[0]:>15.1f}×{ratio[1]:>15.1f}×")
        # The ratio of each interleaved pair, then their median: a slow moment of the machine
        # slows both members of a pair.
        pairs = np.array(times[n_copies]) / np.array(times["C"])
        over = np.median(pairs, axis=0)
        print(f"train_stacked, K = {n_copies}, over the C loop: {over[0]:.2f}× (wall), {over[1]:.2f}× (CPU), "
              f"median of {args.repeats} pairs")


def breakdown(n_copies, repeats):
    """Print where one online step of K stacked classification copies spends its time.

    Each part of the step (the NumPy calls of train_stacked's inner loop, on the
    stack's own arrays) is timed alone, best of `repeats` rounds of 50 calls (CPU time
    of this thread), with the same part for K = 1 beside it: K = 1 shows NumPy's fixed
    cost per call, and (K copies - 1 copy) / (K - 1) the cost per copy.
    """
    import timeit

    from bpteach.optimizers import SGD
    from bpteach.stacked import _stack

    x, t = bpteach.datasets.sin_boundary()

    def parts(k):
        stack = _stack([build_classification(np.random.default_rng(seed)) for seed in range(k)])
        hidden, out = stack.layers
        x_batch, t_batch = np.broadcast_to(x[:1], (k, 1, 2)).copy(), np.broadcast_to(t[:1], (k, 1, 2)).copy()
        stack.forward(x_batch)
        delta = out.y - t_batch
        stack.backward(t_batch, input_gradient=False)
        optimizer = SGD(learning_rate=LEARNING_RATE)
        return {
            "matmul x W (hidden)": lambda: np.matmul(x_batch, hidden.W),
            "matmul y W (output)": lambda: np.matmul(hidden.y, out.W),
            "matmul x^T delta (output)": lambda: np.matmul(hidden.y.mT, delta, out=out.grad_W),
            "matmul delta W^T (output)": lambda: np.matmul(delta, out.W.mT),
            "matmul x^T delta (hidden)": lambda: np.matmul(x_batch.mT, hidden.delta, out=hidden.grad_W),
            "sigmoid forward (tanh)": lambda: hidden.activation.forward(hidden.u),
            "softmax forward": lambda: out.activation.forward(out.u),
            "error (cross-entropy)": lambda: stack.error(t_batch),
            "SGD update": lambda: optimizer.step(stack),
            "whole step": lambda: (stack.forward(x_batch), stack.error(t_batch),
                                   stack.backward(t_batch, input_gradient=False), optimizer.step(stack)),
        }

    def best(call):
        return min(timeit.repeat(call, number=50, repeat=repeats, timer=time.thread_time)) / 50 * 1e6

    print()
    print(f"One online step of the classification, its parts timed alone (best of {repeats} rounds, CPU)")
    print(f"{'part':<28}{'K = 1, µs':>12}{f'K = {n_copies}, µs':>16}{'ns per copy':>14}")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        one, many = parts(1), parts(n_copies)
        for name in one:
            a, b = best(one[name]), best(many[name])
            print(f"{name:<28}{a:>12.2f}{b:>16.1f}{(b - a) / (n_copies - 1) * 1e3:>14.1f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", nargs="+", choices=list(PROBLEMS), default=list(PROBLEMS),
                        help="the tasks to time (default: both)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="epochs per timed run (default 100 for the regression, 20 for the "
                             "classification)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved runs of each (default 5)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 100, 1000],
                        help="values of K (default 1 10 100 1000); the C loop trains the largest")
    parser.add_argument("--breakdown", action="store_true",
                        help="only time the parts of one stacked classification step, for K = 1 and "
                             "the largest K")
    args = parser.parse_args(argv)
    if args.breakdown:
        breakdown(max(args.copies), max(args.repeats, 5))
        return
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}, "
          f"{platform.processor() or 'unknown CPU'}")
    with tempfile.TemporaryDirectory(prefix="bench_stacked_") as folder:
        reference = CReference(folder)
        for name in args.problems:
            bench(name, args, reference)


if __name__ == "__main__":
    main()

"""Benchmark: K copies trained at once (bpteach.train_stacked) against one-at-a-time train.

Run it from the repository root (after ``make test`` has created ``.venv``)::

    .venv/bin/python benchmarks/bench_stacked.py

What is timed: the textbook regression (1-3-1, online SGD, 63 samples), whole
runs of a few epochs, building the networks included. One network-step is one
SGD step (forward pass, error, backward pass, update) of one network, so a
stacked run of K copies for E epochs performs K * E * 63 network-steps. The
one-at-a-time baseline is ``bpteach.train`` on one network; training K of them
one after another costs K times as much. Stacked runs with K = 1, 10, 100 and
1000 copies and the baseline run interleaved in one process, and the medians
are reported, so that a noisy machine affects them alike: compare the ratios,
not the absolute figures. Both the wall-clock time and the CPU time of the
process's thread are shown; on a machine shared with other work, the CPU
time is the steadier of the two.

The copies of a stacked run reproduce the single runs bit for bit (see
``tests/test_stacked.py``); this script checks that once more before timing.
"""

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bpteach  # noqa: E402
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares  # noqa: E402
from bpteach.stacked import train_stacked  # noqa: E402


def build(rng):
    """The textbook's 1-3-1 regression network."""
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)], loss=SumOfSquares())


def run_single(x, t, epochs, seed=0):
    rng = np.random.default_rng(seed)
    network = build(rng)
    return network, bpteach.train(network, x, t, epochs=epochs, learning_rate=0.1, rng=rng, log=None)


def run_stacked(x, t, epochs, n_copies):
    return train_stacked(build, x, t, seeds=range(n_copies), epochs=epochs, learning_rate=0.1, log=None)


def _time(run, *args):
    """Return the wall-clock and the CPU time of one call (the CPU time of this thread
    hardly depends on what else the machine is running)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    run(*args)
    return np.array([time.perf_counter() - wall, time.thread_time() - cpu])


def check_exact(x, t, epochs):
    """Stop with a message unless copy k of a stacked run equals the single run of seed k."""
    runs = run_stacked(x, t, epochs, 3)
    for k in range(3):
        network, history = run_single(x, t, epochs, seed=k)
        same = np.array_equal(runs.errors[k], history.errors) and np.array_equal(runs.theta[k], network.theta)
        if not same:
            sys.exit(f"copy {k} differs from the single run of seed {k}: not timing")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100, help="epochs per timed run (default 100)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved runs of each (default 5)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 100, 1000],
                        help="values of K (default 1 10 100 1000)")
    args = parser.parse_args(argv)
    x, t = bpteach.datasets.sin_curve()
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}, "
          f"{platform.processor() or 'unknown CPU'}")
    check_exact(x, t, 3)
    steps = args.epochs * len(x)
    times = {"single": [], **{k: [] for k in args.copies}}
    for _ in range(args.repeats):
        times["single"].append(_time(run_single, x, t, args.epochs))
        for k in args.copies:
            times[k].append(_time(run_stacked, x, t, args.epochs, k))
    single = np.median(times["single"], axis=0) / steps * 1e6
    print(f"Textbook regression, online SGD, {args.epochs} epochs of {len(x)} steps per run, "
          f"median of {args.repeats} interleaved runs (building the networks included)")
    print(f"{'':<28}{'µs per network-step':>24}{'throughput vs one at a time':>32}")
    print(f"{'run':<28}{'wall':>12}{'CPU':>12}{'wall':>16}{'CPU':>16}")
    print(f"{'train, one network':<28}{single[0]:>12.3f}{single[1]:>12.3f}{1:>15.1f}×{1:>15.1f}×")
    for k in args.copies:
        per_step = np.median(times[k], axis=0) / (k * steps) * 1e6
        ratio = single / per_step
        print(f"{f'train_stacked, K = {k}':<28}{per_step[0]:>12.3f}{per_step[1]:>12.3f}"
              f"{ratio[0]:>15.1f}×{ratio[1]:>15.1f}×")

if __name__ == "__main__":
    main()

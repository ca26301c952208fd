r"""Many runs at once: K copies of one network, trained side by side.

Every learner who runs the textbook's code gets numbers that differ from the
book's, because the initial weights and the shuffles are random. To see
what is normal, train many copies, each with its own seed, and look at the
spread. :func:`train_stacked` does that in one vectorised run.

The copy axis
-------------
Copy ``k`` (numbered from 0 in the code, as in ``network(k)``) has its own
weights and biases, its own learning rate ``learning_rate[k]`` and, in each
epoch, its own order of the samples. The
copies are stacked along a new **leading axis** of length :math:`K`:

=========================  ============================  ===========================
array                      one network                   K copies
=========================  ============================  ===========================
weights :math:`W`          (n_in, n_out)                 (K, n_in, n_out)
biases :math:`b`           (n_out,)                      (K, n_out)
batch :math:`x`            (N, n_in)                     (K, N, n_in)
parameters :math:`\theta`  (n_parameters,)               (K, n_parameters)
error :math:`E`            a float                       (K,), one per copy
=========================  ============================  ===========================

No formula changes. :math:`u = xW + b` (equation :eq:`dense-forward`),
:math:`\partial E/\partial W = x^\top\delta` and :math:`\partial E/\partial b =
\sum_\text{rows}\delta` (equation :eq:`dense-gradients`) and the update
:math:`\theta \leftarrow \theta - \eta\,\partial E/\partial\theta` (equation
:eq:`sgd-update`) hold copy by copy, because the code of
:class:`~bpteach.layers.Dense`, of the activations and of the losses is
written for any leading axes: the matrix product acts on the last two axes,
:math:`x^\top` is ``x.mT`` and the sum over rows is over ``axis=-2``. A
stacked run is an ordinary :class:`~bpteach.network.Network` whose arrays
carry the copy axis: there is no second copy of the forward or the backward
pass.

Exactly the runs you would get one at a time
--------------------------------------------
Copy ``k`` is what this code gives, number for number::

    rng = np.random.default_rng(seeds[k])
    network = build(rng)                        # or build(rng, wb_width=wb_width[k])
    history = bpteach.train(network, x, t, rng=rng, learning_rate=learning_rate[k], ...)

Its generator draws the initial weights (inside ``build``) and then one
permutation per epoch, in the same order as :func:`~bpteach.training.train`
draws them; every step performs the same floating-point operations. So
every error, every logged output and the final weights agree bit for bit
(a test checks it for both textbook tasks).

One thing :func:`~bpteach.training.train` does is left out: a stacked run
takes no validation data. To follow a copy's validation error, run that
copy again with :func:`~bpteach.training.train` as above.

Divergence
----------
A copy whose error or parameters are no longer finite at the end of an
epoch is stopped alone: its parameters go back to their values at the end
of the previous epoch (its initial values if it diverged in epoch 0), its
errors from that epoch on are NaN, ``diverged_epoch[k]`` names the epoch,
and a line in the log says so. The other copies go on.
:func:`~bpteach.training.train` stops at the first floating-point overflow
of any operation; a stacked run cannot tell whose overflow that was, so it
judges each copy by its error and parameters at the end of the epoch. The
two agree whenever the overflow reaches the error or a parameter, which is
how runs diverge in practice. When every copy has diverged, the run stops
there and raises :class:`~bpteach.training.TrainingDiverged`, as
:func:`~bpteach.training.train` does for one run, with the result so far.

Interrupting, and memory
------------------------
Ctrl-C keeps :func:`~bpteach.training.train`'s promise: every copy goes
back to the end of the last complete epoch (a copy that had diverged stays
at the end of its own), and :class:`~bpteach.training.TrainingInterrupted`
carries the result so far, a :class:`StackedHistory` whose ``history(k)``
and ``network(k)`` work as usual. Before anything large is allocated, the
memory the run needs (mostly K × `epochs` errors, and every copy's outputs
at each logged epoch) is estimated and compared with what the machine has
available: a run that cannot fit is refused with a ``MemoryError`` naming
the arguments that set its size, and one that would take more than half of
it is warned about.

Speed
-----
Online learning on networks this small spends its time on the fixed cost
of each NumPy call, which hardly depends on the size of the tiny arrays, so
one step of K copies costs little more than one step of one network
(``benchmarks/bench_stacked.py`` measures the throughput against training
the networks one at a time). Beyond that, each speed-up is one sentence:

- each copy draws the sample orders of up to 64 epochs in one call of
  ``Generator.permuted``, which makes the same draws as that many calls of
  ``rng.permutation`` at a fraction of their cost;
- each epoch's samples are gathered step by step, shape (N, K, n_in), so
  that every step's batch is one contiguous block of memory;
- a learning rate shared by all copies stays a scalar, which NumPy
  multiplies by faster than a column of K equal values;
- only the first copy gets the full :meth:`~bpteach.network.Network.check`;
  the others are compared with it and checked for finite parameters at
  once.

Training diagnostics
--------------------
Each copy is watched as :func:`~bpteach.training.train` watches a run
(:mod:`bpteach.diagnostics`), at the same epochs, and records the same
warnings. Most copies are healthy, so the looks are vectorised tests over
all copies at once (the rising error is kept up to date epoch by epoch;
bounds on :math:`u` rule out flat outputs without a forward pass); only a
copy that a test flags gets a :class:`~bpteach.diagnostics.Monitor` of its
own, fed its slices, which decides and words the warning exactly as in a
single run.

The matrix products are exact copy by copy because ``np.matmul`` multiplies
each copy's matrices with the same BLAS routine as ``np.dot`` uses for one
network.

Examples
--------
Eight copies of the textbook's regression, each with its own seed:

>>> import numpy as np
>>> import bpteach
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
>>> from bpteach.stacked import train_stacked
>>> def build(rng):
...     return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
...                    loss=SumOfSquares())
>>> x, t = bpteach.datasets.sin_curve()
>>> runs = train_stacked(build, x, t, seeds=range(8), epochs=3, learning_rate=0.1,
...                      interval=1, log=None)
>>> runs.errors.shape                      # (K, epochs)
(8, 3)

Copy 5 is the run of seed 5, bit for bit:

>>> rng = np.random.default_rng(5)
>>> single = bpteach.train(build(rng), x, t, epochs=3, learning_rate=0.1, rng=rng, log=None)
>>> bool(np.array_equal(runs.errors[5], single.errors))  # exact: the same code, the same machine
True
"""

import inspect
import numbers
import time
import warnings
from collections.abc import Mapping, Set
from copy import copy
from dataclasses import dataclass, field

import numpy as np

from bpteach._language import N_, Message, record_twin
from bpteach._run import (
    StackedMonitor,
    _listed,
    check_data_for,
    check_memory,
    check_schedule,
    divergence_advice,
    interrupted_message,
    keep_run_so_far,
    no_second_interrupt,
    seed_name,
    stacked_memory,
)
from bpteach._validation import check_data, check_nonnegative_float, check_positive_float
from bpteach.diagnostics import TrainingWarning
from bpteach.network import Network
from bpteach.optimizers import SGD
from bpteach.training import History, TrainingDiverged, TrainingInterrupted, format_log_line

__all__ = ["StackedHistory", "train_stacked"]


@dataclass
class StackedHistory:
    r"""What happened to each copy during :func:`train_stacked`.

    Every array has the copy axis first: row ``k`` belongs to copy ``k``.

    Attributes
    ----------
    epochs : int
        Number of epochs requested.
    errors : numpy.ndarray of float64, shape (K, epochs_run)
        Mean error per sample of every epoch; NaN from the epoch in which a
        copy diverged onwards. ``epochs_run`` is `epochs`, unless the run
        stopped early (Ctrl-C, or every copy diverged).
    logged_epochs : numpy.ndarray of int, shape (L,)
        The epochs at which the log was written (empty without `interval`).
    outputs : numpy.ndarray of float64, shape (K, L, N, n_out)
        For every logged epoch, each copy's output for each training sample,
        as computed in that sample's forward pass (before its update), in the
        original sample order, like :attr:`History.outputs
        <bpteach.training.History>`.
    seconds : numpy.ndarray of float64, shape (epochs_run,)
        Wall-clock time from the start of training to the end of each epoch,
        for all copies together (measured, so it differs from run to run).
    diverged_epoch : numpy.ndarray of int, shape (K,)
        The epoch in which copy ``k`` diverged, or -1 if it never did.
    theta : numpy.ndarray of float64, shape (K, n_parameters)
        Every copy's final parameters (see :attr:`Network.theta
        <bpteach.network.Network>`); a diverged copy's are those of the end
        of its last complete epoch.
    seeds : list
        The `seeds` argument, one per copy.
    learning_rates : numpy.ndarray of float64, shape (K,)
        Each copy's learning rate, ``learning_rates[k]`` for copy ``k``.
    wb_widths : numpy.ndarray of float64, shape (K,), or None
        Each copy's `wb_width`, if :func:`train_stacked` was given any.
    log_lines : list of str
        The lines of the log: a summary over the copies at each logged epoch
        and one line for each copy that diverged.
    warnings : list of list of bpteach.diagnostics.TrainingWarning
        ``warnings[k]`` holds copy ``k``'s training warnings, exactly those
        that :func:`~bpteach.training.train` records in ``History.warnings``
        for that run.
    """

    epochs: int
    errors: np.ndarray
    logged_epochs: np.ndarray
    outputs: np.ndarray
    seconds: np.ndarray
    diverged_epoch: np.ndarray
    theta: np.ndarray
    seeds: list
    learning_rates: np.ndarray
    wb_widths: np.ndarray = None
    log_lines: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    build: object = field(default=None, repr=False)

    @property
    def n_copies(self):
        """int: the number of copies K."""
        return len(self.errors)

    @property
    def epochs_run(self):
        """int: the number of epochs that ran: `epochs`, unless the run stopped early."""
        return self.errors.shape[1]

    @property
    def logged_errors(self):
        """numpy.ndarray of float64, shape (K, L): the error of each copy at each logged epoch."""
        return self.errors[:, self.logged_epochs]

    @property
    def diverged(self):
        """numpy.ndarray of int: the indices of the copies that diverged."""
        return np.flatnonzero(self.diverged_epoch >= 0)

    def history(self, k):
        """Return copy `k`'s :class:`~bpteach.training.History`, as :func:`~bpteach.training.train` gives it.

        For a copy that diverged in epoch :math:`e` it ends with epoch
        :math:`e - 1`, like the history carried by
        :class:`~bpteach.training.TrainingDiverged`.

        Its ``warnings`` are the ones :func:`~bpteach.training.train`
        records for the same seed (see "Training diagnostics" above). It has
        no validation fields: run copy `k` again with
        :func:`~bpteach.training.train` for those.

        Parameters
        ----------
        k : int
            The copy, ``0 <= k < K``.

        Returns
        -------
        History
        """
        k = self._check_copy(k)
        done = self.epochs_run if self.diverged_epoch[k] < 0 else int(self.diverged_epoch[k])
        history = History(epochs=self.epochs, errors=self.errors[k, :done].copy(),
                          seconds=self.seconds[:done].copy(), warnings=list(self.warnings[k]))
        for i, epoch in enumerate(self.logged_epochs.tolist()):
            if epoch < done:
                history.log_lines.append(format_log_line(epoch, self.epochs, self.errors[k, epoch]))
                history.outputs[epoch] = self.outputs[k, i].copy()
        return history

    def network(self, k):
        """Return copy `k` as an ordinary trained :class:`~bpteach.network.Network`.

        The network is built by calling ``build`` again (with a throwaway
        generator, and copy `k`'s `wb_width` if there was one); its parameters
        are then set to copy `k`'s final ones. Save it with
        :func:`~bpteach.io.save` or plot it with :mod:`bpteach.plotting`.

        Parameters
        ----------
        k : int
            The copy, ``0 <= k < K``.

        Returns
        -------
        Network
        """
        k = self._check_copy(k)
        width = None if self.wb_widths is None else self.wb_widths[k]
        network = _build_one(self.build, np.random.default_rng(0), width, f"copy {k}")
        network.theta[...] = self.theta[k]
        return network

    def predict(self, x):
        """Return every copy's output for the inputs `x`, computed for all copies at once.

        Parameters
        ----------
        x : array_like of real numbers, shape (N, n_in)
            Inputs, one sample per row, as for :meth:`Network.predict
            <bpteach.network.Network.predict>`.

        Returns
        -------
        numpy.ndarray of float64, shape (K, N, n_out)
            ``predict(x)[k]`` equals ``network(k).predict(x)``.
        """
        stack = _stack([self.network(0)] * self.n_copies)
        stack.theta[...] = self.theta
        x = check_data(x, "x", stack.n_in, f"one per network input (n_in={stack.n_in})")
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return stack.forward(np.broadcast_to(x, (self.n_copies, *x.shape)))

    def _cut(self, n):
        """Keep the first `n` epochs only (for a run that stopped early); return self."""
        logged = self.logged_epochs < n
        self.errors, self.seconds = self.errors[:, :n], self.seconds[:n]
        self.outputs, self.logged_epochs = self.outputs[:, :int(logged.sum())], self.logged_epochs[logged]
        return self

    def _check_copy(self, k):
        if isinstance(k, bool) or not isinstance(k, numbers.Integral):
            raise TypeError(f"k must be an integer copy index, got {k!r}")
        if not -self.n_copies <= k < self.n_copies:
            raise IndexError(f"k must be a copy index from 0 to {self.n_copies - 1}, got {k}")
        return int(k) % self.n_copies

    def __repr__(self):
        return (f"StackedHistory({self.n_copies} copies, {self.epochs} epochs, "
                f"{len(self.diverged)} diverged)")


def train_stacked(build, x, t, *, seeds, epochs, learning_rate, wb_width=None, batch_size=1,
                  interval=None, log=print):
    r"""Train K copies of a network at once, each with its own seed, vectorised over the copies.

    Copy ``k`` is exactly (bit for bit) the run ::

        rng = np.random.default_rng(seeds[k])
        network = build(rng)                       # build(rng, wb_width=wb_width[k]) if given
        bpteach.train(network, x, t, epochs=epochs, learning_rate=learning_rate[k], rng=rng,
                      batch_size=batch_size, interval=interval)

    Parameters
    ----------
    build : callable
        ``build(rng)`` returns a new :class:`~bpteach.network.Network`, drawing
        its initial weights from the generator `rng`; called once per copy.
        Every copy must have the same architecture. If `wb_width` is given,
        it is called as ``build(rng, wb_width=w)`` and should pass `w` to
        each :class:`~bpteach.layers.Dense`.
    x : array_like of real numbers, shape (N, n_in)
        Inputs, shared by all copies; checked and converted as in
        :func:`~bpteach.training.train`.
    t : array_like of real numbers, shape (N, n_out)
        Targets, shared by all copies.
    seeds : sequence of int or numpy.random.Generator, length K >= 1
        One per copy, in order (a list, tuple, range or array; a set has no
        order and is refused): a seed for ``np.random.default_rng``, or a generator
        (which is then advanced, as :func:`~bpteach.training.train` advances
        its `rng`). The copy's initial weights and its per-epoch shuffles
        come from it. Equal seeds give equal copies (useful to compare
        learning rates from the same start).
    epochs : int
        Number of epochs, :math:`\ge 1`.
    learning_rate : float or sequence of float
        The learning rate :math:`\eta > 0`, the same for every copy, or one
        per copy (length K).
    wb_width : float or sequence of float, optional
        The initial width (standard deviation of the initial weights and
        biases), the same for every copy or one per copy, passed to `build`.
        None (the default) calls ``build(rng)``.
    batch_size : int, optional
        Samples per update, from 1 (online learning, the default) to N, the
        same for every copy.
    interval : int, optional
        Log every `interval` epochs (epoch 0 included) and keep each copy's
        outputs there. None (the default) logs nothing.
    log : callable or None, optional
        Called with each log line (default ``print``): one summary over the
        copies per logged epoch, and one line per copy that diverges. Each
        copy's own textbook-format lines are in ``history(k).log_lines``.

    Returns
    -------
    StackedHistory
        Per-copy errors, logged outputs, divergences and final parameters;
        ``history(k)`` and ``network(k)`` give copy ``k`` as an ordinary
        :class:`~bpteach.training.History` and :class:`~bpteach.network.Network`.

    Raises
    ------
    TypeError
        If `build` is not callable or does not return a Network (or does not
        accept `wb_width` when it is given), if `seeds` is not a sequence of
        integers and generators (or is a set, which has no order), or an
        argument has the wrong type.
    ValueError
        If `seeds` is empty or holds the same generator twice, if
        `learning_rate` or `wb_width` holds a number of values other than K
        or a value out of range, if the copies' architectures differ, or
        for any reason :func:`~bpteach.training.train` gives for `x`, `t`,
        `epochs`, `batch_size` and `interval`.
    MemoryError
        If the run needs more memory than is available, estimated before
        anything large is allocated; the message gives the estimate and
        the arguments that set it (seeds, epochs, interval).
    bpteach.training.TrainingDiverged
        If every copy diverges; its ``history`` is the result so far, each
        copy restored to the end of its last complete epoch.
    bpteach.training.TrainingInterrupted
        On Ctrl-C; every copy is back at the end of the last complete epoch
        (a diverged copy at the end of its own), and the exception's
        ``history`` is the :class:`StackedHistory` of the complete epochs.
    Exception
        Any other exception that stops the run (raised by `log`, or a
        warning turned into an error) is raised again with every copy
        likewise restored and the :class:`StackedHistory` of the complete
        epochs as its ``history``, and a note that says so.

    Warns
    -----
    bpteach.diagnostics.TrainingWarning
        When copies fail quietly, in the ways and by the thresholds of
        :func:`~bpteach.training.train` (see :mod:`bpteach.diagnostics`),
        judged copy by copy. One warning per condition for the whole run,
        however many copies show it: it names them (the first ten, with
        their seeds) and quotes the first one's message. Targets the output
        layer cannot produce and identical hidden neurons are said before
        the first epoch, the others after the last. Copy ``k``'s own
        warnings are ``warnings[k]`` of the result, and
        ``history(k).warnings``: exactly those that ``train`` records for
        its seed.

        With ``log=None``, also one warning of kind ``"diverged_copies"``
        after a run in which some copies (not all) diverged, naming them and
        their epochs: the log lines that would have said so are not printed,
        and for each of them :func:`~bpteach.training.train` would have
        raised :class:`~bpteach.training.TrainingDiverged`.
    UserWarning
        If the estimated memory is more than half of what is available.

    Examples
    --------
    The textbook's classification, four copies with two learning rates:

    >>> import numpy as np
    >>> import bpteach
    >>> from bpteach import Network, Dense, Sigmoid, Softmax, CrossEntropy
    >>> from bpteach.stacked import train_stacked
    >>> def build(rng, wb_width=0.01):
    ...     return Network([Dense(2, 6, Sigmoid(), rng=rng, wb_width=wb_width),
    ...                     Dense(6, 2, Softmax(), rng=rng, wb_width=wb_width)],
    ...                    loss=CrossEntropy())
    >>> x, t = bpteach.datasets.sin_boundary()
    >>> runs = train_stacked(build, x, t, seeds=[0, 1, 0, 1], epochs=5,
    ...                      learning_rate=[0.1, 0.1, 0.01, 0.01], interval=2)
    Epoch:0/5 Error: median 0.7111 (min 0.6975, max 0.7281) over 4 copies
    Epoch:2/5 Error: median 0.575 (min 0.4471, max 0.6973) over 4 copies
    Epoch:4/5 Error: median 0.5599 (min 0.4214, max 0.6976) over 4 copies
    >>> runs.logged_errors.shape, runs.outputs.shape      # (K, L) and (K, L, N, n_out)
    ((4, 3), (4, 3, 441, 2))
    >>> runs.network(0)
    Network([Dense(2, 6, Sigmoid()), Dense(6, 2, Softmax())], loss=CrossEntropy())

    A copy whose learning rate is far too large diverges alone:

    >>> x, t = bpteach.datasets.sin_curve()
    >>> def build(rng):
    ...     return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, bpteach.Identity(), rng=rng)],
    ...                    loss=bpteach.SumOfSquares())
    >>> runs = train_stacked(build, x, t, seeds=[0, 0], epochs=10, learning_rate=[0.1, 50])
    Copy 1 (seed 0) diverged in epoch 1 of 10: its error or a parameter became infinite or NaN. ...
    >>> runs.diverged_epoch
    array([-1,  1])
    >>> len(runs.history(1).errors), bool(np.isfinite(runs.theta).all())
    (1, True)
    """
    if not callable(build):
        raise TypeError(
            "build must be a function that returns a new Network from a generator, e.g. "
            f"def build(rng): return Network([Dense(1, 3, Sigmoid(), rng=rng), ...], loss=...); got {build!r}"
        )
    seeds = _check_seeds(seeds)
    n_copies = len(seeds)
    learning_rates = _per_copy(learning_rate, "learning_rate", n_copies, check_positive_float)
    wb_widths = None if wb_width is None else _per_copy(wb_width, "wb_width", n_copies,
                                                        check_nonnegative_float)
    epochs, batch_size, interval = check_schedule(epochs, batch_size, interval, log)

    # Copy k's generator draws its initial weights here, in build, as for a single run.
    rngs = [seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
            for seed in seeds]
    first = _build_one(build, rngs[0], None if wb_widths is None else wb_widths[0], "copy 0")
    first.check()  # as train checks its network; the others must have the same architecture
    x, t = check_data_for(first, x, t, batch_size)
    n = x.shape[0]
    # Refused (or warned about) before anything large is allocated, in the arguments' terms.
    n_logged = 0 if interval is None else -(-epochs // interval)
    check_memory(stacked_memory(
        n_copies=n_copies, epochs=epochs, n_logged=n_logged, n=n, n_parameters=first.theta.size,
        widths=[first.n_in] + [layer.n_out for layer in first.layers], batch_size=batch_size), stacklevel=2)
    networks = [first] + [_build_one(build, rng, None if wb_widths is None else wb_widths[k], f"copy {k}")
                          for k, rng in enumerate(rngs[1:], start=1)]
    _check_same_architecture(networks)
    stack = _stack(networks)
    finite = np.isfinite(stack.theta).all(axis=1)
    if not finite.all():
        k = int(np.argmin(finite))
        raise ValueError(f"the initial weights and biases of copy {k} (seeds[{k}]={seeds[k]!r}) hold NaN or "
                         "infinite values: build must give finite parameters")

    # theta <- theta - eta dE/dtheta (equation sgd-update), for every copy at once: SGD.step
    # with eta as a column of K learning rates, which NumPy broadcasts over theta's K rows.
    # (One eta for all copies stays a scalar, which NumPy multiplies by faster than a column.)
    optimizer = SGD(learning_rate=learning_rates[0])
    if np.any(learning_rates != learning_rates[0]):
        optimizer.learning_rate = learning_rates[:, np.newaxis]

    logged = np.arange(0, epochs, interval) if interval is not None else np.arange(0)
    result = StackedHistory(
        epochs=epochs, errors=np.full((n_copies, epochs), np.nan), logged_epochs=logged,
        outputs=np.full((n_copies, len(logged), n, stack.n_out), np.nan),
        seconds=np.full(epochs, np.nan), diverged_epoch=np.full(n_copies, -1),
        theta=stack.theta, seeds=list(seeds), learning_rates=learning_rates, wb_widths=wb_widths,
        warnings=[[] for _ in range(n_copies)], build=build,
    )
    copies = np.arange(n_copies)[:, np.newaxis]  # (K, 1): copy k's row, to index per copy
    # The sample orders of up to 64 epochs per copy (at most 2**22 indices in all).
    chunk = max(1, min(64, epochs, 2**22 // (n_copies * n)))
    samples = np.broadcast_to(np.arange(n), (chunk, n))
    orders = np.zeros((n_copies, chunk, n), dtype=np.intp)
    running = np.ones(n_copies, dtype=bool)
    # Training diagnostics, copy by copy, with the looks and the warnings of train (bpteach.diagnostics).
    monitor = StackedMonitor(networks, stack, x, t, epochs=epochs, learning_rates=learning_rates,
                             batch_size=batch_size, records=result.warnings)
    monitor.warn(("targets_out_of_range", "identical_units", "unscaled_inputs"), seeds, stacklevel=2)
    # Every copy's parameters at the end of its last complete epoch: put back for a copy that
    # diverges, and for all of them on Ctrl-C. `done` counts the complete epochs.
    saved, epoch, done = stack.theta.copy(), 0, 0
    start_time = time.perf_counter()
    try:
        # A diverging copy overflows while the others go on: no warnings, and no exceptions
        # (those would stop every copy); each copy is checked at the end of each epoch.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for epoch in range(epochs):
                # A fresh shuffle for each running copy, from its own generator, as in train.
                if epoch % chunk == 0:
                    # Generator.permuted shuffles the rows of a (chunk, N) block one after the
                    # other with the same draws as successive rng.permutation(N) calls, at a
                    # fraction of their cost; so each copy draws the orders of `chunk` epochs at once.
                    block = min(chunk, epochs - epoch)
                    for k in np.flatnonzero(running).tolist():
                        rngs[k].permuted(samples[:block], axis=1, out=orders[k, :block])
                order = orders[:, epoch % chunk]
                # Copy k's samples in copy k's order, step by step: x_epoch[i, k] = x[order[k, i]],
                # shape (N, K, n_in), so that each step's batch is one contiguous block.
                x_epoch, t_epoch = x[order.T], t[order.T]
                total_error = np.zeros(n_copies)
                logging = interval is not None and epoch % interval == 0
                if logging:
                    outputs = np.full((n_copies, n, stack.n_out), np.nan)
                for start in range(0, n, batch_size):
                    stop = start + batch_size
                    # The batch of every copy, (K, N, n_in) (a view, copy axis first).
                    x_batch = x_epoch[start:stop].swapaxes(0, 1)
                    t_batch = t_epoch[start:stop].swapaxes(0, 1)
                    y = stack.forward(x_batch)
                    total_error += stack.error(t_batch)
                    stack.backward(t_batch, input_gradient=False)
                    optimizer.step(stack)
                    if logging:
                        outputs[copies, order[:, start:stop]] = y
                # A copy whose error or parameters are no longer finite stops; stopped copies keep
                # the parameters of their last complete epoch.
                stopping = running & ~(np.isfinite(total_error) & np.isfinite(stack.theta).all(axis=1))
                result.diverged_epoch[stopping] = epoch
                running &= ~stopping
                stack.theta[~running] = saved[~running]
                # The epoch is complete: record it.
                result.errors[running, epoch] = total_error[running] / n
                result.seconds[epoch] = time.perf_counter() - start_time
                if logging:
                    result.outputs[running, epoch // interval] = outputs[running]
                done = epoch + 1
                saved[...] = stack.theta
                for k in np.flatnonzero(stopping).tolist():
                    line = diverged_copy(k, seeds[k], epoch, epochs)
                    if log is not None:
                        record_twin(line)  # a docs build: the Japanese edition shows it in Japanese
                    _log(result, log, str(line))
                if logging:
                    _log(result, log, _summary_line(epoch, epochs, result.errors[running, epoch], n_copies))
                if not running.any():
                    monitor.warn(_DURING_THE_RUN, seeds, stacklevel=2)
                    raise _every_copy_diverged(result._cut(done), stack, x, t, learning_rates, batch_size)
                monitor.after_epoch(epoch, result.errors[:, :done], running)
    except KeyboardInterrupt:  # Ctrl-C: every copy back at its last complete epoch, the result kept
        with no_second_interrupt():
            if done == epoch:  # the epoch in progress was not recorded
                stack.theta[...] = saved
                result.diverged_epoch[result.diverged_epoch >= done] = -1
            monitor.warn(_DURING_THE_RUN, seeds, stacklevel=2)
            kept = (f"back at the end of epoch {done - 1} (a copy that diverged, at the end of its own last "
                    "complete epoch)")
            message = interrupted_message("train_stacked", done, epochs, "every copy's parameters", kept)
            stop = TrainingInterrupted(message, epoch=done, history=result._cut(done))
        raise stop from None
    except TrainingDiverged:
        raise
    except Exception as err:  # the log raised, a warning was made an error: every copy's run so far kept
        if done == epoch:  # the epoch in progress was not recorded
            stack.theta[...] = saved
            result.diverged_epoch[result.diverged_epoch >= done] = -1
        keep_run_so_far(err, "train_stacked", done, epochs, "every copy's parameters", None,
                        result._cut(done))
        raise
    monitor.warn(_DURING_THE_RUN, seeds, stacklevel=2)
    if log is None and (result.diverged_epoch >= 0).any():  # said by the log lines otherwise
        warnings.warn(_some_copies_diverged(result, seeds), stacklevel=2)
    return result


def _some_copies_diverged(result, seeds):
    """The :class:`~bpteach.diagnostics.TrainingWarning` of a run in which some copies diverged."""
    stopped = np.flatnonzero(result.diverged_epoch >= 0).tolist()
    epochs = result.diverged_epoch
    names = _listed([Message(N_("{k} ({seed}) in epoch {epoch}"), k=k, seed=seed_name(seeds[k]),
                             epoch=int(epochs[k])) for k in stopped[:10]])
    if len(stopped) > 10:
        names += Message(N_(" and {more} more"), more=len(stopped) - 10)
    template = (N_("{stopped} of the {n} copies diverged and stopped: copies {names}; their error or a "
                   "parameter "
                   "became infinite or NaN (float64 overflow; train would have raised TrainingDiverged). "
                   "Each "
                   "is back at the end of its last complete epoch and its errors end there; the result's "
                   ".diverged_epoch says when each stopped (-1 for the copies that ran to the end). A "
                   "smaller "
                   "learning rate usually helps.") if len(stopped) > 1 else
                N_("{stopped} of the {n} copies diverged and stopped: copy {names}; their error or a "
                   "parameter "
                   "became infinite or NaN (float64 overflow; train would have raised TrainingDiverged). "
                   "Each "
                   "is back at the end of its last complete epoch and its errors end there; the result's "
                   ".diverged_epoch says when each stopped (-1 for the copies that ran to the end). A "
                   "smaller "
                   "learning rate usually helps."))
    message = Message(template, stopped=len(stopped), n=result.n_copies, names=names)
    return TrainingWarning(message, kind="diverged_copies", epoch=int(result.diverged_epoch[stopped[0]]))


# The warnings said after the run (those said before the first epoch are issued at once).
_DURING_THE_RUN = ("rising_error", "saturated_units", "no_progress", "saturated_output", "vanishing_signal",
                   "dead_units")


def _every_copy_diverged(result, stack, x, t, learning_rates, batch_size):
    """Build the :class:`~bpteach.training.TrainingDiverged` of a run whose copies all diverged."""
    advice = divergence_advice(
        data=[(N_("data"), N_("x and t"), max(float(np.abs(x).max()), float(np.abs(t).max())))],
        initial_scale=float(np.abs(stack.theta).max()), first_epoch=bool((result.diverged_epoch == 0).all()),
        learning_rate=float(learning_rates.min()), batch_size=batch_size)
    last = int(result.diverged_epoch.max())
    message = Message(N_("every one of the {n} copies diverged, the last in epoch {last} of {epochs}: their "
                         "errors or parameters became infinite or NaN (float64 overflow). {advice} Each "
                         "copy's "
                         "parameters were restored to the end of its last complete epoch (its initial values "
                         "if "
                         "it diverged in epoch 0); the exception's .history, a StackedHistory, holds every "
                         "copy's errors so far, and its .diverged_epoch says when each copy stopped."),
                      n=result.n_copies, last=last, epochs=result.epochs, advice=advice)
    return TrainingDiverged(message, epoch=last, last_finite_error=None, history=result)


def _summary_line(epoch, epochs, errors, n_copies):
    """One log line for all copies: the median error and its range."""
    if errors.size == 0:
        return f"Epoch:{epoch}/{epochs} every copy has diverged"
    running = "" if errors.size == n_copies else f" of the {errors.size} running"
    return (f"Epoch:{epoch}/{epochs} Error: median {np.median(errors):.4g} "
            f"(min {errors.min():.4g}, max {errors.max():.4g}) over {n_copies} copies{running}")


def diverged_copy(k, seed, epoch, epochs, one_run=False):
    """The log line of copy `k`, diverged in `epoch` (a ``Message`` (``bpteach._language``)).

    With `one_run`, the same said of one run (the Playground shows one copy at a time):
    ``"Diverged in epoch 8 of 121: ..."``, without the copies that go on.
    """
    restored = (Message(N_("its initial values")) if epoch == 0
                else Message(N_("their values after epoch {epoch}"), epoch=epoch - 1))
    if one_run:
        return Message(N_("Diverged in epoch {epoch} of {epochs}: its error or a parameter became infinite "
                          "or "
                          "NaN. Its parameters were restored to {restored} and it stopped. (A smaller "
                          "learning "
                          "rate usually helps.)"), epoch=epoch, epochs=epochs, restored=restored)
    return Message(N_("Copy {k} ({seed}) diverged in epoch {epoch} of {epochs}: its error or a parameter "
                      "became "
                      "infinite or NaN. Its parameters were restored to {restored} and it stopped; the other "
                      "copies go on. (A smaller learning rate usually helps.)"),
                   k=k, seed=seed_name(seed), epoch=epoch, epochs=epochs, restored=restored)


def _log(result, log, line):
    result.log_lines.append(line)
    if log is not None:
        log(line)


def _check_seeds(seeds):
    """Return `seeds` as a list of ints and generators, one per copy, or raise."""
    if isinstance(seeds, numbers.Integral):
        raise TypeError(f"seeds must be a sequence with one seed per copy, got the single integer "
                        f"{seeds!r}; for {seeds} copies write seeds=range({seeds})")
    if isinstance(seeds, Set | Mapping):
        raise TypeError(
            f"seeds must be an ordered sequence, one seed per copy in the order of the copies (a list, a "
            f"tuple, a range or an array), got a {type(seeds).__name__}, {seeds!r}: it has no order of its "
            "own, so copy k could not be the run of the k-th seed you wrote. Write a list, e.g. "
            f"seeds=[...], or seeds=sorted(...) for increasing seeds")
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__len__"):
        raise TypeError(f"seeds must be a sequence of integers (or generators), one per copy, "
                        f"e.g. range(100), got {seeds!r}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed (one per copy, K >= 1), got an empty sequence")
    for k, seed in enumerate(seeds):
        if isinstance(seed, np.random.Generator):
            if any(other is seed for other in seeds[:k]):
                raise ValueError(f"seeds[{k}] is the same generator object as an earlier seed: two "
                                 "copies would draw from one stream; give each copy its own")
            continue
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"seeds[{k}] must be an integer >= 0 or a numpy.random.Generator, "
                            f"got {seed!r} of type {type(seed).__name__}")
        if seed < 0:
            raise ValueError(f"seeds[{k}] must be an integer >= 0, got {seed}")
    return seeds


def _per_copy(value, name, n_copies, check):
    """Return one checked float per copy: `value` repeated, or its K entries."""
    if isinstance(value, (numbers.Real, np.ndarray)) and np.ndim(value) == 0:
        return np.full(n_copies, check(value, name))
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a number or a sequence of numbers, one per copy, got {value!r}")
    values = list(value.tolist() if isinstance(value, np.ndarray) else value)
    if len(values) != n_copies:
        raise ValueError(f"{name} must be a single number or hold one value per copy: seeds gives "
                         f"{n_copies} copies, {name} has {len(values)} values")
    return np.array([check(v, f"{name}[{k}]") for k, v in enumerate(values)])


def _build_one(build, rng, wb_width, which):
    """Call ``build(rng)`` (or ``build(rng, wb_width=...)``) and check that it gave a Network."""
    if wb_width is None:
        network = build(rng)
    else:
        try:
            inspect.signature(build).bind(rng, wb_width=wb_width)
        except TypeError:
            raise TypeError(
                "build must accept the keyword wb_width when train_stacked is given wb_width, "
                "e.g. def build(rng, wb_width): return Network([Dense(1, 3, Sigmoid(), rng=rng, "
                f"wb_width=wb_width), ...], loss=...); got {build!r}"
            ) from None
        network = build(rng, wb_width=wb_width)
    if not isinstance(network, Network):
        raise TypeError(f"build must return a bpteach Network, but for {which} it returned {network!r}")
    return network


def _architecture(network):
    return ([(type(layer.activation), layer.W.shape, layer.b.shape) for layer in network.layers],
            type(network.loss))


def _check_same_architecture(networks):
    first = _architecture(networks[0])
    for k, network in enumerate(networks[1:], start=1):
        if _architecture(network) != first:
            raise ValueError(
                f"every copy must have the same architecture, but build gave copy 0 {networks[0]!r} "
                f"and copy {k} {network!r}"
            )


def _stack(networks):
    """Return one Network whose layers hold every copy's arrays along a leading copy axis.

    The layers share their sizes and activations with the first network's.
    """
    first = networks[0]
    layers = []
    for i, layer in enumerate(first.layers):
        stacked = copy(layer)  # same sizes and activation; the arrays are replaced below
        stacked.W = np.stack([network.layers[i].W for network in networks])
        stacked.b = np.stack([network.layers[i].b for network in networks])
        stacked.grad_W, stacked.grad_b = np.zeros_like(stacked.W), np.zeros_like(stacked.b)
        stacked.x = stacked.u = stacked.y = None
        layers.append(stacked)
    return Network(layers, loss=first.loss)

"""The rules of a training run, written once for :func:`~bpteach.training.train` and
:func:`~bpteach.stacked.train_stacked`.

The two loops stay apart (the textbook's loop must stay readable on its own); what
they share lives here, one rule in one place:

- the checks of the run's arguments (:func:`check_schedule`, :func:`check_data_for`);
- what a stopped run says, and what it leaves: after Ctrl-C or a divergence the
  parameters are back at the end of the last complete epoch (the loops do that,
  from the copy of ``theta`` they keep once per epoch), and the messages built
  here say where the parameters are and what to try (:func:`interrupted_message`,
  :func:`divergence_advice`); any other exception that stops a run (the log
  raised, a warning was turned into an error) is raised again with the result
  so far on it (:func:`keep_run_so_far`);
- the memory a run needs, estimated before anything is allocated
  (:func:`check_memory`, :func:`run_memory`);
- the diagnostics' look schedule applied to K copies at once
  (:class:`StackedMonitor`), which uses the same tests and the same
  :class:`~bpteach.diagnostics.Monitor` as a single run.
"""

import os
import signal
import threading
import warnings
from contextlib import contextmanager
from copy import copy

import numpy as np

from bpteach._language import N_, Message
from bpteach._validation import check_data, check_positive_int, check_same_rows
from bpteach.diagnostics import (
    WINDOW,
    Monitor,
    TrainingWarning,
    _has_identical_units,
    _hidden_outputs,
    _is_look,
    _is_saturated,
    _may_be_flat,
    _may_name_a_stall,
    _rises,
    constant_output_error,
    saturated_units,
    targets_out_of_range,
    unscaled_inputs,
)

# --- The arguments of a run ------------------------------------------------------------------


def check_schedule(epochs, batch_size, interval, log):
    """Return the checked `epochs`, `batch_size` and `interval`; refuse a `log` that is not callable."""
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    if interval is not None:
        interval = check_positive_int(interval, "interval")
    if log is not None and not callable(log):
        raise TypeError(f"log must be a callable such as print, or None, got {log!r}")
    return epochs, batch_size, interval


def check_data_for(network, x, t, batch_size):
    """Return `x` and `t` checked (and converted to float64) for `network`, and `batch_size` against them."""
    x = check_data(x, "x", network.n_in, f"one per network input (n_in={network.n_in})")
    t = network.loss.check_targets(t, network.n_out)
    check_same_rows(x, t)
    n = x.shape[0]
    if batch_size > n:
        raise ValueError(f"batch_size must be between 1 and the number of samples ({n}), got {batch_size}")
    return x, t


# --- A run that stops: Ctrl-C and divergence -------------------------------------------------


@contextmanager
def no_second_interrupt():
    """While the run puts its parameters back after a Ctrl-C: a second Ctrl-C is ignored.

    Pressed again during those few operations, Ctrl-C would raise a bare
    ``KeyboardInterrupt`` from inside the handler, and the history and the
    restored parameters would be lost. Only the main thread receives signals,
    and only a handler that is still Python's default one is replaced.
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def interrupted_message(who, epoch, epochs, parameters, kept):
    """The one-line message of :class:`~bpteach.training.TrainingInterrupted`.

    `who` is what was interrupted ("training"), `parameters` whose parameters
    they are ("the network's parameters"), `kept` where they are now (None:
    back at the end of the last complete epoch).
    """
    if epoch == 0:
        return (f"{who} interrupted in epoch 0 of {epochs}, before any epoch finished: "
                f"{parameters} are back at their initial values")
    kept = kept or f"back at the end of epoch {epoch - 1}"
    return (f"{who} interrupted in epoch {epoch} of {epochs}: {parameters} are {kept}, and the "
            f"exception's .history holds epochs 0 to {epoch - 1}")


def keep_run_so_far(err, who, n, epochs, parameters, kept, history):
    """Give `err`, an exception that stopped a run (the log raised, a warning made an error), the run so far.

    The parameters are already where `kept` says (None: at the end of epoch
    ``n - 1``, the last complete one); `err` gets the result so far as
    ``err.history`` and a note that says so, and is raised again unchanged
    otherwise (the caller raises it again), so the learner sees their own exception first.
    """
    if n == 0:
        where = f"back at their initial values; no epoch of {epochs} finished"
    else:
        where = (f"{kept or f'those at the end of epoch {n - 1}'}, and the exception's .history holds "
                 f"epochs 0 to {n - 1} of {epochs}")
    err.add_note(f"bpteach: this exception stopped {who}; {parameters} are {where}.")
    try:
        err.history = history
    except AttributeError:  # an exception type that takes no attributes: the note still says where
        pass


def divergence_advice(*, data, initial_scale, first_epoch, learning_rate, batch_size):
    """What to try after a divergence, from what was measured.

    Parameters
    ----------
    data : list of (str, str, float)
        For each data set, what to call it ("data") and what to scale ("x and
        t"), both marked with ``N_``, and its largest
        absolute value.
    initial_scale : float
        The largest absolute initial weight or bias.
    first_epoch : bool
        Whether the run diverged in its first epoch.
    learning_rate : float
        The learning rate (the smallest one, for several copies).
    batch_size : int

    Returns
    -------
    bpteach._language.Message
    """
    for what, names, largest in data:
        if largest > 100:
            return Message(N_("Your {what} reach {largest:.4g} in absolute value: scale {names} to about "
                              "[-1, 1] (and if it still diverges, try a smaller learning_rate than "
                              "{rate:g})."),
                           what=Message(what), names=Message(names), largest=largest, rate=learning_rate)
    if first_epoch and initial_scale > 10:
        return Message(N_("The initial weights and biases already reach {largest:.4g} in absolute value: "
                          "build the layers with a smaller wb_width (the textbook uses 0.01)."),
                       largest=initial_scale)
    if batch_size > 1:
        # What was measured is that this learning rate diverged; how much smaller a stable one is
        # depends on how the batch's gradients add up (up to batch_size times one sample's, often
        # far less: docs/sgd.md), so the advice is the same tenfold step as for online learning.
        return Message(N_("With batch_size={batch} each step follows the sum of the batch's {batch} "
                          "gradients, so the learning rate that works depends on the batch size. The "
                          "learning "
                          "rate {rate:g} diverged: try learning_rate={smaller:g}, and keep dividing it by 10 "
                          "until the error falls."),
                       batch=batch_size, rate=learning_rate, smaller=learning_rate / 10)
    said = Message(N_("The learning rate {rate:g} is probably too large: try a smaller learning_rate, say "
                      "{smaller:g}, and keep dividing it by 10 until the error falls"),
                   rate=learning_rate, smaller=learning_rate / 10)
    return said + Message(N_(" (the textbook's examples use 0.1).") if learning_rate > 0.1 else N_("."))


# --- The memory of a stacked run -------------------------------------------------------------

def available_memory():
    """Bytes of memory available to a new allocation now, or None where the system does not say."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _gib(n_bytes):
    return f"{n_bytes / 2**30:.3g} GiB" if n_bytes >= 2**30 else f"{n_bytes / 2**20:.3g} MiB"


def stacked_memory(*, n_copies, epochs, n_logged, n, widths, n_parameters, batch_size):
    """Estimate, in bytes, what :func:`~bpteach.stacked.train_stacked` allocates, term by term.

    Returns a list of ``(bytes, what it holds)`` pairs, largest first. The
    terms are the float64 arrays the run keeps or builds each epoch; the
    estimate leaves out NumPy's and Python's small overheads.
    """
    k, n_in, n_out = n_copies, widths[0], widths[-1]
    terms = [
        (2 * k * (epochs + 1) * 8,
         f"the error of every copy in every epoch, twice (seeds gives K={k} copies, epochs={epochs})"),
        (k * n_logged * n * n_out * 8,
         f"every copy's {n} outputs at each of the {n_logged} logged epochs (seeds, epochs, interval)"),
        (k * n * (n_in + 2 * n_out + sum(widths[1:-1])) * 8 * 2,
         f"each epoch's shuffled data and outputs, and the hidden outputs of a look ({k} copies of "
         f"{n} samples)"),
        (k * (4 * n_parameters + 4 * batch_size * sum(widths)) * 8,
         f"the parameters, their gradients and the layers' arrays of {k} copies"),
        (k * min(64, epochs) * n * 8, "the sample orders drawn ahead"),
    ]
    return sorted(terms, reverse=True)


_STACKED_ADVICE = ("train fewer copies at once (split seeds into parts and run them one after the other), "
                   "or fewer epochs, or log with a larger interval (or none)")


def check_memory(terms, stacklevel, who="train_stacked", advice=_STACKED_ADVICE):
    """Refuse a run that cannot fit in the available memory; warn about one that nearly fills it.

    `terms` are ``(bytes, what it holds)`` pairs, largest first, as
    :func:`stacked_memory` and :func:`run_memory` give them; `who` names the
    function, `advice` says what to change.

    Raises
    ------
    MemoryError
        If the estimate exceeds the memory available now, with the estimate,
        its largest terms and the arguments that set them.

    Warns
    -----
    UserWarning
        If the estimate exceeds half the memory available now.
    """
    total = sum(size for size, _ in terms)
    available = available_memory()
    if available is None or total <= available / 2:
        return
    largest = "; ".join(f"{_gib(size)} for {what}" for size, what in terms[:2] if size > 0)
    message = (f"{who} would need about {_gib(total)} of memory ({largest}), and about "
               f"{_gib(available)} is available now")
    if total > available:
        raise MemoryError(f"{message}, so it cannot start: {advice}.")
    warnings.warn(f"{message}: it would take more than half of it, and the machine may slow down or stop "
                  f"responding. If it does, {advice}.", UserWarning, stacklevel=stacklevel + 1)


def run_memory(*, epochs, n_logged, n, n_out, n_val):
    """Estimate, in bytes, what :func:`~bpteach.training.train` keeps for its history, term by term.

    The error and time of every epoch (and with `n_val` validation samples,
    three more numbers per epoch), and the outputs at each logged epoch;
    the network's own arrays are small beside them and left out.
    """
    terms = [((2 + 3 * (n_val > 0)) * epochs * 8, f"the errors and times of every epoch (epochs={epochs})"),
             (n_logged * n * n_out * 8,
              f"the {n} outputs at each of the {n_logged} logged epochs (epochs, interval)")]
    return sorted(terms, reverse=True)


# --- The diagnostics of K copies at once -----------------------------------------------------


class StackedMonitor:
    """Watch K stacked copies as :class:`~bpteach.diagnostics.Monitor` watches one run.

    The same looks (after the same epochs) and the same warnings, copy by copy.
    Most copies are healthy, so each look first tests every copy at once with the
    vectorised forms of the diagnostics' tests (the rising error kept up to date
    epoch by epoch; bounds on :math:`u` rule out flat outputs without a forward
    pass); only a copy that a test flags gets a Monitor of its own, built from its
    initial network as ``train`` builds it and fed its slices, which decides and
    words each warning exactly as in a single run.

    Parameters
    ----------
    networks : list of bpteach.network.Network
        Each copy's initial network (kept for the Monitors).
    stack : bpteach.network.Network
        The stacked network that is trained.
    x, t : numpy.ndarray of float64
        The checked training data.
    epochs, batch_size : int
    learning_rates : numpy.ndarray of float64, shape (K,)
    records : list of list
        ``records[k]`` receives copy k's warnings.
    """

    def __init__(self, networks, stack, x, t, *, epochs, learning_rates, batch_size, records):
        self.networks, self.stack, self.x, self.t = networks, stack, x, t
        self.epochs, self.learning_rates, self.batch_size = epochs, learning_rates, batch_size
        self.records, self.monitors = records, {}
        n_copies = len(networks)
        self.baseline = constant_output_error(stack.loss, t)
        # Before the first epoch: the conditions a Monitor checks when it is built.
        concerned = _has_identical_units(stack.layers)
        if targets_out_of_range(stack.layers[-1].activation, stack.loss, t) is not None or unscaled_inputs(x):
            concerned[:] = True
        for k in np.flatnonzero(concerned).tolist():
            self._monitor(k)
        self.flat_before = np.zeros(n_copies, dtype=bool)  # a hidden layer saturated at the last look
        # The rising error, kept up to date epoch by epoch rather than recomputed from every epoch at
        # each look: the cumulative sums of the errors (added in the order np.cumsum adds them, so the
        # WINDOW-epoch means are the same numbers) and the lowest of those means so far.
        self.sums, self.lowest, self.windows = np.zeros((n_copies, epochs + 1)), np.full(n_copies, np.inf), 0

    def _monitor(self, k):
        if k not in self.monitors:
            self.monitors[k] = Monitor(self.networks[k], self.x, self.t, epochs=self.epochs,
                                       learning_rate=self.learning_rates[k], batch_size=self.batch_size,
                                       record=self.records[k], stacklevel=None)
        return self.monitors[k]

    def after_epoch(self, epoch, errors, running):
        """Check every running copy after `epoch`; `errors` is (K, epochs_so_far), NaN for stopped copies."""
        self.sums[:, epoch + 1] = self.sums[:, epoch] + errors[:, epoch]
        if not _is_look(epoch, self.epochs):
            return
        n_copies = len(running)
        rising = np.zeros(n_copies, dtype=bool)
        if epoch + 1 >= 2 * WINDOW:
            # The windows that start at epochs `windows` to `end - 1` (new since the last look).
            end = epoch + 2 - WINDOW
            sums, start = self.sums, self.windows
            means = (sums[:, start + WINDOW:end + WINDOW] - sums[:, start:end]) / WINDOW
            self.lowest, self.windows = np.minimum(self.lowest, means.min(axis=1)), end
            rising = _rises(means[:, -1], self.lowest, errors[:, 0])
        stalled = _may_name_a_stall(self.stack.layers, errors, self.baseline)  # is_stalled, or a dead ReLU's
        # The hidden outputs of the copies that may need them: a forward pass of each for the
        # training inputs (bounds on u rule out most healthy copies at once).
        hidden_layers = self.stack.layers[:-1]
        look = np.flatnonzero(running & (rising | stalled | _may_be_flat(hidden_layers, self.x)))
        layers = _copies(hidden_layers, look)
        hidden = _hidden_outputs(layers, np.broadcast_to(self.x, (len(look), *self.x.shape)))
        flat = np.zeros(n_copies, dtype=bool)
        for layer, y in zip(layers, hidden):
            shares = saturated_units(layer.activation, y)
            if shares is not None:
                flat[look] |= _is_saturated(shares)
        # Copy k's own Monitor decides and words its warnings, from copy k's slices.
        for i, k in enumerate(look.tolist()):
            if rising[k] or stalled[k] or (flat[k] and self.flat_before[k]):
                watched = self._monitor(k)
                watched.flat_before = self.flat_before[k]
                watched.network.theta[...] = self.stack.theta[k]  # its network: copy k now
                watched.after_epoch(epoch, errors[k], hidden=[y[i] for y in hidden])
        self.flat_before = flat

    def warn(self, kinds, seeds, stacklevel):
        """Issue one TrainingWarning for each of `kinds` that some copies recorded, naming them."""
        n_copies = len(self.records)
        for kind in kinds:
            found = [(k, w) for k, record in enumerate(self.records) for w in record if w.kind == kind]
            if not found:
                continue
            k, first = found[0]
            names = _listed([Message(N_("{k} "
                                        "({seed})"), k=j, seed=seed_name(seeds[j])) for j, _ in found[:10]])
            if len(found) > 10:
                names += Message(N_(" and {more} more"), more=len(found) - 10)
            message = Message(N_("{found} of the {n} copies, {names}; each copy's own warning is in "
                                 "history(k).warnings. Copy {k}'s: {first}"),
                              found=len(found), n=n_copies, names=names, k=k,
                              first=first.args[0] if isinstance(first.args[0], Message) else str(first))
            warnings.warn(TrainingWarning(message, kind=kind, epoch=first.epoch), stacklevel=stacklevel + 1)


def seed_name(seed):
    """How a copy's seed is named in a message (a ``Message`` (``bpteach._language``))."""
    return (Message(N_("seed {seed}"), seed=seed) if not isinstance(seed, np.random.Generator)
            else Message(N_("its own generator")))


def _listed(parts):
    """The messages `parts` joined by ", " (a Message)."""
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + Message(N_(", ")) + part
    return joined


def _copies(layers, rows):
    """Return shallow copies of the stacked `layers` holding only the copies `rows`."""
    taken = []
    for layer in layers:
        layer = copy(layer)
        layer.W, layer.b = layer.W[rows], layer.b[rows]
        taken.append(layer)
    return taken


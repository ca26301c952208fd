r"""The training loop: epochs (エポック), shuffling and (mini-)batches.

One **epoch** visits every training sample once. Before each epoch the
samples are put in a fresh random order, drawn from the generator you pass;
inputs and targets are permuted together, so every pair stays a pair. The
samples are then taken ``batch_size`` at a time (the last batch may be
smaller), and for each batch:

1. forward pass: :math:`y = \text{network}(x)`, and the error :math:`E(y, t)`;
2. backward pass: every :math:`\partial E/\partial W` and
   :math:`\partial E/\partial b` (equations :eq:`dense-gradients` and
   :eq:`delta-recursion`);
3. update: :math:`W \leftarrow W - \eta\,\partial E/\partial W`
   (equation :eq:`sgd-update`).

With ``batch_size=1`` this is the textbook's online learning (オンライン学習,
逐次学習): one update per sample, as many updates per epoch as there are
training samples.

Batches
-------
The error of a batch :math:`B` of :math:`N` samples is the **sum** of its
samples' errors, :math:`E_B = \sum_{n\in B} E_n`, and so its gradient is the
sum of theirs (equation :eq:`batch-gradient-sum`). To first order in
:math:`\eta`, one step on the batch equals the :math:`N` online steps on its
samples combined. It is not :math:`N` times longer than an online step
unless all the samples' gradients point the same way, but the curvature of
:math:`E_B` is the sum of the :math:`N` samples' curvatures, so the largest
stable :math:`\eta` shrinks as :math:`N` grows; dividing :math:`\eta` by
:math:`N` keeps a step comparable (:doc:`/sgd` measures both).

The error that is recorded
--------------------------
For each epoch, the history records the **mean error per sample** over the
:math:`N_\text{data}` training samples,

.. math::

   \bar E = \frac{1}{N_\text{data}} \sum_{n=1}^{N_\text{data}} E_n,

where each :math:`E_n` comes from the forward pass of its own batch, before
that batch's update, as in the textbook. Every ``interval`` epochs one line
is printed in the textbook's format, ``Epoch:{i}/{epochs} Error:{mean}``.

Divergence
----------
Training runs with NumPy's floating-point errors turned into exceptions, so
the first overflow, the first NaN or infinite error, stops it at once (and
after every epoch the parameters are checked to be finite). Then
:func:`train` raises :class:`TrainingDiverged`: its message names the epoch
and the last finite error and the likely cause (usually a learning rate
that is too large; else unscaled data or initial weights that are too
large), and it carries the history so far. The network is never left with half-updated,
non-finite parameters: they are put back to their values at the end of the
last complete epoch (a copy of ``network.theta`` is kept once per epoch).

Interrupting
------------
Pressing Ctrl-C during a long run stops it the same way: the parameters are
put back to their values at the end of the last complete epoch, and
:func:`train` raises :class:`TrainingInterrupted` (a ``KeyboardInterrupt``,
so a script still stops) with a one-line message and the history of the
complete epochs. Catch it to keep working with what was learned so far::

    try:
        history = bpteach.train(net, x, t, epochs=100_000, learning_rate=0.1, rng=rng)
    except bpteach.TrainingInterrupted as stop:
        history = stop.history   # errors of epochs 0 .. stop.epoch - 1

>>> import numpy as np
>>> import bpteach
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
>>> x, t = bpteach.datasets.sin_curve()
>>> rng = np.random.default_rng(0)
>>> net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
...               loss=SumOfSquares())
>>> try:
...     bpteach.train(net, x, t, epochs=100, learning_rate=50, rng=rng, log=None)
... except bpteach.TrainingDiverged as err:
...     print(err.epoch, len(err.history.errors), f"{err.last_finite_error:.3g}")
1 1 1.24e+207

Examples
--------
>>> import numpy as np
>>> import bpteach
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
>>> rng = np.random.default_rng(0)
>>> x, t = bpteach.datasets.sin_curve()
>>> net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
...               loss=SumOfSquares())
>>> history = bpteach.train(net, x, t, epochs=3, learning_rate=0.1, rng=rng, log=None)
>>> history.errors.round(4)   # the mean error per sample of each epoch
array([0.2795, 0.2772, 0.267 ])
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np

from bpteach._validation import check_data, check_generator, check_positive_int, check_same_rows
from bpteach.network import Network
from bpteach.optimizers import SGD

__all__ = ["History", "TrainingDiverged", "TrainingInterrupted", "train", "format_log_line"]


@dataclass
class History:
    """What happened during :func:`train`.

    Attributes
    ----------
    epochs : int
        Number of epochs requested.
    errors : numpy.ndarray of float64, shape (epochs_run,)
        Mean error per sample of every epoch, ``errors[i]`` for epoch ``i``.
    log_lines : list of str
        The lines of the textbook-format log, in order.
    seconds : numpy.ndarray of float64, shape (epochs_run,)
        Wall-clock time in seconds from the start of training to the end of
        each epoch (measured, so it differs from run to run).
    outputs : dict of int to numpy.ndarray
        For every logged epoch ``i``, the network output for each training
        sample as computed in that sample's forward pass during epoch ``i``
        (before its update), in the original sample order; shape (N_data, n_out).
        This is what the textbook plots.
    """

    epochs: int
    errors: np.ndarray
    seconds: np.ndarray = field(default_factory=lambda: np.empty(0))
    log_lines: list = field(default_factory=list)
    outputs: dict = field(default_factory=dict)

    @property
    def logged_epochs(self):
        """list of int: the epochs at which a log line was written."""
        return sorted(self.outputs)


class TrainingDiverged(FloatingPointError):
    """Raised when the error or a parameter stops being finite during training.

    When it is raised, the network's parameters have been restored to their
    values at the end of the last complete epoch (or to their initial
    values if the first epoch diverged), so they are finite and match
    ``history``.

    Attributes
    ----------
    epoch : int
        The epoch during which it happened (counted from 0).
    last_finite_error : float or None
        The mean error of the last complete epoch, ``epoch - 1``; None if
        the first epoch diverged.
    history : History
        The history up to the last complete epoch: ``history.errors`` has
        ``epoch`` entries.

    Examples
    --------
    >>> from bpteach import TrainingDiverged
    >>> issubclass(TrainingDiverged, FloatingPointError)
    True
    """

    def __init__(self, message, *, epoch, last_finite_error, history):
        super().__init__(message)
        self.epoch = epoch
        self.last_finite_error = last_finite_error
        self.history = history


class TrainingInterrupted(KeyboardInterrupt):
    """Raised when :func:`train` is interrupted (Ctrl-C) in the middle of an epoch.

    A ``KeyboardInterrupt``, so an uncaught one stops a script as Ctrl-C
    always does. The network's parameters have been put back to their values
    at the end of the last complete epoch (or to their initial values if
    the first epoch was interrupted), so they match ``history``.

    Attributes
    ----------
    epoch : int
        The epoch that was interrupted (counted from 0); it is not in the
        history.
    history : History
        The history of the complete epochs: ``history.errors`` has
        ``epoch`` entries.

    Examples
    --------
    >>> from bpteach import TrainingInterrupted
    >>> issubclass(TrainingInterrupted, KeyboardInterrupt)
    True
    """

    def __init__(self, message, *, epoch, history):
        super().__init__(message)
        self.epoch = epoch
        self.history = history


def _interrupted(epoch, epochs, history):
    """Build the :class:`TrainingInterrupted` for `epoch`, parameters already restored."""
    if epoch == 0:
        message = (f"training interrupted in epoch 0 of {epochs}, before any epoch finished: "
                   "the network's parameters are back at their initial values")
    else:
        message = (f"training interrupted in epoch {epoch} of {epochs}: the network's parameters are "
                   f"back at the end of epoch {epoch - 1}, and the exception's .history holds "
                   f"epochs 0 to {epoch - 1}")
    return TrainingInterrupted(message, epoch=epoch, history=history)


def format_log_line(epoch, epochs, error):
    """Return one log line in the textbook's format.

    Parameters
    ----------
    epoch : int
        The epoch just finished (counted from 0).
    epochs : int
        The total number of epochs.
    error : float
        Mean error per sample in that epoch.

    Returns
    -------
    str

    Examples
    --------
    >>> from bpteach.training import format_log_line
    >>> format_log_line(0, 2001, 0.2656120039625669)
    'Epoch:0/2001 Error:0.2656120039625669'
    """
    return f"Epoch:{epoch}/{epochs} Error:{float(error)!r}"


def _diverged(network, epoch, epochs, history, learning_rate, batch_size, x, t):
    """Build the :class:`TrainingDiverged` for a divergence in `epoch`, parameters restored."""
    if epoch == 0:
        last = None
        when = f"in epoch 0 of {epochs}, before any epoch finished"
        restored = "their initial values"
    else:
        last = float(history.errors[-1])
        when = (f"in epoch {epoch} of {epochs}; the last finite mean error was {last:.6g}, "
                f"after epoch {epoch - 1}")
        restored = f"their values after epoch {epoch - 1}"
    message = (f"training diverged {when}: the error or a parameter became infinite or NaN "
               "(float64 overflow). ")
    largest = max(float(np.abs(x).max()), float(np.abs(t).max()))
    initial = max(float(np.abs(p).max()) for layer in network.layers for p in (layer.W, layer.b))
    if largest > 100:
        message += (f"Your data reach {largest:.4g} in absolute value: scale x and t to about "
                    "[-1, 1] (and if it still diverges, try a smaller learning_rate than "
                    f"{learning_rate:g}).")
    elif epoch == 0 and initial > 10:
        message += (f"The initial weights and biases already reach {initial:.4g} in absolute "
                    "value: build the layers with a smaller wb_width (the textbook uses 0.01).")
    elif batch_size > 1:
        message += (f"With batch_size={batch_size} the gradient is the sum over the batch, so the "
                    f"error's curvature is the sum of {batch_size} samples' and a stable "
                    "learning_rate is correspondingly smaller: try "
                    f"learning_rate={learning_rate / batch_size:.3g}, and divide it further by 10 "
                    "until the error falls.")
    else:
        message += (f"The learning rate {learning_rate:g} is probably too large: try a smaller "
                    f"learning_rate, say {learning_rate / 10:g}, and keep dividing it by 10 until the "
                    "error falls" + (" (the textbook's examples use 0.1)." if learning_rate > 0.1 else "."))
    message += (f" The network's parameters were restored to {restored}; "
                "the exception's .history holds the errors so far.")
    return TrainingDiverged(message, epoch=epoch, last_finite_error=last, history=history)


def train(network, x, t, *, epochs, learning_rate, rng, batch_size=1, interval=None, log=print):
    r"""Train `network` on ``(x, t)`` with stochastic gradient descent.

    Parameters
    ----------
    network : bpteach.network.Network
        The network to train; its parameters are updated in place.
    x : array_like of real numbers, shape (N_data, n_in)
        Inputs, one sample per row. Not modified. Any integer, boolean or
        float dtype up to float64 is accepted; training always computes in
        float64 on a converted copy (so float32 data is converted, not
        refused). A 1-D array is refused, not guessed at: use
        ``x.reshape(-1, 1)`` for one input per sample.
    t : array_like of real numbers, shape (N_data, n_out)
        Targets, one row per sample: one-hot rows for cross-entropy (turn
        integer class labels into them with
        :func:`bpteach.datasets.one_hot`). Not modified; converted like
        `x`.
    epochs : int
        Number of epochs, :math:`\ge 1`. Epochs are numbered ``0 .. epochs-1``.
    learning_rate : float
        The learning rate :math:`\eta > 0`.
    rng : numpy.random.Generator
        Source of the per-epoch shuffles.
    batch_size : int, optional
        Samples per update, from 1 (online learning, the default and the
        textbook's choice) to N_data, the number of training samples (full batch).
    interval : int, optional
        Write a log line every `interval` epochs (epoch 0 included). None
        (the default) writes none.
    log : callable or None, optional
        Called with each log line (default ``print``); None to stay quiet.
        The lines are kept in ``History.log_lines`` either way.

    Returns
    -------
    History
        Per-epoch errors, the log lines and the outputs at logged epochs.

    Raises
    ------
    TypeError
        If `network` is not a :class:`~bpteach.network.Network`, `rng` is not
        a generator, or an integer argument is not an integer.
    ValueError
        If `x` or `t` has the wrong shape, is empty or not finite, if they
        hold different numbers of samples, if `t` is not one-hot for
        cross-entropy, or if `epochs`, `batch_size`, `interval` or
        `learning_rate` is out of range. Every message names the argument,
        what was expected and what was received.
    TrainingDiverged
        If the error or a parameter becomes infinite or NaN; the network's
        parameters are then restored to the end of the last complete epoch.
    TrainingInterrupted
        On Ctrl-C (``KeyboardInterrupt``) during an epoch; the parameters
        are likewise restored, and the exception's ``history`` holds the
        complete epochs.

    Examples
    --------
    >>> import numpy as np
    >>> import bpteach
    >>> from bpteach import Network, Dense, Sigmoid, Softmax, CrossEntropy
    >>> rng = np.random.default_rng(0)
    >>> x, t = bpteach.datasets.sin_boundary()
    >>> net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
    ...               loss=CrossEntropy())
    >>> history = bpteach.train(net, x, t, epochs=2, learning_rate=0.1, rng=rng, log=None)
    >>> history.errors.round(2)
    array([0.73, 0.65])
    """
    if not isinstance(network, Network):
        raise TypeError(
            f"network must be a bpteach Network, e.g. Network([Dense(...), ...], loss=SumOfSquares()), "
            f"got {network!r}"
        )
    network.check()  # a network changed since it was built: re-linked, or refused clearly
    x = check_data(x, "x", network.n_in, f"one per network input (n_in={network.n_in})")
    t = network.loss.check_targets(t, network.n_out)
    check_same_rows(x, t)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    n = x.shape[0]
    if batch_size > n:
        raise ValueError(f"batch_size must be between 1 and the number of samples ({n}), got {batch_size}")
    if interval is not None:
        interval = check_positive_int(interval, "interval")
    optimizer = SGD(learning_rate)
    check_generator(rng)
    if log is not None and not callable(log):
        raise TypeError(f"log must be a callable such as print, or None, got {log!r}")

    errors, seconds = np.empty(epochs), np.empty(epochs)
    history = History(epochs=epochs, errors=errors[:0], seconds=seconds[:0])
    start_time = time.perf_counter()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for epoch in range(epochs):
            # Once per epoch: a copy of all parameters, put back if this epoch diverges.
            saved = network.theta.copy()
            logging = interval is not None and epoch % interval == 0
            # A fresh shuffle each epoch; x and t share one permutation.
            order = rng.permutation(n)
            x_epoch, t_epoch = x[order], t[order]
            if logging:
                outputs = np.empty_like(t)
            total_error = 0.0
            try:
                for start in range(0, n, batch_size):
                    stop = start + batch_size
                    x_batch, t_batch = x_epoch[start:stop], t_epoch[start:stop]
                    y = network.forward(x_batch)
                    total_error += network.error(t_batch)
                    network.backward(t_batch, input_gradient=False)
                    optimizer.step(network)
                    if logging:
                        outputs[order[start:stop]] = y
                finite = math.isfinite(total_error) and bool(np.isfinite(network.theta).all())
            except FloatingPointError:
                finite = False
            except KeyboardInterrupt:  # Ctrl-C: back to the last complete epoch, history kept
                network.theta[...] = saved
                raise _interrupted(epoch, epochs, history) from None
            if not finite:
                network.theta[...] = saved  # every layer's W and b is a view into theta
                raise _diverged(network, epoch, epochs, history, optimizer.learning_rate, batch_size, x, t)
            errors[epoch] = total_error / n
            seconds[epoch] = time.perf_counter() - start_time
            history.errors, history.seconds = errors[: epoch + 1], seconds[: epoch + 1]
            if logging:
                line = format_log_line(epoch, epochs, errors[epoch])
                history.log_lines.append(line)
                history.outputs[epoch] = outputs
                if log is not None:
                    log(line)
    return history

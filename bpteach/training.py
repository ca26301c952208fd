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

Held-out data
-------------
``train(..., validation=(x_val, t_val))`` evaluates the network on data it
does not learn from after every epoch, and fills the history with the
validation error (and, for classification, the training and validation
accuracy); ``restore_best=True`` then keeps the parameters of the epoch
with the lowest validation error (early stopping). See :func:`train`, and
the gallery's handwritten digits for both at work.

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
With validation data, an error on them that is no longer finite stops the
run in the same way (unscaled ``x_val`` overflows long before training
does), and ``restore_best=True`` still holds: the parameters are then those
of the best epoch, and the message says so.

Interrupting
------------
Pressing Ctrl-C during a long run stops it the same way: the parameters are
put back to their values at the end of the last complete epoch (with
``restore_best=True``, of the best epoch so far: stopping by hand is early
stopping too), and :func:`train` raises :class:`TrainingInterrupted` (a
``KeyboardInterrupt``, so a script still stops) with a one-line message and
the history of the complete epochs. Catch it to keep working with what was
learned so far::

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

from bpteach._language import N_, Message, record_twin
from bpteach._run import (
    check_data_for,
    check_memory,
    check_schedule,
    divergence_advice,
    interrupted_message,
    keep_run_so_far,
    no_second_interrupt,
    run_memory,
)
from bpteach._validation import check_data, check_generator, check_same_rows
from bpteach.diagnostics import Monitor
from bpteach.losses import CrossEntropy
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
    warnings : list of bpteach.diagnostics.TrainingWarning
        Every warning the run issued, in order; each has ``.kind`` and
        ``.epoch`` (see :mod:`bpteach.diagnostics`). Empty for a healthy run.
    validation_errors : numpy.ndarray of float64, shape (epochs_run,), or None
        With ``validation=(x_val, t_val)``: the mean error per validation
        sample after each epoch, equation :eq:`validation-metrics`. None
        without validation data.
    validation_accuracies : numpy.ndarray of float64, shape (epochs_run,), or None
        With validation data and cross-entropy: the fraction of validation
        samples whose largest output is their class, after each epoch.
        None otherwise.
    accuracies : numpy.ndarray of float64, shape (epochs_run,), or None
        With validation data and cross-entropy: the fraction of training
        samples classified correctly, counted from the same forward passes
        as `errors` (during the epoch, each before its batch's update).
        None otherwise.
    best_epoch : int or None
        With validation data: the epoch with the lowest validation error
        (the first one, on a tie). None otherwise.
    """

    epochs: int
    errors: np.ndarray
    seconds: np.ndarray = field(default_factory=lambda: np.empty(0))
    log_lines: list = field(default_factory=list)
    outputs: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    validation_errors: np.ndarray | None = None
    validation_accuracies: np.ndarray | None = None
    accuracies: np.ndarray | None = None
    best_epoch: int | None = None

    @property
    def logged_epochs(self):
        """list of int: the epochs at which a log line was written."""
        return sorted(self.outputs)


class TrainingDiverged(FloatingPointError):
    """Raised when the error or a parameter stops being finite during training.

    When it is raised, the network's parameters have been restored to their
    values at the end of the last complete epoch (or to their initial
    values if the first epoch diverged), so they are finite and match
    ``history``; with ``restore_best=True``, to those of
    ``history.best_epoch``. :func:`~bpteach.stacked.train_stacked` raises it
    when every copy has diverged, each copy restored to its own last
    complete epoch.

    Attributes
    ----------
    epoch : int
        The epoch during which it happened (counted from 0).
    last_finite_error : float or None
        The mean error of the last complete epoch, ``epoch - 1``; None if
        the first epoch diverged (and from
        :func:`~bpteach.stacked.train_stacked`).
    history : History or bpteach.stacked.StackedHistory
        The history up to the last complete epoch: ``history.errors`` has
        ``epoch`` entries. From :func:`~bpteach.stacked.train_stacked`, the
        result so far, with every copy's errors up to epoch ``epoch``.

    Examples
    --------
    >>> from bpteach import TrainingDiverged
    >>> issubclass(TrainingDiverged, FloatingPointError)
    True

    Its message is a ``Message`` (``bpteach._language``): ``str(err)`` is the
    text in the language in force, ``err.text("ja")`` the Japanese (日本語),
    ``err.text("en")`` the English.
    """

    def __init__(self, message, *, epoch, last_finite_error, history):
        super().__init__(message)
        self.epoch = epoch
        self.last_finite_error = last_finite_error
        self.history = history

    def text(self, language=None):
        """The message in `language` (``"en"`` or ``"ja"``; default: the language in force)."""
        message = self.args[0]
        return message.text(language) if isinstance(message, Message) else str(message)

    def __str__(self):
        record_twin(self)
        return self.text()

    def __reduce__(self):  # pickled whole (multiprocessing sends exceptions back this way)
        return _rebuild, (type(self), self.args[0], self.__dict__)


class TrainingInterrupted(KeyboardInterrupt):
    """Raised when :func:`train` or :func:`~bpteach.stacked.train_stacked` is interrupted (Ctrl-C).

    A ``KeyboardInterrupt``, so an uncaught one stops a script as Ctrl-C
    always does. The network's parameters have been put back to their values
    at the end of the last complete epoch (or to their initial values if
    the first epoch was interrupted), so they match ``history``; with
    ``restore_best=True``, to those of ``history.best_epoch``. After
    :func:`~bpteach.stacked.train_stacked`, every copy is back at the end of
    the last complete epoch (a copy that had diverged, at the end of its own).

    Attributes
    ----------
    epoch : int
        The epoch that was interrupted (counted from 0); it is not in the
        history.
    history : History or bpteach.stacked.StackedHistory
        The history of the complete epochs: ``history.errors`` has
        ``epoch`` entries (from :func:`~bpteach.stacked.train_stacked`,
        ``epoch`` columns).

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

    def __reduce__(self):  # pickled whole, as TrainingDiverged
        return _rebuild, (type(self), str(self), self.__dict__)


def _rebuild(cls, message, attributes):
    """Unpickle a :class:`TrainingDiverged` or :class:`TrainingInterrupted` with its attributes and notes."""
    err = cls.__new__(cls)
    cls.__base__.__init__(err, message)
    err.__dict__.update(attributes)
    return err


def _interrupted(epoch, epochs, history, best):
    """Build the :class:`TrainingInterrupted` for `epoch`, parameters already restored."""
    kept = None if best is None else _best_words(best, history)
    message = interrupted_message("training", epoch, epochs, "the network's parameters", kept)
    return TrainingInterrupted(message, epoch=epoch, history=history)


def _best_words(best, history):
    """Where restore_best put the parameters, in words (a ``Message`` (``bpteach._language``))."""
    return Message(N_("those of epoch {epoch}, which had the lowest validation error, {error:.4g} "
                      "(restore_best=True)"), epoch=best[0], error=float(history.validation_errors[best[0]]))


def format_log_line(epoch, epochs, error, validation_error=None, validation_accuracy=None):
    """Return one log line in the textbook's format.

    Parameters
    ----------
    epoch : int
        The epoch just finished (counted from 0).
    epochs : int
        The total number of epochs.
    error : float
        Mean error per sample in that epoch.
    validation_error, validation_accuracy : float, optional
        With validation data, its mean error and accuracy after the epoch,
        appended to the textbook's line.

    Returns
    -------
    str

    Examples
    --------
    >>> from bpteach.training import format_log_line
    >>> format_log_line(0, 2001, 0.2656120039625669)
    'Epoch:0/2001 Error:0.2656120039625669'
    >>> format_log_line(3, 30, 0.1, 0.125, 0.96)
    'Epoch:3/30 Error:0.1 Validation error:0.125 accuracy:0.9600'
    """
    line = f"Epoch:{epoch}/{epochs} Error:{float(error)!r}"
    if validation_error is not None:
        line += f" Validation error:{float(validation_error)!r}"
    if validation_accuracy is not None:
        line += f" accuracy:{float(validation_accuracy):.4f}"
    return line


def _diverged(network, epoch, epochs, history, best, *, learning_rate, batch_size, data, on_validation):
    """Build the :class:`TrainingDiverged` for a divergence in `epoch`, the parameters back at its start.

    With `best` (restore_best), the parameters are then set to the best epoch's. `data` is
    ``(x, t, x_val, t_val)``; `on_validation` whether only the validation error overflowed.
    """
    if epoch == 0:
        last = None
        when = Message(N_("in epoch 0 of {epochs}, before any epoch finished"), epochs=epochs)
        restored = Message(N_("their initial values"))
    else:
        last = float(history.errors[-1])
        when = Message(N_("in epoch {epoch} of {epochs}; the last finite mean error was {last:.6g}, after "
                          "epoch {before}"), epoch=epoch, epochs=epochs, last=last, before=epoch - 1)
        restored = Message(N_("their values after epoch {epoch}"), epoch=epoch - 1)
    x, t, x_val, t_val = data
    scales = [(N_("data"), N_("x and t"), max(float(np.abs(x).max()), float(np.abs(t).max())))]
    if x_val is not None:
        scales.append((N_("validation data"), N_("x_val and t_val (as you scaled x and t)"),
                       max(float(np.abs(x_val).max()), float(np.abs(t_val).max()))))
    advice = divergence_advice(data=scales, initial_scale=float(np.abs(network.theta).max()),
                               first_epoch=epoch == 0, learning_rate=learning_rate, batch_size=batch_size)
    if best is not None:
        restored = _best_words(best, history)
        network.theta[...] = best[1]
    what = Message(N_("the error on the validation data (x_val, t_val)") if on_validation
                   else N_("the error or a parameter"))
    message = Message(N_("training diverged {when}: {what} became infinite or NaN (float64 overflow). "
                         "{advice} "
                         "The network's parameters were restored to {restored}; the exception's .history "
                         "holds "
                         "the errors so far."), when=when, what=what, advice=advice, restored=restored)
    return TrainingDiverged(message, epoch=epoch, last_finite_error=last, history=history)


def train(network, x, t, *, epochs, learning_rate, rng, batch_size=1, interval=None, log=print,
          validation=None, restore_best=False):
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
    validation : tuple (x_val, t_val), optional
        Held-out data, checked like `x` and `t` (the messages name `x_val`
        and `t_val`): inputs of shape (N_val, n_in), targets of shape (N_val, n_out).
        After every epoch the network is evaluated on them (equation
        :eq:`validation-metrics`) and ``History.validation_errors`` (and,
        for cross-entropy, ``History.validation_accuracies`` and
        ``History.accuracies``) and ``History.best_epoch`` are filled. The
        evaluation neither updates the network nor draws from `rng`: the
        training run is the same, to the last bit, with or without it. A
        validation error that is not finite (float64 overflowed, say for
        unscaled `x_val`) stops the run as a divergence does.
    restore_best : bool, optional
        With `validation`: at the end, put the parameters back to their
        values after ``History.best_epoch``, the epoch with the lowest
        validation error (early stopping, see the Notes); also when the run
        diverges or is interrupted. Default False: the network keeps the
        parameters of the last (complete) epoch.

    Returns
    -------
    History
        Per-epoch errors, the log lines and the outputs at logged epochs;
        with `validation`, also the validation metrics.

    Raises
    ------
    TypeError
        If `network` is not a :class:`~bpteach.network.Network`, `rng` is not
        a generator, or an integer argument is not an integer.
    RuntimeError
        If `network` is being trained by another call of :func:`train` that
        has not returned (in another thread, or from this run's `log`).
    ValueError
        If `x` or `t` (or `x_val` or `t_val`) has the wrong shape, is
        empty or not finite, if they hold different numbers of samples, if
        `t` is not one-hot for cross-entropy, if `validation` is not a pair,
        if `restore_best` is set without `validation`, or if `epochs`,
        `batch_size`, `interval` or `learning_rate` is out of range. Every
        message names the argument, what was expected and what was received.
    MemoryError
        If the history of `epochs` epochs (and the outputs at the logged
        ones) cannot fit in the memory available, estimated before anything
        is allocated; the message gives the estimate and the arguments that
        set it. Warns (``UserWarning``) when it would take more than half.
    TrainingDiverged
        If the error, a parameter or the validation error becomes infinite
        or NaN; the network's parameters are then restored to the end of the
        last complete epoch (with `restore_best`, of the best epoch).
    TrainingInterrupted
        On Ctrl-C (``KeyboardInterrupt``) during an epoch; the parameters
        are likewise restored, and the exception's ``history`` holds the
        complete epochs.
    Exception
        Any other exception that stops the run, such as one raised by `log`
        or a :class:`~bpteach.diagnostics.TrainingWarning` turned into an
        error by a warnings filter, is raised again with the parameters
        likewise restored, the history of the complete epochs as its
        ``history`` and a note that says so.

    Warns
    -----
    bpteach.diagnostics.TrainingWarning
        When the run fails quietly: targets the output layer cannot produce or
        identical hidden neurons (before the first epoch); a rising error,
        saturated hidden neurons or no progress at all (after an epoch). Each
        at most once per run, also kept in ``History.warnings``; see
        :mod:`bpteach.diagnostics` for the conditions and their thresholds.

    Notes
    -----
    **Held-out data.** The training error measures how well the network
    fits the samples it learns from, and a network with enough parameters
    can drive it towards 0 by memorising them. Data it never trains on tell
    how well it *generalises*. After epoch :math:`i` (with the parameters
    :math:`\theta_i` at its end), the :math:`N_\text{val}` validation samples give
    (equation :eq:`validation-metrics`)

    .. math::

       \bar E^\text{val}_i = \frac{1}{N_\text{val}} \sum_{n=1}^{N_\text{val}}
       E\bigl(y(x_n; \theta_i), t_n\bigr),
       \qquad
       \text{acc}^\text{val}_i = \frac{1}{N_\text{val}} \sum_{n=1}^{N_\text{val}}
       \mathbb{1}\bigl[\arg\max_k y_k(x_n; \theta_i) = c_n\bigr],

    where :math:`c_n` is the class of validation sample :math:`n`.

    The training error of the same epoch is measured *during* it, each
    batch before its own update (as the textbook does), so it describes
    parameters from half an epoch earlier on average.

    **Early stopping.** When the validation error turns up while the
    training error still falls, the network has started to fit the noise
    of its training samples. Keeping the parameters of the epoch with the
    lowest validation error, ``restore_best=True``, is the simplest form of
    early stopping (Goodfellow, Bengio & Courville, *Deep Learning*, 2016,
    §7.8, Algorithm 7.1). Because that epoch was chosen *with* the
    validation data, the validation error flatters the chosen network:
    measure it once more on a third, untouched test set.

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

    Equation :eq:`validation-metrics`: with held-out data (here every other
    grid point), the last validation error and accuracy are those of the
    trained network on them, and training is the same with or without them:

    >>> rng = np.random.default_rng(0)
    >>> net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
    ...               loss=CrossEntropy())
    >>> history = bpteach.train(net, x[::2], t[::2], epochs=3, learning_rate=0.1, rng=rng,
    ...                         log=None, validation=(x[1::2], t[1::2]))
    >>> y = net.predict(x[1::2])
    >>> error = -np.sum(t[1::2] * np.log(y)) / len(y)
    >>> bool(np.isclose(history.validation_errors[-1], error, rtol=1e-12, atol=0))
    True
    >>> correct = np.mean(y.argmax(1) == t[1::2].argmax(1))
    >>> bool(history.validation_accuracies[-1] == correct)  # exact: k/n, computed the same way
    True
    >>> history.best_epoch == int(np.argmin(history.validation_errors))
    True
    """
    if not isinstance(network, Network):
        raise TypeError(
            f"network must be a bpteach Network, e.g. Network([Dense(...), ...], loss=SumOfSquares()), "
            f"got {network!r}"
        )
    network.check()  # a network changed since it was built: re-linked, or refused clearly
    epochs, batch_size, interval = check_schedule(epochs, batch_size, interval, log)
    x, t = check_data_for(network, x, t, batch_size)
    optimizer = SGD(learning_rate)
    check_generator(rng)
    x_val, t_val = _check_validation(network, validation, restore_best)
    n = x.shape[0]
    # Refused (or warned about) before anything large is allocated, in the arguments' terms.
    n_logged = 0 if interval is None else -(-epochs // interval)
    check_memory(run_memory(epochs=epochs, n_logged=n_logged, n=n, n_out=network.n_out,
                            n_val=0 if x_val is None else len(x_val)),
                 stacklevel=2, who="train", advice="train for fewer epochs, or log with a larger interval")

    errors, seconds = np.empty(epochs), np.empty(epochs)
    history = History(epochs=epochs, errors=errors[:0], seconds=seconds[:0])
    # Checks the targets and initial weights now, then the run as the epochs go by.
    monitor = Monitor(network, x, t, epochs=epochs, learning_rate=optimizer.learning_rate,
                      batch_size=batch_size, record=history.warnings)
    # Accuracy is counted for classification (cross-entropy, one-hot targets) only.
    classes = t.argmax(axis=1) if x_val is not None and isinstance(network.loss, CrossEntropy) else None
    if x_val is not None:
        history.validation_errors = np.empty(0)
        if classes is not None:
            history.accuracies, history.validation_accuracies = np.empty(0), np.empty(0)
    # The parameters at the end of the last complete epoch, put back if an epoch diverges or is
    # interrupted; with restore_best, also (epoch, parameters) of the lowest validation error so far.
    saved, best, epoch = network.theta.copy(), None, 0
    # One run at a time per network: checked and marked together, just before the loop.
    if getattr(network, "_in_training", False):
        raise RuntimeError(
            "network is already being trained by a call of train that has not returned (in another thread, "
            "or whose log called train again): two runs would update the same parameters at once. Train a "
            "second network for the second run, e.g. bpteach.load of a saved copy")
    network._in_training = True
    start_time = time.perf_counter()
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            for epoch in range(epochs):
                logging = interval is not None and epoch % interval == 0
                keep_outputs = logging or classes is not None  # training accuracy: from the outputs
                # A fresh shuffle each epoch; x and t share one permutation.
                order = rng.permutation(n)
                x_epoch, t_epoch = x[order], t[order]
                outputs = np.empty_like(t) if keep_outputs else None
                total_error = 0.0
                try:
                    for start in range(0, n, batch_size):
                        stop = start + batch_size
                        x_batch, t_batch = x_epoch[start:stop], t_epoch[start:stop]
                        y = network.forward(x_batch)
                        total_error += network.error(t_batch)
                        network.backward(t_batch, input_gradient=False)
                        optimizer.step(network)
                        if keep_outputs:
                            outputs[order[start:stop]] = y
                    finite = math.isfinite(total_error) and bool(np.isfinite(network.theta).all())
                except FloatingPointError:
                    finite = False
                if finite and x_val is not None:
                    # Held-out data, equation (validation-metrics): a forward pass only, with no
                    # update and no draw from rng, so training runs the same with or without it.
                    measured = _validate(network, x_val, t_val, outputs, classes)
                if not finite or (x_val is not None and not math.isfinite(measured[0])):
                    network.theta[...] = saved  # every layer's W and b is a view into theta
                    raise _diverged(network, epoch, epochs, history, best, data=(x, t, x_val, t_val),
                                    learning_rate=optimizer.learning_rate, batch_size=batch_size,
                                    on_validation=finite)
                # The epoch is complete: record it.
                errors[epoch] = total_error / n
                seconds[epoch] = time.perf_counter() - start_time
                line_extras = ()
                if x_val is not None:
                    line_extras = _record_validation(history, measured)
                history.errors, history.seconds = errors[: epoch + 1], seconds[: epoch + 1]
                saved[...] = network.theta
                if x_val is not None and _is_best(history, epoch):
                    if restore_best:
                        best = (epoch, network.theta.copy())
                    history.best_epoch = epoch
                monitor.after_epoch(epoch, history.errors, validation_errors=history.validation_errors)
                if logging:
                    line = format_log_line(epoch, epochs, errors[epoch], *line_extras)
                    history.log_lines.append(line)
                    history.outputs[epoch] = outputs
                    if log is not None:
                        log(line)
                        network.check()  # the log may have rebound a layer's W or b: re-link it to theta
    except KeyboardInterrupt:  # Ctrl-C: back to the last complete epoch (or the best), history kept
        with no_second_interrupt():
            if len(history.errors) == epoch:  # the epoch in progress was not recorded
                network.theta[...] = saved
            _keep_complete_epochs(history, best)
            if best is not None:
                network.theta[...] = best[1]
            stop = _interrupted(len(history.errors), epochs, history, best)
        raise stop from None
    except TrainingDiverged:
        raise
    except Exception as err:  # the log raised, a warning was made an error: the run so far is kept
        if len(history.errors) == epoch:  # the epoch in progress was not recorded
            network.theta[...] = saved
        _keep_complete_epochs(history, best)
        if best is not None:
            network.theta[...] = best[1]
        kept = None if best is None else _best_words(best, history)
        keep_run_so_far(err, "training", len(history.errors), epochs, "the network's parameters", kept,
                        history)
        raise
    finally:
        network._in_training = False
    if best is not None:
        network.theta[...] = best[1]  # restore_best: the parameters after history.best_epoch
    return history


def _validate(network, x_val, t_val, outputs, classes):
    """Evaluate `network` on the validation data; return its error, and the accuracies or None.

    The validation error, the validation accuracy and the training accuracy (from
    the `outputs` of the epoch's own forward passes), each None where not counted.
    An overflow gives an infinite or NaN error (which stops the run as a divergence).
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        y_val = network.forward(x_val)
        error = network.error(t_val) / len(x_val)
    if classes is None:
        return error, None, None
    # The training samples' outputs were kept in their forward passes during the epoch.
    return (error, np.mean(y_val.argmax(axis=1) == t_val.argmax(axis=1)),
            np.mean(outputs.argmax(axis=1) == classes))


def _record_validation(history, measured):
    """Append the validation metrics of an epoch; return those the log line shows."""
    error, accuracy, training_accuracy = measured
    history.validation_errors = np.append(history.validation_errors, error)
    if accuracy is not None:
        history.validation_accuracies = np.append(history.validation_accuracies, accuracy)
        history.accuracies = np.append(history.accuracies, training_accuracy)
    return error, accuracy


def _is_best(history, epoch):
    """Whether `epoch`'s validation error is the lowest so far (the first one, on a tie)."""
    return history.best_epoch is None or (
        history.validation_errors[epoch] < history.validation_errors[history.best_epoch])


def _keep_complete_epochs(history, best):
    """Cut what an interruption left half-recorded: `history` keeps its complete epochs only."""
    n = len(history.errors)
    for name in ("validation_errors", "validation_accuracies", "accuracies"):
        if getattr(history, name) is not None:
            setattr(history, name, getattr(history, name)[:n])
    history.outputs = {epoch: y for epoch, y in history.outputs.items() if epoch < n}
    if best is not None:
        history.best_epoch = best[0]
    elif history.best_epoch is not None and history.best_epoch >= n:
        history.best_epoch = int(np.argmin(history.validation_errors)) if n else None


def _check_validation(network, validation, restore_best):
    """Return the checked ``(x_val, t_val)`` of `validation`, or ``(None, None)``."""
    if not isinstance(restore_best, bool | np.bool_):
        raise TypeError(f"restore_best must be True or False, got {restore_best!r}")
    if validation is None:
        if restore_best:
            raise ValueError("restore_best=True needs validation data: pass validation=(x_val, t_val), "
                             "whose error chooses the epoch to restore")
        return None, None
    expected = "validation must be a pair (x_val, t_val) of validation inputs and targets"
    if not isinstance(validation, tuple | list):
        raise TypeError(f"{expected}, got {type(validation).__name__}")
    if len(validation) != 2:
        raise ValueError(f"{expected}, got a {type(validation).__name__} of length {len(validation)}")
    x_val = check_data(validation[0], "x_val", network.n_in, f"one per network input (n_in={network.n_in})")
    t_val = network.loss.check_targets(validation[1], network.n_out, name="t_val")
    check_same_rows(x_val, t_val, "x_val", "t_val")
    return x_val, t_val

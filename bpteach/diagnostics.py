r"""Training diagnostics: warnings that name a run which learns nothing useful.

Most failed runs never overflow (that is :class:`~bpteach.training.TrainingDiverged`):
they run to the end and learn nothing, and a learner who trusts the code blames
backpropagation. :func:`~bpteach.training.train` therefore watches ten
conditions, cheaply, and when one holds it issues a :class:`TrainingWarning`
(a :class:`UserWarning`, so ``warnings.filterwarnings`` controls it) whose
message gives the numbers it saw, the likely cause and what to try. Each
condition is reported at most once per run, and also recorded in
``History.warnings`` with the epoch and its ``kind``.

Two are known **before the first epoch**, from the data and the initial
parameters:

``"targets_out_of_range"``
    Targets outside the range of the output activation: a sigmoid output
    produces :math:`0 < y < 1`, a tanh :math:`-1 < y < 1`, a ReLU
    :math:`y \ge 0`, a softmax rows of probabilities. No training can reach
    such a target, and for the sum of squares the error cannot fall below
    :math:`\frac{1}{N_\text{data}}\sum_n \tfrac12\lVert t_n - \operatorname{clip}(t_n)\rVert^2`,
    which the message prints.
``"identical_units"``
    Two or more neurons of a hidden layer that are exact copies: the same
    incoming weights and bias, and the same outgoing weights. They compute the
    same output and receive the same :math:`\delta`, so every update keeps them
    equal: the layer works as if it had fewer neurons, forever. This is what
    ``wb_width=0`` does (symmetric initialisation).

Three are watched **as the epochs go by**, from the recorded errors and the
hidden layers' outputs on the training inputs: after each of the first
:data:`CHECK_EVERY` epochs, then after every :data:`CHECK_EVERY`-th one and
after the last (a look costs about one forward pass of the training set, so
it is not taken after every epoch):

``"rising_error"``
    The mean error of the last :data:`WINDOW` epochs is more than
    :data:`RISE_FACTOR` times the lowest such mean so far (or than the first
    epoch's error, if that was lower), and the rise is at
    least :data:`RISE_VISIBLE` of the first epoch's error (so that it shows on a
    linear learning curve; a converged run wobbling at :math:`10^{-6}` is not
    rising, and neither is a mini-batch run that has already learned most of
    the task and whose error bumps by a few per cent of where it started, as
    several seeds of the regression with ``batch_size=8`` do: the test suite
    checks four whose 10-epoch mean more than doubles). The usual
    cause is a learning rate too large for the problem: each step overshoots
    the minimum.
``"saturated_units"``
    At two looks in a row, a hidden layer whose neurons sit where their
    derivative :math:`f'(u)` is below :data:`FLAT_DERIVATIVE` of its largest
    value: for at least
    :data:`SATURATED_SHARE` of all (sample, neuron) pairs, or on every sample
    for at least :data:`DEAD_SHARE` of the neurons (a ReLU that outputs 0 for
    every input is "dead"). The error signal of such a layer,
    :math:`\delta = \partial E/\partial y \odot f'(u)` (equation
    :eq:`delta-elementwise`), nearly vanishes, and with it the layer's updates.
    Usual causes: inputs not scaled to about :math:`[-1, 1]`, initial weights
    too large, or a learning rate that pushed the weights far out.
``"no_progress"``
    After :data:`PATIENCE` epochs, the mean error of the last :data:`WINDOW`
    epochs is still at least :data:`NO_PROGRESS_SHARE` of the error that a
    network which ignores its input reaches: one that always outputs the mean
    target :math:`\bar t` (for one-hot targets, the class frequencies), see
    :func:`constant_output_error` (or above it: a run can do worse than a
    constant output, usually with steps that overshoot); and it has stopped
    falling: over the last
    :data:`WINDOW` epochs it fell by less than :data:`STALL_SHARE` of the
    constant-output error (a slow but steady descent, as with a small learning
    rate, is left alone). This is said gently: it may be a plateau
    that ends by itself. A run that has learned a lot and then slows down is
    far below that error and is never reported. A run already named
    ``"rising_error"`` is not named again here.

More quiet failures
-------------------
Five more name what the conditions above missed or misnamed. One is known
before the first epoch:

``"unscaled_inputs"``
    An input reaches more than :data:`INPUT_FAR` in absolute value. One
    online step on sample :math:`n` changes that sample's weighted input in
    the first layer by :math:`-\eta(\lVert x_n\rVert^2 + 1)\,\delta_n`
    (from :math:`W \leftarrow W - \eta\,x_n^\top\delta_n` and
    :math:`b \leftarrow b - \eta\,\delta_n`), so with inputs of 99 the first
    steps throw the hidden neurons onto their flat parts. Measured on the
    textbook regression with its inputs multiplied by :math:`s` (20 seeds,
    300 epochs, :math:`\eta = 0.1`): for :math:`s \le 7` all 20 runs end
    below 10 % of :func:`constant_output_error`, for :math:`s = 10` 13 of
    20, for :math:`s \ge 15` none (with :math:`\eta = 0.01`: 2 of 20 at
    :math:`s = 20`, none from :math:`s = 30`). So 10 is named, as the
    advice of ``"saturated_units"`` already did after the fact.

One needs ``train(..., validation=(x_val, t_val))`` and is watched at every look:

``"overfitting"``
    The validation error's :data:`WINDOW`-epoch mean has been rising for at
    least :data:`PATIENCE` epochs since its lowest (it is now at its highest
    since), is at least :data:`OVERFIT_FACTOR` times that lowest and above it
    by at least :data:`RISE_VISIBLE` of the first epoch's validation error,
    while the training error's mean is still below its mean at that lowest
    point. Measured: the 50-digit run of
    :doc:`/auto_examples/plot_digits_overfitting` rises 1.27 to 1.33 times
    (5 seeds, 150 epochs); the digits run with 1077 training digits at most
    1.01 times (3 seeds, 50 epochs); the textbook regression with every
    other sample held out up to 1.63 times (5 seeds, 2001 epochs), but from a
    validation error near 0.002 after a first one
    near 0.25, far less than :data:`RISE_VISIBLE` of it: noise, not
    overfitting.

Three replace ``"no_progress"`` when the run has stalled (as
``"no_progress"`` measures it, after :data:`PATIENCE` epochs) and the
cause can be measured; each says what it measured:

``"saturated_output"``
    The output layer (sigmoid, tanh or ReLU) is saturated as
    ``"saturated_units"`` counts a hidden layer: its
    :math:`\delta = \partial E/\partial y \odot f'(u)` vanishes, so nothing
    learns, however far the outputs are from the targets (a frozen error is
    not a learning rate that is too large). The advice follows what was
    measured: large inputs, targets or initial weights, or output weights
    that grew during training.
``"vanishing_signal"``
    In a network with at least two hidden layers, all sigmoid or tanh, the
    root mean square of the first hidden layer's :math:`\delta` is below
    :data:`VANISHING_RATIO` of the output layer's (equation
    :eq:`delta-recursion` multiplies it by :math:`f'(u)` and the weights at
    each layer). Measured: networks with 3, 5 and 8 hidden layers of 10
    sigmoid or tanh neurons and ``wb_width=0.01`` (10 seeds each, 200
    epochs) all stalled near the constant-output error, every one with a
    ratio of at most :math:`9.9\times10^{-4}`, ten times below the
    threshold; with ``wb_width=1.0`` the same networks with 3 hidden layers
    learned in 10 of 10 seeds. One hidden layer is never named: the
    textbook's 1-3-1 network starts with a ratio of about
    :math:`2\times10^{-3}` (its small :math:`W^{(2)}`), and learns.
``"dead_units"``
    A hidden ReLU neuron outputs 0 for every training input (its
    :math:`f'(u) = 0` everywhere, so it never learns again), and the error
    has stalled at or above :data:`GOOD_FIT_SHARE` of the
    constant-output error (as ``"no_progress"`` measures a stall), below which
    ``"no_progress"`` says nothing. Measured on 1-3-1 and 1-10-1 ReLU
    networks (40 seeds each, 1000 epochs): runs that fit well end below
    0.094 of the constant-output error, the stuck ones between 0.26 and
    0.47. (Stuck runs with no dead neuron, whose kinks all lie outside the
    data, are not named.)

Thresholds
----------
Each is far from what a healthy run does, and each failure above crosses it
clearly:

- an error that **doubles** is unambiguous, while online SGD's noise moves a
  10-epoch mean by a few per cent;
- a flat sigmoid output, :math:`y(1 - y) < 0.01 \cdot \tfrac14`, means
  :math:`|u| > 6`; a flat tanh output :math:`|u| > 3`; the gradient through
  it is 100 times smaller than at the centre. A healthy network does use
  saturated neurons (the textbook classification is confident far from the
  boundary), so only a layer that is flat **almost everywhere** (90 %) is
  named;
- the textbook runs leave the constant-output error behind within a few
  dozen online epochs at most, so :data:`PATIENCE` = 50 epochs gives a
  plateau time to end before anything is said; and "no longer falling" is
  strict (:data:`STALL_SHARE` is 0.1 % of that error per :data:`WINDOW`
  epochs), so that a slow but steady start, such as one full-batch step per
  epoch in :doc:`/auto_examples/plot_batch_sizes`, is left alone.

The test suite runs seeds 0-19 of both textbook experiments, checks that no
warning fires, and prints and checks the margins: the largest rise, the
largest flat share and the last epoch near the constant-output error must
each stay 1.5 times inside its threshold. It also shows each warning on a
run built for it; the gallery example
:doc:`/auto_examples/plot_failure_modes` shows them all.

The functions below take plain arrays (errors so far, a layer's outputs, its
parameters, the targets) and return a message or None, so any training loop
can use them; :class:`Monitor` is the glue that :func:`~bpteach.training.train`
calls after every epoch.

Many runs at once
-----------------
:func:`~bpteach.stacked.train_stacked` watches each of its K copies in the
same way, with the same thresholds and at the same epochs, and records in
``history(k).warnings`` exactly the warnings that ``train`` records for copy
``k``'s seed. It issues one warning per condition for the whole run,
naming the copies that show it (so a thousand failing copies do not give a
thousand warnings). To stay cheap, each look first tests all the copies at
once (the tests behind the functions below also take arrays with a leading
copy axis), and only a copy that a test flags gets a :class:`Monitor` of its
own, which decides and words the warning.

Examples
--------
Hidden neurons that start identical (here all weights are 0) are named before
the first epoch:

>>> import warnings
>>> import numpy as np
>>> import bpteach
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
>>> x, t = bpteach.datasets.sin_curve()
>>> rng = np.random.default_rng(0)
>>> net = Network([Dense(1, 3, Sigmoid(), rng=rng, wb_width=0.0),
...                Dense(3, 1, Identity(), rng=rng, wb_width=0.0)], loss=SumOfSquares())
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     history = bpteach.train(net, x, t, epochs=2, learning_rate=0.1, rng=rng, log=None)
>>> [(w.category.__name__, w.message.kind, w.message.epoch) for w in caught]
[('TrainingWarning', 'identical_units', None)]
>>> history.warnings[0].kind
'identical_units'
"""

import math
import warnings

import numpy as np

from bpteach._language import N_, Message, record_twin
from bpteach.activations import ReLU, Sigmoid, Softmax, Tanh

__all__ = [
    "TrainingWarning",
    "Monitor",
    "WINDOW",
    "CHECK_EVERY",
    "RISE_FACTOR",
    "RISE_VISIBLE",
    "FLAT_DERIVATIVE",
    "SATURATED_SHARE",
    "DEAD_SHARE",
    "PATIENCE",
    "NO_PROGRESS_SHARE",
    "STALL_SHARE",
    "constant_output_error",
    "targets_out_of_range",
    "identical_units",
    "saturated_units",
    "rising_error",
    "no_progress",
]

#: Number of epochs whose errors are averaged before two stretches are compared.
WINDOW = 10
#: The run is looked at after each of the first CHECK_EVERY epochs, then every CHECK_EVERY-th.
CHECK_EVERY = 10
#: A 10-epoch mean error this many times the lowest one so far is "rising".
RISE_FACTOR = 2.0
#: ... provided the rise is at least this share of the first epoch's error.
RISE_VISIBLE = 0.1
#: A hidden output is flat where :math:`f'(u)` is below this share of its largest value.
FLAT_DERIVATIVE = 0.01
#: A layer is saturated when at least this share of its outputs is flat ...
SATURATED_SHARE = 0.9
#: ... or when at least this share of its neurons is flat on every sample (dead ReLUs).
DEAD_SHARE = 0.5
#: Epochs before "no progress" may be said.
PATIENCE = 50
#: "No progress": the error is still at least this share of :func:`constant_output_error` ...
NO_PROGRESS_SHARE = 0.9
#: ... and fell over the last WINDOW epochs by less than this share of it.
STALL_SHARE = 0.001

# Largest value of f'(u) for the activations whose flat regions we know.
_LARGEST_DERIVATIVE = {Sigmoid: 0.25, Tanh: 1.0, ReLU: 1.0}
# The values each output activation can produce (closed, as limits count).
_OUTPUT_RANGE = {Sigmoid: (0.0, 1.0), Tanh: (-1.0, 1.0), ReLU: (0.0, math.inf), Softmax: (0.0, 1.0)}


class TrainingWarning(UserWarning):
    """A warning from :func:`~bpteach.training.train`: the run is failing quietly.

    Parameters
    ----------
    message : bpteach._language.Message or str
        What was seen (with numbers), the likely cause and what to try: a
        ``Message`` (``bpteach._language``) keeps the values, so that
        :meth:`text` can say it in English or Japanese; ``str(warning)`` is the
        text in the language in force (English unless
        :func:`~bpteach.exercises.set_language` or ``BPTEACH_LANGUAGE`` chose
        Japanese).
    kind : str
        One of ``"targets_out_of_range"``, ``"identical_units"``,
        ``"rising_error"``, ``"saturated_units"``, ``"no_progress"``,
        ``"unscaled_inputs"``, ``"overfitting"``, ``"saturated_output"``,
        ``"vanishing_signal"``, ``"dead_units"``.
    epoch : int or None
        The epoch after which it was seen (counted from 0), or None if it was
        seen before the first epoch.

    Examples
    --------
    >>> import warnings
    >>> from bpteach import TrainingWarning
    >>> issubclass(TrainingWarning, UserWarning)
    True
    >>> warnings.filterwarnings("ignore", category=TrainingWarning)  # silences them all
    >>> warnings.resetwarnings()

    The same warning in both languages (one run, no second run):

    >>> import numpy as np
    >>> from bpteach.diagnostics import unscaled_inputs
    >>> w = TrainingWarning(unscaled_inputs(np.arange(100.0).reshape(-1, 1)), kind="unscaled_inputs",
    ...                     epoch=None)
    >>> w.text("en")[:48]
    'the inputs reach 99 in absolute value (column 0 '
    >>> w.text("ja")[:39]
    '入力の絶対値が 99 に達しています（x の列 0 は 0 から 99 まで）'
    """

    def __init__(self, message, *, kind, epoch):
        super().__init__(message)
        self.kind = kind
        self.epoch = epoch

    def text(self, language=None):
        """The warning's text in `language` (``"en"`` or ``"ja"``; default: the language in force)."""
        message = self.args[0]
        return message.text(language) if isinstance(message, Message) else str(message)

    def __str__(self):
        record_twin(self)
        return self.text()

    def __reduce__(self):
        return (_rebuild, (self.args[0], self.kind, self.epoch))


def _rebuild(message, kind, epoch):
    return TrainingWarning(message, kind=kind, epoch=epoch)


def _known(table, activation):
    for cls, value in table.items():
        if isinstance(activation, cls):
            return value
    return None


def constant_output_error(loss, t):
    r"""Mean error per sample of a network that ignores its input.

    The best constant output for the sum of squares is the mean target
    :math:`\bar t`; for cross-entropy with one-hot targets it is the vector of
    class frequencies, which is the same :math:`\bar t`. Its error,
    :math:`E(\bar t, t)/N_\text{data}`, is the yardstick of "nothing learned yet":
    ½ times the variance of the targets (summed over outputs) for the sum of
    squares, the entropy of the class frequencies for cross-entropy.

    Parameters
    ----------
    loss : bpteach.losses.Loss
    t : numpy.ndarray of float64, shape (N_data, n_out)

    Returns
    -------
    float
        NaN if the loss cannot be evaluated at :math:`\bar t`.

    Examples
    --------
    >>> import numpy as np
    >>> import bpteach
    >>> from bpteach.diagnostics import constant_output_error
    >>> x, t = bpteach.datasets.sin_curve()
    >>> round(constant_output_error(bpteach.SumOfSquares(), t), 4), round(float(0.5 * t.var()), 4)
    (0.2493, 0.2493)
    >>> _, t = bpteach.datasets.sin_boundary()
    >>> p = t.mean(axis=0)  # the class frequencies
    >>> round(constant_output_error(bpteach.CrossEntropy(), t), 4), round(float(-np.sum(p * np.log(p))), 4)
    (0.6931, 0.6931)
    """
    mean = np.broadcast_to(t.mean(axis=0), t.shape)
    with np.errstate(all="ignore"):
        try:
            return float(loss(mean, t)) / t.shape[0]
        except (ArithmeticError, ValueError):
            return math.nan


def targets_out_of_range(activation, loss, t):
    """Describe targets that `activation`, as the output layer, can never produce.

    Parameters
    ----------
    activation : bpteach.activations.Activation
        The output layer's activation.
    loss : bpteach.losses.Loss
    t : numpy.ndarray of float64, shape (N_data, n_out)

    Returns
    -------
    bpteach._language.Message or None
        The message (``str()`` gives its text), or None if every target is
        reachable (or the activation's range is unknown).

    Examples
    --------
    >>> import numpy as np
    >>> import bpteach
    >>> from bpteach.diagnostics import targets_out_of_range
    >>> _, t = bpteach.datasets.sin_curve()
    >>> print(targets_out_of_range(bpteach.Sigmoid(), bpteach.SumOfSquares(), t))
    t reaches -0.9999 but the output layer's Sigmoid() produces only values from 0 to 1: 31 of the 63
    target values lie outside that range and can never be reached, so the mean error per sample can never
    fall below 0.1247. Use an output activation whose range covers the targets (Identity() for
    regression), or rescale t into [0, 1].
    >>> targets_out_of_range(bpteach.Identity(), bpteach.SumOfSquares(), t) is None
    True
    """
    bounds = _known(_OUTPUT_RANGE, activation)
    if bounds is None:
        return None
    low, high = bounds
    outside = (t < low) | (t > high)
    rows = None
    if isinstance(activation, Softmax):
        sums = t.sum(axis=-1)
        off = np.abs(sums - 1.0) > 1e-9
        if off.any():
            rows = Message(N_("; {off} of the {rows} rows of t do not sum to 1 (one sums to {sum:.4g}), but "
                              "every softmax output row does"),
                           off=int(off.sum()), rows=t.shape[0], sum=float(sums[off][0]))
    if not outside.any() and rows is None:
        return None
    worst = float(t[outside][np.argmax(np.abs(t[outside]))]) if outside.any() else None
    shown_high = Message(N_("infinity")) if math.isinf(high) else f"{high:g}"
    if worst is not None:
        message = Message(N_("t reaches {worst:.4g} but the output layer's {activation} produces only values "
                             "from {low:g} to {high}: {outside} of the {size} target values lie outside that "
                             "range and can never be reached"),
                          worst=worst, activation=repr(activation), low=low, high=shown_high,
                          outside=int(outside.sum()), size=t.size)
    else:
        message = Message(N_("the targets cannot all be produced by the output layer's {activation}"),
                          activation=repr(activation))
    if rows is not None:
        message += rows
    if loss.name == "sum_of_squares" and outside.any():
        floor = 0.5 * float(np.sum((t - np.clip(t, low, high)) ** 2)) / t.shape[0]
        message += Message(N_(", so the mean error per sample can never fall below {floor:.4g}"), floor=floor)
    return message + Message(N_(". Use an output activation whose range covers the targets (Identity() for "
                                "regression), or rescale t into [{low:g}, "
                                "{high}]."), low=low, high=shown_high)


def identical_units(layers):
    r"""Describe hidden neurons that are exact copies of each other.

    Neurons :math:`j` and :math:`k` of hidden layer :math:`l` are copies when
    column :math:`j` of :math:`W^{(l)}` equals column :math:`k`,
    :math:`b^{(l)}_j = b^{(l)}_k`, and row :math:`j` of :math:`W^{(l+1)}` equals
    row :math:`k`. Then they have the same output and the same error signal
    :math:`\delta`, so equation :eq:`dense-gradients` gives them equal
    updates, and they stay copies.

    Parameters
    ----------
    layers : sequence of bpteach.layers.Dense
        The network's layers, input side first.

    Returns
    -------
    bpteach._language.Message or None
    """
    found = []
    for number, (layer, above) in enumerate(zip(layers[:-1], layers[1:]), start=1):
        # One row per neuron: its incoming weights, its bias, its outgoing weights.
        signature = np.concatenate([layer.W.T, layer.b[:, np.newaxis], above.W], axis=1)
        _, group, counts = np.unique(signature, axis=0, return_inverse=True, return_counts=True)
        copies = [np.flatnonzero(group == g) + 1 for g in np.flatnonzero(counts > 1)]
        for neurons in copies:
            found.append(Message(N_("neurons {neurons} of hidden layer {layer} (of {n})"),
                                 neurons=", ".join(map(str, neurons)), layer=number, n=layer.n_out))
    if not found:
        return None
    return Message(N_("{found} are exact copies of each other: the same incoming weights and bias and the "
                      "same outgoing weights. They compute the same output and receive the same error signal "
                      "delta, so every update keeps them equal, and the layer works as if it had fewer "
                      "neurons, forever. This is what a symmetric initialisation does (wb_width=0 makes "
                      "every "
                      "weight 0): build the layers with small random weights, such as the textbook's "
                      "wb_width=0.01."), found=_joined(found))


def _joined(parts):
    """The messages `parts` joined by "; " (a Message)."""
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + Message(N_("; ")) + part
    return joined


def _has_identical_units(layers):
    """Whether :func:`identical_units` names `layers`, elementwise over the leading axes of their arrays.

    Parameters
    ----------
    layers : sequence of bpteach.layers.Dense
        The layers, input side first; ``W`` of shape (..., n_in, n_out).

    Returns
    -------
    numpy.ndarray of bool, shape ``W.shape[:-2]``
    """
    found = np.zeros(layers[0].W.shape[:-2], dtype=bool)
    for layer, above in zip(layers[:-1], layers[1:]):
        signature = np.concatenate([layer.W.mT, layer.b[..., np.newaxis], above.W], axis=-1)
        # Every pair of neurons (j, k) whose rows are equal; j == k always is.
        equal = (signature[..., :, np.newaxis, :] == signature[..., np.newaxis, :, :]).all(axis=-1)
        found |= equal.sum(axis=(-2, -1)) > layer.n_out
    return found


def saturated_units(activation, y):
    """Share of flat outputs and of flat neurons in a hidden layer's outputs.

    Parameters
    ----------
    activation : bpteach.activations.Activation
        The layer's activation.
    y : numpy.ndarray of float64, shape (..., N_data, n)
        Its outputs for the N_data training inputs, with any leading axes
        (such as the copy axis of :func:`~bpteach.stacked.train_stacked`).

    Returns
    -------
    tuple of float (of arrays of shape ``y.shape[:-2]`` with leading axes), or None
        The share of outputs where :math:`f'(u)` is below
        :data:`FLAT_DERIVATIVE` of its largest value, and the share of neurons
        for which that holds on every sample; None if the activation's flat
        regions are unknown (identity, softmax, your own).

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach import Sigmoid
    >>> from bpteach.diagnostics import saturated_units
    >>> y = Sigmoid().forward(np.array([[-10.0, 0.0], [10.0, 1.0]]))
    >>> saturated_units(Sigmoid(), y)
    (0.5, 0.5)
    """
    largest = _known(_LARGEST_DERIVATIVE, activation)
    if largest is None:
        return None
    flat = activation.derivative(y) < FLAT_DERIVATIVE * largest
    shares = flat.mean(axis=(-2, -1)), flat.all(axis=-2).mean(axis=-1)
    return tuple(float(share) if np.ndim(share) == 0 else share for share in shares)


def _may_be_flat(hidden, x):
    r"""Whether any output of the `hidden` layers can be flat for the inputs `x`, from bounds alone.

    A cheap test that never misses (it costs no forward pass): with
    :math:`|x_i| \le X_i` for every sample, :math:`|u_j| \le B_j = \sum_i X_i|W_{ij}| + |b_j|`,
    and the derivative of each activation whose flat part we know (sigmoid,
    tanh, ReLU) is smallest at an end of :math:`[-B_j, B_j]`. If it is at least
    :data:`FLAT_DERIVATIVE` of its largest value at both ends, no output of
    neuron :math:`j` is flat. The next layer's inputs are then bounded by
    :math:`\max(|f(-B_j)|, |f(B_j)|)`, as these activations are monotonic.

    Parameters
    ----------
    hidden : sequence of bpteach.layers.Dense
        The hidden layers, input side first; ``W`` of shape (..., n_in, n_out).
    x : numpy.ndarray of float64, shape (N_data, n_in)

    Returns
    -------
    numpy.ndarray of bool, shape ``W.shape[:-2]``
        False where :func:`saturated_units` is sure to find no flat output.
    """
    shape = hidden[0].W.shape[:-2]
    bound = np.abs(x).max(axis=0)
    maybe = np.zeros(shape, dtype=bool)
    for layer in hidden:
        largest = _known(_LARGEST_DERIVATIVE, layer.activation)
        if largest is None:  # an activation we know nothing about: no bound for the next layer
            return np.ones(shape, dtype=bool)
        # B, widened by far more than the rounding of the sums.
        bound = (bound[..., np.newaxis, :] @ np.abs(layer.W))[..., 0, :] + np.abs(layer.b)
        bound = bound * (1 + 1e-6) + 1e-300
        with np.errstate(all="ignore"):
            ends = layer.activation.forward(np.stack([-bound, bound]))
            flat = layer.activation.derivative(ends) < FLAT_DERIVATIVE * largest
        maybe |= ~(np.isfinite(bound).all(axis=-1)) | flat.any(axis=(0, -1))
        bound = np.abs(ends).max(axis=0)
    return maybe


def _is_saturated(shares):
    """Whether the shares that :func:`saturated_units` gives name a saturated layer (elementwise)."""
    flat, dead = shares
    return (flat >= SATURATED_SHARE) | (dead >= DEAD_SHARE)


def rising_error(errors):
    """Describe a stretch of epochs over which the error rose.

    Parameters
    ----------
    errors : numpy.ndarray of float64, shape (epochs_so_far,)
        Mean error per sample of every epoch so far.

    Returns
    -------
    bpteach._language.Message or None
        What was seen, with numbers; None if the error is not rising.
    """
    if not _is_rising(errors):
        return None
    means = _window_means(errors)
    best = int(np.argmin(means))
    now, lowest = float(means[-1]), float(means[best])
    where = Message(N_("its lowest {window}-epoch mean so far, {lowest:.4g} (epochs {first}-{last})"),
                    window=WINDOW, lowest=lowest, first=best, last=best + WINDOW - 1)
    if errors[0] < lowest:  # a run that rose at once, within its first WINDOW epochs
        lowest = float(errors[0])
        where = Message(N_("the error of the first epoch, {error:.4g}"), error=lowest)
    end = len(errors) - 1
    return Message(N_("the error is rising: its mean over epochs {first}-{last} is {now:.4g}, {ratio:.3g} "
                      "times {where}"),
                   first=end - WINDOW + 1, last=end, now=now, ratio=now / lowest, where=where)


def _window_means(errors):
    """Mean of every complete window of WINDOW epochs along the last axis (one cumulative sum)."""
    sums = np.cumsum(np.concatenate([np.zeros((*errors.shape[:-1], 1)), errors], axis=-1), axis=-1)
    return (sums[..., WINDOW:] - sums[..., :-WINDOW]) / WINDOW


def _is_rising(errors):
    """Whether :func:`rising_error` names `errors`, of shape (..., epochs_so_far), elementwise."""
    if errors.shape[-1] < 2 * WINDOW:
        return np.zeros(errors.shape[:-1], dtype=bool)
    means = _window_means(errors)
    return _rises(means[..., -1], means.min(axis=-1), errors[..., 0])


def _rises(now, lowest, first):
    """The test of ``_is_rising``, from the last and the lowest WINDOW-epoch mean and the first error."""
    lowest = np.minimum(lowest, first)  # or the first epoch's error, if lower
    return ~(now <= RISE_FACTOR * lowest) & ~(now - lowest < RISE_VISIBLE * first)


def _is_stalled(errors, baseline):
    """Whether :func:`no_progress` names `errors`, of shape (..., epochs_so_far), elementwise."""
    if errors.shape[-1] < PATIENCE or not baseline > 0:
        return np.zeros(errors.shape[:-1], dtype=bool)
    now = np.mean(errors[..., -WINDOW:], axis=-1)
    before = np.mean(errors[..., -2 * WINDOW:-WINDOW], axis=-1)
    # Not clearly below what a network that ignores its input reaches, and no longer
    # falling (a slow but steady descent is left alone).
    return ~(now < NO_PROGRESS_SHARE * baseline) & ~(before - now >= STALL_SHARE * baseline)


def no_progress(errors, baseline):
    """Describe a run that has stalled no better than a network which ignores its input.

    Parameters
    ----------
    errors : numpy.ndarray of float64, shape (epochs_so_far,)
        Mean error per sample of every epoch so far.
    baseline : float
        :func:`constant_output_error` for these targets.

    Returns
    -------
    bpteach._language.Message or None
    """
    if not _is_stalled(errors, baseline):
        return None
    now, before = float(np.mean(errors[-WINDOW:])), float(np.mean(errors[-2 * WINDOW:-WINDOW]))
    return Message(N_("nothing learned yet: after {epochs} epochs the mean error of the last {window} epochs "
                      "is {now:.4g} (the first epoch's was {first:.4g}; the {window} epochs before, "
                      "{before:.4g}), {share:.0%} of the {baseline:.4g} that a network which ignores its "
                      "input reaches by always giving the mean target"),
                   epochs=len(errors), window=WINDOW, now=now, first=float(errors[0]), before=before,
                   share=now / baseline, baseline=baseline)


def _is_look(epoch, epochs):
    """Whether a run of `epochs` epochs is looked at after `epoch` (see :class:`Monitor`)."""
    return epoch < CHECK_EVERY or (epoch + 1) % CHECK_EVERY == 0 or epoch == epochs - 1


def _hidden_outputs(hidden, x):
    """Return the outputs of the `hidden` layers for the inputs `x`, leaving their caches as they were.

    Parameters
    ----------
    hidden : sequence of bpteach.layers.Dense
        The hidden layers, input side first (their arrays may carry leading axes).
    x : numpy.ndarray of float64, shape (..., N_data, n_in)

    Returns
    -------
    list of numpy.ndarray of float64, one per layer, shape (..., N_data, n)
    """
    kept = [(layer.x, layer.u, layer.y) for layer in hidden]
    outputs, y = [], x
    try:
        with np.errstate(all="ignore"):
            for layer in hidden:
                y = layer.forward(y)
                outputs.append(y)
    finally:
        for layer, (x, u, y) in zip(hidden, kept):
            # Put back what the last training step left (a backward pass may follow).
            layer.x, layer.u, layer.y = x, u, y
    return outputs


class Monitor:
    """Watch one training run and warn, once per condition, when it fails quietly.

    :func:`~bpteach.training.train` builds one before the first epoch (which
    checks the targets and the initial parameters) and calls
    :meth:`after_epoch` at the end of every epoch; it looks at the run after
    each of the first :data:`CHECK_EVERY` epochs, then after every
    :data:`CHECK_EVERY`-th epoch and the last.

    Parameters
    ----------
    network : bpteach.network.Network
    x, t : numpy.ndarray of float64
        The checked training data.
    epochs : int
        The number of epochs of the run.
    learning_rate : float
    batch_size : int
    record : list
        Every :class:`TrainingWarning` issued is appended here
        (``History.warnings``).
    stacklevel : int or None, optional
        Which line the warnings point at, counted as in ``warnings.warn``
        but from the :class:`Monitor` call (1 is :meth:`after_epoch` itself,
        2 its caller); the default, 3, is the line that called ``train``.
        None only records them (:func:`~bpteach.stacked.train_stacked` warns
        once for all its copies).
    """

    def __init__(self, network, x, t, *, epochs, learning_rate, batch_size, record, stacklevel=3):
        self.network, self.x, self.epochs = network, x, epochs
        self.learning_rate, self.batch_size = learning_rate, batch_size
        self.record, self.stacklevel = record, stacklevel
        self.input_scale, self.target_scale = float(np.abs(x).max()), float(np.abs(t).max())
        # How much the inputs and targets vary from sample to sample (largest over the columns).
        self.input_spread, self.target_spread = float(np.ptp(x, axis=0).max()), float(np.ptp(t, axis=0).max())
        self.initial_scale = max(float(np.abs(p).max()) for layer in network.layers
                                 for p in (layer.W, layer.b))
        self.baseline = constant_output_error(network.loss, t)
        self.said = set()
        self.flat_before = False  # whether the last epoch ended with a saturated layer
        out = network.layers[-1]
        self._say("targets_out_of_range", None, targets_out_of_range(out.activation, network.loss, t), "")
        self._say("identical_units", None, identical_units(network.layers), "")
        self.t, self.initial_output_scale = t, max(float(np.abs(p).max()) for p in (out.W, out.b))
        self._say("unscaled_inputs", None, unscaled_inputs(x), _UNSCALED_ADVICE)

    def after_epoch(self, epoch, errors, hidden=None, validation_errors=None):
        """Check the run after `epoch`, given the mean errors of every epoch so far.

        `hidden`, if given, holds each hidden layer's outputs for the training
        inputs now, one array per layer; otherwise they are computed.
        `validation_errors`, if given, are the mean validation errors of every
        epoch so far (``train(..., validation=...)``).
        """
        if not _is_look(epoch, self.epochs):
            return
        if "rising_error" not in self.said:
            self._say("rising_error", epoch, rising_error(errors), self._rising_advice())
        if "saturated_units" not in self.said:
            # Said when seen at two looks in a row, not for a run passing through.
            if hidden is None:
                hidden = _hidden_outputs(self.network.layers[:-1], self.x)
            seen = self._saturation(epoch, hidden)
            if seen is not None and self.flat_before:
                self._say("saturated_units", epoch, seen, self._saturation_advice())
            self.flat_before = seen is not None
        self._more_quiet_failures(epoch, errors, hidden, validation_errors)
        if "no_progress" not in self.said and "rising_error" not in self.said and not self._stall_named():
            seen = no_progress(errors, self.baseline)
            if seen is not None:
                self._say("no_progress", epoch, seen, self._no_progress_advice(errors))

    def _saturation(self, epoch, outputs):
        for number, (layer, y) in enumerate(zip(self.network.layers[:-1], outputs), start=1):
            shares = saturated_units(layer.activation, y)
            if shares is None or not _is_saturated(shares):
                continue
            flat, dead = shares
            name = type(layer.activation).__name__
            seen = Message(N_("after epoch {epoch}, {flat:.0%} of the outputs of hidden layer {layer} "
                              "({name}, {n} neurons, {samples} samples) are on its flat part, where the "
                              "derivative f'(u) is below {threshold:.0%} of its largest value"),
                           epoch=epoch, flat=flat, layer=number, name=name, n=layer.n_out, samples=len(y),
                           threshold=FLAT_DERIVATIVE)
            if dead > 0:
                seen += Message(N_(", and {dead:.0%} of its neurons are flat on every sample"), dead=dead)
                if isinstance(layer.activation, ReLU):
                    seen += Message(N_(" (dead ReLUs: they output 0 for every input)"))
            return seen + Message(N_(". The error signal delta = dE/dy * f'(u) nearly vanishes there, and "
                                     "with it the layer's updates"))
        return None

    def _say(self, kind, epoch, seen, advice, depth=0):
        # depth: the frames between this call and __init__ or after_epoch (1 from _more_quiet_failures),
        # so that every warning points at the line that called train.
        if seen is None:
            return
        if not isinstance(seen, Message):  # a detector of one's own may return a str
            seen = Message._of([(seen, None)])
        message = Message(N_("before the first epoch: {seen}"), seen=seen) if epoch is None else seen
        if not seen.text("en").endswith("."):
            message += Message(N_("."))
        warning = TrainingWarning(message + advice, kind=kind, epoch=epoch)
        self.said.add(kind)
        self.record.append(warning)
        if self.stacklevel is not None:
            warnings.warn(warning, stacklevel=self.stacklevel + 1 + depth)

    def _rising_advice(self):
        return Message(N_(" The steps overshoot the minimum:")) + self._smaller_rate()

    def _smaller_rate(self):
        # What was measured is that the steps overshoot at this learning rate; nothing was measured
        # about how much longer a batch step is than an online one (the norm of a sum of gradients is
        # at most, not about, batch_size times their mean norm: docs/sgd.md), so the advice is the same
        # tenfold reduction for every batch size, applied to the learning rate the learner gave.
        eta = self.learning_rate
        said = Message(N_(" the learning rate {rate:g} is probably too large for this problem"), rate=eta)
        if self.batch_size > 1:
            said += Message(N_(" (with batch_size={batch} each step follows the sum of the batch's {batch} "
                               "gradients, so the learning rate that works depends on the batch size)"),
                            batch=self.batch_size)
        said += Message(N_(". Try learning_rate={smaller:.3g}, and keep dividing it by 10 until the error "
                           "falls steadily"), smaller=eta / 10)
        if eta > 0.1 and self.batch_size == 1:
            return said + Message(N_(" (the textbook's examples use 0.1)."))
        return said + Message(N_("."))

    def _large_data_or_weights(self):
        """Advice if the data are constant, far from order 1, or the initial weights large, else None."""
        if self.input_scale > 10:
            return Message(N_(" Your inputs reach {largest:.4g} in absolute value: scale x to about [-1, 1] "
                              "(the textbook uses x = (angle - pi) / pi)."), largest=self.input_scale)
        if self.input_spread == 0:
            return Message(N_(" Your inputs are the same for every sample (each column of x is constant), so "
                              "the network cannot tell the samples apart and the best it can do is the mean "
                              "target: check that x holds the inputs you meant."))
        if self.input_spread < 0.01:
            return Message(N_(" Your inputs vary by at most {spread:.2g} from sample to sample, so every "
                              "neuron sees nearly the same input: scale x to about [-1, 1]."),
                           spread=self.input_spread)
        if self.target_scale > 10:
            return Message(N_(" Your targets reach {largest:.4g} in absolute value: scale t to about [-1, 1] "
                              "(and scale the network's outputs back "
                              "afterwards)."), largest=self.target_scale)
        if 0 < self.target_spread < 0.01:
            return Message(N_(" Your targets vary by at most {spread:.2g} from sample to sample, so the "
                              "differences the network must learn are drowned by the jitter of its own "
                              "outputs from step to step: scale t to about [-1, 1] (and scale the network's "
                              "outputs back afterwards)."), spread=self.target_spread)
        if self.initial_scale > 3:
            return Message(N_(" The initial weights and biases reached {largest:.4g} in absolute value: "
                              "build "
                              "the layers with a smaller wb_width (the textbook uses 0.01)."),
                           largest=self.initial_scale)
        return None

    def _saturation_advice(self):
        if self._large_data_or_weights():
            return self._large_data_or_weights()
        return Message(N_(" Neither the inputs (at most {inputs:.3g}) nor the initial weights (at most "
                          "{weights:.3g}) are large, so the updates pushed the weights out:"),
                       inputs=self.input_scale, weights=self.initial_scale) + self._smaller_rate()

    def _no_progress_advice(self, errors):
        if self._large_data_or_weights():
            return self._large_data_or_weights()
        if np.mean(errors[-WINDOW:]) > self.baseline / NO_PROGRESS_SHARE:
            return Message(N_(" That is worse than giving the same answer for every input, which usually "
                              "means that the steps overshoot:")) + self._smaller_rate()
        return Message(N_(" This may be a plateau that ends by itself: train for more epochs and watch the "
                          "error. If it lasts, try a larger learning rate than {rate:g} (the textbook's "
                          "examples use 0.1), and check that the targets t really depend on the inputs x."),
                       rate=self.learning_rate)

    # --- The quiet failures added for issue 22 (see the functions after this class) ----------

    def _stall_named(self):
        return any(kind in self.said for kind in _STALL_KINDS)

    def _more_quiet_failures(self, epoch, errors, hidden, validation_errors):
        """Overfitting at any look; at a stall, the cause measured in place of "no_progress"."""
        if validation_errors is not None and "overfitting" not in self.said:
            self._say("overfitting", epoch, overfitting(errors, validation_errors), _OVERFITTING_ADVICE,
                      depth=1)
        if "rising_error" in self.said or "no_progress" in self.said or self._stall_named():
            return
        if not _stalls_above_fit(errors, self.baseline):
            return
        layers = self.network.layers
        if hidden is None:
            hidden = _hidden_outputs(layers[:-1], self.x)
        outputs = [*hidden, *_hidden_outputs(layers[-1:], hidden[-1] if hidden else self.x)]
        stuck = _stall_in_numbers(errors, self.baseline)
        if _is_stalled(errors, self.baseline):
            seen = saturated_output(layers[-1].activation, outputs[-1])
            if seen is not None:
                self._say("saturated_output", epoch, seen + Message(N_(".")) + stuck, self._output_advice(),
                          depth=1)
                return
            seen = vanishing_signal(self.network, outputs, self.t)
            if seen is not None:
                self._say("vanishing_signal", epoch, seen + Message(N_(".")) + stuck, _VANISHING_ADVICE,
                          depth=1)
                return
        if "saturated_units" not in self.said:
            seen = dead_units(layers[:-1], hidden)
            if seen is not None:
                self._say("dead_units", epoch, seen + Message(N_(".")) + stuck, _DEAD_ADVICE, depth=1)

    def _output_advice(self):
        out = self.network.layers[-1]
        now = max(float(np.abs(p).max()) for p in (out.W, out.b))
        if self._large_data_or_weights():
            return self._large_data_or_weights()
        if now > 3 * max(self.initial_output_scale, 1.0):
            return Message(N_(" The output layer's weights and biases grew from at most {initial:.3g} to "
                              "{now:.3g} during training: the updates pushed its weighted inputs u far out, "
                              "so "
                              "try a smaller learning rate than {rate:g}, and check that the targets lie "
                              "well "
                              "inside the range of the output activation (or use Identity() for "
                              "regression)."),
                           initial=self.initial_output_scale, now=now, rate=self.learning_rate)
        return Message(N_(" Neither the inputs, the targets nor the weights are large (the output layer's "
                          "reach {now:.3g}): check that the targets lie well inside the range of the output "
                          "activation, or use Identity() for regression."), now=now)


# --- Quiet failures added for issue 22 --------------------------------------------------------
#
# Each detector below is a function of plain arrays that returns a message or None, like the
# ones above; Monitor calls them (before the first epoch, at a stall, or at every look), and the
# thresholds are documented, with the measurements behind them, in the "More quiet failures"
# section of the module docstring.

__all__ += [
    "INPUT_FAR",
    "OVERFIT_FACTOR",
    "GOOD_FIT_SHARE",
    "VANISHING_RATIO",
    "unscaled_inputs",
    "overfitting",
    "saturated_output",
    "vanishing_signal",
    "dead_units",
]

#: Inputs reaching more than this in absolute value are named before the first epoch.
INPUT_FAR = 10.0
#: "Overfitting": the validation error's WINDOW-epoch mean is this many times its lowest (and
#: higher by at least RISE_VISIBLE of the first epoch's validation error) while the training error falls.
OVERFIT_FACTOR = 1.2
#: A run stalled at or above this share of :func:`constant_output_error` is "well above a good fit".
GOOD_FIT_SHARE = 0.2
#: The error signal of the first hidden layer, below this share of the output layer's, has "vanished".
VANISHING_RATIO = 1e-2

# Kinds said at a stall instead of "no_progress": each names the cause it measured.
_STALL_KINDS = ("saturated_output", "vanishing_signal", "dead_units")


_UNSCALED_ADVICE = Message(N_(" Scale x to about [-1, 1] before training (the textbook uses x = (angle - pi) "
                              "/ pi), and apply the same scaling to every input you later give the network."))
_OVERFITTING_ADVICE = Message(N_(" Stop earlier, with train(..., restore_best=True) (early stopping: it "
                                 "keeps "
                                 "the parameters of the epoch with the lowest validation error), or use more "
                                 "training data or a smaller network."))
_VANISHING_ADVICE = Message(N_(" Use fewer hidden layers, or larger initial weights (such as wb_width=1.0 in "
                               "place of the textbook's 0.01), so that each layer passes more of delta on."))
_DEAD_ADVICE = Message(N_(" Try a smaller learning rate (large steps push a ReLU's u below 0 for every "
                          "input), "
                          "more hidden neurons, or another seed; the sigmoid and tanh never die this way."))


def unscaled_inputs(x):
    """Describe inputs far outside the range of about -1 to 1 that the initial weights expect.

    Parameters
    ----------
    x : numpy.ndarray of float64, shape (N_data, n_in)

    Returns
    -------
    bpteach._language.Message or None
        The message if some input reaches more than :data:`INPUT_FAR` in
        absolute value, else None.

    Examples
    --------
    >>> import numpy as np
    >>> from bpteach.diagnostics import unscaled_inputs
    >>> print(unscaled_inputs(np.arange(100.0).reshape(-1, 1)))  # doctest: +NORMALIZE_WHITESPACE
    the inputs reach 99 in absolute value (column 0 of x runs from 0 to 99), far outside the range of
    about -1 to 1 that small initial weights are made for. One online step on sample n changes that
    sample's weighted input in the first layer by -eta (|x_n|^2 + 1) delta_n, here up to 9802 eta
    times its error signal, so the first steps throw the hidden neurons onto the flat parts of their
    activation, where they stop learning
    >>> unscaled_inputs(np.linspace(-1, 1, 5).reshape(-1, 1)) is None
    True
    """
    largest = np.abs(x).max(axis=0)
    if not largest.max() > INPUT_FAR:
        return None
    j = int(np.argmax(largest))
    gain = float(np.max(np.sum(x * x, axis=1))) + 1.0
    return Message(N_("the inputs reach {largest:.4g} in absolute value (column {column} of x runs from "
                      "{low:.4g} to {high:.4g}), far outside the range of about -1 to 1 that small initial "
                      "weights are made for. One online step on sample n changes that sample's weighted "
                      "input "
                      "in the first layer by -eta (|x_n|^2 + 1) delta_n, here up to {gain:.4g} eta times its "
                      "error signal, so the first steps throw the hidden neurons onto the flat parts of "
                      "their "
                      "activation, where they stop learning"),
                   largest=float(largest[j]), column=j, low=float(x[:, j].min()), high=float(x[:, j].max()),
                   gain=gain)


def overfitting(errors, validation_errors):
    """Describe a validation error that rises steadily while the training error falls.

    Parameters
    ----------
    errors, validation_errors : numpy.ndarray of float64, shape (epochs_so_far,)
        The mean training and validation errors per sample of every epoch so far.

    Returns
    -------
    bpteach._language.Message or None
        The message if the validation error's mean over the last
        :data:`WINDOW` epochs is its highest since its lowest such mean, at
        least :data:`PATIENCE` epochs before, at least :data:`OVERFIT_FACTOR`
        times that lowest mean and above it by at least :data:`RISE_VISIBLE`
        of the first epoch's validation error, while the training error's
        mean over the same epochs is below its mean over the epochs of that
        lowest one; else None.
    """
    if len(validation_errors) < 2 * WINDOW or not np.all(np.isfinite(validation_errors)):
        return None
    means, train = _window_means(validation_errors), _window_means(errors)
    best = int(np.argmin(means))
    now, lowest = float(means[-1]), float(means[best])
    # Steadily up: for at least PATIENCE epochs since its lowest mean, and now at its highest since;
    # clearly up (a factor); visibly up (a share of where it started, as for "rising_error": a
    # validation error wobbling near 0.002 after starting at 0.25 is not overfitting); and the
    # training error still going down.
    if not (len(means) - 1 - best >= PATIENCE and now >= means[best:].max()
            and now >= OVERFIT_FACTOR * lowest and now - lowest >= RISE_VISIBLE * validation_errors[0]
            and train[-1] < train[best]):
        return None
    end = len(errors) - 1
    return Message(N_("the validation error is rising while the training error falls: its mean over epochs "
                      "{first}-{last} is {now:.4g}, {ratio:.3g} times its lowest {window}-epoch mean, "
                      "{lowest:.4g} (epochs {best}-{best_last}), while the training error's fell from "
                      "{train_then:.4g} to {train_now:.4g}. The network is fitting the training samples' "
                      "particulars, which do not carry over to new data (overfitting)"),
                   first=end - WINDOW + 1, last=end, now=now, ratio=now / lowest, window=WINDOW,
                   lowest=lowest,
                   best=best, best_last=best + WINDOW - 1, train_then=float(train[best]),
                   train_now=float(train[-1]))


def _stall_in_numbers(errors, baseline):
    """The sentence that says, in numbers, how far a stalled run's error is and how little it moved.

    Parameters
    ----------
    errors : numpy.ndarray of float64, shape (epochs_so_far,)
        Mean error per sample of every epoch so far, at least 2 :data:`WINDOW` of them.
    baseline : float
        :func:`constant_output_error` for these targets, positive.

    Returns
    -------
    bpteach._language.Message
        The mean of the last :data:`WINDOW` epochs as a share of `baseline`, and how much it fell
        (or rose) from the :data:`WINDOW` epochs before, as a share of `baseline` too: below
        :data:`STALL_SHARE` whenever a stall is named. A plateau can still end later, so the
        sentence says what was measured, not that the error will not fall again.
    """
    now, before = np.mean(errors[-WINDOW:]), np.mean(errors[-2 * WINDOW:-WINDOW])
    moved = (Message(N_("fell by only {share:.2%}"), share=(before - now) / baseline) if before > now
             else Message(N_("rose by {share:.2%}"), share=(now - before) / baseline))
    return Message(N_(" The mean error of the last {window} epochs is {share:.0%} of the {baseline:.4g} that "
                      "a "
                      "network which ignores its input reaches, and {moved} of that from the {window} epochs "
                      "before (it may still fall later)."),
                   window=WINDOW, share=now / baseline, baseline=baseline, moved=moved)


def _stalls_above_fit(errors, baseline):
    """Whether the error has stalled at or above :data:`GOOD_FIT_SHARE` of `baseline`, elementwise.

    The test of :func:`is_stalled` with :data:`GOOD_FIT_SHARE` in place of
    :data:`NO_PROGRESS_SHARE`, so it holds wherever :func:`is_stalled` does:
    :func:`~bpteach.stacked.train_stacked` uses it to pick the copies whose
    :class:`Monitor` may name a stall.
    """
    if errors.shape[-1] < PATIENCE or not baseline > 0:
        return np.zeros(errors.shape[:-1], dtype=bool)
    now = np.mean(errors[..., -WINDOW:], axis=-1)
    before = np.mean(errors[..., -2 * WINDOW:-WINDOW], axis=-1)
    return ~(now < GOOD_FIT_SHARE * baseline) & ~(before - now >= STALL_SHARE * baseline)


def _may_name_a_stall(layers, errors, baseline):
    """Whether a :class:`Monitor` may name a stall after these `errors`, elementwise over leading axes.

    :func:`is_stalled` (``"no_progress"``, ``"saturated_output"``,
    ``"vanishing_signal"``), or, in a network with a hidden ReLU layer,
    :func:`stalls_above_fit` (``"dead_units"``):
    :func:`~bpteach.stacked.train_stacked` gives only these copies to
    their Monitor.
    """
    stalled = _is_stalled(errors, baseline)
    if any(isinstance(layer.activation, ReLU) for layer in layers[:-1]):
        stalled = stalled | _stalls_above_fit(errors, baseline)
    return stalled


def saturated_output(activation, y):
    """Describe an output layer whose outputs sit on the flat part of its activation.

    Parameters
    ----------
    activation : bpteach.activations.Activation
        The output layer's activation (sigmoid, tanh or ReLU; for others, None).
    y : numpy.ndarray of float64, shape (N_data, n_out)
        The network's outputs for the training inputs.

    Returns
    -------
    bpteach._language.Message or None
        The message if at least :data:`SATURATED_SHARE` of the outputs are
        flat (as :func:`saturated_units` counts them), or at least
        :data:`DEAD_SHARE` of the output neurons are flat on every sample.
    """
    shares = saturated_units(activation, y)
    if shares is None or not _is_saturated(shares):
        return None
    flat, _ = shares
    name = type(activation).__name__
    return Message(N_("{flat:.0%} of the network's outputs (output layer {name}, {outputs} outputs, "
                      "{samples} "
                      "samples) are on the flat part of the {name}, where its derivative f'(u) is below "
                      "{threshold:.0%} of its largest value. The output layer's error signal "
                      "delta = dE/dy * f'(u) nearly vanishes there, and with it every update of the network: "
                      "the error is frozen, however far the outputs are from the targets"),
                   flat=flat, name=name, outputs=y.shape[1], samples=len(y), threshold=FLAT_DERIVATIVE)


def vanishing_signal(network, outputs, t):
    r"""Describe an error signal that shrinks to almost nothing on its way down a deep network.

    The error signal of hidden layer :math:`l` is
    :math:`\delta^{(l)} = (\delta^{(l+1)} W^{(l+1)\top}) \odot f'(u^{(l)})` (equation
    :eq:`delta-recursion`); each sigmoid layer multiplies it by
    :math:`f' \le \tfrac14` and by the weights, so in a deep sigmoid or tanh
    network with small weights it shrinks geometrically.

    Parameters
    ----------
    network : bpteach.network.Network
    outputs : list of numpy.ndarray of float64
        Every layer's outputs for the training inputs, input side first (the
        last one is the network's output).
    t : numpy.ndarray of float64, shape (N_data, n_out)

    Returns
    -------
    bpteach._language.Message or None
        The message if the network has at least two hidden layers, all
        sigmoid or tanh, and the root mean square of :math:`\delta^{(1)}` is
        below :data:`VANISHING_RATIO` times that of the output layer's.
    """
    hidden = network.layers[:-1]
    if len(hidden) < 2 or not all(isinstance(layer.activation, Sigmoid | Tanh) for layer in hidden):
        return None
    rms = _signal_sizes(network, outputs, t)
    if not rms[0] < VANISHING_RATIO * rms[-1]:
        return None
    shown = ", ".join(f"{size / rms[-1]:.1e}" for size in rms[:-1])
    return Message(N_("the error signal vanishes on its way down the {n} hidden layers: the root mean square "
                      "of delta in hidden layers 1 to {n} is {shown} times the output layer's. Each hidden "
                      "layer multiplies delta by its f'(u) (at most 0.25 for the sigmoid, 1 for tanh) and by "
                      "its outgoing weights, so the layers near the input hardly change"),
                   n=len(hidden), shown=shown)


def _signal_sizes(network, outputs, t):
    r"""Root mean square of each layer's :math:`\delta` for the training data (the layers are not touched)."""
    with np.errstate(all="ignore"):
        grad_y = network.loss.gradient(outputs[-1], t)
        sizes = []
        for number in range(len(network.layers) - 1, -1, -1):
            layer = network.layers[number]
            delta = layer.activation.backward(outputs[number], grad_y)  # dE/du = dE/dy (.) f'(u)
            sizes.append(float(np.sqrt(np.mean(delta * delta))))
            grad_y = delta @ layer.W.T  # dE/dx = delta W^T, the layer below's dE/dy
    return sizes[::-1]


def dead_units(layers, hidden):
    """Describe hidden ReLU layers with neurons that output 0 for every training input.

    Parameters
    ----------
    layers : sequence of bpteach.layers.Dense
        The hidden layers, input side first.
    hidden : list of numpy.ndarray of float64, shape (N_data, n)
        Their outputs for the training inputs.

    Returns
    -------
    bpteach._language.Message or None
        The message if some ReLU neuron is dead, else None.
    """
    found = []
    for number, (layer, y) in enumerate(zip(layers, hidden), start=1):
        if not isinstance(layer.activation, ReLU):
            continue
        dead = np.flatnonzero((y <= 0).all(axis=0)) + 1
        if len(dead):
            template = (N_("neurons {neurons} of the {n} of hidden layer {layer} (ReLU)") if len(dead) > 1
                        else N_("neuron {neurons} of the {n} of hidden layer {layer} (ReLU)"))
            found.append(Message(template, neurons=", ".join(map(str, dead)), n=layer.n_out, layer=number))
    if not found:
        return None
    return Message(N_("{found} output 0 for every training input: such a dead ReLU has f'(u) = 0 on every "
                      "sample, so its error signal delta and its updates are 0 and it never comes back, and "
                      "the "
                      "layer fits the data with the neurons it has left"), found=_joined(found))

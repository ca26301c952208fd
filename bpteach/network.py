r"""A network: a stack of dense layers with an error function.

Forward pass
------------
Layer :math:`l` takes the output of layer :math:`l-1` as its input:
:math:`x^{(l)} = y^{(l-1)}`, with :math:`x^{(1)}` the network input. The
output of the last layer, :math:`y^{(L)}`, is the network output :math:`y`,
and the loss gives :math:`E(y, t)`.

Backward pass (backpropagation, 誤差逆伝播法)
----------------------------------------------
The chain rule, applied from the output back to the input:

1. At the output layer, :math:`\delta^{(L)} = \partial E/\partial y \odot
   f^{(L)\prime}\bigl(u^{(L)}\bigr)`, equation :eq:`delta-elementwise`
   (for a softmax output, :eq:`delta-softmax`). With a matching pair this is
   :math:`\delta^{(L)} = y - t`: equation :eq:`delta-identity-sum-of-squares`
   for identity + sum of squares, :eq:`delta-softmax-cross-entropy` for
   softmax + cross-entropy.
2. Each layer computes :math:`\partial E/\partial W^{(l)} = x^{(l)\top}\delta^{(l)}`,
   :math:`\partial E/\partial b^{(l)} = \sum_\text{rows}\delta^{(l)}` and
   :math:`\partial E/\partial x^{(l)} = \delta^{(l)} W^{(l)\top}`
   (equation :eq:`dense-gradients`).
3. Since :math:`x^{(l)} = y^{(l-1)}`, the last of these is the
   :math:`\partial E/\partial y` of layer :math:`l-1`, which turns it into
   :math:`\delta^{(l-1)}` with its own activation :math:`f^{(l-1)}`,
   equation :eq:`delta-recursion`:

   .. math::

      \delta^{(l-1)} = \bigl(\delta^{(l)} W^{(l)\top}\bigr) \odot f^{(l-1)\prime}\bigl(u^{(l-1)}\bigr).

For the textbook's 1-3-1 network this is exactly its two-layer code:
``output_layer.backward(t)`` computes :math:`\delta^{(2)} = y - t`, and
``middle_layer.backward(output_layer.grad_x)`` applies :eq:`delta-recursion`.

References
----------
Rumelhart, Hinton & Williams (1986); Bishop, *Pattern Recognition and
Machine Learning* (2006), §5.3.1; Nielsen, *Neural Networks and Deep
Learning* (2015), ch. 2 (BP2: :math:`\delta^l = ((w^{l+1})^T \delta^{l+1})
\odot \sigma'(z^l)` — Nielsen's column vectors are our transposed rows).

Examples
--------
The whole backward pass, :eq:`delta-recursion`, of a 1-3-1 network, checked
against central differences of :math:`E`:

>>> import numpy as np
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
>>> from bpteach.gradcheck import check_network
>>> rng = np.random.default_rng(0)
>>> net = Network([Dense(1, 3, Sigmoid(), rng=rng, wb_width=1.0),
...                Dense(3, 1, Identity(), rng=rng, wb_width=1.0)],
...               loss=SumOfSquares())
>>> errors = check_network(net, rng.normal(size=(4, 1)), rng.normal(size=(4, 1)))
>>> max(errors.values()) < 1e-7
True
"""

import numpy as np

from bpteach._validation import check_data, check_instance
from bpteach.activations import Activation, Softmax
from bpteach.layers import Dense
from bpteach.losses import CrossEntropy, Loss

__all__ = ["Network"]


class Network:
    r"""A feed-forward network of :class:`~bpteach.layers.Dense` layers and a loss.

    Parameters
    ----------
    layers : list of bpteach.layers.Dense
        The layers from input to output; each layer's ``n_in`` must equal
        the previous layer's ``n_out``.
    loss : bpteach.losses.Loss
        The error function, e.g. ``SumOfSquares()`` or ``CrossEntropy()``.

    Attributes
    ----------
    layers : list of bpteach.layers.Dense
    loss : bpteach.losses.Loss
    n_in, n_out : int
        Width of the input and of the output.
    theta : numpy.ndarray of float64, shape (n_parameters,)
        Every weight and bias of the network in one vector :math:`\theta`:
        ``W`` and ``b`` of each layer, in order, are views into it.
    grad_theta : numpy.ndarray of float64, shape (n_parameters,)
        :math:`\partial E/\partial\theta`; each layer's ``grad_W`` and
        ``grad_b`` are views into it.

    Notes
    -----
    Because the layers' arrays are views into ``theta``, change weights
    in place (``layer.W[...] = new_values``) rather than rebinding them
    (``layer.W = new_values``); :func:`bpteach.training.train` re-links rebound arrays
    before it starts.

    The same class runs K copies at once when every array of its layers
    carries a leading copy axis (:mod:`bpteach.stacked` builds them): the
    forward and backward passes then hold copy by copy, ``theta`` is
    (K, n_parameters) and :meth:`error` returns one error per copy.

    Raises
    ------
    ValueError
        If `layers` is empty, holds the same layer object twice,
        consecutive sizes do not match, or `loss`
        cannot follow the output activation (cross-entropy needs a softmax
        output).
    TypeError
        If `layers` is not a list of :class:`~bpteach.layers.Dense` or
        `loss` is not a :class:`~bpteach.losses.Loss`.

    Examples
    --------
    The textbook's classification network, 2-6-2:

    >>> import numpy as np
    >>> from bpteach import Network, Dense, Sigmoid, Softmax, CrossEntropy
    >>> rng = np.random.default_rng(0)
    >>> net = Network([Dense(2, 6, Sigmoid(), rng=rng),
    ...                Dense(6, 2, Softmax(), rng=rng)], loss=CrossEntropy())
    >>> net
    Network([Dense(2, 6, Sigmoid()), Dense(6, 2, Softmax())], loss=CrossEntropy())
    >>> net.predict(np.array([[0.0, 0.5]])).round(2)     # untrained: about 50:50
    array([[0.49, 0.51]])
    """

    def __init__(self, layers, *, loss):
        self.layers = _layer_list(layers)
        self.loss = loss
        self._configure()
        self.pack_parameters()

    def forward(self, x):
        r"""Run the forward pass and return the output :math:`y`.

        Each layer keeps its ``x``, ``u`` and ``y`` for the backward pass.
        Nothing is checked on the way (it is the inner loop of training); use
        :meth:`predict` for user input. Input that makes a layer fail is
        checked then, and gets :meth:`predict`'s clear error.

        Parameters
        ----------
        x : numpy.ndarray of float64, shape (N, n_in)

        Returns
        -------
        y : numpy.ndarray of float64, shape (N, n_out)

        Raises
        ------
        ValueError, TypeError
            If `x` is not a 2-D array of numbers with ``n_in`` columns.
        """
        inputs = x
        try:
            for layer in self.layers:
                # x of layer l = y of layer l - 1
                x = layer.forward(x)
        except (AttributeError, TypeError, ValueError):
            self._refuse_input(inputs)  # predict's clear error for bad input
            raise  # the input was fine: the failure is elsewhere
        return x

    def error(self, t):
        r"""Return the error :math:`E` of the last forward pass, summed over its rows.

        For softmax + cross-entropy, when the result reaches
        :math:`-\log(\text{TINY}) \approx 708.4` (so that a probability of
        the true class may have underflowed to 0 and been floored at
        :attr:`~bpteach.losses.CrossEntropy.TINY`), :math:`E` is recomputed
        exactly from the output layer's weighted input
        (:meth:`bpteach.losses.CrossEntropy.from_logits`).

        Parameters
        ----------
        t : numpy.ndarray of float64, shape (N, n_out)

        Returns
        -------
        float
        """
        out = self.layers[-1]
        error = self.loss(out.y, t)
        if self._error_from_logits:
            floored = error >= CrossEntropy.FLOOR_ERROR  # a bool, or one per copy of a stack
            if floored is True or (floored is not False and floored.any()):
                # A true-class probability may have underflowed to 0: recompute E exactly
                # with log-sum-exp from the output layer's weighted input.
                exact = self.loss.from_logits(out.u, t)
                error = exact if floored is True else np.where(floored, exact, error)
        return error

    def backward(self, t, *, input_gradient=True):
        r"""Backpropagate the error of the last forward pass; fill every layer's gradients.

        Parameters
        ----------
        t : numpy.ndarray of float64, shape (N, n_out)
            Targets of the last forward pass.
        input_gradient : bool, optional
            Whether to compute :math:`\partial E/\partial x` for the network
            input (default True). Training passes False and saves that work.

        Returns
        -------
        grad_x : numpy.ndarray of float64, shape (N, n_in), or None
            :math:`\partial E/\partial x` with respect to the network input.
        """
        first, out = self.layers[0], self.layers[-1]
        if out.y is None or out.y.shape != t.shape:
            raise ValueError(
                "backward(t) needs a forward pass first, and t must then have the shape of its "
                f"output, {None if out.y is None else out.y.shape}; got t of shape "
                f"{getattr(t, 'shape', type(t).__name__)}"
            )
        if self._output_delta_is_y_minus_t:
            # delta = y - t   (equations delta-identity-sum-of-squares, delta-softmax-cross-entropy)
            grad = out.backward_delta(out.y - t, grad_x=input_gradient or out is not first)
        else:
            # delta = dE/dy (.) f'(u): the general chain rule
            grad = out.backward(self.loss.gradient(out.y, t), grad_x=input_gradient or out is not first)
        for layer in reversed(self.layers[:-1]):
            # dE/dy of this layer = dE/dx of the layer above   (equation delta-recursion)
            grad = layer.backward(grad, grad_x=input_gradient or layer is not first)
        return grad

    def predict(self, x):
        """Return the network output for `x`, after checking it.

        Parameters
        ----------
        x : array_like, shape (N, n_in)
            Inputs, one sample per row.

        Returns
        -------
        y : numpy.ndarray of float64, shape (N, n_out)

        Raises
        ------
        TypeError
            If `x` does not hold real numbers.
        ValueError
            If `x` is not 2-D with ``n_in`` columns, is empty, or is not
            finite; or if the output is not finite (a float64 overflow, from
            inputs or parameters far too large).
        """
        self.check()
        x = check_data(x, "x", self.n_in, f"one per network input (n_in={self.n_in})")
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            y = self.forward(x)
        if not np.isfinite(y).all():
            row = int(np.argwhere(~np.isfinite(y))[0][0])
            largest = max(float(np.abs(p).max()) for layer in self.layers for p in (layer.W, layer.b))
            raise ValueError(
                f"the network output for row {row} of x is not finite ({y[row].tolist()}): "
                f"float64 overflowed. x reaches {float(np.abs(x).max()):.4g} and the largest "
                f"parameter is {largest:.4g} in absolute value; scale x to about [-1, 1]"
                + ("" if np.isfinite(largest) else ", and note that the parameters are not finite")
            )
        return y

    def parameters(self):
        """Return every ``(parameter, gradient)`` pair, layer by layer."""
        return [pair for layer in self.layers for pair in layer.parameters()]

    def __repr__(self):
        return f"Network([{', '.join(map(repr, self.layers))}], loss={self.loss!r})"

    # --- The guards: the checks and the bookkeeping that keep each layer's W and b a view
    # into theta. A learner can read the network above without them.

    def _refuse_input(self, x):
        """Raise :meth:`predict`'s clear error if `x` is not input :meth:`forward` can take."""
        check_data(x, "x", self.n_in, f"one per network input (n_in={self.n_in})")
        if not isinstance(x, np.ndarray):
            raise TypeError(f"x must be a NumPy array for forward, which converts nothing (it is "
                            f"the inner loop of training), got {type(x).__name__}; pass "
                            f"np.asarray(x, dtype=float), or use predict(x)") from None

    def _configure(self):
        """Validate the layers and the loss (as they are now) and derive the settings."""
        layers, loss = self.layers, self.loss
        if not isinstance(layers, list):
            raise TypeError(f"network.layers must be a list of Dense layers, got {layers!r}")
        _check_layers(layers)
        check_instance(loss, Loss, "loss", "SumOfSquares()")
        loss.check_output_activation(layers[-1].activation)
        if isinstance(layers[-1].activation, Softmax) and layers[-1].n_out < 2:
            raise ValueError(
                "a softmax output layer needs at least 2 neurons, one per class (a softmax over "
                f"a single output is always 1), got {layers[-1]!r}. For two classes use "
                "Dense(n, 2, Softmax(), ...) with one-hot targets, e.g. one_hot(labels, 2)."
            )
        self.n_in = layers[0].n_in
        self.n_out = layers[-1].n_out
        # Matching output activation and loss: the output delta is y - t.
        self._output_delta_is_y_minus_t = isinstance(layers[-1].activation, loss.matching_activation)
        # Softmax + cross-entropy: E can be recomputed exactly from the logits.
        self._error_from_logits = isinstance(loss, CrossEntropy) and isinstance(
            layers[-1].activation, Softmax
        )

    def check(self):
        """Check the network as it is now, and re-link rebound weights to ``theta``.

        :func:`~bpteach.training.train` and :meth:`predict` call this, so that
        a network changed after it was built (a layer's ``W`` or ``b``
        rebound, an activation or the loss replaced, a layer appended) is
        either used correctly or refused with a message that names what is
        wrong.

        Raises
        ------
        TypeError
            If a layer, an activation, the loss or a parameter has the wrong type.
        ValueError
            If sizes no longer chain, a parameter has the wrong shape, or a
            parameter holds NaN or infinite values.

        Examples
        --------
        >>> import numpy as np
        >>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
        >>> rng = np.random.default_rng(0)
        >>> net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
        ...               loss=SumOfSquares())
        >>> net.layers[0].W = np.ones((3, 1))
        >>> net.check()
        Traceback (most recent call last):
        ...
        ValueError: layers[0].W must have shape (1, 3) (n_in, n_out), got shape (3, 1); assign ...values
        """
        self._configure()
        for i, layer in enumerate(self.layers):
            for name, shape, what in (("W", (layer.n_in, layer.n_out), "(n_in, n_out)"),
                                      ("b", (layer.n_out,), "(n_out,)")):
                value = getattr(layer, name)
                where = f"layers[{i}].{name}"
                if not isinstance(value, np.ndarray) or value.dtype != np.float64:
                    got = type(value).__name__
                    if isinstance(value, np.ndarray):
                        got += f" of dtype {value.dtype}"
                    raise TypeError(
                        f"{where} must be a float64 NumPy array of shape {shape}, got {got}; "
                        f"to set new values, assign in place: {where}[...] = values"
                    )
                if value.shape != shape:
                    raise ValueError(
                        f"{where} must have shape {shape} {what}, got shape {value.shape}; "
                        f"assign values in place with {where}[...] = values"
                    )
                if not np.all(np.isfinite(value)):
                    raise ValueError(f"{where} holds NaN or infinite values: set finite weights first")
        if not self.parameters_are_packed():
            self.pack_parameters()

    @property
    def theta(self):
        """numpy.ndarray of float64: every weight and bias in one vector (see ``pack_parameters``)."""
        return self._theta

    @theta.setter
    def theta(self, value):
        if value is self._theta:  # an in-place operation such as theta -= step
            return
        raise AttributeError(
            "network.theta cannot be replaced, because the layers' W and b are views of it: "
            "assign in place instead, network.theta[...] = values"
        )

    @property
    def grad_theta(self):
        """numpy.ndarray of float64: every gradient in one vector (see ``pack_parameters``)."""
        return self._grad_theta

    @grad_theta.setter
    def grad_theta(self, value):
        if value is self._grad_theta:  # an in-place operation such as grad_theta *= 0
            return
        raise AttributeError(
            "network.grad_theta cannot be replaced, because the layers' grad_W and grad_b are "
            "views of it: assign in place instead, network.grad_theta[...] = values"
        )

    def pack_parameters(self):
        r"""Gather every weight and bias into one vector ``theta``, and the gradients into ``grad_theta``.

        Afterwards each layer's ``W``, ``b``, ``grad_W`` and ``grad_b`` are
        views (windows) into these two vectors, with unchanged values. This is
        what lets :class:`~bpteach.optimizers.SGD` apply
        :math:`\theta \leftarrow \theta - \eta\,\partial E/\partial\theta`
        to all parameters in one NumPy statement. Called by the constructor;
        call it again after rebinding a layer's ``W`` or ``b``.

        Examples
        --------
        >>> import numpy as np
        >>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
        >>> rng = np.random.default_rng(0)
        >>> net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
        ...               loss=SumOfSquares())
        >>> net.theta.shape          # 1*3 + 3 + 3*1 + 1 parameters
        (10,)
        >>> net.layers[1].b[0] = 0.5
        >>> float(net.theta[-1])
        0.5
        """
        arrays = [(layer, name) for layer in self.layers for name in ("W", "b")]
        # A stack of K copies (bpteach.stacked) has one theta per copy: theta is (K, n_parameters).
        lead = self.layers[0].b.shape[:-1]
        self._theta = np.concatenate([getattr(layer, name).reshape(*lead, -1) for layer, name in arrays],
                                     axis=-1)
        self._grad_theta = np.zeros_like(self._theta)
        self._views = []  # (layer, attribute, the view it must still hold)
        start = 0
        for layer, name in arrays:
            shape = getattr(layer, name).shape
            stop = start + int(np.prod(shape[len(lead):]))
            for attribute, vector in ((name, self._theta), ("grad_" + name, self._grad_theta)):
                view = vector[..., start:stop].reshape(shape)
                setattr(layer, attribute, view)
                self._views.append((layer, attribute, view))
            start = stop

    def parameters_are_packed(self):
        """Return True if every layer's W, b, grad_W and grad_b is still its own window of the vectors.

        False once any of them was rebound (``layer.W = ...``), even to
        another window of ``theta``, or a layer was added or replaced.
        """
        return len(self._views) == 4 * len(self.layers) and all(
            getattr(layer, attribute) is view and layer is own
            for (layer, attribute, view), own in zip(
                self._views, (layer for layer in self.layers for _ in range(4)))
        )


def _layer_list(layers):
    """Return `layers` as a new list, refusing a single layer or a non-iterable."""
    if isinstance(layers, Dense):
        raise TypeError(
            f"layers must be a list of Dense layers, got a single layer {layers!r}; "
            "write Network([layer], loss=...)"
        )
    try:
        return list(layers)
    except TypeError:
        raise TypeError(f"layers must be a list of Dense layers, got {layers!r}") from None


def _check_layers(layers):
    """Raise unless `layers` is a non-empty list of distinct Dense layers whose sizes chain."""
    if not layers:
        raise ValueError("layers must hold at least one Dense layer, got an empty list")
    for i, layer in enumerate(layers):
        if not isinstance(layer, Dense):
            raise TypeError(f"layers[{i}] must be a Dense layer, got {layer!r}")
        check_instance(layer.activation, Activation, f"layers[{i}].activation", "Sigmoid()")
        for j in range(i):
            if layers[j] is layer:
                raise ValueError(
                    f"layers[{i}] is the same Dense object as layers[{j}]: a layer remembers its "
                    "own input for the backward pass, so each position needs its own Dense(...)"
                )
    for i in range(1, len(layers)):
        if layers[i].n_in != layers[i - 1].n_out:
            raise ValueError(
                f"layers[{i}] expects {layers[i].n_in} inputs but layers[{i - 1}] has "
                f"{layers[i - 1].n_out} outputs: n_in of each layer must equal n_out "
                "of the layer before it"
            )

r"""
When training goes wrong
========================

The textbook's settings (inputs scaled to about -1 to 1, small random
initial weights, a learning rate of 0.1) were chosen with care. Change one
of them carelessly and the same 1-3-1 network that learns the sine curve
fails, each time in its own recognisable way.

One of them, unscaled inputs, as the code below computes and draws it again in its place:

.. image-sg:: /auto_examples/images/sphx_glr_plot_failure_modes_002.png
   :alt: Unscaled inputs: the learning curve beside the healthy one, and the saturated network's flat output.
   :srcset: /auto_examples/images/sphx_glr_plot_failure_modes_002.png
   :class: sphx-glr-single-img

This example breaks it six times, with real runs (five more quiet failures,
some of other networks, follow under *More ways to fail quietly*):

1. a learning rate that is too large: the error explodes, and bpteach stops
   the run with :class:`~bpteach.training.TrainingDiverged` instead of
   printing ``nan``; or it climbs without ever overflowing;
2. unscaled inputs, the angles stretched to run from 0 to 1000 instead of
   rescaled to :math:`[-1, 1)`: the sigmoid neurons saturate and learning
   stalls;
3. weights initialised too large: the same saturation, from the start;
4. weights initialised to zero: the hidden neurons stay identical;
5. a sigmoid output for targets that go below 0;
6. a learning rate that is far too small: nothing is learned.

Only the first can end with an exception; the others run to the end and
print a fine-looking log. So :func:`~bpteach.training.train` watches every
run, and names each of these failures with a
:class:`~bpteach.diagnostics.TrainingWarning` that says what it saw, the
likely cause and what to try (the conditions and their thresholds are in
:mod:`bpteach.diagnostics`). Each learning curve is drawn next to the
healthy run, and each warning is printed below its run.
"""

# %%
# The healthy run
# ---------------
# The regression task of the textbook, for 120 epochs (the full example
# runs 2001). Every run below starts from the same seed.
import textwrap
import warnings

import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares
from bpteach.diagnostics import saturated_units
from bpteach.plotting import show_or_save
from bpteach.stacked import train_stacked

# Your own scripts show a TrainingWarning where it happens. This page prints
# each one below its run instead, from the run's history (history.warnings),
# so the warnings themselves are switched off here.
warnings.simplefilter("ignore", bpteach.TrainingWarning)

EPOCHS = 120
X_LABEL = r"rescaled input $x = (\mathrm{angle} - \pi)/\pi$"
x, t = bpteach.datasets.sin_curve()


def make_network(wb_width=0.01, seed=3, output=Identity):
    """The textbook's 1-3-1 network, and the generator that goes on to shuffle."""
    rng = np.random.default_rng(seed)
    net = Network([Dense(1, 3, Sigmoid(), rng=rng, wb_width=wb_width),
                   Dense(3, 1, output(), rng=rng, wb_width=wb_width)], loss=SumOfSquares())
    return net, rng


def when(warning):
    """When a warning was seen: after which epoch (its ``epoch``), or before the first (None)."""
    return "before the first epoch" if warning.epoch is None else f"after epoch {warning.epoch}"


def short_when(warning):
    """The same, short, for the summary tables."""
    return "at the start" if warning.epoch is None else f"epoch {warning.epoch}"


def show_warnings(history):
    """Print each TrainingWarning of a run, as the user would see it."""
    if not history.warnings:
        print("no warning")
    for warning in history.warnings:
        print(f"TrainingWarning [{warning.kind}, {when(warning)}]:")
        print(textwrap.fill(str(warning), width=88, initial_indent="  ", subsequent_indent="  "))


def saturated_fraction(net, x):
    """Share of hidden outputs whose derivative y(1 - y) is below 1 % of its largest value, 1/4.

    The threshold of the saturated_units warning (bpteach.diagnostics.FLAT_DERIVATIVE).
    """
    return saturated_units(Sigmoid(), net.layers[0].forward(x))[0]


def compare_with_healthy(history, label, net, x_fit, fit_xlabel, fit_title):
    """Two panels: both learning curves, and the broken network's output against the target."""
    fig, (ax, ax_fit) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    ax.plot(healthy.errors, label="textbook settings")
    ax.plot(history.errors, label=label)
    ax.set(yscale="log", xlabel="epoch", ylabel="mean error per sample", title="Learning curves")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    ax_fit.plot(x_fit[:, 0], t[:, 0], "--", color="black", label=r"target $t = \sin(\mathrm{angle})$")
    ax_fit.plot(x_fit[:, 0], net.predict(x_fit)[:, 0], "+-", color="tab:orange",
                label=f"output after {EPOCHS} epochs")
    ax_fit.set(xlabel=fit_xlabel, title=fit_title)
    ax_fit.legend(fontsize="small")


net, rng = make_network()
healthy = bpteach.train(net, x, t, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
print(f"healthy: error {healthy.errors[0]:.3g} -> {healthy.errors[-1]:.3g}, "
      f"saturated hidden outputs: {saturated_fraction(net, x):.0%}")
show_warnings(healthy)

# %%
# 1. A learning rate that is too large
# ------------------------------------
# Gradient descent steps :math:`W \leftarrow W - \eta\,\partial E/\partial W`.
# Near a minimum the error is roughly a parabola,
# :math:`E \approx \tfrac{\kappa}{2}(w - w^*)^2` with curvature :math:`\kappa`
# and minimum :math:`w^*`, and one step multiplies the distance to the
# minimum by :math:`1 - \eta\kappa`:
#
# .. math::
#
#    w - w^* \;\leftarrow\; (1 - \eta\kappa)\,(w - w^*).
#
# For :math:`\eta < 2/\kappa` the factor is below 1 in size and the steps
# close in; above it they overshoot further every time, and the error grows
# geometrically: a straight line upwards on a logarithmic axis, until the
# numbers overflow float64. The textbook's code would then print ``nan``
# and carry on. bpteach stops at the first overflow, names the epoch, and
# puts the parameters back to where they were after the last finite epoch.
rates = {0.1: healthy}
for learning_rate in (1.0, 2.0, 3.0):
    net, rng = make_network()
    try:
        rates[learning_rate] = bpteach.train(net, x, t, epochs=EPOCHS,
                                             learning_rate=learning_rate, rng=rng, log=None)
    except bpteach.TrainingDiverged as err:
        print(textwrap.fill(f"eta = {learning_rate}: {type(err).__name__}: {err}", 100,
                            subsequent_indent="  "))
        rates[learning_rate] = err.history
        finite = all(np.isfinite(p).all() for layer in net.layers for p in (layer.W, layer.b))
        print(f"epochs completed: {len(err.history.errors)}; parameters finite afterwards: {finite}")
        growth = np.diff(np.log10(err.history.errors)).mean()
        print(f"the error grew by a factor of about 10^{growth:.0f} per epoch")
for learning_rate, history in rates.items():
    print(f"eta = {learning_rate}: error after epoch 0: {history.errors[0]:.3g}, "
          f"after epoch {len(history.errors) - 1}: {history.errors[-1]:.3g}")
    show_warnings(history)

# Left: the runs with eta < 2, on a log scale. Right: all four; the
# diverging run's errors climb to near the float64 limit (its last finite
# error is printed above), more than a log axis can draw there, so that
# panel shows log10 of the error on a linear axis.
fig, (ax_ok, ax_all) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
for learning_rate, history in rates.items():
    label = rf"$\eta = {learning_rate}$"
    if learning_rate < 2:
        ax_ok.plot(history.errors, label=label)
    ax_all.plot(np.log10(history.errors), label=label)
ax_ok.set(yscale="log", xlabel="epoch", ylabel="mean error per sample", title=r"Seed 3, $\eta < 2$")
ax_all.set(xlabel="epoch", ylabel=r"$\log_{10}$ (mean error per sample)", title="All four")
for ax in (ax_ok, ax_all):
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")

# %%
# With :math:`\eta = 1` the first epochs overshoot (a larger error than
# with 0.1 at epoch 0), but this run still settles and converges, and
# bpteach stays quiet. Seed 3 is a lucky one at that rate; seeds 0 to 9:
at_rate_1 = train_stacked(lambda rng: make_network(seed=rng)[0],  # default_rng(a generator) returns it
                          x, t, seeds=range(10), epochs=EPOCHS,
                          learning_rate=1.0, log=None)
low, median, high = np.percentile(at_rate_1.errors[:, -1], [0, 50, 100])
stalled = sum(any(w.kind == "no_progress" for w in found) for found in at_rate_1.warnings)
behind = np.count_nonzero(at_rate_1.errors[:, -1] > 2 * healthy.errors[-1])
print(f"eta = 1, seeds 0-9: error after epoch {EPOCHS - 1}: median {median:.3g} "
      f"(from {low:.3g} to {high:.3g});\n  {behind} of 10 end above twice the healthy run's "
      f"{healthy.errors[-1]:.3g}; {stalled} warned of no_progress")

# %%
# So a rate of 1 works for few seeds and leaves the others far behind
# the textbook's rate (the count above).
# With :math:`\eta = 3` every step overshoots: the curve is the straight
# line of geometric growth, and the run stops after a few epochs, long
# before the 120 asked for; the sigmoid neurons were pushed onto their flat
# tails on the way, and bpteach said so first.
# :math:`\eta = 2` is the quiet failure: the weights grow until every
# hidden neuron is saturated, the output layer alone keeps overshooting, and
# the error climbs by orders of magnitude without ever overflowing. The
# textbook's code would print its log lines to the end; bpteach names both
# the saturation and the rising error, with the learning rate to try.

# %%
# 2. Unscaled inputs saturate the sigmoid
# ---------------------------------------
# Feed the network the angles stretched to run from 0 to 1000 instead of
# rescaled to :math:`x \in [-1, 1)`. The hidden neurons' weighted inputs
# :math:`u = xW + b` are then hundreds of times larger: some sigmoids start
# on their flat tails, and the first updates push the others there, where
# the derivative :math:`\sigma'(u) = y(1 - y)` is 0 to many digits (the
# shares are printed below, at the start and after the run). The error signal of the hidden layer,
# :math:`\delta = (\delta^{(2)} W^{(2)\top}) \odot y(1 - y)`, vanishes with
# it, and so do the hidden layer's weight updates: only the output layer
# still learns, and all it can do is weigh the hidden neurons' steps.
# Nothing overflows, so no error is raised; the learning curve just stays
# flat.
angle = np.arange(0.0, 2 * np.pi, 0.1).reshape(-1, 1)  # the raw inputs, 0 to 6.2
x_unscaled = angle * (1000 / angle.max())
print(f"unscaled inputs from {x_unscaled.min():.0f} to {x_unscaled.max():.0f}")
net_unscaled, rng = make_network()
print(f"saturated hidden outputs at the start: {saturated_fraction(net_unscaled, x_unscaled):.0%}")
unscaled = bpteach.train(net_unscaled, x_unscaled, t, epochs=EPOCHS, learning_rate=0.1,
                         rng=rng, log=None)
print(f"unscaled: error {unscaled.errors[0]:.3g} -> {unscaled.errors[-1]:.3g}, "
      f"saturated hidden outputs: {saturated_fraction(net_unscaled, x_unscaled):.0%}")
show_warnings(unscaled)

compare_with_healthy(unscaled, "inputs from 0 to 1000", net_unscaled, x_unscaled,
                     "unscaled input: the angle stretched to [0, 1000]",
                     "Saturated neurons: a nearly constant output")

# %%
# The fix is the textbook's: scale every input to about :math:`[-1, 1]`
# (here :math:`x = (\text{angle} - \pi)/\pi`) before training.

# %%
# 3. Weights initialised too large
# --------------------------------
# Start with weights and biases drawn from :math:`30\cdot\mathcal{N}(0, 1)`
# instead of :math:`0.01\cdot\mathcal{N}(0, 1)`, with the inputs correctly
# scaled. Now the weights, not the inputs, make :math:`|u|` large, with
# the same effect: saturated hidden neurons, a vanishing :math:`\delta`, a
# stalled curve. The first epoch's error is also huge: the output layer's
# weights are large too, so its outputs start far from the targets. The
# output layer, which has no sigmoid, still learns: within ten epochs the
# error is near that of a network that gives the same answer for every
# input, and it stays there (the errors of a few epochs, printed below).
net_large, rng = make_network(wb_width=30.0)
large = bpteach.train(net_large, x, t, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
print(f"wb_width = 30: error {large.errors[0]:.3g} -> {large.errors[-1]:.3g}, "
      f"saturated hidden outputs: {saturated_fraction(net_large, x):.0%}")
some = [0, 1, 2, 5, 10, 30, 60, EPOCHS - 1]
print("error after epochs " + ", ".join(f"{e}: {large.errors[e]:.3g}" for e in some)
      + f";\n  a constant output reaches {bpteach.diagnostics.constant_output_error(SumOfSquares(), t):.3g}")
show_warnings(large)

compare_with_healthy(large, "wb_width = 30", net_large, x, X_LABEL,
                     "Saturated from the start: nearly constant")

# %%
# Small initial weights keep every neuron in the steep middle of its
# sigmoid, where it learns, as the textbook's ``wb_width = 0.01`` does.

# %%
# 4. Weights initialised to zero
# ------------------------------
# Too small is wrong too, in its own way. With ``wb_width = 0`` every weight
# and bias starts at 0, so the three hidden neurons are exact copies: the
# same incoming weights, bias and outgoing weights. They compute the same
# output and receive the same error signal :math:`\delta`, so equation
# :eq:`dense-gradients` gives them the same update, every time. They
# never become different, and the network is a 1-1-1 network in disguise.
# This is known before the first epoch, so bpteach says it then.
net_zero, rng = make_network(wb_width=0.0)
zero = bpteach.train(net_zero, x, t, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
print(f"wb_width = 0: error {zero.errors[0]:.3g} -> {zero.errors[-1]:.3g}")
print("hidden weights after training:", net_zero.layers[0].W[0])
print("hidden biases after training:", net_zero.layers[0].b)
show_warnings(zero)

compare_with_healthy(zero, "wb_width = 0", net_zero, x, X_LABEL,
                     "Three identical neurons: one bend")

# %%
# Random initial weights, however small, break the symmetry.

# %%
# 5. An output that cannot reach the targets
# ------------------------------------------
# A sigmoid output layer produces values between 0 and 1 only. Half of the
# sine curve is negative, so no weights can fit it: the best the network can
# do there is 0, and the error cannot fall below the error of the clipped
# targets. Nothing in the training loop can fix that, and bpteach says so
# before the first epoch, with that lowest possible error.
net_sigmoid, rng = make_network(output=Sigmoid)
sigmoid_output = bpteach.train(net_sigmoid, x, t, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
print(f"sigmoid output: error {sigmoid_output.errors[0]:.3g} -> {sigmoid_output.errors[-1]:.3g}, "
      f"smallest output {net_sigmoid.predict(x).min():.3g}")
show_warnings(sigmoid_output)

compare_with_healthy(sigmoid_output, "sigmoid output", net_sigmoid, x,
                     X_LABEL, "A sigmoid output stays above 0")

# %%
# Regression targets call for the identity output (恒等関数), as the
# textbook uses; a sigmoid output suits targets between 0 and 1.

# %%
# 6. A learning rate that is far too small
# ----------------------------------------
# With :math:`\eta = 10^{-4}` each step is a thousand times smaller than the
# textbook's. The error barely moves, and stays at the error of a network
# that ignores its input and always answers the mean target
# (:func:`~bpteach.diagnostics.constant_output_error`). After 50 epochs of
# that, bpteach says, gently, that nothing has been learned yet. A run that
# learns a lot and then slows down, as some seeds of the textbook's own
# regression do for a while, is far below that error and is never named.
baseline = bpteach.diagnostics.constant_output_error(SumOfSquares(), t)
net_slow, rng = make_network()
slow = bpteach.train(net_slow, x, t, epochs=EPOCHS, learning_rate=1e-4, rng=rng, log=None)
print(f"eta = 1e-4: error {slow.errors[0]:.4g} -> {slow.errors[-1]:.4g}; "
      f"a constant output reaches {baseline:.4g}")
show_warnings(slow)

compare_with_healthy(slow, r"$\eta = 10^{-4}$", net_slow, x, X_LABEL,
                     "Nothing learned yet")

# %%
# Summary
# -------
# Which warnings each run raised (``history.warnings``; each has a
# ``kind`` and an ``epoch``, None when seen before the first epoch):
runs = {"textbook settings": healthy, "eta = 1": rates[1.0], "eta = 2": rates[2.0],
        "eta = 3 (diverged)": rates[3.0], "inputs from 0 to 1000": unscaled, "wb_width = 30": large,
        "wb_width = 0": zero, "sigmoid output": sigmoid_output, "eta = 1e-4": slow}
for label, history in runs.items():
    found = ", ".join(f"{w.kind} ({short_when(w)})" for w in history.warnings) or "none"
    print(textwrap.fill(f"{label:>20}: {found}", width=88, subsequent_indent=" " * 22))


# %%
# More ways to fail quietly
# -------------------------
# Five more runs, each failing in a way that the warnings above missed or
# misnamed. Each is named by its own kind of warning, which says what it
# measured.
#
# 7. Inputs from 0 to 99
# ~~~~~~~~~~~~~~~~~~~~~~
# Small initial weights are made for inputs of about :math:`-1` to 1. One
# online step on sample :math:`n` changes that sample's weighted input in
# the first layer by :math:`-\eta\,(\lVert x_n\rVert^2 + 1)\,\delta_n`, so
# with inputs up to 99 the first steps are thousands of times too large for
# the hidden neurons. That is known from the data alone, so bpteach says it
# before the first epoch, and the run shows why.
x_99 = np.linspace(0, 99, len(x)).reshape(-1, 1)
net_99, rng = make_network()
inputs_99 = bpteach.train(net_99, x_99, t, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
print(f"inputs from 0 to 99: error {inputs_99.errors[0]:.3g} -> {inputs_99.errors[-1]:.3g}, "
      f"saturated hidden outputs: {saturated_fraction(net_99, x_99):.0%}")
show_warnings(inputs_99)

# %%
# 8. A saturated sigmoid output
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Targets rescaled to :math:`[0, 1]` suit a sigmoid output, but an output
# layer started with large weights (``wb_width=5``) sits on the flat tails
# of its sigmoid for every input. Its error signal
# :math:`\delta = (y - t)\,y(1 - y)` is then about 0 however far :math:`y`
# is from :math:`t`, and the error freezes, above what a constant output
# would give. That is not a learning rate that is too large, and bpteach
# does not say so: it measures the output layer itself.
t_01 = (t + 1) / 2
rng = np.random.default_rng(3)
net_out = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Sigmoid(), rng=rng, wb_width=5.0)],
                  loss=SumOfSquares())
saturated_out = bpteach.train(net_out, x, t_01, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
y_out = net_out.predict(x)
print(f"sigmoid output, wb_width = 5: error {saturated_out.errors[0]:.4g} -> {saturated_out.errors[-1]:.4g}; "
      f"a constant output reaches {bpteach.diagnostics.constant_output_error(SumOfSquares(), t_01):.4g};\n  "
      f"largest y(1 - y) of the outputs: {float(np.max(y_out * (1 - y_out))):.2g} (at most 0.25)")
show_warnings(saturated_out)

# %%
# 9. A vanishing signal in a deep sigmoid network
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# Three hidden layers of 10 sigmoid neurons, with the textbook's small
# initial weights. By equation :eq:`delta-recursion` each hidden layer
# multiplies the error signal by :math:`f'(u) \le \tfrac14` and by its
# small outgoing weights, so hardly any of it reaches the first layers:
# the network gives about the same answer for every input, and the error
# stays at that of a constant output for these epochs. bpteach measures
# :math:`\delta` layer by layer to say why. The warning names the cause of
# the stall, not a run that can never learn: the same network, trained on
# for 500 more epochs (last line below), leaves the plateau by itself.
rng = np.random.default_rng(2)
sizes = [1, 10, 10, 10]
net_deep = Network([Dense(a, b, Sigmoid(), rng=rng) for a, b in zip(sizes, sizes[1:])]
                   + [Dense(10, 1, Identity(), rng=rng)], loss=SumOfSquares())
deep = bpteach.train(net_deep, x, t, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
print(f"1-10-10-10-1 sigmoid network: error {deep.errors[0]:.4g} -> {deep.errors[-1]:.4g}; "
      f"a constant output reaches {baseline:.4g}")
show_warnings(deep)
with warnings.catch_warnings():  # the stall was named above; the run goes on
    warnings.simplefilter("ignore", bpteach.TrainingWarning)
    longer = bpteach.train(net_deep, x, t, epochs=500, learning_rate=0.1, rng=rng, log=None)
below = np.flatnonzero(longer.errors < 0.5 * baseline)
print(f"trained on for 500 more epochs: error {longer.errors[-1]:.4g} "
      f"({longer.errors[-1] / baseline:.0%} of a constant output's),\n  first below half of it in epoch "
      f"{EPOCHS + below[0] if below.size else 'none'} of the whole run")

# %%
# 10. A partly dead ReLU layer
# ~~~~~~~~~~~~~~~~~~~~~~~~~~~~
# A ReLU outputs 0 wherever :math:`u < 0`, and there its derivative is 0.
# A neuron pushed to :math:`u < 0` for every input is dead: it gets no
# error signal and never comes back. Here one of the three dies, and the
# other two are left in a poor configuration: the error stalls well above
# the best fit that two bends can give (the warning below says by how
# little it moved), though far below the error of a constant output,
# where "nothing learned" would be said.
rng = np.random.default_rng(3)
net_relu = Network([Dense(1, 3, bpteach.ReLU(), rng=rng, wb_width=1.0),
                    Dense(3, 1, Identity(), rng=rng, wb_width=1.0)], loss=SumOfSquares())
relu = bpteach.train(net_relu, x, t, epochs=EPOCHS, learning_rate=0.1, rng=rng, log=None)
dead = np.all(net_relu.layers[0].forward(x) <= 0, axis=0)
print(f"1-3-1 ReLU network: error {relu.errors[0]:.4g} -> {relu.errors[-1]:.4g} "
      f"({relu.errors[-1] / baseline:.0%} of a constant output's); dead neurons: {int(dead.sum())} of 3")
show_warnings(relu)
hidden = net_relu.layers[0]
living_kinks = -hidden.b[~dead] / hidden.W[0, ~dead]
final_error = SumOfSquares()(net_relu.predict(x), t) / len(x)
print(f"kinks of the living neurons at x = {', '.join(f'{k:.2f}' for k in living_kinks)}; "
      f"error of the final weights {final_error:.3g}")

# %%
# How well could two bends do? A living ReLU neuron adds a ramp
# :math:`c \max(0, \pm(x - k))` with its kink at :math:`k`; for fixed kinks
# and directions the output weights and bias are a linear least-squares fit.
# Trying every pair of kinks on a grid of step 0.01 gives the best fit of
# two ReLU neurons and an output bias (to within the grid), far below both
# the run's logged error (the mean over its last epoch's online updates)
# and the error of its final weights printed above:
kinks = np.linspace(-1.05, 1.05, 211)
best_fit = (np.inf,)
for s1, s2 in [(1, 1), (1, -1), (-1, -1)]:
    for k1 in kinks:
        ramps = np.broadcast_arrays(np.maximum(0, s1 * (x[:, 0] - k1)),
                                    np.maximum(0, s2 * (x[:, 0] - kinks[:, None])), 1.0)
        features = np.stack(ramps, axis=2)                         # (kink k2, sample, 3)
        fit = features @ (np.linalg.pinv(features) @ t)            # (kink k2, sample, 1)
        errors = 0.5 * np.mean((fit - t) ** 2, axis=(1, 2))
        i = int(np.argmin(errors))
        best_fit = min(best_fit, (errors[i], k1, kinks[i]))
print(f"best fit with two ReLU neurons and an output bias: error {best_fit[0]:.3g} "
      f"(kinks at x = {best_fit[1]:.2f}, {best_fit[2]:.2f});\n  this run: {relu.errors[-1]:.3g}")

# %%
# 11. Overfitting
# ~~~~~~~~~~~~~~~
# Eight noisy samples of the sine curve and 20 hidden neurons: the network
# can follow the noise, and it does. With ``validation=`` the 63 clean
# points are evaluated after every epoch (see
# :doc:`plot_digits_overfitting`): the training error keeps falling while
# the validation error turns and rises. bpteach names that once it has
# risen steadily for a while, and points to early stopping.
rng = np.random.default_rng(3)
rows = np.sort(rng.choice(len(x), 8, replace=False))
x_few, t_few = x[rows], t[rows] + 0.3 * rng.normal(size=(8, 1))
net_few = Network([Dense(1, 20, Sigmoid(), rng=rng, wb_width=0.3),
                   Dense(20, 1, Identity(), rng=rng, wb_width=0.3)], loss=SumOfSquares())
few = bpteach.train(net_few, x_few, t_few, epochs=3000, learning_rate=0.1, rng=rng, log=None,
                    validation=(x, t))
lowest = int(np.argmin(few.validation_errors))
print(f"8 noisy samples, 3000 epochs: training error {few.errors[lowest]:.3g} after epoch {lowest}, "
      f"{few.errors[-1]:.3g} in the last;\n  validation error {few.validation_errors[lowest]:.3g} "
      f"after epoch {lowest} (its lowest), {few.validation_errors[-1]:.3g} after the last")
show_warnings(few)

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
ax.plot(few.errors, label="training error (noisy samples)")
ax.plot(few.validation_errors, label="validation error (clean points)")
for w in few.warnings:
    if w.kind == "overfitting":
        ax.axvline(w.epoch, color="black", ls=":", lw=1, label="warning: overfitting")
ax.set(yscale="log", xlabel="epoch", ylabel="mean error per sample", title="Overfitting")
ax.grid(True, alpha=0.3)
ax.legend(fontsize="small")

# %%
# Which warnings these five runs raised:
more_runs = {"inputs from 0 to 99": inputs_99, "sigmoid output, wb_width = 5": saturated_out,
             "1-10-10-10-1 sigmoid": deep, "1-3-1 ReLU": relu, "8 noisy samples": few}
for label, history in more_runs.items():
    found = ", ".join(f"{w.kind} ({short_when(w)})" for w in history.warnings) or "none"
    print(textwrap.fill(f"{label:>28}: {found}", width=88, subsequent_indent=" " * 30))

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

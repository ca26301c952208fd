r"""
Deeper networks
===============

The textbook's network has one hidden layer. Is a second one better? This
experiment trains 1-3-1, 1-3-3-1 and 1-10-10-1 sigmoid networks on the
textbook's regression, ten seeds each, first with the textbook's tiny
initial weights and then with larger ones. You will see the deeper networks
fall behind with the textbook's initialisation, measure why (the error
signal shrinks at every layer it passes back through), and see the wide
deep network pull ahead once the initial weights are large enough to pass
the signal on.

The page's main figure, which the code below computes and draws again in its place:

.. image-sg:: /auto_examples/experiments/images/sphx_glr_plot_depth_001.png
   :alt: Learning curves of the three networks, with the textbook's small initial weights and larger ones.
   :srcset: /auto_examples/experiments/images/sphx_glr_plot_depth_001.png
   :class: sphx-glr-single-img
"""

# %%
# The runs
# --------
# All hidden layers use the sigmoid, the output the identity. Everything
# is the textbook's except the depth, the initial width (in one stacked run
# per architecture, each copy may have its own ``wb_width``) and the number
# of epochs: 200 of the 2001, to keep this page quick to build.
import warnings

import matplotlib.pyplot as plt
import numpy as np

import bpteach
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares
from bpteach.plotting import show_or_save
from bpteach.stacked import train_stacked

# Many of these runs fail on purpose (that is the experiment): the TrainingWarnings that
# train_stacked gives about them stay in each copy's history(k).warnings instead of
# being printed here.
warnings.filterwarnings("ignore", category=bpteach.TrainingWarning)

EPOCHS, N_SEEDS = 200, 10
ARCHITECTURES = [(1, 3, 1), (1, 3, 3, 1), (1, 10, 10, 1)]
WIDTHS = [0.01, 1.0]
x, t = bpteach.datasets.sin_curve()


def network(sizes):
    """A builder of a sigmoid network with the given layer sizes, input first."""
    def build(rng, wb_width=0.01):
        hidden = [Dense(n_in, n_out, Sigmoid(), rng=rng, wb_width=wb_width)
                  for n_in, n_out in zip(sizes[:-2], sizes[1:-1])]
        return Network([*hidden, Dense(sizes[-2], sizes[-1], Identity(), rng=rng, wb_width=wb_width)],
                       loss=SumOfSquares())
    return build


runs, stacked = {}, {}
print("network      wb_width   median error after epoch 199 (10th-90th percentile)")
for sizes in ARCHITECTURES:
    seeds, widths = np.tile(np.arange(N_SEEDS), len(WIDTHS)), np.repeat(WIDTHS, N_SEEDS)
    run = stacked[sizes] = train_stacked(network(sizes), x, t, seeds=seeds, epochs=EPOCHS,
                                         learning_rate=0.1, wb_width=widths, log=None)
    for i, width in enumerate(WIDTHS):
        errors = runs[sizes, width] = run.errors[i * N_SEEDS:(i + 1) * N_SEEDS]
        low, median, high = np.percentile(errors[:, -1], [10, 50, 90])
        name = "-".join(map(str, sizes))
        print(f"{name:10s}   {width:8g}   {median:.3g} ({low:.3g}-{high:.3g})")

fig, axes = plt.subplots(1, len(WIDTHS), figsize=(10, 3.4), sharey=True, layout="constrained")
for ax, width in zip(axes, WIDTHS):
    for sizes in ARCHITECTURES:
        errors = runs[sizes, width]
        (line,) = ax.plot(np.median(errors, axis=0), label="-".join(map(str, sizes)))
        ax.fill_between(np.arange(EPOCHS), *np.percentile(errors, [10, 90], axis=0),
                        color=line.get_color(), alpha=0.2)
    ax.set(yscale="log", xlabel="epoch", title=f"wb_width = {width:g}")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
axes[0].set_ylabel("mean error per sample")

# %%
# Why depth stalls with tiny weights
# ----------------------------------
# Backpropagation passes the error signal down one layer with
# :math:`\delta^{(l)} = (\delta^{(l+1)} W^{(l+1)\top}) \odot y^{(l)}(1 -
# y^{(l)})`: multiplied by the weights above and by the sigmoid's slope,
# at most 0.25. With weights of about 0.01, each layer it passes shrinks
# the signal, and a layer's weight gradient
# :math:`\partial E/\partial W^{(l)} = y^{(l-1)\top}\delta^{(l)}` shrinks
# with it. The gradient of each layer's weights on the whole training set,
# for the initial 1-10-10-1 networks of the ten seeds:
for width in WIDTHS:
    rms = []
    for seed in range(N_SEEDS):
        net = network((1, 10, 10, 1))(np.random.default_rng(seed), wb_width=width)
        net.forward(x)
        net.backward(t)
        rms.append([np.sqrt(np.mean(layer.grad_W**2)) for layer in net.layers])
    rms = np.array(rms)
    sizes = ", ".join(f"layer {i + 1}: {size:.1e}" for i, size in enumerate(np.median(rms, axis=0)))
    ratio = rms[:, 0] / rms[:, -1]
    print(f"wb_width = {width:g}, root mean square of dE/dW (median over the seeds)\n  {sizes}; "
          f"first layer / last layer from {ratio.min():.1e} to {ratio.max():.1e}")

# %%
# With the textbook's width, the first layer's gradient starts orders of
# magnitude smaller than the last one's, in every seed: at first the first
# layer hardly learns, and it can only speed up as the layers above grow
# their weights. With one hidden layer the signal passes one such factor on
# its way down; with two, two. Larger initial weights pass the signal down with
# far less loss, and the layers' gradients are much closer in size. These
# are three small networks; in networks with many layers the same shrinking
# of the signal on its way down is known as the vanishing gradient problem,
# one of the difficulties of training deep networks that the literature
# describes (:ref:`Nielsen 2015, ch. 5 <ref-nielsen-2015>`;
# :ref:`Goodfellow, Bengio & Courville 2016, §8.2.5 <ref-goodfellow-2016>`).
# Keeping the size of the signal from layer to layer is what initialisations
# with widths scaled to the layer sizes were designed for, rather than one
# small constant (:ref:`Glorot & Bengio 2010 <ref-glorot-2010>` for
# activations symmetric about 0 with slope 1 there, tried on tanh;
# :ref:`He et al. 2015 <ref-he-2015>` for ReLU); this
# page tests neither on deep networks.

# %%
# Typical fits
# ------------
# For the larger width, the fit of the seed with the median final error.
# The 1-10-10-1 network ends closest to the target; the 1-3-3-1 network,
# with as few neurons per layer as the textbook's, gains nothing from its
# second layer in these epochs (its median error, in the table, is behind
# the 1-3-1 network's).
fig, axes = plt.subplots(1, len(ARCHITECTURES), figsize=(10, 2.6), sharey=True, layout="constrained")
for ax, sizes in zip(axes, ARCHITECTURES):
    # Copies N_SEEDS to 2 N_SEEDS - 1 of each stacked run are those with wb_width = 1.
    typical = N_SEEDS + np.argsort(runs[sizes, 1.0][:, -1])[N_SEEDS // 2]
    ax.plot(x[:, 0], t[:, 0], "--", color="black", lw=1)
    ax.plot(x[:, 0], stacked[sizes].network(typical).predict(x)[:, 0], color="tab:blue", lw=2)
    ax.set_title("-".join(map(str, sizes)), fontsize="medium")
    ax.set_xlabel(r"input $(x - \pi)/\pi$")

# Open the figures in windows (without a display: save them as PNG files, and say where).
show_or_save()

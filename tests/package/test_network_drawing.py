import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from helpers import classification_network, regression_network  # noqa: E402

from bpteach.plotting import draw_network  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_every_weight_and_bias_of_the_2_6_2_network_is_named():
    ax = draw_network((2, 6, 2))
    names = texts(ax)
    weights = {f"$W^{{(1)}}_{{{i}{k}}}$" for i in (1, 2) for k in range(1, 7)}
    weights |= {f"$W^{{(2)}}_{{{i}{k}}}$" for i in range(1, 7) for k in (1, 2)}
    biases = {f"$b^{{(1)}}_{{{k}}}$" for k in range(1, 7)} | {"$b^{(2)}_{1}$", "$b^{(2)}_{2}$"}
    assert weights | biases <= set(names)
    assert len(ax.patches) == 10 and len(ax.lines) == 24
    assert {"input layer", "hidden layer", "output layer"} <= set(names)


def test_values_are_the_network_weights(rng):
    net = regression_network(rng, wb_width=1.0)
    ax = draw_network(net, weight_labels="values", value_format="{:.6f}")
    names = texts(ax)
    for layer in net.layers:
        for value in layer.W.ravel():
            assert f"{value:.6f}" in names
        for value in layer.b:
            assert f"b = {value:.6f}" in names
    assert "hidden layer\n(sigmoid)" in names and "output layer\n(identity)" in names


def test_deeper_networks_and_custom_names(rng):
    ax = draw_network(classification_network(rng), weight_labels=None,
                      layer_names=["in", "middle", "out"])
    assert not any(name.startswith("$W") for name in texts(ax))
    ax = draw_network([2, 4, 3, 2])
    assert {"hidden layer 1", "hidden layer 2"} <= set(texts(ax))


@pytest.mark.parametrize(
    ("network", "kwargs", "error", "message"),
    [
        ((3,), {}, ValueError, "at least two layers"),
        ((1, 0, 1), {}, ValueError, r"network\[1\] \(a layer size\) must be an integer >= 1, got 0"),
        ((1, 2.5, 1), {}, TypeError, r"network\[1\] \(a layer size\) must be an integer"),
        (3, {}, TypeError, "sequence of layer sizes"),
        ((1, 3, 1), {"weight_labels": "names"}, ValueError, "weight_labels must be"),
        ((1, 3, 1), {"weight_labels": "values"}, ValueError, "needs a Network"),
        ((1, 3, 1), {"layer_names": ["a", "b"]}, ValueError, r"one name per layer \(3\), got 2"),
    ],
)
def test_bad_arguments_get_clear_errors(network, kwargs, error, message):
    with pytest.raises(error, match=message):
        draw_network(network, **kwargs)

"""Saving and loading networks: exact round trips, and files that are refused unopened."""

import json
import os
import pickle

import numpy as np
import pytest
from helpers import classification_network, regression_network

import bpteach
from bpteach import Dense, Network, ReLU, Sigmoid, Softmax, SumOfSquares, Tanh, load, save
from bpteach.datasets import sin_boundary, sin_curve


class Exploit:
    """Unpickling this object creates the directory `marker`: proof that code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def trained(make, data, seed=0, epochs=3):
    rng = np.random.default_rng(seed)
    net = make(rng)
    x, t = data()
    bpteach.train(net, x, t, epochs=epochs, learning_rate=0.1, rng=rng, log=None)
    return net, x, t


def assert_same_network(loaded, original):
    assert repr(loaded) == repr(original)
    assert loaded.loss == original.loss
    for new, old in zip(loaded.layers, original.layers, strict=True):
        assert new.activation == old.activation
        for mine, theirs in ((new.W, old.W), (new.b, old.b)):
            assert mine.dtype == np.float64 and mine.shape == theirs.shape
            assert mine.tobytes() == theirs.tobytes()  # bit for bit
            assert not np.shares_memory(mine, theirs)


@pytest.mark.parametrize(("make", "data"), [(regression_network, sin_curve),
                                            (classification_network, sin_boundary)])
def test_round_trip_reproduces_predictions_bit_for_bit(make, data, tmp_path):
    net, x, t = trained(make, data)
    path = tmp_path / "net.npz"
    save(net, path)
    loaded = load(path)
    assert_same_network(loaded, net)
    assert loaded.predict(x).tobytes() == net.predict(x).tobytes()
    # Training goes on identically from either copy.
    histories = [bpteach.train(n, x, t, epochs=2, learning_rate=0.1, rng=np.random.default_rng(9), log=None)
                 for n in (net, loaded)]
    assert histories[0].errors.tobytes() == histories[1].errors.tobytes()


def test_every_activation_round_trips(tmp_path, rng):
    net = Network([Dense(3, 4, Tanh(), rng=rng, wb_width=1.0), Dense(4, 5, ReLU(), rng=rng, wb_width=1.0),
                   Dense(5, 2, Sigmoid(), rng=rng, wb_width=1.0), Dense(2, 3, Softmax(), rng=rng)],
                  loss=SumOfSquares())
    save(net, tmp_path / "deep.npz")
    loaded = load(tmp_path / "deep.npz")
    assert_same_network(loaded, net)
    x = rng.normal(size=(10, 3))
    assert loaded.predict(x).tobytes() == net.predict(x).tobytes()


def test_the_file_is_plain_numpy_and_json(tmp_path):
    net, _, _ = trained(regression_network, sin_curve)
    path = tmp_path / "no-suffix"
    save(net, path)  # written exactly as named, no ".npz" appended
    assert path.exists() and not (tmp_path / "no-suffix.npz").exists()
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == ["W1", "W2", "b1", "b2", "bpteach_network"]
        spec = json.loads(str(archive["bpteach_network"]))
        # exact: save copies the bytes
        assert np.array_equal(archive["W2"], net.layers[1].W)
    assert spec["format"] == "bpteach-network" and spec["format_version"] == 1
    assert spec["layers"] == [{"n_in": 1, "n_out": 3, "activation": "sigmoid"},
                              {"n_in": 3, "n_out": 1, "activation": "identity"}]
    assert spec["loss"] == "sum_of_squares"


# --- save refuses ----------------------------------------------------------------------


def test_save_refuses_non_finite_parameters(tmp_path, rng):
    net = regression_network(rng)
    net.layers[1].b[0] = np.nan
    with pytest.raises(ValueError, match=r"parameters are not finite: b2 \(layers\[1\].b\) holds NaN"):
        save(net, tmp_path / "bad.npz")
    assert not (tmp_path / "bad.npz").exists()


def test_save_refuses_activations_it_could_not_load(tmp_path, rng):
    class MySigmoid(Sigmoid):
        pass

    net = Network([Dense(1, 1, MySigmoid(), rng=rng)], loss=SumOfSquares())
    with pytest.raises(ValueError, match=r"cannot save activation MySigmoid\(\): only bpteach's own"):
        save(net, tmp_path / "custom.npz")


def test_save_refuses_what_is_not_a_network(tmp_path, rng):
    with pytest.raises(TypeError, match=r"network must be a bpteach Network, got \[Dense"):
        save([Dense(1, 1, Sigmoid(), rng=rng)], tmp_path / "x.npz")
    with pytest.raises(TypeError, match=r"path must be a file name \(str or pathlib.Path\), got 42"):
        save(regression_network(rng), 42)


# --- load refuses, without executing anything -------------------------------------------


def test_a_pickled_object_inside_the_npz_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "code-ran"
    path = tmp_path / "crafted.npz"
    np.savez(path, bpteach_network=np.array([Exploit(marker)], dtype=object),
             W1=np.zeros((1, 1)), b1=np.zeros(1))
    with pytest.raises(ValueError, match=r"crafted.npz is not a bpteach network file: it holds a pickled "
                                         r"Python object, which bpteach never loads"):
        load(path)
    assert not marker.exists()
    # The file really is live: unpickling it, as np.load(allow_pickle=True) does, runs the code.
    with np.load(path, allow_pickle=True) as archive:
        archive["bpteach_network"]
    assert marker.exists()


def test_a_pickled_extra_entry_is_refused_without_reading_it(tmp_path):
    net, _, _ = trained(regression_network, sin_curve)
    save(net, tmp_path / "good.npz")
    marker = tmp_path / "code-ran"
    with np.load(tmp_path / "good.npz") as archive:
        entries = {name: archive[name] for name in archive.files}
    np.savez(tmp_path / "extra.npz", **entries, payload=np.array([Exploit(marker)], dtype=object))
    with pytest.raises(ValueError, match=r"its entries .*'payload'.* differ from the expected "
                                         r".*nothing else is read"):
        load(tmp_path / "extra.npz")
    assert not marker.exists()


def test_a_plain_pickle_file_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "code-ran"
    path = tmp_path / "net.npz"
    path.write_bytes(pickle.dumps(Exploit(marker)))
    with pytest.raises(ValueError, match=r"is a .npz \(zip\) archive, but this file starts with b'\\x80"):
        load(path)
    assert not marker.exists()
    pickle.loads(path.read_bytes())  # the control: unpickling does run it
    assert marker.exists()


def _npz_with(tmp_path, architecture=None, **arrays):
    """A file like save() writes, with the architecture or some arrays replaced."""
    spec = {"format": "bpteach-network", "format_version": 1, "written_by": "a test",
            "layers": [{"n_in": 1, "n_out": 2, "activation": "sigmoid"}], "loss": "sum_of_squares"}
    spec.update(architecture or {})
    entries = {"bpteach_network": np.array(json.dumps(spec)), "W1": np.zeros((1, 2)), "b1": np.zeros(2)}
    entries.update(arrays)
    path = tmp_path / "file.npz"
    np.savez(path, **entries)
    return path


def test_the_helper_writes_a_loadable_file(tmp_path):
    """So that each refusal below is caused by the one thing it changes."""
    assert repr(load(_npz_with(tmp_path))) == "Network([Dense(1, 2, Sigmoid())], loss=SumOfSquares())"


REFUSED = {
    "an unknown activation": (
        dict(architecture={"layers": [{"n_in": 1, "n_out": 2, "activation": "os.system"}]}),
        r"layer 0 has the unknown activation 'os.system' \(known: identity, sigmoid"),
    "an unknown loss": (dict(architecture={"loss": "hinge"}), r"it has the unknown loss 'hinge'"),
    "another format": (dict(architecture={"format": "keras"}),
                       r"its 'bpteach_network' entry does not say format 'bpteach-network'"),
    "a future version": (dict(architecture={"format_version": 2}),
                         r"it has format version 2; this bpteach reads version 1 "
                         r"\(the file was written by 'a test'\)"),
    "no layers": (dict(architecture={"layers": []}), r"it lists no layers"),
    "a layer size of zero": (
        dict(architecture={"layers": [{"n_in": 1, "n_out": 0, "activation": "sigmoid"}]}),
        r"layer 0 has n_out = 0, not an integer >= 1"),
    "weights of the wrong shape": (dict(W1=np.zeros((2, 1))),
                                   r"W1 has dtype float64 and shape \(2, 1\), expected float64 and \(1, 2\)"),
    "float32 weights": (dict(W1=np.zeros((1, 2), dtype=np.float32)), r"W1 has dtype float32"),
    "NaN biases": (dict(b1=np.array([0.0, np.nan])), r"b1 holds NaN or infinite values"),
    "a missing entry": (dict(), None),  # filled in below
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_load_refuses_files_that_are_not_bpteach_networks(case, tmp_path):
    options, pattern = REFUSED[case]
    path = _npz_with(tmp_path, **options)
    if case == "a missing entry":
        with np.load(path) as archive:
            np.savez(path, bpteach_network=archive["bpteach_network"], W1=archive["W1"])
        pattern = (r"its entries \['W1', 'bpteach_network'\] differ from the expected "
                   r"\['W1', 'b1', 'bpteach_network'\]")
    with pytest.raises(ValueError, match=r"file.npz is not a bpteach network file: " + pattern):
        load(path)


def test_load_refuses_other_npz_and_npy_files_and_text(tmp_path):
    np.savez(tmp_path / "data.npz", x=np.arange(3))
    with pytest.raises(ValueError, match=r"holds the entries \['x'\] but no 'bpteach_network' entry"):
        load(tmp_path / "data.npz")
    np.save(tmp_path / "array.npy", np.arange(3))
    with pytest.raises(ValueError, match=r"starts with b'\\x93NUM'"):
        load(tmp_path / "array.npy")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match=r"starts with b'hell'"):
        load(tmp_path / "notes.txt")
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ValueError, match=r"broken.npz is not a bpteach network file: NumPy cannot read it"):
        load(tmp_path / "broken.npz")
    with pytest.raises(ValueError, match=r"'bpteach_network' entry is not valid JSON"):
        np.savez(tmp_path / "json.npz", bpteach_network=np.array("{not json"))
        load(tmp_path / "json.npz")


def test_load_of_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.npz"):
        load(tmp_path / "nothing.npz")

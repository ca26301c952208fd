r"""Saving a trained network to a file, and loading it back safely.

A network is fully described by its architecture (the layer sizes
:math:`n_\text{in}, n_\text{out}`, each layer's activation, the loss) and
its parameters :math:`W^{(l)}, b^{(l)}`. :func:`save` writes both into one
NumPy ``.npz`` file (a zip archive of ``.npy`` arrays):

.. list-table::
   :header-rows: 1

   * - entry
     - what
     - shape, dtype
   * - ``bpteach_network``
     - the architecture, as JSON text
     - 0-d unicode string
   * - ``W1``, ``W2``, …
     - the weights :math:`W^{(l)}`, layers counted from 1 as in the docs
     - :math:`(n_\text{in}, n_\text{out})`, float64
   * - ``b1``, ``b2``, …
     - the biases :math:`b^{(l)}`
     - :math:`(n_\text{out},)`, float64

:func:`load` rebuilds an equal network: the arrays are stored exactly, so
the loaded network's predictions are identical to the saved one's, bit for
bit.

Safety
------
``.npz`` files can also hold *pickled* Python objects, and unpickling a
file can run any code its author chose. :func:`load` never unpickles: it
reads with ``numpy.load(..., allow_pickle=False)``, checks that the file
holds exactly the entries above with the right shapes and dtypes before it
reads any array, and refuses anything else with a message that says why.
Only bpteach's own activations and losses can be saved or loaded; they are
looked up by name in a fixed table, never imported from the file.

Examples
--------
>>> import tempfile, pathlib
>>> import numpy as np
>>> import bpteach
>>> from bpteach import Network, Dense, Sigmoid, Identity, SumOfSquares
>>> rng = np.random.default_rng(0)
>>> net = Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)],
...               loss=SumOfSquares())
>>> path = pathlib.Path(tempfile.mkdtemp()) / "sin.npz"
>>> bpteach.save(net, path)
>>> again = bpteach.load(path)
>>> again
Network([Dense(1, 3, Sigmoid()), Dense(3, 1, Identity())], loss=SumOfSquares())
>>> x = np.linspace(-1, 1, 5).reshape(-1, 1)
>>> np.array_equal(again.predict(x), net.predict(x))  # exact: the same parameters, bit for bit
True
"""

import contextlib
import json
import os
import secrets
import stat
import zipfile

import numpy as np

from bpteach._version import __version__
from bpteach.activations import Identity, ReLU, Sigmoid, Softmax, Tanh
from bpteach.layers import Dense
from bpteach.losses import CrossEntropy, SumOfSquares
from bpteach.network import Network

__all__ = ["save", "load", "FORMAT", "FORMAT_VERSION"]

#: The value of the ``"format"`` field that marks a bpteach network file.
FORMAT = "bpteach-network"

#: The version of the file layout written by :func:`save`.
FORMAT_VERSION = 1

_ARCHITECTURE = "bpteach_network"
_ACTIVATIONS = {cls.name: cls for cls in (Identity, Sigmoid, Tanh, ReLU, Softmax)}
_LOSSES = {cls.name: cls for cls in (SumOfSquares, CrossEntropy)}


def _name_of(obj, table, what):
    """The registered name of `obj`, refusing anything not exactly one of ours."""
    name = getattr(obj, "name", None)
    if table.get(name) is not type(obj):
        raise ValueError(
            f"cannot save {what} {obj!r}: only bpteach's own {what}s can be saved "
            f"({', '.join(cls.__name__ for cls in table.values())})"
        )
    return name


def _check_path(path):
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file name (str or pathlib.Path), got {path!r}")
    return os.fspath(path)


def save(network, path):
    """Write `network` (architecture and parameters) to the ``.npz`` file `path`.

    Parameters
    ----------
    network : bpteach.network.Network
        The network to save. Its parameters must be finite.
    path : str or os.PathLike
        The file to write, exactly as named (no suffix is added; ``.npz``
        is the customary one). An existing file is replaced, atomically:
        the network is written to a temporary file beside it, which then
        takes its name in one step, so an error or a Ctrl-C while writing
        leaves the old file intact (and no temporary file behind).

    Raises
    ------
    TypeError
        If `network` is not a :class:`~bpteach.network.Network` or `path`
        is not a file name.
    ValueError
        If a parameter holds NaN or infinite values, or an activation or
        the loss is not one of bpteach's own.

    Examples
    --------
    >>> import tempfile, pathlib, zipfile
    >>> import numpy as np
    >>> from bpteach import Network, Dense, Sigmoid, Softmax, CrossEntropy, save
    >>> rng = np.random.default_rng(0)
    >>> net = Network([Dense(2, 6, Sigmoid(), rng=rng), Dense(6, 2, Softmax(), rng=rng)],
    ...               loss=CrossEntropy())
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "classifier.npz"
    >>> save(net, path)
    >>> sorted(zipfile.ZipFile(path).namelist())
    ['W1.npy', 'W2.npy', 'b1.npy', 'b2.npy', 'bpteach_network.npy']
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a bpteach Network, got {network!r}")
    path = _check_path(path)
    architecture = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "written_by": f"bpteach {__version__}",
        "layers": [
            {"n_in": layer.n_in, "n_out": layer.n_out,
             "activation": _name_of(layer.activation, _ACTIVATIONS, "activation")}
            for layer in network.layers
        ],
        "loss": _name_of(network.loss, _LOSSES, "loss"),
    }
    arrays = {}
    for number, layer in enumerate(network.layers, start=1):
        for symbol, value in (("W", layer.W), ("b", layer.b)):
            if not np.all(np.isfinite(value)):
                raise ValueError(
                    f"cannot save a network whose parameters are not finite: {symbol}{number} "
                    f"(layers[{number - 1}].{symbol}) holds NaN or infinite values"
                )
            arrays[f"{symbol}{number}"] = np.asarray(value, dtype=np.float64)
    entries = {_ARCHITECTURE: np.array(json.dumps(architecture)), **arrays}
    _write_atomically(path, lambda file: np.savez(file, **entries))


def _write_atomically(path, write):
    """Call ``write(file)`` on a new file beside `path`, then move it to `path` in one step.

    ``os.replace`` swaps the name atomically, so readers see the old file or
    the new one, never half of one. Until then `path` is untouched; on any
    failure (KeyboardInterrupt included) the temporary file is removed.
    """
    target = os.path.realpath(path)  # through a symbolic link to the file it names
    directory, name = os.path.split(target)
    temporary = os.path.join(directory, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # Created like open(path, "wb") would: permissions from the umask, or the old file's.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        if os.path.exists(target):
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class _Refused(ValueError):
    """Raised by the checks in :func:`load`; turned into one clear message."""


def _require(condition, reason):
    if not condition:
        raise _Refused(reason)


def _read_architecture(archive):
    entry = archive[_ARCHITECTURE]  # refuses a pickled object (allow_pickle=False)
    _require(entry.dtype.kind == "U" and entry.shape == (),
             f"its '{_ARCHITECTURE}' entry is not a text string (got dtype {entry.dtype}, "
             f"shape {entry.shape})")
    try:
        spec = json.loads(str(entry))
    except json.JSONDecodeError as err:
        raise _Refused(f"its '{_ARCHITECTURE}' entry is not valid JSON ({err})") from None
    _require(isinstance(spec, dict) and spec.get("format") == FORMAT,
             f"its '{_ARCHITECTURE}' entry does not say format '{FORMAT}'")
    version = spec.get("format_version")
    _require(version == FORMAT_VERSION,
             f"it has format version {version!r}; this bpteach reads version {FORMAT_VERSION} "
             f"(the file was written by {spec.get('written_by', 'an unknown program')!r})")
    layers = spec.get("layers")
    _require(isinstance(layers, list) and len(layers) >= 1, "it lists no layers")
    for i, layer in enumerate(layers):
        _require(isinstance(layer, dict) and set(layer) == {"n_in", "n_out", "activation"},
                 f"layer {i} is not described by n_in, n_out and activation: {layer!r}")
        for key in ("n_in", "n_out"):
            _require(type(layer[key]) is int and layer[key] >= 1,
                     f"layer {i} has {key} = {layer[key]!r}, not an integer >= 1")
        _require(layer["activation"] in _ACTIVATIONS,
                 f"layer {i} has the unknown activation {layer['activation']!r} "
                 f"(known: {', '.join(_ACTIVATIONS)})")
        if i > 0:
            _require(layer["n_in"] == layers[i - 1]["n_out"],
                     f"layer {i} has n_in = {layer['n_in']} but layer {i - 1} has "
                     f"n_out = {layers[i - 1]['n_out']}")
    _require(spec.get("loss") in _LOSSES,
             f"it has the unknown loss {spec.get('loss')!r} (known: {', '.join(_LOSSES)})")
    return layers, spec["loss"]


def _read_parameter(archive, key, shape):
    value = archive[key]  # refuses a pickled object (allow_pickle=False)
    _require(value.dtype == np.float64 and value.shape == shape,
             f"{key} has dtype {value.dtype} and shape {value.shape}, expected float64 and {shape}")
    _require(np.all(np.isfinite(value)), f"{key} holds NaN or infinite values")
    return value


def load(path):
    """Read a network written by :func:`save`, without ever unpickling anything.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save`.

    Returns
    -------
    bpteach.network.Network
        A new network with the saved architecture and exactly the saved
        parameters.

    Raises
    ------
    FileNotFoundError
        If `path` does not exist.
    TypeError
        If `path` is not a file name.
    ValueError
        If the file is not a bpteach network file: not a ``.npz`` archive,
        holding pickled objects, missing or unexpected entries, an unknown
        format version, activation or loss, or arrays of the wrong shape or
        dtype. The message names the file and the reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import numpy as np
    >>> from bpteach import load
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "numbers.npz"
    >>> np.savez(path, numbers=np.arange(3))
    >>> load(path)
    Traceback (most recent call last):
    ...
    ValueError: ...numbers.npz is not a bpteach network file: it holds the entries ['numbers'] ...
    """
    path = _check_path(path)
    with open(path, "rb") as file:
        try:
            return _load_from(file)
        except _Refused as reason:
            raise ValueError(f"{path} is not a bpteach network file: {reason}") from None
        except ValueError as err:
            if "allow_pickle" in str(err):
                raise ValueError(
                    f"{path} is not a bpteach network file: it holds a pickled Python object, which "
                    "bpteach never loads (unpickling a file can run any code its author chose)"
                ) from None
            raise ValueError(f"{path} is not a bpteach network file: {err}") from None


def _load_from(file):
    start = file.read(4)
    _require(start in (b"PK\x03\x04", b"PK\x05\x06"),
             f"a bpteach network file is a .npz (zip) archive, but this file starts with {start!r}")
    file.seek(0)
    try:
        archive = np.load(file, allow_pickle=False)
    except (ValueError, OSError, zipfile.BadZipFile) as err:
        raise _Refused(f"NumPy cannot read it as a .npz archive ({err})") from None
    with archive:
        _require(_ARCHITECTURE in archive.files,
                 f"it holds the entries {sorted(archive.files)} but no '{_ARCHITECTURE}' entry "
                 "(was it written by bpteach.save?)")
        layers, loss = _read_architecture(archive)
        expected = {_ARCHITECTURE} | {f"{s}{i}" for i in range(1, len(layers) + 1) for s in "Wb"}
        _require(set(archive.files) == expected,
                 f"its entries {sorted(archive.files)} differ from the expected "
                 f"{sorted(expected)}; nothing else is read")
        built = []
        for number, spec in enumerate(layers, start=1):
            layer = Dense(spec["n_in"], spec["n_out"], _ACTIVATIONS[spec["activation"]](),
                          rng=np.random.default_rng(0), wb_width=0.0)
            layer.W = _read_parameter(archive, f"W{number}", (spec["n_in"], spec["n_out"]))
            layer.b = _read_parameter(archive, f"b{number}", (spec["n_out"],))
            built.append(layer)
        return Network(built, loss=_LOSSES[loss]())

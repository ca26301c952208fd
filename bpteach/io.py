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
reads each array with ``numpy.lib.format.read_array(..., allow_pickle=False)``,
and refuses anything else with a message that names the file and says why.
Before it reads any array or builds any layer it checks that the file holds
exactly the entries above (each one a ``.npy``), that the architecture
describes at most :data:`MAX_PARAMETERS` parameters, and that each entry's
``.npy`` header gives the shape and dtype the architecture implies and its
declared size in the zip directory matches them; so a file of a few hundred
bytes cannot make it allocate or decompress gigabytes. A corrupted entry
(its CRC-32 does not match) is refused as it is read, before the network is
built. Only bpteach's own activations and losses can be saved or loaded;
they are looked up by name in a fixed table, never imported from the file.

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
import math
import os
import secrets
import stat
import zipfile
import zlib

import numpy as np

from bpteach._validation import check_positive_int
from bpteach._version import __version__
from bpteach.activations import Identity, ReLU, Sigmoid, Softmax, Tanh
from bpteach.layers import Dense
from bpteach.losses import CrossEntropy, SumOfSquares
from bpteach.network import Network

__all__ = ["save", "load", "FORMAT", "FORMAT_VERSION", "MAX_PARAMETERS"]

#: The value of the ``"format"`` field that marks a bpteach network file.
FORMAT = "bpteach-network"

#: The version of the file layout written by :func:`save`.
FORMAT_VERSION = 1

#: The most parameters :func:`load` accepts by default (:math:`10^8` float64 values, 800 MB);
#: a file whose architecture claims more is refused before anything is allocated.
MAX_PARAMETERS = 10**8

#: The largest size, in bytes, of the architecture entry (a JSON text of a few hundred bytes
#: for the networks of the examples); a larger one is refused before it is read.
MAX_ARCHITECTURE_BYTES = 2**20

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
    path = os.fspath(path)
    if not path.strip():
        raise ValueError(f"path must name a file, such as 'network.npz', got the empty name {path!r}")
    return path


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
        If `path` is empty, a parameter holds NaN or infinite values, or an
        activation or the loss is not one of bpteach's own.
    OSError
        If the file cannot be written (a missing or read-only directory, a
        full disk): ``PermissionError``, ``FileNotFoundError`` and so on,
        naming `path` (not the temporary file), with the directory.

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

    An :class:`OSError` (a missing or read-only directory, a full disk, `path`
    naming a directory) is raised again with `path`, the name the learner
    gave, rather than the temporary file's.
    """
    target = os.path.realpath(path)  # through a symbolic link to the file it names
    directory, name = os.path.split(target)
    temporary = os.path.join(directory, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        # Created like open(path, "wb") would: permissions from the umask, or the old file's.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as err:
        raise _about(err, path) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        if os.path.exists(target):
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(err, OSError):
            raise _about(err, path) from None
        raise


def _about(err, path):
    """The OSError `err` (same errno, so the same subclass), about `path` instead of a temporary file."""
    directory = os.path.dirname(os.path.abspath(path))
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError) and not os.path.isdir(directory):
        reason += f" (the directory {directory!r} does not exist)"
    elif isinstance(err, PermissionError):
        reason += f" (cannot create a file in {directory!r})"
    return OSError(err.errno, reason, path)  # "[Errno 13] Permission denied (...): 'path'"


class _Refused(ValueError):
    """Raised by the checks in :func:`load`; turned into one clear message."""


def _require(condition, reason):
    if not condition:
        raise _Refused(reason)


# What can go wrong while reading a member of a zip archive: a bad CRC or header
# (BadZipFile), corrupted compressed data (zlib.error, EOFError), a compression method or
# an encryption that zipfile does not support (NotImplementedError, RuntimeError).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def _entries(archive):
    """Map each entry's name without ``.npy`` to its ZipInfo, refusing members that are not .npy."""
    entries = {}
    for info in archive.infolist():
        _require(info.filename.endswith(".npy") and not info.is_dir(),
                 f"its entry '{info.filename}' is not a .npy array (a network file holds only .npy "
                 "entries); nothing was read")
        _require(info.filename[:-4] not in entries, f"it holds the entry '{info.filename}' twice")
        entries[info.filename[:-4]] = info
    return entries


def _read_header(archive, info):
    """Read only the .npy header of entry `info`: its shape and dtype, and the size it implies."""
    try:
        with archive.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                    else np.lib.format.read_array_header_2_0)
            shape, _, dtype = read(stream)
            header_size = stream.tell()
    except _ZIP_ERRORS as err:
        raise _Refused(f"its entry '{info.filename}' is corrupted ({type(err).__name__}: {err})") from None
    except ValueError as err:
        raise _Refused(f"its entry '{info.filename}' has no valid .npy header ({err})") from None
    _require(not dtype.hasobject,
             "it holds a pickled Python object, which bpteach never loads (unpickling a file can run "
             f"any code its author chose), in its entry '{info.filename}'")
    return shape, dtype, header_size


def _read_entry(archive, info, shape, dtype, header_size):
    """Read entry `info` once its header said `shape` and `dtype`; refuse a corrupted one."""
    nbytes = math.prod(shape) * dtype.itemsize
    # The size the zip directory declares, checked before anything is decompressed.
    _require(info.file_size == header_size + nbytes,
             f"its entry '{info.filename}' declares {info.file_size} bytes, but its header describes "
             f"{header_size + nbytes} (a header of {header_size} and an array of {shape}, {dtype})")
    try:
        with archive.open(info) as stream:
            value = np.lib.format.read_array(stream, allow_pickle=False)
            stream.read()  # at the end of the entry: zipfile checks its CRC-32 here at the latest
    except _ZIP_ERRORS as err:
        raise _Refused(f"its entry '{info.filename}' is corrupted ({type(err).__name__}: {err})") from None
    return value


def _read_architecture(archive, info):
    _require(info.file_size <= MAX_ARCHITECTURE_BYTES,
             f"its '{_ARCHITECTURE}' entry declares {info.file_size} bytes, more than the "
             f"{MAX_ARCHITECTURE_BYTES} a network's description can take; nothing was read")
    shape, dtype, header_size = _read_header(archive, info)
    _require(dtype.kind == "U" and shape == (),
             f"its '{_ARCHITECTURE}' entry is not a text string (got dtype {dtype}, shape {shape})")
    entry = _read_entry(archive, info, shape, dtype, header_size)
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


def load(path, *, max_parameters=None):
    """Read a network written by :func:`save`, without ever unpickling anything.

    Everything is checked before it is used: the file's entries are listed
    from the zip directory, the architecture is read and its size in
    parameters checked against `max_parameters`, and every array's ``.npy``
    header (its shape and dtype) and the entry's declared size are checked
    against the architecture, all **before any array is read or any layer
    is built**. Only then are the arrays read (a corrupted entry, whose
    CRC-32 does not match, is refused as it is read) and the network built.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save`.
    max_parameters : int, optional
        The largest number of parameters (weights and biases, 8 bytes each)
        the file may describe; default :data:`MAX_PARAMETERS`
        (:math:`10^8`, 800 MB of float64), far above any network in
        bpteach's examples. A file claiming more is refused before anything
        is allocated; pass a larger value to load a larger network you
        trust.

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
        If `path` is not a file name, or `max_parameters` not an integer.
    ValueError
        If the file is not a bpteach network file: not a ``.npz`` archive,
        an entry that is not a ``.npy`` array, a corrupted entry (bad
        CRC-32 or compressed data), pickled objects, missing or unexpected
        entries, an unknown format version, activation or loss, more
        parameters than `max_parameters`, an entry whose declared size
        differs from what its header describes, or arrays of the wrong
        shape or dtype. The message names the file and the reason.

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
    max_parameters = (MAX_PARAMETERS if max_parameters is None
                      else check_positive_int(max_parameters, "max_parameters"))
    with open(path, "rb") as file:
        try:
            return _load_from(file, max_parameters)
        except _Refused as reason:
            raise ValueError(f"{path} is not a bpteach network file: {reason}") from None
        except ValueError as err:
            if "allow_pickle" in str(err):
                raise ValueError(
                    f"{path} is not a bpteach network file: it holds a pickled Python object, which "
                    "bpteach never loads (unpickling a file can run any code its author chose)"
                ) from None
            raise ValueError(f"{path} is not a bpteach network file: {err}") from None


def _load_from(file, max_parameters):
    start = file.read(4)
    _require(start in (b"PK\x03\x04", b"PK\x05\x06"),
             f"a bpteach network file is a .npz (zip) archive, but this file starts with {start!r}")
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except _ZIP_ERRORS as err:
        raise _Refused(f"NumPy cannot read it as a .npz archive ({err})") from None
    with archive:
        entries = _entries(archive)
        _require(_ARCHITECTURE in entries,
                 f"it holds the entries {sorted(entries)} but no '{_ARCHITECTURE}' entry "
                 "(was it written by bpteach.save?)")
        layers, loss = _read_architecture(archive, entries[_ARCHITECTURE])
        expected = {_ARCHITECTURE} | {f"{s}{i}" for i in range(1, len(layers) + 1) for s in "Wb"}
        _require(set(entries) == expected,
                 f"its entries {sorted(entries)} differ from the expected "
                 f"{sorted(expected)}; nothing else is read")
        shapes = {}
        for number, spec in enumerate(layers, start=1):
            shapes[f"W{number}"] = (spec["n_in"], spec["n_out"])
            shapes[f"b{number}"] = (spec["n_out"],)
        n_parameters = sum(math.prod(shape) for shape in shapes.values())
        _require(n_parameters <= max_parameters,
                 f"its architecture has {n_parameters} parameters ({n_parameters * 8 / 2**30:.3g} GiB "
                 f"of float64), more than max_parameters={max_parameters}; nothing was read (pass a "
                 "larger max_parameters to load a larger network you trust)")
        # Every header, before any array is read.
        headers = {}
        for key, shape in shapes.items():
            found_shape, dtype, header_size = _read_header(archive, entries[key])
            # float64 in either byte order: another machine's order is read exactly, then made native.
            _require(dtype.kind == "f" and dtype.itemsize == 8 and found_shape == shape,
                     f"{key} has dtype {dtype} and shape {found_shape}, expected float64 and {shape}")
            headers[key] = (found_shape, dtype, header_size)
        values = {key: _read_entry(archive, entries[key], *headers[key]).astype(np.float64, copy=False)
                  for key in shapes}
    for key, value in values.items():
        _require(np.all(np.isfinite(value)), f"{key} holds NaN or infinite values")
    built = []
    for number, spec in enumerate(layers, start=1):
        layer = Dense(spec["n_in"], spec["n_out"], _ACTIVATIONS[spec["activation"]](),
                      rng=np.random.default_rng(0), wb_width=0.0)
        layer.W, layer.b = values[f"W{number}"], values[f"b{number}"]
        built.append(layer)
    return Network(built, loss=_LOSSES[loss]())

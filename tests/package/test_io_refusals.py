"""load refuses broken and oversized files with a ValueError before using anything; save names the
learner's path when the directory cannot be written (issue 22, items 8-10)."""

import io
import json
import os
import re
import time
import tracemalloc
import zipfile

import numpy as np
import pytest

import bpteach
import bpteach.io
from bpteach import Dense, Identity, Network, Sigmoid, SumOfSquares, load, save


def small_network():
    rng = np.random.default_rng(0)
    return Network([Dense(1, 3, Sigmoid(), rng=rng), Dense(3, 1, Identity(), rng=rng)], loss=SumOfSquares())


def spec(layers):
    return json.dumps({"format": "bpteach-network", "format_version": 1, "written_by": "a test",
                       "layers": layers, "loss": "sum_of_squares"})


def npy_bytes(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


# --- item 8: entries that are not .npy, and corrupted entries ----------------------------------


def test_an_entry_that_is_not_npy_is_refused_with_a_value_error(tmp_path):
    save(small_network(), tmp_path / "good.npz")
    with zipfile.ZipFile(tmp_path / "good.npz") as good, zipfile.ZipFile(tmp_path / "bad.npz", "w") as bad:
        for info in good.infolist():
            bad.writestr(info.filename.replace("W1.npy", "W1"), good.read(info))
    with pytest.raises(ValueError, match=r"bad.npz is not a bpteach network file: its entry 'W1' is not "
                                         r"a .npy array"):
        load(tmp_path / "bad.npz")


def corrupt(path, entry):
    """Flip one byte of `entry`'s data (after its .npy header), leaving the zip directory as it was."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(entry)
    # Local file header: 30 bytes, the name, the extra field; then the stored bytes.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size - 1] ^= 0xFF  # the last byte of the array
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("entry", ["W1.npy", "b2.npy", "bpteach_network.npy"])
def test_a_corrupted_entry_is_refused_with_a_value_error_before_the_network_is_built(entry, tmp_path,
                                                                                     monkeypatch):
    path = tmp_path / "net.npz"
    save(small_network(), path)
    corrupt(path, entry)
    built = []
    monkeypatch.setattr(bpteach.io, "Dense", lambda *args, **kwargs: built.append(args))
    with pytest.raises(ValueError, match=rf"net.npz is not a bpteach network file: its entry '{entry}' is "
                                         r"corrupted \(BadZipFile: Bad CRC-32"):
        load(path)
    assert built == []  # nothing half-read was used


def test_a_corrupted_compressed_entry_is_refused(tmp_path):
    path = tmp_path / "net.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bpteach_network.npy", npy_bytes(np.array(spec(
            [{"n_in": 1, "n_out": 2, "activation": "sigmoid"}]))))
        archive.writestr("W1.npy", npy_bytes(np.ones((1, 2))))
        archive.writestr("b1.npy", npy_bytes(np.ones(2)))
    corrupt(path, "W1.npy")
    with pytest.raises(ValueError, match=r"its entry 'W1.npy' is corrupted"):
        load(path)


# --- item 9: sizes checked before anything is read or allocated --------------------------------


def test_an_architecture_beyond_the_size_limit_is_refused_before_any_allocation(tmp_path):
    np.savez(tmp_path / "huge.npz", bpteach_network=np.array(spec(
        [{"n_in": 10**6, "n_out": 10**6, "activation": "sigmoid"}])), W1=np.zeros((1, 1)), b1=np.zeros(1))
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"huge.npz is not a bpteach network file: its architecture has "
                                             r"1000001000000 parameters \(7.45e\+03 GiB of float64\), more "
                                             r"than max_parameters=100000000; nothing was read"):
            load(tmp_path / "huge.npz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20  # no layer was built (the old code raised MemoryError building one)
    assert bpteach.io.MAX_PARAMETERS == 10**8


def test_the_limit_can_be_raised_or_lowered(tmp_path):
    save(small_network(), tmp_path / "net.npz")
    with pytest.raises(ValueError, match=r"has 10 parameters .* more than max_parameters=9;"):
        load(tmp_path / "net.npz", max_parameters=9)
    assert repr(load(tmp_path / "net.npz", max_parameters=10)) == repr(small_network())
    with pytest.raises(TypeError, match="max_parameters"):
        load(tmp_path / "net.npz", max_parameters=1.5)


def test_a_header_that_disagrees_with_the_architecture_is_refused_before_the_array_is_read(tmp_path):
    """A 25-million-value layer claimed by a small file: refused from its header in milliseconds."""
    np.savez(tmp_path / "claims.npz", bpteach_network=np.array(spec(
        [{"n_in": 5000, "n_out": 5000, "activation": "sigmoid"}])), W1=np.zeros((1, 1)), b1=np.zeros(1))
    start = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"W1 has dtype float64 and shape \(1, 1\), expected float64 "
                                             r"and \(5000, 5000\)"):
            load(tmp_path / "claims.npz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20, peak  # the old code built a 200 MB layer first
    assert time.perf_counter() - start < 5


def test_a_large_entry_is_refused_from_its_header_without_decompressing_it(tmp_path):
    """A 400 kB archive whose W1 holds 50 million values (400 MB once decompressed)."""
    path = tmp_path / "bomb.npz"
    np.savez_compressed(path, bpteach_network=np.array(spec(
        [{"n_in": 1, "n_out": 2, "activation": "sigmoid"}])), W1=np.zeros((5000, 10000)), b1=np.zeros(2))
    assert path.stat().st_size < 10**6
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"W1 has dtype float64 and shape \(5000, 10000\), expected"):
            load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20, peak


def test_an_entry_whose_declared_size_differs_from_its_header_is_refused_before_it_is_read(tmp_path):
    """The right header, then 50 MB more: the zip directory's size gives it away, unread."""
    path = tmp_path / "padded.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bpteach_network.npy", npy_bytes(np.array(spec(
            [{"n_in": 1, "n_out": 2, "activation": "sigmoid"}]))))
        archive.writestr("W1.npy", npy_bytes(np.zeros((1, 2))) + bytes(50 * 2**20))
        archive.writestr("b1.npy", npy_bytes(np.zeros(2)))
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"its entry 'W1.npy' declares 52428944 bytes, but its header "
                                             r"describes 144"):
            load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20, peak


def test_an_oversized_architecture_entry_is_refused_unread(tmp_path):
    path = tmp_path / "long.npz"
    np.savez(path, bpteach_network=np.array(" " * 2**19 + spec([])), W1=np.zeros((1, 1)), b1=np.zeros(1))
    with pytest.raises(ValueError, match=r"its 'bpteach_network' entry declares \d+ bytes, more than the "
                                         r"1048576"):
        load(path)


# --- item 10: save names the path the learner gave -----------------------------------------------


def test_save_into_a_missing_directory_names_the_path_given(tmp_path):
    path = tmp_path / "no-such-folder" / "net.npz"
    with pytest.raises(FileNotFoundError) as caught:
        save(small_network(), path)
    message = str(caught.value)
    assert caught.value.filename == str(path)
    assert ".tmp" not in message and message.endswith(f": {str(path)!r}")
    assert f"the directory {str(tmp_path / 'no-such-folder')!r} does not exist" in message


def test_save_into_a_read_only_directory_names_the_path_given(tmp_path, monkeypatch):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root may write anyway: make the refusal the kernel's answer
            real_open = os.open

            def refused(name, flags, mode=0o777):
                if os.path.dirname(name) == str(folder):
                    raise PermissionError(13, "Permission denied", name)
                return real_open(name, flags, mode)

            monkeypatch.setattr(bpteach.io.os, "open", refused)
        with pytest.raises(PermissionError) as caught:
            save(small_network(), folder / "net.npz")
    finally:
        folder.chmod(0o755)
    message = str(caught.value)
    assert ".tmp" not in message and message.endswith(f": {str(folder / 'net.npz')!r}")
    assert f"cannot create a file in {str(folder)!r}" in message
    assert list(folder.iterdir()) == []


def test_save_onto_a_directory_names_the_path_given(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        save(small_network(), tmp_path / "folder")
    assert ".tmp" not in str(caught.value) and caught.value.filename == str(tmp_path / "folder")
    assert list(tmp_path.iterdir()) == [tmp_path / "folder"]  # and no temporary file left


# --- from the second sweep: float64 written by a machine of the other byte order ---------------


def rewrite(source, target, change):
    """Copy the archive `source` to `target`, each .npy entry's array passed through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if re.fullmatch(r"[Wb][0-9]+\.npy", info.filename):
                data = npy_bytes(change(np.lib.format.read_array(io.BytesIO(data))))
            new.writestr(info.filename, data)


def test_float64_of_the_other_byte_order_is_read_exactly(tmp_path):
    net = small_network()
    save(net, tmp_path / "here.npz")
    rewrite(tmp_path / "here.npz", tmp_path / "big_endian.npz", lambda a: a.astype(">f8"))
    loaded = load(tmp_path / "big_endian.npz")
    for mine, theirs in zip(net.layers, loaded.layers):
        assert theirs.W.dtype == np.float64 and theirs.W.dtype.isnative
        np.testing.assert_array_equal(theirs.W, mine.W)  # exact: a byte swap changes no value
        np.testing.assert_array_equal(theirs.b, mine.b)  # exact: likewise


def test_float32_is_refused_naming_what_was_found(tmp_path):
    save(small_network(), tmp_path / "here.npz")
    rewrite(tmp_path / "here.npz", tmp_path / "single.npz", lambda a: a.astype(np.float32))
    with pytest.raises(ValueError, match=r"W1 has dtype float32 and shape \(1, 3\), expected float64 "
                                         r"and \(1, 3\)"):
        load(tmp_path / "single.npz")

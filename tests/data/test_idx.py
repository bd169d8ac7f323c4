"""Tests for layerlab.data.idx."""

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from layerlab.data.dataset import DataError
from layerlab.data.idx import IdxError, read_idx, write_idx

LABELS_HEADER = bytes([0, 0, 0x08, 1]) + struct.pack(">I", 3)


def test_raw_ubyte_file_is_read_from_its_big_endian_header(tmp_path: Path) -> None:
    path = tmp_path / "labels.idx1-ubyte"
    path.write_bytes(LABELS_HEADER + bytes([7, 2, 1]))
    labels = read_idx(path)
    assert labels.dtype == np.uint8
    np.testing.assert_array_equal(labels, [7, 2, 1])


def test_gzip_is_detected_by_magic_bytes_not_by_name(tmp_path: Path) -> None:
    path = tmp_path / "no-extension"
    path.write_bytes(gzip.compress(LABELS_HEADER + bytes([9, 8, 7])))
    np.testing.assert_array_equal(read_idx(path), [9, 8, 7])


def test_multi_byte_types_are_converted_from_big_endian(tmp_path: Path) -> None:
    # type 0x0B (int16), shape (2, 2): 1, -2, 256, 32767
    header = bytes([0, 0, 0x0B, 2]) + struct.pack(">II", 2, 2)
    path = tmp_path / "shorts.idx"
    path.write_bytes(header + struct.pack(">4h", 1, -2, 256, 32767))
    array = read_idx(path)
    assert array.dtype == np.dtype("=i2")
    np.testing.assert_array_equal(array, [[1, -2], [256, 32767]])


@pytest.mark.parametrize("dtype", ["u1", "i1", "i2", "i4", "f4", "f8"])
@pytest.mark.parametrize("compress", [True, False])
def test_write_then_read_round_trips_every_idx_type(
    tmp_path: Path, dtype: str, compress: bool
) -> None:
    array = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
    path = write_idx(tmp_path / "a.idx", array, gzip=compress)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(back, array)


def test_write_idx_produces_the_canonical_header(tmp_path: Path) -> None:
    path = write_idx(tmp_path / "img.idx3", np.zeros((2, 28, 28), np.uint8), gzip=False)
    raw = path.read_bytes()
    assert raw[:16] == bytes.fromhex("00000803000000020000001c0000001c")
    assert len(raw) == 16 + 2 * 28 * 28


def test_write_idx_gzip_output_is_deterministic(tmp_path: Path) -> None:
    a = write_idx(tmp_path / "a.gz", np.arange(5, dtype=np.uint8)).read_bytes()
    b = write_idx(tmp_path / "b.gz", np.arange(5, dtype=np.uint8)).read_bytes()
    assert a[:2] == b"\x1f\x8b"
    assert a == b


def test_write_idx_rejects_types_idx_cannot_store(tmp_path: Path) -> None:
    with pytest.raises(IdxError, match="cannot store arrays of dtype uint16"):
        write_idx(tmp_path / "x", np.zeros(3, np.uint16))


def test_wrong_magic_names_the_first_bytes(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    path.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(IdxError, match="not an IDX file: it starts with 50 4b 03 04"):
        read_idx(path)


def test_empty_file_is_not_an_idx_file(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    with pytest.raises(IdxError, match="starts with nothing"):
        read_idx(path)


def test_truncated_data_says_how_many_bytes_were_expected_and_found(tmp_path: Path) -> None:
    path = tmp_path / "short"
    path.write_bytes(LABELS_HEADER + bytes([1, 2]))
    with pytest.raises(IdxError, match="expected 3 bytes of data for shape \\(3,\\), found 2"):
        read_idx(path)


def test_truncated_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "short-header"
    path.write_bytes(bytes([0, 0, 0x08, 3, 0, 0, 0, 5]))
    with pytest.raises(IdxError, match="header needs 16 bytes, found 8"):
        read_idx(path)


def test_trailing_garbage_is_reported_with_its_length(tmp_path: Path) -> None:
    path = tmp_path / "long"
    path.write_bytes(LABELS_HEADER + bytes([1, 2, 3, 4, 5]))
    with pytest.raises(IdxError, match="2 bytes of trailing garbage"):
        read_idx(path)


def test_unknown_type_code_is_reported_in_hex(tmp_path: Path) -> None:
    path = tmp_path / "odd"
    path.write_bytes(bytes([0, 0, 0x0A, 1, 0, 0, 0, 1, 0]))
    with pytest.raises(IdxError, match="unknown IDX data type code 0x0A"):
        read_idx(path)


def test_corrupt_gzip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.gz"
    path.write_bytes(gzip.compress(LABELS_HEADER + bytes(300))[:20])
    with pytest.raises(IdxError, match="corrupt gzip file"):
        read_idx(path)


def test_missing_file_raises_idx_error_which_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"cannot read IDX file .*missing"):
        read_idx(tmp_path / "missing")


def test_real_mnist_test_labels_start_with_7_2_1_0_4(shared_mnist: Path) -> None:
    labels = read_idx(shared_mnist / "t10k-labels-idx1-ubyte.gz")
    assert labels.shape == (10000,)
    assert labels.dtype == np.uint8
    np.testing.assert_array_equal(labels[:5], [7, 2, 1, 0, 4])

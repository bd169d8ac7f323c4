"""Read and write IDX files (the MNIST file format), gzipped or raw."""

from __future__ import annotations

import gzip as gzip_module
import os
import struct
import zlib
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from layerlab.data.dataset import DataError

GZIP_MAGIC = b"\x1f\x8b"

# IDX type code -> big-endian numpy dtype.
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


class IdxError(DataError):
    """An IDX file is missing, corrupt or not an IDX file."""


def read_idx(path: str | os.PathLike[str]) -> NDArray[np.generic]:
    """Read an IDX file (gzip detected by its magic bytes) into a native-endian array."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IdxError(f"cannot read IDX file {path}: {exc.strerror or exc}") from exc
    if raw[:2] == GZIP_MAGIC:
        try:
            raw = gzip_module.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise IdxError(f"{path} is a corrupt gzip file: {exc}") from exc
    return parse_idx(raw, str(path))


def parse_idx(raw: bytes, source: str = "IDX data") -> NDArray[np.generic]:
    """Parse the bytes of an uncompressed IDX file."""
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        first = " ".join(f"{b:02x}" for b in raw[:4]) or "nothing"
        raise IdxError(
            f"{source} is not an IDX file: it starts with {first} "
            "(an IDX file starts with 00 00 <type> <dimensions>)"
        )
    code, ndim = raw[2], raw[3]
    if code not in IDX_DTYPES:
        known = ", ".join(f"0x{c:02X}" for c in IDX_DTYPES)
        raise IdxError(f"{source}: unknown IDX data type code 0x{code:02X} (known: {known})")
    if ndim == 0:
        raise IdxError(f"{source}: IDX header declares zero dimensions")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise IdxError(f"{source} is truncated: its header needs {header} bytes, found {len(raw)}")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = IDX_DTYPES[code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    found = len(raw) - header
    if found < expected:
        raise IdxError(
            f"{source} is truncated: expected {expected} bytes of data for shape {shape}, "
            f"found {found}"
        )
    if found > expected:
        raise IdxError(
            f"{source} has {found - expected} bytes of trailing garbage after the "
            f"{expected} bytes of data for shape {shape}"
        )
    data = np.frombuffer(raw, dtype=dtype, count=expected // dtype.itemsize, offset=header)
    return data.reshape(shape).astype(dtype.newbyteorder("="))


def write_idx(path: str | os.PathLike[str], array: NDArray[np.generic], gzip: bool = True) -> Path:
    """Write ``array`` as an IDX file, gzip-compressed (deterministically) by default."""
    path = Path(path)
    array = np.asarray(array)
    codes = {dt.newbyteorder("=").str: c for c, dt in IDX_DTYPES.items()}
    key = array.dtype.newbyteorder("=").str
    if key not in codes:
        raise IdxError(f"IDX cannot store arrays of dtype {array.dtype}")
    if array.ndim == 0 or array.ndim > 255:
        raise IdxError(f"IDX needs 1 to 255 dimensions, got {array.ndim}")
    code = codes[key]
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    data = header + np.ascontiguousarray(array, dtype=IDX_DTYPES[code]).tobytes()
    if gzip:
        data = gzip_module.compress(data, mtime=0)
    path.write_bytes(data)
    return path

"""The one JIT decorator every kernel uses, and the on-disk cache it compiles into."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from numba import config, njit

# Every fast-math flag except 'nnan' and 'ninf': NaN/Inf detection must survive optimisation.
FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}


def _cache_dir() -> str:
    """A cache folder keyed by the source of every kernel module.

    numba keys a cached function on its own file only, so a caller (the interpreter) would keep
    stale machine code after a callee in another file changed; one folder per kernels-source
    hash rules that out.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    root = os.environ.get("LAYERLAB_CACHE_DIR") or Path.home() / ".cache" / "layerlab"
    return str(Path(root) / "numba" / digest.hexdigest()[:16])


if not os.environ.get("NUMBA_CACHE_DIR"):
    config.CACHE_DIR = _cache_dir()


def kernel(fn):
    """Compile ``fn`` with numba: no GIL, cached on disk, float-safe fast maths."""
    return njit(nogil=True, fastmath=FASTMATH, cache=True)(fn)

"""The one JIT decorator every kernel uses, and the on-disk cache it compiles into."""

from __future__ import annotations

import os

from numba import config, njit

from layerlab.engine.jit_cache import cache_dir

# Every fast-math flag except 'nnan' and 'ninf': NaN/Inf detection must survive optimisation.
FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}

if not os.environ.get("NUMBA_CACHE_DIR"):
    config.CACHE_DIR = str(cache_dir())


def kernel(fn):
    """Compile ``fn`` with numba: no GIL, cached on disk, float-safe fast maths."""
    return njit(nogil=True, fastmath=FASTMATH, cache=True)(fn)

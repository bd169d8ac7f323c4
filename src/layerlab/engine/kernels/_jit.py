"""The one JIT decorator every kernel uses."""

from __future__ import annotations

from numba import njit

# Every fast-math flag except 'nnan' and 'ninf': NaN/Inf detection must survive optimisation.
FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}


def kernel(fn):  # noqa: ANN001, ANN201 - a decorator
    """Compile ``fn`` with numba: no GIL, cached on disk, float-safe fast maths."""
    return njit(nogil=True, fastmath=FASTMATH, cache=True)(fn)

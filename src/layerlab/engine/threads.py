"""One core for training: single-threaded BLAS in numpy and in SciPy (which numba calls)."""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def limit_blas_threads(n: int = 1) -> threadpool_limits:
    """Limit every loaded BLAS to ``n`` threads for the rest of the process.

    SciPy's OpenBLAS, which numba's ``np.dot`` calls, is loaded lazily: import it first, or
    threadpoolctl cannot see (and limit) it.
    """
    import scipy.linalg.cython_blas  # noqa: F401 - loads SciPy's BLAS

    return threadpool_limits(limits=n, user_api="blas")

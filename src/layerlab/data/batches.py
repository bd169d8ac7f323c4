"""Per-epoch mini-batch orders that depend only on (seed, epoch)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from layerlab.data.dataset import DataError


class BatchOrder:
    """Mini-batch index arrays for each epoch, reproducible from (seed, epoch) alone.

    ``epoch(e)`` holds the full batches, shape (steps_per_epoch, batch_size); with
    ``drop_last=False`` the ``n % batch_size`` leftover rows come from ``epoch_tail(e)``.
    """

    def __init__(
        self, n: int, batch_size: int, seed: int, shuffle: bool = True, drop_last: bool = True
    ) -> None:
        if n < 1:
            raise DataError(f"cannot make batches from {n} training samples")
        if batch_size < 1:
            raise DataError(f"batch size must be at least 1, got {batch_size}")
        if batch_size > n:
            raise DataError(f"batch size {batch_size} is larger than the {n} training samples")
        if seed < 0:
            raise DataError(f"seed must be non-negative, got {seed}")
        self.n = int(n)
        self.batch_size = int(batch_size)
        self.seed = int(seed)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self._cached: tuple[int, NDArray[np.int64]] | None = None

    @property
    def steps_per_epoch(self) -> int:
        """Number of full batches per epoch (the tail, if kept, is not counted)."""
        return self.n // self.batch_size

    @property
    def tail_size(self) -> int:
        """Rows in the last, partial batch: ``n % batch_size``, or 0 with drop_last."""
        return 0 if self.drop_last else self.n % self.batch_size

    def order(self, e: int) -> NDArray[np.int64]:
        """The permutation of all n rows for epoch ``e`` (arange without shuffling)."""
        if e < 0:
            raise DataError(f"epoch must be non-negative, got {e}")
        if self._cached is not None and self._cached[0] == e:
            return self._cached[1]
        if self.shuffle:
            perm = np.random.default_rng([self.seed, e]).permutation(self.n).astype(np.int64)
        else:
            perm = np.arange(self.n, dtype=np.int64)
        perm.flags.writeable = False
        self._cached = (e, perm)
        return perm

    def epoch(self, e: int) -> NDArray[np.int64]:
        """Row indices of epoch ``e``'s full batches, shape (steps_per_epoch, batch_size)."""
        full = self.steps_per_epoch * self.batch_size
        return self.order(e)[:full].reshape(self.steps_per_epoch, self.batch_size).copy()

    def epoch_tail(self, e: int) -> NDArray[np.int64]:
        """Row indices of epoch ``e``'s partial last batch, shape (tail_size,), maybe empty."""
        full = self.steps_per_epoch * self.batch_size
        return self.order(e)[full : full + self.tail_size].copy()

"""Preallocated ring buffers the training thread writes and views poll."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


class StepTrace:
    """Per-step values (loss, accuracy, ...) in a fixed ring; one writer, readers poll ``head``."""

    def __init__(self, capacity: int, columns: int = 2) -> None:
        self.values = np.full((capacity, columns), np.nan, dtype=np.float32)
        self.head = 0  # total rows ever pushed

    def push(self, rows: npt.NDArray[np.float32]) -> None:
        """Append rows (k, columns), overwriting the oldest when full."""
        cap = len(self.values)
        rows = rows[-cap:]
        idx = (self.head + np.arange(len(rows))) % cap
        self.values[idx] = rows
        self.head += len(rows)

    def latest(self, count: int | None = None) -> npt.NDArray[np.float32]:
        """The most recent rows in order (a copy), at most ``count`` of them."""
        cap = len(self.values)
        n = min(self.head, cap if count is None else min(count, cap))
        idx = (self.head - n + np.arange(n)) % cap
        return self.values[idx]

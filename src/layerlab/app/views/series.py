"""Thinning long series for plots a few hundred pixels wide: fewer points to prepare and paint
every frame, the shape kept."""

from __future__ import annotations

import numpy as np


def thin(n: int, most: int) -> np.ndarray:
    """Indices of at most ``most`` of ``n`` records, evenly spread, first and last included:
    a plot a few hundred pixels wide shows no more, and drawing 4,096 points of 30 curves
    every frame costs more than the rest of the view."""
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(np.int64))


def block_means(x: np.ndarray, y: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``most`` points: means of equal blocks of consecutive steps, the newest block
    complete (a plot a few hundred pixels wide shows no more, and 20,000 points per curve cost
    more to prepare every frame than the rest of the view)."""
    n = len(x)
    if n <= most:
        return x, y
    size = -(-n // most)
    start = n % size  # drop the oldest partial block so that the newest step is in a full one
    blocks = (n - start) // size
    xs = x[start:].reshape(blocks, size).mean(axis=1)
    ys = y[start:].reshape(blocks, size, *y.shape[1:]).mean(axis=1)
    return xs, ys

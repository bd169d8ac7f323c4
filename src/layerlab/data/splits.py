"""Split a data set into train, validation and test parts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from layerlab.data.dataset import DataError, Dataset


@dataclass(frozen=True)
class Splits:
    """A training set with optional validation and test sets."""

    train: Dataset
    val: Dataset | None = None
    test: Dataset | None = None


def split_dataset(
    ds: Dataset,
    val_fraction: float = 0.1,
    test_fraction: float = 0.0,
    seed: int = 0,
    stratify: bool = True,
) -> Splits:
    """Split ``ds`` at random (by ``seed``) into disjoint train, validation and test sets.

    A non-zero fraction holds out round(fraction * N) rows, at least one. With ``stratify``
    a classification set keeps each class's share in every part to within one sample.
    """
    n_val, n_test = _sizes(ds.n, val_fraction, test_fraction)
    rng = np.random.default_rng(seed)
    if stratify and ds.task == "classification":
        test_idx, val_idx, train_idx = _stratified(ds.y, n_test, n_val, rng)
    else:
        perm = rng.permutation(ds.n)
        test_idx, val_idx, train_idx = np.split(perm, [n_test, n_test + n_val])
    return Splits(
        train=ds.subset(train_idx),
        val=ds.subset(val_idx) if n_val else None,
        test=ds.subset(test_idx) if n_test else None,
    )


def _sizes(n: int, val_fraction: float, test_fraction: float) -> tuple[int, int]:
    """Validate the fractions and return the validation and test sizes."""
    for label, f in (("val_fraction", val_fraction), ("test_fraction", test_fraction)):
        if not 0.0 <= f < 1.0:
            raise DataError(f"{label} must be in [0, 1), got {f!r}")
    if val_fraction + test_fraction >= 1.0:
        raise DataError(
            f"val_fraction + test_fraction must be below 1, got {val_fraction + test_fraction:g}"
        )
    n_val = max(1, round(val_fraction * n)) if val_fraction > 0 else 0
    n_test = max(1, round(test_fraction * n)) if test_fraction > 0 else 0
    if n - n_val - n_test < 1:
        raise DataError(
            f"cannot hold out {n_val} validation and {n_test} test samples "
            f"from only {n} samples and keep any for training"
        )
    return n_val, n_test


def _stratified(
    y: NDArray[np.int32], n_test: int, n_val: int, rng: np.random.Generator
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    """Pick per-class shares of the test and validation rows; return test, val, train rows."""
    classes, y_idx = np.unique(y, return_inverse=True)
    counts = np.bincount(y_idx, minlength=len(classes))
    test_counts = _apportion(counts * (n_test / len(y)), counts, n_test)
    val_counts = _apportion(counts * (n_val / len(y)), counts - test_counts, n_val)
    parts: tuple[list[NDArray[np.intp]], ...] = ([], [], [])
    for c in range(len(classes)):
        rows = rng.permutation(np.flatnonzero(y_idx == c))
        bounds = [test_counts[c], test_counts[c] + val_counts[c]]
        for part, chunk in zip(parts, np.split(rows, bounds), strict=True):
            part.append(chunk)
    test, val, train = (rng.permutation(np.concatenate(p)) for p in parts)
    return test, val, train


def _apportion(
    quotas: NDArray[np.floating], caps: NDArray[np.int64], total: int
) -> NDArray[np.int64]:
    """Round ``quotas`` to integers summing to ``total`` (largest remainders first), within caps."""
    counts = np.minimum(np.floor(quotas).astype(np.int64), caps)
    order = np.argsort(-(quotas - counts), kind="stable")
    while counts.sum() < total:
        grew = False
        for c in order:
            if counts.sum() < total and counts[c] < caps[c]:
                counts[c] += 1
                grew = True
        if not grew:
            break
    return counts

"""The in-memory data set that the engine trains on."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

TASKS = ("classification", "regression")


class DataError(ValueError):
    """A data set, data file or data option is invalid."""


@dataclass(frozen=True)
class Dataset:
    """Features and targets of one data set, validated on construction.

    ``x`` is (N, *feature_shape) float32 (images NHWC in [0, 1], tabular (N, D)); ``y`` is
    int32 (N,) class indices for classification or float32 (N, T) for regression.
    """

    name: str
    x: NDArray[np.float32]
    y: NDArray[Any]
    task: str
    class_names: tuple[str, ...] = ()
    feature_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "class_names", tuple(str(c) for c in self.class_names))
        object.__setattr__(self, "feature_names", tuple(str(f) for f in self.feature_names))
        if self.task not in TASKS:
            raise DataError(f"{self.name}: task must be one of {TASKS}, not {self.task!r}")
        _check_x(self.name, self.x)
        if not isinstance(self.y, np.ndarray):
            raise DataError(f"{self.name}: y must be a numpy array, not {type(self.y).__name__}")
        if len(self.y) != len(self.x):
            raise DataError(
                f"{self.name}: x has {len(self.x)} samples but y has {len(self.y)} targets"
            )
        if not self.y.flags.c_contiguous:
            raise DataError(f"{self.name}: y must be C-contiguous")
        if self.task == "classification":
            self._check_classes()
        else:
            self._check_regression()
        if self.feature_names and (self.x.ndim != 2 or len(self.feature_names) != self.x.shape[1]):
            raise DataError(
                f"{self.name}: {len(self.feature_names)} feature names given for features "
                f"of shape {self.feature_shape}"
            )

    def _check_classes(self) -> None:
        """Check class indices and fill in default class names."""
        y = self.y
        if y.dtype != np.int32 or y.ndim != 1:
            raise DataError(
                f"{self.name}: classification targets must be int32 of shape (N,), "
                f"got {y.dtype} {y.shape}"
            )
        if len(y) and y.min() < 0:
            raise DataError(f"{self.name}: class index {int(y.min())} is negative")
        if not self.class_names:
            if not len(y):
                raise DataError(f"{self.name}: an empty classification set needs class names")
            object.__setattr__(self, "class_names", tuple(str(i) for i in range(y.max() + 1)))
        if len(y) and y.max() >= len(self.class_names):
            raise DataError(
                f"{self.name}: class index {int(y.max())} out of range for "
                f"{len(self.class_names)} classes"
            )

    def _check_regression(self) -> None:
        """Check float32 (N, T) finite regression targets."""
        y = self.y
        if self.class_names:
            raise DataError(f"{self.name}: a regression data set has no class names")
        if y.dtype != np.float32 or y.ndim != 2:
            raise DataError(
                f"{self.name}: regression targets must be float32 of shape (N, T), "
                f"got {y.dtype} {y.shape}"
            )
        if not np.isfinite(y).all():
            raise DataError(f"{self.name}: y contains NaN or infinite values")

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.x.shape[0])

    @property
    def feature_shape(self) -> tuple[int, ...]:
        """Shape of one sample's features, e.g. (28, 28, 1) or (D,)."""
        return tuple(int(s) for s in self.x.shape[1:])

    @property
    def n_classes(self) -> int:
        """Number of classes (0 for regression)."""
        return len(self.class_names)

    def subset(self, idx: NDArray[np.integer]) -> Dataset:
        """Return a copy holding the rows ``idx`` (in that order), with the same metadata."""
        idx = np.asarray(idx)
        if idx.ndim != 1 or not (np.issubdtype(idx.dtype, np.integer) or idx.size == 0):
            raise DataError(f"{self.name}: subset needs a 1-D integer index array")
        idx = idx.astype(np.intp, copy=False)
        if idx.size and (idx.min() < -self.n or idx.max() >= self.n):
            raise DataError(f"{self.name}: subset index out of range for {self.n} samples")
        return dataclasses.replace(
            self, x=np.ascontiguousarray(self.x[idx]), y=np.ascontiguousarray(self.y[idx])
        )


def _check_x(name: str, x: Any) -> None:
    """Check that the features are a finite C-contiguous float32 array with a sample axis."""
    if not isinstance(x, np.ndarray):
        raise DataError(f"{name}: x must be a numpy array, not {type(x).__name__}")
    if x.dtype != np.float32:
        raise DataError(f"{name}: x must be float32, not {x.dtype}")
    if x.ndim < 2:
        raise DataError(f"{name}: x must have shape (N, *features), got {x.shape}")
    if not x.flags.c_contiguous:
        raise DataError(f"{name}: x must be C-contiguous")
    if not np.isfinite(x).all():
        raise DataError(f"{name}: x contains NaN or infinite values")

"""The learner's own drawn digits: 28x28 images with labels, kept in memory and in one .npz file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt

ENV_PATH = "LAYERLAB_USER_DIGITS"  # overrides the file's location (tests, portable installs)
FIELD = 28


def default_path() -> Path:
    """``$LAYERLAB_USER_DIGITS``, else ``~/.cache/layerlab/user_digits.npz``."""
    override = os.environ.get(ENV_PATH)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".cache" / "layerlab" / "user_digits.npz"


class UserDigits:
    """Images (n, 28, 28) float32 in [0, 1] and labels (n,) int32, saved after every change.

    A missing or unreadable file gives an empty set (``load_error`` says why it was unreadable);
    the file is replaced atomically, so a crash never leaves half a file.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.images = np.zeros((0, FIELD, FIELD), np.float32)
        self.labels = np.zeros(0, np.int32)
        self.load_error = ""
        self._load()

    def __len__(self) -> int:
        return len(self.labels)

    def _load(self) -> None:
        if not self.path.is_file():
            return
        try:
            with np.load(self.path, allow_pickle=False) as f:
                images = np.asarray(f["images"], np.float32)
                labels = np.asarray(f["labels"], np.int32)
        except (OSError, ValueError, KeyError) as e:
            self.load_error = f"{self.path}: {e}"
            return
        if images.shape[1:] != (FIELD, FIELD) or len(images) != len(labels):
            self.load_error = f"{self.path}: images {images.shape}, labels {labels.shape}"
            return
        self.images = np.ascontiguousarray(np.clip(images, 0.0, 1.0))
        self.labels = np.ascontiguousarray(labels)

    def add(self, image: npt.ArrayLike, label: int) -> None:
        """Append one 28x28 image with its digit label (0-9) and save the file."""
        img = np.asarray(image, np.float32).reshape(FIELD, FIELD)
        if not 0 <= int(label) <= 9:
            raise ValueError(f"a digit label is 0..9, not {label}")
        self.images = np.concatenate([self.images, img[None]])
        self.labels = np.append(self.labels, np.int32(label)).astype(np.int32)
        self.save()

    def remove_last(self) -> None:
        """Forget the most recently added digit (and save)."""
        if len(self):
            self.images, self.labels = self.images[:-1].copy(), self.labels[:-1].copy()
            self.save()

    def counts(self) -> npt.NDArray[np.int64]:
        """How many digits of each class 0..9."""
        return np.bincount(self.labels, minlength=10)[:10]

    def save(self) -> None:
        """Write the .npz (a temporary file in the same folder, then an atomic rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".user_digits", suffix=".npz", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, images=self.images, labels=self.labels)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

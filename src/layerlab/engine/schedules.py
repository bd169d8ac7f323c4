"""Learning-rate schedules: constant, step, exponential, cosine; evaluated per step."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

SCHEDULES = ("constant", "step", "exponential", "cosine")


def check_schedule(s: dict[str, Any]) -> str | None:
    """An error message for a bad schedule object, or None."""
    kind = s.get("kind", "constant")
    if kind not in SCHEDULES:
        return f"unknown schedule {kind!r}; choose one of {', '.join(SCHEDULES)}"
    allowed = {"kind", "step_size", "gamma", "epochs", "min_lr"}
    extra = set(s) - allowed
    if extra:
        return f"unknown schedule key(s): {', '.join(sorted(extra))}"
    for key in ("step_size", "gamma", "epochs", "min_lr"):
        v = s.get(key, 1)
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            return f"schedule '{key}' must be a number >= 0, got {v!r}"
    return None


def lr_at(s: dict[str, Any], base_lr: float, epoch_float: float) -> float:
    """Learning rate at a fractional epoch (step / steps_per_epoch)."""
    kind = s.get("kind", "constant")
    if kind == "step":
        return base_lr * s.get("gamma", 0.1) ** math.floor(
            epoch_float / max(s.get("step_size", 10), 1e-9)
        )
    if kind == "exponential":
        return base_lr * s.get("gamma", 0.95) ** epoch_float
    if kind == "cosine":
        total = max(float(s.get("epochs", 10)), 1e-9)
        lo = float(s.get("min_lr", 0.0))
        t = min(epoch_float / total, 1.0)
        return lo + 0.5 * (base_lr - lo) * (1.0 + math.cos(math.pi * t))
    return base_lr


def learning_rates(
    s: dict[str, Any], base_lr: float, first_step: int, k: int, steps_per_epoch: int
) -> npt.NDArray[np.float64]:
    """Rates for steps first_step .. first_step + k - 1."""
    spe = max(steps_per_epoch, 1)
    return np.array([lr_at(s, base_lr, (first_step + i) / spe) for i in range(k)], np.float64)

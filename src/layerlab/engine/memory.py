"""How much memory the machine has free, and the check made before allocating a network."""

from __future__ import annotations

from pathlib import Path

from layerlab.engine.errors import TrainingError


def available_bytes() -> int | None:
    """MemAvailable from /proc/meminfo, or None where that cannot be read."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def human_bytes(n: float) -> str:
    """1.5 MB style text (powers of 1024)."""
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def check_fits(needed: int, what: str, available: int | None = None) -> None:
    """Raise TrainingError('too_big') when ``needed`` bytes exceed 80% of free memory."""
    free = available_bytes() if available is None else available
    if free is not None and needed > 0.8 * free:
        raise TrainingError(
            "too_big",
            f"{what} needs {human_bytes(needed)} but only {human_bytes(free)} of memory is free: "
            "reduce the batch size or the layer sizes",
        )

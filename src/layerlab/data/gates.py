"""The four-row truth tables of two-input logic gates."""

from __future__ import annotations

import numpy as np

from layerlab.data.dataset import DataError, Dataset

GATE_INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))

# Outputs for the inputs in GATE_INPUTS order.
GATE_OUTPUTS: dict[str, tuple[int, int, int, int]] = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
    "xnor": (1, 0, 0, 1),
}


def make_gate(name: str) -> Dataset:
    """Return the truth table of gate ``name`` (x float32 (4, 2), y int32 (4,))."""
    key = name.strip().lower()
    if key not in GATE_OUTPUTS:
        raise DataError(f"unknown logic gate {name!r}; valid gates: {', '.join(GATE_OUTPUTS)}")
    x = np.array(GATE_INPUTS, dtype=np.float32)
    y = np.array(GATE_OUTPUTS[key], dtype=np.int32)
    return Dataset(f"{key}_gate", x, y, "classification", ("0", "1"), ("a", "b"))

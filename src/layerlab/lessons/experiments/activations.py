"""Activation functions: the gallery with derivatives, and sigmoid applied again and again."""

from __future__ import annotations

import numpy as np

from layerlab.lessons.experiments import Result, experiment
from layerlab.lessons.figure import Figure, Line, Marker, Panel


def _sigmoid(x: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-x))


@experiment("activations.repeated_sigmoid")
def repeated_sigmoid(start: float = 2.0, times: int = 12) -> Result:
    """sigma(sigma(...sigma(x))) converges to the fixed point x = sigma(x) = 0.659."""
    xs = [float(start)]
    for _ in range(times):
        xs.append(float(_sigmoid(xs[-1])))
    fixed = 0.5
    for _ in range(200):  # x = sigma(x) by iteration (a contraction: sigma' <= 0.25)
        fixed = float(_sigmoid(fixed))
    fig = Figure(
        [
            Panel(
                "sigma applied n times",
                [
                    Line(np.arange(len(xs), dtype=float), np.array(xs), "value", "solid"),
                    Line(np.arange(len(xs), dtype=float), np.array(xs), "", "dots"),
                    Marker(fixed, f"fixed point {fixed:.3f}", "horizontal"),
                ],
                "n",
                "value",
            )
        ],
        columns=1,
        caption="  ".join(f"{v:.3f}" for v in xs[:6]) + " ...",
    )
    return Result(
        {"first": xs[1], "second": xs[2], "third": xs[3], "last": xs[-1], "fixed_point": fixed},
        fig,
    )

"""Loss functions by name: kernel code, the labels each expects, and a formula for the views."""

from __future__ import annotations

from dataclasses import dataclass

from layerlab.engine import codes as k


@dataclass(frozen=True)
class LossInfo:
    name: str
    code: int
    formula: str
    min_outputs: int = 1


LOSSES: dict[str, LossInfo] = {
    "softmax_cross_entropy": LossInfo(
        "softmax_cross_entropy", k.SOFTMAX_CE, "L = -sum_j t_j ln softmax(z)_j", 2
    ),
    "binary_cross_entropy": LossInfo(
        "binary_cross_entropy", k.BINARY_CE, "L = -mean[t ln p + (1-t) ln(1-p)]"
    ),
    "mse": LossInfo("mse", k.MSE, "L = mean (y - t)^2"),
    "hinge": LossInfo(
        "hinge", k.HINGE, "L = max(0, 1 - t*y); multi-class: sum max(0, s_j - s_y + 1)"
    ),
    "perceptron": LossInfo(
        "perceptron", k.PERCEPTRON, "L = 1/2 sum (y - t)^2, step straight-through"
    ),
}
ALIASES = {
    "cross_entropy": "softmax_cross_entropy",
    "categorical_crossentropy": "softmax_cross_entropy",
    "sparse_categorical_crossentropy": "softmax_cross_entropy",
    "bce": "binary_cross_entropy",
    "binary_crossentropy": "binary_cross_entropy",
    "mean_squared_error": "mse",
}


def loss_info(name: str) -> LossInfo:
    """Look a loss up by name or alias; ValueError lists the choices."""
    key = ALIASES.get(name, name)
    if key not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}")
    return LOSSES[key]

"""Weight initialisers: zeros, constant, normal, uniform, Glorot, He, LeCun, PyTorch default."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

INITIALIZERS: dict[str, str] = {
    "zeros": "all zeros",
    "ones": "all ones",
    "constant": "constant value (constant:0.5)",
    "normal": "N(0, std^2), std from normal:0.01 (default 0.01)",
    "uniform": "U(-a, a), a from uniform:0.05 (default 0.05)",
    "glorot_normal": "Xavier: N(0, 2/(fan_in+fan_out))",
    "glorot_uniform": "Xavier: U(+-sqrt(6/(fan_in+fan_out)))",
    "he_normal": "Kaiming: N(0, 2/fan_in)",
    "he_uniform": "Kaiming: U(+-sqrt(6/fan_in))",
    "lecun_normal": "LeCun: N(0, 1/fan_in)",
    "lecun_uniform": "LeCun: U(+-sqrt(3/fan_in))",
    "torch_default": "PyTorch nn.Linear/Conv2d: U(+-1/sqrt(fan_in)), biases too",
}
_DEFAULT_SCALE = {"constant": 0.0, "normal": 0.01, "uniform": 0.05}


def parse_initializer(text: str) -> tuple[str, float | None]:
    """Split 'normal:0.01' into ('normal', 0.01); raise ValueError for unknown names."""
    name, _, arg = text.partition(":")
    if name not in INITIALIZERS:
        raise ValueError(f"unknown initialiser {name!r}; choose one of {', '.join(INITIALIZERS)}")
    if not arg:
        return name, _DEFAULT_SCALE.get(name)
    if name not in _DEFAULT_SCALE:
        raise ValueError(f"initialiser {name!r} takes no value (got {text!r})")
    try:
        return name, float(arg)
    except ValueError:
        raise ValueError(f"initialiser value must be a number: {text!r}") from None


def initialize(
    text: str, shape: tuple[int, ...], fan_in: int, fan_out: int, rng: np.random.Generator
) -> npt.NDArray[np.float32]:
    """Draw a float32 array of ``shape`` with the initialiser named by ``text``."""
    name, scale = parse_initializer(text)
    fan_in, fan_out = max(fan_in, 1), max(fan_out, 1)
    if name == "zeros":
        return np.zeros(shape, np.float32)
    if name == "ones":
        return np.ones(shape, np.float32)
    if name == "constant":
        return np.full(shape, scale, np.float32)
    std = {
        "normal": scale,
        "glorot_normal": math.sqrt(2.0 / (fan_in + fan_out)),
        "he_normal": math.sqrt(2.0 / fan_in),
        "lecun_normal": math.sqrt(1.0 / fan_in),
    }.get(name)
    if std is not None:
        return (rng.standard_normal(shape) * std).astype(np.float32)
    limit = {
        "uniform": scale,
        "glorot_uniform": math.sqrt(6.0 / (fan_in + fan_out)),
        "he_uniform": math.sqrt(6.0 / fan_in),
        "lecun_uniform": math.sqrt(3.0 / fan_in),
        "torch_default": 1.0 / math.sqrt(fan_in),
    }[name]
    return rng.uniform(-limit, limit, shape).astype(np.float32)

"""The engine's activations and their derivatives in float64 numpy, for one sample's vectors.

Same definitions as ``kernels/activations.py`` (step uses the straight-through derivative 1),
written out plainly so the step-through backprop needs no compiled kernels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from layerlab.engine.layers.activation import DEFAULT_ALPHA

F64 = npt.NDArray[np.float64]
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
_erf = np.vectorize(math.erf, otypes=[np.float64])


@dataclass(frozen=True)
class Activation:
    """One activation step: its name, alpha (LeakyReLU slope, ELU scale) and beta (SiLU)."""

    fn: str
    alpha: float = 0.0
    beta: float = 1.0

    @classmethod
    def of(cls, p: dict[str, Any]) -> Activation:
        """From a Dense layer's or an Activation layer's complete parameters."""
        fn = p.get("fn", p.get("activation", "identity"))
        alpha = p.get("alpha", -1.0)
        alpha = DEFAULT_ALPHA.get(fn, 0.0) if alpha < 0 else float(alpha)
        return cls(fn, alpha, float(p.get("beta", 1.0)))


def sigmoid(z: F64) -> F64:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def value(act: Activation, z: F64) -> F64:
    """f(z)."""
    fn, al = act.fn, act.alpha
    if fn == "softmax":
        e = np.exp(z - z.max())
        return e / e.sum()
    table = {
        "identity": lambda: z.copy(),
        "step": lambda: (z > 0).astype(np.float64),
        "sigmoid": lambda: sigmoid(z),
        "tanh": lambda: np.tanh(z),
        "relu": lambda: np.where(z > 0, z, 0.0),
        "leaky_relu": lambda: np.where(z > 0, z, al * z),
        "elu": lambda: np.where(z > 0, z, al * np.expm1(np.minimum(z, 0))),
        "selu": lambda: SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0))),
        "silu": lambda: z * sigmoid(act.beta * z),
        "swish": lambda: z * sigmoid(act.beta * z),
        "gelu": lambda: 0.5 * z * (1.0 + _erf(z / math.sqrt(2.0))),
        "gelu_tanh": lambda: 0.5 * z * (1.0 + np.tanh(_gelu_u(z))),
        "softplus": lambda: np.where(z > 20, z, np.log1p(np.exp(np.minimum(z, 20)))),
    }
    return table[fn]()


def derivative(act: Activation, z: F64, y: F64) -> F64:
    """f'(z), given z and y = f(z) (element-wise functions only)."""
    fn, al = act.fn, act.alpha
    if fn in ("identity", "step"):
        return np.ones_like(z)
    if fn == "sigmoid":
        return y * (1.0 - y)
    if fn == "tanh":
        return 1.0 - y * y
    if fn == "relu":
        return (z > 0).astype(np.float64)
    if fn == "leaky_relu":
        return np.where(z > 0, 1.0, al)
    if fn == "elu":
        return np.where(z > 0, 1.0, y + al)
    if fn == "selu":
        return np.where(z > 0, SELU_SCALE, y + SELU_SCALE * SELU_ALPHA)
    if fn in ("silu", "swish"):
        s = sigmoid(act.beta * z)
        return s + act.beta * z * s * (1.0 - s)
    if fn == "gelu":
        return 0.5 * (1.0 + _erf(z / math.sqrt(2.0))) + z * np.exp(-0.5 * z * z) / math.sqrt(
            2 * math.pi
        )
    if fn == "gelu_tanh":
        t = np.tanh(_gelu_u(z))
        du = math.sqrt(2 / math.pi) * (1.0 + 3.0 * 0.044715 * z * z)
        return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du
    return sigmoid(z)  # softplus


def _gelu_u(z: F64) -> F64:
    return math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)


def activation_values(acts: tuple[Activation, ...], z: F64) -> list[F64]:
    """[z, f1(z), f2(f1(z)), ...]: the input and every activation's output."""
    chain = [z]
    for act in acts:
        chain.append(value(act, chain[-1]))
    return chain


def backprop_activations(acts: tuple[Activation, ...], chain: list[F64], g: F64) -> F64:
    """dL/dz from g, the gradient with respect to the output of ``acts`` (chain[len(acts)])."""
    for i in reversed(range(len(acts))):
        u, y = chain[i], chain[i + 1]
        softmax = acts[i].fn == "softmax"
        g = y * (g - (g * y).sum()) if softmax else g * derivative(acts[i], u, y)
    return g

"""Activation layers: element-wise functions, softmax, and learnable PReLU."""

from __future__ import annotations

from layerlab.engine import codes as k
from layerlab.engine import codes as prog
from layerlab.engine.layers.base import Layer, Shape
from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor, WeightDef

ACTIVATIONS: dict[str, int] = {
    "identity": k.IDENTITY,
    "step": k.STEP,
    "sigmoid": k.SIGMOID,
    "tanh": k.TANH,
    "relu": k.RELU,
    "leaky_relu": k.LEAKY_RELU,
    "elu": k.ELU,
    "selu": k.SELU,
    "silu": k.SILU,
    "swish": k.SILU,
    "gelu": k.GELU,
    "gelu_tanh": k.GELU_TANH,
    "softplus": k.SOFTPLUS,
    "softmax": -1,
}
FORMULAS: dict[str, str] = {
    "identity": "y = x",
    "step": "y = 1 if x > 0 else 0",
    "sigmoid": "y = 1 / (1 + exp(-x))",
    "tanh": "y = tanh(x)",
    "relu": "y = max(0, x)",
    "leaky_relu": "y = x if x > 0 else alpha*x",
    "elu": "y = x if x > 0 else alpha*(exp(x) - 1)",
    "selu": "y = 1.0507*(x if x > 0 else 1.6733*(exp(x) - 1))",
    "silu": "y = x * sigmoid(beta*x)",
    "swish": "y = x * sigmoid(beta*x)",
    "gelu": "y = x * Phi(x)",
    "gelu_tanh": "y = 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))",
    "softplus": "y = ln(1 + exp(x))",
    "softmax": "y_i = exp(x_i) / sum_j exp(x_j)",
}
DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0}
ACTIVATION_PARAM = ParamDef(
    "activation",
    "choice",
    "identity",
    "activation applied to the output",
    choices=tuple(ACTIVATIONS),
)


def emit_activation(
    b: ProgramBuilder, x: Tensor, fn: str, alpha: float | None = None, beta: float = 1.0
) -> Tensor:
    """Append the op for activation ``fn`` on ``x`` (nothing for identity); return its output."""
    if fn == "identity":
        return x
    y = b.tensor(x.shape)
    if fn == "softmax":
        rows, last = Layer.rows_and_last(x.shape)
        b.op(prog.OP_SOFTMAX, x, y, dims=(rows, last))
        return y
    a = DEFAULT_ALPHA.get(fn, 0.0) if alpha is None else alpha
    b.op(prog.OP_ACT, x, y, dims=(x.size, ACTIVATIONS[fn]), alpha=a, beta=beta)
    return y


class ActivationLayer(Layer):
    """A non-linearity applied element-wise (softmax: over the last axis)."""

    kind = "Activation"
    category = "Activations"
    PARAMS = (
        ParamDef("fn", "choice", "relu", "the function", choices=tuple(ACTIVATIONS)),
        ParamDef("alpha", "float", -1.0, "LeakyReLU slope / ELU scale (-1: the default)"),
        ParamDef("beta", "float", 1.0, "Swish/SiLU beta"),
    )

    @property
    def formula(self) -> str:  # type: ignore[override]
        return FORMULAS[self.p["fn"]]

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        alpha = None if self.p["alpha"] < 0 else self.p["alpha"]
        return emit_activation(b, x, self.p["fn"], alpha, self.p["beta"])


class SoftmaxLayer(ActivationLayer):
    """Softmax over the last axis: turns scores into probabilities."""

    kind = "Softmax"
    PARAMS = ()
    formula = FORMULAS["softmax"]

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        return emit_activation(b, x, "softmax")


class PReLULayer(Layer):
    """Leaky ReLU whose slope is learned, one per channel (last axis)."""

    kind = "PReLU"
    category = "Activations"
    formula = "y = x if x > 0 else a_c*x (a_c learned)"
    needs_dx_slot = True
    PARAMS = (ParamDef("alpha_init", "float", 0.25, "initial slope", minimum=0.0),)

    def weights(self, in_shape: Shape) -> list[WeightDef]:
        return [WeightDef("alpha", (in_shape[-1],), "alpha")]

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        rows, last = self.rows_and_last(x.shape)
        y = b.tensor(x.shape)
        b.op(prog.OP_PRELU, x, y, params=(w["alpha"],), dims=(rows, last))
        return y

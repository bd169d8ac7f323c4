"""Dense (fully connected) layer."""

from __future__ import annotations

from layerlab.engine import codes as prog
from layerlab.engine.errors import LayerShapeError
from layerlab.engine.initializers import INITIALIZERS
from layerlab.engine.layers.activation import ACTIVATION_PARAM, emit_activation
from layerlab.engine.layers.base import Layer, Shape, fmt_shape
from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor, WeightDef

INIT_PARAM = ParamDef(
    "init", "init", "default", "weight initialiser", choices=("default", *INITIALIZERS)
)


class DenseLayer(Layer):
    """y = f(x W + b): every input connected to every output neuron."""

    kind = "Dense"
    formula = "y = f(x·W + b)"
    PARAMS = (
        ParamDef("units", "int", 10, "number of output neurons", minimum=1, maximum=1 << 20),
        ACTIVATION_PARAM,
        ParamDef("use_bias", "bool", True, "add a learned bias b"),
        INIT_PARAM,
    )

    def output_shape(self, in_shape: Shape) -> Shape:
        if len(in_shape) != 1:
            raise LayerShapeError(
                "needs_flat",
                f"Dense '{self.id}' needs a flat input but gets {fmt_shape(in_shape)}: "
                "insert a Flatten layer before it",
            )
        return (self.p["units"],)

    def weights(self, in_shape: Shape) -> list[WeightDef]:
        i, o = in_shape[0], self.p["units"]
        ws = [WeightDef("weight", (i, o), "kernel", i, o)]
        if self.p["use_bias"]:
            ws.append(WeightDef("bias", (o,), "bias", i, o))
        return ws

    def mult_adds(self, in_shape: Shape, out_shape: Shape) -> int:
        return in_shape[0] * out_shape[0]

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        i, o = x.shape[0], self.p["units"]
        z = b.tensor((o,))
        has_bias = int(self.p["use_bias"])
        b.op(prog.OP_DENSE, x, z, params=(w["weight"], w.get("bias", -1)), dims=(i, o, has_bias))
        return emit_activation(b, z, self.p["activation"])

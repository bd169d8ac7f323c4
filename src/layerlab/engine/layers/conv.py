"""Conv2D: a bank of learned filters slid over an NHWC image."""

from __future__ import annotations

from layerlab.engine import codes as prog
from layerlab.engine.errors import LayerShapeError
from layerlab.engine.layers.activation import ACTIVATION_PARAM, emit_activation
from layerlab.engine.layers.base import Layer, Shape, fmt_shape
from layerlab.engine.layers.dense import INIT_PARAM
from layerlab.engine.layers.window import Window, window
from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor, WeightDef


def require_image(kind: str, layer_id: str, in_shape: Shape) -> None:
    """Raise unless in_shape is height x width x channels."""
    if len(in_shape) != 3:
        raise LayerShapeError(
            "needs_image",
            f"{kind} '{layer_id}' needs an image input (height x width x channels) but gets "
            f"{fmt_shape(in_shape)}: set the input shape to e.g. 28x28x1 or add a Reshape",
        )


class Conv2DLayer(Layer):
    """y = f(conv(x, W) + b) with 'same', 'valid' or explicit zero padding."""

    kind = "Conv2D"
    category = "Convolution"
    formula = "y[i,j,f] = f(sum_{u,v,c} x[i*s+u, j*s+v, c] W[u,v,c,f] + b[f])"
    PARAMS = (
        ParamDef("filters", "int", 8, "number of filters (output channels)", 1, 4096),
        ParamDef("kernel_size", "pair", (3, 3), "filter height and width", 1, 64),
        ParamDef("stride", "pair", (1, 1), "step between windows", 1, 64),
        ParamDef("padding", "padding", "valid", "'valid', 'same' or pixels of zeros"),
        ACTIVATION_PARAM,
        ParamDef("use_bias", "bool", True, "add a learned bias per filter"),
        INIT_PARAM,
    )

    def _window(self, in_shape: Shape) -> Window:
        require_image(self.kind, self.id, in_shape)
        return window(
            self.kind,
            self.id,
            in_shape[:2],
            self.p["kernel_size"],
            self.p["stride"],
            self.p["padding"],
        )

    def output_shape(self, in_shape: Shape) -> Shape:
        g = self._window(in_shape)
        return (g.oh, g.ow, self.p["filters"])

    def weights(self, in_shape: Shape) -> list[WeightDef]:
        (kh, kw), c, f = self.p["kernel_size"], in_shape[2], self.p["filters"]
        ws = [WeightDef("weight", (kh, kw, c, f), "kernel", kh * kw * c, kh * kw * f)]
        if self.p["use_bias"]:
            ws.append(WeightDef("bias", (f,), "bias", kh * kw * c, kh * kw * f))
        return ws

    def mult_adds(self, in_shape: Shape, out_shape: Shape) -> int:
        kh, kw = self.p["kernel_size"]
        return out_shape[0] * out_shape[1] * out_shape[2] * kh * kw * in_shape[2]

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        h, wd, c = x.shape
        g = self._window(x.shape)
        (kh, kw), (sh, sw), f = self.p["kernel_size"], self.p["stride"], self.p["filters"]
        z = b.tensor((g.oh, g.ow, f))
        cols = b.scratch(per_sample=g.oh * g.ow * kh * kw * c)
        dcols = b.scratch(per_sample=g.oh * g.ow * kh * kw * c) if x.grad >= 0 else cols
        has_bias = int(self.p["use_bias"])
        dims = (h, wd, c, kh, kw, sh, sw, g.pt, g.pl, g.oh, g.ow, f, has_bias)
        b.op(
            prog.OP_CONV,
            x,
            z,
            params=(w["weight"], w.get("bias", -1)),
            caches=(cols, dcols),
            dims=dims,
        )
        return emit_activation(b, z, self.p["activation"])

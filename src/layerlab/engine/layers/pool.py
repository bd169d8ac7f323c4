"""Max and average pooling."""

from __future__ import annotations

from layerlab.engine import codes as prog
from layerlab.engine.layers.base import Layer, Shape
from layerlab.engine.layers.conv import require_image
from layerlab.engine.layers.window import Window, window
from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor


class MaxPool2DLayer(Layer):
    """The largest value of each window, per channel."""

    kind = "MaxPool2D"
    category = "Convolution"
    formula = "y[i,j,c] = max over the window of x"
    op_code = prog.OP_MAXPOOL
    PARAMS = (
        ParamDef("pool_size", "pair", (2, 2), "window height and width", 1, 64),
        ParamDef("stride", "pair", (0, 0), "step between windows (0: the pool size)", 0, 64),
        ParamDef("padding", "padding", "valid", "'valid', 'same' or pixels"),
    )

    def _geometry(self, in_shape: Shape) -> tuple[tuple[int, int], tuple[int, int], Window]:
        require_image(self.kind, self.id, in_shape)
        k = self.p["pool_size"]
        s = tuple(si or ki for si, ki in zip(self.p["stride"], k, strict=True))
        return k, s, window(self.kind, self.id, in_shape[:2], k, s, self.p["padding"])  # type: ignore[arg-type]

    def output_shape(self, in_shape: Shape) -> Shape:
        g = self._geometry(in_shape)[2]
        return (g.oh, g.ow, in_shape[2])

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        (kh, kw), (sh, sw), g = self._geometry(x.shape)
        y = b.tensor((g.oh, g.ow, x.shape[2]))
        dims = (*x.shape, kh, kw, sh, sw, g.pt, g.pl, g.oh, g.ow)
        # max pooling remembers each window's winner for the backward pass
        caches = (b.scratch(per_sample=y.size),) if self.op_code == prog.OP_MAXPOOL else ()
        b.op(self.op_code, x, y, caches=caches, dims=dims)
        return y


class AvgPool2DLayer(MaxPool2DLayer):
    """The mean of each window, per channel."""

    kind = "AvgPool2D"
    formula = "y[i,j,c] = mean over the window of x"
    op_code = prog.OP_AVGPOOL

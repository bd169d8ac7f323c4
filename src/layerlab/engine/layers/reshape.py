"""Flatten and Reshape: new views of the same numbers (no op, no copy)."""

from __future__ import annotations

import math

from layerlab.engine.errors import LayerShapeError
from layerlab.engine.layers.base import Layer, Shape, fmt_shape
from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor


class FlattenLayer(Layer):
    """Lays an h x w x c input out as one vector of h*w*c features."""

    kind = "Flatten"
    formula = "y = x.reshape(-1)"

    def output_shape(self, in_shape: Shape) -> Shape:
        return (math.prod(in_shape),)

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        return Tensor(x.offset, x.grad, self.output_shape(x.shape))


class ReshapeLayer(FlattenLayer):
    """Gives the input a new per-sample shape with the same number of values."""

    kind = "Reshape"
    formula = "y = x.reshape(shape)"
    PARAMS = (ParamDef("shape", "shape", (28, 28, 1), "new per-sample shape"),)

    def output_shape(self, in_shape: Shape) -> Shape:
        shape = tuple(self.p["shape"])
        if math.prod(shape) != math.prod(in_shape):
            raise LayerShapeError(
                "size_mismatch",
                f"Reshape '{self.id}': cannot reshape {fmt_shape(in_shape)} "
                f"({math.prod(in_shape)} values) to {fmt_shape(shape)} ({math.prod(shape)} values)",
            )
        return shape

"""The Layer base class: hyper-parameter table, shape rule, weights, and program emission."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor, WeightDef

Shape = tuple[int, ...]


def fmt_shape(shape: Shape) -> str:
    """28x28x1 style text for a per-sample shape."""
    return "x".join(str(d) for d in shape)


class Layer:
    """One layer kind. Subclasses set the class attributes and override the hooks."""

    kind: ClassVar[str] = ""
    category: ClassVar[str] = "Core"
    formula: ClassVar[str] = ""
    PARAMS: ClassVar[tuple[ParamDef, ...]] = ()
    # Ops whose backward computes parameter gradients and dx together need a dx slot even as the
    # first layer (batch norm, layer norm, PReLU); Dense and Conv2D can skip dx.
    needs_dx_slot: ClassVar[bool] = False

    def __init__(self, layer_id: str, params: dict[str, Any]) -> None:
        self.id = layer_id
        self.p = params  # already coerced and complete (defaults filled in)

    def output_shape(self, in_shape: Shape) -> Shape:
        """Per-sample output shape; raise LayerShapeError when in_shape does not fit."""
        return in_shape

    def weights(self, in_shape: Shape) -> list[WeightDef]:
        """Parameter tensors this layer owns for ``in_shape``."""
        return []

    def mult_adds(self, in_shape: Shape, out_shape: Shape) -> int:
        """Multiply-accumulates per sample in the forward pass."""
        return 0

    def param_formula(self, in_shape: Shape) -> str:
        """How the parameter count is made up, e.g. '8x5x5x1+8 = 208'."""
        ws = [w for w in self.weights(in_shape) if w.trainable]
        if not ws:
            return "0"
        parts = ["x".join(str(d) for d in w.shape) for w in ws]
        return f"{'+'.join(parts)} = {sum(w.size for w in ws):,}"

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        """Append this layer's ops reading ``x``; ``w`` maps weight names to P offsets."""
        raise NotImplementedError

    @staticmethod
    def rows_and_last(shape: Shape) -> tuple[int, int]:
        """(positions per sample, size of the last axis)."""
        return int(np.prod(shape[:-1])), shape[-1]

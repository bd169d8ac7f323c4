"""Inverted dropout."""

from __future__ import annotations

from layerlab.engine import codes as prog
from layerlab.engine.layers.base import Layer
from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor


class DropoutLayer(Layer):
    """In training, zeroes each value with probability p and scales the rest by 1/(1-p)."""

    kind = "Dropout"
    category = "Regularization"
    formula = "y = x * m / (1 - p), m ~ Bernoulli(1 - p); y = x when evaluating"
    PARAMS = (ParamDef("rate", "float", 0.5, "probability p of dropping a value", 0.0, 0.99),)

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        y = b.tensor(x.shape)
        mask = b.scratch(per_sample=x.size)
        b.op(prog.OP_DROPOUT, x, y, caches=(mask,), dims=(x.size,), rate=self.p["rate"])
        return y

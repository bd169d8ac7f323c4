"""Batch normalisation and layer normalisation over the last axis."""

from __future__ import annotations

from layerlab.engine import codes as prog
from layerlab.engine.layers.base import Layer, Shape
from layerlab.engine.params import ParamDef
from layerlab.engine.program_builder import ProgramBuilder, Tensor, WeightDef


class BatchNormLayer(Layer):
    """Normalises each feature/channel over the batch, then scales and shifts (gamma, beta)."""

    kind = "BatchNorm"
    category = "Normalization"
    formula = "y = gamma * (x - mean_B) / sqrt(var_B + eps) + beta"
    needs_dx_slot = True
    PARAMS = (
        ParamDef("momentum", "float", 0.1, "running-statistics update rate (PyTorch style)", 0, 1),
        ParamDef("eps", "float", 1e-5, "added to the variance", 0.0, 1.0),
    )

    def weights(self, in_shape: Shape) -> list[WeightDef]:
        c = (in_shape[-1],)
        return [
            WeightDef("gamma", c, "gamma"),
            WeightDef("beta", c, "beta"),
            WeightDef("running_mean", c, "running_mean"),
            WeightDef("running_var", c, "running_var"),
        ]

    def mult_adds(self, in_shape: Shape, out_shape: Shape) -> int:
        return 2 * _size(in_shape)

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        rows, c = self.rows_and_last(x.shape)
        y = b.tensor(x.shape)
        xhat = b.scratch(per_sample=x.size)
        stats = b.scratch(fixed=2 * c)
        params = (w["gamma"], w["beta"], w["running_mean"], w["running_var"])
        b.op(
            prog.OP_BATCHNORM,
            x,
            y,
            params=params,
            caches=(xhat, stats),
            dims=(rows, c),
            eps=self.p["eps"],
            momentum=self.p["momentum"],
        )
        return y


class LayerNormLayer(Layer):
    """Normalises each sample over its last axis, then scales and shifts (gamma, beta)."""

    kind = "LayerNorm"
    category = "Normalization"
    formula = "y = gamma * (x - mean_x) / sqrt(var_x + eps) + beta"
    needs_dx_slot = True
    PARAMS = (ParamDef("eps", "float", 1e-5, "added to the variance", 0.0, 1.0),)

    def weights(self, in_shape: Shape) -> list[WeightDef]:
        c = (in_shape[-1],)
        return [WeightDef("gamma", c, "gamma"), WeightDef("beta", c, "beta")]

    def mult_adds(self, in_shape: Shape, out_shape: Shape) -> int:
        return 2 * _size(in_shape)

    def emit(self, b: ProgramBuilder, x: Tensor, w: dict[str, int]) -> Tensor:
        rows, k = self.rows_and_last(x.shape)
        y = b.tensor(x.shape)
        xhat = b.scratch(per_sample=x.size)
        stats = b.scratch(per_sample=2 * rows)
        b.op(
            prog.OP_LAYERNORM,
            x,
            y,
            params=(w["gamma"], w["beta"]),
            caches=(xhat, stats),
            dims=(rows, k),
            eps=self.p["eps"],
        )
        return y


def _size(shape: Shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n

"""Lays tensors out in the flat arenas and collects the op rows of a network's program."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from layerlab.engine import codes as prog


@dataclass(frozen=True)
class Tensor:
    """A per-sample tensor in the activation arena ``A`` (and its gradient in ``dA``)."""

    offset: int
    grad: int  # offset in dA, -1 when no gradient is kept
    shape: tuple[int, ...]

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))


@dataclass(frozen=True)
class WeightDef:
    """A parameter tensor a layer asks for. Roles: kernel, bias, gamma, beta, alpha, running_*."""

    name: str
    shape: tuple[int, ...]
    role: str
    fan_in: int = 1
    fan_out: int = 1

    @property
    def trainable(self) -> bool:
        return not self.role.startswith("running_")

    @property
    def decays(self) -> bool:
        """Weight decay (L1/L2) applies to kernels only, as in most textbooks and frameworks."""
        return self.role == "kernel"

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))


class ProgramBuilder:
    """Allocates arena offsets for a batch of ``batch`` samples and records op rows."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.a_size = 0
        self.da_size = 0
        self.rows: list[np.ndarray] = []
        self.frows: list[np.ndarray] = []

    def tensor(self, shape: tuple[int, ...], grad: bool = True) -> Tensor:
        """A new batch-major tensor with (by default) a gradient slot."""
        size = int(np.prod(shape)) * self.batch
        off, self.a_size = self.a_size, self.a_size + size
        goff = -1
        if grad:
            goff, self.da_size = self.da_size, self.da_size + size
        return Tensor(off, goff, tuple(shape))

    def scratch(self, per_sample: int = 0, fixed: int = 0) -> int:
        """Offset of a cache or scratch region of per_sample * batch + fixed floats in A."""
        off = self.a_size
        self.a_size += per_sample * self.batch + fixed
        return off

    def with_grad(self, t: Tensor) -> Tensor:
        """``t`` itself if it has a gradient slot, else ``t`` with a fresh one."""
        if t.grad >= 0:
            return t
        off, self.da_size = self.da_size, self.da_size + t.size * self.batch
        return replace(t, grad=off)

    def op(
        self,
        code: int,
        x: Tensor,
        y: Tensor,
        *,
        params: tuple[int, ...] = (),
        caches: tuple[int, ...] = (),
        dims: tuple[int, ...] = (),
        alpha: float = 0.0,
        beta: float = 0.0,
        eps: float = 0.0,
        momentum: float = 0.0,
        rate: float = 0.0,
    ) -> int:
        """Append one op row; returns its index."""
        row = np.full(prog.ROW_WIDTH, -1, np.int64)
        row[prog.R_CODE] = code
        row[prog.R_X], row[prog.R_Y] = x.offset, y.offset
        row[prog.R_DX], row[prog.R_DY] = x.grad, y.grad
        row[prog.R_P0 : prog.R_P0 + len(params)] = params
        row[prog.R_C0 : prog.R_C0 + len(caches)] = caches
        row[prog.R_D : prog.R_D + len(dims)] = dims
        frow = np.zeros(prog.FROW_WIDTH, np.float32)
        frow[[prog.F_ALPHA, prog.F_BETA, prog.F_EPS, prog.F_MOMENTUM, prog.F_RATE]] = (
            alpha,
            beta,
            eps,
            momentum,
            rate,
        )
        self.rows.append(row)
        self.frows.append(frow)
        return len(self.rows) - 1

    def tables(self) -> tuple[np.ndarray, np.ndarray]:
        """The op tables (ops int64 (k, ROW_WIDTH), fops float32 (k, FROW_WIDTH))."""
        if not self.rows:
            return (
                np.zeros((0, prog.ROW_WIDTH), np.int64),
                np.zeros((0, prog.FROW_WIDTH), np.float32),
            )
        return np.stack(self.rows), np.stack(self.frows)

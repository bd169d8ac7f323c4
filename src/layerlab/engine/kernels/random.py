"""A seeded xorshift64* generator whose whole state is one uint64 the caller owns."""

from __future__ import annotations

import numpy as np

from layerlab.engine.kernels._jit import kernel

_MULT = np.uint64(0x2545F4914F6CDD1D)


@kernel
def next_uniform(state):
    """Advance state (1,) uint64 and return a float in [0, 1). Writes state."""
    s = state[0]
    s ^= s >> np.uint64(12)
    s ^= s << np.uint64(25)
    s ^= s >> np.uint64(27)
    state[0] = s
    return float((s * _MULT) >> np.uint64(40)) * (1.0 / 16777216.0)


@kernel
def dropout_forward(x, p, training, state, mask, y):
    """Inverted dropout: y = x * mask, mask in {0, 1/(1-p)}. All (n,) float32; writes mask, y."""
    if not training or p <= 0.0:
        for i in range(x.shape[0]):
            mask[i] = 1.0
            y[i] = x[i]
        return
    keep = 1.0 / (1.0 - p)
    for i in range(x.shape[0]):
        m = keep if next_uniform(state) >= p else 0.0
        mask[i] = m
        y[i] = x[i] * m


@kernel
def dropout_backward(mask, dy, dx):
    """dx = dy * mask. Writes dx."""
    for i in range(dy.shape[0]):
        dx[i] = dy[i] * mask[i]

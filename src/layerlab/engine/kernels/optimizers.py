"""Optimizer updates over the flat trainable-parameter vector, with clipping and decay."""

from __future__ import annotations

import math

from layerlab.engine.codes import (  # noqa: F401 - re-exported for callers
    ADADELTA,
    ADAGRAD,
    ADAM,
    ADAMW,
    H_BETA1,
    H_BETA2,
    H_CLIP_NORM,
    H_CLIP_VALUE,
    H_EPS,
    H_L1,
    H_L2,
    H_MOMENTUM,
    H_RHO,
    H_WEIGHT_DECAY,
    MOMENTUM,
    N_HYPER,
    NESTEROV,
    RMSPROP,
    SGD,
)
from layerlab.engine.kernels._jit import kernel


@kernel
def grad_scale(g, clip_norm):
    """Factor that brings the global L2 norm of g down to clip_norm (1 when off or below)."""
    if clip_norm <= 0.0:
        return 1.0
    s = 0.0
    for i in range(g.shape[0]):
        s += g[i] * g[i]
    norm = math.sqrt(s)
    return min(1.0, clip_norm / (norm + 1e-6))


@kernel
def effective_grad(g, p, mask, scale, clip_value, l2, out):
    """out = clip(scale * g) + l2 * mask * p. Writes out (n,) float32."""
    for i in range(g.shape[0]):
        v = g[i] * scale
        if clip_value > 0.0:
            v = min(max(v, -clip_value), clip_value)
        out[i] = v + l2 * mask[i] * p[i]


@kernel
def l1_proximal(p, mask, threshold):
    """Soft-threshold masked weights by ``threshold`` (exact zeros appear). Writes p."""
    for i in range(p.shape[0]):
        if mask[i] != 0.0:
            v = p[i]
            a = abs(v) - threshold
            p[i] = 0.0 if a <= 0.0 else (a if v > 0.0 else -a)


@kernel
def _adam(p, g, m, v, lr, t, b1, b2, eps):
    c1 = 1.0 / (1.0 - b1**t)
    c2 = 1.0 / (1.0 - b2**t)
    for i in range(p.shape[0]):
        gi = g[i]
        m[i] = b1 * m[i] + (1.0 - b1) * gi
        v[i] = b2 * v[i] + (1.0 - b2) * gi * gi
        p[i] -= lr * (m[i] * c1) / (math.sqrt(v[i] * c2) + eps)


@kernel
def optimizer_update(kind, p, g, state, mask, lr, t, hyper, work):
    """One update of p (n,) from g (n,). state: (2, n) float32; t: step number from 1.

    work (n,) is scratch for the clipped, L2-decayed gradient. Writes p, state, work.
    """
    s0 = state[0]
    s1 = state[1]
    scale = grad_scale(g, hyper[H_CLIP_NORM])
    effective_grad(g, p, mask, scale, hyper[H_CLIP_VALUE], hyper[H_L2], work)
    mu = hyper[H_MOMENTUM]
    eps = hyper[H_EPS]
    rho = hyper[H_RHO]
    if kind == SGD:
        for i in range(p.shape[0]):
            p[i] -= lr * work[i]
    elif kind == MOMENTUM:
        for i in range(p.shape[0]):
            s0[i] = mu * s0[i] + work[i]
            p[i] -= lr * s0[i]
    elif kind == NESTEROV:
        for i in range(p.shape[0]):
            s0[i] = mu * s0[i] + work[i]
            p[i] -= lr * (work[i] + mu * s0[i])
    elif kind == ADAGRAD:
        for i in range(p.shape[0]):
            s0[i] += work[i] * work[i]
            p[i] -= lr * work[i] / (math.sqrt(s0[i]) + eps)
    elif kind == ADADELTA:
        for i in range(p.shape[0]):
            s0[i] = rho * s0[i] + (1.0 - rho) * work[i] * work[i]
            d = math.sqrt(s1[i] + eps) / math.sqrt(s0[i] + eps) * work[i]
            s1[i] = rho * s1[i] + (1.0 - rho) * d * d
            p[i] -= lr * d
    elif kind == RMSPROP:
        for i in range(p.shape[0]):
            s0[i] = rho * s0[i] + (1.0 - rho) * work[i] * work[i]
            p[i] -= lr * work[i] / (math.sqrt(s0[i]) + eps)
    else:
        if kind == ADAMW:
            decay = 1.0 - lr * hyper[H_WEIGHT_DECAY]
            for i in range(p.shape[0]):
                if mask[i] != 0.0:
                    p[i] *= decay
        _adam(p, work, s0, s1, lr, t, hyper[H_BETA1], hyper[H_BETA2], eps)
    if hyper[H_L1] > 0.0:
        l1_proximal(p, mask, lr * hyper[H_L1])

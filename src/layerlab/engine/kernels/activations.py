"""Element-wise activations and their derivatives, plus row-wise softmax and PReLU."""

from __future__ import annotations

import math

from layerlab.engine.codes import (  # noqa: F401 - re-exported for callers
    ELU,
    GELU,
    GELU_TANH,
    IDENTITY,
    LEAKY_RELU,
    RELU,
    SELU,
    SIGMOID,
    SILU,
    SOFTPLUS,
    STEP,
    TANH,
)
from layerlab.engine.kernels._jit import kernel

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
_SQRT_2_OVER_PI = 0.7978845608028654
_INV_SQRT2 = 0.7071067811865476


@kernel
def _sigmoid(z):
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@kernel
def _softplus(z):
    if z > 20.0:
        return z
    return math.log1p(math.exp(z))


@kernel
def act_value(kind, z, alpha, beta):
    """f(z) for one float64 ``z``."""
    if kind == RELU:
        return z if z > 0.0 else 0.0
    if kind == SIGMOID:
        return _sigmoid(z)
    if kind == TANH:
        return math.tanh(z)
    if kind == IDENTITY:
        return z
    if kind == STEP:
        return 1.0 if z > 0.0 else 0.0
    if kind == LEAKY_RELU:
        return z if z > 0.0 else alpha * z
    if kind == ELU:
        return z if z > 0.0 else alpha * math.expm1(z)
    if kind == SELU:
        return SELU_SCALE * (z if z > 0.0 else SELU_ALPHA * math.expm1(z))
    if kind == SILU:
        return z * _sigmoid(beta * z)
    if kind == GELU:
        return 0.5 * z * (1.0 + math.erf(z * _INV_SQRT2))
    if kind == GELU_TANH:
        return 0.5 * z * (1.0 + math.tanh(_SQRT_2_OVER_PI * (z + 0.044715 * z * z * z)))
    return _softplus(z)


@kernel
def act_derivative(kind, z, y, alpha, beta):
    """f'(z) given z and y = f(z). STEP uses the straight-through (identity) derivative."""
    if kind == RELU:
        return 1.0 if z > 0.0 else 0.0
    if kind == SIGMOID:
        return y * (1.0 - y)
    if kind == TANH:
        return 1.0 - y * y
    if kind in (IDENTITY, STEP):
        return 1.0
    if kind == LEAKY_RELU:
        return 1.0 if z > 0.0 else alpha
    if kind == ELU:
        return 1.0 if z > 0.0 else y + alpha
    if kind == SELU:
        return SELU_SCALE if z > 0.0 else y + SELU_SCALE * SELU_ALPHA
    if kind == SILU:
        s = _sigmoid(beta * z)
        return s + beta * z * s * (1.0 - s)
    if kind == GELU:
        cdf = 0.5 * (1.0 + math.erf(z * _INV_SQRT2))
        pdf = math.exp(-0.5 * z * z) * 0.3989422804014327
        return cdf + z * pdf
    if kind == GELU_TANH:
        u = _SQRT_2_OVER_PI * (z + 0.044715 * z * z * z)
        t = math.tanh(u)
        du = _SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * z * z)
        return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du
    return _sigmoid(z)


@kernel
def act_forward(kind, x, alpha, beta, y):
    """y = f(x). x, y: (n,) float32; writes y."""
    if kind == RELU:  # the hot case, kept as a tight loop
        for i in range(x.shape[0]):
            v = x[i]
            y[i] = v if v > 0.0 else 0.0
        return
    for i in range(x.shape[0]):
        y[i] = act_value(kind, float(x[i]), alpha, beta)


@kernel
def act_backward(kind, x, y, dy, alpha, beta, dx):
    """dx = dy * f'(x). All (n,) float32; writes dx."""
    if kind == RELU:
        for i in range(x.shape[0]):
            dx[i] = dy[i] if x[i] > 0.0 else 0.0
        return
    for i in range(x.shape[0]):
        dx[i] = dy[i] * act_derivative(kind, float(x[i]), float(y[i]), alpha, beta)


@kernel
def softmax_forward(x, y):
    """Row-wise softmax. x, y: (rows, k) float32; writes y."""
    for r in range(x.shape[0]):
        m = x[r, 0]
        for j in range(1, x.shape[1]):
            m = max(m, x[r, j])
        s = 0.0
        for j in range(x.shape[1]):
            e = math.exp(x[r, j] - m)
            y[r, j] = e
            s += e
        inv = 1.0 / s
        for j in range(x.shape[1]):
            y[r, j] *= inv


@kernel
def softmax_backward(y, dy, dx):
    """dx = y * (dy - sum(dy * y)) per row. All (rows, k) float32; writes dx."""
    for r in range(y.shape[0]):
        s = 0.0
        for j in range(y.shape[1]):
            s += dy[r, j] * y[r, j]
        for j in range(y.shape[1]):
            dx[r, j] = y[r, j] * (dy[r, j] - s)


@kernel
def prelu_forward(x, alpha, y):
    """y = x if x > 0 else alpha[c] * x. x, y: (rows, c); alpha: (c,); writes y."""
    for r in range(x.shape[0]):
        for c in range(x.shape[1]):
            v = x[r, c]
            y[r, c] = v if v > 0.0 else alpha[c] * v


@kernel
def prelu_backward(x, alpha, dy, dalpha, dx):
    """PReLU gradients. x, dy, dx: (rows, c); alpha, dalpha: (c,); writes dalpha and dx."""
    dalpha[:] = 0.0
    for r in range(x.shape[0]):
        for c in range(x.shape[1]):
            v = x[r, c]
            if v > 0.0:
                dx[r, c] = dy[r, c]
            else:
                dx[r, c] = alpha[c] * dy[r, c]
                dalpha[c] += v * dy[r, c]

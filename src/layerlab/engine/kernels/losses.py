"""Losses fused with their gradient and the batch's correct-prediction count."""

from __future__ import annotations

import math

from layerlab.engine.codes import (  # noqa: F401 - re-exported for callers
    BINARY_CE,
    FUSED_NONE,
    FUSED_SIGMOID,
    FUSED_SOFTMAX,
    HINGE,
    MSE,
    PERCEPTRON,
    SOFTMAX_CE,
)
from layerlab.engine.kernels._jit import kernel

_BCE_EPS = 1e-7


@kernel
def _target(r, j, k, yi, yf, idx, use_yf):
    """Target of row r, output j: a float target, the label itself (k == 1) or one-hot."""
    if use_yf:
        return float(yf[idx[r], j])
    label = yi[idx[r]]
    if k == 1:
        return float(label)
    return 1.0 if label == j else 0.0


@kernel
def _argmax_row(z, r):
    best = 0
    for j in range(1, z.shape[1]):
        if z[r, j] > z[r, best]:
            best = j
    return best


@kernel
def _is_correct(z, r, yi, yf, idx, use_yf, threshold):
    k = z.shape[1]
    if k == 1:
        pred = 1 if z[r, 0] > threshold else 0
        truth = int(yf[idx[r], 0] > 0.5) if use_yf else yi[idx[r]]
        return pred == truth
    if use_yf:
        return _argmax_row(z, r) == _argmax_row(yf, idx[r])
    return _argmax_row(z, r) == yi[idx[r]]


@kernel
def _softmax_ce(z, yi, yf, idx, use_yf, dz):
    n, k = z.shape
    total = 0.0
    for r in range(n):
        m = z[r, 0]
        for j in range(1, k):
            m = max(m, z[r, j])
        s = 0.0
        for j in range(k):
            s += math.exp(z[r, j] - m)
        log_s = math.log(s) + m
        for j in range(k):
            t = _target(r, j, k, yi, yf, idx, use_yf)
            logp = z[r, j] - log_s
            if t != 0.0:
                total -= t * logp
            dz[r, j] = (math.exp(logp) - t) / n
    return total / n


@kernel
def _binary_ce(z, yi, yf, idx, use_yf, fused, dz):
    n, k = z.shape
    scale = 1.0 / (n * k)
    total = 0.0
    for r in range(n):
        for j in range(k):
            t = _target(r, j, k, yi, yf, idx, use_yf)
            v = float(z[r, j])
            if fused == FUSED_SIGMOID:
                total += max(v, 0.0) - v * t + math.log1p(math.exp(-abs(v)))
                p = 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))
                dz[r, j] = (p - t) * scale
            else:
                p = min(max(v, _BCE_EPS), 1.0 - _BCE_EPS)
                total -= t * math.log(p) + (1.0 - t) * math.log(1.0 - p)
                dz[r, j] = (p - t) / (p * (1.0 - p)) * scale
    return total * scale


@kernel
def _squared(z, yi, yf, idx, use_yf, half_sum, dz):
    """MSE (mean over all elements) or the perceptron criterion (half sum per sample)."""
    n, k = z.shape
    scale = 1.0 / n if half_sum else 2.0 / (n * k)
    total = 0.0
    for r in range(n):
        for j in range(k):
            d = z[r, j] - _target(r, j, k, yi, yf, idx, use_yf)
            total += d * d
            dz[r, j] = d * scale
    return total * 0.5 / n if half_sum else total / (n * k)


@kernel
def _hinge(z, yi, yf, idx, use_yf, dz):
    """Float targets mean labels too: t > 0.5 is class 1 (one output), else the row's argmax."""
    n, k = z.shape
    total = 0.0
    dz[:] = 0.0
    for r in range(n):
        if use_yf:
            label = (1 if yf[idx[r], 0] > 0.5 else 0) if k == 1 else _argmax_row(yf, idx[r])
        else:
            label = yi[idx[r]]
        if k == 1:
            t = 1.0 if label == 1 else -1.0
            margin = 1.0 - t * z[r, 0]
            if margin > 0.0:
                total += margin
                dz[r, 0] = -t / n
            continue
        for j in range(k):
            if j == label:
                continue
            margin = z[r, j] - z[r, label] + 1.0
            if margin > 0.0:
                total += margin
                dz[r, j] += 1.0 / n
                dz[r, label] -= 1.0 / n
    return total / n


@kernel
def loss_forward_backward(kind, fused, z, yi, yf, idx, use_yf, dz):
    """Mean loss of z (n, k) against targets of rows idx; writes dz = dLoss/dz.

    Returns (loss, number of correct predictions). yi: (N,) int32 labels; yf: (N, k) float32.
    """
    if kind == SOFTMAX_CE:
        loss = _softmax_ce(z, yi, yf, idx, use_yf, dz)
        threshold = 0.0
    elif kind == BINARY_CE:
        loss = _binary_ce(z, yi, yf, idx, use_yf, fused, dz)
        threshold = 0.0 if fused == FUSED_SIGMOID else 0.5
    elif kind == HINGE:
        loss = _hinge(z, yi, yf, idx, use_yf, dz)
        threshold = 0.0
    else:
        loss = _squared(z, yi, yf, idx, use_yf, kind == PERCEPTRON, dz)
        threshold = 0.5
    correct = 0
    for r in range(z.shape[0]):
        if _is_correct(z, r, yi, yf, idx, use_yf, threshold):
            correct += 1
    return loss, correct

"""Batch normalisation (per channel, running statistics) and layer normalisation (last axis)."""

from __future__ import annotations

import math

from layerlab.engine.kernels._jit import kernel


@kernel
def batchnorm_train_forward(x, gamma, beta, eps, momentum, run_mean, run_var, xhat, stats, y):
    """Normalise x (rows, c) with batch statistics; update the running ones (PyTorch momentum).

    Writes xhat (rows, c), stats (2, c) = (mean, 1/std), y (rows, c), run_mean, run_var.
    """
    rows, c = x.shape
    for ch in range(c):
        s = 0.0
        for r in range(rows):
            s += x[r, ch]
        mean = s / rows
        v = 0.0
        for r in range(rows):
            d = x[r, ch] - mean
            v += d * d
        var = v / rows
        inv = 1.0 / math.sqrt(var + eps)
        stats[0, ch] = mean
        stats[1, ch] = inv
        unbiased = var * rows / (rows - 1) if rows > 1 else var
        run_mean[ch] = (1.0 - momentum) * run_mean[ch] + momentum * mean
        run_var[ch] = (1.0 - momentum) * run_var[ch] + momentum * unbiased
        g = gamma[ch]
        bt = beta[ch]
        for r in range(rows):
            h = (x[r, ch] - mean) * inv
            xhat[r, ch] = h
            y[r, ch] = g * h + bt


@kernel
def batchnorm_eval_forward(x, gamma, beta, eps, run_mean, run_var, stats, y):
    """y = gamma * (x - running mean) / sqrt(running var + eps) + beta. Writes stats, y."""
    rows, c = x.shape
    for ch in range(c):
        inv = 1.0 / math.sqrt(run_var[ch] + eps)
        stats[0, ch] = run_mean[ch]
        stats[1, ch] = inv
        for r in range(rows):
            y[r, ch] = gamma[ch] * (x[r, ch] - run_mean[ch]) * inv + beta[ch]


@kernel
def batchnorm_backward(xhat, gamma, stats, dy, training, dgamma, dbeta, dx):
    """Gradients of batch norm. Eval mode treats the statistics as constants. Writes all d*."""
    rows, c = dy.shape
    for ch in range(c):
        sg = 0.0
        sb = 0.0
        for r in range(rows):
            sg += dy[r, ch] * xhat[r, ch]
            sb += dy[r, ch]
        dgamma[ch] = sg
        dbeta[ch] = sb
        k = gamma[ch] * stats[1, ch]
        if training:
            inv_rows = 1.0 / rows
            for r in range(rows):
                dx[r, ch] = k * (dy[r, ch] - (sb + xhat[r, ch] * sg) * inv_rows)
        else:
            for r in range(rows):
                dx[r, ch] = k * dy[r, ch]


@kernel
def batchnorm_eval_xhat(x, stats, xhat):
    """xhat = (x - mean) * inv for eval-mode backward. Writes xhat."""
    rows, c = x.shape
    for r in range(rows):
        for ch in range(c):
            xhat[r, ch] = (x[r, ch] - stats[0, ch]) * stats[1, ch]


@kernel
def layernorm_forward(x, gamma, beta, eps, xhat, stats, y):
    """Normalise each row of x (rows, k) over k. Writes xhat, stats (rows, 2), y."""
    rows, k = x.shape
    for r in range(rows):
        s = 0.0
        for j in range(k):
            s += x[r, j]
        mean = s / k
        v = 0.0
        for j in range(k):
            d = x[r, j] - mean
            v += d * d
        inv = 1.0 / math.sqrt(v / k + eps)
        stats[r, 0] = mean
        stats[r, 1] = inv
        for j in range(k):
            h = (x[r, j] - mean) * inv
            xhat[r, j] = h
            y[r, j] = gamma[j] * h + beta[j]


@kernel
def layernorm_backward(xhat, gamma, stats, dy, dgamma, dbeta, dx):
    """Gradients of layer norm. Writes dgamma, dbeta (k,), dx (rows, k)."""
    rows, k = dy.shape
    dgamma[:] = 0.0
    dbeta[:] = 0.0
    for r in range(rows):
        s1 = 0.0
        s2 = 0.0
        for j in range(k):
            g = dy[r, j] * gamma[j]
            s1 += g
            s2 += g * xhat[r, j]
            dgamma[j] += dy[r, j] * xhat[r, j]
            dbeta[j] += dy[r, j]
        inv = stats[r, 1]
        for j in range(k):
            g = dy[r, j] * gamma[j]
            dx[r, j] = inv * (g - (s1 + xhat[r, j] * s2) / k)

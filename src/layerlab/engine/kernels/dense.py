"""Fully connected layer: y = x @ W + b through BLAS sgemm."""

from __future__ import annotations

import numpy as np

from layerlab.engine.kernels._jit import kernel


@kernel
def add_bias(y, b):
    """y[r, :] += b. y: (rows, k); b: (k,); writes y."""
    for r in range(y.shape[0]):
        for j in range(y.shape[1]):
            y[r, j] += b[j]


@kernel
def column_sums(dy, db):
    """db = dy.sum(axis=0). dy: (rows, k); db: (k,); writes db."""
    db[:] = 0.0
    for r in range(dy.shape[0]):
        for j in range(dy.shape[1]):
            db[j] += dy[r, j]


@kernel
def dense_forward(x, w, b, has_bias, y):
    """y = x @ w (+ b). x: (n, i); w: (i, o); b: (o,); y: (n, o) float32; writes y."""
    np.dot(x, w, y)
    if has_bias:
        add_bias(y, b)


@kernel
def dense_backward(x, w, dy, has_bias, need_dx, dw, db, dx):
    """dw = x.T @ dy, db = sum(dy), dx = dy @ w.T (when need_dx). Writes dw, db, dx."""
    np.dot(x.T, dy, dw)
    if has_bias:
        column_sums(dy, db)
    if need_dx:
        np.dot(dy, w.T, dx)

"""2-D convolution in NHWC through im2col and BLAS sgemm; col2im for the input gradient."""

from __future__ import annotations

import numpy as np

from layerlab.engine.kernels._jit import kernel
from layerlab.engine.kernels.dense import add_bias, column_sums


@kernel
def im2col(x, kh, kw, sh, sw, pt, pl, oh, ow, cols):
    """Unfold x (n, h, w, c) into cols (n*oh*ow, kh*kw*c), zero padded; writes cols."""
    n, h, wd, c = x.shape
    row = 0
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                col = 0
                for u in range(kh):
                    yy = i * sh - pt + u
                    for v in range(kw):
                        xx = j * sw - pl + v
                        if 0 <= yy < h and 0 <= xx < wd:
                            for ch in range(c):
                                cols[row, col + ch] = x[b, yy, xx, ch]
                        else:
                            for ch in range(c):
                                cols[row, col + ch] = 0.0
                        col += c
                row += 1


@kernel
def col2im(dcols, kh, kw, sh, sw, pt, pl, oh, ow, dx):
    """Fold dcols (n*oh*ow, kh*kw*c) back, summing overlaps, into dx (n, h, w, c); writes dx."""
    n, h, wd, c = dx.shape
    dx[:] = 0.0
    row = 0
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                col = 0
                for u in range(kh):
                    yy = i * sh - pt + u
                    for v in range(kw):
                        xx = j * sw - pl + v
                        if 0 <= yy < h and 0 <= xx < wd:
                            for ch in range(c):
                                dx[b, yy, xx, ch] += dcols[row, col + ch]
                        col += c
                row += 1


@kernel
def conv_forward(x, w, b, has_bias, kh, kw, sh, sw, pt, pl, cols, y):
    """y = conv(x, w) + b. x: (n,h,w,c); w: (kh*kw*c, f); cols: scratch; y: (n,oh,ow,f)."""
    n, oh, ow, f = y.shape
    im2col(x, kh, kw, sh, sw, pt, pl, oh, ow, cols)
    y2 = y.reshape((n * oh * ow, f))
    np.dot(cols, w, y2)
    if has_bias:
        add_bias(y2, b)


@kernel
def conv_backward(cols, w, dy, has_bias, need_dx, kh, kw, sh, sw, pt, pl, dw, db, dcols, dx):
    """Gradients of conv_forward from its cached cols. Writes dw, db, and dcols + dx."""
    n, oh, ow, f = dy.shape
    dy2 = dy.reshape((n * oh * ow, f))
    np.dot(cols.T, dy2, dw)
    if has_bias:
        column_sums(dy2, db)
    if need_dx:
        np.dot(dy2, w.T, dcols)
        col2im(dcols, kh, kw, sh, sw, pt, pl, oh, ow, dx)

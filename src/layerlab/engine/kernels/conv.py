"""2-D convolution in NHWC through im2col and BLAS sgemm; col2im for the input gradient."""

from __future__ import annotations

import numpy as np

from layerlab.engine.kernels._jit import kernel
from layerlab.engine.kernels.dense import add_bias, column_sums


@kernel
def im2col(x, kh, kw, sh, sw, pt, pl, oh, ow, cols):
    """Unfold x (n, h, w, c) into cols (n*oh*ow, kh*kw*c), zero padded; writes cols.

    Interior windows copy kw*c contiguous floats per kernel row without bounds checks.
    """
    n, h, wd, c = x.shape
    xf = x.reshape(-1)
    cf = cols.reshape(-1)
    run = kw * c
    k = kh * run
    for b in range(n):
        for i in range(oh):
            y0 = i * sh - pt
            for j in range(ow):
                x0 = j * sw - pl
                dst = ((b * oh + i) * ow + j) * k
                inside = y0 >= 0 and y0 + kh <= h and x0 >= 0 and x0 + kw <= wd
                for u in range(kh):
                    yy = y0 + u
                    if inside:
                        src = ((b * h + yy) * wd + x0) * c
                        for q in range(run):
                            cf[dst + q] = xf[src + q]
                    else:
                        for v in range(kw):
                            xx = x0 + v
                            ok = 0 <= yy < h and 0 <= xx < wd
                            src = ((b * h + yy) * wd + xx) * c
                            for ch in range(c):
                                cf[dst + v * c + ch] = xf[src + ch] if ok else 0.0
                    dst += run


@kernel
def col2im(dcols, kh, kw, sh, sw, pt, pl, oh, ow, dx):
    """Fold dcols (n*oh*ow, kh*kw*c) back, summing overlaps, into dx (n, h, w, c); writes dx."""
    n, h, wd, c = dx.shape
    dx[:] = 0.0
    xf = dx.reshape(-1)
    cf = dcols.reshape(-1)
    run = kw * c
    k = kh * run
    for b in range(n):
        for i in range(oh):
            y0 = i * sh - pt
            for j in range(ow):
                x0 = j * sw - pl
                src = ((b * oh + i) * ow + j) * k
                inside = y0 >= 0 and y0 + kh <= h and x0 >= 0 and x0 + kw <= wd
                for u in range(kh):
                    yy = y0 + u
                    if inside:
                        dst = ((b * h + yy) * wd + x0) * c
                        for q in range(run):
                            xf[dst + q] += cf[src + q]
                    elif 0 <= yy < h:
                        for v in range(kw):
                            xx = x0 + v
                            if 0 <= xx < wd:
                                dst = ((b * h + yy) * wd + xx) * c
                                for ch in range(c):
                                    xf[dst + ch] += cf[src + v * c + ch]
                    src += run


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

"""Max and average pooling over NHWC windows."""

from __future__ import annotations

from layerlab.engine.kernels._jit import kernel


@kernel
def maxpool_forward(x, kh, kw, sh, sw, pt, pl, y):
    """y = window max of x (n,h,w,c) into y (n,oh,ow,c); padding never wins. Writes y."""
    n, h, wd, c = x.shape
    oh, ow = y.shape[1], y.shape[2]
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for ch in range(c):
                    m = -3.4e38
                    for u in range(kh):
                        yy = i * sh - pt + u
                        if 0 <= yy < h:
                            for v in range(kw):
                                xx = j * sw - pl + v
                                if 0 <= xx < wd and x[b, yy, xx, ch] > m:
                                    m = x[b, yy, xx, ch]
                    y[b, i, j, ch] = m


@kernel
def maxpool_backward(x, dy, kh, kw, sh, sw, pt, pl, dx):
    """Route each dy to the first arg-max of its window. Writes dx (n,h,w,c)."""
    n, h, wd, c = x.shape
    oh, ow = dy.shape[1], dy.shape[2]
    dx[:] = 0.0
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for ch in range(c):
                    m = -3.4e38
                    by = -1
                    bx = -1
                    for u in range(kh):
                        yy = i * sh - pt + u
                        if 0 <= yy < h:
                            for v in range(kw):
                                xx = j * sw - pl + v
                                if 0 <= xx < wd and x[b, yy, xx, ch] > m:
                                    m = x[b, yy, xx, ch]
                                    by = yy
                                    bx = xx
                    if by >= 0:
                        dx[b, by, bx, ch] += dy[b, i, j, ch]


@kernel
def avgpool_forward(x, kh, kw, sh, sw, pt, pl, y):
    """y = window mean of x; padded cells count as zeros (divisor kh*kw). Writes y."""
    n, h, wd, c = x.shape
    oh, ow = y.shape[1], y.shape[2]
    inv = 1.0 / (kh * kw)
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for ch in range(c):
                    s = 0.0
                    for u in range(kh):
                        yy = i * sh - pt + u
                        if 0 <= yy < h:
                            for v in range(kw):
                                xx = j * sw - pl + v
                                if 0 <= xx < wd:
                                    s += x[b, yy, xx, ch]
                    y[b, i, j, ch] = s * inv


@kernel
def avgpool_backward(dy, kh, kw, sh, sw, pt, pl, dx):
    """Spread each dy evenly over its window. Writes dx (n,h,w,c)."""
    n, h, wd, c = dx.shape
    oh, ow = dy.shape[1], dy.shape[2]
    inv = 1.0 / (kh * kw)
    dx[:] = 0.0
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for ch in range(c):
                    g = dy[b, i, j, ch] * inv
                    for u in range(kh):
                        yy = i * sh - pt + u
                        if 0 <= yy < h:
                            for v in range(kw):
                                xx = j * sw - pl + v
                                if 0 <= xx < wd:
                                    dx[b, yy, xx, ch] += g

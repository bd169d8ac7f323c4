"""Max and average pooling over NHWC windows; channel loops innermost so they vectorise."""

from __future__ import annotations

from layerlab.engine.kernels._jit import kernel


@kernel
def maxpool_forward(x, kh, kw, sh, sw, pt, pl, y, arg):
    """y = window max of x (n,h,w,c) into y (n,oh,ow,c); padding never wins.

    arg (n,oh,ow,c) float32 gets each winner's flat index within its sample. Writes y, arg.
    """
    n, h, wd, c = x.shape
    oh, ow = y.shape[1], y.shape[2]
    xf = x.reshape(-1)
    yf = y.reshape(-1)
    af = arg.reshape(-1)
    per = h * wd * c
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                o = ((b * oh + i) * ow + j) * c
                first = True
                for u in range(kh):
                    yy = i * sh - pt + u
                    if yy < 0 or yy >= h:
                        continue
                    for v in range(kw):
                        xx = j * sw - pl + v
                        if xx < 0 or xx >= wd:
                            continue
                        local = (yy * wd + xx) * c
                        src = b * per + local
                        if first:
                            for ch in range(c):
                                yf[o + ch] = xf[src + ch]
                                af[o + ch] = local + ch
                            first = False
                        else:
                            for ch in range(c):
                                if xf[src + ch] > yf[o + ch]:
                                    yf[o + ch] = xf[src + ch]
                                    af[o + ch] = local + ch


@kernel
def maxpool_backward(arg, dy, dx):
    """Route each dy (n,oh,ow,c) to its window's arg-max in dx (n,h,w,c). Writes dx."""
    n = dx.shape[0]
    per = dx.size // n
    m = dy.size // n
    dx[:] = 0.0
    xf = dx.reshape(-1)
    yf = dy.reshape(-1)
    af = arg.reshape(-1)
    for b in range(n):
        for o in range(b * m, (b + 1) * m):
            xf[b * per + int(af[o])] += yf[o]


@kernel
def avgpool_forward(x, kh, kw, sh, sw, pt, pl, y):
    """y = window mean of x; padded cells count as zeros (divisor kh*kw). Writes y."""
    n, h, wd, c = x.shape
    oh, ow = y.shape[1], y.shape[2]
    inv = 1.0 / (kh * kw)
    xf = x.reshape(-1)
    yf = y.reshape(-1)
    yf[:] = 0.0
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                o = ((b * oh + i) * ow + j) * c
                for u in range(kh):
                    yy = i * sh - pt + u
                    if yy < 0 or yy >= h:
                        continue
                    for v in range(kw):
                        xx = j * sw - pl + v
                        if 0 <= xx < wd:
                            src = ((b * h + yy) * wd + xx) * c
                            for ch in range(c):
                                yf[o + ch] += xf[src + ch] * inv


@kernel
def avgpool_backward(dy, kh, kw, sh, sw, pt, pl, dx):
    """Spread each dy evenly over its window. Writes dx (n,h,w,c)."""
    n, h, wd, c = dx.shape
    oh, ow = dy.shape[1], dy.shape[2]
    inv = 1.0 / (kh * kw)
    dx[:] = 0.0
    xf = dx.reshape(-1)
    gf = dy.reshape(-1)
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                o = ((b * oh + i) * ow + j) * c
                for u in range(kh):
                    yy = i * sh - pt + u
                    if yy < 0 or yy >= h:
                        continue
                    for v in range(kw):
                        xx = j * sw - pl + v
                        if 0 <= xx < wd:
                            dst = ((b * h + yy) * wd + xx) * c
                            for ch in range(c):
                                xf[dst + ch] += gf[o + ch] * inv

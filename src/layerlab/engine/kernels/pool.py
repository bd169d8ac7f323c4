"""Max and average pooling over NHWC windows.

With 8 or more channels the channel loop runs innermost and vectorises. With fewer, a channel
run is too short to vectorise and each output is reduced over its window on its own, in
registers, with branch-free selects (a comparison of random data mispredicts half the time).
Window bounds are clipped once per output, so the inner loops carry no bounds checks, and hot
indices are unsigned (``U``) so numba emits no negative-index wraparound.
"""

from __future__ import annotations

import numpy as np

from layerlab.engine.kernels._jit import kernel

U = np.uint64
WIDE = 8  # channel counts from which the channel loop goes innermost


@kernel
def maxpool_forward(x, kh, kw, sh, sw, pt, pl, y, arg):
    """y = window max of x (n,h,w,c) into y (n,oh,ow,c); padding never wins.

    arg (n,oh,ow,c) float32 gets each winner's flat index within its sample (the first
    maximum in row-major window order), or -1 (and y 0) for a window wholly in the padding.
    Writes y, arg.
    """
    n, h, wd, c = x.shape
    oh, ow = y.shape[1], y.shape[2]
    xf = x.reshape(-1)
    yf = y.reshape(-1)
    af = arg.reshape(-1)
    per = h * wd * c
    row = U(wd * c)
    cs = U(c)
    for b in range(n):
        xb = U(b * per)
        for i in range(oh):
            y0 = i * sh - pt
            ulo = max(-y0, 0)
            nu = min(kh, h - y0) - ulo
            for j in range(ow):
                x0 = j * sw - pl
                vlo = max(-x0, 0)
                nv = min(kw, wd - x0) - vlo
                o = U(((b * oh + i) * ow + j) * c)
                if nu <= 0 or nv <= 0:
                    for ch in range(cs):
                        yf[o + ch] = 0.0
                        af[o + ch] = -1.0
                    continue
                l0 = U(((y0 + ulo) * wd + x0 + vlo) * c)  # the window's first valid cell
                if c >= WIDE:
                    for ch in range(cs):
                        yf[o + ch] = xf[xb + l0 + ch]
                        af[o + ch] = np.float32(l0 + ch)
                    lrow = l0
                    for u in range(nu):
                        l = lrow
                        for v in range(nv):
                            if u > 0 or v > 0:
                                s = xb + l
                                for ch in range(cs):
                                    val = xf[s + ch]
                                    cur = yf[o + ch]
                                    gt = val > cur
                                    yf[o + ch] = val if gt else cur
                                    af[o + ch] = np.float32(l + ch) if gt else af[o + ch]
                            l += cs
                        lrow += row
                elif nu == 2 and nv == 2:  # a whole 2x2 window, unrolled
                    for ch in range(cs):
                        l00 = l0 + ch
                        l01 = l00 + cs
                        l10 = l00 + row
                        l11 = l10 + cs
                        best = xf[xb + l00]
                        best_i = l00
                        val = xf[xb + l01]
                        gt = val > best
                        best = val if gt else best
                        best_i = l01 if gt else best_i
                        val = xf[xb + l10]
                        gt = val > best
                        best = val if gt else best
                        best_i = l10 if gt else best_i
                        val = xf[xb + l11]
                        gt = val > best
                        best = val if gt else best
                        best_i = l11 if gt else best_i
                        yf[o + ch] = best
                        af[o + ch] = np.float32(best_i)
                else:
                    for ch in range(cs):
                        lrow = l0 + ch
                        best_i = lrow
                        best = xf[xb + lrow]
                        for _u in range(nu):
                            l = lrow
                            for _v in range(nv):
                                val = xf[xb + l]
                                gt = val > best
                                best = val if gt else best
                                best_i = l if gt else best_i
                                l += cs
                            lrow += row
                        yf[o + ch] = best
                        af[o + ch] = np.float32(best_i)


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
        xb = U(b * per)
        for o in range(U(b * m), U((b + 1) * m)):
            a = af[o]
            if a >= 0.0:
                xf[xb + U(a)] += yf[o]


@kernel
def avgpool_forward(x, kh, kw, sh, sw, pt, pl, y):
    """y = window mean of x; padded cells count as zeros (divisor kh*kw). Writes y."""
    n, h, wd, c = x.shape
    oh, ow = y.shape[1], y.shape[2]
    inv = np.float32(1.0 / (kh * kw))
    xf = x.reshape(-1)
    yf = y.reshape(-1)
    per = h * wd * c
    row = U(wd * c)
    cs = U(c)
    for b in range(n):
        xb = U(b * per)
        for i in range(oh):
            y0 = i * sh - pt
            ulo = max(-y0, 0)
            nu = min(kh, h - y0) - ulo
            for j in range(ow):
                x0 = j * sw - pl
                vlo = max(-x0, 0)
                nv = min(kw, wd - x0) - vlo
                o = U(((b * oh + i) * ow + j) * c)
                if nu <= 0 or nv <= 0:
                    for ch in range(cs):
                        yf[o + ch] = 0.0
                    continue
                l0 = xb + U(((y0 + ulo) * wd + x0 + vlo) * c)
                if c >= WIDE:
                    for ch in range(cs):
                        yf[o + ch] = 0.0
                    lrow = l0
                    for _u in range(nu):
                        l = lrow
                        for _v in range(nv):
                            for ch in range(cs):
                                yf[o + ch] += xf[l + ch]
                            l += cs
                        lrow += row
                    for ch in range(cs):
                        yf[o + ch] *= inv
                elif nu == 2 and nv == 2:  # a whole 2x2 window, unrolled
                    for ch in range(cs):
                        l = l0 + ch
                        yf[o + ch] = (xf[l] + xf[l + cs] + xf[l + row] + xf[l + row + cs]) * inv
                else:
                    for ch in range(cs):
                        lrow = l0 + ch
                        acc = np.float32(0.0)
                        for _u in range(nu):
                            l = lrow
                            for _v in range(nv):
                                acc += xf[l]
                                l += cs
                            lrow += row
                        yf[o + ch] = acc * inv


@kernel
def avgpool_backward(dy, kh, kw, sh, sw, pt, pl, dx):
    """Spread each dy evenly over its window. Writes dx (n,h,w,c)."""
    n, h, wd, c = dx.shape
    oh, ow = dy.shape[1], dy.shape[2]
    inv = np.float32(1.0 / (kh * kw))
    dx[:] = 0.0
    xf = dx.reshape(-1)
    gf = dy.reshape(-1)
    per = h * wd * c
    row = U(wd * c)
    cs = U(c)
    for b in range(n):
        xb = U(b * per)
        for i in range(oh):
            y0 = i * sh - pt
            ulo = max(-y0, 0)
            nu = min(kh, h - y0) - ulo
            for j in range(ow):
                x0 = j * sw - pl
                vlo = max(-x0, 0)
                nv = min(kw, wd - x0) - vlo
                if nu <= 0 or nv <= 0:
                    continue
                o = U(((b * oh + i) * ow + j) * c)
                l0 = xb + U(((y0 + ulo) * wd + x0 + vlo) * c)
                if c >= WIDE:
                    lrow = l0
                    for _u in range(nu):
                        l = lrow
                        for _v in range(nv):
                            for ch in range(cs):
                                xf[l + ch] += gf[o + ch] * inv
                            l += cs
                        lrow += row
                elif nu == 2 and nv == 2:  # a whole 2x2 window, unrolled
                    for ch in range(cs):
                        g = gf[o + ch] * inv
                        l = l0 + ch
                        xf[l] += g
                        xf[l + cs] += g
                        xf[l + row] += g
                        xf[l + row + cs] += g
                else:
                    for ch in range(cs):
                        g = gf[o + ch] * inv
                        lrow = l0 + ch
                        for _u in range(nu):
                            l = lrow
                            for _v in range(nv):
                                xf[l] += g
                                l += cs
                            lrow += row

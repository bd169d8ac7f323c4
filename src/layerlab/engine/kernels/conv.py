"""2-D convolution in NHWC: im2col and BLAS sgemm, or a direct kernel for one input channel.

Indices in the hot loops are unsigned (``U``): numba then skips its negative-index wraparound
select, which otherwise keeps LLVM from vectorising copies into plain contiguous loads and
stores. An unsigned base may wrap below zero when only offsets past the padding are read, which
modular arithmetic makes exact. Never mix ``U`` with a signed integer in one expression (numba
would compute it in float64).

``conv_forward`` and ``conv_backward`` treat ``cols`` as opaque scratch of n*oh*ow*kh*kw*c floats:
the im2col matrix, or, on the direct path (one input channel, stride 1: a network's first
layer), the zero-padded input planes plus one sample's output planes.
"""

from __future__ import annotations

import numpy as np

from layerlab.engine.kernels._jit import kernel
from layerlab.engine.kernels.dense import add_bias, column_sums

U = np.uint64


@kernel
def im2col(x, kh, kw, sh, sw, pt, pl, oh, ow, cols):
    """Unfold x (n, h, w, c) into cols (n*oh*ow, kh*kw*c), zero padded; writes cols."""
    n = x.shape[0]
    _im2col_rows(x, kh, kw, sh, sw, pt, pl, oh, ow, cols.reshape(-1), 0, n * oh * ow)


@kernel
def col2im(dcols, kh, kw, sh, sw, pt, pl, oh, ow, dx):
    """Fold dcols (n*oh*ow, kh*kw*c) back, summing overlaps, into dx (n, h, w, c); writes dx."""
    n = dx.shape[0]
    dx[:] = 0.0
    _col2im_rows(dcols.reshape(-1), kh, kw, sh, sw, pt, pl, oh, ow, dx, 0, n * oh * ow)


@kernel
def _im2col_rows(x, kh, kw, sh, sw, pt, pl, oh, ow, cf, p0, p1):
    """Rows p0 <= p < p1 of the im2col matrix into cf (flat, row p at p*kh*kw*c).

    Each kernel row is one run of kw*c floats: zeros left of the image, a contiguous copy,
    zeros right of it.
    """
    _, h, wd, c = x.shape
    xf = x.reshape(-1)
    run = kw * c
    per = oh * ow
    b = p0 // per
    i = (p0 - b * per) // ow
    j = p0 - b * per - i * ow
    dst = U(p0 * kh * run)
    for _ in range(p0, p1):
        y0 = i * sh - pt
        x0 = j * sw - pl
        qlo = min(max(-x0, 0), kw) * c
        qhi = max(min(wd - x0, kw) * c, qlo)
        for u in range(kh):
            yy = y0 + u
            if 0 <= yy < h:
                src = U(((b * h + yy) * wd + x0) * c)
                for q in range(U(qlo)):
                    cf[dst + q] = 0.0
                for q in range(U(qlo), U(qhi)):
                    cf[dst + q] = xf[src + q]
                for q in range(U(qhi), U(run)):
                    cf[dst + q] = 0.0
            else:
                for q in range(U(run)):
                    cf[dst + q] = 0.0
            dst += U(run)
        j += 1
        if j == ow:
            j = 0
            i += 1
            if i == oh:
                i = 0
                b += 1


@kernel
def _col2im_rows(cf, kh, kw, sh, sw, pt, pl, oh, ow, dx, p0, p1):
    """Add rows p0 <= p < p1 of an im2col-shaped gradient (flat cf) into dx (n, h, w, c)."""
    _, h, wd, c = dx.shape
    xf = dx.reshape(-1)
    run = kw * c
    per = oh * ow
    b = p0 // per
    i = (p0 - b * per) // ow
    j = p0 - b * per - i * ow
    src = U(p0 * kh * run)
    for _ in range(p0, p1):
        y0 = i * sh - pt
        x0 = j * sw - pl
        qlo = min(max(-x0, 0), kw) * c
        qhi = max(min(wd - x0, kw) * c, qlo)
        for u in range(kh):
            yy = y0 + u
            if 0 <= yy < h:
                dst = U(((b * h + yy) * wd + x0) * c)
                for q in range(U(qlo), U(qhi)):
                    xf[dst + q] += cf[src + q]
            src += U(run)
        j += 1
        if j == ow:
            j = 0
            i += 1
            if i == oh:
                i = 0
                b += 1


# --- direct path: one input channel, stride 1 -------------------------------------------------
# im2col would copy each pixel kh*kw times in runs of only kw floats, and sgemm with a handful of
# filters runs far below peak. Instead the input is copied once into zero-padded planes xp
# (n, hp, wp), hp = oh+kh-1, wp = ow+kw-1 (kept in cols for the backward pass). Output plane g
# of one sample is o[g*m : g*m + m], m = (oh-1)*wp + ow, output (i, j) at i*wp + j, so each
# kernel tap is one long axpy o[g] += w[u*kw+v, g] * xp[b][u*wp+v :], whatever the image width;
# the columns j >= ow of a plane are slack. Planes are transposed into NHWC per sample.


@kernel
def _direct_ok(n, c, f, kh, kw, sh, sw, oh, ow, size):
    """Whether the direct path applies and its planes fit in ``size`` floats of scratch."""
    if c != 1 or sh != 1 or sw != 1:
        return False
    hp = oh + kh - 1
    wp = ow + kw - 1
    return n * hp * wp + (f + 1) * ((oh - 1) * wp + ow) <= size


@kernel
def _pad_planes(x, kh, kw, pt, pl, oh, ow, xp):
    """xp[b, r, q] = x[b, r - pt, q - pl, 0], zero outside x. xp: flat, n*hp*wp floats."""
    n, h, wd, _ = x.shape
    hp = oh + kh - 1
    wp = ow + kw - 1
    xf = x.reshape(-1)
    qlo = min(max(pl, 0), wp)
    qhi = max(min(wp, pl + wd), qlo)
    for b in range(n):
        for r in range(hp):
            d = U((b * hp + r) * wp)
            yy = r - pt
            if yy < 0 or yy >= h:
                for q in range(U(wp)):
                    xp[d + q] = 0.0
                continue
            src = U((b * h + yy) * wd - pl)
            for q in range(U(qlo)):
                xp[d + q] = 0.0
            for q in range(U(qlo), U(qhi)):
                xp[d + q] = xf[src + q]
            for q in range(U(qhi), U(wp)):
                xp[d + q] = 0.0


@kernel
def _direct_forward(xp, w, bias, has_bias, kh, kw, oh, ow, o, y):
    """y (n, oh, ow, f) = conv(xp, w) + bias through the output planes o ((f+1)*m floats).

    Two planes per pass share their input loads; an odd last plane pairs with a dummy plane
    (index f) of zero weights. Taps go in runs of 5, 3 or 1 along a kernel row.
    """
    n, _, _, f = y.shape
    hp = oh + kh - 1
    wp = ow + kw - 1
    m = U((oh - 1) * wp + ow)
    yf = y.reshape(-1)
    one = U(1)
    zero = np.float32(0.0)
    for b in range(n):
        xb = b * hp * wp
        for ga in range(0, f, 2):
            pair = ga + 1 < f
            gb = ga + 1 if pair else ga
            oa = U(ga) * m
            ob = U(ga + 1) * m  # the dummy plane f when unpaired
            ia = bias[ga] if has_bias else zero
            ib = bias[gb] if has_bias and pair else zero
            for p in range(m):
                o[oa + p] = ia
                o[ob + p] = ib
            for u in range(kh):
                v = 0
                while v < kw:
                    t = u * kw + v
                    s0 = U(xb + u * wp + v)
                    a0 = w[t, ga]
                    b0 = w[t, gb] if pair else zero
                    if v + 5 <= kw:
                        s1 = s0 + one
                        s2 = s1 + one
                        s3 = s2 + one
                        s4 = s3 + one
                        a1, a2, a3, a4 = w[t + 1, ga], w[t + 2, ga], w[t + 3, ga], w[t + 4, ga]
                        b1, b2, b3, b4 = w[t + 1, gb], w[t + 2, gb], w[t + 3, gb], w[t + 4, gb]
                        if not pair:
                            b1 = b2 = b3 = b4 = zero
                        for p in range(m):
                            x0, x1, x2 = xp[s0 + p], xp[s1 + p], xp[s2 + p]
                            x3, x4 = xp[s3 + p], xp[s4 + p]
                            o[oa + p] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3 + a4 * x4
                            o[ob + p] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3 + b4 * x4
                        v += 5
                    elif v + 3 <= kw:
                        s1 = s0 + one
                        s2 = s1 + one
                        a1, a2 = w[t + 1, ga], w[t + 2, ga]
                        b1, b2 = w[t + 1, gb], w[t + 2, gb]
                        if not pair:
                            b1 = b2 = zero
                        for p in range(m):
                            x0, x1, x2 = xp[s0 + p], xp[s1 + p], xp[s2 + p]
                            o[oa + p] += a0 * x0 + a1 * x1 + a2 * x2
                            o[ob + p] += b0 * x0 + b1 * x1 + b2 * x2
                        v += 3
                    else:
                        for p in range(m):
                            x0 = xp[s0 + p]
                            o[oa + p] += a0 * x0
                            o[ob + p] += b0 * x0
                        v += 1
        fs = U(f)
        for g in range(f):
            for i in range(oh):
                d = U(((b * oh + i) * ow) * f + g)
                s = U(g) * m + U(i * wp)
                for j in range(U(ow)):
                    yf[d + j * fs] = o[s + j]


@kernel
def _direct_weight_grad(xp, dy, has_bias, kh, kw, oh, ow, o, dw, db):
    """dw (kh*kw, f) and db (f,) from the padded planes xp; o: f*m floats of scratch.

    dy is gathered into planes like the forward's; two planes per pass share the input loads
    (an odd last plane pairs with itself and drops the copy).
    """
    n, _, _, f = dy.shape
    hp = oh + kh - 1
    wp = ow + kw - 1
    m = U((oh - 1) * wp + ow)
    gf = dy.reshape(-1)
    one = U(1)
    fs = U(f)
    zero = np.float32(0.0)
    dw[:] = 0.0
    if has_bias:
        db[:] = 0.0
    for q in range(fs * m):
        o[q] = 0.0  # the slack columns stay zero
    for b in range(n):
        for g in range(f):
            for i in range(oh):
                s = U(((b * oh + i) * ow) * f + g)
                d = U(g) * m + U(i * wp)
                for j in range(U(ow)):
                    o[d + j] = gf[s + j * fs]
        xb = b * hp * wp
        for g in range(f):
            if has_bias:
                acc = zero
                og = U(g) * m
                for p in range(m):
                    acc += o[og + p]
                db[g] += acc
        for ga in range(0, f, 2):
            pair = ga + 1 < f
            gb = ga + 1 if pair else ga
            oa = U(ga) * m
            ob = U(gb) * m
            for u in range(kh):
                v = 0
                while v < kw:
                    t = u * kw + v
                    s0 = U(xb + u * wp + v)
                    if v + 5 <= kw:
                        s1 = s0 + one
                        s2 = s1 + one
                        s3 = s2 + one
                        s4 = s3 + one
                        a0 = a1 = a2 = a3 = a4 = b0 = b1 = b2 = b3 = b4 = zero
                        for p in range(m):
                            ea, eb = o[oa + p], o[ob + p]
                            x0, x1, x2 = xp[s0 + p], xp[s1 + p], xp[s2 + p]
                            x3, x4 = xp[s3 + p], xp[s4 + p]
                            a0 += x0 * ea
                            a1 += x1 * ea
                            a2 += x2 * ea
                            a3 += x3 * ea
                            a4 += x4 * ea
                            b0 += x0 * eb
                            b1 += x1 * eb
                            b2 += x2 * eb
                            b3 += x3 * eb
                            b4 += x4 * eb
                        dw[t, ga] += a0
                        dw[t + 1, ga] += a1
                        dw[t + 2, ga] += a2
                        dw[t + 3, ga] += a3
                        dw[t + 4, ga] += a4
                        if pair:
                            dw[t, gb] += b0
                            dw[t + 1, gb] += b1
                            dw[t + 2, gb] += b2
                            dw[t + 3, gb] += b3
                            dw[t + 4, gb] += b4
                        v += 5
                    elif v + 3 <= kw:
                        s1 = s0 + one
                        s2 = s1 + one
                        a0 = a1 = a2 = b0 = b1 = b2 = zero
                        for p in range(m):
                            ea, eb = o[oa + p], o[ob + p]
                            x0, x1, x2 = xp[s0 + p], xp[s1 + p], xp[s2 + p]
                            a0 += x0 * ea
                            a1 += x1 * ea
                            a2 += x2 * ea
                            b0 += x0 * eb
                            b1 += x1 * eb
                            b2 += x2 * eb
                        dw[t, ga] += a0
                        dw[t + 1, ga] += a1
                        dw[t + 2, ga] += a2
                        if pair:
                            dw[t, gb] += b0
                            dw[t + 1, gb] += b1
                            dw[t + 2, gb] += b2
                        v += 3
                    else:
                        a0 = b0 = zero
                        for p in range(m):
                            x0 = xp[s0 + p]
                            a0 += x0 * o[oa + p]
                            b0 += x0 * o[ob + p]
                        dw[t, ga] += a0
                        if pair:
                            dw[t, gb] += b0
                        v += 1


SMALL_GEMM = 1_000_000  # m*n*k up to which OpenBLAS (SkylakeX) runs its unpacked small kernel
MIN_ROWS = 128  # fewer rows per slice would cost more in calls and partial sums than it saves


@kernel
def _slice_rows(rows, k, f):
    """Rows per slice for a (rows, k) x (k, f) product: BLAS's small-matrix kernel takes it
    (OpenBLAS on AVX-512: m*n*k <= 1e6, 2-3x faster for these thin shapes) and the slice stays
    in L2 between the pass that writes it and the pass that reads it. All rows when too thin.
    """
    step = SMALL_GEMM // (k * f)
    return step if MIN_ROWS <= step < rows else rows


@kernel
def _weight_grad(cols, dy2, tmp, dw):
    """dw = cols.T @ dy2 in row slices small enough for BLAS's small-matrix kernel.

    For these tall, thin products sgemm packs and blocks badly (2-3x slower than the small
    kernel); the partial products are summed. tmp: at least k*f floats of scratch.
    """
    rows, k = cols.shape
    f = dy2.shape[1]
    step = _slice_rows(rows, k, f)
    if step == rows or tmp.shape[0] < k * f:
        np.dot(cols.T, dy2, dw)
        return
    part = tmp[: k * f].reshape((k, f))
    np.dot(cols[:step].T, dy2[:step], dw)
    df = dw.reshape(-1)
    pf = part.reshape(-1)
    for s in range(step, rows, step):
        e = min(rows, s + step)
        np.dot(cols[s:e].T, dy2[s:e], part)
        for q in range(U(k * f)):
            df[q] += pf[q]


@kernel
def conv_forward(x, w, b, has_bias, kh, kw, sh, sw, pt, pl, cols, y):
    """y = conv(x, w) + b. x: (n,h,w,c); w: (kh*kw*c, f); cols: scratch; y: (n,oh,ow,f)."""
    n, oh, ow, f = y.shape
    c = x.shape[3]
    cf = cols.reshape(-1)
    if _direct_ok(n, c, f, kh, kw, sh, sw, oh, ow, cf.shape[0]):
        planes = n * (oh + kh - 1) * (ow + kw - 1)
        xp = cf[:planes]
        _pad_planes(x, kh, kw, pt, pl, oh, ow, xp)
        _direct_forward(xp, w, b, has_bias, kh, kw, oh, ow, cf[planes:], y)
        return
    rows, k = n * oh * ow, kh * kw * c
    cols2 = cf[: rows * k].reshape((rows, k))
    y2 = y.reshape((rows, f))
    step = _slice_rows(rows, k, f)
    for s in range(0, rows, step):  # unfold a slice, then multiply it while it is in cache
        e = min(rows, s + step)
        _im2col_rows(x, kh, kw, sh, sw, pt, pl, oh, ow, cf, s, e)
        np.dot(cols2[s:e], w, y2[s:e])
        if has_bias:
            add_bias(y2[s:e], b)


@kernel
def conv_backward(cols, w, dy, has_bias, need_dx, kh, kw, sh, sw, pt, pl, dw, db, dcols, dx):
    """Gradients of conv_forward from its cached cols. Writes dw, db, and dcols + dx."""
    n, oh, ow, f = dy.shape
    c = dx.shape[3]
    k = kh * kw * c
    dy2 = dy.reshape((n * oh * ow, f))
    cf = cols.reshape(-1)
    if _direct_ok(n, c, f, kh, kw, sh, sw, oh, ow, cf.shape[0]):
        planes = n * (oh + kh - 1) * (ow + kw - 1)
        _direct_weight_grad(cf[:planes], dy, has_bias, kh, kw, oh, ow, cf[planes:], dw, db)
    else:
        cols2 = cf.reshape((n * oh * ow, k))
        if need_dx:
            _weight_grad(cols2, dy2, dcols.reshape(-1), dw)
        else:  # dcols is cols itself: a small buffer of its own
            _weight_grad(cols2, dy2, np.empty(k * f, np.float32), dw)
        if has_bias:
            column_sums(dy2, db)
    if need_dx:
        rows = n * oh * ow
        df = dcols.reshape(-1)
        d2 = df[: rows * k].reshape((rows, k))
        dx[:] = 0.0
        step = _slice_rows(rows, k, f)
        for s in range(0, rows, step):
            e = min(rows, s + step)
            np.dot(dy2[s:e], w.T, d2[s:e])
            _col2im_rows(df, kh, kw, sh, sw, pt, pl, oh, ow, dx, s, e)

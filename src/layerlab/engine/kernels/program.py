"""The op-table interpreter: a whole network's forward, backward and training steps in one call.

A network compiles to an int64 table ``ops`` (one row per layer op, columns ``R_*``) and a float32
table ``fops`` (columns ``F_*``). Offsets point into flat float32 arenas: ``P`` parameters,
``G`` their gradients (same offsets as the trainable part of ``P``), ``A`` activations and caches,
``dA`` activation gradients. Tensors are batch-major and C-contiguous, so the first ``n`` rows of
a tensor are ``arena[off : off + n * per_sample]``.
"""

from __future__ import annotations

import math

from layerlab.engine.codes import (  # noqa: F401 - re-exported for callers
    F_ALPHA,
    F_BETA,
    F_EPS,
    F_MOMENTUM,
    F_RATE,
    FROW_WIDTH,
    L_DZ,
    L_FUSED,
    L_K,
    L_KIND,
    L_LAST,
    L_OUT,
    L_OUT_K,
    L_Z,
    LOSS_WIDTH,
    OP_ACT,
    OP_AVGPOOL,
    OP_BATCHNORM,
    OP_CONV,
    OP_DENSE,
    OP_DROPOUT,
    OP_LAYERNORM,
    OP_MAXPOOL,
    OP_PRELU,
    OP_SOFTMAX,
    R_C0,
    R_C1,
    R_CODE,
    R_D,
    R_DX,
    R_DY,
    R_P0,
    R_P1,
    R_P2,
    R_P3,
    R_X,
    R_Y,
    ROW_WIDTH,
)
from layerlab.engine.kernels import activations as act
from layerlab.engine.kernels import conv, dense, norm, pool
from layerlab.engine.kernels import random as rnd
from layerlab.engine.kernels._jit import kernel
from layerlab.engine.kernels.cpu import flush_denormals
from layerlab.engine.kernels.losses import loss_forward_backward
from layerlab.engine.kernels.optimizers import optimizer_update

# Losses are reported as float32: one beyond its range is as infinite as the weights soon are.
F32_MAX = 3.4028234663852886e38


@kernel
def _t2(arena, off, rows, cols):
    return arena[off : off + rows * cols].reshape((rows, cols))


@kernel
def _t4(arena, off, n, h, w, c):
    return arena[off : off + n * h * w * c].reshape((n, h, w, c))


@kernel
def _conv_forward(r, P, A, n):
    d = R_D
    h, w, c, kh, kw, sh, sw, pt, pl, oh, ow, f, has_bias = r[d : d + 13]
    x = _t4(A, r[R_X], n, h, w, c)
    y = _t4(A, r[R_Y], n, oh, ow, f)
    cols = _t2(A, r[R_C0], n * oh * ow, kh * kw * c)
    wt = _t2(P, r[R_P0], kh * kw * c, f)
    b = P[r[R_P1] : r[R_P1] + f] if has_bias else P[0:1]
    conv.conv_forward(x, wt, b, has_bias, kh, kw, sh, sw, pt, pl, cols, y)


@kernel
def _conv_backward(r, P, G, A, dA, n):
    d = R_D
    h, w, c, kh, kw, sh, sw, pt, pl, oh, ow, f, has_bias = r[d : d + 13]
    need_dx = r[R_DX] >= 0
    dy = _t4(dA, r[R_DY], n, oh, ow, f)
    cols = _t2(A, r[R_C0], n * oh * ow, kh * kw * c)
    dcols = _t2(A, r[R_C1], n * oh * ow, kh * kw * c)
    dx = _t4(dA, max(r[R_DX], 0), n, h, w, c) if need_dx else _t4(A, r[R_X], n, h, w, c)
    wt = _t2(P, r[R_P0], kh * kw * c, f)
    dw = _t2(G, r[R_P0], kh * kw * c, f)
    db = G[r[R_P1] : r[R_P1] + f] if has_bias else G[0:1]
    conv.conv_backward(cols, wt, dy, has_bias, need_dx, kh, kw, sh, sw, pt, pl, dw, db, dcols, dx)


@kernel
def _pool(r, A, dA, n, is_max, backward):
    d = R_D
    h, w, c, kh, kw, sh, sw, pt, pl, oh, ow = r[d : d + 11]
    x = _t4(A, r[R_X], n, h, w, c)
    arg = _t4(A, r[R_C0], n, oh, ow, c) if is_max else x
    if not backward:
        y = _t4(A, r[R_Y], n, oh, ow, c)
        if is_max:
            pool.maxpool_forward(x, kh, kw, sh, sw, pt, pl, y, arg)
        else:
            pool.avgpool_forward(x, kh, kw, sh, sw, pt, pl, y)
        return
    dy = _t4(dA, r[R_DY], n, oh, ow, c)
    dx = _t4(dA, r[R_DX], n, h, w, c)
    if is_max:
        pool.maxpool_backward(arg, dy, dx)
    else:
        pool.avgpool_backward(dy, kh, kw, sh, sw, pt, pl, dx)


@kernel
def _batchnorm(r, fr, P, G, A, dA, n, training, backward):
    m, c = r[R_D], r[R_D + 1]
    rows = n * m
    x = _t2(A, r[R_X], rows, c)
    gamma = P[r[R_P0] : r[R_P0] + c]
    xhat = _t2(A, r[R_C0], rows, c)
    stats = _t2(A, r[R_C1], 2, c)
    if backward:
        if not training:
            norm.batchnorm_eval_xhat(x, stats, xhat)
        dgamma = G[r[R_P0] : r[R_P0] + c]
        dbeta = G[r[R_P1] : r[R_P1] + c]
        dx = _t2(dA, r[R_DX], rows, c)
        dy = _t2(dA, r[R_DY], rows, c)
        norm.batchnorm_backward(xhat, gamma, stats, dy, training, dgamma, dbeta, dx)
        return
    beta = P[r[R_P1] : r[R_P1] + c]
    rmean = P[r[R_P2] : r[R_P2] + c]
    rvar = P[r[R_P3] : r[R_P3] + c]
    y = _t2(A, r[R_Y], rows, c)
    if training:
        norm.batchnorm_train_forward(
            x, gamma, beta, fr[F_EPS], fr[F_MOMENTUM], rmean, rvar, xhat, stats, y
        )
    else:
        norm.batchnorm_eval_forward(x, gamma, beta, fr[F_EPS], rmean, rvar, stats, y)


@kernel
def _layernorm(r, fr, P, G, A, dA, n, backward):
    rows, k = n * r[R_D], r[R_D + 1]
    gamma = P[r[R_P0] : r[R_P0] + k]
    xhat = _t2(A, r[R_C0], rows, k)
    stats = _t2(A, r[R_C1], rows, 2)
    if backward:
        dgamma = G[r[R_P0] : r[R_P0] + k]
        dbeta = G[r[R_P1] : r[R_P1] + k]
        dx = _t2(dA, r[R_DX], rows, k)
        dy = _t2(dA, r[R_DY], rows, k)
        norm.layernorm_backward(xhat, gamma, stats, dy, dgamma, dbeta, dx)
        return
    beta = P[r[R_P1] : r[R_P1] + k]
    x = _t2(A, r[R_X], rows, k)
    y = _t2(A, r[R_Y], rows, k)
    norm.layernorm_forward(x, gamma, beta, fr[F_EPS], xhat, stats, y)


@kernel
def forward_op(r, fr, P, A, n, training, rng):
    """Run one op row forward on the first n samples."""
    code = r[R_CODE]
    if code == OP_DENSE:
        i, o, has_bias = r[R_D], r[R_D + 1], r[R_D + 2]
        b = P[r[R_P1] : r[R_P1] + o] if has_bias else P[0:1]
        x = _t2(A, r[R_X], n, i)
        y = _t2(A, r[R_Y], n, o)
        dense.dense_forward(x, _t2(P, r[R_P0], i, o), b, has_bias, y)
    elif code == OP_ACT:
        s = n * r[R_D]
        x = A[r[R_X] : r[R_X] + s]
        act.act_forward(r[R_D + 1], x, fr[F_ALPHA], fr[F_BETA], A[r[R_Y] : r[R_Y] + s])
    elif code == OP_SOFTMAX:
        rows, k = n * r[R_D], r[R_D + 1]
        act.softmax_forward(_t2(A, r[R_X], rows, k), _t2(A, r[R_Y], rows, k))
    elif code == OP_PRELU:
        rows, c = n * r[R_D], r[R_D + 1]
        alpha = P[r[R_P0] : r[R_P0] + c]
        act.prelu_forward(_t2(A, r[R_X], rows, c), alpha, _t2(A, r[R_Y], rows, c))
    elif code == OP_CONV:
        _conv_forward(r, P, A, n)
    elif code in (OP_MAXPOOL, OP_AVGPOOL):
        _pool(r, A, A, n, code == OP_MAXPOOL, False)
    elif code == OP_DROPOUT:
        s = n * r[R_D]
        x = A[r[R_X] : r[R_X] + s]
        mask = A[r[R_C0] : r[R_C0] + s]
        rnd.dropout_forward(x, fr[F_RATE], training, rng, mask, A[r[R_Y] : r[R_Y] + s])
    elif code == OP_BATCHNORM:
        _batchnorm(r, fr, P, P, A, A, n, training, False)
    elif code == OP_LAYERNORM:
        _layernorm(r, fr, P, P, A, A, n, False)


@kernel
def backward_op(r, fr, P, G, A, dA, n, training):
    """Run one op row backward: reads dy, writes parameter gradients and (if wanted) dx."""
    code = r[R_CODE]
    need_dx = r[R_DX] >= 0
    if code == OP_DENSE:
        i, o, has_bias = r[R_D], r[R_D + 1], r[R_D + 2]
        db = G[r[R_P1] : r[R_P1] + o] if has_bias else G[0:1]
        x = _t2(A, r[R_X], n, i)
        dy = _t2(dA, r[R_DY], n, o)
        dx = _t2(dA, r[R_DX], n, i) if need_dx else x
        w = _t2(P, r[R_P0], i, o)
        dense.dense_backward(x, w, dy, has_bias, need_dx, _t2(G, r[R_P0], i, o), db, dx)
    elif code == OP_CONV:
        _conv_backward(r, P, G, A, dA, n)
    elif code == OP_BATCHNORM:  # ops with parameters always get a dx slot from the planner
        _batchnorm(r, fr, P, G, A, dA, n, training, True)
    elif code == OP_LAYERNORM:
        _layernorm(r, fr, P, G, A, dA, n, True)
    elif code == OP_PRELU:
        rows, c = n * r[R_D], r[R_D + 1]
        alpha = P[r[R_P0] : r[R_P0] + c]
        dalpha = G[r[R_P0] : r[R_P0] + c]
        x = _t2(A, r[R_X], rows, c)
        dy = _t2(dA, r[R_DY], rows, c)
        act.prelu_backward(x, alpha, dy, dalpha, _t2(dA, r[R_DX], rows, c))
    elif not need_dx:
        return
    elif code == OP_ACT:
        s = n * r[R_D]
        x = A[r[R_X] : r[R_X] + s]
        y = A[r[R_Y] : r[R_Y] + s]
        dy = dA[r[R_DY] : r[R_DY] + s]
        act.act_backward(r[R_D + 1], x, y, dy, fr[F_ALPHA], fr[F_BETA], dA[r[R_DX] : r[R_DX] + s])
    elif code == OP_SOFTMAX:
        rows, k = n * r[R_D], r[R_D + 1]
        y = _t2(A, r[R_Y], rows, k)
        act.softmax_backward(y, _t2(dA, r[R_DY], rows, k), _t2(dA, r[R_DX], rows, k))
    elif code in (OP_MAXPOOL, OP_AVGPOOL):
        _pool(r, A, dA, n, code == OP_MAXPOOL, True)
    elif code == OP_DROPOUT:
        s = n * r[R_D]
        mask = A[r[R_C0] : r[R_C0] + s]
        rnd.dropout_backward(mask, dA[r[R_DY] : r[R_DY] + s], dA[r[R_DX] : r[R_DX] + s])


@kernel
def backward(ops, fops, P, G, A, dA, n, last, training):
    """Ops last..0 backward; dA must hold dLoss/d(output of op ``last``)."""
    for i in range(last, -1, -1):
        backward_op(ops[i], fops[i], P, G, A, dA, n, training)


@kernel
def loss_step(loss_row, A, dA, n, yi, yf, idx, use_yf):
    """Loss of the first n outputs against rows idx; writes dLoss/dz into dA."""
    k = loss_row[L_K]
    z = _t2(A, loss_row[L_Z], n, k)
    dz = _t2(dA, loss_row[L_DZ], n, k)
    return loss_forward_backward(loss_row[L_KIND], loss_row[L_FUSED], z, yi, yf, idx, use_yf, dz)


@kernel
def gather_rows(X, idx, A, off):
    """Copy rows idx of X (N, s) into the input tensor at A[off]."""
    s = X.shape[1]
    for r in range(idx.shape[0]):
        base = off + r * s
        src = X[idx[r]]
        for j in range(s):
            A[base + j] = src[j]


@kernel
def train_steps(
    ops,
    fops,
    loss_row,
    P,
    G,
    state,
    mask,
    work,
    A,
    dA,
    hyper,
    opt_kind,
    lrs,
    t0,
    X,
    yi,
    yf,
    use_yf,
    batches,
    in_off,
    rng,
    out_loss,
    out_correct,
    training,
):
    """Train on each row of batches (k, n) in turn; returns the steps completed.

    With opt_kind < 0 nothing is updated: one call then computes a batch's loss and gradients
    (``training`` False runs batch norm and dropout in evaluation mode).

    Stops early, without updating, at the first loss that is not finite in float32. Writes P, G,
    state, A, dA, out_loss (k,) and out_correct (k,).
    """
    flush_denormals()
    nt = G.shape[0]
    n = batches.shape[1]
    for s in range(batches.shape[0]):
        idx = batches[s]
        gather_rows(X, idx, A, in_off)
        for i in range(ops.shape[0]):
            forward_op(ops[i], fops[i], P, A, n, training, rng)
        loss, correct = loss_step(loss_row, A, dA, n, yi, yf, idx, use_yf)
        out_loss[s] = loss
        out_correct[s] = correct
        if not math.isfinite(loss) or abs(loss) > F32_MAX:
            return s
        backward(ops, fops, P, G, A, dA, n, loss_row[L_LAST], training)
        if opt_kind >= 0:
            optimizer_update(opt_kind, P[:nt], G, state, mask, lrs[s], t0 + s + 1, hyper, work)
    return batches.shape[0]


@kernel
def evaluate_rows(
    ops, fops, loss_row, P, A, dA, X, yi, yf, use_yf, idx, batch, in_off, rng, out, training
):
    """Forward pass over rows idx in batches; copies the network outputs to out (len(idx), k).

    Evaluation mode unless ``training`` (e.g. Monte-Carlo dropout).

    Returns (summed loss over samples, correct count).
    """
    flush_denormals()
    total = 0.0
    correct = 0
    k = loss_row[L_OUT_K]
    m = idx.shape[0]
    for start in range(0, m, batch):
        n = min(batch, m - start)
        rows = idx[start : start + n]
        gather_rows(X, rows, A, in_off)
        for i in range(ops.shape[0]):
            forward_op(ops[i], fops[i], P, A, n, training, rng)
        loss, c = loss_step(loss_row, A, dA, n, yi, yf, rows, use_yf)
        total += loss * n
        correct += c
        y = _t2(A, loss_row[L_OUT], n, k)
        for r in range(n):
            for j in range(k):
                out[start + r, j] = y[r, j]
    return total, correct

"""Loss surfaces: the loss of a network at many points theta0 + a*d1 + b*d2, one call per batch.

When the network's first op is affine in its own parameters (Dense, Conv2D) and reads the
input, its output at any point is z0 + a*z1 + b*z2, where z0, z1, z2 are that op's outputs for
theta0, d1 and d2 (biases included): computed once per grid, so each point runs the rest only.
"""

from __future__ import annotations

import math

from layerlab.engine.codes import L_K, L_KIND, L_Z, R_Y, SOFTMAX_CE
from layerlab.engine.kernels._jit import kernel
from layerlab.engine.kernels.cpu import flush_denormals
from layerlab.engine.kernels.program import forward_op, gather_rows, loss_step


@kernel
def set_point(theta, d1, d2, a, b, ranges, P):
    """P[s:e] = theta[s:e] + a*d1[s:e] + b*d2[s:e] per row (s, e) of ranges (k, 2) int64.

    theta, d1, d2, P: (n,) float32; writes P.
    """
    for r in range(ranges.shape[0]):
        for i in range(ranges[r, 0], ranges[r, 1]):
            P[i] = theta[i] + a * d1[i] + b * d2[i]


@kernel
def combine_affine(zz, start, n, a, b, A, off):
    """A[off : off + n*k] = zz[0] + a*zz[1] + b*zz[2] over rows start..start+n of zz (3, N, k)."""
    k = zz.shape[2]
    af = zz.dtype.type(a)  # float32 scalars keep the loop in float32 lanes
    bf = zz.dtype.type(b)
    for r in range(n):
        dst = A[off + r * k : off + (r + 1) * k]
        z0 = zz[0, start + r]
        z1 = zz[1, start + r]
        z2 = zz[2, start + r]
        for j in range(k):
            dst[j] = z0[j] + af * z1[j] + bf * z2[j]


@kernel
def softmax_ce_sum(A, off, n, k, yi, idx):
    """(summed cross-entropy of softmax(z) against labels yi[idx[r]], correct count).

    z: the (n, k) logits at A[off]. The loss alone, without the gradient that ``loss_step``
    also writes: a loss surface needs no gradient, and this is most of a small network's time.
    """
    total = 0.0
    correct = 0
    for r in range(n):
        z = A[off + r * k : off + (r + 1) * k]
        m = z[0]
        best = 0
        for j in range(1, k):
            if z[j] > m:
                m = z[j]
                best = j
        s = z[0] - z[0]  # a float32 zero
        for j in range(k):
            s += math.exp(z[j] - m)
        label = yi[idx[r]]
        total += math.log(s) + m - z[label]
        correct += best == label
    return total, correct


@kernel
def affine_outputs(ops, fops, theta, d1, d2, A, X, rows, batch, in_off, rng, zz):
    """zz[v] = op 0's outputs on X (N, s) with the parameters theta, d1, d2 (v = 0, 1, 2).

    zz: (3, N, k) float32; writes A and zz.
    """
    m = rows.shape[0]
    k = zz.shape[2]
    off = ops[0, R_Y]
    for v in range(3):
        p = theta if v == 0 else (d1 if v == 1 else d2)
        for start in range(0, m, batch):
            n = min(batch, m - start)
            gather_rows(X, rows[start : start + n], A, in_off)
            forward_op(ops[0], fops[0], p, A, n, False, rng)
            for r in range(n):
                for j in range(k):
                    zz[v, start + r, j] = A[off + r * k + j]


@kernel
def grid_losses(ops, fops, loss_row, P, A, dA, theta, d1, d2, ranges, zz, first, prepare, X, yi,
                yf, use_yf, rows, batch, in_off, rng, coords, out):  # fmt: skip
    """Eval-mode mean loss and accuracy at theta + a*d1 + b*d2 for each row (a, b) of coords.

    coords: (m, 2) float64; rows: (N,) int64 sample indices 0..N-1; out: (m, 2) float64
    (loss, accuracy). ranges (k, 2) lists the slices of P that move. first = 1: zz (3, N, k)
    holds op 0's outputs for theta, d1, d2 (filled first when ``prepare``) and ops run from 1;
    first = 0: inputs are gathered from X (N, s) and every op runs (zz unused).
    Writes P, A, dA, out (and zz).
    """
    flush_denormals()
    if first == 1 and prepare:
        affine_outputs(ops, fops, theta, d1, d2, A, X, rows, batch, in_off, rng, zz)
    m = rows.shape[0]
    # Softmax cross-entropy always reads logits at L_Z, fused with a softmax op or not.
    quick_ce = loss_row[L_KIND] == SOFTMAX_CE and loss_row[L_K] > 1 and not use_yf
    for p in range(coords.shape[0]):
        a = coords[p, 0]
        b = coords[p, 1]
        set_point(theta, d1, d2, a, b, ranges, P)
        total = 0.0
        correct = 0
        for start in range(0, m, batch):
            n = min(batch, m - start)
            idx = rows[start : start + n]
            if first == 1:
                combine_affine(zz, start, n, a, b, A, ops[0, R_Y])
            else:
                gather_rows(X, idx, A, in_off)
            for i in range(first, ops.shape[0]):
                forward_op(ops[i], fops[i], P, A, n, False, rng)
            if quick_ce:
                loss, c = softmax_ce_sum(A, loss_row[L_Z], n, loss_row[L_K], yi, idx)
            else:
                loss, c = loss_step(loss_row, A, dA, n, yi, yf, idx, use_yf)
                loss *= n
            total += loss
            correct += c
        out[p, 0] = total / max(m, 1)
        out[p, 1] = correct / max(m, 1)

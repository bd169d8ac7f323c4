"""kernels/conv.py (im2col + sgemm convolution) against the float64 references."""

import numpy as np
import pytest

from layerlab.engine.kernels import conv as k

from .. import reference as ref

# (n, h, w, c, (kh, kw), (sh, sw), padding, filters)
CASES = [
    (2, 5, 5, 1, (3, 3), (1, 1), "valid", 2),
    (2, 6, 7, 3, (3, 2), (2, 1), "same", 4),
    (3, 6, 6, 2, (3, 3), (2, 2), "same", 3),  # odd total padding: the extra row goes below
    (2, 4, 5, 2, (2, 2), (1, 1), 1, 3),
    (1, 8, 8, 3, (5, 5), (3, 3), 2, 2),
    (2, 9, 7, 2, (4, 3), (2, 3), "valid", 5),
    (4, 1, 1, 4, (1, 1), (1, 1), "valid", 3),
    (2, 3, 3, 1, (3, 3), (1, 1), "same", 1),
]
IDS = [f"{h}x{w}x{c}-k{kk[0]}{kk[1]}-s{s[0]}{s[1]}-{p}" for _, h, w, c, kk, s, p, _ in CASES]


def _geometry(h, w, kk, s, padding):
    pt, pb = ref.padding_amounts(h, kk[0], s[0], padding)
    pl, pr = ref.padding_amounts(w, kk[1], s[1], padding)
    return pt, pl, (h + pt + pb - kk[0]) // s[0] + 1, (w + pl + pr - kk[1]) // s[1] + 1


def _problem(case, seed=0):
    n, h, w, c, kk, s, padding, f = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, h, w, c)).astype(np.float32)
    wt = rng.standard_normal((*kk, c, f)).astype(np.float32)
    b = rng.standard_normal(f).astype(np.float32)
    return x, wt, b, _geometry(h, w, kk, s, padding)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_conv_forward_matches_reference(case):
    n, h, w, c, kk, s, padding, f = case
    x, wt, b, (pt, pl, oh, ow) = _problem(case)
    cols = np.zeros((n * oh * ow, kk[0] * kk[1] * c), np.float32)
    y = np.full((n, oh, ow, f), np.nan, np.float32)
    k.conv_forward(x, wt.reshape(-1, f), b, True, *kk, *s, pt, pl, cols, y)
    assert ref.rel_err(y, ref.conv2d(x, wt, b, s, padding)) < 1e-5


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_conv_backward_matches_reference(case):
    n, h, w, c, kk, s, padding, f = case
    x, wt, b, (pt, pl, oh, ow) = _problem(case, seed=1)
    dy = np.random.default_rng(2).standard_normal((n, oh, ow, f)).astype(np.float32)
    cols = np.zeros((n * oh * ow, kk[0] * kk[1] * c), np.float32)
    y = np.empty((n, oh, ow, f), np.float32)
    w2 = wt.reshape(-1, f)
    k.conv_forward(x, w2, b, True, *kk, *s, pt, pl, cols, y)
    dw = np.full_like(w2, np.nan)
    db = np.full(f, np.nan, np.float32)
    dcols = np.full_like(cols, np.nan)
    dx = np.full_like(x, np.nan)
    k.conv_backward(cols, w2, dy, True, True, *kk, *s, pt, pl, dw, db, dcols, dx)
    rdx, rdw, rdb = ref.conv2d_backward(x, wt, dy, s, padding)
    assert ref.rel_err(dx, rdx) < 1e-5
    assert ref.rel_err(dw.reshape(wt.shape), rdw) < 1e-5
    assert ref.rel_err(db, rdb) < 1e-5


def test_conv_without_bias_or_dx_writes_only_dw():
    case = CASES[1]
    n, h, w, c, kk, s, padding, f = case
    x, wt, _, (pt, pl, oh, ow) = _problem(case)
    cols = np.zeros((n * oh * ow, kk[0] * kk[1] * c), np.float32)
    y = np.empty((n, oh, ow, f), np.float32)
    w2 = wt.reshape(-1, f)
    k.conv_forward(x, w2, np.zeros(1, np.float32), False, *kk, *s, pt, pl, cols, y)
    assert ref.rel_err(y, ref.conv2d(x, wt, None, s, padding)) < 1e-5
    dy = np.ones_like(y)
    dw, db = np.zeros_like(w2), np.full(1, 5.0, np.float32)
    dcols, dx = np.zeros_like(cols), np.full_like(x, 5.0)
    k.conv_backward(cols, w2, dy, False, False, *kk, *s, pt, pl, dw, db, dcols, dx)
    assert ref.rel_err(dw.reshape(wt.shape), ref.conv2d_backward(x, wt, dy, s, padding)[1]) < 1e-5
    assert db[0] == 5.0
    assert (dx == 5.0).all()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_im2col_rows_are_the_zero_padded_windows(case):
    n, h, w, c, kk, s, padding, f = case
    x, _, _, (pt, pl, oh, ow) = _problem(case)
    cols = np.full((n * oh * ow, kk[0] * kk[1] * c), np.nan, np.float32)
    k.im2col(x, *kk, *s, pt, pl, oh, ow, cols)
    pb = (oh - 1) * s[0] + kk[0] - h - pt
    pr = (ow - 1) * s[1] + kk[1] - w - pl
    xp = np.pad(x, ((0, 0), (pt, max(pb, 0)), (pl, max(pr, 0)), (0, 0)))
    expected = [
        xp[b, i * s[0] : i * s[0] + kk[0], j * s[1] : j * s[1] + kk[1], :].ravel()
        for b in range(n)
        for i in range(oh)
        for j in range(ow)
    ]
    np.testing.assert_array_equal(cols, np.array(expected))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_col2im_is_the_adjoint_of_im2col(case):
    """<im2col(x), d> == <x, col2im(d)> for any x and d: col2im sums overlaps exactly once."""
    n, h, w, c, kk, s, padding, f = case
    x, _, _, (pt, pl, oh, ow) = _problem(case)
    d = np.random.default_rng(5).standard_normal((n * oh * ow, kk[0] * kk[1] * c))
    d = d.astype(np.float32)
    cols = np.empty_like(d)
    k.im2col(x, *kk, *s, pt, pl, oh, ow, cols)
    dx = np.full_like(x, np.nan)
    k.col2im(d, *kk, *s, pt, pl, oh, ow, dx)
    lhs = float(np.sum(cols.astype(np.float64) * d))
    rhs = float(np.sum(x.astype(np.float64) * dx))
    assert lhs == pytest.approx(rhs, rel=1e-5, abs=1e-4)

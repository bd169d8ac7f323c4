"""kernels/pool.py (max and average pooling) against the float64 references."""

import numpy as np
import pytest

from layerlab.engine.kernels import pool as k

from .. import reference as ref

# (n, h, w, c, (kh, kw), (sh, sw), padding)
CASES = [
    (2, 4, 4, 3, (2, 2), (2, 2), "valid"),
    (2, 5, 5, 2, (2, 2), (2, 2), "valid"),  # the last row and column are never read
    (1, 5, 6, 3, (3, 3), (2, 2), "same"),
    (2, 4, 4, 1, (2, 2), (1, 1), "same"),  # padding only below and right
    (2, 5, 5, 2, (3, 3), (1, 1), 1),  # overlapping windows
    (3, 6, 7, 2, (2, 3), (1, 2), "valid"),
    (1, 7, 7, 4, (3, 3), (3, 3), 1),
]
IDS = [f"{h}x{w}x{c}-k{kk[0]}{kk[1]}-s{s[0]}{s[1]}-{p}" for _, h, w, c, kk, s, p in CASES]


def _setup(case, seed=0):
    n, h, w, c, kk, s, padding = case
    pt, pb = ref.padding_amounts(h, kk[0], s[0], padding)
    pl, pr = ref.padding_amounts(w, kk[1], s[1], padding)
    oh = (h + pt + pb - kk[0]) // s[0] + 1
    ow = (w + pl + pr - kk[1]) // s[1] + 1
    rng = np.random.default_rng(seed)
    x = rng.permutation(n * h * w * c).reshape(n, h, w, c).astype(np.float32) - 50.0  # no ties
    dy = rng.standard_normal((n, oh, ow, c)).astype(np.float32)
    return x, dy, pt, pl, oh, ow


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_maxpool_forward_matches_reference_values_and_winners(case):
    n, h, w, c, kk, s, padding = case
    x, _, pt, pl, oh, ow = _setup(case)
    y = np.full((n, oh, ow, c), np.nan, np.float32)
    arg = np.full_like(y, np.nan)
    k.maxpool_forward(x, *kk, *s, pt, pl, y, arg)
    ry, rarg = ref.maxpool2d(x, kk, s, padding)
    np.testing.assert_array_equal(y, ry)
    np.testing.assert_array_equal(arg, rarg)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_maxpool_backward_routes_gradients_to_the_winners(case):
    n, h, w, c, kk, s, padding = case
    x, dy, pt, pl, oh, ow = _setup(case, seed=1)
    y, arg = np.empty_like(dy), np.empty_like(dy)
    k.maxpool_forward(x, *kk, *s, pt, pl, y, arg)
    dx = np.full_like(x, np.nan)
    k.maxpool_backward(arg, dy, dx)
    np.testing.assert_allclose(dx, ref.maxpool2d_backward(x, dy, kk, s, padding), atol=1e-6)


def test_maxpool_padding_never_wins_over_negative_values():
    x = -np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1)
    y, arg = np.empty((1, 3, 3, 1), np.float32), np.empty((1, 3, 3, 1), np.float32)
    k.maxpool_forward(x, 3, 3, 1, 1, 1, 1, y, arg)
    np.testing.assert_array_equal(y[0, :, :, 0], [[-1, -1, -2], [-1, -1, -2], [-4, -4, -5]])


def test_maxpool_with_ties_sends_each_gradient_to_exactly_one_cell():
    x = np.ones((1, 4, 4, 2), np.float32)
    y, arg = np.empty((1, 2, 2, 2), np.float32), np.empty((1, 2, 2, 2), np.float32)
    k.maxpool_forward(x, 2, 2, 2, 2, 0, 0, y, arg)
    dx = np.empty_like(x)
    k.maxpool_backward(arg, np.full_like(y, 3.0), dx)
    for i in range(2):
        for j in range(2):
            window = dx[0, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2, :].reshape(4, 2)
            np.testing.assert_array_equal(np.sort(window, axis=0), [[0, 0], [0, 0], [0, 0], [3, 3]])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_avgpool_forward_matches_reference(case):
    n, h, w, c, kk, s, padding = case
    x, _, pt, pl, oh, ow = _setup(case)
    x = np.random.default_rng(3).standard_normal(x.shape).astype(np.float32)
    y = np.full((n, oh, ow, c), np.nan, np.float32)
    k.avgpool_forward(x, *kk, *s, pt, pl, y)
    np.testing.assert_allclose(y, ref.avgpool2d(x, kk, s, padding), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_avgpool_backward_matches_reference(case):
    n, h, w, c, kk, s, padding = case
    x, dy, pt, pl, oh, ow = _setup(case, seed=2)
    dx = np.full_like(x, np.nan)
    k.avgpool_backward(dy, *kk, *s, pt, pl, dx)
    np.testing.assert_allclose(
        dx, ref.avgpool2d_backward(x, dy, kk, s, padding), rtol=1e-5, atol=1e-6
    )


def test_avgpool_counts_padding_as_zeros():
    x = np.ones((1, 2, 2, 1), np.float32)
    y = np.empty((1, 2, 2, 1), np.float32)
    k.avgpool_forward(x, 2, 2, 1, 1, 0, 0, y)  # 'same': one padded row and column
    np.testing.assert_allclose(y[0, :, :, 0], [[1.0, 0.5], [0.5, 0.25]])

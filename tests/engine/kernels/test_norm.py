"""kernels/norm.py (batch and layer normalisation) against the float64 references."""

import numpy as np
import pytest

from layerlab.engine.kernels import norm as k

from .. import reference as ref

EPS = 1e-5


def _data(rows, c, seed=0, offset=3.0):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((rows, c)) * rng.uniform(0.5, 4, c) + offset).astype(np.float32)
    gamma = rng.uniform(0.5, 2.0, c).astype(np.float32)
    beta = rng.standard_normal(c).astype(np.float32)
    dy = rng.standard_normal((rows, c)).astype(np.float32)
    return x, gamma, beta, dy


def _train_forward(x, gamma, beta, momentum=0.1, run_mean=None, run_var=None):
    rows, c = x.shape
    rm = np.zeros(c, np.float32) if run_mean is None else run_mean.copy()
    rv = np.ones(c, np.float32) if run_var is None else run_var.copy()
    xhat, stats, y = np.empty_like(x), np.empty((2, c), np.float32), np.empty_like(x)
    k.batchnorm_train_forward(x, gamma, beta, EPS, momentum, rm, rv, xhat, stats, y)
    return y, rm, rv, xhat, stats


@pytest.mark.parametrize(("rows", "c"), [(2, 1), (16, 5), (4096, 3)])
def test_batchnorm_train_forward_matches_reference_and_updates_running_stats(rows, c):
    x, gamma, beta, _ = _data(rows, c)
    rm0 = np.linspace(-1, 1, c).astype(np.float32)
    rv0 = np.linspace(0.5, 2, c).astype(np.float32)
    y, rm, rv, xhat, stats = _train_forward(x, gamma, beta, 0.1, rm0, rv0)
    ry, rrm, rrv = ref.batchnorm_train(x, gamma, beta, EPS, 0.1, rm0, rv0)
    tol = 1e-5 if rows < 1000 else 1e-4  # long sums
    assert ref.rel_err(y, ry) < tol
    np.testing.assert_allclose(rm, rrm, rtol=tol, atol=1e-6)
    np.testing.assert_allclose(rv, rrv, rtol=tol)
    np.testing.assert_allclose(stats[0], x.astype(np.float64).mean(axis=0), rtol=tol)
    np.testing.assert_allclose(
        stats[1], 1 / np.sqrt(x.astype(np.float64).var(axis=0) + EPS), rtol=tol
    )
    assert ref.rel_err(xhat, (ry - beta) / gamma) < tol


def test_batchnorm_running_variance_is_unbiased_pytorch_style():
    x = np.array([[1.0], [3.0]], np.float32)  # batch var 1, unbiased var 2
    _, rm, rv, _, _ = _train_forward(x, np.ones(1, np.float32), np.zeros(1, np.float32), 0.1)
    assert rm[0] == pytest.approx(0.9 * 0 + 0.1 * 2.0)
    assert rv[0] == pytest.approx(0.9 * 1 + 0.1 * 2.0)


def test_batchnorm_eval_forward_uses_running_statistics():
    x, gamma, beta, _ = _data(7, 4, seed=1)
    rm = np.array([0.5, -1, 2, 0], np.float32)
    rv = np.array([1, 4, 0.25, 9], np.float32)
    stats, y = np.empty((2, 4), np.float32), np.full_like(x, np.nan)
    k.batchnorm_eval_forward(x, gamma, beta, EPS, rm, rv, stats, y)
    np.testing.assert_allclose(y, ref.batchnorm_eval(x, gamma, beta, EPS, rm, rv), rtol=1e-5)


# Two rows would leave dx ~ 0 (all cancellation); three is the smallest meaningful batch.
@pytest.mark.parametrize(("rows", "c"), [(3, 1), (16, 5), (4096, 3)])
def test_batchnorm_train_backward_matches_reference(rows, c):
    x, gamma, beta, dy = _data(rows, c, seed=2)
    _, _, _, xhat, stats = _train_forward(x, gamma, beta)
    dg, db, dx = np.empty(c, np.float32), np.empty(c, np.float32), np.full_like(x, np.nan)
    k.batchnorm_backward(xhat, gamma, stats, dy, True, dg, db, dx)
    rdx, rdg, rdb = ref.batchnorm_train_backward(x, gamma, EPS, dy)
    tol = 1e-4 if rows < 1000 else 1e-3  # dx is a small difference of sums
    assert ref.rel_err(dx, rdx) < tol
    assert ref.rel_err(dg, rdg) < tol
    assert ref.rel_err(db, rdb) < 1e-5


def test_batchnorm_eval_backward_treats_statistics_as_constants():
    x, gamma, beta, dy = _data(6, 3, seed=3)
    rm, rv = np.array([1, 2, 3], np.float32), np.array([2, 3, 4], np.float32)
    stats, y = np.empty((2, 3), np.float32), np.empty_like(x)
    k.batchnorm_eval_forward(x, gamma, beta, EPS, rm, rv, stats, y)
    xhat = np.full_like(x, np.nan)
    k.batchnorm_eval_xhat(x, stats, xhat)
    dg, db, dx = np.empty(3, np.float32), np.empty(3, np.float32), np.empty_like(x)
    k.batchnorm_backward(xhat, gamma, stats, dy, False, dg, db, dx)
    inv = 1 / np.sqrt(rv.astype(np.float64) + EPS)
    np.testing.assert_allclose(dx, dy * gamma * inv, rtol=1e-5)
    np.testing.assert_allclose(dg, (dy * (x - rm) * inv).sum(axis=0), rtol=1e-5)
    np.testing.assert_allclose(db, dy.astype(np.float64).sum(axis=0), rtol=1e-5)


@pytest.mark.parametrize(("rows", "k_"), [(1, 3), (6, 5), (3, 300)])
def test_layernorm_forward_and_backward_match_reference(rows, k_):
    x, _, _, dy = _data(rows, k_, seed=4)
    rng = np.random.default_rng(5)
    gamma = rng.uniform(0.5, 2, k_).astype(np.float32)
    beta = rng.standard_normal(k_).astype(np.float32)
    xhat, stats, y = np.empty_like(x), np.empty((rows, 2), np.float32), np.full_like(x, np.nan)
    k.layernorm_forward(x, gamma, beta, EPS, xhat, stats, y)
    assert ref.rel_err(y, ref.layernorm(x, gamma, beta, EPS)) < 1e-5
    np.testing.assert_allclose(stats[:, 0], x.astype(np.float64).mean(axis=1), rtol=1e-5)
    dg, db, dx = np.empty(k_, np.float32), np.empty(k_, np.float32), np.full_like(x, np.nan)
    k.layernorm_backward(xhat, gamma, stats, dy, dg, db, dx)
    rdx, rdg, rdb = ref.layernorm_backward(x, gamma, EPS, dy)
    assert ref.rel_err(dx, rdx) < 1e-4
    assert ref.rel_err(dg, rdg) < 1e-5
    assert ref.rel_err(db, rdb) < 1e-5


def test_reference_layernorm_backward_agrees_with_finite_differences():
    """The reference itself is checked, so the kernel is not compared with a wrong formula."""
    rng = np.random.default_rng(6)
    x, gamma, dy = rng.standard_normal((2, 4)), rng.uniform(0.5, 2, 4), rng.standard_normal((2, 4))
    fd = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += 1e-6
        xm[idx] -= 1e-6
        loss = (ref.layernorm(xp, gamma, 0, EPS) - ref.layernorm(xm, gamma, 0, EPS)) * dy
        fd[idx] = loss.sum() / 2e-6
    assert ref.rel_err(ref.layernorm_backward(x, gamma, EPS, dy)[0], fd) < 1e-7

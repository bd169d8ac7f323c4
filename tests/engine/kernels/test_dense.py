"""kernels/dense.py against the float64 references."""

import numpy as np
import pytest

from layerlab.engine.kernels import dense as k

from .. import reference as ref

RTOL = 1e-5


def _rand(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


@pytest.mark.parametrize("has_bias", [True, False])
@pytest.mark.parametrize(("n", "i", "o"), [(1, 1, 1), (5, 7, 3), (16, 33, 10)])
def test_dense_forward_matches_reference(n, i, o, has_bias):
    rng = np.random.default_rng(n * 100 + i)
    x, w, b = _rand(rng, n, i), _rand(rng, i, o), _rand(rng, o)
    y = np.full((n, o), np.nan, np.float32)
    k.dense_forward(x, w, b, has_bias, y)
    expected = ref.dense(x, w, b if has_bias else None)
    assert ref.rel_err(y, expected) < RTOL


@pytest.mark.parametrize("need_dx", [True, False])
def test_dense_backward_matches_reference(need_dx):
    rng = np.random.default_rng(1)
    x, w, dy = _rand(rng, 6, 9), _rand(rng, 9, 4), _rand(rng, 6, 4)
    dw, db = np.full((9, 4), np.nan, np.float32), np.full(4, np.nan, np.float32)
    dx = np.full((6, 9), 7.0, np.float32)
    k.dense_backward(x, w, dy, True, need_dx, dw, db, dx)
    rdx, rdw, rdb = ref.dense_backward(x, w, dy)
    assert ref.rel_err(dw, rdw) < RTOL
    assert ref.rel_err(db, rdb) < RTOL
    if need_dx:
        assert ref.rel_err(dx, rdx) < RTOL
    else:
        assert (dx == 7.0).all()  # left untouched


def test_dense_backward_without_bias_leaves_db_alone():
    rng = np.random.default_rng(2)
    x, w, dy = _rand(rng, 3, 2), _rand(rng, 2, 5), _rand(rng, 3, 5)
    dw, db, dx = np.zeros((2, 5), np.float32), np.full(1, 3.0, np.float32), np.zeros_like(x)
    k.dense_backward(x, w, dy, False, True, dw, db, dx)
    assert db[0] == 3.0
    assert ref.rel_err(dw, x.astype(np.float64).T @ dy) < RTOL


def test_add_bias_and_column_sums_are_exact_on_small_integers():
    y = np.arange(6, dtype=np.float32).reshape(2, 3)
    k.add_bias(y, np.array([10, 20, 30], np.float32))
    np.testing.assert_array_equal(y, [[10, 21, 32], [13, 24, 35]])
    db = np.full(3, np.nan, np.float32)
    k.column_sums(y, db)
    np.testing.assert_array_equal(db, [23, 45, 67])

"""kernels/random.py: the xorshift64* stream and inverted dropout."""

import numpy as np
import pytest

from layerlab.engine.kernels import random as k

from .. import reference as ref

SEED = 0x9E3779B97F4A7C15 ^ 1


def test_next_uniform_follows_xorshift64_star():
    state = np.array([SEED], np.uint64)
    got = [k.next_uniform(state) for _ in range(50)]
    expected, final = ref.xorshift_uniforms(SEED, 50)
    assert got == expected
    assert int(state[0]) == final


def test_next_uniform_is_uniform_on_the_unit_interval():
    state = np.array([12345], np.uint64)
    u = np.array([k.next_uniform(state) for _ in range(20000)])
    assert u.min() >= 0.0 and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.01
    assert abs(u.var() - 1 / 12) < 0.005
    assert np.histogram(u, bins=10, range=(0, 1))[0].min() > 1800


@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_dropout_forward_masks_and_scales_like_the_reference_stream(p):
    x = np.random.default_rng(0).standard_normal(4000).astype(np.float32)
    state = np.array([SEED], np.uint64)
    mask, y = np.full_like(x, np.nan), np.full_like(x, np.nan)
    k.dropout_forward(x, p, True, state, mask, y)
    draws, _ = ref.xorshift_uniforms(SEED, x.size)
    expected = np.where(np.array(draws) >= p, 1 / (1 - p), 0.0)
    np.testing.assert_allclose(mask, expected, rtol=1e-7)
    np.testing.assert_allclose(y, x * expected, rtol=1e-6)
    assert abs((mask == 0).mean() - p) < 0.03


def test_dropout_is_identity_when_evaluating_or_at_rate_zero():
    x = np.arange(10, dtype=np.float32)
    for p, training in [(0.5, False), (0.0, True)]:
        state = np.array([SEED], np.uint64)
        mask, y = np.zeros_like(x), np.zeros_like(x)
        k.dropout_forward(x, p, training, state, mask, y)
        np.testing.assert_array_equal(y, x)
        np.testing.assert_array_equal(mask, np.ones_like(x))
        assert int(state[0]) == SEED  # no draws consumed


def test_dropout_backward_multiplies_by_the_mask():
    mask = np.array([0.0, 2.0, 2.0, 0.0], np.float32)
    dy = np.array([1.0, 2.0, 3.0, 4.0], np.float32)
    dx = np.full_like(dy, np.nan)
    k.dropout_backward(mask, dy, dx)
    np.testing.assert_array_equal(dx, [0.0, 4.0, 6.0, 0.0])

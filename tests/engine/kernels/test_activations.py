"""kernels/activations.py against the float64 references."""

import numpy as np
import pytest

from layerlab.engine.kernels import activations as k
from layerlab.engine.layers.activation import ACTIVATIONS

from .. import reference as ref

CODES = {fn: ACTIVATIONS[fn] for fn in ref.ACTIVATION_FNS}
# alpha/beta as the layers pass them (alpha = the default for leaky_relu/elu).
PARAMS = [(fn, ref.DEFAULT_ALPHA.get(fn, 0.0), 1.0) for fn in ref.ACTIVATION_FNS] + [
    ("leaky_relu", 0.2, 1.0),
    ("elu", 0.5, 1.0),
    ("silu", 0.0, 2.0),
]


def _inputs():
    rng = np.random.default_rng(0)
    extremes = [-100.0, -30.0, -6.0, -1e-3, 0.0, 1e-3, 6.0, 30.0, 100.0]
    return np.concatenate([rng.uniform(-5, 5, 200), extremes]).astype(np.float32)


@pytest.mark.parametrize(("fn", "alpha", "beta"), PARAMS)
def test_activation_forward_matches_reference(fn, alpha, beta):
    x = _inputs()
    y = np.full_like(x, np.nan)
    k.act_forward(CODES[fn], x, alpha, beta, y)
    np.testing.assert_allclose(y, ref.activation(fn, x, alpha, beta), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("fn", "alpha", "beta"), PARAMS)
def test_activation_backward_matches_reference_derivative(fn, alpha, beta):
    x = _inputs()
    dy = np.random.default_rng(1).standard_normal(x.size).astype(np.float32)
    y = np.empty_like(x)
    k.act_forward(CODES[fn], x, alpha, beta, y)
    dx = np.full_like(x, np.nan)
    k.act_backward(CODES[fn], x, y, dy, alpha, beta, dx)
    expected = dy * ref.activation_derivative(fn, x, alpha, beta)
    np.testing.assert_allclose(dx, expected, rtol=1e-5, atol=1e-6)


def test_step_backward_is_straight_through():
    x = np.array([-2.0, -0.5, 0.5, 2.0], np.float32)
    y, dx = np.empty_like(x), np.empty_like(x)
    dy = np.array([1.0, -2.0, 3.0, -4.0], np.float32)
    k.act_forward(k.STEP, x, 0.0, 1.0, y)
    k.act_backward(k.STEP, x, y, dy, 0.0, 1.0, dx)
    np.testing.assert_array_equal(y, [0, 0, 1, 1])
    np.testing.assert_array_equal(dx, dy)


def test_swish_and_silu_share_a_kernel_code():
    assert ACTIVATIONS["swish"] == ACTIVATIONS["silu"] == k.SILU


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (7, 10)])
def test_softmax_forward_matches_reference(shape):
    x = np.random.default_rng(2).normal(0, 3, shape).astype(np.float32)
    y = np.full_like(x, np.nan)
    k.softmax_forward(x, y)
    np.testing.assert_allclose(y, ref.softmax(x), rtol=1e-5, atol=1e-7)


def test_softmax_forward_is_stable_for_huge_logits():
    x = np.array([[1000.0, 999.0, -1000.0], [-1e4, -1e4, -1e4]], np.float32)
    y = np.empty_like(x)
    k.softmax_forward(x, y)
    assert np.isfinite(y).all()
    np.testing.assert_allclose(y, ref.softmax(x), rtol=1e-5, atol=1e-7)


def test_softmax_backward_matches_jacobian_reference():
    rng = np.random.default_rng(3)
    x, dy = rng.standard_normal((4, 6)).astype(np.float32), rng.standard_normal((4, 6))
    y = np.empty_like(x)
    k.softmax_forward(x, y)
    dy = dy.astype(np.float32)
    dx = np.full_like(x, np.nan)
    k.softmax_backward(y, dy, dx)
    assert ref.rel_err(dx, ref.softmax_backward(ref.softmax(x), dy)) < 1e-5


def test_prelu_forward_and_backward_match_reference():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((9, 4)).astype(np.float32)
    alpha = np.array([0.25, -0.1, 0.0, 1.5], np.float32)
    dy = rng.standard_normal((9, 4)).astype(np.float32)
    y = np.full_like(x, np.nan)
    k.prelu_forward(x, alpha, y)
    np.testing.assert_allclose(y, ref.prelu(x, alpha), rtol=1e-6)
    dx, dalpha = np.full_like(x, np.nan), np.full(4, np.nan, np.float32)
    k.prelu_backward(x, alpha, dy, dalpha, dx)
    rdx, rdalpha = ref.prelu_backward(x, alpha, dy)
    np.testing.assert_allclose(dx, rdx, rtol=1e-6)
    np.testing.assert_allclose(dalpha, rdalpha, rtol=1e-5, atol=1e-6)

"""kernels/optimizers.py: every update rule with L2, L1, clipping against the reference."""

import numpy as np
import pytest

from layerlab.engine.kernels import optimizers as k
from layerlab.engine.optimizers import KINDS, defaults, parse_optimizer

from .. import reference as ref

N = 40
VARIANTS = {
    "plain": {},
    "l2": {"l2": 0.1},
    "l1": {"l1": 0.5},
    "clip_norm": {"clip_norm": 0.5},
    "clip_value": {"clip_value": 0.05},
    "all": {"l2": 0.05, "l1": 1.0, "clip_norm": 1.0, "clip_value": 0.2},
}


def _setup(seed=0):
    rng = np.random.default_rng(seed)
    p = rng.standard_normal(N).astype(np.float32)
    p[1::5] *= 0.01  # small weights that L1 can zero
    grads = [rng.normal(0, 0.3, N).astype(np.float32) for _ in range(3)]
    mask = np.ones(N, np.float32)
    mask[::4] = 0.0  # biases: no decay
    return p, grads, mask


def _hyper(kind, extra):
    settings = {**defaults(kind), **extra}
    settings.pop("lr")
    return settings, parse_optimizer({"kind": kind, **extra}).hyper()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("kind", KINDS)
def test_three_updates_match_the_reference(kind, variant):
    lr = 0.05 if kind != "adadelta" else 1.0
    settings, hyper = _hyper(kind, VARIANTS[variant])
    p, grads, mask = _setup()
    state = np.zeros((2, N), np.float32)
    work = np.zeros(N, np.float32)
    expected, ref_state = p.astype(np.float64), {}
    for t, g in enumerate(grads, start=1):
        k.optimizer_update(KINDS[kind], p, g, state, mask, lr, t, hyper, work)
        expected = ref.optimizer_step(kind, expected, g, ref_state, lr, t, mask, **settings)
        np.testing.assert_allclose(p, expected, rtol=2e-5, atol=2e-6)
    if variant in ("l1", "all"):
        assert np.count_nonzero(p == 0.0) > 0
        np.testing.assert_array_equal(p == 0.0, np.abs(expected) < 1e-7)


def test_l1_proximal_gives_exact_zeros_and_shrinks_the_rest():
    p = np.array([0.3, -0.3, 0.05, -0.05, 0.0625, 2.0], np.float32)
    mask = np.array([1, 1, 1, 1, 1, 0], np.float32)
    k.l1_proximal(p, mask, 0.0625)
    np.testing.assert_allclose(p, [0.2375, -0.2375, 0.0, 0.0, 0.0, 2.0], atol=1e-7)
    assert (p[2:5] == 0.0).all()


def test_grad_scale_clips_the_global_norm_only_above_the_limit():
    g = np.array([3.0, 4.0], np.float32)  # norm 5
    assert k.grad_scale(g, 1.0) == pytest.approx(1.0 / (5.0 + 1e-6))
    assert k.grad_scale(g, 10.0) == 1.0
    assert k.grad_scale(g, 0.0) == 1.0


def test_sgd_with_clip_norm_moves_by_at_most_lr_times_the_limit():
    p = np.zeros(2, np.float32)
    g = np.array([30.0, 40.0], np.float32)
    _, hyper = _hyper("sgd", {"clip_norm": 1.0})
    k.optimizer_update(k.SGD, p, g, np.zeros((2, 2), np.float32), np.ones(2, np.float32), 0.1,
                       1, hyper, np.zeros(2, np.float32))  # fmt: skip
    np.testing.assert_allclose(p, [-0.06, -0.08], rtol=1e-5)


def test_adam_first_step_moves_every_weight_by_lr():
    """With bias correction, step 1 is lr * g / (|g| + eps): a move of lr whatever the scale."""
    p = np.zeros(4, np.float32)
    g = np.array([1e-3, -5.0, 200.0, -0.2], np.float32)
    _, hyper = _hyper("adam", {})
    state = np.zeros((2, 4), np.float32)
    k.optimizer_update(k.ADAM, p, g, state, np.ones(4, np.float32), 0.01, 1, hyper,
                       np.zeros(4, np.float32))  # fmt: skip
    np.testing.assert_allclose(p, -0.01 * np.sign(g), rtol=1e-4)
    np.testing.assert_allclose(state[0], 0.1 * g, rtol=1e-6)
    np.testing.assert_allclose(state[1], 0.001 * g.astype(np.float64) ** 2, rtol=1e-5)


def test_adamw_decays_kernels_but_not_masked_out_biases():
    p = np.array([1.0, 1.0], np.float32)
    mask = np.array([1.0, 0.0], np.float32)
    _, hyper = _hyper("adamw", {"weight_decay": 0.5})
    k.optimizer_update(k.ADAMW, p, np.zeros(2, np.float32), np.zeros((2, 2), np.float32), mask,
                       0.1, 1, hyper, np.zeros(2, np.float32))  # fmt: skip
    np.testing.assert_allclose(p, [0.95, 1.0], rtol=1e-6)  # zero gradient: only the decay acts

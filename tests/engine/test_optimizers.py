"""Optimizers through the Trainer: each step equals the hand-written reference update."""

import math

import numpy as np
import pytest

from layerlab.engine.network import Network
from layerlab.engine.optimizers import KINDS, defaults, parse_optimizer
from layerlab.engine.schedules import learning_rates, lr_at
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer

from . import reference as ref

LAYERS = [
    {"id": "h", "kind": "Dense", "units": 4, "activation": "tanh"},
    {"id": "o", "kind": "Dense", "units": 2},
]


def _setup(opt, n=8):
    spec = NetworkSpec.from_dict({"input": [3], "layers": LAYERS, "loss": "mse", "seed": 2})
    net = Network(spec)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 3)).astype(np.float32)
    y = rng.standard_normal((n, 2)).astype(np.float32)
    return net, Trainer(net, (x, y), optimizer=opt, batch_size=n, shuffle=False), x, y


def _check_steps(opt, steps=2):
    """Run ``steps`` trainer steps, each against the reference update from the same gradient."""
    net, trainer, x, y = _setup(opt)
    cfg = parse_optimizer(opt)
    settings = {k: v for k, v in cfg.settings.items() if k != "lr"}
    n, state = net.n_trainable, {}
    for t in range(1, steps + 1):
        net.loss_and_grads(x, y)
        g, p = net.G.copy(), net.P[:n].astype(np.float64)
        lr = trainer.lr
        expected = ref.optimizer_step(cfg.kind, p, g, state, lr, t, net.decay_mask, **settings)
        assert trainer.run_chunk(1).steps == 1
        np.testing.assert_allclose(net.P[:n], expected, rtol=1e-5, atol=1e-7)
    return net


@pytest.mark.parametrize("kind", KINDS)
def test_two_trainer_steps_equal_the_reference_update(kind):
    _check_steps({"kind": kind, "lr": 1.0 if kind == "adadelta" else 0.05})


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_regularised_and_clipped_steps_equal_the_reference(kind):
    opt = {"kind": kind, "lr": 0.05, "l2": 0.1, "l1": 0.01, "clip_norm": 0.5, "clip_value": 0.2}
    _check_steps(opt, steps=3)


def test_adam_bias_correction_at_steps_one_and_two():
    net, trainer, x, y = _setup({"kind": "adam", "lr": 0.01})
    n = net.n_trainable
    net.loss_and_grads(x, y)
    g1, p0 = net.G.astype(np.float64), net.P[:n].astype(np.float64)
    trainer.run_chunk(1)
    # t = 1: m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps)
    np.testing.assert_allclose(net.P[:n], p0 - 0.01 * g1 / (np.abs(g1) + 1e-8), rtol=1e-5)
    net.loss_and_grads(x, y)
    g2, p1 = net.G.astype(np.float64), net.P[:n].astype(np.float64)
    trainer.run_chunk(1)
    m = 0.9 * 0.1 * g1 + 0.1 * g2
    v = 0.999 * 0.001 * g1**2 + 0.001 * g2**2
    step = 0.01 * (m / (1 - 0.9**2)) / (np.sqrt(v / (1 - 0.999**2)) + 1e-8)
    np.testing.assert_allclose(net.P[:n], p1 - step, rtol=1e-4, atol=1e-8)


def test_l1_produces_exact_zeros_in_kernels_only():
    net, trainer, x, y = _setup({"kind": "sgd", "lr": 0.1, "l1": 3.0})
    net.loss_and_grads(x, y)
    after_sgd = net.P[: net.n_trainable] - 0.1 * net.G  # then soft-threshold by 0.3
    trainer.run_chunk(1)
    p = net.P[: net.n_trainable]
    kernel = net.decay_mask == 1.0
    np.testing.assert_array_equal(p[kernel] == 0.0, np.abs(after_sgd[kernel]) <= 0.3)
    assert 3 <= (p[kernel] == 0.0).sum() < kernel.sum()
    assert (p[~kernel] != 0.0).all()  # biases are never thresholded


def test_decay_mask_covers_kernels_but_not_biases_or_norm_parameters():
    spec = NetworkSpec.from_dict({"input": [2, 2, 1], "layers": [
        {"id": "c", "kind": "Conv2D", "filters": 2, "kernel_size": 1},
        {"id": "bn", "kind": "BatchNorm"}, {"id": "pr", "kind": "PReLU"},
        {"id": "fl", "kind": "Flatten"}, {"id": "ln", "kind": "LayerNorm"},
        {"id": "d", "kind": "Dense", "units": 2}]})  # fmt: skip
    net = Network(spec)
    for name, slot in net.slots.items():
        if slot.weight.trainable:
            values = net.decay_mask[slot.offset : slot.offset + slot.weight.size]
            assert (values == (1.0 if name.endswith("weight") else 0.0)).all(), name


def test_clip_norm_limits_the_sgd_step():
    net, trainer, x, y = _setup({"kind": "sgd", "lr": 1.0, "clip_norm": 1e-3})
    p0 = net.P[: net.n_trainable].copy()
    trainer.run_chunk(1)
    moved = np.linalg.norm(net.P[: net.n_trainable].astype(np.float64) - p0)
    assert moved == pytest.approx(1e-3, rel=1e-3)


def test_adamw_decay_is_decoupled_from_the_gradient():
    """AdamW moves kernels by the Adam step plus lr * wd * p; Adam with l2 does something else."""
    opt = {"kind": "adamw", "lr": 0.01, "weight_decay": 0.5}
    net = _check_steps(opt, steps=2)
    coupled = _check_steps({"kind": "adam", "lr": 0.01, "l2": 0.5}, steps=2)
    assert not np.allclose(net.params["h.weight"], coupled.params["h.weight"], rtol=1e-4)


def test_parse_optimizer_fills_pytorch_defaults():
    cfg = parse_optimizer({"kind": "rmsprop"})
    assert cfg.settings == {"lr": 0.01, "rho": 0.99, "eps": 1e-8, **dict.fromkeys(
        ("l2", "l1", "clip_norm", "clip_value"), 0.0)}  # fmt: skip
    assert parse_optimizer({}).kind == "sgd"
    assert defaults("adamw")["weight_decay"] == 0.01
    assert parse_optimizer({"kind": "adam"}).state_slots == 2
    assert parse_optimizer({"kind": "momentum"}).state_slots == 1


def test_changing_settings_keeps_state_but_changing_kind_resets_it():
    net, trainer, x, y = _setup({"kind": "momentum", "lr": 0.01})
    trainer.run_chunk(1)
    buf = trainer.state.copy()
    assert np.abs(buf[0]).sum() > 0
    trainer.set_optimizer(trainer.opt.with_settings(lr=0.001))
    np.testing.assert_array_equal(trainer.state, buf)
    assert trainer.opt.lr == 0.001
    trainer.set_optimizer({"kind": "adam"})
    assert not trainer.state.any()


# ---- schedules -------------------------------------------------------------------------------
def test_step_schedule_drops_by_gamma_every_step_size_epochs():
    s = {"kind": "step", "step_size": 2, "gamma": 0.5}
    lrs = learning_rates(s, 0.1, 0, 13, steps_per_epoch=3)
    np.testing.assert_allclose(lrs, [0.1] * 6 + [0.05] * 6 + [0.025])


def test_exponential_schedule_decays_per_fractional_epoch():
    lrs = learning_rates({"kind": "exponential", "gamma": 0.9}, 0.1, 2, 3, steps_per_epoch=2)
    np.testing.assert_allclose(lrs, [0.09, 0.1 * 0.9**1.5, 0.081])


def test_cosine_schedule_goes_from_base_to_min_and_stays():
    s = {"kind": "cosine", "epochs": 4, "min_lr": 0.01}
    got = [lr_at(s, 0.1, e) for e in (0, 1, 2, 4, 6)]
    expected = [0.1, 0.01 + 0.045 * (1 + math.cos(math.pi / 4)), 0.055, 0.01, 0.01]
    np.testing.assert_allclose(got, expected)


def test_constant_schedule_and_defaults():
    np.testing.assert_allclose(learning_rates({}, 0.3, 5, 3, 10), [0.3] * 3)
    assert lr_at({"kind": "step"}, 1.0, 10.0) == pytest.approx(0.1)  # step_size 10, gamma 0.1


def test_trainer_applies_the_scheduled_rate_at_each_step():
    opt = {"kind": "sgd", "lr": 0.1, "schedule": {"kind": "step", "step_size": 1, "gamma": 0.5}}
    net, trainer, x, y = _setup(opt)  # one step per epoch
    n = net.n_trainable
    for step in range(3):
        net.loss_and_grads(x, y)
        g, p = net.G.astype(np.float64), net.P[:n].astype(np.float64)
        trainer.run_chunk(1)
        np.testing.assert_allclose(net.P[:n], p - 0.1 * 0.5**step * g, rtol=1e-5, atol=1e-8)
    assert trainer.history.column("lr") == pytest.approx([0.05, 0.025, 0.0125])

"""Initialisers: statistics on large tensors, seeding, and what Network gives each role."""

import math

import numpy as np
import pytest

from layerlab.engine.initializers import INITIALIZERS, initialize, parse_initializer
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec

FAN_IN, FAN_OUT = 300, 500
SHAPE = (FAN_IN, FAN_OUT)  # 150,000 values: std within ~1%

NORMAL_STD = {
    "normal": 0.01,
    "normal:0.2": 0.2,
    "glorot_normal": math.sqrt(2 / (FAN_IN + FAN_OUT)),
    "he_normal": math.sqrt(2 / FAN_IN),
    "lecun_normal": math.sqrt(1 / FAN_IN),
}
UNIFORM_LIMIT = {
    "uniform": 0.05,
    "uniform:0.3": 0.3,
    "glorot_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(6 / FAN_IN),
    "lecun_uniform": math.sqrt(3 / FAN_IN),
    "torch_default": 1 / math.sqrt(FAN_IN),
}


def _draw(text, seed=0):
    return initialize(text, SHAPE, FAN_IN, FAN_OUT, np.random.default_rng(seed))


@pytest.mark.parametrize("text", NORMAL_STD)
def test_normal_initialisers_have_the_right_std(text):
    w = _draw(text)
    assert w.dtype == np.float32 and w.shape == SHAPE
    std = NORMAL_STD[text]
    assert abs(w.mean()) < 0.02 * std
    assert w.std() == pytest.approx(std, rel=0.02)
    assert np.abs(w).max() > 3.5 * std  # a Gaussian tail, not a clipped or uniform draw


@pytest.mark.parametrize("text", UNIFORM_LIMIT)
def test_uniform_initialisers_fill_their_limits(text):
    w = _draw(text)
    limit = UNIFORM_LIMIT[text]
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.999 * limit
    assert w.std() == pytest.approx(limit / math.sqrt(3), rel=0.02)
    assert abs(w.mean()) < 0.02 * limit


@pytest.mark.parametrize(("text", "value"), [("zeros", 0.0), ("ones", 1.0), ("constant:0.5", 0.5),
                                             ("constant", 0.0), ("constant:-2", -2.0)])  # fmt: skip
def test_constant_initialisers(text, value):
    w = _draw(text)
    assert (w == np.float32(value)).all()


def test_every_listed_initialiser_can_be_drawn():
    for name in INITIALIZERS:
        assert np.isfinite(_draw(name)).all()


def test_same_seed_gives_the_same_draw_and_another_seed_does_not():
    np.testing.assert_array_equal(_draw("he_normal", 3), _draw("he_normal", 3))
    assert not np.array_equal(_draw("he_normal", 3), _draw("he_normal", 4))


@pytest.mark.parametrize(
    ("text", "message"),
    [("xavier", "unknown initialiser 'xavier'"), ("normal:wide", "must be a number"),
     ("glorot_uniform:2", "takes no value")],
)  # fmt: skip
def test_bad_initialiser_names_raise_value_error(text, message):
    with pytest.raises(ValueError, match=message):
        parse_initializer(text)


SPEC = {
    "input": {"shape": [6, 6, 8]},
    "layers": [
        {"id": "conv", "kind": "Conv2D", "filters": 16, "kernel_size": 5},
        {"id": "bn", "kind": "BatchNorm"},
        {"id": "pr", "kind": "PReLU", "alpha_init": 0.1},
        {"id": "fl", "kind": "Flatten"},
        {"id": "fc", "kind": "Dense", "units": 400, "init": "he_normal"},
        {"id": "out", "kind": "Dense", "units": 3},
    ],
}


def _net(**changes):
    return Network(NetworkSpec.from_dict({**SPEC, **changes}), batch_size=1)


def test_same_seed_gives_the_same_network_weights():
    a, b, c = _net(seed=5), _net(seed=5), _net(seed=6)
    np.testing.assert_array_equal(a.P, b.P)
    assert not np.array_equal(a.P, c.P)
    a.P[:] = 0
    a.reinitialize()
    np.testing.assert_array_equal(a.P, b.P)
    a.reinitialize(6)
    np.testing.assert_array_equal(a.P, c.P)


def test_network_uses_conv_fans_and_role_defaults():
    p = _net(init="glorot_uniform").params
    limit = math.sqrt(6 / (5 * 5 * 8 + 5 * 5 * 16))  # fan_in kh*kw*c, fan_out kh*kw*f
    assert np.abs(p["conv.weight"]).max() <= limit
    assert np.abs(p["conv.weight"]).max() > 0.99 * limit
    assert (p["conv.bias"] == 0).all() and (p["fc.bias"] == 0).all()
    assert (p["bn.gamma"] == 1).all() and (p["bn.beta"] == 0).all()
    assert (p["bn.running_mean"] == 0).all() and (p["bn.running_var"] == 1).all()
    assert (p["pr.alpha"] == np.float32(0.1)).all()
    # the layer's own init; fan_in = 2*2*16 flattened features
    assert p["fc.weight"].std() == pytest.approx(math.sqrt(2 / 64), rel=0.03)


def test_torch_default_bounds_weights_and_biases_by_one_over_sqrt_fan_in():
    p = _net(init="torch_default").params
    for name, fan_in in [("conv", 5 * 5 * 8), ("out", 400)]:
        bound = 1 / math.sqrt(fan_in)
        for part in ("weight", "bias"):
            values = p[f"{name}.{part}"]
            assert np.abs(values).max() <= bound
            assert np.abs(values).max() > 0.5 * bound  # drawn, not zeros
    assert np.abs(p["conv.weight"]).max() > 0.99 / math.sqrt(200)

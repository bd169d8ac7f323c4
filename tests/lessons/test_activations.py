"""The activation gallery: the engine's f and f' against finite differences and hand values,
saturation zones, sliders; and sigmoid applied again and again."""

from __future__ import annotations

import math

import numpy as np
import pytest

from layerlab.engine.layers.activation import ACTIVATIONS
from layerlab.lessons.experiments import get
from layerlab.lessons.experiments.activations import (
    GALLERY,
    engine_activation,
    saturation_zones,
)
from layerlab.lessons.figure import Line, Region

X = np.linspace(-5.0, 5.0, 201) + 0.0123  # keeps clear of the kinks at 0


def test_gallery_shows_every_element_wise_engine_activation():
    codes = {ACTIVATIONS[name] for name in GALLERY}
    assert len(codes) == len(GALLERY)  # no alias twice
    assert codes == {code for name, code in ACTIVATIONS.items() if name != "softmax"}


@pytest.mark.parametrize("name", [n for n in GALLERY if n != "step"])
def test_engine_derivative_matches_finite_differences(name):
    h = 1e-2
    x = X[np.abs(X) > 2 * h]
    alpha = 0.3 if name in ("leaky_relu", "elu") else None  # not the defaults, to test them
    _, dy = engine_activation(name, x, alpha, beta=1.5)
    up, _ = engine_activation(name, x + h, alpha, beta=1.5)
    down, _ = engine_activation(name, x - h, alpha, beta=1.5)
    numeric = (up.astype(np.float64) - down) / (2 * h)
    np.testing.assert_allclose(dy, numeric, atol=2e-3)


def test_engine_values_match_the_formulas():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    sig = 1 / (1 + np.exp(-x))
    cases = {
        "sigmoid": sig,
        "tanh": np.tanh(x),
        "relu": np.maximum(x, 0),
        "softplus": np.log1p(np.exp(x)),
        "silu": x * sig,
        "step": (x > 0).astype(float),
        "identity": x,
    }
    for name, want in cases.items():
        np.testing.assert_allclose(engine_activation(name, x)[0], want, atol=1e-6, err_msg=name)
    np.testing.assert_allclose(engine_activation("leaky_relu", x)[0], np.where(x > 0, x, 0.01 * x))
    gelu = [0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x]
    np.testing.assert_allclose(engine_activation("gelu", x)[0], gelu, atol=1e-6)


def test_textbook_derivative_facts():
    r = get("activations.gallery").run(which=0)
    v = r.values
    assert v["sigmoid_max_derivative"] == pytest.approx(0.25, abs=1e-7)
    assert v["sigmoid_argmax"] == 0.0 and v["tanh_argmax"] == 0.0
    assert v["tanh_max_derivative"] == pytest.approx(1.0, abs=1e-7)
    assert v["relu_negative_derivative"] == 0.0 and v["relu_positive_derivative"] == 1.0
    # sigmoid'(x) = s(1 - s) = 0.01 at x = ln(s / (1 - s)) with s = (1 + sqrt(0.96)) / 2
    s = (1 + math.sqrt(1 - 0.04)) / 2
    assert v["sigmoid_saturates_beyond"] == pytest.approx(math.log(s / (1 - s)), abs=0.01)


def test_step_passes_the_gradient_straight_through():
    y, dy = engine_activation("step", X)
    assert y.tolist() == (X > 0).astype(float).tolist()
    assert (dy == 1.0).all()


def test_saturation_zones_are_the_flat_tails_only():
    x = np.linspace(-6, 6, 1201)
    assert saturation_zones(x, engine_activation("relu", x)[1]) == [(-6.0, 0.0)]
    zones = saturation_zones(x, engine_activation("sigmoid", x)[1])
    assert len(zones) == 2 and zones[0][0] == -6.0 and zones[1][1] == 6.0
    assert zones[0][1] == pytest.approx(-zones[1][0])
    # SiLU's slope crosses 0 at the bottom of its dip near x = -1.28: not a saturation zone
    assert saturation_zones(x, engine_activation("silu", x)[1]) == []


def test_sliders_change_alpha_and_beta():
    v = get("activations.gallery").run(which=GALLERY.index("leaky_relu"), leaky_alpha=0.2).values
    assert v["min_derivative"] == pytest.approx(0.2, abs=1e-7)
    elu = get("activations.gallery").run(which=GALLERY.index("elu"), elu_alpha=2.0)
    f = next(it for it in elu.figure.panels[0].items if isinstance(it, Line) and it.label == "f")
    assert f.y[0] == pytest.approx(2.0 * math.expm1(-6.0), abs=1e-5)
    swish = get("activations.gallery").run(which=GALLERY.index("silu"), beta=0.0)
    f = next(it for it in swish.figure.panels[0].items if isinstance(it, Line) and it.label == "f")
    np.testing.assert_allclose(f.y, f.x / 2, atol=1e-5)
    regions = [it for it in get("activations.gallery").run().figure.panels[0].items]
    assert sum(isinstance(it, Region) for it in regions) == 2  # sigmoid's two tails


def test_repeated_sigmoid_reaches_the_fixed_point():
    v = get("activations.repeated_sigmoid").run(start=-3.0, times=40).values
    assert v["first"] == pytest.approx(1 / (1 + math.exp(3.0)))
    assert v["fixed_point"] == pytest.approx(1 / (1 + math.exp(-v["fixed_point"])), abs=1e-12)
    assert v["last"] == pytest.approx(0.659, abs=0.001)

"""Softmax and cross-entropy by the engine's kernels against numpy, temperature, and a fresh
MNIST network's first loss."""

from __future__ import annotations

import math

import numpy as np
import pytest

from layerlab.lessons.experiments import get
from layerlab.lessons.experiments.softmax import (
    engine_cross_entropy,
    engine_softmax,
    entropy,
)
from layerlab.lessons.figure import Histogram


def _softmax64(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_engine_softmax_matches_numpy_and_ignores_a_common_shift():
    z = np.random.default_rng(0).normal(0, 3, (20, 7))
    p = engine_softmax(z)
    np.testing.assert_allclose(p, _softmax64(z), atol=1e-6)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(engine_softmax(z + 1000.0), p, atol=1e-5)  # no overflow
    # Saito, Deep Learning from Scratch, section 3.5.1
    np.testing.assert_allclose(
        engine_softmax([0.3, 2.9, 4.0])[0], [0.01821127, 0.24519181, 0.73659691], atol=1e-6
    )


def test_engine_cross_entropy_is_the_mean_of_minus_ln_p_right():
    rng = np.random.default_rng(1)
    z = rng.normal(0, 2, (30, 5))
    labels = rng.integers(0, 5, 30)
    want = -np.log(_softmax64(z)[np.arange(30), labels]).mean()
    assert engine_cross_entropy(z, labels) == pytest.approx(want, abs=1e-5)
    assert engine_cross_entropy(np.log([[0.8, 0.1, 0.1]]), np.array([0])) == pytest.approx(
        -math.log(0.8), abs=1e-6
    )


def test_entropy_of_uniform_and_certain_distributions():
    assert entropy(np.full(4, 0.25)) == pytest.approx(math.log(4))
    assert entropy(np.array([1.0, 0.0, 0.0])) == 0.0


def test_higher_temperature_never_lowers_the_entropy():
    for seed in range(5):
        z = np.random.default_rng(seed).normal(0, 2, 4)
        r = get("softmax.probabilities").run(**{f"z{i + 1}": z[i] for i in range(4)})
        assert r.values["hotter_is_flatter"]
        assert r.values["entropy_cold"] <= r.values["entropy"] <= r.values["entropy_hot"]
        assert r.values["entropy_hot"] <= math.log(4)


def test_probabilities_follow_the_sliders_and_the_target():
    r = get("softmax.probabilities").run(z1=0.0, z2=0.0, z3=0.0, z4=math.log(3.0), target=4)
    assert [r.values[f"p{i}"] for i in range(1, 5)] == pytest.approx([1 / 6, 1 / 6, 1 / 6, 0.5])
    assert r.values["cross_entropy"] == pytest.approx(math.log(2.0), abs=1e-6)
    assert r.figure.panels[0].items[0].highlight == 3


def test_cross_entropy_depends_only_on_the_right_class():
    for classes in (2, 3, 10):
        v = get("softmax.cross_entropy_at").run(p=0.8, classes=classes).values
        assert v["loss"] == pytest.approx(0.2231435, abs=1e-6)


def test_initial_loss_is_the_mean_of_the_per_digit_losses():
    r = get("softmax.initial_loss").run(seed=0)
    per_digit = next(it for it in r.figure.panels[0].items if isinstance(it, Histogram)).values
    assert len(per_digit) == 4500
    assert per_digit.mean() == pytest.approx(r.values["initial_loss"], abs=1e-4)
    assert r.values["ln_classes"] == pytest.approx(math.log(10))

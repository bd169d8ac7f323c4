"""Feature scaling: the losses are the same model in two coordinate systems, and the predicted
step counts match gradient descent run step by step."""

from __future__ import annotations

import numpy as np
import pytest

from layerlab.lessons.experiments.feature_scaling import (
    feature_scaling,
    predicted_steps,
    quadratic_loss,
    regression_data,
)


def test_raw_and_standardised_losses_are_the_same_model() -> None:
    x, t = regression_data(1000.0, 50, 0)
    std = x.std(axis=0)
    raw, a_raw = quadratic_loss(x, t)
    scaled, a_scaled = quadratic_loss((x - x.mean(axis=0)) / std, t)
    np.testing.assert_allclose(a_raw, np.cov(x.T, bias=True), rtol=1e-12)
    np.testing.assert_allclose(np.diag(a_scaled), 1.0, rtol=1e-12)  # a correlation matrix
    np.testing.assert_allclose(np.array(raw.minima[0]) * std, scaled.minima[0], rtol=1e-9)
    assert raw.value(0.0, 0.0) == pytest.approx(np.var(t))  # w = 0 predicts the mean
    assert scaled.value(0.0, 0.0) == pytest.approx(np.var(t))
    w = np.array([0.7, 0.002])
    assert raw.value(*w) == pytest.approx(scaled.value(*(w * std)))


def test_predicted_steps_match_gradient_descent_in_float64() -> None:
    a = np.array([[3.0, 1.0], [1.0, 0.5]])
    e0 = np.array([1.0, -2.0])
    lr = 0.9 / (2.0 * np.linalg.eigvalsh(a)[-1])
    excess0 = e0 @ a @ e0
    e, k = e0.copy(), 0
    while e @ a @ e > 1e-6 * excess0:
        e -= lr * 2.0 * a @ e
        k += 1
    assert predicted_steps(a, e0, lr, 1e-6) == k
    assert predicted_steps(a, e0, 1.1 / np.linalg.eigvalsh(a)[-1], 1e-6) == -1  # diverges


def test_measured_steps_equal_the_prediction_where_they_converge() -> None:
    values = feature_scaling(scale=3.0).values
    assert values["converged_raw"]
    assert values["steps_raw"] == values["predicted_steps_raw"] == 69
    assert values["steps_scaled"] == values["predicted_steps_scaled"] == 1


def test_condition_number_grows_with_the_square_of_the_scale() -> None:
    k10 = feature_scaling(scale=10.0, max_steps=1).values["condition_raw"]
    k100 = feature_scaling(scale=100.0, max_steps=1).values["condition_raw"]
    assert k100 / k10 == pytest.approx(100.0, rel=0.01)

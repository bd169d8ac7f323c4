"""Gradient-descent experiments against closed forms: SGD on x²/20 + y² and w1² + a·w2² scales
each coordinate by a constant factor per step."""

from __future__ import annotations

import math

import numpy as np
import pytest

from layerlab.engine import surfaces
from layerlab.lessons.contours import ellipse, heatmap
from layerlab.lessons.experiments.descent import (
    crossings,
    learning_rate,
    optimizer_paths,
    path_length,
    start_points,
)
from layerlab.lessons.figure import Image


def test_crossings_count_sign_changes_ignoring_zeros_and_nans() -> None:
    assert crossings(np.array([1.0, -2.0, 3.0, -0.5])) == 3
    assert crossings(np.array([1.0, 0.0, -1.0, np.nan, -2.0])) == 1
    assert crossings(np.array([0.5, 0.25, 0.125])) == 0


def test_path_length_adds_step_lengths() -> None:
    assert path_length(np.array([[0.0, 0.0], [3.0, 4.0], [3.0, 0.0]])) == pytest.approx(9.0)


def test_sgd_on_the_textbook_surface_follows_the_closed_form() -> None:
    # x ← x - 0.95·x/10 and y ← y - 0.95·2y: factors 0.905 and -0.9 per step.
    p = surfaces.optimizer_path("textbook", (-7.0, 2.0), {"kind": "sgd", "lr": 0.95}, 30)
    k = np.arange(31)
    np.testing.assert_allclose(p[:, 0], -7.0 * 0.905**k, rtol=1e-5)
    np.testing.assert_allclose(p[:, 1], 2.0 * (-0.9) ** k, rtol=1e-5)
    values = optimizer_paths(steps=30).values
    assert values["sgd_final_distance"] == pytest.approx(math.hypot(p[-1, 0], p[-1, 1]))
    assert values["sgd_y_crossings"] == 30


def test_optimizer_figure_draws_five_labelled_paths_on_a_map() -> None:
    fig = optimizer_paths(steps=10).figure
    labels = [getattr(it, "label", "") for it in fig.panels[0].items]
    for name in ("SGD", "Momentum", "AdaGrad", "RMSProp", "Adam"):
        assert name in labels
    assert isinstance(fig.panels[0].items[0], Image)


@pytest.mark.parametrize(("eta", "steps"), [(0.04, 90), (0.025, 147)])
def test_steps_to_converge_match_the_w1_factor(eta: float, steps: int) -> None:
    # |w1_k| = 1.8 (1 - 2η)^k is the slow coordinate; first k with |w| <= 0.001.
    expected = math.ceil(math.log(1e-3 / 1.8) / math.log(1.0 - 2.0 * eta))
    assert expected == steps
    values = learning_rate(eta=eta).values
    assert values["steps_to_converge"] == steps
    assert values["factor_w1"] == pytest.approx(1.0 - 2.0 * eta)


@pytest.mark.parametrize(("eta", "diverges"), [(0.049, False), (0.051, True), (0.1, True)])
def test_divergence_starts_where_the_w2_factor_passes_minus_one(eta: float, diverges: bool) -> None:
    values = learning_rate(eta=eta, steps=400).values
    assert values["diverged"] is diverges
    assert (values["factor_w2"] > 1.0) is diverges
    assert values["w2_alternates"]  # 1 - 40η < 0 for all three


def test_every_start_ends_at_a_stationary_point_with_zero_loss() -> None:
    f = surfaces.HIMMELBLAU
    for sx, sy in [(-0.3, -0.9), (2.0, -3.0), (-4.0, 1.0)]:
        values = start_points(start_x=sx, start_y=sy).values
        x, y = values["learner_end_x"], values["learner_end_y"]
        assert f.value(x, y) == pytest.approx(0.0, abs=1e-8)
        assert np.hypot(*f.gradient(x, y)) < 1e-3


def test_heatmap_puts_the_largest_y_in_row_zero() -> None:
    img = heatmap("quadratic", (-2.0, 2.0), (-1.5, 1.5), n=5, log=False)
    assert img.extent == (-2.0, 2.0, -1.5, 1.5)
    f = surfaces.SURFACES["quadratic"]
    assert img.data[0, 0] == pytest.approx(f.value(-2.0, 1.5))  # top left
    assert img.data[-1, 2] == pytest.approx(f.value(0.0, -1.5))  # bottom middle


def test_ellipse_points_lie_on_the_level_set() -> None:
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    x, y = ellipse(a, (1.0, -1.0), 3.0)
    d = np.stack([x - 1.0, y + 1.0])
    np.testing.assert_allclose(np.einsum("in,ij,jn->n", d, a, d), 3.0, rtol=1e-12)

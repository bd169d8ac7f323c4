"""Tests for layerlab.data.toy2d."""

from collections.abc import Callable

import numpy as np
import pytest

from layerlab.data.dataset import DataError, Dataset
from layerlab.data.toy2d import (
    TOY2D,
    bumps_target,
    make_circle,
    make_gaussian_regression,
    make_gaussians,
    make_moons,
    make_plane,
    make_spiral,
    make_xor,
    plane_target,
)

CLASSIFIERS = ["circle", "xor", "gaussians", "spiral", "moons"]
REGRESSORS = ["plane", "gaussian_regression"]


def test_toy2d_names_all_seven_generators() -> None:
    assert {
        "circle": make_circle,
        "xor": make_xor,
        "gaussians": make_gaussians,
        "spiral": make_spiral,
        "moons": make_moons,
        "plane": make_plane,
        "gaussian_regression": make_gaussian_regression,
    } == TOY2D


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classification_sets_are_balanced_float32_points_in_unit_box(name: str) -> None:
    ds = TOY2D[name](n=201, noise=0.0, seed=3)
    assert ds.name == name and ds.task == "classification"
    assert ds.x.shape == (201, 2) and ds.x.dtype == np.float32
    assert ds.y.dtype == np.int32
    np.testing.assert_array_equal(np.bincount(ds.y), [101, 100])
    assert np.abs(ds.x).max() <= 1.0
    assert ds.class_names == ("0", "1") and ds.feature_names == ("x1", "x2")


@pytest.mark.parametrize("name", REGRESSORS)
def test_regression_sets_have_float32_column_targets(name: str) -> None:
    ds = TOY2D[name](n=50)
    assert ds.task == "regression" and ds.n_classes == 0
    assert ds.x.shape == (50, 2) and ds.y.shape == (50, 1)
    assert ds.y.dtype == np.float32
    assert np.abs(ds.x).max() <= 1.0


@pytest.mark.parametrize("name", CLASSIFIERS + REGRESSORS)
def test_same_seed_gives_the_same_set(name: str) -> None:
    a, b = TOY2D[name](n=60, noise=0.1, seed=7), TOY2D[name](n=60, noise=0.1, seed=7)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)


@pytest.mark.parametrize("name", CLASSIFIERS + REGRESSORS)
def test_different_seeds_give_different_sets(name: str) -> None:
    a, b = TOY2D[name](n=60, seed=1), TOY2D[name](n=60, seed=2)
    assert not np.array_equal(a.x, b.x)


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classes_are_shuffled_not_grouped(name: str) -> None:
    y = TOY2D[name](n=100).y
    assert 0 < y[:50].sum() < 50


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_noise_jitters_the_same_points_and_keeps_the_labels(name: str) -> None:
    clean, noisy = TOY2D[name](n=100, seed=5), TOY2D[name](n=100, noise=0.1, seed=5)
    np.testing.assert_array_equal(clean.y, noisy.y)
    shift = np.abs(noisy.x - clean.x)
    assert 0.05 < shift.mean() < 0.11  # E|N(0, 0.1)| = 0.1 * sqrt(2 / pi) = 0.080


def test_circle_is_separated_by_radius() -> None:
    ds = make_circle(n=400, seed=0)
    r = np.hypot(ds.x[:, 0], ds.x[:, 1])
    assert r[ds.y == 1].max() <= 0.5
    assert r[ds.y == 0].min() >= 0.7 - 1e-6


def test_xor_label_is_the_sign_of_the_product() -> None:
    ds = make_xor(n=400, seed=0)
    product = ds.x[:, 0] * ds.x[:, 1]
    np.testing.assert_array_equal(ds.y, (product > 0).astype(np.int32))
    assert np.abs(ds.x).min() >= 0.05 - 1e-6


def test_gaussians_are_separated_by_the_diagonal() -> None:
    ds = make_gaussians(n=400, seed=0)
    side = ds.x[:, 0] + ds.x[:, 1]
    np.testing.assert_array_equal(ds.y, (side > 0).astype(np.int32))
    centre1 = ds.x[ds.y == 1].mean(axis=0)
    np.testing.assert_allclose(centre1, [0.4, 0.4], atol=0.03)


def _wrap(angle: np.ndarray) -> np.ndarray:
    return (angle + np.pi) % (2 * np.pi) - np.pi


def test_spiral_points_lie_on_their_own_arm() -> None:
    ds = make_spiral(n=400, seed=0)
    r = np.hypot(ds.x[:, 0], ds.x[:, 1])
    angle = np.arctan2(ds.x[:, 1], ds.x[:, 0])
    offset = _wrap(angle - 2 * np.pi * 1.75 * r)  # 0 on arm 1, +-pi on arm 0
    np.testing.assert_allclose(offset[ds.y == 1], 0.0, atol=1e-5)
    np.testing.assert_allclose(np.abs(offset[ds.y == 0]), np.pi, atol=1e-5)
    assert r.max() <= 1.0


def test_moons_lie_on_arcs_of_radius_two_thirds() -> None:
    ds = make_moons(n=400, seed=0)
    upper, lower = ds.x[ds.y == 0], ds.x[ds.y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0] + 1 / 3, upper[:, 1] + 1 / 6), 2 / 3, atol=1e-6)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1 / 3, lower[:, 1] - 1 / 6), 2 / 3, atol=1e-6)
    assert upper[:, 1].min() >= -1 / 6 - 1e-6  # the upper arc bends up from its centre
    assert lower[:, 1].max() <= 1 / 6 + 1e-6


def test_plane_target_is_the_mean_of_the_coordinates() -> None:
    ds = make_plane(n=100, seed=0)
    np.testing.assert_allclose(ds.y[:, 0], (ds.x[:, 0] + ds.x[:, 1]) / 2, atol=1e-6)
    np.testing.assert_allclose(plane_target(np.array([[1.0, 0.5], [-1.0, -1.0]])), [0.75, -1.0])


def test_gaussian_bumps_peak_at_plus_and_minus_one() -> None:
    values = bumps_target(np.array([[0.4, 0.4], [-0.4, -0.4], [0.0, 0.0], [0.7, 0.4]]))
    e = np.exp(-1.28 / 0.18)  # the other bump: squared distance 0.8^2 + 0.8^2
    np.testing.assert_allclose(values[:3], [1 - e, e - 1, 0.0], atol=1e-12)
    # (0.7, 0.4): 0.3 from the positive bump -> exp(-0.09 / 0.18) = exp(-0.5)
    np.testing.assert_allclose(values[3], np.exp(-0.5) - np.exp(-(1.1**2 + 0.8**2) / 0.18))


def test_gaussian_regression_targets_follow_the_bumps() -> None:
    ds = make_gaussian_regression(n=100, seed=0)
    np.testing.assert_allclose(ds.y[:, 0], bumps_target(ds.x.astype(np.float64)), atol=1e-6)


def test_regression_noise_is_added_to_the_targets_only() -> None:
    clean, noisy = make_plane(n=500, seed=4), make_plane(n=500, noise=0.1, seed=4)
    np.testing.assert_array_equal(clean.x, noisy.x)
    residual = noisy.y - clean.y
    assert 0.08 < residual.std() < 0.12


@pytest.mark.parametrize(
    ("make", "kwargs", "message"),
    [
        (make_circle, {"n": 1}, "n must be an integer of at least 2"),
        (make_plane, {"n": 0}, "n must be an integer of at least 1"),
        (make_xor, {"n": 10.5}, "n must be an integer"),
        (make_spiral, {"noise": -0.1}, "noise must be a non-negative number"),
    ],
)
def test_bad_arguments_raise_data_error(
    make: Callable[..., Dataset], kwargs: dict, message: str
) -> None:
    with pytest.raises(DataError, match=message):
        make(**kwargs)

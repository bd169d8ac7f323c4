"""surfaces.py: exact 2-D surfaces, their gradients, and optimizer paths with the engine's rules."""

import math
import subprocess
import sys

import numpy as np
import pytest

from layerlab.engine import surfaces as s

NAMES = list(s.SURFACES)


def _start(name):
    return np.array(s.SURFACES[name].start, np.float32).astype(np.float64)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences_at_random_points(name):
    f = s.SURFACES[name]
    rng = np.random.default_rng(0)
    x = rng.uniform(*f.x_range, 20)
    y = rng.uniform(*f.y_range, 20)
    h = 1e-6
    gx, gy = f.gradient(x, y)
    nx = (f.value(x + h, y) - f.value(x - h, y)) / (2 * h)
    ny = (f.value(x, y + h) - f.value(x, y - h)) / (2 * h)
    scale = 1.0 + np.abs(f.value(x, y))
    for g, num in ((gx, nx), (gy, ny)):
        assert np.all(np.abs(g - num) <= 1e-5 * np.abs(num) + 1e-6 * scale)


@pytest.mark.parametrize("name", NAMES)
def test_listed_minima_have_zero_gradient_and_starts_lie_in_the_plot(name):
    f = s.SURFACES[name]
    for mx, my in f.minima:
        gx, gy = f.gradient(np.float64(mx), np.float64(my))
        assert math.hypot(gx, gy) < 1e-3
    assert f.x_range[0] <= f.start[0] <= f.x_range[1]
    assert f.y_range[0] <= f.start[1] <= f.y_range[1]
    assert f.presets and f.steps > 0


def test_grid_and_gradient_field_index_rows_by_y():
    xs, ys = np.linspace(-3, 3, 7), np.linspace(-1, 2, 4)
    z = s.grid("textbook", xs, ys)
    u, v = s.gradient_field("textbook", xs, ys)
    assert z.shape == u.shape == v.shape == (4, 7) and z.dtype == np.float32
    assert z[2, 5] == pytest.approx(xs[5] ** 2 / 20 + ys[2] ** 2)
    assert u[2, 5] == pytest.approx(xs[5] / 10) and v[2, 5] == pytest.approx(2 * ys[2])
    assert s.grid("saddle", xs, ys)[0, 0] == pytest.approx(9 - 1)


def test_surface_lookup_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown surface"):
        s.surface("nope")


def test_sgd_step_is_p_minus_lr_times_gradient():
    path = s.optimizer_path("textbook", (-7, 2), {"kind": "sgd", "lr": 0.95}, 1)
    np.testing.assert_allclose(path[0], [-7, 2])
    np.testing.assert_allclose(path[1], [-7 + 0.95 * 0.7, 2 - 0.95 * 4], rtol=1e-6)


def test_momentum_two_steps_follow_v_equals_mu_v_plus_g():
    lr, mu = 0.1, 0.9
    path = s.optimizer_path("textbook", (-7, 2), {"kind": "momentum", "lr": lr}, 2)
    p0 = np.array([-7.0, 2.0])
    g0 = np.array([p0[0] / 10, 2 * p0[1]])
    p1 = p0 - lr * g0
    v2 = mu * g0 + np.array([p1[0] / 10, 2 * p1[1]])
    np.testing.assert_allclose(path[1:], [p1, p1 - lr * v2], rtol=1e-6)


def test_adam_first_step_is_about_lr_times_the_gradient_sign():
    path = s.optimizer_path("rosenbrock", (-1.2, 1.0), {"kind": "adam", "lr": 0.3}, 1)
    g = np.array(s.ROSENBROCK.gradient(-1.2, 1.0))
    np.testing.assert_allclose(path[1] - path[0], -0.3 * np.sign(g), rtol=1e-5)


def test_gd_on_w1_squared_plus_20_w2_squared_converges_at_0_04_and_diverges_at_0_06():
    bowl = s.quadratic(20.0)
    assert s.gd_factor(2 * 20, 0.04) == pytest.approx(0.6)
    assert s.gd_factor(2 * 20, 0.06) == pytest.approx(1.4)
    slow = s.optimizer_path(bowl, (1.0, 1.0), {"kind": "sgd", "lr": 0.04}, 30)
    fast = s.optimizer_path(bowl, (1.0, 1.0), {"kind": "sgd", "lr": 0.06}, 30)
    w2 = slow[:, 1]
    assert np.all(np.sign(w2[1:6]) == [-1, 1, -1, 1, -1])  # zig-zag across the valley
    np.testing.assert_allclose(w2[1:5], (1 - 2 * 20 * 0.04) ** np.arange(1, 5), rtol=1e-5)
    assert abs(w2[-1]) < 1e-5 and abs(fast[-1, 1]) > 1e4
    np.testing.assert_allclose(fast[30, 1], (-1.4) ** 30, rtol=1e-4)
    assert set(bowl.presets) == {"too_small", "right", "zigzag", "too_large"}


def test_textbook_sgd_zigzags_while_adagrad_and_adam_end_closer():
    """《深度学习入门》 fig. 6-8: 30 steps from (-7, 2)."""
    ends, flips = {}, {}
    for name, opt in s.BOOK_PRESETS.items():
        path = s.optimizer_path("textbook", (-7, 2), opt, 30)
        ends[name] = np.linalg.norm(path[-1])
        flips[name] = int(np.sum(np.sign(path[1:, 1]) != np.sign(path[:-1, 1])))
    assert flips["SGD"] >= 25 and max(flips["Momentum"], flips["AdaGrad"], flips["Adam"]) <= 5
    assert ends["AdaGrad"] < 0.2 and ends["AdaGrad"] < ends["Adam"] < ends["SGD"]
    assert all(d < 1.0 for d in ends.values())


def test_stepper_runs_like_optimizer_path_and_resets():
    opt = {"kind": "rmsprop", "lr": 0.05}
    stepper = s.PathStepper("beale", None, opt)
    walked = np.concatenate([stepper.point[None], stepper.run(5), stepper.run(5)])
    np.testing.assert_array_equal(walked, s.optimizer_path("beale", None, opt, 10))
    stepper.reset()
    np.testing.assert_array_equal(stepper.point, _start("beale"))
    assert stepper.t == 0 and not stepper.state.any()


def test_diverging_path_turns_nan_and_stays_nan():
    path = s.optimizer_path(s.quadratic(20.0), (1.0, 1.0), {"kind": "sgd", "lr": 1.0}, 60)
    bad = ~np.isfinite(path).all(axis=1)
    assert bad.any() and bad[np.argmax(bad) :].all()


def test_schedule_scales_each_step():
    opt = {"kind": "sgd", "lr": 0.1, "schedule": {"kind": "step", "step_size": 1, "gamma": 0.5}}
    path = s.optimizer_path("saddle", (1.0, 0.0), opt, 2)
    np.testing.assert_allclose(path[1:, 0], [1 - 0.1 * 2, 0.8 - 0.05 * 1.6], rtol=1e-6)


def test_importing_surfaces_loads_no_numba():
    code = "import sys, layerlab.engine.surfaces; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr

"""Gradient descent on exact two-parameter surfaces (the engine's surfaces and update rules):
the textbook's optimizer paths on x²/20 + y², learning rates too small / right / too large on
w1² + a·w2², and start points on a surface with four minima."""

from __future__ import annotations

import numpy as np

from layerlab.engine import surfaces
from layerlab.lessons.contours import level_lines, path_lines, surface_panel
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.figure import Figure, Line, Marker, Panel, Points, Text

# 《深度学习入门》 §6.1.7 (figure 6-8): 30 steps from (-7, 2). RMSProp is not in the book's
# figure; lr 0.1 with the engine's (PyTorch's) rho = 0.99 draws the same kind of path as AdaGrad.
OPTIMIZERS: dict[str, dict[str, float | str]] = {
    "SGD": surfaces.BOOK_PRESETS["SGD"],
    "Momentum": surfaces.BOOK_PRESETS["Momentum"],
    "AdaGrad": surfaces.BOOK_PRESETS["AdaGrad"],
    "RMSProp": {"kind": "rmsprop", "lr": 0.1},
    "Adam": surfaces.BOOK_PRESETS["Adam"],
}
# Learning rates on w1² + 20 w2² (the loss-surface panel's buttons use the same ideas).
RATE_EXAMPLES = {"too small": 0.0025, "right": 0.025, "zig-zag": 0.04, "too large": 0.06}
# Starts near the corners of the central hill of Himmelblau's function: one per minimum.
HIMMELBLAU_STARTS = ((1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0))


def crossings(values: np.ndarray) -> int:
    """How many times consecutive values change sign (zeros and NaNs ignored)."""
    s = np.sign(values[np.isfinite(values)])
    s = s[s != 0]
    return int(np.count_nonzero(s[1:] != s[:-1]))


def path_length(path: np.ndarray) -> float:
    """Sum of the step lengths of a path (N, 2)."""
    return float(np.linalg.norm(np.diff(path, axis=0), axis=1).sum())


def _step_axis(n: int) -> np.ndarray:
    return np.arange(n, dtype=float)


@experiment("descent.optimizer_paths", sliders=(Slider("steps", "steps", 1, 100, 1, 30),))
def optimizer_paths(steps: int = 30, start_x: float = -7.0, start_y: float = 2.0) -> Result:
    """SGD, Momentum, AdaGrad, RMSProp and Adam from the same start on f = x²/20 + y²."""
    f, steps, start = surfaces.TEXTBOOK, int(steps), np.array([start_x, start_y], float)
    values: dict[str, float | int | str] = {"steps": steps}
    paths = {}
    for name, opt in OPTIMIZERS.items():
        p = surfaces.optimizer_path(f, start, opt, steps)
        paths[name] = p
        key = name.lower()
        values[f"{key}_final_distance"] = float(np.hypot(*p[-1]))
        values[f"{key}_final_loss"] = float(f.value(*p[-1]))
        values[f"{key}_y_crossings"] = crossings(p[:, 1])
        values[f"{key}_max_x"] = float(np.nanmax(p[:, 0]))
        values[f"{key}_path_ratio"] = path_length(p) / float(np.linalg.norm(p[-1] - start))
    distances = {n: values[f"{n.lower()}_final_distance"] for n in paths}
    values["worst_final_distance"] = max(distances.values())
    values["closest"] = min(distances, key=distances.__getitem__)
    contour = surface_panel(
        f"f(x, y) = x²/20 + y², {steps} steps from ({start_x:g}, {start_y:g})", f, "x", "y"
    )
    contour.items += level_lines(np.diag([1 / 20, 1.0]), (0, 0), [0.1, 0.5, 1.5, 3.0, 6.45])
    losses = Panel("loss f by step 损失", [], "step", "f", log_y=True)
    for i, (name, p) in enumerate(paths.items()):
        contour.items += path_lines(p, name, i)
        losses.items.append(Line(_step_axis(len(p)), f.value(p[:, 0], p[:, 1]), name, colour=i))
    contour.items.append(Points(np.zeros(1), np.zeros(1), None, "minimum (0, 0)", 10.0))
    caption = f"distance from (0, 0) after {steps} steps: " + ", ".join(
        f"{n} {values[f'{n.lower()}_final_distance']:.2f}" for n in paths
    )
    return Result(values, Figure([contour, losses], 2, caption))


def _rate_run(eta: float, a: float, start: np.ndarray, steps: int, tol: float) -> dict:
    f = surfaces.quadratic(a)
    p = surfaces.optimizer_path(f, start, {"kind": "sgd", "lr": eta}, steps)
    with np.errstate(all="ignore"):
        dist = np.linalg.norm(p, axis=1)
    below = np.flatnonzero(dist <= tol)
    w2 = p[:, 1][np.abs(p[:, 1]) > 1e-30]  # until it underflows
    return {
        "path": p,
        "distance": dist,
        "steps_to_converge": int(below[0]) if len(below) else -1,
        "converged": bool(len(below)),
        "diverged": bool(not np.isfinite(dist[-1]) or dist[-1] > dist[0]),
        "w2_crossings": crossings(w2),
        "w2_alternates": bool(len(w2) > 2 and crossings(w2) == len(w2) - 1),
        "final_distance": float(dist[-1]),
    }


@experiment(
    "descent.learning_rate",
    sliders=(Slider("eta", "learning rate η", 0.001, 0.1, 0.001, 0.04, log=True),),
)
def learning_rate(
    eta: float = 0.04,
    a: float = 20.0,
    steps: int = 200,
    start_x: float = -1.8,
    start_y: float = 1.0,
    tol: float = 1e-3,
) -> Result:
    """Plain gradient descent on L = w1² + a·w2²: each step scales w1 by 1 - 2η and w2 by
    1 - 2aη, so it converges when both |factors| < 1 and zig-zags in w2 when 1 - 2aη < 0."""
    start, steps = np.array([start_x, start_y], float), int(steps)
    run = _rate_run(eta, a, start, steps, tol)
    values = {k: v for k, v in run.items() if k not in ("path", "distance")}
    values |= {
        "eta": float(eta),
        "factor_w1": abs(1.0 - 2.0 * eta),
        "factor_w2": abs(1.0 - 2.0 * a * eta),
        "critical_eta": 1.0 / a,
    }
    f = surfaces.quadratic(a)
    contour = surface_panel(f"L = w1² + {a:g} w2², η = {eta:.3g}", f, "w1", "w2")
    contour.items += level_lines(np.diag([1.0, a]), (0, 0), [0.05, 0.3, 1.0, 2.5, 5.24])
    contour.items += path_lines(
        _within(run["path"][: min(steps, 60) + 1], 3.0 * f.y_range[1]), f"η = {eta:.3g}", 0
    )
    dist = Panel("distance to the minimum", [], "step", "|w|", log_y=True, y_range=(1e-6, 1e3))
    n = _step_axis(steps + 1)
    for i, (name, rate) in enumerate(RATE_EXAMPLES.items(), start=1):
        ref = _rate_run(rate, a, start, steps, tol)["distance"]
        k = _finite_prefix(ref)
        dist.items.append(Line(n[:k], ref[:k], f"{name} η={rate:g}", "dashed", i, 1.0))
    k = _finite_prefix(run["distance"])
    dist.items.append(Line(n[:k], run["distance"][:k], f"η = {eta:.3g}", colour=0))
    dist.items.append(Marker(tol, f"converged: {tol:g}", "horizontal"))
    state = "diverges" if run["diverged"] else "converges" if run["converged"] else "crawls"
    caption = (
        f"η = {eta:.3g}: w1 × {values['factor_w1']:.3f}, w2 × {1 - 2 * a * eta:+.3f} per step: "
        f"{state}" + (f" in {run['steps_to_converge']} steps" if run["converged"] else "")
    )
    return Result(values, Figure([contour, dist], 2, caption))


def _finite_prefix(values: np.ndarray) -> int:
    """How many leading values are finite (a diverged path turns to inf, then NaN)."""
    bad = np.flatnonzero(~np.isfinite(values))
    return int(bad[0]) if len(bad) else len(values)


def _within(path: np.ndarray, bound: float) -> np.ndarray:
    """The path up to and including its first point beyond ``bound`` (a diverging path
    would otherwise fill the map with lines far outside it)."""
    with np.errstate(invalid="ignore"):
        out = np.flatnonzero(~(np.abs(path) <= bound).all(axis=1))
    return path[: out[0] + 1] if len(out) else path


def _nearest_minimum(point: np.ndarray, minima: np.ndarray) -> tuple[int, float]:
    d = np.linalg.norm(minima - point, axis=1)
    return int(np.argmin(d)), float(np.min(d))


@experiment(
    "descent.start_points",
    sliders=(
        Slider("start_x", "start x", -4.5, 4.5, 0.1, -0.3),
        Slider("start_y", "start y", -4.5, 4.5, 0.1, -0.9),
    ),
)
def start_points(
    start_x: float = -0.3, start_y: float = -0.9, lr: float = 0.01, steps: int = 200
) -> Result:
    """Gradient descent on Himmelblau's function from the lesson's four starts and the
    learner's: which of the four minima each path ends in."""
    f = surfaces.HIMMELBLAU
    minima = np.array(f.minima)
    starts = [*HIMMELBLAU_STARTS, (float(start_x), float(start_y))]
    contour = surface_panel("f = (x² + y - 11)² + (x + y² - 7)²", f, "x", "y")
    reached, worst = [], 0.0
    for i, s in enumerate(starts):
        p = surfaces.optimizer_path(f, s, {"kind": "sgd", "lr": lr}, int(steps))
        k, d = _nearest_minimum(p[-1], minima) if np.isfinite(p[-1]).all() else (-1, np.inf)
        reached.append(k)
        worst = max(worst, d)
        label = (
            f"({s[0]:g}, {s[1]:g}) → min {k + 1}" if k >= 0 else f"({s[0]:g}, {s[1]:g}) diverged"
        )
        contour.items += path_lines(p, label, i)
    contour.items.append(Points(minima[:, 0], minima[:, 1], None, "minima, f = 0", 10.0))
    contour.items += [Text(x + 0.2, y + 0.3, str(k)) for k, (x, y) in enumerate(minima, 1)]
    lesson_minima = set(reached[: len(HIMMELBLAU_STARTS)]) - {-1}
    mine = reached[-1]
    values = {
        "distinct_minima": len(lesson_minima),
        "all_converged": bool(worst < 1e-3),
        "worst_distance": float(worst),
        "learner_minimum": mine + 1,  # 1..4, 0 when the path diverged
        "learner_end_x": float(minima[mine, 0]) if mine >= 0 else float("nan"),
        "learner_end_y": float(minima[mine, 1]) if mine >= 0 else float("nan"),
    }
    caption = (
        f"{len(lesson_minima)} different minima from the lesson's {len(HIMMELBLAU_STARTS)} "
        f"starts; your start ({start_x:g}, {start_y:g}) ends in minimum {mine + 1}"
    )
    return Result(values, Figure([contour], 1, caption))

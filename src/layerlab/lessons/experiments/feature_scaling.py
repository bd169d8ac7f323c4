"""Feature scaling: linear regression on two features of very different scales is a long
narrow valley for gradient descent; standardising the features makes the bowl round.

The model is t ≈ w1·x1 + w2·x2 on centred features and target (the best bias of a model with
centred features is the mean of t whatever the weights, so the bias drops out and the loss is
a function of (w1, w2) alone). Standardising divides each centred feature by its standard
deviation: the same model in other coordinates (w_raw = w_scaled / std), so both runs start
from w = 0 with the same loss and are compared on the loss.
"""

from __future__ import annotations

import numpy as np

from layerlab.engine import surfaces
from layerlab.lessons.contours import level_lines, path_lines
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.figure import Figure, Line, Marker, Panel, Points


def regression_data(scale: float, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """x1 in [0, 1], x2 in [0, scale]; t = 2 x1 + 3 x2 / scale + noise."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, (n, 2)) * np.array([1.0, scale])
    t = 2.0 * x[:, 0] + 3.0 * x[:, 1] / scale + 0.1 * rng.standard_normal(n)
    return x, t


def quadratic_loss(x: np.ndarray, t: np.ndarray) -> tuple[surfaces.Surface, np.ndarray]:
    """L(w) = mean (x_c·w - t_c)² for centred x, t, as an engine Surface (exact gradient), and
    A = x_cᵀ x_c / n with L = (w - w*)ᵀ A (w - w*) + L* (its Hessian is 2A)."""
    xc, tc = x - x.mean(axis=0), t - t.mean()
    a = xc.T @ xc / len(tc)
    w_min = np.linalg.solve(a, xc.T @ tc / len(tc))
    floor = float(np.mean((xc @ w_min - tc) ** 2))

    def value(w1, w2):
        d1, d2 = w1 - w_min[0], w2 - w_min[1]
        return a[0, 0] * d1 * d1 + 2.0 * a[0, 1] * d1 * d2 + a[1, 1] * d2 * d2 + floor

    def gradient(w1, w2):
        d1, d2 = w1 - w_min[0], w2 - w_min[1]
        return 2.0 * (a[0, 0] * d1 + a[0, 1] * d2), 2.0 * (a[0, 1] * d1 + a[1, 1] * d2)

    box = 1.2 * float(np.abs(w_min).max())
    ranges = tuple((float(m) - box, float(m) + box) for m in w_min)
    f = surfaces.Surface(
        "regression", "L = mean (w1 x1 + w2 x2 - t)²", value, gradient, ranges[0], ranges[1],
        (0.0, 0.0), ((float(w_min[0]), float(w_min[1])),),
    )  # fmt: skip
    return f, a


def predicted_steps(a: np.ndarray, e0: np.ndarray, lr: float, tol: float) -> int:
    """Steps of w ← w - lr·∇L from w* + e0 until the loss above the minimum is at most tol times
    its start value (-1: never), from the eigen-decomposition of A: the loss above the minimum
    is Σ λ c² and each eigen-component c scales by 1 - 2·lr·λ per step."""
    lam, vec = np.linalg.eigh(a)
    share = lam * (vec.T @ e0) ** 2
    shrink = (1.0 - 2.0 * lr * lam) ** 2
    if np.any((shrink >= 1.0) & (share > 0)):
        return -1
    target = tol * share.sum()

    def excess(k: int) -> float:
        return float((share * shrink**k).sum())

    lo, hi = 0, 1  # excess(lo) > target >= excess(hi), found by doubling then bisection
    while excess(hi) > target:
        lo, hi = hi, 2 * hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if excess(mid) <= target else (mid, hi)
    return hi


def _gd(f: surfaces.Surface, lr: float, max_steps: int, tol: float) -> tuple[np.ndarray, int]:
    """The engine's SGD path from (0, 0) and the first step at which the excess loss is below
    tol times the start's (-1 if none within max_steps)."""
    path = surfaces.optimizer_path(f, (0.0, 0.0), {"kind": "sgd", "lr": lr}, max_steps)
    floor = f.value(*f.minima[0])
    excess = f.value(path[:, 0], path[:, 1]) - floor
    below = np.flatnonzero(excess <= tol * excess[0])
    return path, int(below[0]) if len(below) else -1


def _panel(title: str, f: surfaces.Surface, a: np.ndarray, path: np.ndarray, colour: int) -> Panel:
    m = np.array(f.minima[0])
    start_excess = float(f.value(0.0, 0.0) - f.value(*m))
    panel = Panel(title, [], "w1", "w2", aspect_locked=True)
    panel.items += level_lines(a, m, start_excess * np.array([0.01, 0.1, 0.3, 0.6, 1.0]))
    panel.items += path_lines(path, "gradient descent", colour)
    panel.items.append(Points(m[:1], m[1:], None, "minimum", 10.0))
    return panel


@experiment(
    "descent.feature_scaling",
    sliders=(Slider("scale", "x2 range [0, scale]", 1.0, 1000.0, 1.0, 1000.0, log=True),),
)
def feature_scaling(
    scale: float = 1000.0,
    n: int = 50,
    seed: int = 0,
    tol: float = 1e-6,
    max_steps: int = 2000,
    shown_steps: int = 100,
) -> Result:
    """Condition number and gradient-descent steps (step 1/λmax of the Hessian) before and
    after standardising the features."""
    x, t = regression_data(scale, int(n), int(seed))
    raw = quadratic_loss(x, t)
    scaled = quadratic_loss((x - x.mean(axis=0)) / x.std(axis=0), t)
    values: dict[str, float | int | bool] = {"scale": float(scale)}
    panels, curves = [], Panel("loss above the minimum", [], "step", "L - L*", log_y=True)
    for i, (name, (f, a)) in enumerate((("raw", raw), ("scaled", scaled))):
        lam = np.linalg.eigvalsh(a)
        lr = 1.0 / (2.0 * lam[-1])  # 1/λmax of the Hessian 2A: the steep direction in one step
        path, steps = _gd(f, lr, int(max_steps), tol)
        values[f"condition_{name}"] = float(lam[-1] / lam[0])
        values[f"lr_{name}"] = lr
        values[f"steps_{name}"] = steps
        values[f"converged_{name}"] = steps >= 0
        e0 = -np.array(f.minima[0])
        values[f"predicted_steps_{name}"] = predicted_steps(a, e0, lr, tol)
        title = f"{name}: κ = {lam[-1] / lam[0]:.3g}"
        panels.append(_panel(title, f, a, path[: int(shown_steps) + 1], i))
        excess = f.value(path[:, 0], path[:, 1]) - f.value(*f.minima[0])
        curves.items.append(Line(np.arange(len(path), dtype=float), excess, name, colour=i))
    curves.items.append(Marker(tol * float(excess[0]), f"{tol:g} × start", "horizontal"))
    values["condition_ratio"] = values["condition_raw"] / values["condition_scaled"]
    values["steps_ratio"] = values["predicted_steps_raw"] / max(values["steps_scaled"], 1)
    caption = (
        f"x2 in [0, {scale:g}]: κ {values['condition_raw']:.3g} → "
        f"{values['condition_scaled']:.3g}; steps to 1e-6 of the start loss: "
        f"{values['predicted_steps_raw']:,} → {values['steps_scaled']}"
    )
    return Result(values, Figure([*panels, curves], 3, caption))

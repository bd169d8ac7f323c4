"""Exact two-parameter loss surfaces, and optimizer paths on them with the engine's update rules.

Every surface maps arrays x, y (any one shape) to values and analytic gradients of that shape.
Grids are indexed ``[i, j]`` at ``(xs[j], ys[i])``, rows following y as in an image. Importing
this module loads no numba (the update kernel loads on the first step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from layerlab.engine.optimizers import OptimizerConfig, parse_optimizer
from layerlab.engine.schedules import lr_at

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
Fn = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Surface:
    """A 2-D function with its gradient, plot ranges, a start point and suggested optimizers."""

    name: str
    formula: str
    value: Fn
    gradient: Callable[[Any, Any], tuple[Any, Any]]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...] = ()
    presets: dict[str, dict[str, Any]] = field(default_factory=dict)
    steps: int = 50
    log_scale: bool = False  # values span decades: draw contours of log(1 + f)


def _sgd(lr: float) -> dict[str, Any]:
    return {"kind": "sgd", "lr": lr}


# 《深度学习入门》 figure 6-8: 30 steps from (-7, 2) with these settings.
BOOK_PRESETS = {
    "SGD": _sgd(0.95),
    "Momentum": {"kind": "momentum", "lr": 0.1, "momentum": 0.9},
    "AdaGrad": {"kind": "adagrad", "lr": 1.5},
    "Adam": {"kind": "adam", "lr": 0.3},
}
TEXTBOOK = Surface(
    "textbook", "f(x, y) = x²/20 + y²",
    lambda x, y: x * x / 20.0 + y * y,
    lambda x, y: (x / 10.0, 2.0 * y),
    (-10.0, 10.0), (-5.0, 5.0), (-7.0, 2.0), ((0.0, 0.0),), BOOK_PRESETS, 30,
)  # fmt: skip
ROSENBROCK = Surface(
    "rosenbrock", "f(x, y) = (1 - x)² + 100 (y - x²)²",
    lambda x, y: (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2,
    lambda x, y: (-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)),
    (-2.0, 2.0), (-1.0, 3.0), (-1.2, 1.0), ((1.0, 1.0),),
    {"SGD": _sgd(0.001), "Momentum": {"kind": "momentum", "lr": 0.002, "momentum": 0.9},
     "Adam": {"kind": "adam", "lr": 0.05}},
    500, True,
)  # fmt: skip
SADDLE = Surface(
    "saddle", "f(x, y) = x² - y²",
    lambda x, y: x * x - y * y,
    lambda x, y: (2.0 * x, -2.0 * y),
    (-2.0, 2.0), (-2.0, 2.0), (-1.8, 1e-3), (),
    {"SGD": _sgd(0.05), "Momentum": {"kind": "momentum", "lr": 0.05, "momentum": 0.9},
     "Adam": {"kind": "adam", "lr": 0.05}},
    60,
)  # fmt: skip
_BEALE_C = (1.5, 2.25, 2.625)


def _beale(x, y):
    return sum((c - x + x * y ** (i + 1)) ** 2 for i, c in enumerate(_BEALE_C))


def _beale_grad(x, y):
    terms = [(c - x + x * y ** (i + 1), i + 1) for i, c in enumerate(_BEALE_C)]
    gx = sum(2.0 * t * (y**k - 1.0) for t, k in terms)
    gy = sum(2.0 * t * k * x * y ** (k - 1) for t, k in terms)
    return gx, gy


BEALE = Surface(
    "beale", "f(x, y) = Σ_k (c_k - x + x yᵏ)², c = (1.5, 2.25, 2.625)",
    _beale, _beale_grad, (-4.5, 4.5), (-4.5, 4.5), (1.0, 1.5), ((3.0, 0.5),),
    {"SGD": _sgd(0.01), "Momentum": {"kind": "momentum", "lr": 0.002, "momentum": 0.9},
     "Adam": {"kind": "adam", "lr": 0.1}},
    300, True,
)  # fmt: skip
HIMMELBLAU = Surface(
    "himmelblau", "f(x, y) = (x² + y - 11)² + (x + y² - 7)²",
    lambda x, y: (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2,
    lambda x, y: (4.0 * x * (x * x + y - 11.0) + 2.0 * (x + y * y - 7.0),
                  2.0 * (x * x + y - 11.0) + 4.0 * y * (x + y * y - 7.0)),
    (-5.0, 5.0), (-5.0, 5.0), (-0.3, -0.9),
    ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
    {"SGD": _sgd(0.01), "Momentum": {"kind": "momentum", "lr": 0.002, "momentum": 0.9},
     "Adam": {"kind": "adam", "lr": 0.1}},
    100, True,
)  # fmt: skip


def quadratic(a: float = 20.0) -> Surface:
    """w1² + a w2²: gradient descent with rate lr scales w2 by 1 - 2 a lr each step."""
    crit = 1.0 / a  # |1 - 2 a lr| reaches 1 here: larger rates diverge
    presets = {
        "too_small": _sgd(0.05 * crit),
        "right": _sgd(0.5 * crit),
        "zigzag": _sgd(0.8 * crit),
        "too_large": _sgd(1.2 * crit),
    }
    return Surface(
        "quadratic", f"f(w1, w2) = w1² + {a:g} w2²",
        lambda x, y: x * x + a * y * y, lambda x, y: (2.0 * x, 2.0 * a * y),
        (-2.0, 2.0), (-1.5, 1.5), (-1.8, 1.0), ((0.0, 0.0),), presets, 30,
    )  # fmt: skip


def gd_factor(curvature: float, lr: float) -> float:
    """|1 - curvature * lr|: how GD scales the distance along an axis of f'' = curvature."""
    return abs(1.0 - curvature * lr)


# A single neuron p = sigmoid(w x + b) with binary cross-entropy on 8 points (not separable).
NEURON_X = np.array([-2.5, -1.5, -1.0, -0.3, 0.4, 0.9, 1.6, 2.4])
NEURON_Y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0])


def _neuron(w, b):
    z = np.multiply.outer(np.asarray(w, np.float64), NEURON_X) + np.asarray(b)[..., None]
    return np.mean(np.logaddexp(0.0, z) - NEURON_Y * z, axis=-1)


def _neuron_grad(w, b):
    z = np.multiply.outer(np.asarray(w, np.float64), NEURON_X) + np.asarray(b)[..., None]
    err = 0.5 * (1.0 + np.tanh(0.5 * z)) - NEURON_Y  # sigmoid(z) - y, overflow-free
    return np.mean(err * NEURON_X, axis=-1), np.mean(err, axis=-1)


def _neuron_minimum() -> tuple[float, float]:
    """Newton's method on the (convex) logistic loss."""
    theta = np.zeros(2)
    feats = np.stack([NEURON_X, np.ones_like(NEURON_X)], axis=1)
    for _ in range(30):
        p = 0.5 * (1.0 + np.tanh(0.5 * (feats @ theta)))
        hess = (feats * (p * (1.0 - p))[:, None]).T @ feats / len(p)
        theta -= np.linalg.solve(hess, feats.T @ (p - NEURON_Y) / len(p))
    return float(theta[0]), float(theta[1])


NEURON = Surface(
    "neuron", "L(w, b) = mean BCE(sigmoid(w x + b), y) over 8 points",
    _neuron, _neuron_grad, (-3.0, 5.0), (-4.0, 4.0), (-2.5, 3.0), (_neuron_minimum(),),
    {"SGD": _sgd(1.0), "Momentum": {"kind": "momentum", "lr": 0.3, "momentum": 0.9},
     "Adam": {"kind": "adam", "lr": 0.1}},
    100,
)  # fmt: skip

# Linear regression t ≈ w1 x1 + w2 x2 on 6 points; correlated features make a long valley.
REGRESSION_X = np.array([[0.5, 1.2], [1.0, 0.4], [1.5, 1.9], [2.0, 1.1], [2.5, 2.6], [3.0, 2.2]])
REGRESSION_T = np.array([-0.1, 1.7, 1.2, 3.1, 2.6, 4.0])
_RA = REGRESSION_X.T @ REGRESSION_X / len(REGRESSION_T)  # L = wᵀ A w - 2 cᵀ w + t·t / m
_RC = REGRESSION_X.T @ REGRESSION_T / len(REGRESSION_T)
_RT = float(REGRESSION_T @ REGRESSION_T / len(REGRESSION_T))
_R_MIN = np.linalg.solve(_RA, _RC)


def _regression(w1, w2):
    return (
        _RA[0, 0] * w1 * w1
        + 2.0 * _RA[0, 1] * w1 * w2
        + _RA[1, 1] * w2 * w2
        - 2.0 * (_RC[0] * w1 + _RC[1] * w2)
        + _RT
    )


def _regression_grad(w1, w2):
    return (
        2.0 * (_RA[0, 0] * w1 + _RA[0, 1] * w2 - _RC[0]),
        2.0 * (_RA[0, 1] * w1 + _RA[1, 1] * w2 - _RC[1]),
    )


REGRESSION = Surface(
    "regression", "L(w1, w2) = mean (w1 x1 + w2 x2 - t)² over 6 points",
    _regression, _regression_grad, (-2.0, 4.0), (-3.0, 3.0), (-1.5, 2.5),
    ((float(_R_MIN[0]), float(_R_MIN[1])),),
    {"SGD": _sgd(0.1), "Momentum": {"kind": "momentum", "lr": 0.02, "momentum": 0.9},
     "Adam": {"kind": "adam", "lr": 0.1}},
    100,
)  # fmt: skip

SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (TEXTBOOK, ROSENBROCK, SADDLE, BEALE, HIMMELBLAU, quadratic(), NEURON, REGRESSION)
}


def surface(f: Surface | str) -> Surface:
    """A surface itself or the registered one of that name."""
    if isinstance(f, Surface):
        return f
    if f not in SURFACES:
        raise ValueError(f"unknown surface {f!r}; choose one of {', '.join(SURFACES)}")
    return SURFACES[f]


def grid(f: Surface | str, xs: npt.ArrayLike, ys: npt.ArrayLike) -> F32:
    """Values Z (len(ys), len(xs)) float32, Z[i, j] = f(xs[j], ys[i])."""
    x, y = np.meshgrid(np.asarray(xs, np.float64), np.asarray(ys, np.float64))
    return np.ascontiguousarray(surface(f).value(x, y), dtype=np.float32)


def gradient_field(f: Surface | str, xs: npt.ArrayLike, ys: npt.ArrayLike) -> tuple[F32, F32]:
    """(df/dx, df/dy), each (len(ys), len(xs)) float32, on the same grid as ``grid``."""
    x, y = np.meshgrid(np.asarray(xs, np.float64), np.asarray(ys, np.float64))
    gx, gy = surface(f).gradient(x, y)
    return (
        np.ascontiguousarray(np.broadcast_to(gx, x.shape), dtype=np.float32),
        np.ascontiguousarray(np.broadcast_to(gy, x.shape), dtype=np.float32),
    )


_MASK = np.ones(2, np.float32)  # both coordinates count as weights for L1/L2/AdamW decay


class PathStepper:
    """Walks an optimizer over a surface one step at a time, with the engine's update kernel.

    The point and optimizer state are float32 (2,) vectors, as in training. Once the point
    stops being finite the stepper reports ``diverged`` and every later point is NaN.
    """

    def __init__(
        self,
        f: Surface | str,
        start: npt.ArrayLike | None,
        optimizer: dict[str, Any] | OptimizerConfig,
    ) -> None:
        self.surface = surface(f)
        self.config = (
            optimizer if isinstance(optimizer, OptimizerConfig) else parse_optimizer(optimizer)
        )
        self._hyper = self.config.hyper()
        self._work = np.zeros(2, np.float32)
        self.reset(start)

    def reset(self, start: npt.ArrayLike | None = None) -> None:
        """Back to ``start`` (default: the surface's) with fresh optimizer state."""
        start = self.surface.start if start is None else start
        self.p = np.array(start, np.float32).reshape(2)
        self.state = np.zeros((2, 2), np.float32)
        self.t = 0
        self.diverged = not bool(np.isfinite(self.p).all())

    @property
    def point(self) -> F64:
        return np.full(2, np.nan) if self.diverged else self.p.astype(np.float64)

    def step(self) -> F64:
        """One update; returns the new point (NaN once diverged)."""
        if self.diverged:
            return self.point
        with np.errstate(all="ignore"):  # a diverging path may overflow: that is its story
            gx, gy = self.surface.gradient(np.float64(self.p[0]), np.float64(self.p[1]))
            g = np.array([gx, gy], np.float32)
        from layerlab.engine.kernels.optimizers import optimizer_update  # numba: only when run

        cfg = self.config
        lr = lr_at(cfg.schedule, cfg.lr, float(self.t))  # one step per "epoch"
        self.t += 1
        optimizer_update(
            cfg.code, self.p, g, self.state, _MASK, lr, self.t, self._hyper, self._work
        )
        self.diverged = not bool(np.isfinite(self.p).all())
        return self.point

    def run(self, k: int) -> F64:
        """The next k points, (k, 2)."""
        return np.array([self.step() for _ in range(k)]).reshape(k, 2)


def optimizer_path(
    f: Surface | str,
    start: npt.ArrayLike | None,
    optimizer: dict[str, Any] | OptimizerConfig,
    steps: int,
) -> F64:
    """(steps + 1, 2) points: the start, then each update (NaN after a divergence)."""
    stepper = PathStepper(f, start, optimizer)
    return np.concatenate([stepper.point[None], stepper.run(steps)])

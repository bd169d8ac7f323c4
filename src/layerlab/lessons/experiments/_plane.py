"""Two-dimensional data for the experiments: grids over the plane, decision regions drawn as
images, decision lines clipped to a box, and the best accuracy any straight line reaches."""

from __future__ import annotations

import numpy as np

from layerlab.lessons.figure import Image

Box = tuple[float, float, float, float]  # x0, x1, y0, y1


def grid_points(box: Box, steps: int) -> np.ndarray:
    """(steps * steps, 2) float32 points; row-major with the first row at the top (y1)."""
    x0, x1, y0, y1 = box
    xs = np.linspace(x0, x1, steps)
    ys = np.linspace(y1, y0, steps)
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)


def as_image(values: np.ndarray, steps: int) -> np.ndarray:
    """Values computed at :func:`grid_points` as a (steps, steps) float32 image."""
    return np.ascontiguousarray(np.asarray(values, np.float32).reshape(steps, steps))


def line_in_box(w1: float, w2: float, b: float, box: Box) -> tuple[np.ndarray, np.ndarray] | None:
    """Two end points of the line w1 x + w2 y + b = 0 inside ``box``; None if it misses it."""
    x0, x1, y0, y1 = box
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return None
    if abs(w2) >= abs(w1):  # closer to horizontal: y as a function of x
        xs = np.array([x0, x1])
        ys = -(w1 * xs + b) / w2
    else:
        ys = np.array([y0, y1])
        xs = -(w2 * ys + b) / w1
    t = np.linspace(0.0, 1.0, 201)
    px, py = xs[0] + t * (xs[1] - xs[0]), ys[0] + t * (ys[1] - ys[0])
    inside = (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
    if not inside.any():
        return None
    return px[inside][[0, -1]], py[inside][[0, -1]]


def best_line_accuracy(x: np.ndarray, y: np.ndarray, angles: int = 720) -> float:
    """The highest accuracy of any rule "class 1 on one side of a line" (directions every
    360/angles degrees, every threshold between two projected points)."""
    x = np.asarray(x, np.float64)
    y = np.asarray(y).astype(bool)
    theta = np.linspace(0.0, 2 * np.pi, angles, endpoint=False)
    proj = x @ np.stack([np.cos(theta), np.sin(theta)])  # (n, angles)
    order = np.argsort(proj, axis=0)
    ones = y[order]  # labels in projected order, per direction
    # threshold after the k lowest points: those are called 0, the rest 1
    zeros_below = np.vstack([np.zeros((1, angles)), np.cumsum(~ones, axis=0)])
    ones_above = ones.sum(axis=0) - np.vstack([np.zeros((1, angles)), np.cumsum(ones, axis=0)])
    return float(((zeros_below + ones_above) / len(y)).max())


def region_image(p: np.ndarray, steps: int, box: Box) -> Image:
    """Class-1 probabilities (or 0/1 outputs) at :func:`grid_points` as a light heatmap: pale
    blue where p is near 0, white at 0.5, pale red near 1 (the class colours stay readable)."""
    data = as_image(np.asarray(p, np.float32) - 0.5, steps)
    return Image(data, (-1.2, 1.2), diverging=True, extent=box)

"""Contour maps of two-parameter losses as figure items: a heatmap of the surface and, for
quadratic losses, exact level-set ellipses (no Qt, no contouring library)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from layerlab.engine import surfaces
from layerlab.lessons.figure import Image, Line, Panel


def heatmap(
    f: surfaces.Surface | str,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    n: int = 121,
    log: bool = True,
) -> Image:
    """log(1 + f) (or f) over the box as an image placed in data coordinates, row 0 at the top
    (the largest y), as figure.Image expects."""
    xs = np.linspace(x_range[0], x_range[1], n)
    ys = np.linspace(y_range[0], y_range[1], n)
    z = surfaces.grid(f, xs, ys).astype(np.float64)  # rows follow y upwards
    if log:
        z = np.log1p(np.maximum(z - float(z.min()), 0.0))
    data = np.ascontiguousarray(z[::-1], dtype=np.float32)
    return Image(
        data,
        levels=(float(data.min()), float(data.max())),
        extent=(x_range[0], x_range[1], y_range[0], y_range[1]),
        label="log(1 + f)" if log else "f",
    )


def ellipse(
    a: npt.ArrayLike, center: npt.ArrayLike, level: float, points: int = 121
) -> tuple[np.ndarray, np.ndarray]:
    """The curve (w - c)ᵀ A (w - c) = level for a symmetric positive-definite 2x2 ``a``."""
    lam, vec = np.linalg.eigh(np.asarray(a, np.float64))
    t = np.linspace(0.0, 2.0 * np.pi, points)
    unit = np.stack([np.cos(t), np.sin(t)])  # (2, points)
    w = vec @ (np.sqrt(level / lam)[:, None] * unit) + np.asarray(center, np.float64)[:, None]
    return w[0], w[1]


def level_lines(
    a: npt.ArrayLike, center: npt.ArrayLike, levels: npt.ArrayLike, colour: int = 6
) -> list[Line]:
    """Dashed, unlabelled contour lines of a quadratic bowl at the given heights above its
    minimum."""
    lines = []
    for level in np.asarray(levels, np.float64):
        x, y = ellipse(a, center, float(level))
        lines.append(Line(x, y, "", "dashed", colour, 1.0))
    return lines


def path_lines(path: np.ndarray, label: str, colour: int) -> list[Line]:
    """An optimizer path as a labelled line with a dot at every point (NaN points dropped)."""
    ok = np.isfinite(path).all(axis=1)
    p = path[ok]
    return [
        Line(p[:, 0], p[:, 1], label, "solid", colour),
        Line(p[:, 0], p[:, 1], "", "dots", colour),
    ]


def surface_panel(title: str, f: surfaces.Surface, x_label: str, y_label: str) -> Panel:
    """A square map of ``f`` over its own ranges: the heatmap; callers add lines and paths."""
    return Panel(
        title,
        [heatmap(f, f.x_range, f.y_range)],
        x_label,
        y_label,
        x_range=f.x_range,
        y_range=f.y_range,
        aspect_locked=True,
    )

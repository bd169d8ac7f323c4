"""Drawn digits to MNIST-style 28x28 images: pen strokes rendered, then preprocessed like MNIST.

MNIST's recipe (LeCun, Cortes and Burges): crop to the ink's bounding box, scale its longer side
to 20 pixels keeping the aspect ratio, with anti-aliasing (area averaging, no binarising), and
translate the result so that its centre of mass lies at the centre of the 28x28 field.

Here the translation is folded into the area resampling as a sub-pixel offset: one exact
area-weighted resample places the centre of mass at index (14, 14), as in MNIST itself (its
test digits average 13.99, 14.01), without a second interpolation. Numpy only.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]

FIELD = 28  # output side in pixels
BOX = 20  # the longer side of the ink's bounding box after scaling
CENTRE = 14.0  # centre of mass, in index coordinates (pixel i has its centre at i)
INK_FRACTION = 0.05  # pixels above this fraction of the maximum count for the bounding box
PAD_SIZE = 280
PEN_WIDTH = 28.0  # about a tenth of a digit drawn across the pad
_RAMP = np.arange(8192, dtype=np.float32)  # pixel indices, sliced by draw_segment


def pretrained_paths() -> tuple[Path, Path]:
    """(spec JSON, weights .npz) of the shipped digit classifier (28x28x1 in, 10 logits out)."""
    base = resources.files("layerlab") / "resources" / "pretrained"
    return Path(str(base / "digits.json")), Path(str(base / "digits.npz"))


def area_rows(img: F32, scale: float, offset: float, out: F32) -> F32:
    """Area-average img's rows onto ``len(out)`` rows for the map u = scale * t + offset.

    Input row j covers [j, j + 1] and lands on [scale * j + offset, scale * (j + 1) + offset];
    output row i is the mean of what lands on [i, i + 1], exact for any ratio: whole input rows
    summed by blocks, plus the fractions of the rows cut by the two edges. No matrix product,
    so no BLAS threads on the GUI's thread.
    """
    h = img.shape[0]
    edges = np.arange(len(out) + 1, dtype=np.float64)
    edges -= offset
    edges /= scale
    np.clip(edges, 0.0, h, out=edges)
    k = np.minimum(edges.astype(np.intp), h - 1)  # the input row each edge falls in
    frac = (edges - k).astype(np.float32)[:, None]  # how much of that row lies before the edge
    blocks = np.add.reduceat(img, k, axis=0)  # rows k[i] .. k[i + 1] - 1 (k[i] alone if equal)
    blocks[:-1][k[1:] == k[:-1]] = 0.0
    cut = img[k]
    cut *= frac
    np.subtract(cut[1:], cut[:-1], out=out)
    out += blocks[:-1]
    out *= np.float32(scale)
    return out


def resize_area(
    image: npt.ArrayLike,
    scale: float,
    offset: tuple[float, float] = (0.0, 0.0),
    out_shape: tuple[int, int] | None = None,
) -> F32:
    """Resample a 2-D image by ``scale`` with area averaging (ink sum scales by scale**2).

    ``offset`` (dy, dx) shifts the result by sub-pixel amounts; ``out_shape`` defaults to the
    scaled size rounded up, so partly covered edge pixels keep their share of the ink.
    """
    img = np.asarray(image, np.float32)
    h, w = img.shape
    if out_shape is None:
        out_shape = (int(np.ceil(h * scale - 1e-6)), int(np.ceil(w * scale - 1e-6)))
    tmp = area_rows(img, scale, offset[0], np.empty((out_shape[0], w), np.float32))
    res = np.empty(out_shape, np.float32)
    area_rows(tmp.T, scale, offset[1], res.T)
    return res


class Preprocessor:
    """MNIST preprocessing of pad canvases of one shape, reusing its buffers on every call.

    ``processor(canvas)`` returns the 28x28 image in an internal buffer that the next call
    overwrites; pass ``out=`` to keep results.
    """

    def __init__(self, shape: tuple[int, int] = (PAD_SIZE, PAD_SIZE)) -> None:
        self.shape = (int(shape[0]), int(shape[1]))
        h, w = self.shape
        self._crop = np.zeros((h, w), np.float32)
        self._row_max = np.zeros(h, np.float32)
        self._col_max = np.zeros(w, np.float32)
        self._tmp = np.zeros((FIELD, w), np.float32)
        self._centres = np.arange(max(h, w), dtype=np.float64) + 0.5
        self.out = np.zeros((FIELD, FIELD), np.float32)

    def __call__(self, canvas: npt.NDArray, out: F32 | None = None) -> F32:
        """The 28x28 float32 image in [0, 1] of a canvas (ink bright on dark; empty -> zeros).

        uint8 canvases are divided by 255; float canvases are taken as values in [0, 1].
        """
        if canvas.shape != self.shape:
            raise ValueError(
                f"canvas of shape {canvas.shape}; this preprocessor takes {self.shape}"
            )
        res = self.out if out is None else out
        box = self._ink_box(canvas)
        if box is None:
            res.fill(0.0)
            return res
        y0, y1, x0, x1 = box
        h, w = y1 - y0, x1 - x0
        crop = self._crop[:h, :w]
        unit = np.float32(1 / 255) if canvas.dtype == np.uint8 else np.float32(1)
        np.multiply(canvas[y0:y1, x0:x1], unit, out=crop, casting="unsafe")
        mass_y = crop.sum(axis=1, dtype=np.float64)
        mass_x = crop.sum(axis=0, dtype=np.float64)
        total = float(mass_x.sum())
        scale = BOX / max(h, w)
        # Offsets that put the scaled centre of mass on pixel 14's centre (at 14.5).
        cy = float(np.dot(mass_y, self._centres[:h])) / total
        cx = float(np.dot(mass_x, self._centres[:w])) / total
        tmp = area_rows(crop, scale, CENTRE + 0.5 - scale * cy, self._tmp[:, :w])
        area_rows(tmp.T, scale, CENTRE + 0.5 - scale * cx, res.T)
        np.clip(res, 0.0, 1.0, out=res)
        return res

    def _ink_box(self, canvas: npt.NDArray) -> tuple[int, int, int, int] | None:
        """(y0, y1, x0, x1) of the pixels above INK_FRACTION of the maximum, or None."""
        np.max(canvas, axis=1, out=self._row_max, initial=0)
        peak = float(self._row_max.max())
        if not peak > 1e-6:  # also catches NaN
            return None
        thr = np.float32(INK_FRACTION * peak)
        rows = np.flatnonzero(self._row_max > thr)
        y0, y1 = int(rows[0]), int(rows[-1]) + 1
        np.max(canvas[y0:y1], axis=0, out=self._col_max, initial=0)
        cols = np.flatnonzero(self._col_max > thr)
        return y0, y1, int(cols[0]), int(cols[-1]) + 1


def preprocess(canvas: npt.NDArray) -> F32:
    """A pad canvas (H, W), ink bright on dark, as a new MNIST-style (28, 28) float32 image."""
    canvas = np.asarray(canvas)
    if canvas.ndim != 2:
        raise ValueError(f"a canvas is a 2-D (H, W) array, not {canvas.shape}")
    return Preprocessor(canvas.shape)(canvas, out=np.zeros((FIELD, FIELD), np.float32))


def draw_segment(
    canvas: F32,
    p0: npt.ArrayLike,
    p1: npt.ArrayLike,
    pen_width: float = PEN_WIDTH,
    antialias: bool = True,
) -> None:
    """Draw a round-capped line from p0 to p1 (x, y in pixels) into ``canvas`` (max blend).

    Pixel (row r, column c) covers [c, c + 1] x [r, r + 1]; with antialiasing, its value is the
    approximate fraction of it under the pen (1 inside, ramping to 0 over one pixel).
    """
    ax, ay = (float(v) for v in np.asarray(p0).ravel()[:2])  # Python floats: fast scalar maths
    bx, by = (float(v) for v in np.asarray(p1).ravel()[:2])
    r = 0.5 * float(pen_width)
    reach = r + 1.0
    hgt, wid = canvas.shape
    c0, c1 = max(int(min(ax, bx) - reach), 0), min(int(max(ax, bx) + reach) + 1, wid)
    r0, r1 = max(int(min(ay, by) - reach), 0), min(int(max(ay, by) + reach) + 1, hgt)
    if c0 >= c1 or r0 >= r1:
        return
    dx, dy = bx - ax, by - ay
    ramp = _RAMP if max(hgt, wid) <= _RAMP.size else np.arange(max(hgt, wid), dtype=np.float32)
    xs = ramp[c0:c1] + np.float32(0.5 - ax)  # pixel centres relative to p0
    ys = (ramp[r0:r1] + np.float32(0.5 - ay))[:, None]
    length2 = dx * dx + dy * dy
    # Squared distance to the segment: t is the clamped projection onto it. In-place ufuncs
    # with float32 scalars: the cost per segment is mostly per-call overhead.
    one, zero = np.float32(1), np.float32(0)
    if length2 <= 1e-12:  # a dot
        d = xs * xs + ys * ys
    else:
        t = xs * np.float32(dx / length2) + ys * np.float32(dy / length2)
        np.minimum(np.maximum(t, zero, out=t), one, out=t)
        ey = t * np.float32(dy)
        np.subtract(ys, ey, out=ey)
        np.multiply(t, np.float32(dx), out=t)
        d = np.subtract(xs, t, out=t)
        np.multiply(d, d, out=d)
        np.multiply(ey, ey, out=ey)
        d += ey
    np.sqrt(d, out=d)
    if antialias:
        np.subtract(np.float32(r + 0.5), d, out=d)
        np.minimum(np.maximum(d, zero, out=d), one, out=d)
    else:
        d = (d <= r).astype(np.float32)
    region = canvas[r0:r1, c0:c1]
    np.maximum(region, d, out=region)


def render_strokes(
    strokes: Sequence[npt.ArrayLike],
    size: int = PAD_SIZE,
    pen_width: float = PEN_WIDTH,
    antialias: bool = True,
    out: F32 | None = None,
) -> F32:
    """Draw pen strokes, each a (k, 2) array of (x, y) pad pixels, on a (size, size) canvas.

    Consecutive points of a stroke are joined by round-capped segments; strokes are never
    joined to each other. Ink is 1 on 0, float32; ``out`` (cleared first) avoids allocating.
    """
    canvas = np.zeros((size, size), np.float32) if out is None else out
    canvas.fill(0.0)
    for stroke in strokes:
        pts = np.asarray(stroke, np.float64).reshape(-1, 2).tolist()
        if len(pts) == 1:
            draw_segment(canvas, pts[0], pts[0], pen_width, antialias)
        for a, b in itertools.pairwise(pts):
            draw_segment(canvas, a, b, pen_width, antialias)
    return canvas

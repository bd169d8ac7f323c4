"""Generated 2-D data sets in the style of TensorFlow Playground, scaled to about [-1, 1].

Classification sets are balanced (class counts differ by at most 1), shuffled, with
``noise`` the standard deviation of Gaussian jitter added to the points after labelling.
Regression sets draw points uniformly from [-1, 1]^2 and add ``noise`` to the targets.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from layerlab.data.dataset import DataError, Dataset

FEATURE_NAMES = ("x1", "x2")
CLASS_NAMES = ("0", "1")
SPIRAL_TURNS = 1.75
GAUSSIAN_CENTER = 0.4
GAUSSIAN_STD = 0.1
BUMP_CENTERS = ((0.4, 0.4), (-0.4, -0.4))
BUMP_SIGNS = (1.0, -1.0)
BUMP_WIDTH = 0.3

Points = NDArray[np.float64]
Sampler = Callable[[np.random.Generator, int, int], tuple[Points, Points]]


def _start(n: int, noise: float, seed: int, minimum: int) -> np.random.Generator:
    """Validate the common arguments and return the seeded generator."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < minimum:
        raise DataError(f"n must be an integer of at least {minimum}, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise DataError(f"noise must be a non-negative number, got {noise!r}")
    return np.random.default_rng(seed)


def _classification(name: str, n: int, noise: float, seed: int, sample: Sampler) -> Dataset:
    """Build a balanced, shuffled two-class set from ``sample(rng, n0, n1) -> (class0, class1)``."""
    rng = _start(n, noise, seed, 2)
    n1 = n // 2
    n0 = n - n1
    class0, class1 = sample(rng, n0, n1)
    x = np.concatenate([class0, class1])
    y = np.concatenate([np.zeros(n0, np.int32), np.ones(n1, np.int32)])
    order = rng.permutation(n)  # drawn before the noise: the noise only jitters the points
    x, y = x[order], y[order]
    if noise > 0:
        x = x + rng.normal(0.0, noise, x.shape)
    x = np.ascontiguousarray(x, dtype=np.float32)
    return Dataset(name, x, y, "classification", CLASS_NAMES, FEATURE_NAMES)


def _polar(r: Points, t: Points) -> Points:
    """Points at radius ``r`` and angle ``t`` (x = r cos t, y = r sin t)."""
    return np.stack([r * np.cos(t), r * np.sin(t)], axis=1)


def _circle(rng: np.random.Generator, n0: int, n1: int) -> tuple[Points, Points]:
    """An outer ring (radius 0.7 to 1) and an inner disk (radius below 0.5)."""
    outer = _polar(rng.uniform(0.7, 1.0, n0), rng.uniform(0, 2 * np.pi, n0))
    inner = _polar(rng.uniform(0.0, 0.5, n1), rng.uniform(0, 2 * np.pi, n1))
    return outer, inner


def _quadrants(rng: np.random.Generator, k: int, same_sign: bool) -> Points:
    """Points with |x1|, |x2| in [0.05, 1] whose signs agree (or differ)."""
    size = rng.uniform(0.05, 1.0, (k, 2))
    sign = rng.choice([-1.0, 1.0], k)
    return size * np.stack([sign, sign if same_sign else -sign], axis=1)


def _xor(rng: np.random.Generator, n0: int, n1: int) -> tuple[Points, Points]:
    """Opposite-sign quadrants, then same-sign quadrants."""
    return _quadrants(rng, n0, False), _quadrants(rng, n1, True)


def _blob(rng: np.random.Generator, k: int, center: float) -> Points:
    """A round Gaussian blob at (center, center), clipped at 3 standard deviations."""
    limit = 3 * GAUSSIAN_STD
    return center + np.clip(rng.normal(0.0, GAUSSIAN_STD, (k, 2)), -limit, limit)


def _gaussians(rng: np.random.Generator, n0: int, n1: int) -> tuple[Points, Points]:
    """The blob at (-0.4, -0.4), then the one at (0.4, 0.4)."""
    return _blob(rng, n0, -GAUSSIAN_CENTER), _blob(rng, n1, GAUSSIAN_CENTER)


def _arm(rng: np.random.Generator, k: int, delta: float) -> Points:
    """Points on the spiral arm with angle 2 pi * 1.75 * r + delta, r uniform in [0, 1)."""
    r = rng.uniform(0.0, 1.0, k)
    return _polar(r, 2 * np.pi * SPIRAL_TURNS * r + delta)


def _spiral(rng: np.random.Generator, n0: int, n1: int) -> tuple[Points, Points]:
    """The arm turned by pi, then the arm through angle 0."""
    return _arm(rng, n0, np.pi), _arm(rng, n1, 0.0)


def _moons(rng: np.random.Generator, n0: int, n1: int) -> tuple[Points, Points]:
    """scikit-learn's moons (upper unit arc, lower arc shifted by (1, 0.5)), scaled by 1/1.5."""
    upper = _polar(np.ones(n0), rng.uniform(0, np.pi, n0))
    lower = np.array([1.0, 0.5]) - _polar(np.ones(n1), rng.uniform(0, np.pi, n1))
    shift = np.array([0.5, 0.25])
    return (upper - shift) / 1.5, (lower - shift) / 1.5


def make_circle(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Class 1: a disk of radius 0.5; class 0: a ring with radius 0.7 to 1."""
    return _classification("circle", n, noise, seed, _circle)


def make_xor(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Class 1 where x1 * x2 > 0, class 0 where it is < 0; |x1|, |x2| in [0.05, 1]."""
    return _classification("xor", n, noise, seed, _xor)


def make_gaussians(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Two round blobs (std 0.1, clipped at 3 std): class 1 at (0.4, 0.4), class 0 opposite."""
    return _classification("gaussians", n, noise, seed, _gaussians)


def make_spiral(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Two interleaved spirals: angle = 2 pi * 1.75 * r (class 1) or that plus pi (class 0)."""
    return _classification("spiral", n, noise, seed, _spiral)


def make_moons(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Two interleaved half circles (scikit-learn's moons) in [-1, 1] x [-0.5, 0.5].

    Class 0 lies on the upper arc centred at (-1/3, -1/6), class 1 on the lower arc centred
    at (1/3, 1/6), both of radius 2/3.
    """
    return _classification("moons", n, noise, seed, _moons)


def _regression(
    name: str, n: int, noise: float, seed: int, target: Callable[[Points], Points]
) -> Dataset:
    """Build a regression set with x uniform in [-1, 1]^2 and y = target(x) + noise."""
    rng = _start(n, noise, seed, 1)
    x = rng.uniform(-1.0, 1.0, (n, 2))
    y = target(x)
    if noise > 0:
        y = y + rng.normal(0.0, noise, n)
    x32 = np.ascontiguousarray(x, dtype=np.float32)
    y32 = np.ascontiguousarray(y.reshape(n, 1), dtype=np.float32)
    return Dataset(name, x32, y32, "regression", (), FEATURE_NAMES)


def plane_target(x: Points) -> Points:
    """The plane's target: (x1 + x2) / 2, in [-1, 1]."""
    return (x[:, 0] + x[:, 1]) / 2


def bumps_target(x: Points) -> Points:
    """A positive Gaussian bump at (0.4, 0.4) plus a negative one at (-0.4, -0.4), width 0.3."""
    total = np.zeros(len(x))
    for center, sign in zip(BUMP_CENTERS, BUMP_SIGNS, strict=True):
        d2 = ((x - np.array(center)) ** 2).sum(axis=1)
        total += sign * np.exp(-d2 / (2 * BUMP_WIDTH**2))
    return total


def make_plane(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Regression on a tilted plane: y = (x1 + x2) / 2."""
    return _regression("plane", n, noise, seed, plane_target)


def make_gaussian_regression(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Regression on two Gaussian bumps of opposite sign (see ``bumps_target``)."""
    return _regression("gaussian_regression", n, noise, seed, bumps_target)


TOY2D: dict[str, Callable[..., Dataset]] = {
    "circle": make_circle,
    "xor": make_xor,
    "gaussians": make_gaussians,
    "spiral": make_spiral,
    "moons": make_moons,
    "plane": make_plane,
    "gaussian_regression": make_gaussian_regression,
}

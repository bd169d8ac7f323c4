"""Activation functions: the gallery of the engine's functions with their derivatives, and
sigmoid applied again and again."""

from __future__ import annotations

import numpy as np

from layerlab.engine.kernels import activations as kernels
from layerlab.engine.layers.activation import ACTIVATIONS, DEFAULT_ALPHA, FORMULAS
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.figure import Figure, Line, Marker, Panel, Region

# The engine's element-wise activations in teaching order (swish is silu; softmax is a row-wise
# function, shown in the softmax lesson).
GALLERY = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "silu",
    "gelu",
    "gelu_tanh",
    "softplus",
    "step",
    "identity",
)
SATURATED = 0.01  # |f'| below this: the unit passes back almost no gradient
X_LIMIT = 6.0


def _sigmoid(x: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-x))


@experiment("activations.repeated_sigmoid")
def repeated_sigmoid(start: float = 2.0, times: int = 12) -> Result:
    """sigma(sigma(...sigma(x))) converges to the fixed point x = sigma(x) = 0.659."""
    xs = [float(start)]
    for _ in range(times):
        xs.append(float(_sigmoid(xs[-1])))
    fixed = 0.5
    for _ in range(200):  # x = sigma(x) by iteration (a contraction: sigma' <= 0.25)
        fixed = float(_sigmoid(fixed))
    fig = Figure(
        [
            Panel(
                "sigma applied n times",
                [
                    Line(np.arange(len(xs), dtype=float), np.array(xs), "value", "solid"),
                    Line(np.arange(len(xs), dtype=float), np.array(xs), "", "dots"),
                    Marker(fixed, f"fixed point {fixed:.3f}", "horizontal"),
                ],
                "n",
                "value",
            )
        ],
        columns=1,
        caption="  ".join(f"{v:.3f}" for v in xs[:6]) + " ...",
    )
    return Result(
        {"first": xs[1], "second": xs[2], "third": xs[3], "last": xs[-1], "fixed_point": fixed},
        fig,
    )


def engine_activation(
    name: str, x: np.ndarray, alpha: float | None = None, beta: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """(f(x), f'(x)) computed by the engine's kernels (float32); ``alpha`` None: the layer's
    default. The step's f' is the engine's straight-through 1."""
    code = ACTIVATIONS[name]
    a = DEFAULT_ALPHA.get(name, 0.0) if alpha is None else float(alpha)
    x32 = np.ascontiguousarray(x, dtype=np.float32)
    y = np.empty_like(x32)
    dx = np.empty_like(x32)
    kernels.act_forward(code, x32, a, float(beta), y)
    kernels.act_backward(code, x32, y, np.ones_like(x32), a, float(beta), dx)
    return y, dx


def saturation_zones(
    x: np.ndarray, dy: np.ndarray, limit: float = SATURATED
) -> list[tuple[float, float]]:
    """The tails of the x range where |f'(x)| < limit: saturation, or ReLU's zero slope (a
    flat stretch in the middle, like the bottom of SiLU's dip, is not a saturation zone)."""
    flat = np.abs(dy) < limit
    edges = np.flatnonzero(np.diff(np.r_[0, flat.astype(np.int8), 0]))
    zones = zip(edges[::2], edges[1::2], strict=True)
    return [(float(x[a]), float(x[b - 1])) for a, b in zones if a == 0 or b == len(x)]


def _derivative_facts(x: np.ndarray) -> dict[str, float]:
    """The textbook numbers about sigmoid', tanh' and relu'."""
    _, ds = engine_activation("sigmoid", x)
    _, dt = engine_activation("tanh", x)
    _, dr = engine_activation("relu", x)
    right = x > 0
    return {
        "sigmoid_max_derivative": float(ds.max()),
        "sigmoid_argmax": float(x[ds.argmax()]),
        "sigmoid_saturates_beyond": float(x[right][np.argmax(ds[right] < SATURATED)]),
        "tanh_max_derivative": float(dt.max()),
        "tanh_argmax": float(x[dt.argmax()]),
        "relu_negative_derivative": float(np.abs(dr[x < 0]).max()),
        "relu_positive_derivative": float(dr[right].min()),
    }


@experiment(
    "activations.gallery",
    sliders=(
        Slider("which", "function (0-11)", 0, len(GALLERY) - 1, 1, 0),
        Slider("leaky_alpha", "LeakyReLU alpha", 0.0, 0.5, 0.01, DEFAULT_ALPHA["leaky_relu"]),
        Slider("elu_alpha", "ELU alpha", 0.0, 2.0, 0.05, DEFAULT_ALPHA["elu"]),
        Slider("beta", "Swish beta", 0.0, 5.0, 0.1, 1.0),
    ),
)
def gallery(
    which: int = 0,
    leaky_alpha: float = DEFAULT_ALPHA["leaky_relu"],
    elu_alpha: float = DEFAULT_ALPHA["elu"],
    beta: float = 1.0,
) -> Result:
    """One engine activation f (solid) and f' (dashed) with its flat zones, beside the
    derivatives of sigmoid, tanh and ReLU."""
    name = GALLERY[int(np.clip(which, 0, len(GALLERY) - 1))]
    alpha = {"leaky_relu": leaky_alpha, "elu": elu_alpha}.get(name)
    x = np.linspace(-X_LIMIT, X_LIMIT, 1201)
    y, dy = engine_activation(name, x, alpha, beta)
    zones = saturation_zones(x, dy)
    chosen = _function_panel(name, x, y, dy, zones)
    facts = _derivative_facts(x)
    flat = ", ".join(f"[{a:.1f}, {b:.1f}]" for a, b in zones) or "none"
    caption = (
        f"{name}: max f' = {dy.max():.3f} at x = {x[dy.argmax()]:.2f}; |f'| < {SATURATED} on "
        f"{flat}. sigmoid' <= {facts['sigmoid_max_derivative']:.3f}, "
        f"tanh' <= {facts['tanh_max_derivative']:.3f}, relu' = 0 for x < 0"
    )
    values = {
        "name": name,
        "max_derivative": float(dy.max()),
        "min_derivative": float(dy.min()),
        "argmax": float(x[dy.argmax()]),
        "saturation_zones": len(zones),
        **facts,
    }
    return Result(values, Figure([chosen, _slopes_panel(x)], columns=2, caption=caption))


def _function_panel(
    name: str, x: np.ndarray, y: np.ndarray, dy: np.ndarray, zones: list[tuple[float, float]]
) -> Panel:
    """f solid, f' dashed, the saturation zones shaded and the largest slope marked."""
    slope = "f' (straight-through)" if name == "step" else "f'"
    return Panel(
        f"{name}: {FORMULAS[name]}",
        [
            *(Region(a, b, f"|f'| < {SATURATED}") for a, b in zones),
            Line(x, y.astype(float), "f", colour=0),
            Line(x, dy.astype(float), slope, "dashed", colour=1),
            Marker(float(dy.max()), f"max f' = {dy.max():.3f}", "horizontal"),
        ],
        "x",
        "y",
        x_range=(-X_LIMIT, X_LIMIT),
    )


def _slopes_panel(x: np.ndarray) -> Panel:
    """The derivatives of sigmoid, tanh and ReLU together, with 0.25 and 1 marked."""
    return Panel(
        "f' of sigmoid, tanh, relu",
        [
            *(
                Line(x, engine_activation(fn, x)[1].astype(float), f"{fn}'", colour=c)
                for fn, c in (("sigmoid", 0), ("tanh", 2), ("relu", 3))
            ),
            Marker(0.25, "0.25", "horizontal"),
            Marker(1.0, "1", "horizontal"),
        ],
        "x",
        "f'",
        x_range=(-X_LIMIT, X_LIMIT),
        y_range=(-0.1, 1.15),
    )

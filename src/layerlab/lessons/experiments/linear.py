"""Linear collapse: Dense layers without a non-linearity multiply out to one affine map, so a
deep linear network draws a straight decision line however many layers it has."""

from __future__ import annotations

import numpy as np

from layerlab.data import load_dataset
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments._networks import dense_spec, train
from layerlab.lessons.experiments._plane import (
    best_line_accuracy,
    grid_points,
    line_in_box,
    region_image,
)
from layerlab.lessons.figure import Figure, Line, Panel, Points

BOX = (-1.3, 1.3, -1.3, 1.3)
STEPS = 81
NONLINEAR = ("relu", "tanh", "sigmoid")


def stack_spec(activation: str, hidden: int = 8, seed: int = 0) -> NetworkSpec:
    """2 -> Dense(hidden) -> Dense(hidden) -> Dense(1, sigmoid), BCE, Adam 0.03, batch 10."""
    return dense_spec(
        [("h1", hidden, activation), ("h2", hidden, activation), ("out", 1, "sigmoid")], seed=seed
    )


def collapsed_map(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """(W, b) with logits = x W + b for a chain of Dense layers without activations.

    In the engine's row convention y = x W1 + b1, so W = W1 W2 W3 and
    b = (b1 W2 + b2) W3 + b3 (the textbook's column form is W3 W2 W1 x + ...).
    """
    w = np.eye(net.input_shape[0])
    b = np.zeros(net.input_shape[0])
    for layer in net.layers:
        wl = net.params[f"{layer.id}.weight"].astype(np.float64)
        bl = net.params[f"{layer.id}.bias"].astype(np.float64)
        w, b = w @ wl, b @ wl + bl
    return w, b


def logits_of(net: Network, x: np.ndarray) -> np.ndarray:
    """The network's output before its final sigmoid: the same weights in a twin whose last
    layer has no activation."""
    d = net.spec.to_dict()
    d["layers"][-1]["activation"] = "identity"
    twin = Network(NetworkSpec.from_dict(d))
    twin.load_state_dict(net.state_dict())
    return twin.forward(x).astype(np.float64)


@experiment(
    "linear.collapse",
    sliders=(Slider("nonlinear", "0 relu, 1 tanh, 2 sigmoid", 0, 2, 1, 0),),
)
def collapse(
    dataset: str = "circle",
    n: int = 300,
    noise: float = 0.05,
    seed: int = 0,
    epochs: int = 100,
    nonlinear: int = 0,
) -> Result:
    """Train the same 2-8-8-1 stack with identity and with a non-linearity on a 2-D set; check
    that the identity stack is one affine map and compare the accuracies."""
    data = load_dataset(dataset, n=n, noise=noise, seed=seed).train
    x, y = data.x, data.y
    linear = train(stack_spec("identity", seed=seed), x, y, epochs)
    w, b = collapsed_map(linear)
    probe = np.random.default_rng(seed).uniform(-3.0, 3.0, (1000, 2)).astype(np.float32)
    error = float(np.abs(logits_of(linear, probe) - (probe.astype(np.float64) @ w + b)).max())
    linear_loss = linear.evaluate(x, y)[0]
    chosen = NONLINEAR[int(np.clip(nonlinear, 0, 2))]
    nets = {"linear": linear}
    for fn in dict.fromkeys(("relu", "tanh", chosen)):  # each trained once
        nets[fn] = train(stack_spec(fn, seed=seed), x, y, epochs)
    accuracy = {fn: float(net.evaluate(x, y)[1]) for fn, net in nets.items()}
    best = best_line_accuracy(x, y)
    values = {
        "collapse_error": error,
        "linear_accuracy": accuracy["linear"],
        "linear_loss": float(linear_loss),
        "best_line_accuracy": best,
        "linear_minus_best_line": accuracy["linear"] - best,
        "relu_accuracy": accuracy["relu"],
        "tanh_accuracy": accuracy["tanh"],
        "w1": float(w[0, 0]),
        "w2": float(w[1, 0]),
        "b": float(b[0]),
    }
    panels = [
        _region_panel("3 Dense layers, no activation", nets["linear"], x, y, accuracy["linear"]),
        _region_panel(f"the same with {chosen}", nets[chosen], x, y, accuracy[chosen]),
    ]
    seg = line_in_box(float(w[0, 0]), float(w[1, 0]), float(b[0]), BOX)
    if seg is not None:
        panels[0].items.append(Line(seg[0], seg[1], "W x + b = 0", colour=3, width=2.5))
    caption = (
        f"W3·W2·W1 = [{w[0, 0]:.3f}, {w[1, 0]:.3f}], b = {b[0]:.3f}: the linear stack is "
        f"p = sigmoid({w[0, 0]:.3f} x1 + {w[1, 0]:.3f} x2 + {b[0]:.3f}) "
        f"(max difference {error:.1e}). Best any line can do here: {best:.3f}"
    )
    return Result(values, Figure(panels, columns=2, caption=caption))


def _region_panel(title: str, net: Network, x: np.ndarray, y: np.ndarray, acc: float) -> Panel:
    region = region_image(net.forward(grid_points(BOX, STEPS))[:, 0], STEPS, BOX)
    return Panel(
        f"{title}: {acc:.0%}",
        [
            region,
            Points(x[:, 0].astype(float), x[:, 1].astype(float), y, "data"),
        ],
        "x1",
        "x2",
        x_range=BOX[:2],
        y_range=BOX[2:],
        aspect_locked=True,
    )

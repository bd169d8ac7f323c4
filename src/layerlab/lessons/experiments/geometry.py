"""Representation as geometry: a network whose hidden layers have two units each bends the
input plane, layer by layer, until one straight line separates the classes (C. Olah, "Neural
Networks, Manifolds, and Topology", 2014)."""

from __future__ import annotations

import numpy as np

from layerlab.data import load_dataset
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments._networks import dense_spec, layer_outputs, train
from layerlab.lessons.experiments._plane import best_line_accuracy, line_in_box
from layerlab.lessons.figure import Figure, Line, Panel, Points

INPUT_BOX = (-1.5, 1.5, -1.0, 1.0)
TANH_BOX = (-1.05, 1.05, -1.05, 1.05)
POINTS_PER_LINE = 120


def narrow_spec(depth: int = 3, seed: int = 0, lr: float = 0.01) -> NetworkSpec:
    """2 -> ``depth`` x Dense(2, tanh) (h1, h2, ...) -> Dense(1, sigmoid), BCE, Adam, batch 10."""
    layers = [(f"h{i}", 2, "tanh") for i in range(1, depth + 1)] + [("out", 1, "sigmoid")]
    return dense_spec(layers, optimizer={"kind": "adam", "lr": lr}, seed=seed)


def grid_lines(box: tuple[float, float, float, float], count: int) -> np.ndarray:
    """(2 * count, POINTS_PER_LINE, 2): ``count`` vertical lines, then ``count`` horizontal."""
    x0, x1, y0, y1 = box
    t = np.linspace(0.0, 1.0, POINTS_PER_LINE)
    lines = []
    for c in np.linspace(x0, x1, count):
        lines.append(np.stack([np.full_like(t, c), y0 + t * (y1 - y0)], axis=1))
    for c in np.linspace(y0, y1, count):
        lines.append(np.stack([x0 + t * (x1 - x0), np.full_like(t, c)], axis=1))
    return np.array(lines, np.float32)


@experiment("geometry.uncrumple", sliders=(Slider("epochs", "epochs", 0, 400, 10, 300),))
def uncrumple(
    dataset: str = "moons",
    n: int = 300,
    noise: float = 0.1,
    seed: int = 0,
    depth: int = 3,
    lr: float = 0.01,
    epochs: int = 300,
    lines: int = 13,
) -> Result:
    """Train the narrow tanh network on a 2-D set, then follow a grid and the data through the
    first layer's linear map and every 2-unit tanh layer; report how well one straight line
    separates the classes in each space."""
    data = load_dataset(dataset, n=n, noise=noise, seed=seed).train
    x, y = data.x, data.y
    net = train(narrow_spec(depth, seed, lr), x, y, int(epochs))
    grid = grid_lines(INPUT_BOX, int(lines))
    flat = grid.reshape(-1, 2)
    through_grid = layer_outputs(net, flat)
    through_data = layer_outputs(net, x)
    w1, b1 = net.params["h1.weight"], net.params["h1.bias"]
    hidden = [f"h{i}" for i in range(1, depth + 1)]
    spaces = [
        ("input x", x, grid, INPUT_BOX),
        ("z1 = W1 x + b1 (linear)", x @ w1 + b1, (flat @ w1 + b1).reshape(grid.shape), None),
    ] + [
        (f"{h} = tanh(z{h[1:]})", through_data[h], through_grid[h].reshape(grid.shape), TANH_BOX)
        for h in hidden
    ]
    accuracy = float(net.evaluate(x, y)[1])
    values = {"output_accuracy": accuracy, "input_best_line": best_line_accuracy(x, y)}
    for h in hidden:
        values[f"{h}_best_line"] = best_line_accuracy(through_data[h], y)
    values["last_hidden_best_line"] = values[f"{hidden[-1]}_best_line"]
    panels = [_space_panel(title, pts, warped, y, box) for title, pts, warped, box in spaces]
    _add_output_line(panels[-1], net)
    caption = (
        f"{dataset}, {epochs} epochs. Best straight line: input {values['input_best_line']:.1%}, "
        + ", ".join(f"{h} {values[f'{h}_best_line']:.1%}" for h in hidden)
        + f"; the output layer (a line in {hidden[-1]}) gets {accuracy:.1%}"
    )
    return Result(values, Figure(panels, columns=3, caption=caption))


def _space_panel(
    title: str, pts: np.ndarray, warped: np.ndarray, y: np.ndarray, box: tuple | None
) -> Panel:
    """One 2-D space: the warped grid (vertical lines grey, horizontal cyan) and the data."""
    count = len(warped) // 2
    items: list = [
        Line(line[:, 0].astype(float), line[:, 1].astype(float), "", colour=6 if k < count else 5,
             width=1.0)
        for k, line in enumerate(warped)
    ]  # fmt: skip
    items.append(Points(pts[:, 0].astype(float), pts[:, 1].astype(float), y, "data", 5.0))
    ranges = {"x_range": box[:2], "y_range": box[2:]} if box else {}
    return Panel(title, items, "", "", aspect_locked=True, legend=False, **ranges)


def _add_output_line(panel: Panel, net: Network) -> None:
    w = net.params["out.weight"][:, 0]
    b = float(net.params["out.bias"][0])
    seg = line_in_box(float(w[0]), float(w[1]), b, TANH_BOX)
    if seg is not None:
        panel.items.append(Line(seg[0], seg[1], "output: p = 0.5", colour=3, width=3.0))

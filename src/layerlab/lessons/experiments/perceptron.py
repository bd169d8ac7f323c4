"""The perceptron: logic gates from a step neuron with hand-set weights, and XOR solved by two
layers, by hand and by backpropagation (the learning rule is in ``perceptron_rule``)."""

from __future__ import annotations

import dataclasses

import numpy as np

from layerlab.data import make_gate
from layerlab.data.gates import GATE_OUTPUTS
from layerlab.engine.network import Network
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments._networks import preset_spec, train
from layerlab.lessons.experiments._plane import (
    grid_points,
    line_in_box,
    region_image,
)
from layerlab.lessons.figure import Figure, Line, Panel, Points, Text

# Saito, Deep Learning from Scratch, section 2.3: one choice of weights per gate.
BOOK_WEIGHTS = {"and": (0.5, 0.5, -0.7), "nand": (-0.5, -0.5, 0.7), "or": (0.5, 0.5, -0.2)}
BOX = (-0.5, 1.5, -0.5, 1.5)
STEPS = 81
_WEIGHT_SLIDERS = (
    Slider("w1", "w1", -1.0, 1.0, 0.05, 0.5),
    Slider("w2", "w2", -1.0, 1.0, 0.05, 0.5),
    Slider("b", "b", -1.0, 1.0, 0.05, -0.7),
)


def gate_table(gate: str) -> tuple[np.ndarray, np.ndarray]:
    """The four inputs (float32 (4, 2)) and targets (int (4,)) of a two-input gate."""
    data = make_gate(gate)
    return data.x, data.y.astype(int)


def step_neuron(x: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    """y = 1 if w1 x1 + w2 x2 + b > 0 else 0, for each row of x."""
    return (x[:, 0] * w1 + x[:, 1] * w2 + b > 0).astype(int)


def gate_of(y: np.ndarray) -> str:
    """The name of the gate whose truth table is ``y`` (inputs in GATE_INPUTS order), or
    "no gate" ("false" and "true" for the constant tables)."""
    table = tuple(int(v) for v in y)
    named = {out: name for name, out in GATE_OUTPUTS.items()}
    named |= {(0, 0, 0, 0): "false", (1, 1, 1, 1): "true"}
    return named.get(table, "no gate")


def _bits(y: np.ndarray) -> str:
    return "".join(str(int(v)) for v in y)


def gate_panel(title: str, x: np.ndarray, t: np.ndarray, region: np.ndarray | None) -> Panel:
    """Axes over BOX with the four inputs coloured by target and an optional 0..1 region."""
    items: list = []
    if region is not None:
        items.append(region_image(region, STEPS, BOX))
    items.append(Points(x[:, 0].astype(float), x[:, 1].astype(float), t, "target", 12.0))
    return Panel(title, items, "x1", "x2", x_range=BOX[:2], y_range=BOX[2:], aspect_locked=True)


def add_line(panel: Panel, w1: float, w2: float, b: float, label: str, **style) -> None:
    seg = line_in_box(w1, w2, b, BOX)
    if seg is not None:
        panel.items.append(Line(seg[0], seg[1], label, **style))


@experiment("perceptron.hand_weights", sliders=_WEIGHT_SLIDERS)
def hand_weights(gate: str = "and", w1: float = 0.5, w2: float = 0.5, b: float = -0.7) -> Result:
    """A step neuron y = [w1 x1 + w2 x2 + b > 0] with hand-set weights, on a gate's table."""
    x, t = gate_table(gate)
    y = step_neuron(x, w1, w2, b)
    grid = grid_points(BOX, STEPS)
    panel = gate_panel(f"{gate.upper()}: w1 x1 + w2 x2 + b = 0", x, t, step_neuron(grid, w1, w2, b))
    add_line(panel, w1, w2, b, "w·x + b = 0", colour=3, width=3.0)
    for (a, c), out in zip(x, y, strict=True):
        panel.items.append(Text(float(a) + 0.05, float(c) + 0.08, f"y={out}"))
    errors = int((y != t).sum())
    computes = gate_of(y)
    verdict = "all four right" if errors == 0 else f"{errors} wrong"
    caption = (
        f"w = ({w1:g}, {w2:g}), b = {b:g}: outputs for (0,0) (0,1) (1,0) (1,1) = "
        f"{' '.join(map(str, y))}, which is {computes.upper()}; "
        f"{gate.upper()} is {' '.join(map(str, t))} ({verdict})"
    )
    values = {f"y{int(a)}{int(c)}": int(v) for (a, c), v in zip(x, y, strict=True)}
    values |= {
        "truth": _bits(y),
        "target": _bits(t),
        "correct": errors == 0,
        "errors": errors,
        "computes": computes,
    }
    return Result(values, Figure([panel], columns=1, caption=caption))


# ---- XOR with two layers -----------------------------------------------------------------------
def xor_by_hand(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(s1, s2, y): s1 = NAND(x), s2 = OR(x), y = AND(s1, s2), all with the book's weights."""
    s1 = step_neuron(x, *BOOK_WEIGHTS["nand"])
    s2 = step_neuron(x, *BOOK_WEIGHTS["or"])
    y = step_neuron(np.stack([s1, s2], axis=1).astype(float), *BOOK_WEIGHTS["and"])
    return s1, s2, y


@experiment("perceptron.xor_network", sliders=(Slider("epochs", "epochs", 0, 1000, 25, 500),))
def xor_network(epochs: int = 500, seed: int | None = None) -> Result:
    """XOR by two layers: NAND and OR into AND by hand, and the xor_2_2_1 preset trained by
    backpropagation for ``epochs`` epochs (SGD 0.5, batch 4; ``seed`` None: the preset's)."""
    x, t = gate_table("xor")
    _, _, hand = xor_by_hand(x)
    spec = preset_spec("xor_2_2_1")
    if seed is not None:
        spec = dataclasses.replace(spec, seed=int(seed))
    net = train(spec, x, t, int(epochs))
    loss, accuracy, out = net.evaluate(x, t)
    p = out[:, 0].astype(float)
    trained = (p > 0.5).astype(int)
    values = {
        "hand_truth": _bits(hand),
        "hand_correct": bool((hand == t).all()),
        "trained_truth": _bits(trained),
        "trained_correct": bool((trained == t).all()),
        "loss": float(loss),
        "accuracy": float(accuracy),
    }
    values |= {f"p{int(a)}{int(c)}": float(v) for (a, c), v in zip(x, p, strict=True)}
    return Result(values, _xor_figure(net, x, t, p, loss, int(epochs)))


def _xor_figure(net: Network, x: np.ndarray, t: np.ndarray, p, loss: float, epochs: int) -> Figure:
    grid = grid_points(BOX, STEPS)
    by_hand = gate_panel("by hand: NAND, OR -> AND", x, t, xor_by_hand(grid)[2])
    add_line(by_hand, *BOOK_WEIGHTS["nand"], "NAND line", colour=2, width=2.5)
    add_line(by_hand, *BOOK_WEIGHTS["or"], "OR line", colour=4, width=2.5)
    trained = gate_panel(f"2-2-1 after {epochs} epochs: p(1)", x, t, net.forward(grid)[:, 0])
    w, b = net.params["hidden.weight"], net.params["hidden.bias"]
    for j in range(2):
        add_line(
            trained, float(w[0, j]), float(w[1, j]), float(b[j]), f"h{j + 1} = 0", colour=(2, 4)[j]
        )
    h = np.tanh(x @ w + b)  # the hidden layer's outputs for the four inputs
    hidden = Panel(
        "hidden space (h1, h2)",
        [Points(h[:, 0].astype(float), h[:, 1].astype(float), t, "target", 12.0)],
        "h1",
        "h2",
        x_range=(-1.1, 1.1),
        y_range=(-1.1, 1.1),
        aspect_locked=True,
    )
    wo, bo = net.params["out.weight"][:, 0], float(net.params["out.bias"][0])
    seg = line_in_box(float(wo[0]), float(wo[1]), bo, (-1.1, 1.1, -1.1, 1.1))
    if seg is not None:
        hidden.items.append(Line(seg[0], seg[1], "output: p = 0.5", colour=3, width=3.0))
    caption = (
        f"p(1) for (0,0) (0,1) (1,0) (1,1) = {' '.join(f'{v:.3f}' for v in p)}, "
        f"loss {loss:.4f}. The hidden layer moves the four points so one line separates them."
    )
    return Figure([by_hand, trained, hidden], columns=3, caption=caption)

"""Rosenblatt's perceptron learning rule on a logic gate, in numpy and by the engine's
perceptron preset: it converges on AND, OR and NAND and never settles on XOR."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from layerlab.engine.network import Network
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments._networks import preset_spec
from layerlab.lessons.experiments._plane import best_line_accuracy
from layerlab.lessons.experiments.perceptron import (
    BOOK_WEIGHTS,
    add_line,
    gate_panel,
    gate_table,
    step_neuron,
)
from layerlab.lessons.figure import Figure, Line, Panel

XOR_LINES = 8  # XOR's panel shows its last few lines: they keep turning


@dataclass
class RuleRun:
    """(w1, w2, b) after every update step (row 0: the start), wrong answers per epoch, and
    the first epoch after which the whole table is right (None: not within the budget)."""

    weights: list[np.ndarray] = field(default_factory=list)
    errors: list[int] = field(default_factory=list)
    converged_epoch: int | None = None

    def changes(self) -> list[int]:
        """Indices into ``weights`` where the line moved (0, the start, included)."""
        w = self.weights
        return [0] + [i for i in range(1, len(w)) if not np.array_equal(w[i], w[i - 1])]


def perceptron_rule(gate: str, lr: float = 0.1, epochs: int = 20, seed: int = 0) -> RuleRun:
    """Rosenblatt's rule w += lr (t - y) x, one sample at a time, from zero weights.

    Samples come in the order LayerLab's Trainer uses (a permutation per epoch seeded by
    (seed, epoch)); arithmetic is float32 like the engine's, so the two runs agree exactly.
    """
    x, t = gate_table(gate)
    xb = np.hstack([x, np.ones((4, 1), np.float32)])  # the bias is a weight on a constant 1
    w = np.zeros(3, np.float32)
    run = RuleRun([w.copy()])
    for epoch in range(epochs):
        wrong = 0
        for i in np.random.default_rng([seed, epoch]).permutation(4):
            z = np.float32(xb[i, :2] @ w[:2]) + w[2]
            y = 1 if z > 0 else 0
            wrong += y != t[i]
            w = (w.astype(np.float64) + lr * (t[i] - y) * xb[i]).astype(np.float32)
            run.weights.append(w.copy())
        run.errors.append(int(wrong))
        if (step_neuron(x, *w) == t).all():
            run.converged_epoch = epoch + 1
            break
    return run


def engine_rule(gate: str, lr: float = 0.1, epochs: int = 20) -> RuleRun:
    """The same training done by the engine: the perceptron preset (Dense(1, step), perceptron
    loss, SGD, batch 1, zero init) trained epoch by epoch by the Trainer; weights per epoch.

    XOR has no preset of its own; it uses the AND preset's network, which is the same neuron.
    """
    spec = preset_spec(f"perceptron_{gate if gate in BOOK_WEIGHTS else 'and'}")
    net = Network(spec)
    x, t = gate_table(gate)
    trainer = Trainer(net, (x, t), optimizer={"kind": "sgd", "lr": lr}, batch_size=1)
    run = RuleRun([_engine_weights(net)])
    for epoch in range(epochs):
        trainer.run_epoch()
        run.weights.append(_engine_weights(net))
        run.errors.append(round((1.0 - trainer.history.rows[-1]["accuracy"]) * 4))
        if net.evaluate(x, t)[1] == 1.0:
            run.converged_epoch = epoch + 1
            break
    return run


def _engine_weights(net: Network) -> np.ndarray:
    p = net.params
    return np.array([*p["neuron.weight"][:, 0], p["neuron.bias"][0]], np.float32)


@experiment("perceptron.learn_gate", sliders=(Slider("shown", "updates shown", 0, 40, 1, 40),))
def learn_gate(
    gate: str = "and", lr: float = 0.1, epochs: int = 20, shown: int = 40, xor_epochs: int = 100
) -> Result:
    """The perceptron rule on a gate (the line after every update, errors per epoch) checked
    against the engine's perceptron preset, beside the same rule on XOR."""
    run = perceptron_rule(gate, lr, epochs)
    eng = engine_rule(gate, lr, epochs)
    x, t = gate_table(gate)
    both = min(len(run.errors), len(eng.errors))  # epochs run by both
    ours_at_epoch_ends = np.array([run.weights[4 * (e + 1)] for e in range(both)])
    diff = float(np.abs(ours_at_epoch_ends - np.array(eng.weights[1 : both + 1])).max())
    w1, w2, b = (float(v) for v in run.weights[-1])
    values = {
        "converged": run.converged_epoch is not None,
        "epochs": run.converged_epoch or epochs,
        "updates": len(run.changes()) - 1,
        "errors": run.errors[-1],
        "w1": w1,
        "w2": w2,
        "b": b,
        "best_line_accuracy": best_line_accuracy(x, t),
        "engine_converged": eng.converged_epoch is not None,
        "engine_epochs": eng.converged_epoch or epochs,
        "engine_difference": diff,
        "same_as_engine": diff < 1e-6 and run.errors == eng.errors,
    }
    xor = perceptron_rule("xor", lr, xor_epochs) if gate != "xor" else None
    panels = [_lines_panel(gate, run, x, t, int(shown)), _errors_panel(gate, run, eng, xor)]
    if xor is not None:
        panels.append(_xor_panel(xor))
    w = run.weights[run.changes()[: int(shown) + 1][-1]]
    state = (
        f"right after epoch {run.converged_epoch}"
        if run.converged_epoch
        else f"not converged in {len(run.errors)} epochs ({run.errors[-1]} errors in the last)"
    )
    caption = (
        f"{gate.upper()}: {state}, {values['updates']} updates, engine preset identical: "
        f"{values['same_as_engine']}. Shown line: w = ({w[0]:.2f}, {w[1]:.2f}), b = {w[2]:.2f}"
    )
    return Result(values, Figure(panels, columns=len(panels), caption=caption))


def _lines_panel(gate: str, run: RuleRun, x: np.ndarray, t: np.ndarray, shown: int) -> Panel:
    """The line after each update up to ``shown``: thin dashed grey, then the last one bold."""
    panel = gate_panel(f"{gate.upper()}: the line after each update", x, t, None)
    changed = run.changes()
    visible = changed[: shown + 1]
    for k, i in enumerate(visible[:-1]):
        width = 0.5 + 1.5 * k / len(visible)
        add_line(panel, *run.weights[i], "", style="dashed", colour=6, width=width)
    label = "final" if visible[-1] == changed[-1] else f"after update {len(visible) - 1}"
    add_line(panel, *run.weights[visible[-1]], label, colour=3, width=3.0)
    return panel


def _errors_panel(gate: str, run: RuleRun, eng: RuleRun, xor: RuleRun | None) -> Panel:
    def epochs(r: RuleRun) -> np.ndarray:
        return np.arange(1, len(r.errors) + 1, dtype=float)

    items = [
        Line(epochs(run), np.array(run.errors, float), f"{gate.upper()} (numpy rule)", colour=0),
        Line(
            epochs(eng), np.array(eng.errors, float), f"{gate.upper()} (engine)", "dots", colour=2
        ),
    ]
    if xor is not None:  # over the gate's epoch budget
        n = max(len(run.errors), 20)
        items.append(Line(epochs(xor)[:n], np.array(xor.errors[:n], float), "XOR", colour=3))
    return Panel("wrong answers per epoch", items, "epoch", "errors", y_range=(-0.2, 4.2))


def _xor_panel(xor: RuleRun) -> Panel:
    x, t = gate_table("xor")
    panel = gate_panel(f"XOR: the last {XOR_LINES} lines", x, t, None)
    for i in xor.changes()[-XOR_LINES:]:
        add_line(panel, *xor.weights[i], "", style="dashed", colour=3, width=1.0)
    return panel

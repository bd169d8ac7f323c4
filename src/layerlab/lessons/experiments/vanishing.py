"""Vanishing gradients: per-layer gradient norms of the 10-layer sigmoid network against the
10-layer ReLU network with He initialisation, on the first MNIST batches."""

from __future__ import annotations

import numpy as np

from layerlab.data import load_dataset
from layerlab.engine.network import Network
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, experiment
from layerlab.lessons.experiments._networks import preset_spec
from layerlab.lessons.figure import Figure, Line, Marker, Panel

PRESETS = ("sigmoid_10_layers", "relu_10_layers_he")


def weight_gradient_norms(
    net: Network, x: np.ndarray, y: np.ndarray, batch_size: int, batches: int
) -> tuple[list[str], np.ndarray, float]:
    """(layer ids in order, mean L2 norm of each layer's weight gradient over the first
    ``batches`` batches (layers,), mean loss). Weights stay as initialised."""
    names = [n for n, s in net.slots.items() if s.weight.role == "kernel"]
    norms, losses = np.zeros(len(names)), []
    for b in range(batches):
        rows = slice(b * batch_size, (b + 1) * batch_size)
        losses.append(net.loss_and_grads(x[rows], y[rows]))
        grads = net.grads
        norms += [float(np.linalg.norm(grads[n])) for n in names]
    return [n.removesuffix(".weight") for n in names], norms / batches, float(np.mean(losses))


@experiment("vanishing.gradient_norms")
def gradient_norms(
    presets: list[str] | None = None, batch_size: int = 64, batches: int = 4
) -> Result:
    """Each preset's weight-gradient norm per layer at its initial weights; the first layer's
    norm over the last layer's."""
    data = load_dataset("mnist5k").train
    n = batch_size * batches
    x = np.ascontiguousarray(data.x[:n].reshape(n, -1), dtype=np.float32)
    y = data.y[:n]
    values: dict[str, float] = {}
    panel = Panel("weight-gradient norm per layer", [], "layer", "‖∂L/∂W‖", log_y=True)
    relative = Panel("relative to the output layer", [], "layer", "norm / last", log_y=True)
    caption = []
    for i, name in enumerate(presets or PRESETS):
        spec = preset_spec(name)
        net = Network(spec, batch_size=batch_size)
        layers, norms, loss = weight_gradient_norms(net, x, y, batch_size, batches)
        ratio = float(norms[0] / norms[-1])
        key = name.split("_")[0]  # sigmoid, relu
        values[f"{key}_ratio"] = ratio
        values[f"{key}_first"] = float(norms[0])
        values[f"{key}_last"] = float(norms[-1])
        values[f"{key}_loss"] = loss
        # geometric mean factor per layer on the way back (the sigmoid's slope is at most 1/4)
        values[f"{key}_per_layer"] = ratio ** (1.0 / (len(norms) - 1))
        depth = np.arange(1, len(norms) + 1, dtype=float)
        label = f"{spec.name.split(':')[0]} ({spec.init})"
        panel.items += [Line(depth, norms, label, "solid", i), Line(depth, norms, "", "dots", i)]
        relative.items.append(Line(depth, norms / norms[-1], label, "solid", i))
        caption.append(f"{key}: first/last = {ratio:.2g}")
    relative.items += [Marker(1e-4, "1e-4", "horizontal"), Marker(1.0, "", "horizontal")]
    caption.append(f"{batches} batches of {batch_size} MNIST digits, initial weights")
    return Result(values, Figure([panel, relative], 2, "; ".join(caption)))


@experiment("vanishing.training_change")
def training_change(presets: list[str] | None = None, epochs: int = 1) -> Result:
    """Train each preset ``epochs`` epochs on MNIST (its own optimizer, batch and seed): how far
    each layer's weights moved, relative to their initial size, and the validation accuracy."""
    splits = load_dataset("mnist5k")
    values: dict[str, float] = {}
    panel = Panel("weight change after training", [], "layer", "‖W - W₀‖ / ‖W₀‖", log_y=True)
    for i, name in enumerate(presets or PRESETS):
        spec = preset_spec(name)
        net = Network(spec)
        start = {k: v.copy() for k, v in net.params.items() if k.endswith(".weight")}
        history = Trainer(net, splits.train, splits.val).fit(int(epochs))
        change = np.array(
            [
                float(np.linalg.norm(net.params[k] - w0) / np.linalg.norm(w0))
                for k, w0 in start.items()
            ]
        )
        key = name.split("_")[0]
        values[f"{key}_first_change"] = float(change[0])
        values[f"{key}_last_change"] = float(change[-1])
        values[f"{key}_val_accuracy"] = float(history.column("val_accuracy")[-1])
        values[f"{key}_loss"] = float(history.column("loss")[-1])
        depth = np.arange(1, len(change) + 1, dtype=float)
        panel.items.append(Line(depth, change, spec.name.split(":")[0], "solid", i))
    caption = ", ".join(
        f"{k.split('_')[0]}: {100 * v:.0f} % correct" for k, v in values.items() if "val_acc" in k
    )
    return Result(values, Figure([panel], 1, f"after {epochs} epoch(s): {caption}"))

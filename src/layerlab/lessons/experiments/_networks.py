"""Engine networks for the experiments: course presets by name, small dense networks, training
and every layer's output for a batch of inputs."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer


def preset_spec(name: str) -> NetworkSpec:
    """The course preset ``resources/examples/<name>.json``."""
    path = resources.files("layerlab") / "resources" / "examples" / f"{name}.json"
    return NetworkSpec.from_json(path.read_text(encoding="utf-8"))


def dense_spec(
    layers: Sequence[tuple[str, int, str]],
    loss: str = "binary_cross_entropy",
    optimizer: dict[str, Any] | None = None,
    seed: int = 0,
    batch_size: int = 10,
    inputs: int = 2,
) -> NetworkSpec:
    """A chain of Dense layers given as (id, units, activation)."""
    return NetworkSpec.from_dict(
        {
            "input": {"shape": [inputs]},
            "layers": [
                {"id": lid, "kind": "Dense", "units": units, "activation": fn}
                for lid, units, fn in layers
            ],
            "loss": loss,
            "optimizer": optimizer or {"kind": "adam", "lr": 0.03},
            "seed": seed,
            "batch_size": batch_size,
        }
    )


def train(spec: NetworkSpec, x: np.ndarray, y: np.ndarray, epochs: int) -> Network:
    """A network built from ``spec`` (its seed) trained ``epochs`` epochs as the app trains it."""
    net = Network(spec)
    if epochs > 0:
        Trainer(net, (x, y)).fit(epochs)
    return net


def layer_outputs(net: Network, x: np.ndarray) -> dict[str, np.ndarray]:
    """Every layer's output for all rows of ``x`` (copies), in one forward pass."""
    if net.batch_size < len(x):
        net.set_batch_size(len(x))
    net.forward(x)
    return {name: np.array(value) for name, value in net.activations().items()}

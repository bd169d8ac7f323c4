"""Textbook worked examples of backprop, with their weights, sample and names, for the step-through.

Matt Mazur, "A Step by Step Backpropagation Example" (2015): a 2-2-2 sigmoid network,
E_total = Σ ½(target - out)², one SGD step with learning rate 0.5.

Conventions, and how they map onto the engine:
- Loss: the engine's mse is the mean over the k outputs of (out - target)², i.e. (2/k)·E_total.
  With Mazur's k = 2 outputs the factor is 1: mse is E_total exactly, and so are its gradients.
- Biases: Mazur shares one bias per layer (b1 = 0.35, b2 = 0.60) and does not update it; the
  engine has one bias per unit, so both units of a layer start at the shared value. Forward,
  loss and weight gradients are then his; the biases get their own (per-unit) updates, which he
  leaves out.
- Weight names: w1 = i1→h1, w2 = i2→h1, w3 = i1→h2, w4 = i2→h2, w5 = h1→o1, w6 = h2→o1,
  w7 = h1→o2, w8 = h2→o2; in the engine's (inputs, units) layout W[i, j] is input i → unit j.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from layerlab.engine.backprop_steps import BackpropTrace, Names, trace_backprop
from layerlab.engine.spec import LayerSpec, NetworkSpec

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class WorkedExample:
    """A network, its exact weights (float64), one sample, and the textbook's names."""

    title: str
    source: str
    spec: NetworkSpec
    params: dict[str, F64]
    x: F64
    target: F64
    names: Names

    def trace(self) -> BackpropTrace:
        return trace_backprop(self.spec, self.params, self.x, self.target, self.names)


def mazur_2_2_2() -> WorkedExample:
    """Mazur's 2-2-2 sigmoid network on i = (0.05, 0.10), targets (0.01, 0.99), lr 0.5."""
    spec = NetworkSpec(
        input_shape=(2,),
        layers=(
            LayerSpec("h", "Dense", {"units": 2, "activation": "sigmoid"}),
            LayerSpec("o", "Dense", {"units": 2, "activation": "sigmoid"}),
        ),
        loss="mse",  # = E_total for 2 outputs (see the module docstring)
        optimizer={"kind": "sgd", "lr": 0.5},
        init="glorot_uniform",
        seed=0,
        batch_size=1,
        name="Mazur 2-2-2",
    )
    params = {
        "h.weight": np.array([[0.15, 0.25], [0.20, 0.30]]),  # [[w1, w3], [w2, w4]]
        "h.bias": np.array([0.35, 0.35]),
        "o.weight": np.array([[0.40, 0.50], [0.45, 0.55]]),  # [[w5, w7], [w6, w8]]
        "o.bias": np.array([0.60, 0.60]),
    }
    names = Names(
        inputs=("i1", "i2"),
        units=(("h1", "h2"), ("o1", "o2")),
        weights=(np.array([["w1", "w3"], ["w2", "w4"]]), np.array([["w5", "w7"], ["w6", "w8"]])),
    )
    return WorkedExample(
        "Mazur 2-2-2 (textbook example)",
        "Matt Mazur, A Step by Step Backpropagation Example (2015)",
        spec,
        params,
        np.array([0.05, 0.10]),
        np.array([0.01, 0.99]),
        names,
    )


def load_into(example: WorkedExample, params: dict[str, npt.NDArray[np.float32]]) -> None:
    """Copy the example's weights into a network's ``params`` views (same layer ids)."""
    for key, value in example.params.items():
        params[key][...] = value

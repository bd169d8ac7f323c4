"""Export a network spec as runnable PyTorch or Keras source code.

The layer walk shared by both backends lives here; ``export_torch`` and ``export_keras`` write
the code. Each file has a weight map, so weights trained in LayerLab load into it unchanged.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from layerlab import __version__
from layerlab.engine.layers.activation import DEFAULT_ALPHA
from layerlab.engine.optimizers import parse_optimizer
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec

Shape = tuple[int, ...]


@dataclass
class ExportLayer:
    """One checked layer: parameters with defaults, in/out shapes, a Python name, weights."""

    id: str
    name: str
    kind: str
    p: dict[str, Any]
    x: Shape
    y: Shape
    weights: list[str]


@dataclass
class Emitted:
    """Helper definitions and weight-map lines a backend needs, in first-use order."""

    helpers: list[str] = field(default_factory=list)
    weights: list[str] = field(default_factory=list)

    def need(self, name: str) -> str:
        if name not in self.helpers:
            self.helpers.append(name)
        return name


def export_layers(spec: NetworkSpec) -> list[ExportLayer]:
    """The layers in order with shapes; SpecError if the network is invalid."""
    inf = infer(spec)
    inf.raise_if_invalid()
    out, used = [], set()
    for la in inf.layers:
        name = re.sub(r"\W", "_", la.id, flags=re.ASCII) or "layer"
        name = f"l_{name}" if name[0].isdigit() else name
        while name in used:
            name += "_"
        used.add(name)
        x = inf.in_shapes[la.id]
        ws = [f"{la.id}.{w.name}" for w in la.weights(x)]
        out.append(ExportLayer(la.id, name, la.kind, la.p, x, inf.out_shapes[la.id], ws))
    return out


def activation_of(la: ExportLayer) -> tuple[str, float, float]:
    """(function, alpha, beta) that ends a layer; 'identity' when none."""
    if la.kind == "Softmax":
        return "softmax", 0.0, 1.0
    if la.kind != "Activation":
        fn = la.p.get("activation", "identity")
        return fn, DEFAULT_ALPHA.get(fn, 0.0), 1.0
    fn = la.p["fn"]
    alpha = DEFAULT_ALPHA.get(fn, 0.0) if la.p["alpha"] < 0 else la.p["alpha"]
    return fn, alpha, la.p["beta"]


def _same(size: int, k: int, s: int) -> tuple[int, int]:
    total = max((-(-size // s) - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def window_of(la: ExportLayer) -> tuple[Shape, Shape, tuple[int, int, int, int]]:
    """Kernel, stride and (top, bottom, left, right) padding of a Conv2D or pooling layer."""
    k = tuple(la.p["kernel_size" if la.kind == "Conv2D" else "pool_size"])
    s = tuple(si or ki for si, ki in zip(la.p["stride"], k, strict=True))
    if la.p["padding"] == "same":
        return k, s, (*_same(la.x[0], k[0], s[0]), *_same(la.x[1], k[1], s[1]))
    p = 0 if la.p["padding"] == "valid" else int(la.p["padding"])
    return k, s, (p, p, p, p)


def init_of(spec: NetworkSpec, la: ExportLayer) -> str:
    return spec.init if la.p.get("init", "default") == "default" else la.p["init"]


def q(text: str) -> str:
    """A double-quoted Python string literal."""
    return json.dumps(text)


def docstring(spec: NetworkSpec, framework: str, notes: str) -> str:
    name = re.sub(r'["\\\n]', "'", spec.name)
    body = textwrap.fill(notes, 96, break_on_hyphens=False)
    return f'"""{name}: exported from LayerLab {__version__} as {framework} code.\n\n{body}\n"""'


def schedule_code(spec: NetworkSpec) -> str:
    """A learning_rate(epoch) function for the spec's schedule; '' for a constant rate."""
    cfg = parse_optimizer(spec.optimizer)
    s, lr = cfg.schedule, cfg.lr
    kind = s.get("kind", "constant")
    if kind == "step":
        size = max(s.get("step_size", 10), 1e-9)
        body = f"return {lr!r} * {s.get('gamma', 0.1)!r} ** math.floor(epoch / {size!r})"
    elif kind == "exponential":
        body = f"return {lr!r} * {s.get('gamma', 0.95)!r} ** epoch"
    elif kind == "cosine":
        lo, epochs = float(s.get("min_lr", 0.0)), max(float(s.get("epochs", 10)), 1e-9)
        body = (
            f"t = min(epoch / {epochs!r}, 1.0)\n"
            f"    return {lo!r} + 0.5 * ({lr!r} - {lo!r}) * (1.0 + math.cos(math.pi * t))"
        )
    else:
        return ""
    return (
        f"\n\ndef learning_rate(epoch):\n"
        f'    """LayerLab\'s {kind} schedule at a fractional epoch (step / steps per epoch)."""\n'
        f"    {body}\n\n\n"
    )


def to_pytorch(spec: NetworkSpec) -> str:
    """Runnable PyTorch source for ``spec``: model, loss, optimizer, weight loader, a demo."""
    from layerlab.export_torch import pytorch_source

    return pytorch_source(spec)


def to_keras(spec: NetworkSpec) -> str:
    """Runnable tf.keras source for ``spec``: model, loss, optimizer, weight loader, a demo."""
    from layerlab.export_keras import keras_source

    return keras_source(spec)


EXPORTERS = {"pytorch": to_pytorch, "keras": to_keras}

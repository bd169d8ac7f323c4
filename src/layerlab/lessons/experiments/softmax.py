"""Softmax and cross-entropy, computed by the engine's kernels: probabilities from logits and a
temperature, the loss -ln p of the right class, and a fresh 10-class network's first loss."""

from __future__ import annotations

import math

import numpy as np

from layerlab.data import load_dataset
from layerlab.engine.kernels import activations as act_kernels
from layerlab.engine.kernels import losses as loss_kernels
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments._networks import preset_spec
from layerlab.lessons.figure import Bars, Figure, Histogram, Line, Marker, Panel, Text

TEMPERATURES = np.geomspace(0.1, 10.0, 61)


def engine_softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (rows, k) logits by the engine's kernel (float32)."""
    z = np.ascontiguousarray(np.atleast_2d(logits), dtype=np.float32)
    p = np.empty_like(z)
    act_kernels.softmax_forward(z, p)
    return p


def engine_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean softmax cross-entropy of (rows, k) logits against int labels, by the engine's loss
    kernel (the one training uses)."""
    z = np.ascontiguousarray(np.atleast_2d(logits), dtype=np.float32)
    yi = np.ascontiguousarray(labels, dtype=np.int32)
    dz = np.empty_like(z)
    loss, _ = loss_kernels.loss_forward_backward(
        loss_kernels.SOFTMAX_CE,
        loss_kernels.FUSED_NONE,
        z,
        yi,
        np.zeros((1, z.shape[1]), np.float32),
        np.arange(len(z), dtype=np.int64),
        False,
        dz,
    )
    return float(loss)


def entropy(p: np.ndarray) -> float:
    """-sum p ln p in nats (0 ln 0 = 0)."""
    p = np.asarray(p, np.float64)
    nz = p[p > 0]
    return float(-(nz * np.log(nz)).sum())


def minus_ln_panel(p: float, loss: float) -> Panel:
    """The curve -ln p with the right class's probability and its loss marked."""
    grid = np.linspace(0.01, 1.0, 100)
    return Panel(
        "cross-entropy of the right class: -ln p",
        [
            Line(grid, -np.log(grid), "-ln p", colour=0),
            Marker(p, f"p = {p:.3f}"),
            Marker(loss, f"loss = {loss:.3f}", "horizontal"),
            Text(min(max(p, 0.2), 0.8), min(loss, 4.0) + 0.3, f"-ln {p:.3f} = {loss:.3f}"),
        ],
        "p (right class)",
        "loss",
        y_range=(0.0, 4.7),
    )


_SLIDERS = (
    *(Slider(f"z{i}", f"logit z{i}", -5.0, 5.0, 0.1, d) for i, d in enumerate((2, 1, 0.1, -1), 1)),
    Slider("temperature", "temperature T", 0.1, 10.0, 0.05, 1.0, log=True),
)


@experiment("softmax.probabilities", sliders=_SLIDERS)
def probabilities(
    z1: float = 2.0,
    z2: float = 1.0,
    z3: float = 0.1,
    z4: float = -1.0,
    temperature: float = 1.0,
    target: int = 1,
) -> Result:
    """softmax(z / T) of four logits, its entropy, and the cross-entropy for class ``target``
    (1-based), with the entropy over a range of temperatures."""
    z = np.array([z1, z2, z3, z4], np.float64)
    t = max(float(temperature), 1e-3)
    p = engine_softmax(z / t)[0].astype(np.float64)
    target = int(np.clip(target, 1, 4))
    loss = engine_cross_entropy(z / t, np.array([target - 1]))
    sweep = np.array([entropy(engine_softmax(z / tt)[0]) for tt in TEMPERATURES])
    values = {f"p{i}": float(v) for i, v in enumerate(p, 1)}
    values |= {
        "sum": float(p.sum()),
        "entropy": entropy(p),
        "cross_entropy": loss,
        "entropy_cold": entropy(engine_softmax(z / (t / 2))[0]),
        "entropy_hot": entropy(engine_softmax(z / (t * 2))[0]),
        "hotter_is_flatter": bool((np.diff(sweep) >= -1e-6).all() and sweep[-1] > sweep[0]),
        "max_entropy": math.log(4),
    }
    bars = Panel(
        f"softmax(z / {t:.2g})",
        [Bars([f"z{i}={v:g}" for i, v in enumerate(z, 1)], p, "p", highlight=target - 1)],
        "class",
        "probability",
        y_range=(0.0, 1.0),
    )
    temp = Panel(
        "entropy H(p) against T",
        [
            Line(TEMPERATURES, sweep, "H (nats)", colour=0),
            Marker(t, f"T = {t:.2g}"),
            Marker(math.log(4), "ln 4 (uniform)", "horizontal"),
        ],
        "T",
        "H",
        log_x=True,
    )
    caption = (
        f"p = {' '.join(f'{v:.3f}' for v in p)} (sum {p.sum():.3f}); H = {entropy(p):.3f} nats; "
        f"cross-entropy for class {target} = -ln {p[target - 1]:.3f} = {loss:.3f}"
    )
    loss_panel = minus_ln_panel(float(p[target - 1]), loss)
    return Result(values, Figure([bars, temp, loss_panel], columns=3, caption=caption))


@experiment(
    "softmax.cross_entropy_at", sliders=(Slider("p", "p(right class)", 0.01, 1.0, 0.01, 0.8),)
)
def cross_entropy_at(p: float = 0.8, classes: int = 10) -> Result:
    """The engine's cross-entropy when the right class gets probability ``p`` (the rest shared
    equally): -ln p, whatever the other probabilities are."""
    p = float(np.clip(p, 1e-6, 1.0))
    rest = (1.0 - p) / (classes - 1)
    logits = np.log(np.array([p] + [max(rest, 1e-30)] * (classes - 1)))
    loss = engine_cross_entropy(logits, np.array([0]))
    curve = minus_ln_panel(p, loss)
    caption = f"p = {p:.2f} for the right class of {classes}: loss = -ln {p:.2f} = {loss:.3f}"
    values = {"loss": loss, "minus_ln_p": 0.0 - math.log(p)}
    return Result(values, Figure([curve], columns=1, caption=caption))


@experiment("softmax.initial_loss")
def initial_loss(seed: int = 0, preset: str = "mlp_784_128_64_10") -> Result:
    """A fresh 10-class network's loss before training, on the bundled MNIST digits: about
    ln 10 = 2.303 when the initial outputs are nearly uniform."""
    spec = NetworkSpec.from_dict({**preset_spec(preset).to_dict(), "seed": int(seed)})
    data = load_dataset("mnist5k").train
    net = Network(spec)
    loss, accuracy, logits = net.evaluate(data.x, data.y)
    logits = logits.reshape(len(logits), -1).astype(np.float64)
    first = float(Trainer(net, data).run_chunk(1).losses[0])
    classes = logits.shape[1]
    shifted = logits - logits.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    per_sample = -logp[np.arange(len(logp)), data.y]
    mean_p = np.exp(logp).mean(axis=0)
    values = {
        "initial_loss": float(loss),
        "first_batch_loss": first,
        "ln_classes": math.log(classes),
        "accuracy": float(accuracy),
    }
    spread = Panel(
        f"loss per digit before training (mean {loss:.3f})",
        [
            Histogram(per_sample, 40, "-ln p(right digit)", colour=0),
            Marker(math.log(classes), f"ln {classes} = {math.log(classes):.3f}"),
        ],
        "loss",
        "digits",
    )
    bars = Panel(
        "mean softmax output per class",
        [
            Bars([str(k) for k in range(classes)], mean_p, "mean p"),
            Marker(0.1, "1/10", "horizontal"),
        ],
        "class",
        "p",
        y_range=(0.0, 0.3),
    )
    caption = (
        f"{preset}, seed {seed}, {len(data.y)} digits: mean loss {loss:.3f} "
        f"(first batch {first:.3f}); ln {classes} = {math.log(classes):.3f}; "
        f"accuracy {accuracy:.1%}"
    )
    return Result(values, Figure([spread, bars], columns=2, caption=caption))

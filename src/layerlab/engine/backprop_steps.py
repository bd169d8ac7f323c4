"""Backprop step by step: one sample through a small Dense network, forward and back, in float64.

For a learner checking a textbook's worked example. Forward, per layer: z = a_prev·W + b and
a = f(z); then the loss; then backward, last layer first: delta = dL/dz, dW = a_prev ⊗ delta,
db = delta and dL/da_prev = W·delta; then the weights after one plain SGD step, w - lr·dW.
Weights use the engine's layout: W is (inputs, units), W[i, j] links input i to unit j.

The losses are the engine's for a batch of one sample: mse is the mean over the k outputs of
(a - t)², the perceptron loss is ½·Σ(a - t)², cross-entropies take the logits when the network
ends in softmax (sigmoid for binary cross-entropy), as the engine does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from layerlab.engine.activations64 import Activation, activation_values, backprop_activations
from layerlab.engine.losses import loss_info
from layerlab.engine.optimizers import parse_optimizer
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec

if TYPE_CHECKING:  # the network loads the numba kernels; this module needs none
    from layerlab.engine.network import Network

F64 = npt.NDArray[np.float64]
MAX_UNITS = 64
MAX_LAYERS = 8
LOSSES_SHOWN = ("mse", "perceptron", "binary_cross_entropy", "softmax_cross_entropy")
PASS_THROUGH = ("Flatten",)  # layers that change nothing for a flat vector


class StepThroughError(ValueError):
    """A network the step-through cannot show; ``code`` says why, the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class DenseStep:
    """One column of neurons: a Dense layer and the activations after it."""

    layer_id: str
    units: int
    use_bias: bool
    activations: tuple[Activation, ...]

    @property
    def activation_text(self) -> str:
        names = [a.fn for a in self.activations]
        return " → ".join(names) if names else "identity"


@dataclass(frozen=True)
class LayerTrace:
    """One column's numbers for the sample; arrays are (units,) or (inputs, units) float64."""

    layer_id: str
    activation: str
    has_bias: bool
    weight: F64
    bias: F64  # zeros when the layer has no bias
    z: F64
    a: F64
    delta: F64  # dL/dz
    d_weight: F64
    d_bias: F64
    d_input: F64  # dL/da_prev, (inputs,)
    new_weight: F64
    new_bias: F64


@dataclass(frozen=True)
class Names:
    """Textbook names: inputs, each column's units, and each layer's weights (inputs, units)."""

    inputs: tuple[str, ...]
    units: tuple[tuple[str, ...], ...]
    weights: tuple[npt.NDArray[np.str_], ...]


@dataclass(frozen=True)
class Stage:
    """kind: input, forward, loss, backward or update; layer: its column index (-1: none)."""

    kind: str
    layer: int = -1


@dataclass(frozen=True)
class BackpropTrace:
    """Every number of one sample's forward pass, loss, backward pass and SGD update."""

    x: F64
    target: F64
    layers: tuple[LayerTrace, ...]
    loss_name: str
    loss: float
    d_output: F64  # dL/da of the last layer
    lr: float
    update_note: str  # non-empty when the network's optimizer is not plain SGD
    names: Names

    @property
    def output(self) -> F64:
        return self.layers[-1].a

    @property
    def stages(self) -> tuple[Stage, ...]:
        n = len(self.layers)
        forward = [Stage("forward", i) for i in range(n)]
        backward = [Stage("backward", i) for i in reversed(range(n))]
        return (Stage("input"), *forward, Stage("loss"), *backward, Stage("update"))


def plan_steps(spec: NetworkSpec) -> tuple[DenseStep, ...]:
    """The network as columns of neurons; StepThroughError when it cannot be shown."""
    inf = infer(spec)
    if not inf.ok:
        raise StepThroughError("invalid", "the network has problems: " + inf.problems[0].message)
    if spec.loss not in LOSSES_SHOWN and loss_info(spec.loss).name not in LOSSES_SHOWN:
        raise StepThroughError(
            "loss", f"the {spec.loss} loss is not shown step by step; use {', '.join(LOSSES_SHOWN)}"
        )
    n_in = int(np.prod(spec.input_shape))
    if n_in > MAX_UNITS:
        raise StepThroughError(
            "too_big", f"the input has {n_in} values; the step-through shows at most {MAX_UNITS}"
        )
    steps: list[DenseStep] = []
    for layer in inf.layers:
        kind = layer.kind
        if kind == "Dense":
            units = layer.p["units"]
            if units > MAX_UNITS:
                raise StepThroughError(
                    "too_big",
                    f"Dense '{layer.id}' has {units} units; the step-through shows at most "
                    f"{MAX_UNITS} per layer",
                )
            first = () if layer.p["activation"] == "identity" else (Activation.of(layer.p),)
            steps.append(DenseStep(layer.id, units, bool(layer.p["use_bias"]), first))
        elif kind in ("Activation", "Softmax"):
            if not steps:
                raise StepThroughError(
                    "activation_first",
                    f"'{layer.id}' comes before any Dense layer; the step-through starts at one",
                )
            act = Activation.of(layer.p) if kind == "Activation" else Activation("softmax")
            if act.fn != "identity":
                last = steps[-1]
                steps[-1] = DenseStep(
                    last.layer_id, last.units, last.use_bias, (*last.activations, act)
                )
        elif kind not in PASS_THROUGH:
            raise StepThroughError(
                "layer_kind",
                f"'{layer.id}' is a {kind} layer; the step-through shows only Dense layers "
                "and activations",
            )
    if not steps:
        raise StepThroughError("no_dense", "the network has no Dense layer")
    if len(steps) > MAX_LAYERS:
        raise StepThroughError(
            "too_deep",
            f"the network has {len(steps)} Dense layers; the step-through shows at most "
            f"{MAX_LAYERS}",
        )
    return tuple(steps)


def target_vector(y: npt.ArrayLike, outputs: int) -> F64:
    """The targets of one sample as the engine reads them: a class label becomes one-hot (or the
    label itself for a single output); float targets are taken as they are."""
    y = np.asarray(y)
    if y.ndim == 0 and np.issubdtype(y.dtype, np.integer):
        label = int(y)
        hi = 2 if outputs == 1 else outputs
        if not 0 <= label < hi:
            raise StepThroughError("label", f"label {label} is outside 0..{hi - 1}")
        if outputs == 1:
            return np.array([float(label)])
        return np.eye(outputs)[label]
    t = np.asarray(y, np.float64).ravel()
    if t.size != outputs:
        raise StepThroughError(
            "target", f"the sample has {t.size} target values; the network outputs {outputs}"
        )
    return t


def default_names(n_inputs: int, units: list[int]) -> Names:
    """x1.. for inputs, h1.. for one hidden layer (h1_1.. for several), o1.. for the outputs."""
    inputs = tuple(f"x{i + 1}" for i in range(n_inputs))
    cols: list[tuple[str, ...]] = []
    for c, n in enumerate(units):
        hidden = "h" if len(units) == 2 else f"h{c + 1}_"
        prefix = "o" if c == len(units) - 1 else hidden
        cols.append(tuple(f"{prefix}{j + 1}" for j in range(n)))
    weights = []
    for c, names in enumerate(cols):
        sources = inputs if c == 0 else cols[c - 1]
        weights.append(np.array([[f"w({s}→{d})" for d in names] for s in sources]))
    return Names(inputs, tuple(cols), tuple(weights))


def trace_network(net: Network, x: npt.ArrayLike, y: npt.ArrayLike) -> BackpropTrace:
    """The trace of ``net`` (its current weights) on one sample (x, y)."""
    k = int(np.prod(net.output_shape))
    return trace_backprop(net.spec, net.params, x, target_vector(y, k))


def trace_backprop(
    spec: NetworkSpec,
    params: Mapping[str, npt.ArrayLike],
    x: npt.ArrayLike,
    target: npt.ArrayLike,
    names: Names | None = None,
) -> BackpropTrace:
    """Forward, loss, backward and SGD update for one sample, in float64.

    ``params`` maps "<layer id>.weight" to (inputs, units) and "<layer id>.bias" to (units,),
    as ``Network.params`` does; ``target`` has one value per output.
    """
    steps = plan_steps(spec)
    x = np.asarray(x, np.float64).ravel()
    if x.size != int(np.prod(spec.input_shape)):
        raise StepThroughError(
            "input", f"the sample has {x.size} values; the network takes {spec.input_shape}"
        )
    t = np.asarray(target, np.float64).ravel()
    if t.size != steps[-1].units:
        raise StepThroughError("target", f"{t.size} target values for {steps[-1].units} outputs")
    ws, bs = _weights(steps, params)
    a_prev, chains = x, []
    for s, w, b in zip(steps, ws, bs, strict=True):
        chains.append(activation_values(s.activations, a_prev @ w + b))
        a_prev = chains[-1][-1]
    loss_name = loss_info(spec.loss).name
    loss, d_output, g, skip = _loss(loss_name, steps[-1].activations, chains[-1], t)
    lr, note = sgd_rate(spec)
    traces: list[LayerTrace] = []
    for c in reversed(range(len(steps))):
        s, w, b = steps[c], ws[c], bs[c]
        acts = s.activations[: len(s.activations) - skip]
        delta = backprop_activations(acts, chains[c], g)
        a_in = x if c == 0 else chains[c - 1][-1]
        dw, db = np.outer(a_in, delta), delta if s.use_bias else np.zeros_like(delta)
        traces.append(
            LayerTrace(
                s.layer_id, s.activation_text, s.use_bias, w, b, chains[c][0], chains[c][-1],
                delta, dw, db, w @ delta, w - lr * dw, b - lr * db,
            )
        )  # fmt: skip
        g, skip = w @ delta, 0
    if names is None:
        names = default_names(x.size, [s.units for s in steps])
    layers = tuple(reversed(traces))
    return BackpropTrace(x, t, layers, loss_name, loss, d_output, lr, note, names)


def _weights(
    steps: tuple[DenseStep, ...], params: Mapping[str, npt.ArrayLike]
) -> tuple[list[F64], list[F64]]:
    ws, bs = [], []
    for s in steps:
        key = f"{s.layer_id}.weight"
        if key not in params:
            raise StepThroughError("weights", f"no weights for layer '{s.layer_id}'")
        ws.append(np.array(params[key], np.float64))
        bias = params.get(f"{s.layer_id}.bias") if s.use_bias else None
        bs.append(np.zeros(s.units) if bias is None else np.array(bias, np.float64).ravel())
    return ws, bs


def _loss(
    name: str, acts: tuple[Activation, ...], chain: list[F64], t: F64
) -> tuple[float, F64, F64, int]:
    """(loss, dL/da, gradient to start the backward pass from, activations it skips).

    Cross-entropy after softmax (binary: after sigmoid) starts from dL/d(logits), as the engine
    does: exact and stable. Otherwise it starts from dL/da.
    """
    a, k = chain[-1], t.size
    last = acts[-1].fn if acts else "identity"
    with np.errstate(divide="ignore", invalid="ignore"):
        if name == "softmax_cross_entropy":
            logits = chain[-2] if last == "softmax" else a
            log_p = logits - (logits.max() + np.log(np.exp(logits - logits.max()).sum()))
            p = np.exp(log_p)
            loss = float(-(t[t != 0] * log_p[t != 0]).sum())
            d_a = np.where(t != 0, -t / a, 0.0) if last == "softmax" else p - t
            return loss, d_a, p - t, int(last == "softmax")
        if name == "binary_cross_entropy":
            if last == "sigmoid":
                v = chain[-2]
                loss = float((np.maximum(v, 0) - v * t + np.log1p(np.exp(-np.abs(v)))).mean())
                return loss, (a - t) / (a * (1 - a)) / k, (a - t) / k, 1
            p = np.clip(a, 1e-7, 1 - 1e-7)
            loss = float(-(t * np.log(p) + (1 - t) * np.log(1 - p)).mean())
            d_a = (p - t) / (p * (1 - p)) / k
            return loss, d_a, d_a, 0
    d = a - t
    if name == "perceptron":
        return float(0.5 * (d * d).sum()), d, d, 0
    return float((d * d).mean()), 2 * d / k, 2 * d / k, 0


def sgd_rate(spec: NetworkSpec) -> tuple[float, str]:
    """(learning rate, a note when the network's optimizer does more than plain SGD)."""
    try:
        cfg = parse_optimizer(spec.optimizer)
    except ValueError as e:
        raise StepThroughError("optimizer", str(e)) from None
    lr = cfg.settings["lr"]
    extras = [k for k in ("l2", "l1", "clip_norm", "clip_value") if cfg.settings.get(k)]
    if cfg.kind == "sgd" and not extras and not cfg.schedule:
        return lr, ""
    what = cfg.kind + (f" with {', '.join(extras)}" if extras else "")
    what += " and a schedule" if cfg.schedule else ""
    return lr, (
        f"The network trains with {what}; the update shown is one plain SGD step, "
        f"w - lr·dW with lr = {lr:g}."
    )

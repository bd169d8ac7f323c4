"""Weight initialisation: activation histograms of a deep MLP fed random inputs for different
initial weight scales (斋藤康毅《深度学习入门》§6.2), and why all-zero weights never break
the symmetry between units."""

from __future__ import annotations

import numpy as np

from layerlab.data import load_dataset
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.figure import Figure, Histogram, Image, Line, Panel

# What each histogram lesson compares (the initialiser names of layerlab.engine.initializers).
BOOK_INITS = {
    "sigmoid": ("normal:1", "normal:0.01", "glorot_normal"),  # figures 6-10, 6-11, 6-13
    "tanh": ("normal:1", "normal:0.01", "glorot_normal"),
    "relu": ("normal:0.01", "glorot_normal", "he_normal"),  # figure 6-14
}


def mlp_spec(
    activation: str,
    init: str,
    layers: int = 5,
    units: int = 100,
    inputs: int = 100,
    outputs: int = 10,
    seed: int = 0,
    batch_size: int = 1000,
    optimizer: dict | None = None,
) -> NetworkSpec:
    """inputs → ``layers`` × Dense(units, activation) → Dense(outputs), all weights by ``init``."""
    hidden = [
        {"id": f"h{i + 1}", "kind": "Dense", "units": units, "activation": activation}
        for i in range(layers)
    ]
    return NetworkSpec.from_dict(
        {
            "input": {"shape": [inputs]},
            "layers": [*hidden, {"id": "out", "kind": "Dense", "units": outputs}],
            "loss": "softmax_cross_entropy",
            "optimizer": optimizer or {"kind": "sgd", "lr": 0.1},
            "init": init,
            "seed": seed,
            "batch_size": batch_size,
        }
    )


def hidden_activations(
    activation: str,
    init: str,
    layers: int = 5,
    units: int = 100,
    samples: int = 1000,
    seed: int = 0,
) -> list[np.ndarray]:
    """Each hidden layer's outputs (samples, units) for inputs drawn from N(0, 1)."""
    x = np.random.default_rng(seed).standard_normal((samples, units)).astype(np.float32)
    net = Network(mlp_spec(activation, init, layers, units, units, seed=seed, batch_size=samples))
    net.forward(x)
    acts = net.activations()
    return [np.array(acts[f"h{i + 1}"]) for i in range(layers)]


def saturated_fraction(a: np.ndarray, activation: str) -> float:
    """Share of outputs in the flat ends: sigmoid within 0.1 of 0 or 1, tanh beyond ±0.9, ReLU
    exactly 0."""
    if activation == "sigmoid":
        return float(np.mean((a < 0.1) | (a > 0.9)))
    if activation == "tanh":
        return float(np.mean(np.abs(a) > 0.9))
    return float(np.mean(a == 0.0))


def _init_name(init: str, std: float) -> str:
    return f"normal:{std:g}" if init == "normal" else init


@experiment(
    "initialization.activation_histograms",
    sliders=(Slider("std", "weight std (init = normal)", 0.001, 10.0, 0.001, 1.0, log=True),),
)
def activation_histograms(
    activation: str = "sigmoid",
    init: str = "normal",
    std: float = 1.0,
    layers: int = 5,
    units: int = 100,
    samples: int = 1000,
    seed: int = 0,
) -> Result:
    """Histograms of each hidden layer's outputs for weights from ``init`` (``normal``: N(0,
    std²)), and every layer's standard deviation for the book's initialisers beside it."""
    name = _init_name(init, std)
    acts = hidden_activations(activation, name, layers, units, samples, seed)
    stds = [float(a.std()) for a in acts]
    sat = [saturated_fraction(a, activation) for a in acts]
    values: dict[str, float | str] = {f"std_{i + 1}": s for i, s in enumerate(stds)}
    values |= {
        "init": name,
        "first_std": stds[0],
        "last_std": stds[-1],
        "min_std": min(stds),
        "max_std": max(stds),
        "last_over_first": stds[-1] / stds[0] if stds[0] > 0 else 0.0,
        "saturated_min": min(sat),
        "saturated_max": max(sat),
    }
    lo, hi = (0.0, 1.0) if activation == "sigmoid" else (-1.0, 1.0)
    if activation == "relu":  # one range for all layers, from layer 1: shrinking stays visible
        lo, hi = 0.0, max(float(np.percentile(acts[0], 99.5)), 1e-12)
    panels = []
    for i, a in enumerate(acts):
        v = a.ravel()
        if activation == "relu":
            v = v[(v > 0) & (v <= hi)]  # the zeros (half of them) left out, as in the book
        panels.append(
            Panel(
                f"layer {i + 1}",
                [Histogram(v, 30, f"std {stds[i]:.3g}", 0)],
                "output",
                "count" if i == 0 else "",
                x_range=(lo, hi),
                legend=False,
            )
        )
    trend = Panel("output std per layer", [], "layer", "std", log_y=True)
    depth = np.arange(1, layers + 1, dtype=float)
    for j, other in enumerate(BOOK_INITS.get(activation, ())):
        s = [float(a.std()) for a in hidden_activations(activation, other, layers, units)]
        trend.items.append(Line(depth, np.maximum(s, 1e-12), other, "dashed", j + 1, 1.5))
    trend.items.append(Line(depth, np.maximum(stds, 1e-12), f"{name} (shown)", "solid", 0))
    panels.append(trend)
    caption = (
        f"{activation}, {name}: std of layers 1..{layers} "
        + ", ".join(f"{s:.3g}" for s in stds)
        + f"; in the flat ends: {min(sat):.0%}..{max(sat):.0%}"
    )
    return Result(values, Figure(panels, layers, caption))


def relative_column_spread(w: np.ndarray) -> float:
    """Largest difference between any unit's incoming weights and unit 0's, relative to the
    largest weight (0 for identical units; float32 rounding leaves about 1e-7)."""
    scale = float(np.abs(w).max())
    return float(np.abs(w - w[:, :1]).max()) / scale if scale > 0 else 0.0


def distinct_columns(a: np.ndarray, tol: float = 1e-5) -> int:
    """How many different units (columns of a (samples, units) array), up to ``tol`` times the
    largest value."""
    tol = tol * max(float(np.abs(a).max()), 1e-30)
    kept = a[:, :1]
    for j in range(1, a.shape[1]):
        if np.abs(kept - a[:, j : j + 1]).max(axis=0).min() > tol:
            kept = np.concatenate([kept, a[:, j : j + 1]], axis=1)
    return kept.shape[1]


def train_from(
    init: str,
    activation: str = "sigmoid",
    steps: int = 30,
    optimizer: str = "adam",
    lr: float = 0.001,
    layers: int = 5,
    units: int = 100,
    batch_size: int = 32,
) -> tuple[Network, np.ndarray, list[int]]:
    """784 → layers × Dense(units) → 10 trained ``steps`` steps on the first MNIST digits
    (unshuffled) from ``init``: the network, its training losses and the number of different
    units in each hidden layer on the first batch."""
    data = load_dataset("mnist5k").train
    n = batch_size * max(int(steps), 1)
    x = np.ascontiguousarray(data.x[:n].reshape(min(n, len(data.x)), -1), dtype=np.float32)
    settings = {"kind": optimizer, "lr": lr}
    spec = mlp_spec(activation, init, layers, units, x.shape[1], batch_size=batch_size,
                    optimizer=settings)  # fmt: skip
    net = Network(spec)
    trainer = Trainer(net, (x, data.y[: len(x)]), batch_size=batch_size, shuffle=False)
    losses = []
    while trainer.step < steps:
        losses.append(trainer.run_chunk(int(steps) - trainer.step).losses)
    net.forward(x[:batch_size])
    acts = net.activations()
    distinct = [distinct_columns(np.array(acts[f"h{i + 1}"])) for i in range(layers)]
    return net, np.concatenate(losses), distinct


def _unit_images(net: Network, init: str, shown: int) -> list[Panel]:
    """The first layer's incoming weights of the first ``shown`` units as 28 x 28 images."""
    w = np.array(net.params["h1.weight"])
    bound = max(float(np.abs(w[:, :shown]).max()), 1e-12)
    return [
        Panel(
            f"{init}: unit {j + 1}",
            [Image(w[:, j].reshape(28, 28), (-bound, bound), True)],
            legend=False,
        )
        for j in range(shown)
    ]


@experiment("initialization.zero_symmetry")
def zero_symmetry(
    init: str = "zeros",
    compare: str = "glorot_normal",
    steps: int = 30,
    optimizer: str = "adam",
    lr: float = 0.001,
    activation: str = "sigmoid",
) -> Result:
    """Train from ``init`` and from ``compare``: with all-zero weights every unit of a layer
    gets the same gradient and so the same update (SGD, Momentum, Adam all update each weight
    from its own gradient), so the units stay identical."""
    values: dict[str, float | int | str] = {"init": init, "compare": compare}
    rows, counts = [], Panel("different units per layer", [], "layer", "units", y_range=(0, 101))
    spread = Panel("unit difference / max |w|", [], "layer", "", log_y=True)
    for i, (prefix, name) in enumerate((("", init), ("compare_", compare))):
        net, losses, distinct = train_from(name, activation, steps, optimizer, lr)
        hidden = [np.array(net.params[f"h{i + 1}.weight"]) for i in range(len(distinct))]
        values |= {
            f"{prefix}relative_spread": max(relative_column_spread(w) for w in hidden),
            f"{prefix}smallest_max_weight": min(float(np.abs(w).max()) for w in hidden),
            f"{prefix}first_max_weight": float(np.abs(hidden[0]).max()),
            f"{prefix}most_distinct_units": max(distinct),
            f"{prefix}fewest_distinct_units": min(distinct),
            f"{prefix}final_loss": float(losses[-10:].mean()),
        }
        rows += _unit_images(net, name, 3)
        depth = np.arange(1, len(distinct) + 1, dtype=float)
        counts.items.append(Line(depth, np.array(distinct, float), name, colour=i))
        each = [max(relative_column_spread(w), 1e-12) for w in hidden]
        spread.items.append(Line(depth, np.array(each), name, colour=i))
    rows.insert(3, counts)
    rows.append(spread)
    caption = (
        f"first-layer weights of units 1-3 after {steps} {optimizer} steps: {init} (top) gives "
        f"{values['most_distinct_units']} different unit(s) per layer, {compare} (bottom) "
        f"{values['compare_fewest_distinct_units']}"
    )
    return Result(values, Figure(rows, 4, caption))

"""Universal approximation: one hidden layer fits sin(x) on [-π, π]; the fit is a sum of the
hidden units' contributions w2_j·h_j(x) plus the output bias, and the error falls as units
are added."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.figure import Figure, Line, Marker, Panel

UNITS = (1, 2, 4, 8, 16, 32)
POINTS = 101  # evenly spaced training points on [-π, π]


def sine_data(points: int = POINTS) -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(-np.pi, np.pi, points).astype(np.float32)[:, None]
    return x, np.sin(x).astype(np.float32)


def sine_network(units: int, activation: str, lr: float, seed: int) -> NetworkSpec:
    """1 → Dense(units, activation) → Dense(1), MSE, Adam with a cosine schedule over one
    epoch (the training run below is one epoch of repeated full batches)."""
    return NetworkSpec.from_dict(
        {
            "input": {"shape": [1]},
            "layers": [
                {"id": "hidden", "kind": "Dense", "units": units, "activation": activation},
                {"id": "out", "kind": "Dense", "units": 1},
            ],
            "loss": "mse",
            "optimizer": {
                "kind": "adam",
                "lr": lr,
                "schedule": {"kind": "cosine", "epochs": 1, "min_lr": lr / 100},
            },
            "init": "he_normal" if activation == "relu" else "glorot_uniform",
            "seed": seed,
            "batch_size": POINTS,
        }
    )


@lru_cache(maxsize=64)
def fit_sine(
    units: int, activation: str = "tanh", lr: float = 0.05, steps: int = 2000, seed: int = 0
) -> Network:
    """A network trained on sin(x) by ``steps`` full-batch steps (deterministic: cached)."""
    x, y = sine_data()
    net = Network(sine_network(units, activation, lr, seed))
    # The data repeated ``steps`` times, unshuffled: one epoch is ``steps`` full batches, run
    # by one engine call instead of one call per step.
    repeated = (np.tile(x, (steps, 1)), np.tile(y, (steps, 1)))
    Trainer(net, repeated, batch_size=len(x), shuffle=False).run_chunk(steps)
    return net


def contributions(net: Network, x: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """(w2_j·h_j(x) per unit (n, units) in float64, the output bias, the network's output (n,))."""
    if net.batch_size < len(x):
        net.set_batch_size(len(x))
    out = net.forward(x)[:, 0].astype(np.float64)
    hidden = net.activations()["hidden"].astype(np.float64)
    w2 = net.params["out.weight"][:, 0].astype(np.float64)
    return hidden * w2, float(net.params["out.bias"][0]), out


def mse(net: Network) -> float:
    x, y = sine_data()
    return float(np.mean((net.forward(x)[:, 0].astype(np.float64) - y[:, 0]) ** 2))


def monotone_through(units: list[int], errors: list[float]) -> int:
    """The largest unit count up to which the error falls at every step of the list."""
    last = units[0]
    for i in range(1, len(units)):
        if errors[i] >= errors[i - 1]:
            break
        last = units[i]
    return last


@experiment(
    "approximation.sine",
    sliders=(Slider("units", "hidden units", 1, 32, 1, 8),),
)
def sine(
    units: int = 8,
    activation: str = "tanh",
    unit_list: list[int] | None = None,
    lr: float = 0.05,
    steps: int = 2000,
    seed: int = 0,
) -> Result:
    """Fit sin(x) with ``units`` hidden units; the error for every count of ``unit_list``."""
    units = int(units)
    counts = sorted(set(unit_list or UNITS))
    errors = [mse(fit_sine(n, activation, lr, steps, seed)) for n in counts]
    net = fit_sine(units, activation, lr, steps, seed)
    x, y = sine_data(301)  # between the training points too
    parts, bias, out = contributions(net, x)
    values: dict[str, float | int] = {f"mse_{n}": e for n, e in zip(counts, errors, strict=True)}
    values |= {
        "units": units,
        "mse": mse(net),
        "sum_error": float(np.max(np.abs(parts.sum(axis=1) + bias - out))),
        "first_over_last": errors[0] / errors[-1],
        "monotone_through": monotone_through(counts, errors),
        "worst_mse_from_8": max(e for n, e in zip(counts, errors, strict=True) if n >= 8),
    }
    xs = x[:, 0].astype(float)
    fit = Panel(f"{units} {activation} units: fit = Σ w2_j·h_j(x) + b", [], "x", "y")
    for j in range(parts.shape[1]):
        fit.items.append(Line(xs, parts[:, j], "w2_j·h_j(x)" if j == 0 else "", "solid", 6, 1.0))
    fit.items.append(Marker(bias, f"b = {bias:.2f}", "horizontal"))
    fit.items.append(Line(xs, out, "network", "solid", 0, 3.0))
    fit.items.append(Line(xs, y[:, 0].astype(float), "sin x", "dashed", 1))
    curve = Panel("error against hidden units", [], "hidden units", "MSE", log_x=True, log_y=True)
    curve.items.append(Line(np.array(counts, float), np.array(errors), "MSE", "solid", 0))
    curve.items.append(Line(np.array(counts, float), np.array(errors), "", "dots", 0))
    curve.items.append(Marker(float(units), f"{units} units", "vertical"))
    caption = f"MSE with {units} units: {values['mse']:.2e}; " + ", ".join(
        f"{n}: {e:.1e}" for n, e in zip(counts, errors, strict=True)
    )
    return Result(values, Figure([fit, curve], 2, caption))

"""Headless training-throughput measurement of the reference networks (`layerlab bench`)."""

from __future__ import annotations

import json
import time
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.threads import limit_blas_threads
from layerlab.engine.trainer import Trainer

CASES: tuple[tuple[str, str, int], ...] = (
    ("mlp 784-128-64-10", "mlp_784_128_64_10.json", 64),
    ("mlp 784-128-64-10", "mlp_784_128_64_10.json", 1),
    ("dense100-bn-relu-dense10 adam", "reference_bn.json", 100),
    ("lenet-5", "lenet5.json", 64),
)


def example_spec(name: str) -> dict[str, Any]:
    """A bundled example network as a parsed JSON dict."""
    path = resources.files("layerlab") / "resources" / "examples" / name
    return json.loads(path.read_text(encoding="utf-8"))


def engine_rate(
    spec: dict[str, Any],
    batch: int,
    x: npt.NDArray[np.float32],
    y: npt.NDArray[Any],
    seconds: float = 2.0,
) -> float:
    """Training samples per second on one core (single-threaded BLAS), after a warm-up chunk."""
    net = Network(NetworkSpec.from_dict({**spec, "batch_size": batch}))
    tr = Trainer(net, (x, y))
    chunk = max(1, min(64, 4096 // batch))
    with limit_blas_threads(1):
        tr.run_chunk(chunk)
        steps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            steps += tr.run_chunk(chunk).steps
        return steps * batch / (time.perf_counter() - t0)


def run(seconds: float = 2.0) -> list[dict[str, Any]]:
    """Measure every case on the bundled MNIST digits; prints one line per case."""
    from layerlab.data import load_bundled_mnist

    ds = load_bundled_mnist()
    rows = []
    for name, spec_file, batch in CASES:
        rate = engine_rate(example_spec(spec_file), batch, ds.x, ds.y, seconds)
        rows.append({"case": name, "batch": batch, "samples_per_s": rate})
        print(f"{name:32s} batch {batch:3d}: {rate:10.0f} samples/s", flush=True)
    return rows

"""Training throughput of the engine against PyTorch CPU, measured in the same run.

Run: python benchmarks/bench_engine.py [--quick] [--out results.json]
Ratios > 1 mean LayerLab is faster. PyTorch is measured twice: with its default thread count and
pinned to one thread (the engine always trains on one core with single-threaded BLAS).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

from layerlab.benchmark import engine_rate, example_spec

MLP = example_spec("mlp_784_128_64_10.json")
REFERENCE = example_spec("reference_bn.json")
LENET = example_spec("lenet5.json")


def load_data(n: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    from layerlab.data import load_bundled_mnist

    ds = load_bundled_mnist()
    return ds.x[:n], ds.y[:n]


def torch_model(spec: dict):
    import torch
    from torch import nn

    if spec is MLP:
        m = nn.Sequential(
            nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)
        )
        return m, torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9), (784,)
    if spec is REFERENCE:
        m = nn.Sequential(nn.Linear(784, 100), nn.BatchNorm1d(100), nn.ReLU(), nn.Linear(100, 10))
        return m, torch.optim.Adam(m.parameters(), lr=0.001), (784,)
    m = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )
    return m, torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9), (1, 28, 28)


def torch_rate(spec: dict, batch: int, x: np.ndarray, y: np.ndarray, seconds: float) -> float:
    import torch
    from torch import nn

    torch.manual_seed(0)
    model, opt, shape = torch_model(spec)
    xt = torch.from_numpy(x.reshape(len(x), *shape).copy())
    yt = torch.from_numpy(y.astype(np.int64))
    loss_fn = nn.CrossEntropyLoss()
    n = len(x) // batch
    perm = torch.randperm(len(x))

    def step(i: int) -> None:
        idx = perm[(i % n) * batch : (i % n + 1) * batch]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xt[idx]), yt[idx]).backward()
        opt.step()

    for i in range(5):
        step(i)
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(8):
            step(steps)
            steps += 1
    return steps * batch / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="shorter timings")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    seconds = 1.0 if args.quick else 3.0
    x, y = load_data()
    try:
        import torch

        default_threads = torch.get_num_threads()
    except ImportError:
        torch = None
    cases = [
        ("mlp 784-128-64-10", MLP, 64, 1.7),
        ("mlp 784-128-64-10", MLP, 1, 5.0),
        ("dense100-bn-relu-dense10 adam", REFERENCE, 100, 1.5),
        ("lenet-5", LENET, 64, 1.0),
    ]
    results = []
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"python {sys.version.split()[0]}"
    )
    for name, spec, batch, target in cases:
        ours = engine_rate(spec, batch, x, y, seconds)
        row = {"case": name, "batch": batch, "layerlab_samples_per_s": ours, "target": target}
        if torch is not None:
            torch.set_num_threads(default_threads)
            row["torch_samples_per_s"] = torch_rate(spec, batch, x, y, seconds)
            torch.set_num_threads(1)
            row["torch1_samples_per_s"] = torch_rate(spec, batch, x, y, seconds)
            row["ratio"] = ours / row["torch_samples_per_s"]
            row["ratio_1thread"] = ours / row["torch1_samples_per_s"]
        results.append(row)
        extra = ""
        if "ratio" in row:
            extra = (
                f"  torch({default_threads} thr) {row['torch_samples_per_s']:9.0f}/s  "
                f"ratio {row['ratio']:.2f}x  torch(1 thr) {row['torch1_samples_per_s']:9.0f}/s"
                f"  ratio {row['ratio_1thread']:.2f}x  target >= {target}x"
            )
        print(f"{name:32s} batch {batch:3d}: layerlab {ours:9.0f} samples/s{extra}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

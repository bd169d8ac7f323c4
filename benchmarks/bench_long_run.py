"""No slowdown over 10,000 training steps: throughput of the first and last 1,000 steps.

Runs the 784-128-64-10 MLP and a 10-layer sigmoid network (whose tiny gradients and momentum
buffers would go subnormal without flush-to-zero). Run: python benchmarks/bench_long_run.py
"""

from __future__ import annotations

import time

from threadpoolctl import threadpool_limits

from layerlab.benchmark import example_spec
from layerlab.data import load_bundled_mnist
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer

SIGMOID10 = {
    "input": {"shape": [784]},
    "layers": [{"kind": "Dense", "units": 64, "activation": "sigmoid"} for _ in range(9)]
    + [{"kind": "Dense", "units": 10}],
    "optimizer": {"kind": "momentum", "lr": 0.01, "momentum": 0.9},
    "batch_size": 64,
}


def rates(spec: dict, steps: int = 10_000, window: int = 1_000) -> tuple[float, float]:
    """Steps per second over the first and the last ``window`` steps."""
    ds = load_bundled_mnist()
    tr = Trainer(Network(NetworkSpec.from_dict(spec)), ds)
    tr.run_chunk(8)
    marks: list[tuple[int, float]] = []
    thresholds = (window, steps - window, steps)
    with threadpool_limits(1):
        done, t0 = 0, time.perf_counter()
        while done < steps:
            done += tr.run_chunk(min(32, steps - done)).steps
            while len(marks) < 3 and done >= thresholds[len(marks)]:
                marks.append((done, time.perf_counter() - t0))
    (s1, t1), (s2, t2), (s3, t3) = marks[:3]
    return s1 / t1, (s3 - s2) / (t3 - t2)


def main() -> int:
    for name, spec in (("mlp 784-128-64-10", example_spec("mlp_784_128_64_10.json")),
                       ("10-layer sigmoid", SIGMOID10)):  # fmt: skip
        first, last = rates(spec)
        print(f"{name:20s} first 1,000 steps {first:8.0f} steps/s, last 1,000 {last:8.0f} "
              f"steps/s: ratio {last / first:.2f} (target >= 0.9)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

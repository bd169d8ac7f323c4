"""Loss-surface grids of a 784-100-10 MLP on 1,000 MNIST digits, on one core.

Run: python benchmarks/bench_landscape.py [--repeats 7] [--out results.json]
Each time is the best of ``--repeats`` runs of a whole grid: a fresh LossGrid (private copy of
the network, first-layer products theta0/d1/d2) plus ``compute()`` coarse to fine. Other
processes share the machine, so the median is printed too; the targets apply to the best.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from layerlab.engine.landscape import LossGrid, random_directions
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.threads import limit_blas_threads

MLP = {
    "input": {"shape": [784]},
    "layers": [
        {"id": "fc1", "kind": "Dense", "units": 100, "activation": "relu"},
        {"id": "fc2", "kind": "Dense", "units": 10},
    ],
}
TARGETS = {11: 0.050, 21: 0.150, 51: 1.0}  # seconds per whole grid


def load_data(n: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    from layerlab.data import load_bundled_mnist

    ds = load_bundled_mnist()
    idx = np.random.default_rng(0).choice(len(ds.x), n, replace=False)  # all ten classes
    return ds.x[idx].reshape(n, -1), ds.y[idx]


def grid_times(net, x, y, d1, d2, n: int, repeats: int, fast: bool = True) -> list[float]:
    """Seconds of each of ``repeats`` whole-grid computations."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        LossGrid(net, x, y, d1, d2, n=n, fast=fast).compute()
        times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    limit_blas_threads(1)
    net = Network(NetworkSpec.from_dict(MLP))
    x, y = load_data()
    d1, d2 = random_directions(net, seed=0)
    warm = LossGrid(net, x, y, d1, d2, n=3)
    warm.compute()  # loads (or compiles) the kernels
    print(
        f"{platform.processor() or platform.machine()}, one BLAS thread, 784-100-10 MLP, "
        f"{len(x)} samples, best and median of {args.repeats} runs"
    )
    results = []
    for n, target in TARGETS.items():
        times = grid_times(net, x, y, d1, d2, n, args.repeats)
        best, median = min(times), statistics.median(times)
        ok = "ok" if best <= target else "MISSED"
        print(
            f"{n:3d}x{n:<3d} grid: best {best * 1e3:7.1f} ms  median {median * 1e3:7.1f} ms"
            f"  ({best / n / n * 1e6:5.1f} us/point)  target <= {target * 1e3:.0f} ms  {ok}",
            flush=True,
        )
        results.append({"n": n, "best_s": best, "median_s": median, "target_s": target})
    estimate = LossGrid(net, x, y, d1, d2, n=51).estimate_seconds()
    print(f"estimate_seconds(51) from a quick timing: {estimate * 1e3:.0f} ms")
    slow = grid_times(net, x, y, d1, d2, 11, max(1, args.repeats // 3), fast=False)
    print(f" 11x11 grid, general path (whole network per point): best {min(slow) * 1e3:.1f} ms")
    results.append({"n": 11, "general_path_best_s": min(slow), "estimate_51_s": estimate})
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

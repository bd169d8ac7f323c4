"""Latency of the drawing pad's path: strokes -> canvas -> 28x28 image -> shipped network.

Measures p50/p99 over many repeats of one 280x280 canvas holding a digit of about 100 points:
render_strokes (the whole digit), Preprocessor (float32 and uint8 canvases) and Preprocessor +
forward of the pretrained network on one sample. Target: preprocess + forward <= 2 ms p99.
BLAS is single-threaded, as in the app (app/main.py).
Run: python benchmarks/bench_digits.py [--repeats 2000] [--out results.json]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from layerlab.data.digits import Preprocessor, pretrained_paths, render_strokes  # noqa: E402
from layerlab.engine.network import Network  # noqa: E402
from layerlab.engine.spec import NetworkSpec  # noqa: E402

TARGET_TOTAL_P99_MS = 2.0
TARGET_PREPROCESS_P99_MS = 1.0


def sample_strokes() -> list[np.ndarray]:
    """A '2'-like digit of 100 points, about 200 px tall: an arc, a diagonal, a base."""
    a = np.linspace(np.pi * 1.1, np.pi * 2.3, 45)
    arc = np.stack([140 + 60 * np.cos(a), 95 + 55 * np.sin(a)], axis=1)
    diag = np.linspace(arc[-1], [80.0, 240.0], 30)
    base = np.linspace([80.0, 240.0], [205.0, 238.0], 25)
    return [np.concatenate([arc, diag, base])]


def percentiles(fn: Callable[[], object], repeats: int) -> dict[str, float]:
    """p50, p99 and max of fn's wall time in milliseconds, after a warm-up."""
    for _ in range(20):
        fn()
    times = np.empty(repeats)
    for i in range(repeats):
        t0 = time.perf_counter()
        fn()
        times[i] = time.perf_counter() - t0
    p50, p99 = np.percentile(times, [50, 99]) * 1e3
    return {"p50_ms": float(p50), "p99_ms": float(p99), "max_ms": float(times.max() * 1e3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=2000)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    spec_path, weights_path = pretrained_paths()
    net = Network(NetworkSpec.load(spec_path), batch_size=1)
    net.load_weights(weights_path)
    strokes = sample_strokes()
    canvas = render_strokes(strokes)
    canvas_u8 = np.round(canvas * 255).astype(np.uint8)
    prep = Preprocessor(canvas.shape)
    buf = np.zeros((280, 280), np.float32)
    sample = np.zeros((1, 28, 28, 1), np.float32)

    def predict() -> None:
        prep(canvas, out=sample[0, :, :, 0])
        net.forward(sample)

    cases = {
        "render_strokes (100 points, pen 28)": lambda: render_strokes(strokes, out=buf),
        "preprocess float32 280x280": lambda: prep(canvas),
        "preprocess uint8 280x280": lambda: prep(canvas_u8),
        "forward (1 sample)": lambda: net.forward(sample),
        "preprocess + forward": predict,
    }
    results = {"machine": platform.processor() or platform.machine(), "cases": {}}
    for name, fn in cases.items():
        r = percentiles(fn, args.repeats)
        results["cases"][name] = r
        print(f"{name:38s} p50 {r['p50_ms']:6.3f} ms  p99 {r['p99_ms']:6.3f} ms")
    total = results["cases"]["preprocess + forward"]["p99_ms"]
    pre = results["cases"]["preprocess float32 280x280"]["p99_ms"]
    for what, value, target in (
        ("preprocess", pre, TARGET_PREPROCESS_P99_MS),
        ("preprocess + forward", total, TARGET_TOTAL_P99_MS),
    ):
        verdict = "met" if value <= target else "MISSED"
        print(f"target: {what} p99 <= {target} ms: {value:.3f} ms, {verdict}")
    results["targets_ms"] = {
        "preprocess_p99": TARGET_PREPROCESS_P99_MS,
        "total_p99": TARGET_TOTAL_P99_MS,
    }
    ok = total <= TARGET_TOTAL_P99_MS
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

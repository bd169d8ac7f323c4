"""Cost of the live views' recorders to training throughput.

Trains the 784-128-64-10 MLP (batch 64, bundled MNIST) in chunks of about 10 ms, as the app's
worker does, with no hook, with the LayerStatsRecorder's budgeted hook (the app's setting),
with a record after every chunk, and with the app's whole LiveRecorders hook (statistics, and
every 0.1 s the probe sample's activations and a copy of the weights). Every configuration
runs the same number of steps from the same initial weights; configurations are interleaved
and each is timed ``--repeats`` times in this thread's CPU time (the machine may be shared). The
overhead is the median over repeats of the ratio to the run without hook in the same repeat.
Target: the budgeted hook and the whole hook cost <= 3% of throughput. BLAS single-threaded.
Run: python benchmarks/bench_live_views.py [--steps 4000] [--repeats 11] [--out results.json]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from importlib import resources  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from layerlab.app.recorders import LiveRecorders  # noqa: E402 - numpy only, no Qt
from layerlab.data import load_dataset  # noqa: E402
from layerlab.engine.layer_stats import LayerStatsRecorder  # noqa: E402
from layerlab.engine.network import Network  # noqa: E402
from layerlab.engine.spec import NetworkSpec  # noqa: E402
from layerlab.engine.threads import limit_blas_threads  # noqa: E402
from layerlab.engine.trainer import Trainer  # noqa: E402

TARGET_OVERHEAD = 0.03
CHUNK_S = 0.010


class BenchSession:
    """What LiveRecorders needs of a Session, without Qt."""

    def __init__(self, net: Network, trainer: Trainer, splits) -> None:
        self.net, self.trainer, self.splits = net, trainer, splits
        self.lock = threading.Lock()
        self.chunk_hooks: list = []
        self.running = True

    def add_chunk_hook(self, fn) -> None:
        self.chunk_hooks.append(fn)


def build(splits) -> tuple[Network, Trainer]:
    path = resources.files("layerlab") / "resources" / "examples" / "mlp_784_128_64_10.json"
    net = Network(NetworkSpec.from_json(path.read_text(encoding="utf-8")))
    return net, Trainer(net, splits.train, None, batch_size=64)


def hook_for(config: str, net: Network, trainer: Trainer, splits):
    """(hook called after each chunk, function giving the statistics records written)."""
    if config == "no hook":
        return None, lambda: 0
    if config == "all recorders (app hook)":
        session = BenchSession(net, trainer, splits)
        rec = LiveRecorders(session)
        rec.adopt_network()  # as the views do on their first frame
        return (lambda r: rec(session, r)), lambda: rec.stats.head
    stats = LayerStatsRecorder(net)
    if config == "stats, budgeted (app)":
        return (lambda r: stats.maybe_record(trainer.step)), lambda: stats.head
    return (lambda r: stats.record(trainer.step)), lambda: stats.head


def run(config: str, splits, steps: int, chunk: int) -> tuple[float, int]:
    """CPU seconds of this thread for ``steps`` steps in chunks (other processes on the machine
    slow the wall clock, not this), and the statistics records written."""
    net, trainer = build(splits)
    hook, written = hook_for(config, net, trainer, splits)
    trainer.run_chunk(1)  # compiled and warm
    done = 0
    t0 = time.thread_time()
    while done < steps:
        r = trainer.run_chunk(min(chunk, steps - done))
        done += r.steps
        if hook is not None:
            hook(r)
    return time.thread_time() - t0, written()


def chunk_steps(splits) -> int:
    """Steps that take about CHUNK_S, as the app's worker converges to."""
    net, trainer = build(splits)
    trainer.run_chunk(8)
    t0 = time.thread_time()
    trainer.run_chunk(64)
    per_step = (time.thread_time() - t0) / 64
    return max(1, round(CHUNK_S / per_step))


def record_cost(splits, repeats: int = 200) -> float:
    net, trainer = build(splits)
    trainer.run_chunk(4)
    stats = LayerStatsRecorder(net)
    stats.record(trainer.step)
    times = []
    for _ in range(repeats):
        t0 = time.thread_time()
        stats.record(trainer.step)
        times.append(time.thread_time() - t0)
    return float(np.median(times))


def report(times: dict, records: dict, steps: int, chunk: int, record_s: float) -> dict:
    """Throughput and overhead against 'no hook' per configuration (printed and returned)."""
    base = min(times["no hook"])
    results = {
        "machine": platform.processor() or platform.machine(),
        "steps": steps,
        "chunk_steps": chunk,
        "chunks": -(-steps // chunk),
        "record_us": record_s * 1e6,
        "configs": {},
    }
    print(f"chunk: {chunk} steps (~{CHUNK_S * 1e3:.0f} ms); one record: {record_s * 1e6:.0f} us")
    for c, ts in times.items():
        best = min(ts)
        row = {
            "cpu_seconds_min": best,
            "cpu_seconds_median": float(np.median(ts)),
            "steps_per_s": steps / best,
            "overhead_min": best / base - 1.0,
            # runs of one repeat are back to back: their ratio cancels slow drifts of the machine
            "overhead": float(np.median(np.array(ts) / np.array(times["no hook"])) - 1.0),
            "records": records[c],
        }
        results["configs"][c] = row
        print(
            f"{c:26s} {row['steps_per_s']:8.0f} steps/s  overhead {100 * row['overhead']:+5.1f}%"
            f" (of the fastest runs {100 * row['overhead_min']:+5.1f}%)  records {row['records']}"
        )
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--repeats", type=int, default=11)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    limit_blas_threads(1)
    splits = load_dataset("mnist5k")
    chunk = chunk_steps(splits)
    configs = (
        "no hook",
        "stats, budgeted (app)",
        "stats, every chunk",
        "all recorders (app hook)",
    )
    times: dict[str, list[float]] = {c: [] for c in configs}
    records: dict[str, int] = {}
    for rep in range(args.repeats):
        for c in configs[rep % len(configs) :] + configs[: rep % len(configs)]:
            dt, heads = run(c, splits, args.steps, chunk)
            times[c].append(dt)
            records[c] = heads
    results = report(times, records, args.steps, chunk, record_cost(splits))
    worst = max(results["configs"][c]["overhead"] for c in configs if "(app" in c)
    verdict = "met" if worst <= TARGET_OVERHEAD else "MISSED"
    print(f"target: app hooks cost <= {100 * TARGET_OVERHEAD:.0f}%: {100 * worst:.1f}%, {verdict}")
    results["target_overhead"] = TARGET_OVERHEAD
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0 if worst <= TARGET_OVERHEAD else 1


if __name__ == "__main__":
    raise SystemExit(main())

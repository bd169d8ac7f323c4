"""Optimizer race throughput: a 5-racer race against one trainer alone, and the result it shows.

Headless. On the bundled MNIST (4,500 training digits, batches of 100) for the 784-32-10 MLP of
tests/engine/test_race.py and the 784-128-64-10 preset, measures:
1. steps per second of one Trainer (run_chunk in chunks of ~15 ms);
2. race steps per second of OptimizerRace with the five default racers (one race step = one
   step of every racer), called directly and through RaceRunner's thread; the ratio against
   (1) shows the race's overhead over 5 independent trainers (ideal: 1/5 = 0.20);
3. the mean training loss of the last 20 of the first 200 steps per racer (Fig. 6-9 of the book).
Run: [--seconds 3] [--out results.json]. Note the machine's load average: timings on a shared
machine move with it.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from importlib import resources  # noqa: E402

MLP_32 = {"input": {"shape": [28, 28, 1]}, "seed": 0, "batch_size": 100, "init": "he_normal",
          "loss": "softmax_cross_entropy", "layers": [
              {"id": "flat", "kind": "Flatten"},
              {"id": "fc1", "kind": "Dense", "units": 32, "activation": "relu"},
              {"id": "fc2", "kind": "Dense", "units": 10}]}  # fmt: skip
TARGET_S = 0.015


def _spec(name: str):
    from layerlab.engine.spec import NetworkSpec

    if name == "mlp_784_32_10":
        return NetworkSpec.from_dict(MLP_32)
    path = resources.files("layerlab") / "resources" / "examples" / f"{name}.json"
    return NetworkSpec.from_dict({**json.loads(path.read_text("utf-8")), "batch_size": 100})


def _timed(step, seconds: float) -> float:
    """Steps per second of ``step(k) -> steps done`` with k adapted to ~TARGET_S a call."""
    step(4)  # warm
    k, steps, t0 = 1, 0, time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < seconds:
        t1 = time.perf_counter()
        done = step(k)
        dt = time.perf_counter() - t1
        steps += done
        if done == k and dt > 0:
            k = max(1, min(4096, int(0.5 * k * (1 + TARGET_S / dt))))
    return steps / elapsed


def bench(name: str, seconds: float) -> dict[str, float]:
    from layerlab.data import load_dataset
    from layerlab.engine.network import Network
    from layerlab.engine.race import OptimizerRace, RaceRunner
    from layerlab.engine.trainer import Trainer

    spec, splits = _spec(name), load_dataset("mnist5k")
    trainer = Trainer(Network(spec), splits.train, splits.val, {"kind": "adam", "lr": 0.001},
                      batch_size=100)  # fmt: skip
    alone = _timed(lambda k: trainer.run_chunk(k).steps, seconds)
    race = OptimizerRace(spec, splits.train, splits.val, batch_size=100)
    direct = _timed(race.step, seconds)
    runner = RaceRunner(lambda: OptimizerRace(spec, splits.train, splits.val, batch_size=100))
    runner.start()
    while runner.race is None or runner.race.step_count < 4:
        time.sleep(0.01)
    s0, t0 = runner.race.step_count, time.perf_counter()
    time.sleep(seconds)
    threaded = (runner.race.step_count - s0) / (time.perf_counter() - t0)
    runner.pause()
    short = OptimizerRace(spec, splits.train, splits.val, batch_size=100)
    short.step(200)
    tail = {r.name: round(float(r.losses[-20:].mean()), 4) for r in short.snapshot().racers}
    return {"alone_steps_per_s": alone, "race_steps_per_s": direct,
            "race_thread_steps_per_s": threaded, "ratio": direct / alone,
            "runner_chunk": runner.chunk, "loss_after_200_steps": tail}  # fmt: skip


def main() -> None:
    from layerlab.engine.threads import limit_blas_threads

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--out")
    args = parser.parse_args()
    limit_blas_threads(1)
    results = {"load_average": os.getloadavg()[0], "cpus": os.cpu_count()}
    for name in ("mlp_784_32_10", "mlp_784_128_64_10"):
        r = bench(name, args.seconds)
        results[name] = r
        print(f"{name}: one trainer {r['alone_steps_per_s']:.0f} steps/s; 5-racer race "
              f"{r['race_steps_per_s']:.0f} race steps/s ({r['ratio']:.2f} of alone, ideal "
              f"0.20), in its thread {r['race_thread_steps_per_s']:.0f}/s (chunk "
              f"{r['runner_chunk']})", flush=True)  # fmt: skip
        print("  mean loss of steps 181-200:", r["loss_after_200_steps"], flush=True)
    print(f"load average {results['load_average']:.1f} on {results['cpus']} CPUs")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()

"""Time from launching `layerlab` to its first painted window, with a warm JIT cache.

Needs a display (run under xvfb-run). Measured from the parent's clock (interpreter start and
imports included), median and worst of several launches, for two cases:
- "bytecode cached": Python reads compiled modules, as an installed LayerLab does (the cache is
  kept in a folder of its own under the temp dir, the source tree is not written to);
- "compiled each launch": PYTHONDONTWRITEBYTECODE=1 (set in some development shells), where
  every LayerLab module is compiled again at each start.
Also prints when the window is complete (view docks added, the curves drawn) and the load
average, since this is a 2-core machine shared with other work. Target: first paint <= 1 s.
Run: xvfb-run -a python benchmarks/bench_startup.py [--runs 5] [--src DIR] [--out r.json]
(--src: time another checkout's src/ folder, e.g. the previous commit's, on the same machine)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from layerlab.engine.warmup import is_warm, warm_up

CASES = ("bytecode cached", "compiled each launch")


def case_env(case: str, src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if case == "bytecode cached":
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "layerlab-bench-pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def launch_once(env: dict[str, str]) -> tuple[float, float | None]:
    """(seconds to the first paint, seconds to the complete window) from the parent's clock."""
    cmd = [sys.executable, "-m", "layerlab.cli", "--startup-report", "--quit-after", "5"]
    with tempfile.TemporaryDirectory() as config:  # default layout, the user's settings untouched
        return _time_window(cmd, {**env, "XDG_CONFIG_HOME": config})


def _time_window(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    paint = complete = None
    for line in proc.stdout:
        if line.startswith("first paint"):
            paint = time.perf_counter() - t0
        elif line.startswith("window complete"):  # older versions do not report it
            complete = time.perf_counter() - t0
            break
    proc.terminate()
    proc.wait(timeout=30)
    if paint is None:
        raise RuntimeError("the window never reported its first paint")
    return paint, complete


def _stats(values: list[float]) -> dict[str, float]:
    return {"median_s": statistics.median(values), "worst_s": max(values)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--src", type=Path, default=None, help="a src/ folder to time instead")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = ap.parse_args()
    if not is_warm():
        print(f"warming the JIT cache first ({warm_up():.1f} s)")
    results: dict = {"cpus": os.cpu_count(), "load_before": os.getloadavg()[0], "cases": {}}
    for case in CASES:
        env = case_env(case, args.src)
        launch_once(env)  # fill the OS file cache (and the bytecode cache)
        runs = [launch_once(env) for _ in range(args.runs)]
        paints = [p for p, _ in runs]
        completes = [c for _, c in runs if c is not None]
        results["cases"][case] = {
            "first_paint": _stats(paints),
            "complete": _stats(completes) if completes else None,
            "runs": runs,
        }
        line = (
            f"{case:>21}: first paint median {statistics.median(paints):.3f} s, "
            f"worst {max(paints):.3f} s"
        )
        if completes:
            line += f"; complete window median {statistics.median(completes):.3f} s"
        print(line)
    results["load_after"] = os.getloadavg()[0]
    print(
        f"{args.runs} launches each (target: first paint <= 1.0 s); load average "
        f"{results['load_before']:.2f} before, {results['load_after']:.2f} after, "
        f"{results['cpus']} CPUs"
    )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time from launching `layerlab` to its first painted window, with a warm JIT cache.

Needs a display (run under xvfb-run). Prints the median and worst of several launches, measured
from the parent's clock (interpreter start and imports included). Target: <= 1 s.
Run: xvfb-run -a python benchmarks/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from layerlab.engine.warmup import is_warm, warm_up


def launch_once() -> float:
    cmd = [sys.executable, "-m", "layerlab.cli", "--startup-report", "--quit-after", "5"]
    with tempfile.TemporaryDirectory() as config:  # default layout, the user's settings untouched
        env = {**os.environ, "XDG_CONFIG_HOME": config}
        return _time_first_paint(cmd, env)


def _time_first_paint(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first paint"):
            elapsed = time.perf_counter() - t0
            break
    else:
        raise RuntimeError("the window never reported its first paint")
    proc.terminate()
    proc.wait(timeout=30)
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not is_warm():
        print(f"warming the JIT cache first ({warm_up():.1f} s)")
    launch_once()  # fill the OS file cache
    times = [launch_once() for _ in range(args.runs)]
    print(
        f"first paint: median {statistics.median(times):.3f} s, worst {max(times):.3f} s "
        f"over {args.runs} launches (target <= 1.0 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

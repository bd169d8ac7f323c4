"""Compile (or load from the disk cache) every kernel entry point, on a tiny network.

Run as ``python -m layerlab.engine.warmup``: the app does so in a helper process at start-up so
that the JIT never compiles on its GUI thread (compiling holds the GIL).
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import numpy as np

from layerlab.engine.jit_cache import cache_dir

WARM_MARK = "warm.ok"
_TINY = {
    "input": {"shape": [6, 6, 1]},
    "layers": [
        {"id": "c", "kind": "Conv2D", "filters": 2, "kernel_size": 3, "activation": "relu"},
        {"id": "p", "kind": "MaxPool2D"},
        {"id": "a", "kind": "AvgPool2D", "pool_size": 1},
        {"id": "f", "kind": "Flatten"},
        {"id": "d", "kind": "Dropout", "rate": 0.1},
        {"id": "bn", "kind": "BatchNorm"},
        {"id": "ln", "kind": "LayerNorm"},
        {"id": "pr", "kind": "PReLU"},
        {"id": "o", "kind": "Dense", "units": 3},
        {"id": "s", "kind": "Softmax"},
    ],
    "batch_size": 4,
}


def mark_path() -> Path:
    """The file whose presence says this kernel source's cache is complete."""
    return cache_dir() / WARM_MARK


def is_warm() -> bool:
    return mark_path().exists()


def warm_up() -> float:
    """Run every entry point once; returns the seconds it took and writes the mark."""
    from layerlab.engine.network import Network
    from layerlab.engine.spec import NetworkSpec
    from layerlab.engine.trainer import Trainer

    t0 = time.perf_counter()
    net = Network(NetworkSpec.from_dict(_TINY))
    x = np.random.default_rng(0).random((8, 6, 6, 1), dtype=np.float32)
    y = np.arange(8) % 3
    net.forward(x)
    net.loss_and_grads(x[:4], y[:4])
    net.evaluate(x, y)
    Trainer(net, (x, y)).run_chunk(2)
    from layerlab.engine.landscape import LossGrid

    LossGrid(net, x, y, n=3).compute()
    from layerlab.engine.surfaces import optimizer_path, surface

    optimizer_path(surface("textbook"), (-7.0, 2.0), {"kind": "adam", "lr": 0.3}, 2)
    mark_path().parent.mkdir(parents=True, exist_ok=True)
    mark_path().write_text("ok\n")
    return time.perf_counter() - t0


def _die_with_parent() -> None:
    """Linux: end this helper when the app that started it ends (even if it was killed)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main() -> int:
    """Warm the cache once: concurrent starts wait for the first and then find it warm."""
    _die_with_parent()
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "warm.lock", "w") as lock:
        with contextlib.suppress(ImportError):  # POSIX: one warm-up at a time
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        if is_warm():
            print("the engine cache is warm", flush=True)
            return 0
        print(f"warming the engine cache in {folder} ...", flush=True)
        print(f"done in {warm_up():.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

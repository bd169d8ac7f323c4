"""The whole app training with every view open: GUI frame rate, training throughput, memory.

Trains the 784-128-64-10 MLP at batch 64 on the bundled MNIST in the real MainWindow, with every
view dock shown at once (undocked side by side, none hidden behind a tab) and the frame clock
polling at 60 Hz, and measures:
1. GUI frames: a 60 Hz precise timer on the GUI thread records its tick intervals while the
   views redraw; ticks per second and the 99th percentile interval. Targets: >= 55 fps,
   p99 <= 25 ms.
2. Throughput: training steps per second in the app against the same trainer run headless
   (same process, same worker-style chunk loop, no window) just before. Target: >= 85 %.
3. Memory (``--minutes M`` for a soak): resident memory sampled every 10 s while training runs;
   the growth over the second half of the run, against the bound of the history buffers.
Needs a display: ``xvfb-run -a -s "-screen 0 2560x1440x24" python benchmarks/bench_app_live.py``
Run: [--seconds 30] [--minutes 0] [--out results.json]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("NUMBA_THREADING_LAYER", "omp")
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

import argparse  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from importlib import resources  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

FPS_TARGET, P99_TARGET_MS, THROUGHPUT_TARGET = 55.0, 25.0, 0.85
PRESET = "mlp_784_128_64_10.json"


def headless_steps_per_s(seconds: float) -> float:
    """The app worker's loop (chunks of ~10 ms) in a thread, no window, no hooks."""
    from layerlab.app.worker import TARGET_CHUNK_S
    from layerlab.data import load_dataset
    from layerlab.engine.network import Network
    from layerlab.engine.spec import NetworkSpec
    from layerlab.engine.threads import limit_blas_threads
    from layerlab.engine.trainer import Trainer

    text = (resources.files("layerlab") / "resources" / "examples" / PRESET).read_text("utf-8")
    spec = NetworkSpec.from_json(text)
    splits = load_dataset("mnist5k")
    net = Network(spec)
    trainer = Trainer(net, splits.train, splits.val, spec.optimizer, batch_size=spec.batch_size)
    out: dict[str, float] = {}

    def loop() -> None:
        limit_blas_threads(1)
        trainer.run_chunk(64)  # warm
        chunk, steps, t0 = 8, 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            c0 = time.perf_counter()
            r = trainer.run_chunk(chunk)
            dt = time.perf_counter() - c0
            steps += r.steps
            if r.steps and dt > 0:
                chunk = max(1, min(4096, int(chunk * TARGET_CHUNK_S / dt * 0.5 + chunk * 0.5)))
        out["rate"] = steps / (time.perf_counter() - t0)

    th = threading.Thread(target=loop)
    th.start()
    th.join()
    return out["rate"]


def wait(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def open_every_view(window, app, only: list[str] | None = None) -> list[str]:
    """Float every view dock (or those in ``only``) onto a grid so that all of them are
    visible and drawn at once; the others are closed."""
    from PySide6.QtGui import QGuiApplication

    names = [n for n in window._docks if n not in window._core_docks]
    for n in names:
        if only is not None and n not in only:
            window._docks[n].setVisible(False)
    names = [n for n in names if only is None or n in only]
    screen = QGuiApplication.primaryScreen().availableGeometry()
    cols = 4
    rows = -(-(len(names) + 1) // cols)
    w, h = screen.width() // cols, screen.height() // rows
    window.setGeometry(0, 0, w, h)  # the builder and core panels take the first cell
    for i, name in enumerate(names, start=1):  # one cell each: no view hides another
        dock = window._docks[name]
        dock.setVisible(True)
        dock.setFloating(True)
        dock.setGeometry((i % cols) * w, (i // cols) * h, w, h)
        dock.raise_()
    wait(app, 1.0)
    return [n for n in names if window._docks[n].widget().isVisible()]


def measure_frames(app, window, seconds: float, view_hz: float | None) -> dict:
    from PySide6.QtCore import Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(16)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    tick_costs: list[float] = []
    clock_tick = window.clock._tick

    def timed_tick() -> None:
        t0 = time.perf_counter()
        clock_tick()
        tick_costs.append(time.perf_counter() - t0)

    window.clock._timer.timeout.disconnect()
    window.clock._timer.timeout.connect(timed_tick)
    if view_hz:
        window.clock._timer.setInterval(int(1000 / view_hz))
    trainer = window.session.trainer
    timer.start()
    s0, t0 = trainer.step, time.perf_counter()
    wait(app, seconds)
    steps, wall = trainer.step - s0, time.perf_counter() - t0
    timer.stop()
    gaps = np.diff(ticks) * 1e3
    return {
        "seconds": wall,
        "fps": len(gaps) / wall,
        "p99_ms": float(np.percentile(gaps, 99)),
        "max_ms": float(gaps.max()),
        "view_refresh_ms_median": float(np.median(tick_costs) * 1e3),
        "view_refresh_ms_p99": float(np.percentile(tick_costs, 99) * 1e3),
        "steps_per_s": steps / wall,
    }


def draw_latency(app, window, seconds: float) -> dict | None:
    """Pen moves at 100 Hz on the draw pad while training runs: event to bars updated."""
    from PySide6.QtCore import QTimer

    frame_ms = 1000 / 30  # the app's frame clock

    dock = window._docks.get("draw_pad")
    if dock is None or not dock.isVisible():
        return None
    view = dock.widget().ensure_built()
    end = time.perf_counter() + 30
    while not view.predictor.ready and time.perf_counter() < end:
        wait(app, 0.05)
    events: list[float] = []
    updates: list[float] = []
    show = view._show_probs

    def timed_show(probs, std) -> None:
        show(probs, std)
        updates.append(time.perf_counter())

    view._show_probs = timed_show
    t = np.linspace(0, 2 * np.pi, 60)
    path = np.stack([140 + 60 * np.sin(t), 140 - 80 * np.cos(t)], 1)  # an "0", 60 moves
    state = {"i": 0}

    def move() -> None:
        i = state["i"] % len(path)
        x, y = path[i]
        if i == 0:
            view.pad.clear()
            view.pad.begin_stroke(float(x), float(y))
        else:
            view.pad.extend_stroke(float(x), float(y))
        events.append(time.perf_counter())
        state["i"] += 1

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(move)
    timer.start()
    wait(app, seconds)
    timer.stop()
    wait(app, 0.2)
    view._show_probs = show
    ups = np.array(updates)
    lat = []
    for e in events:
        k = np.searchsorted(ups, e)
        if k < len(ups):
            lat.append(ups[k] - e)
    lat_ms = np.array(lat) * 1e3
    return {
        "events": len(events),
        "updates": len(updates),
        "p50_ms": float(np.percentile(lat_ms, 50)),
        "p99_ms": float(np.percentile(lat_ms, 99)),
        "max_ms": float(lat_ms.max()),
        "frame_ms": round(frame_ms, 1),
        "within_one_frame": float(np.mean(lat_ms <= frame_ms)),
        "within_60hz_frame": float(np.mean(lat_ms <= 1000 / 60)),
    }


def soak(app, window, minutes: float) -> dict:
    from layerlab.app.process_memory import process_rss_bytes

    samples: list[tuple[float, int, int]] = []
    t0 = time.perf_counter()
    end = t0 + minutes * 60
    while time.perf_counter() < end:
        wait(app, 10.0)
        rss = process_rss_bytes() or 0
        samples.append((time.perf_counter() - t0, window.session.trainer.step, rss))
        if len(samples) % 30 == 0:
            t, step, r = samples[-1]
            print(f"  {t / 60:5.1f} min, step {step:,}, RSS {r / 2**20:7.1f} MiB", flush=True)
    t = np.array([s[0] for s in samples])
    rss = np.array([s[2] for s in samples], dtype=float) / 2**20
    half = t >= t[-1] / 2
    slope = float(np.polyfit(t[half] / 3600, rss[half], 1)[0]) if half.sum() > 2 else 0.0
    return {
        "minutes": minutes,
        "steps": int(samples[-1][1]),
        "rss_first_mib": float(rss[0]),
        "rss_min_mib": float(rss.min()),
        "rss_max_mib": float(rss.max()),
        "rss_last_mib": float(rss[-1]),
        "second_half_growth_mib": float(rss[half].max() - rss[half].min()),
        "second_half_slope_mib_per_h": slope,
        "samples": [(float(a), int(b), int(c)) for a, b, c in samples],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=30.0, help="frame/throughput window")
    ap.add_argument("--headless-seconds", type=float, default=10.0)
    ap.add_argument("--minutes", type=float, default=0.0, help="memory soak length (0: none)")
    ap.add_argument("--view-hz", type=float, default=None, help="frame clock rate (default: app)")
    ap.add_argument(
        "--tabbed",
        action="store_true",
        help="leave the view docks in the app's default layout (tabs: one on screen at a time)",
    )
    ap.add_argument(
        "--views",
        default=None,
        help="comma-separated view docks to open (default: every one), e.g. "
        "activations,layer_stats,network_diagram,evaluation",
    )
    ap.add_argument("--switch-interval", type=float, default=None, help="sys.setswitchinterval")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # default layout, user settings untouched
    if args.switch_interval:
        import sys

        sys.setswitchinterval(args.switch_interval)

    headless = headless_steps_per_s(args.headless_seconds)
    print(f"headless: {headless:,.0f} steps/s", flush=True)

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from layerlab.app.main_window import MainWindow
    from layerlab.app.plot_config import configure_pyqtgraph
    from layerlab.app.presets import load_preset
    from layerlab.app.session import RunSettings

    app = QApplication([])
    app.setOrganizationName("LayerLabBench")
    configure_pyqtgraph()
    window = MainWindow.create()
    window.show()
    while not getattr(window, "_startup_finished", True):  # view docks come after first paint
        wait(app, 0.05)
    load_preset(window.doc, PRESET)
    if args.tabbed:
        for dock in window._docks.values():
            dock.setVisible(True)  # every dock open, as tabs where the layout puts them
        window._docks["curves"].raise_()
        wait(app, 1.0)
        shown = ["(default layout, every dock open as a tab)"]
    else:
        shown = open_every_view(window, app, args.views.split(",") if args.views else None)
    print(f"views drawn: {', '.join(shown)}", flush=True)
    while not window.warmup.ready:
        wait(app, 0.05)
    window.training.epochs.setValue(100_000)
    assert isinstance(window.training.run_settings(), RunSettings)
    window.training.train_button.click()
    while window.session.trainer is None or window.session.trainer.step < 200:
        wait(app, 0.05)
    wait(app, 2.0)  # views built and first drawn
    frames = measure_frames(app, window, args.seconds, args.view_hz)
    frames["throughput_ratio"] = frames["steps_per_s"] / headless
    results: dict = {"headless_steps_per_s": headless, "views": shown, "frames": frames}
    ok = lambda c: "ok" if c else "MISSED"  # noqa: E731
    print(
        f"GUI: {frames['fps']:.1f} fps (target >= {FPS_TARGET:.0f}: "
        f"{ok(frames['fps'] >= FPS_TARGET)}), p99 interval {frames['p99_ms']:.1f} ms "
        f"(target <= {P99_TARGET_MS:.0f}: {ok(frames['p99_ms'] <= P99_TARGET_MS)}), "
        f"max {frames['max_ms']:.1f} ms; view refresh median "
        f"{frames['view_refresh_ms_median']:.2f} ms, p99 {frames['view_refresh_ms_p99']:.2f} ms",
        flush=True,
    )
    print(
        f"training: {frames['steps_per_s']:,.0f} steps/s with views = "
        f"{frames['throughput_ratio']:.0%} of headless (target >= {THROUGHPUT_TARGET:.0%}: "
        f"{ok(frames['throughput_ratio'] >= THROUGHPUT_TARGET)})",
        flush=True,
    )
    draw = draw_latency(app, window, 10.0)
    if draw:
        results["draw_pad"] = draw
        print(
            f"draw pad while training: pen move to bars p50 {draw['p50_ms']:.1f} ms, p99 "
            f"{draw['p99_ms']:.1f} ms, max {draw['max_ms']:.1f} ms; "
            f"{draw['within_one_frame']:.1%} within one frame ({draw['frame_ms']} ms)",
            flush=True,
        )
    if args.minutes > 0:
        results["soak"] = s = soak(app, window, args.minutes)
        print(
            f"memory over {args.minutes:g} min ({s['steps']:,} steps): first "
            f"{s['rss_first_mib']:.1f} MiB, max {s['rss_max_mib']:.1f}, last "
            f"{s['rss_last_mib']:.1f}; second half range {s['second_half_growth_mib']:.1f} MiB, "
            f"slope {s['second_half_slope_mib_per_h']:+.1f} MiB/h",
            flush=True,
        )
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    window.session.shutdown()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

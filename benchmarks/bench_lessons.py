"""Opening the guided lessons: time from "Open lesson" to the lesson figure's first painted frame
in a real main window, and each lesson's time to outcome.

For every shipped lesson (or those given with --lesson), in one MainWindow (offscreen unless
QT_QPA_PLATFORM says otherwise; xvfb-run works too), with a warm JIT cache:
- open: LessonBrowserView.open_lesson (setup applied: network, settings, data set, views) until
  the lesson figure view paints its first frame (before the experiment's result arrives);
  target <= 500 ms. The first lesson opened also builds the figure view (shown separately).
- drawn: until the figure of the experiment's first result is painted (the experiment runs in
  a worker thread meanwhile); stall: the longest the GUI thread went without serving a 10 ms
  timer from "Open lesson" until then (setup, building and drawing the figure included).
- outcome: headless, in a fresh process per lesson (the JIT's disk cache warm, experiment
  modules imported, nothing else run yet): the figure experiment once plus every claim
  (``check_lesson``); target <= 30 s each, most < 5 s.
Prints a table; --out writes JSON.
Run: xvfb-run -a python benchmarks/bench_lessons.py [--lesson ID ...] [--out results.json]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # as the app does: one core for training, one for the GUI
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TARGET_OPEN_MS = 500.0
TARGET_OUTCOME_S = 30.0


class PaintProbe(QObject):
    """Records the time of the next Paint event of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return False


class StallMeter(QObject):
    """The longest gap between the ticks of a 10 ms timer: how long the GUI thread was busy."""

    def __init__(self) -> None:
        super().__init__()
        self.worst = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(10)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        return self.worst


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float) -> bool:
    end = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > end:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    return True


def make_window(app: QApplication, settings_dir: str):
    from layerlab.app.builder.document import GraphDocument
    from layerlab.app.i18n import Translation
    from layerlab.app.main_window import MainWindow
    from layerlab.app.plot_config import configure_pyqtgraph
    from layerlab.app.presets import DEFAULT_PRESET, load_preset
    from layerlab.app.session import Session
    from layerlab.app.settings import AppSettings
    from layerlab.app.warmup import EngineWarmup

    configure_pyqtgraph()
    settings = AppSettings(QSettings(f"{settings_dir}/s.ini", QSettings.Format.IniFormat))
    doc = GraphDocument()
    load_preset(doc, DEFAULT_PRESET)
    window = MainWindow(doc, settings, Translation(), EngineWarmup(), Session())
    window.files.confirm_discard = lambda: True  # no dialogs between lessons
    window.show()
    wait_until(app, lambda: window.warmup.ready, 300)
    window.show_lessons()
    app.processEvents()
    return window


def time_open(app: QApplication, window, browser, lesson) -> dict:
    """Open one lesson in the window; open -> first paint, and -> first result painted."""
    from layerlab.app.lessons.dock_access import dock_view, find_dock

    dock = find_dock(window, "lesson_figure")
    built_before = dock.widget().view is not None
    probe = PaintProbe()
    stall = StallMeter()
    t0 = time.perf_counter()
    if not browser.open_lesson(lesson.id):
        return {"id": lesson.id, "opened": False, "message": browser.message.text()}
    row = {"id": lesson.id, "opened": True, "built_view": not built_before}
    if lesson.figure is None:
        row["open_ms"] = 1000 * (time.perf_counter() - t0)
        return row
    view = dock_view(dock)
    view.canvas.graphics.viewport().installEventFilter(probe)
    view.installEventFilter(probe)
    wait_until(app, lambda: probe.painted_at is not None, 10)
    row["open_ms"] = 1000 * ((probe.painted_at or float("nan")) - t0)
    drawn = PaintProbe()
    wait_until(app, lambda: not view.runner.busy, 120)
    view.canvas.graphics.viewport().installEventFilter(drawn)
    view.canvas.graphics.viewport().update()
    wait_until(app, lambda: drawn.painted_at is not None, 10)
    row["drawn_s"] = (drawn.painted_at or float("nan")) - t0
    row["stall_ms"] = 1000 * stall.stop()
    row["status"] = view.status.text()
    return row


OUTCOME = """
import json, sys, time
from layerlab.lessons.catalog import load_catalog
from layerlab.lessons.claims import check_lesson
from layerlab.lessons.experiments import get, load_all

load_all()
lesson = load_catalog().by_id(sys.argv[1])
out = {}
if lesson.figure is not None:
    t0 = time.perf_counter()
    get(lesson.figure.experiment).run(**lesson.figure.params)
    out["figure_s"] = time.perf_counter() - t0
t0 = time.perf_counter()
checks = check_lesson(lesson)
out["claims_s"] = time.perf_counter() - t0
out["claims_ok"] = f"{sum(c.ok for c in checks)}/{len(checks)}"
out["outcome_s"] = out.get("figure_s", 0.0) + out["claims_s"]
print(json.dumps(out))
"""


def time_outcome(lesson_id: str) -> dict:
    """Headless, in a fresh process: the figure experiment once, then every claim."""
    proc = subprocess.run(
        [sys.executable, "-c", OUTCOME, lesson_id], capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        return {"claims_s": float("nan"), "outcome_s": float("nan"), "claims_ok": tail[0]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lesson", action="append", help="a lesson id (repeatable); default: all")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    from layerlab.lessons.catalog import load_catalog
    from layerlab.lessons.experiments import load_all

    load_all()  # imported once, as in a session that has opened a lesson before
    catalog = load_catalog()
    lessons = [lesson for _, ls in catalog.topics() for lesson in ls]
    if args.lesson:
        lessons = [catalog.by_id(i) for i in args.lesson]
    with tempfile.TemporaryDirectory(prefix="bench_lessons") as tmp:
        window = make_window(app, tmp)
        from layerlab.app.lessons.dock_access import dock_view, find_dock

        browser = dock_view(find_dock(window, "lessons"))
        rows = [time_open(app, window, browser, lesson) for lesson in lessons]
        window.close()
    for row, lesson in zip(rows, lessons, strict=True):
        row.update(time_outcome(lesson.id))
    report(rows, catalog.errors)
    if args.out:
        args.out.write_text(json.dumps(result(rows, catalog.errors), indent=2), encoding="utf-8")
    return 0


def report(rows: list[dict], errors: tuple[str, ...]) -> None:
    head = ("open ms", "drawn s", "stall ms", "figure s", "claims s")
    print(f"{'lesson':28s} " + " ".join(f"{h:>9s}" for h in head))
    for r in rows:
        if not r["opened"]:
            print(f"{r['id']:28s} not opened: {r['message']}")
            continue
        nan = float("nan")
        cold = " (builds the view)" if r.get("built_view") else ""
        print(
            f"{r['id']:28s} {r['open_ms']:9.0f} {r.get('drawn_s', nan):9.2f} "
            f"{r.get('stall_ms', nan):9.0f} {r.get('figure_s', nan):9.2f} {r['claims_s']:9.2f} "
            f"claims {r['claims_ok']}{cold}"
        )
    summary = result(rows, errors)["summary"]
    print(
        f"open: median {summary['open_ms_median']:.0f} ms, worst {summary['open_ms_worst']:.0f} ms "
        f"(target <= {TARGET_OPEN_MS:.0f}); time to outcome: worst {summary['outcome_s_worst']:.1f}"
        f" s (target <= {TARGET_OUTCOME_S:.0f}), {summary['outcome_under_5s']} of {len(rows)} < 5 s"
    )
    for e in errors:
        print("lesson file error:", e)


def result(rows: list[dict], errors: tuple[str, ...]) -> dict:
    warm = [r["open_ms"] for r in rows if r["opened"] and not r.get("built_view")]
    every = [r["open_ms"] for r in rows if r["opened"]] or [float("nan")]
    outcome = [r["outcome_s"] for r in rows] or [float("nan")]
    return {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "lessons": rows,
        "errors": list(errors),
        "summary": {
            "open_ms_median": statistics.median(warm or every),
            "open_ms_worst": max(every),
            "outcome_s_worst": max(outcome),
            "outcome_under_5s": sum(s < 5 for s in outcome),
            "target_open_ms": TARGET_OPEN_MS,
            "target_outcome_s": TARGET_OUTCOME_S,
        },
    }


if __name__ == "__main__":
    raise SystemExit(main())

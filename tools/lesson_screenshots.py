"""Screenshots of the guided lessons for docs/lessons/: the window with the lesson open and its
figure drawn, one PNG per lesson (docs/lessons/<id>.png).

Run under a display, from the repository root:
    xvfb-run -a .venv/bin/python tools/lesson_screenshots.py [--lesson ID ...] [--language zh_CN]
Uses a private settings folder (the default layout) and waits for each lesson's experiment.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

OUT = Path("docs/lessons")


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float) -> bool:
    end = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > end:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return True


def settle(app: QApplication, seconds: float) -> None:
    wait_until(app, lambda: False, seconds)


def make_window(app: QApplication, settings_dir: str, language: str):
    import pyqtgraph as pg

    from layerlab.app.builder.document import GraphDocument
    from layerlab.app.i18n import Translation
    from layerlab.app.main_window import MainWindow
    from layerlab.app.presets import DEFAULT_PRESET, load_preset
    from layerlab.app.session import Session
    from layerlab.app.settings import AppSettings
    from layerlab.app.warmup import EngineWarmup

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)  # smoother for docs
    settings = AppSettings(QSettings(f"{settings_dir}/s.ini", QSettings.Format.IniFormat))
    translation = Translation()
    translation.apply(language)
    doc = GraphDocument()
    load_preset(doc, DEFAULT_PRESET)
    window = MainWindow(doc, settings, translation, EngineWarmup(), Session())
    window.files.confirm_discard = lambda: True  # lessons replace the network without asking
    window.resize(1600, 1000)  # the size of a common laptop screen: the figures get room
    window.show()
    wait_until(app, lambda: window.warmup.ready, 300)
    window.show_lessons()
    settle(app, 0.5)
    return window


def shoot(app: QApplication, window, browser, lesson_id: str, out: Path) -> str:
    """Open one lesson, wait for its figure, save the window; returns a line for the log."""
    from layerlab.app.lessons.dock_access import dock_view, find_dock

    if not browser.open_lesson(lesson_id):
        return f"{lesson_id}: not opened: {browser.message.text()}"
    view = dock_view(find_dock(window, "lesson_figure"))
    t0 = time.perf_counter()
    if not wait_until(app, lambda: not view.runner.busy, 120):
        return f"{lesson_id}: the experiment did not finish in 120 s"
    settle(app, 0.8)  # layouts, the fit of the canvas, the figure's first paint
    path = out / f"{lesson_id}.png"
    window.grab().save(str(path))  # the whole window, even where it passes the screen's edge
    return f"{lesson_id}: {path} ({time.perf_counter() - t0:.1f} s; {view.status.text()})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lesson", action="append", help="a lesson id (repeatable); default: all")
    ap.add_argument("--language", default="en", help="en or zh_CN (default en)")
    ap.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from layerlab.lessons.catalog import load_catalog

    catalog = load_catalog()
    ids = args.lesson or [lesson.id for _, ls in catalog.topics() for lesson in ls]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lesson_screenshots") as tmp:
        window = make_window(app, tmp, args.language)
        from layerlab.app.lessons.dock_access import dock_view, find_dock

        browser = dock_view(find_dock(window, "lessons"))
        for lesson_id in ids:
            print(shoot(app, window, browser, lesson_id, args.out), flush=True)
        window.close()
    app.closeAllWindows()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

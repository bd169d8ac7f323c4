"""Entry point of the window: QApplication, thread limits, pyqtgraph options, first paint."""

from __future__ import annotations

import argparse
import os
import sys
import time


def _limit_threads() -> None:
    """Training gets one core with single-threaded BLAS; the GUI keeps the other."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("NUMBA_THREADING_LAYER", "omp")


def _configure_pyqtgraph() -> None:
    """Called after the first paint, before the first plot is built (pyqtgraph takes ~0.4 s to
    import, which the first paint does not wait for)."""
    from layerlab.app.plot_config import configure_pyqtgraph

    configure_pyqtgraph()


def _parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="layerlab", description="The LayerLab window.")
    ap.add_argument("file", nargs="?", help="a project (.layerlab) or network spec (.json)")
    ap.add_argument("--train", action="store_true", help="start training once the window is up")
    ap.add_argument(
        "--quit-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="close the window after SECONDS (for demos and benchmarks)",
    )
    ap.add_argument(
        "--startup-report",
        action="store_true",
        help="print the seconds from start to the first painted frame and to the complete window",
    )
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Open the main window (optionally on a project or spec file given as argument)."""
    t0 = time.perf_counter()
    args = _parse(sys.argv[1:] if argv is None else argv)
    _limit_threads()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("LayerLab")
    app.setApplicationName("LayerLab")

    from layerlab.app.main_window import MainWindow

    window = MainWindow.create()
    if args.startup_report:
        window.first_painted.connect(
            lambda: print(f"first paint after {time.perf_counter() - t0:.3f} s", flush=True)
        )
        window.startup_finished.connect(
            lambda: print(f"window complete after {time.perf_counter() - t0:.3f} s", flush=True)
        )
    window.first_painted.connect(_configure_pyqtgraph)  # before the window builds its plots
    if args.file:  # a project may bring weights: loading them waits for the painted window
        window.startup_finished.connect(lambda: window.files.open_path(args.file))
    if args.train:
        window.startup_finished.connect(
            lambda: QTimer.singleShot(50, window.training.train_button.click)
        )
    window.show()
    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    rc = app.exec()
    app.closeAllWindows()  # close pyqtgraph windows before the interpreter exits
    return rc


if __name__ == "__main__":
    raise SystemExit(main())

"""Entry point of the window: QApplication, thread limits, pyqtgraph options, first paint."""

from __future__ import annotations

import os
import sys
import time


def _limit_threads() -> None:
    """Training gets one core with single-threaded BLAS; the GUI keeps the other."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("NUMBA_THREADING_LAYER", "omp")


def main(argv: list[str] | None = None) -> int:
    """Open the main window (optionally on a project or spec file given as argument)."""
    t0 = time.perf_counter()
    _limit_threads()
    import pyqtgraph as pg
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from layerlab.engine.threads import limit_blas_threads

    limit_blas_threads(1)
    argv = sys.argv if argv is None else argv
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("LayerLab")
    app.setApplicationName("LayerLab")
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=False)

    from layerlab.app.main_window import MainWindow

    window = MainWindow.create()
    window.show()
    files = [a for a in argv[1:] if not a.startswith("-")]
    if files:
        QTimer.singleShot(0, lambda: window.files.open_path(files[0]))
    if os.environ.get("LAYERLAB_STARTUP_REPORT"):
        QTimer.singleShot(
            0, lambda: print(f"first paint after {time.perf_counter() - t0:.3f} s", flush=True)
        )
    rc = app.exec()
    window.close()  # close pyqtgraph windows before the interpreter exits
    return rc


if __name__ == "__main__":
    raise SystemExit(main())

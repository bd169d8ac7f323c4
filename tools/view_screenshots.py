"""Screenshots of the Loss surface and Draw a digit panels (floating, full size) for docs/.

Run under a display: xvfb-run -a .venv/bin/python tools/view_screenshots.py
"""

from __future__ import annotations

import sys

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication(sys.argv[:1])
    import pyqtgraph as pg

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=False)
    from layerlab.app.main_window import MainWindow

    w = MainWindow.create()
    w.show()

    def float_dock(name: str, size: tuple[int, int]):
        dock = w._docks[name]
        dock.setVisible(True)
        dock.setFloating(True)
        dock.resize(*size)
        dock.raise_()
        return dock, dock.widget().ensure_built()

    def surface() -> None:
        dock, view = float_dock("loss_surface", (1200, 760))
        QTimer.singleShot(3000, lambda: view.step(30))
        QTimer.singleShot(4500, lambda: (dock.grab().save("docs/loss_surface.png"), dock.hide()))

    def pad() -> None:
        dock, view = float_dock("draw_pad", (900, 560))
        t = np.linspace(0, 1, 40)
        view.pad.add_stroke(np.stack([70 + 150 * t, np.full_like(t, 70)], 1))  # a 7
        view.pad.add_stroke(np.stack([220 - 90 * t, 70 + 150 * t], 1))
        QTimer.singleShot(3000, lambda: dock.grab().save("docs/draw_pad.png"))

    QTimer.singleShot(500, surface)
    QTimer.singleShot(6000, pad)
    QTimer.singleShot(10000, app.quit)
    app.exec()
    app.closeAllWindows()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Screenshots of the view panels (floating, full size) for docs/: the loss surface (exact, and
the real network while it trains), drawing a digit, the optimizer race, backprop step by step,
and the live views while a network trains (gradients and weights, evaluation, the network
diagram on a 2-D data set).

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

    def shot(dock, path: str) -> None:
        """The dock as the X server shows it (QWidget.grab() leaves the OpenGL view blank)."""
        from PySide6.QtGui import QGuiApplication

        g = dock.frameGeometry()
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(0, g.x(), g.y(), g.width(), g.height()).save(path)

    def float_dock(name: str, size: tuple[int, int]):
        dock = w._docks[name]
        dock.setVisible(True)
        dock.setFloating(True)
        dock.resize(*size)
        dock.move(0, 0)  # on screen, on top: the screen grab sees all of it
        dock.raise_()
        return dock, dock.widget().ensure_built()

    def surface() -> None:
        dock, view = float_dock("loss_surface", (1200, 760))
        QTimer.singleShot(3000, lambda: view.step(30))
        QTimer.singleShot(4500, lambda: (shot(dock, "docs/loss_surface.png"), dock.hide()))

    def pad() -> None:
        dock, view = float_dock("draw_pad", (900, 560))
        t = np.linspace(0, 1, 40)
        view.pad.add_stroke(np.stack([70 + 150 * t, np.full_like(t, 70)], 1))  # a 7
        view.pad.add_stroke(np.stack([220 - 90 * t, 70 + 150 * t], 1))
        QTimer.singleShot(3000, lambda: dock.grab().save("docs/draw_pad.png"))

    def race() -> None:
        from layerlab.app.presets import load_preset

        load_preset(w.doc, "playground_spiral.json")
        dock, view = float_dock("optimizer_race", (1100, 620))
        w.training.dataset.setCurrentIndex(w.training.dataset.findData("spiral"))
        w.training.epochs.setValue(300)
        QTimer.singleShot(500, view.start_button.click)
        QTimer.singleShot(9000, lambda: (dock.grab().save("docs/optimizer_race.png"), dock.hide()))

    def backprop() -> None:
        dock, view = float_dock("backprop_steps", (1150, 640))
        view.source.setCurrentIndex(view.source.findData("mazur"))
        for _ in range(6):  # forward through both layers, the loss, back through the output layer
            view.next_button.click()
        QTimer.singleShot(1500, lambda: (dock.grab().save("docs/backprop_steps.png"), dock.hide()))

    def real_surface() -> None:
        from layerlab.app.presets import load_preset

        load_preset(w.doc, "mlp_784_128_64_10.json")
        w.training.dataset.setCurrentIndex(w.training.dataset.findData("mnist5k"))
        w.training.epochs.setValue(1000)
        w.training.train_button.click()
        dock, view = float_dock("loss_surface", (1200, 760))
        QTimer.singleShot(3000, lambda: view.mode.setCurrentIndex(1))
        QTimer.singleShot(4000, lambda: view.follow_box.setChecked(True))
        QTimer.singleShot(4500, lambda: view.compute(21, confirmed=True))
        QTimer.singleShot(
            15000, lambda: (shot(dock, "docs/loss_surface_training.png"), w.session.pause())
        )

    def live_mnist() -> None:
        w._docks["loss_surface"].hide()
        w.session.start()  # the MLP of real_surface() goes on training
        dock, _ = float_dock("layer_stats", (1300, 900))
        QTimer.singleShot(6000, lambda: (shot(dock, "docs/layer_stats.png"), dock.hide()))
        QTimer.singleShot(6500, live_evaluation)

    def live_evaluation() -> None:
        dock, _ = float_dock("evaluation", (1300, 640))
        QTimer.singleShot(4000, lambda: (shot(dock, "docs/evaluation.png"), dock.hide()))

    def live_diagram() -> None:
        from layerlab.app.presets import load_preset

        w.session.pause()
        w.training.select_dataset(load_preset(w.doc, "playground_spiral.json").dataset)
        w.training.epochs.setValue(1000)
        dock, _ = float_dock("network_diagram", (1300, 700))
        QTimer.singleShot(1000, w.training.train_button.click)
        QTimer.singleShot(9000, lambda: (shot(dock, "docs/network_diagram.png"), dock.hide()))

    QTimer.singleShot(500, surface)
    QTimer.singleShot(6000, pad)
    QTimer.singleShot(10000, race)
    QTimer.singleShot(21000, backprop)
    QTimer.singleShot(24000, real_surface)
    QTimer.singleShot(40000, live_mnist)
    QTimer.singleShot(52000, live_diagram)
    QTimer.singleShot(63000, app.quit)
    app.exec()
    app.closeAllWindows()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

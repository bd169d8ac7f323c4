"""Start-up: the first paint loads neither pyqtgraph nor numba; what it skips comes right after,
view docks land where the saved layout had them, and tabs behind others are never built."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QSettings, Qt

from layerlab.app.builder.document import GraphDocument
from layerlab.app.i18n import Translation
from layerlab.app.main_window import MainWindow
from layerlab.app.presets import load_preset
from layerlab.app.session import Session
from layerlab.app.settings import AppSettings
from layerlab.app.views import docks

from .conftest import FakeWarmup

FIRST_PAINT_PROBE = textwrap.dedent(
    """
    import json
    import sys
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from layerlab.app.builder.document import GraphDocument
    from layerlab.app.i18n import Translation
    from layerlab.app.main_window import MainWindow
    from layerlab.app.presets import load_preset
    from layerlab.app.session import Session
    from layerlab.app.settings import AppSettings
    from layerlab.app.warmup import EngineWarmup

    class Warmup(EngineWarmup):  # counts starts; the real one would start a process
        starts = 0

        def start(self):
            self.starts += 1

    doc = GraphDocument()
    load_preset(doc, "reference_bn.json")
    settings = AppSettings(QSettings(sys.argv[1], QSettings.Format.IniFormat))
    w = MainWindow(doc, settings, Translation(), Warmup(), Session())
    seen = {}

    def at_first_paint():
        seen["heavy"] = sorted(m for m in sys.modules if m.split(".")[0] in ("pyqtgraph", "numba"))
        seen["views"] = sorted(m for m in sys.modules if m.startswith("layerlab.app.views."))
        seen["warmup_starts"] = w.warmup.starts

    def at_finish():
        seen["warmup_starts_after"] = w.warmup.starts
        seen["pyqtgraph_after"] = "pyqtgraph" in sys.modules
        print(json.dumps(seen))
        app.quit()

    w.first_painted.connect(at_first_paint)
    w.startup_finished.connect(at_finish)
    w.show()
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    """
)


def test_first_paint_loads_neither_pyqtgraph_nor_numba_nor_the_view_modules(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["LAYERLAB_AUTOSAVE_DIR"] = str(tmp_path / "autosave")
    out = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_PROBE, str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["heavy"] == []  # neither pyqtgraph nor numba at the first paint
    assert seen["views"] == [  # no view module's DOCK, no plot panel
        "layerlab.app.views.docks",
        "layerlab.app.views.problems_list",
        "layerlab.app.views.style",
        "layerlab.app.views.training_panel",
    ]
    assert (seen["warmup_starts"], seen["warmup_starts_after"]) == (0, 1)  # after the paint
    assert seen["pyqtgraph_after"]  # the curves were built right after it


def _window(qtbot, tmp_path, monkeypatch, specs=None) -> MainWindow:
    monkeypatch.setenv("LAYERLAB_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    monkeypatch.setattr("layerlab.app.document_files.DocumentFiles.confirm_discard", lambda s: True)
    if specs is not None:
        monkeypatch.setattr("layerlab.app.main_window.discover", lambda: specs)
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    doc = GraphDocument()
    load_preset(doc, "reference_bn.json")
    w = MainWindow(doc, settings, Translation(), FakeWarmup(), Session())
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.startup_finished, timeout=20_000):
        w.show()
    return w


def _probe_spec(name: str) -> docks.DockSpec:
    from PySide6.QtWidgets import QLabel

    return docks.DockSpec(name, name.title(), lambda window: QLabel(name), polled=False)


def _area(window: MainWindow, name: str) -> Qt.DockWidgetArea:
    return window.dockWidgetArea(window._docks[name])


def test_view_docks_come_after_the_first_paint_as_tabs_beside_the_curves(
    qtbot, tmp_path, monkeypatch
):
    specs = [_probe_spec("alpha"), _probe_spec("beta")]
    w = _window(qtbot, tmp_path, monkeypatch, specs)
    assert {"alpha", "beta"} <= set(w._docks)
    tabs = w.tabifiedDockWidgets(w._docks["curves"])
    assert w._docks["alpha"] in tabs and w._docks["beta"] in tabs
    assert w._docks["params"] in tabs
    menu = [a.text() for a in w.view_menu.actions()]
    assert menu.index("Alpha") < menu.index("Beta") < menu.index(w.act_reset_layout.text())
    # the curves are the raised tab: built; the tabs behind them are not
    qtbot.waitUntil(lambda: w._curves_view.view is not None, timeout=5000)
    qtbot.wait(50)
    assert w._docks["alpha"].widget().view is None
    assert w._params_view.view is None
    w._docks["alpha"].raise_()
    qtbot.waitUntil(lambda: w._docks["alpha"].widget().view is not None, timeout=5000)
    assert w._docks["beta"].widget().view is None
    w.close()


def test_saved_layout_puts_view_docks_back_after_they_are_added(qtbot, tmp_path, monkeypatch):
    specs = [_probe_spec("alpha"), _probe_spec("beta")]
    first = _window(qtbot, tmp_path, monkeypatch, specs)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first._docks["alpha"])
    first._docks["beta"].hide()
    first._docks["params"].hide()
    first.close()  # saves the layout
    specs.append(_probe_spec("gamma"))  # a view module the saved layout does not know
    second = _window(qtbot, tmp_path, monkeypatch, specs)
    assert _area(second, "alpha") == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second._docks["alpha"].isVisible()
    assert not second._docks["beta"].isVisible() and not second._docks["params"].isVisible()
    assert second._docks["gamma"] in second.tabifiedDockWidgets(second._docks["curves"])
    assert second._docks["gamma"].isVisible()
    second.reset_layout()
    assert second._docks["alpha"] in second.tabifiedDockWidgets(second._docks["curves"])
    assert second._docks["beta"].isVisible() and second._docks["params"].isVisible()
    second.close()


def test_reset_layout_hides_the_heavy_docks_again(qtbot, tmp_path, monkeypatch):
    specs = [_probe_spec("alpha"), _probe_spec("draw_pad")]
    w = _window(qtbot, tmp_path, monkeypatch, specs)
    assert not w._docks["draw_pad"].isVisible()  # the drawing pad waits for the View menu
    w._docks["draw_pad"].show()
    w._docks["alpha"].setFloating(True)
    w.reset_layout()
    assert not w._docks["draw_pad"].isVisible()
    assert not w._docks["alpha"].isFloating()
    assert _area(w, "alpha") == Qt.DockWidgetArea.RightDockWidgetArea
    w.close()


def test_plot_panels_are_built_on_first_use_before_the_first_paint(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("LAYERLAB_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    doc = GraphDocument()
    load_preset(doc, "reference_bn.json")
    w = MainWindow(doc, settings, Translation(), FakeWarmup(), Session())
    qtbot.addWidget(w)
    assert w._curves_view.view is None and "draw_pad" not in w._docks
    assert w.curves is w._curves_view.view  # built on demand
    assert w.params is w._params_view.view and w.params.batch.value() == 100
    assert w._docks["draw_pad"].objectName() == "dock_draw_pad"  # finishes the start-up now
    assert "layer_stats" in w._docks


@pytest.mark.parametrize("released", [False, True])
def test_a_lazy_view_builds_only_once_released_and_painted(qtbot, released):
    from PySide6.QtWidgets import QLabel

    lazy = docks.LazyView(lambda: QLabel("built"), polled=False)
    qtbot.addWidget(lazy)
    lazy.resize(200, 100)  # an empty widget of no size is never painted
    if released:
        lazy.release()
    lazy.show()
    qtbot.waitExposed(lazy)
    qtbot.wait(20)
    assert (lazy.view is not None) == released
    if not released:
        lazy.release()  # painted while held: builds at once
        assert isinstance(lazy.view, QLabel)

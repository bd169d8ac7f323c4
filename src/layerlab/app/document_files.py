"""The open document's file: new, open, save, recent files, autosave and recovery, exports."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from layerlab.app.builder.document import GraphDocument
from layerlab.app.engine_messages import translate_message
from layerlab.app.settings import AppSettings

FILTERS = "LayerLab projects (*.layerlab);;Network specs (*.json)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Files", text)


class DocumentFiles(QObject):
    """Ties a GraphDocument to a file on disk; all dialogs about files live here."""

    path_changed = Signal(str)
    project_loaded = Signal(object)  # a layerlab.project.Project
    recent_changed = Signal(list)

    def __init__(
        self,
        doc: GraphDocument,
        settings: AppSettings,
        parent: QWidget,
        training_state: Callable[[], dict] | None = None,
        dataset: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc, self.settings, self.window = doc, settings, parent
        self.path: Path | None = None
        self.training_state = training_state or (lambda: {})
        self.dataset = dataset or (lambda: "")  # the chosen data set, saved with the network
        self._autosave = QTimer(self)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start(1000 * max(5, settings.get("autosave_seconds")))

    # ---- helpers ----------------------------------------------------------------------------
    def _project(self):  # -> layerlab.project.Project (imported lazily)
        from layerlab.project import Project

        state = self.training_state()
        return Project(
            spec=replace(self.doc.chain_spec(), dataset=self.dataset() or ""),
            layout=self.doc.layout(),
            edges=list(self.doc.edges),
            extra_nodes=self.doc.extra_nodes(),
            weights=state.get("weights"),
            optimizer_state=state.get("optimizer_state"),
            training=state.get("training", {}),
            history=state.get("history", []),
        )

    def _error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    def confirm_discard(self) -> bool:
        """True when the document is saved or the user agrees to lose the changes."""
        if self.doc.undo_stack.isClean():
            return True
        answer = QMessageBox.question(
            self.window,
            tr("Unsaved changes"),
            tr("The network has unsaved changes. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _set_path(self, path: Path | None) -> None:
        self.path = path
        self.path_changed.emit(str(path) if path else "")
        if path is not None:
            self.recent_changed.emit(self.settings.add_recent(str(path)))

    # ---- actions ----------------------------------------------------------------------------
    def new(self) -> None:
        if self.confirm_discard():
            self.doc.clear()
            self._set_path(None)

    def open(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open"), "", FILTERS)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Load a project or spec; on any problem show it and change nothing."""
        from layerlab.project import ProjectError, load_any

        try:
            project = load_any(path)
        except (ProjectError, OSError) as e:
            self._error(tr("Cannot open file"), f"{path}\n\n{translate_message(str(e))}")
            return False
        self.doc.load_graph(
            project.spec, project.layout, project.extra_nodes, project.edges or None
        )
        self.project_loaded.emit(project)
        self._set_path(Path(path) if str(path).endswith(".layerlab") else None)
        if not str(path).endswith(".layerlab"):
            self.recent_changed.emit(self.settings.add_recent(str(path)))
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("Save as"), "network.layerlab", "LayerLab projects (*.layerlab)"
        )
        if not path:
            return False
        if not path.endswith(".layerlab"):
            path += ".layerlab"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        from layerlab.project import discard_autosave, save_project

        try:
            save_project(self._project(), path)
        except OSError as e:
            self._error(tr("Cannot save"), f"{path}\n\n{e}")
            return False
        discard_autosave(path)
        self.doc.undo_stack.setClean()
        self._set_path(path)
        return True

    def autosave(self) -> None:
        """Write a recovery copy when there are unsaved changes."""
        if self.doc.undo_stack.isClean():
            return
        from layerlab.project import write_autosave

        with contextlib.suppress(OSError):  # autosave must never interrupt the user
            write_autosave(self._project(), self.path)

    def offer_recovery(self) -> None:
        """After a crash: offer to open the newest autosave."""
        from layerlab.project import discard_autosave, find_recovery

        found = find_recovery()
        if not found:
            return
        answer = QMessageBox.question(
            self.window,
            tr("Recover work"),
            tr("LayerLab found unsaved work from a previous session:\n%s\n\nRestore it?")
            % found[0],
        )
        if answer == QMessageBox.StandardButton.Yes and self.open_path(str(found[0])):
            self.doc.undo_stack.resetClean()
        for path in found:
            discard_autosave(path)

    def export_code(self, flavour: str) -> None:
        from layerlab.export_code import to_keras, to_pytorch

        name = "network_pytorch.py" if flavour == "pytorch" else "network_keras.py"
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Export code"), name, "Python (*.py)")
        if not path:
            return
        try:
            code = (to_pytorch if flavour == "pytorch" else to_keras)(self.doc.chain_spec())
            Path(path).write_text(code, encoding="utf-8")
        except (OSError, ValueError) as e:
            self._error(tr("Cannot export"), str(e))

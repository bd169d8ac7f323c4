"""The main window's actions, menus and toolbar: built once, kept as the window's act_* and
*_menu attributes (tests and lessons reach them there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from layerlab.app.builder import clipboard
from layerlab.app.i18n import LANGUAGES
from layerlab.app.plot_export import export_plot
from layerlab.app.presets import presets

if TYPE_CHECKING:
    from layerlab.app.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)  # the window's own context


class WindowMenus:
    """Mixin of MainWindow: its File, Edit, Presets, View and Help menus and the toolbar."""

    def _action(
        self: MainWindow, text: str, slot, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self: MainWindow) -> None:
        K = QKeySequence.StandardKey
        stack = self.doc.undo_stack
        self.act_new = self._action(tr("&New"), self.files.new, K.New)
        self.act_open = self._action(tr("&Open..."), self.files.open, K.Open)
        self.act_save = self._action(tr("&Save"), self.files.save, K.Save)
        self.act_save_as = self._action(tr("Save &as..."), self.files.save_as, K.SaveAs)
        self.act_quit = self._action(tr("&Quit"), self.close, K.Quit)
        self.act_undo = stack.createUndoAction(self, tr("&Undo"))
        self.act_undo.setShortcut(K.Undo)
        self.act_redo = stack.createRedoAction(self, tr("&Redo"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(K.Redo)])
        self.act_copy = self._action(
            tr("&Copy"), lambda: clipboard.copy_selection(self.scene), K.Copy
        )
        self.act_paste = self._action(tr("&Paste"), lambda: clipboard.paste(self.scene), K.Paste)
        self.act_duplicate = self._action(
            tr("&Duplicate"), lambda: clipboard.duplicate_selection(self.scene), "Ctrl+D"
        )
        self.act_rename = self._action(tr("Re&name layer..."), self.rename_selected, "F2")
        self.act_about = self._action(tr("&About LayerLab"), self.show_about)
        self.act_export_torch = self._action(
            tr("Network as &PyTorch code..."), lambda: self.files.export_code("pytorch")
        )
        self.act_export_keras = self._action(
            tr("Network as &Keras code..."), lambda: self.files.export_code("keras")
        )
        self.act_reset_layout = self._action(tr("&Reset layout"), self.reset_layout)
        self.act_export_curves = self._action(
            tr("Loss &curves as image..."),
            lambda: export_plot(self, self.curves.plots.scene(), "curves.png"),
        )
        self.act_export_memory = self._action(
            tr("&Memory chart as image..."),
            lambda: export_plot(self, self.params.plot.plotItem, "memory.png"),
        )

    def _build_menus(self: MainWindow) -> None:
        mb = self.menuBar()
        m = mb.addMenu(tr("&File"))
        m.addActions([self.act_new, self.act_open])
        self.recent_menu = m.addMenu(tr("Open &recent"))
        self._fill_recent(self.settings.get("recent_files"))
        m.addActions([self.act_save, self.act_save_as])
        exp = m.addMenu(tr("&Export"))
        exp.addActions([self.act_export_torch, self.act_export_keras])
        exp.addSeparator()
        exp.addActions([self.act_export_curves, self.act_export_memory])
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu(tr("&Edit"))
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addActions([self.act_copy, self.act_paste, self.act_duplicate, self.act_rename])
        self.presets_menu = mb.addMenu(tr("&Presets"))
        for file_name, title in presets():
            self.presets_menu.addAction(title, lambda f=file_name: self.open_preset(f))
        m = self.view_menu = mb.addMenu(tr("&View"))
        for dock in self._docks.values():  # the view docks join before "Reset layout" later
            m.addAction(dock.toggleViewAction())
        m.addAction(self.act_reset_layout)
        lang = m.addMenu(tr("&Language"))
        group = QActionGroup(self)
        for code, name in [("", tr("System")), *LANGUAGES.items()]:
            act = lang.addAction(name, lambda c=code: self.switch_language(c))
            act.setCheckable(True)
            act.setChecked(code == self.settings.get("language"))
            group.addAction(act)
        m = mb.addMenu(tr("&Help"))
        m.addAction(tr("&Lessons"), self.show_lessons)
        m.addAction(self.act_about)

    def _build_toolbar(self: MainWindow) -> None:
        tb = self.addToolBar(tr("Main"))
        tb.setObjectName("toolbar_main")
        tb.addActions([self.act_new, self.act_open, self.act_save])
        tb.addSeparator()
        tb.addActions([self.act_undo, self.act_redo])

    def _fill_recent(self: MainWindow, files: list) -> None:
        self.recent_menu.clear()
        for path in files:
            self.recent_menu.addAction(
                path, lambda p=path: self.files.confirm_discard() and self.files.open_path(p)
            )
        self.recent_menu.setEnabled(bool(files))

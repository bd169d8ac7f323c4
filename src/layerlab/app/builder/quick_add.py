"""QuickAddPopup: type to find a layer (English or Chinese), Enter adds it after the selection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from layerlab.app.builder.commands import tr
from layerlab.app.builder.palette import ENTRIES, LayerEntry

if TYPE_CHECKING:
    from layerlab.app.builder.scene import BuilderScene

_ROLE = Qt.ItemDataRole.UserRole


def matching_entries(query: str) -> list[LayerEntry]:
    """Entries matching ``query``, best first (palette order among equals)."""
    scored = [(s, i, e) for i, e in enumerate(ENTRIES) if (s := e.score(query)) is not None]
    return [e for _, _, e in sorted(scored, key=lambda t: (t[0], t[1]))]


class QuickAddPopup(QWidget):
    """A search line over a filtered list of layers; Enter adds, Esc closes."""

    layer_added = Signal(str)  # the new layer's id

    def __init__(self, scene: BuilderScene, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self._scene = scene
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Add layer: type a name (e.g. conv, 卷积, relu)"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.resize(300, 320)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self._on_search_text_changed("")

    def popup_at(self, global_pos: QPoint) -> None:
        """Open with an empty search at ``global_pos``."""
        self.search.clear()
        self._on_search_text_changed("")
        self.move(global_pos)
        self.show()
        self.raise_()
        self.search.setFocus()

    def shown_entries(self) -> list[LayerEntry]:
        return [self.list.item(i).data(_ROLE) for i in range(self.list.count())]

    def current_entry(self) -> LayerEntry | None:
        item = self.list.currentItem()
        return item.data(_ROLE) if item is not None else None

    def accept_current(self) -> str | None:
        """Add the highlighted entry after the selected layer; returns the new id."""
        entry = self.current_entry()
        if entry is None:
            return None
        self.close()
        new_id = self._scene.add_layer_after_selection(entry.kind, dict(entry.params))
        self.layer_added.emit(new_id)
        return new_id

    def _on_search_text_changed(self, text: str) -> None:
        self.list.clear()
        for entry in matching_entries(text):
            item = QListWidgetItem(f"{entry.label}  —  {entry.description}")
            item.setData(_ROLE, entry)
            item.setToolTip(entry.tooltip)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self.accept_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._on_search_key(event.key())
        return super().eventFilter(watched, event)

    def _on_search_key(self, key: Any) -> bool:
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_current()
            return True
        if key == Qt.Key.Key_Escape:
            self.close()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.list.count():
            step = -1 if key == Qt.Key.Key_Up else 1
            self.list.setCurrentRow((self.list.currentRow() + step) % self.list.count())
            return True
        return False

"""ProblemsView: every problem of the network, click to select the layer it names."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from layerlab.app.builder.document import GraphDocument
from layerlab.app.engine_messages import translate_message


class ProblemsView(QListWidget):
    """Lists ``doc.inference().problems``; emits node_activated(id) on click."""

    node_activated = Signal(str)

    def __init__(self, doc: GraphDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        doc.validated.connect(self.refresh)
        self.itemClicked.connect(self._on_item_clicked)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        for p in self._doc.inference().problems:
            text = translate_message(p.message)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, p.layer_id or "")
            item.setToolTip(text)
            self.addItem(item)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        node_id = item.data(Qt.ItemDataRole.UserRole)
        if node_id:
            self.node_activated.emit(node_id)

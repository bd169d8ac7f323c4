"""The layer palette: every registered kind and the activation presets, ready to drag."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMimeData, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from layerlab.app.builder.commands import tr
from layerlab.app.builder.document import GraphDocument
from layerlab.app.builder.scene import append_node
from layerlab.engine.layers import LAYERS
from layerlab.engine.layers.activation import FORMULAS

LAYER_MIME = "application/x-layerlab-layer"
CATEGORIES = ("Core", "Convolution", "Activations", "Normalization", "Regularization")
_CATEGORY_NAMES = {  # the registry's category names, marked for lupdate
    "Core": QT_TRANSLATE_NOOP("Builder", "Core"),
    "Convolution": QT_TRANSLATE_NOOP("Builder", "Convolution"),
    "Activations": QT_TRANSLATE_NOOP("Builder", "Activations"),
    "Normalization": QT_TRANSLATE_NOOP("Builder", "Normalization"),
    "Regularization": QT_TRANSLATE_NOOP("Builder", "Regularization"),
}
_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class LayerEntry:
    """One thing that can be added: a label, the kind and params it makes, and search terms."""

    label: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    terms: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        cls = LAYERS.get(self.kind)
        return cls.category if cls is not None else "Core"

    @property
    def description(self) -> str:
        """A short translated description of what the entry adds."""
        return tr(_DESCRIPTIONS.get(self.label, self.label))

    @property
    def tooltip(self) -> str:
        fn = self.params.get("fn")
        formula = FORMULAS.get(fn, "") if fn else getattr(LAYERS.get(self.kind), "formula", "")
        doc = (
            (LAYERS[self.kind].__doc__ or "").strip().splitlines()[0] if self.kind in LAYERS else ""
        )
        return "\n".join(t for t in (doc, formula if isinstance(formula, str) else "") if t)

    def score(self, query: str) -> int | None:
        """How well ``query`` matches (lower is better), or None for no match."""
        q = query.strip().lower()
        if not q:
            return 3
        label = self.label.lower()
        words = [label, self.kind.lower(), self.description.lower(), *self.terms]
        if label.startswith(q):
            return 0
        if any(w.startswith(q) for w in words):
            return 1
        if any(q in w for w in words):
            return 2
        it = iter(label)  # fuzzy: the query's letters appear in order in the label
        return 3 if all(ch in it for ch in q.replace(" ", "")) else None


def _entries() -> list[LayerEntry]:
    kinds = [
        LayerEntry(kind, kind, {}, tuple(t.lower() for t in _TERMS.get(kind, ())))
        for kind in LAYERS
        if kind not in ("Softmax", "PReLU")
    ]
    presets = [
        LayerEntry(label, "Activation", {"fn": fn}, ("激活", *_TERMS.get(label, ())))
        for label, fn in _ACTIVATION_PRESETS
    ]
    tail = [LayerEntry(k, k, {}, ("激活", *_TERMS.get(k, ()))) for k in ("Softmax", "PReLU")]
    return kinds + [e for e in presets + tail if e.kind in LAYERS]


_ACTIVATION_PRESETS = (
    ("ReLU", "relu"),
    ("Sigmoid", "sigmoid"),
    ("Tanh", "tanh"),
    ("LeakyReLU", "leaky_relu"),
    ("ELU", "elu"),
    ("SELU", "selu"),
    ("SiLU/Swish", "silu"),
    ("GELU", "gelu"),
    ("Softplus", "softplus"),
    ("Step", "step"),
)
_TERMS: dict[str, tuple[str, ...]] = {
    "Dense": ("全连接", "全连接层", "线性", "fully connected", "linear", "fc"),
    "Conv2D": ("卷积", "卷积层", "convolution", "conv"),
    "MaxPool2D": ("最大池化", "池化", "max pooling", "pool"),
    "AvgPool2D": ("平均池化", "池化", "average pooling", "mean pooling", "pool"),
    "Flatten": ("展平", "扁平化", "flatten"),
    "Reshape": ("重塑", "变形", "reshape"),
    "Dropout": ("丢弃", "随机失活", "dropout"),
    "BatchNorm": ("批量归一化", "批归一化", "归一化", "batch normalization", "bn"),
    "LayerNorm": ("层归一化", "归一化", "layer normalization", "ln"),
    "Activation": ("激活函数", "激活", "activation", "nonlinearity"),
    "ReLU": ("线性整流", "修正线性单元", "relu"),
    "Sigmoid": ("s型", "逻辑函数", "logistic"),
    "Tanh": ("双曲正切", "hyperbolic tangent"),
    "LeakyReLU": ("带泄漏线性整流", "泄漏", "leaky relu", "leaky_relu"),
    "ELU": ("指数线性单元", "exponential linear"),
    "SELU": ("缩放指数线性单元", "scaled exponential linear"),
    "SiLU/Swish": ("silu", "swish", "sigmoid linear unit"),
    "GELU": ("高斯误差线性单元", "gaussian error linear"),
    "Softplus": ("平滑整流", "softplus"),
    "Step": ("阶跃", "阶跃函数", "heaviside"),
    "Softmax": ("归一化指数", "softmax", "概率"),
    "PReLU": ("参数化线性整流", "parametric relu"),
}
_DESCRIPTIONS = {  # translated where shown (LayerEntry.description)
    "Dense": QT_TRANSLATE_NOOP("Builder", "fully connected"),
    "Conv2D": QT_TRANSLATE_NOOP("Builder", "2-D convolution"),
    "MaxPool2D": QT_TRANSLATE_NOOP("Builder", "max pooling"),
    "AvgPool2D": QT_TRANSLATE_NOOP("Builder", "average pooling"),
    "Flatten": QT_TRANSLATE_NOOP("Builder", "flatten to a vector"),
    "Reshape": QT_TRANSLATE_NOOP("Builder", "new per-sample shape"),
    "Dropout": QT_TRANSLATE_NOOP("Builder", "randomly drop values"),
    "BatchNorm": QT_TRANSLATE_NOOP("Builder", "batch normalization"),
    "LayerNorm": QT_TRANSLATE_NOOP("Builder", "layer normalization"),
    "Activation": QT_TRANSLATE_NOOP("Builder", "activation function"),
    "Softmax": QT_TRANSLATE_NOOP("Builder", "probabilities over the last axis"),
    "PReLU": QT_TRANSLATE_NOOP("Builder", "learned leaky ReLU"),
    "ReLU": QT_TRANSLATE_NOOP("Builder", "rectified linear unit"),
    "Sigmoid": QT_TRANSLATE_NOOP("Builder", "logistic function"),
    "Tanh": QT_TRANSLATE_NOOP("Builder", "hyperbolic tangent"),
    "LeakyReLU": QT_TRANSLATE_NOOP("Builder", "ReLU with a small negative slope"),
    "ELU": QT_TRANSLATE_NOOP("Builder", "exponential linear unit"),
    "SELU": QT_TRANSLATE_NOOP("Builder", "scaled exponential linear unit"),
    "SiLU/Swish": QT_TRANSLATE_NOOP("Builder", "sigmoid-weighted linear unit"),
    "GELU": QT_TRANSLATE_NOOP("Builder", "Gaussian error linear unit"),
    "Softplus": QT_TRANSLATE_NOOP("Builder", "smooth ReLU"),
    "Step": QT_TRANSLATE_NOOP("Builder", "Heaviside step"),
}
ENTRIES: list[LayerEntry] = _entries()


def layer_mime_data(kind: str, params: dict[str, Any]) -> QMimeData:
    """The drag payload: JSON {"kind": ..., "params": {...}} under LAYER_MIME."""
    mime = QMimeData()
    mime.setData(LAYER_MIME, json.dumps({"kind": kind, "params": params}).encode())
    return mime


def parse_layer_mime(mime: QMimeData) -> tuple[str, dict[str, Any]] | None:
    """(kind, params) from a drag payload, or None when it is not a known layer."""
    if not mime.hasFormat(LAYER_MIME):
        return None
    try:
        data = json.loads(bytes(mime.data(LAYER_MIME).data()).decode())
        kind, params = data["kind"], dict(data.get("params") or {})
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return (kind, params) if kind in LAYERS else None


class PaletteView(QTreeWidget):
    """Layer kinds by category plus activation presets; drag one out or double-click it."""

    layer_activated = Signal(str, object)  # kind, params (after it was appended to ``doc``)

    def __init__(self, doc: GraphDocument | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        groups: dict[str, QTreeWidgetItem] = {}
        order = list(CATEGORIES) + sorted({e.category for e in ENTRIES} - set(CATEGORIES))
        for cat in order:
            group = QTreeWidgetItem(self, [tr(_CATEGORY_NAMES.get(cat, cat))])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            groups[cat] = group
        for entry in ENTRIES:
            item = QTreeWidgetItem(groups[entry.category], [entry.label])
            item.setData(0, _ROLE, entry)
            item.setToolTip(0, entry.tooltip)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
        for cat, group in groups.items():
            group.setHidden(group.childCount() == 0 and cat not in CATEGORIES)
        self.expandAll()
        self.itemDoubleClicked.connect(self._on_item_double_clicked)

    def entry(self, item: QTreeWidgetItem) -> LayerEntry | None:
        value = item.data(0, _ROLE)
        return value if isinstance(value, LayerEntry) else None

    def entry_items(self) -> list[QTreeWidgetItem]:
        """Every leaf item (one per entry), in display order."""
        out = []
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            out += [group.child(j) for j in range(group.childCount())]
        return out

    def set_filter(self, text: str) -> None:
        """Hide the entries that do not match ``text`` (and groups left empty)."""
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                entry = self.entry(group.child(j))
                hide = entry is None or entry.score(text) is None
                group.child(j).setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)

    def mimeTypes(self) -> list[str]:
        return [LAYER_MIME]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:
        entries = [e for e in map(self.entry, items) if e is not None]
        if not entries:
            return QMimeData()
        return layer_mime_data(entries[0].kind, dict(entries[0].params))

    def _on_item_double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        entry = self.entry(item)
        if entry is None:
            return
        if self._doc is not None:
            append_node(self._doc, entry.kind, dict(entry.params))
        self.layer_activated.emit(entry.kind, dict(entry.params))

"""InspectorPanel: the selected layer's parameters, formulas, problems and weights, or the
network settings when nothing is selected. Every edit is an undo command; document changes
update the editors inside signal blockers, so the binding never loops. The editors themselves
are in param_editors."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.builder.commands import SetParamCommand, SetSettingCommand
from layerlab.app.builder.document import GraphDocument
from layerlab.app.builder.param_editors import (
    _INT_LIMIT,
    _ChoiceEdit,
    _Editor,
    _LineEdit,
    _make_editor,
    _SpinsEdit,
)
from layerlab.app.builder.param_editors import _PaddingEdit as _PaddingEdit  # re-exported
from layerlab.app.builder.schedule_editor import ScheduleEditor
from layerlab.app.views import style
from layerlab.engine.initializers import INITIALIZERS
from layerlab.engine.layers import LAYERS
from layerlab.engine.layers.base import fmt_shape
from layerlab.engine.losses import LOSSES
from layerlab.engine.optimizers import KINDS, defaults
from layerlab.engine.params import ParamDef, coerce

# Settings every optimizer has (regularisation, clipping): kept when the kind changes.
_SHARED_OPT_KEYS = set.intersection(*(set(defaults(k)) for k in KINDS)) - {"lr"}
_STAT_KEYS = ("mean", "std", "min", "max", "zeros")


def _same(p: ParamDef, a: Any, b: Any) -> bool:
    """Whether two written values mean the same (e.g. [3, 3] and (3, 3))."""
    try:
        return coerce(p, a) == coerce(p, b)
    except ValueError:
        return a == b


def _format_stat(key: str, value: float | None) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.1f}%" if key == "zeros" else f"{value:.4g}"


def _label(text: str = "", font: QFont | None = None, sheet: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if font is not None:
        label.setFont(font)
    label.setStyleSheet(sheet)
    return label


def _clear_form(form: QFormLayout, editors: dict[str, _Editor]) -> None:
    for editor in editors.values():
        editor.blockSignals(True)  # a focused editor must not commit while it is removed
    while form.rowCount():
        form.removeRow(0)


# ---- the panel ----------------------------------------------------------------------------------
class InspectorPanel(QWidget):
    """Edits the selected layer (``show_node(id)``) or, with none, the network settings."""

    def __init__(self, doc: GraphDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._node_id: str | None = None
        self._kind: str | None = None
        self._editors: dict[str, _Editor] = {}
        self._pdefs: dict[str, ParamDef] = {}
        self._opt_kind: str | None = None
        self._opt_editors: dict[str, _Editor] = {}
        self._stack = QStackedWidget()
        self._stack.addWidget(self._build_node_page())
        self._stack.addWidget(self._build_settings_page())
        QVBoxLayout(self).addWidget(self._stack)
        doc.node_changed.connect(self._on_doc_node_changed)
        doc.node_removed.connect(self._on_doc_node_removed)
        doc.settings_changed.connect(self._on_doc_settings_changed)
        doc.validated.connect(self._refresh_status)
        self.show_node(None)

    @property
    def node_id(self) -> str | None:
        return self._node_id

    def editor(self, key: str) -> _Editor:
        """The editor shown for a layer parameter, or with no layer a setting ('optimizer' is
        its kind, 'opt.lr' one of its settings)."""
        if self._node_id is not None:
            return self._editors[key]
        if key == "optimizer":
            return self._opt_kind_edit
        return self._opt_editors[key[4:]] if key.startswith("opt.") else self._setting_editors[key]

    # ---- building -------------------------------------------------------------------------------
    def _build_node_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self._title = _label(font=style.heading_font())
        self._shapes = _label()
        self._formula = _label(font=style.mono_font())
        self._param_formula = _label(font=style.mono_font())
        self._problems = _label(sheet=style.ERROR_STYLESHEET)
        self._form_host = QWidget()
        self._form = QFormLayout(self._form_host)
        self._form.setContentsMargins(0, 0, 0, 0)
        for w in (self._title, self._shapes, self._formula, self._param_formula, self._problems):
            box.addWidget(w)
        box.addWidget(self._form_host)
        box.addWidget(self._build_weights_box())
        box.addStretch(1)
        return page

    def _build_weights_box(self) -> QGroupBox:
        group = QGroupBox(self.tr("Weights"))
        box = QVBoxLayout(group)
        note = self.tr("Train the network to see weight statistics.")
        self._weights_note = _label(note, sheet=style.MUTED_STYLESHEET)
        headers = [self.tr("tensor"), "mean", "std", "min", "max", self.tr("zeros")]
        self._weights = QTableWidget(0, len(headers))
        self._weights.setHorizontalHeaderLabels(headers)
        self._weights.verticalHeader().setVisible(False)
        self._weights.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._weights.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._weights.setFont(style.mono_font())
        box.addWidget(self._weights_note)
        box.addWidget(self._weights)
        return group

    def _build_settings_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        title = _label(self.tr("Network settings"), font=style.heading_font())
        form = QFormLayout()
        rows = [
            ("input_shape", self.tr("input shape"), _LineEdit(shape=True)),
            ("loss", self.tr("loss"), _ChoiceEdit(list(LOSSES))),
            ("init", self.tr("initialiser"), _ChoiceEdit(list(INITIALIZERS), editable=True)),
            ("seed", self.tr("seed"), _SpinsEdit(0, _INT_LIMIT)),
            ("batch_size", self.tr("batch size"), _SpinsEdit(1, 1 << 20)),
        ]
        self._setting_editors: dict[str, _Editor] = {key: editor for key, _, editor in rows}
        for key, label, editor in rows:
            form.addRow(label, editor)
            editor.changed.connect(lambda v, k=key: self._on_setting_edited(k, v))
        self._opt_kind_edit = _ChoiceEdit(list(KINDS))
        form.insertRow(2, self.tr("optimizer"), self._opt_kind_edit)
        self._opt_kind_edit.changed.connect(self._on_opt_kind_edited)
        opt_host = QWidget()
        self._opt_form = QFormLayout(opt_host)
        self._opt_form.setContentsMargins(16, 0, 0, 0)
        form.insertRow(3, opt_host)
        self._schedule_edit = ScheduleEditor()
        self._schedule_edit.changed.connect(self._on_schedule_edited)
        form.insertRow(4, self.tr("learning-rate schedule"), self._schedule_edit)
        self._settings_problems = _label(sheet=style.ERROR_STYLESHEET)
        box.addWidget(title)
        box.addLayout(form)
        box.addWidget(self._settings_problems)
        box.addStretch(1)
        return page

    # ---- public ---------------------------------------------------------------------------------
    def show_node(self, node_id: str | None) -> None:
        """Inspect ``node_id``; None (or an unknown id) shows the network settings."""
        if node_id is not None and node_id not in self._doc.nodes:
            node_id = None
        changed = node_id != self._node_id
        self._node_id = node_id
        if node_id is None:
            self._stack.setCurrentIndex(1)
            self._load_settings()
            self._refresh_status()
            return
        kind = self._doc.nodes[node_id].kind
        if changed or kind != self._kind:
            self._build_form(kind)
            self.set_weight_stats(None)
        self._stack.setCurrentIndex(0)
        self._load_node_values()
        self._refresh_status()

    def set_weight_stats(self, stats: dict[str, dict[str, float]] | None) -> None:
        """Per tensor (e.g. 'weight', 'bias'): mean, std, min, max and zeros (a fraction)."""
        stats = stats or {}
        self._weights.setRowCount(len(stats))
        for row, (name, values) in enumerate(stats.items()):
            cells = [name] + [_format_stat(key, values.get(key)) for key in _STAT_KEYS]
            for col, text in enumerate(cells):
                self._weights.setItem(row, col, QTableWidgetItem(text))
        self._weights_note.setVisible(not stats)
        self._weights.setVisible(bool(stats))
        rows_height = sum(self._weights.rowHeight(r) for r in range(len(stats)))
        self._weights.setFixedHeight(self._weights.horizontalHeader().height() + rows_height + 4)

    # ---- layer page -----------------------------------------------------------------------------
    def _build_form(self, kind: str) -> None:
        _clear_form(self._form, self._editors)
        self._kind = kind
        cls = LAYERS.get(kind)
        self._pdefs = {p.name: p for p in (cls.PARAMS if cls else ())}
        self._editors = {}
        for p in self._pdefs.values():
            editor = _make_editor(p)
            editor.setToolTip(p.doc)
            editor.changed.connect(lambda v, k=p.name: self._on_param_edited(k, v))
            self._form.addRow(p.name, editor)
            self._editors[p.name] = editor
        cat = cls.category if cls else ""
        self._title.setStyleSheet(style.label_stylesheet(style.category_colour(cat)))

    def _load_node_values(self) -> None:
        nid = self._node_id
        for key, editor in self._editors.items():
            with QSignalBlocker(editor):
                editor.set_value(self._doc.param(nid, key))

    def _on_param_edited(self, key: str, value: Any) -> None:
        nid = self._node_id
        if nid is None or nid not in self._doc.nodes:
            return
        if _same(self._pdefs[key], value, self._doc.param(nid, key)):
            return
        self._doc.undo_stack.push(SetParamCommand(self._doc, nid, key, value))

    def _layer_texts(self, nid: str) -> tuple[str, str, str]:
        """(shapes, formula, parameter-count formula) for the current inference."""
        inf = self._doc.inference()
        layer = next((la for la in inf.layers if la.id == nid), None)
        if nid not in inf.out_shapes or layer is None:  # bad parameters or unknown input
            formula, cls = "", LAYERS.get(self._doc.nodes[nid].kind)
            with contextlib.suppress(KeyError, TypeError, ValueError):  # Activation's needs fn
                if layer is None and cls is not None:
                    layer = cls(nid, {p.name: self._doc.param(nid, p.name) for p in cls.PARAMS})
                formula = layer.formula if layer is not None else ""
            return self.tr("shape unknown"), formula, "?"
        in_shape = inf.in_shapes[nid]
        shapes = f"{fmt_shape(in_shape)} → {fmt_shape(inf.out_shapes[nid])}"
        return shapes, layer.formula, layer.param_formula(in_shape)

    # ---- settings page --------------------------------------------------------------------------
    def _load_settings(self) -> None:
        s = self._doc.settings
        for key, editor in self._setting_editors.items():
            with QSignalBlocker(editor):
                editor.set_value(s[key])
        opt = dict(s["optimizer"])
        kind = opt.get("kind", "sgd")
        with QSignalBlocker(self._opt_kind_edit):
            self._opt_kind_edit.set_value(kind)
        if kind != self._opt_kind:
            self._build_opt_form(kind)
        base = defaults(kind) if kind in KINDS else {}
        with QSignalBlocker(self._schedule_edit):
            self._schedule_edit.set_value(opt.get("schedule"))
        for key, editor in self._opt_editors.items():
            with QSignalBlocker(editor):
                editor.set_value(opt.get(key, base[key]))

    def _build_opt_form(self, kind: str) -> None:
        _clear_form(self._opt_form, self._opt_editors)
        self._opt_kind = kind
        self._opt_editors = {}
        for key in defaults(kind) if kind in KINDS else {}:
            editor = _LineEdit(minimum=0.0)
            editor.changed.connect(lambda v, k=key: self._on_opt_setting_edited(k, v))
            self._opt_form.addRow(key, editor)
            self._opt_editors[key] = editor

    def _on_setting_edited(self, key: str, value: Any) -> None:
        if key == "input_shape":
            value = tuple(value)
        if value == self._doc.settings[key] or value in ("", []):
            return
        self._doc.undo_stack.push(SetSettingCommand(self._doc, key, value))

    def _on_opt_kind_edited(self, kind: str) -> None:
        old = self._doc.settings["optimizer"]
        if kind == old.get("kind"):
            return
        kept = {k: v for k, v in old.items() if k in _SHARED_OPT_KEYS or k == "schedule"}
        self._doc.undo_stack.push(SetSettingCommand(self._doc, "optimizer", {"kind": kind, **kept}))

    def _on_schedule_edited(self, schedule: dict) -> None:
        old = self._doc.settings["optimizer"]
        if schedule == (old.get("schedule") or {}):
            return
        new = {k: v for k, v in old.items() if k != "schedule"}
        if schedule:
            new["schedule"] = schedule
        self._doc.undo_stack.push(SetSettingCommand(self._doc, "optimizer", new))

    def _on_opt_setting_edited(self, key: str, value: float) -> None:
        old = self._doc.settings["optimizer"]
        current = old.get(key, defaults(self._opt_kind).get(key) if self._opt_kind else None)
        if value == current:
            return
        self._doc.undo_stack.push(SetSettingCommand(self._doc, "optimizer", {**old, key: value}))

    # ---- document events ------------------------------------------------------------------------
    def _on_doc_node_changed(self, node_id: str) -> None:
        if node_id == self._node_id:
            self._load_node_values()

    def _on_doc_node_removed(self, node_id: str) -> None:
        if node_id == self._node_id:
            self.show_node(None)

    def _on_doc_settings_changed(self) -> None:
        if self._node_id is None:
            self._load_settings()

    def _refresh_status(self) -> None:
        """Problems, shapes and formulas: everything that follows from re-validation."""
        by_node = self._doc.problems_by_node()
        nid = self._node_id
        if nid is None:
            self._settings_problems.setText("\n".join(p.message for p in by_node.get(None, [])))
            return
        if nid not in self._doc.nodes:
            return
        shapes, formula, count = self._layer_texts(nid)
        self._title.setText(f"{nid}  ({self._doc.nodes[nid].kind})")
        self._shapes.setText(shapes)
        self._formula.setText(formula)
        self._param_formula.setText(self.tr("parameters: %s") % count)
        self._problems.setText("\n".join(p.message for p in by_node.get(nid, [])))
        self._problems.setVisible(bool(self._problems.text()))
        self._formula.setVisible(bool(formula))

"""The learning-rate schedule editor of the network settings: a kind and its numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QWidget

from layerlab.engine.schedules import SCHEDULES

# The numbers each kind uses, with the engine's defaults and a spin box range.
FIELDS: dict[str, tuple[tuple[str, float, float, float, int], ...]] = {
    "constant": (),
    "step": (("step_size", 10.0, 0.01, 1e6, 2), ("gamma", 0.1, 0.0, 1.0, 4)),
    "exponential": (("gamma", 0.95, 0.0, 1.0, 4),),
    "cosine": (("epochs", 10.0, 0.01, 1e6, 2), ("min_lr", 0.0, 0.0, 10.0, 6)),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("ScheduleEditor", text)


class ScheduleEditor(QWidget):
    """Emits ``changed(schedule_dict)``; an empty dict is the constant rate."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        names = {
            "constant": tr("constant"),
            "step": tr("step decay"),
            "exponential": tr("exponential decay"),
            "cosine": tr("cosine annealing"),
        }
        for kind in SCHEDULES:
            self.kind.addItem(names.get(kind, kind), kind)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.kind)
        self.spins: dict[str, QDoubleSpinBox] = {}
        self._schedule: dict[str, Any] = {}
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._build_fields("constant")

    def _build_fields(self, kind: str) -> None:
        while self.form.rowCount() > 1:
            self.form.removeRow(1)
        self.spins = {}
        for key, default, lo, hi, decimals in FIELDS.get(kind, ()):
            spin = QDoubleSpinBox(decimals=decimals, minimum=lo, maximum=hi)
            spin.setValue(float(self._schedule.get(key, default)))
            spin.editingFinished.connect(self._emit)
            self.form.addRow(key, spin)
            self.spins[key] = spin

    def _on_kind_changed(self) -> None:
        old, self._schedule = self._schedule, {}
        self._build_fields(self.kind.currentData())  # the new kind's defaults
        self._schedule = old
        self._emit()

    def value(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        if kind == "constant":
            return {}
        return {"kind": kind, **{k: s.value() for k, s in self.spins.items()}}

    def _emit(self) -> None:
        value = self.value()
        if value != self._schedule:
            self._schedule = value
            self.changed.emit(value)

    def set_value(self, schedule: dict[str, Any] | None) -> None:
        schedule = dict(schedule or {})
        kind = schedule.get("kind", "constant") if schedule else "constant"
        self._schedule = {} if kind == "constant" else schedule
        with QSignalBlocker(self.kind):
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._build_fields(kind)

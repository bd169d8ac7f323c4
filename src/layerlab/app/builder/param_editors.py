"""Parameter editors of the inspector: one small widget per kind of value (int, pair, float,
bool, choice, padding, shape). Each emits ``changed(value)`` and shows a value with
``set_value``; ``_make_editor`` picks the one for a layer parameter's ParamDef."""

from __future__ import annotations

import contextlib
import math
from typing import Any

from PySide6.QtCore import QLocale, QRegularExpression, Signal
from PySide6.QtGui import QDoubleValidator, QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from layerlab.engine.params import ParamDef

_INT_LIMIT = 2**31 - 1


class _Editor(QWidget):
    """The base: emits ``changed(value)`` on an edit; ``set_value`` shows a value."""

    changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class _SpinsEdit(_Editor):
    """One whole number (int), or two for height and width (kernel_size, stride, pool_size)."""

    def __init__(self, minimum: float | None, maximum: float | None, count: int = 1) -> None:
        super().__init__()
        lo = -_INT_LIMIT if minimum is None else math.ceil(minimum)
        hi = _INT_LIMIT if maximum is None else int(maximum)
        self.spins = [QSpinBox() for _ in range(count)]
        for spin in self.spins:
            spin.setRange(lo, hi)
            self.row.addWidget(spin)
            spin.valueChanged.connect(self._on_spin_value_changed)
        self.spin = self.spins[0]

    def _on_spin_value_changed(self) -> None:
        values = [s.value() for s in self.spins]
        self.changed.emit(values[0] if len(values) == 1 else values)

    def set_value(self, value: Any) -> None:
        values = [value] * len(self.spins) if isinstance(value, int | float) else value
        if isinstance(values, list | tuple):
            for spin, v in zip(self.spins, values, strict=False):
                if isinstance(v, int | float) and not isinstance(v, bool):
                    spin.setValue(int(v))


class _LineEdit(_Editor):
    """A validated line edit: numbers in scientific notation (1e-5) or shapes like 28,28,1."""

    def __init__(
        self, shape: bool = False, minimum: float | None = None, maximum: float | None = None
    ) -> None:
        super().__init__()
        self.line, self._shape = QLineEdit(), shape
        if shape:
            pattern = QRegularExpression(r"^\s*\d+(\s*[,x]\s*\d+)*\s*$")
            self.line.setValidator(QRegularExpressionValidator(pattern, self.line))
            self.line.setPlaceholderText("28,28,1")
        else:
            validator = QDoubleValidator(self.line)
            locale = QLocale.c()
            locale.setNumberOptions(QLocale.NumberOption.RejectGroupSeparator)
            validator.setLocale(locale)
            validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
            validator.setBottom(-math.inf if minimum is None else minimum)
            validator.setTop(math.inf if maximum is None else maximum)
            self.line.setValidator(validator)
        self.row.addWidget(self.line)
        self.line.editingFinished.connect(self._on_line_editing_finished)

    def _on_line_editing_finished(self) -> None:
        text = self.line.text()
        if self._shape:
            self.changed.emit([int(v) for v in text.replace("x", ",").split(",") if v.strip()])
        else:
            with contextlib.suppress(ValueError):  # the validator lets only numbers finish
                self.changed.emit(float(text))

    def set_value(self, value: Any) -> None:
        if isinstance(value, list | tuple):
            self.line.setText(",".join(str(v) for v in value))
        elif isinstance(value, int | float) and not isinstance(value, bool) and not self._shape:
            self.line.setText(repr(float(value)))
        else:
            self.line.setText(str(value))


class _BoolEdit(_Editor):
    def __init__(self) -> None:
        super().__init__()
        self.check = QCheckBox()
        self.row.addWidget(self.check)
        self.check.toggled.connect(self.changed.emit)

    def set_value(self, value: Any) -> None:
        self.check.setChecked(bool(value))


class _ChoiceEdit(_Editor):
    """A combo box; an editable one also takes values like 'normal:0.02'."""

    def __init__(self, choices: list[str], editable: bool = False) -> None:
        super().__init__()
        self.combo = QComboBox()
        self.combo.addItems(choices)
        self.combo.setEditable(editable)
        self.row.addWidget(self.combo)
        if editable:
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.combo.textActivated.connect(self.changed.emit)
            line = self.combo.lineEdit()
            line.editingFinished.connect(lambda: self.changed.emit(line.text().strip()))
        else:
            self.combo.currentTextChanged.connect(self.changed.emit)

    def set_value(self, value: Any) -> None:
        if self.combo.findText(str(value)) < 0:
            self.combo.addItem(str(value))
        self.combo.setCurrentText(str(value))


class _PaddingEdit(_Editor):
    """'valid', 'same', or a number of pixels."""

    def __init__(self) -> None:
        super().__init__()
        self.combo = QComboBox()
        self.combo.addItems(["valid", "same", self.tr("pixels")])
        self.spin = QSpinBox()
        self.spin.setRange(0, 64)
        self.spin.setEnabled(False)
        self.row.addWidget(self.combo)
        self.row.addWidget(self.spin)
        self.combo.currentIndexChanged.connect(self._on_input_changed)
        self.spin.valueChanged.connect(self._on_input_changed)

    def _on_input_changed(self) -> None:
        pixels = self.combo.currentIndex() == 2
        self.spin.setEnabled(pixels)
        self.changed.emit(self.spin.value() if pixels else self.combo.currentText())

    def set_value(self, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            self.spin.setValue(value)
        self.combo.setCurrentIndex({"valid": 0, "same": 1}.get(value, 2))  # type: ignore[call-overload]
        self.spin.setEnabled(self.combo.currentIndex() == 2)


def _make_editor(p: ParamDef) -> _Editor:
    if p.type in ("int", "pair"):
        return _SpinsEdit(p.minimum, p.maximum, 1 if p.type == "int" else 2)
    if p.type == "float":
        return _LineEdit(minimum=p.minimum, maximum=p.maximum)
    if p.type == "bool":
        return _BoolEdit()
    if p.type in ("choice", "init"):
        return _ChoiceEdit(list(p.choices), editable=p.type == "init")
    if p.type == "padding":
        return _PaddingEdit()
    return _LineEdit(shape=True)

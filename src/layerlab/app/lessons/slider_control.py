"""One experiment parameter on a QSlider: name, slider and value; linear or logarithmic.

A QSlider moves in whole positions; the control maps them to the experiment's values: linear
sliders in ``step``s from ``minimum`` (rounded to the step's decimals, so 0.1 * 3 gives 0.3),
log sliders in LOG_POSITIONS equal ratios (3 significant digits). A slider whose minimum, maximum
and step are whole numbers gives ints (an experiment may use them as counts).
"""

from __future__ import annotations

import math
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from layerlab.lessons.experiments import Slider

LOG_POSITIONS = 120


def _decimals(x: float) -> int:
    return max(0, -int(Decimal(repr(float(x))).normalize().as_tuple().exponent))


def _significant(x: float, digits: int = 3) -> float:
    return float(f"{x:.{digits}g}") if x else 0.0


class SliderControl(QWidget):
    """Emits ``value_chosen(name, value)`` when the learner lets go (or steps with the keys)."""

    value_chosen = Signal(str, object)

    def __init__(self, spec: Slider, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.integer = not spec.log and all(
            float(v).is_integer() for v in (spec.minimum, spec.maximum, spec.step)
        )
        self._digits = max(_decimals(spec.step), _decimals(spec.minimum))
        if spec.log:
            self._positions = LOG_POSITIONS
        else:
            self._positions = max(1, round((spec.maximum - spec.minimum) / spec.step))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"slider_{spec.name}")
        self.slider.setRange(0, self._positions)
        self.slider.setPageStep(max(1, self._positions // 10))
        self.name_label = QLabel(spec.label or spec.name)
        self.value_label = QLabel()
        self.value_label.setMinimumWidth(60)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_label)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value_label)
        self.set_value(value)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.slider.sliderReleased.connect(self._emit)

    # ---- positions <-> values ---------------------------------------------------------------
    def value_at(self, position: int) -> float | int:
        s = self.spec
        if s.log:
            ratio = s.maximum / s.minimum
            return _significant(s.minimum * ratio ** (position / self._positions))
        v = round(s.minimum + position * s.step, self._digits)
        return round(v) if self.integer else v

    def position_of(self, value: float) -> int:
        s = self.spec
        if s.log:
            if value <= 0:
                return 0
            t = math.log(value / s.minimum) / math.log(s.maximum / s.minimum)
        else:
            t = (value - s.minimum) / (s.maximum - s.minimum) if s.maximum > s.minimum else 0.0
        return min(self._positions, max(0, round(t * self._positions)))

    def value(self) -> float | int:
        return self.value_at(self.slider.value())

    def set_value(self, value: float) -> None:
        """Move to ``value`` (the nearest position) without emitting value_chosen."""
        self.slider.blockSignals(True)
        self.slider.setValue(self.position_of(value))
        self.slider.blockSignals(False)
        self._show()

    # ---- slots --------------------------------------------------------------------------------
    def _show(self) -> None:
        self.value_label.setText(f"{self.value():g}")

    def _on_slider_value_changed(self, _: int) -> None:
        self._show()
        if not self.slider.isSliderDown():  # keys, wheel or a click on the groove
            self._emit()

    def _emit(self) -> None:
        self.value_chosen.emit(self.spec.name, self.value())

"""Pointing at a widget from a lesson step: ``(@train_button)`` raises the dock it lives in and
flashes a coloured frame over it for a moment.

A name is a dock's name ("curves", "lesson_figure") or a widget's objectName ("train_button",
"canvas"); docks are looked up first.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from layerlab.app.lessons.dock_access import enclosing_dock, find_dock, reveal

FLASH_MS = 1500
_TICK_MS = 100  # follows the target while docks settle, blinks
_MARGIN = 3


def resolve_pointer(window: QMainWindow, name: str) -> QWidget | None:
    """The dock or widget called ``name`` in ``window``, or None."""
    dock = find_dock(window, name)
    if dock is not None:
        return dock
    return window.findChild(QWidget, name)


class PointerFlash(QWidget):
    """A frame drawn over ``target`` (mouse clicks pass through) that blinks, then goes away."""

    def __init__(self, target: QWidget, duration_ms: int = FLASH_MS) -> None:
        super().__init__(target.window())
        from layerlab.app.views import style

        self.target = target
        self.colour = style.WARNING
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ticks_left = max(1, duration_ms // _TICK_MS)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(_TICK_MS)
        self._follow()
        self.show()
        self.raise_()

    def _follow(self) -> None:
        top = self.parentWidget()
        corner = self.target.mapTo(top, QPoint(0, 0))
        rect = QRect(corner, self.target.size()).adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        self.setGeometry(rect.intersected(top.rect()))

    def _tick(self) -> None:
        self._ticks_left -= 1
        if self._ticks_left <= 0:
            self._timer.stop()
            self.close()
            return
        self._follow()
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.colour
        if self._ticks_left % 4 < 2:  # blink: strong, faint, strong ...
            colour = colour.lighter(140)
        pen = QPen(colour, 2 * _MARGIN)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN), 4, 4)


def point_at(window: QMainWindow, name: str) -> PointerFlash | None:
    """Raise what ``name`` names (its dock first) and flash it; None when nothing has the name."""
    target = resolve_pointer(window, name)
    if target is None:
        return None
    dock = target if isinstance(target, QDockWidget) else enclosing_dock(target)
    if dock is not None:
        reveal(dock)
    return PointerFlash(target)

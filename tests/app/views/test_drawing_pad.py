"""DrawPad: mouse and tablet strokes inked with the pen width, pressure, and exact undo."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from layerlab.app.views.drawing_pad import DEFAULT_PEN, DrawPad


@pytest.fixture
def pad(qtbot):
    p = DrawPad()
    qtbot.addWidget(p)
    p.show()
    return p


def drag(widget, points):
    """Press at the first point, move through the others, release at the last."""
    pts = [QPoint(*p) for p in points]
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[0])
    for p in pts[1:]:
        QTest.mouseMove(widget, p)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[-1])


def ink_across(canvas, column):
    """The ink summed down one column: the stroke's width where it crosses horizontally."""
    return float(canvas[:, column].sum())


def test_mouse_stroke_inks_its_path_with_the_pen_width(pad):
    drag(pad, [(40, 100), (140, 100), (240, 100)])
    canvas = pad.canvas_array()
    assert canvas.dtype == np.float32 and canvas.shape == (280, 280)
    assert canvas[100, 40:241].min() == 1.0  # the whole path is inked
    assert ink_across(canvas, 140) == pytest.approx(DEFAULT_PEN, abs=0.5)
    assert canvas[100 + DEFAULT_PEN // 2 + 2 :].max() == 0.0  # nothing below the stroke
    assert canvas[:, : 40 - DEFAULT_PEN // 2 - 2].max() == 0.0  # nor left of its round cap
    assert len(pad.strokes) == 1 and pad.strokes[0][:, :2].tolist()[-1] == [240, 100]
    pad.pen_width = 10.0
    drag(pad, [(40, 200), (240, 200)])
    assert ink_across(pad.canvas_array()[150:], 140) == pytest.approx(10, abs=0.5)


def test_tablet_pressure_scales_the_pen_and_the_event_is_accepted(pad):
    device = QPointingDevice.primaryPointingDevice()
    nomod, left = Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton

    def tablet(kind, x, y, pressure):
        p = QPointF(x, y)
        ev = QTabletEvent(kind, device, p, p, pressure, 0, 0, 0, 0, 0, nomod, left, left)
        ev.setAccepted(False)
        QApplication.sendEvent(pad, ev)
        return ev.isAccepted()

    T = QTabletEvent.Type
    assert tablet(T.TabletPress, 40, 100, 1.0)
    assert tablet(T.TabletMove, 240, 100, 1.0)
    assert tablet(T.TabletRelease, 240, 100, 0.0)
    assert ink_across(pad.canvas_array(), 140) == pytest.approx(1.2 * DEFAULT_PEN, abs=0.5)
    pad.clear()
    tablet(T.TabletPress, 40, 100, 0.0)
    tablet(T.TabletMove, 240, 100, 0.0)
    tablet(T.TabletRelease, 240, 100, 0.0)
    assert ink_across(pad.canvas_array(), 140) == pytest.approx(0.8 * DEFAULT_PEN, abs=0.5)


def test_undo_removes_the_last_stroke_exactly(pad):
    pad.add_stroke([[60, 60], [140, 200], [220, 60]])
    first = pad.canvas_array()
    drag(pad, [(40, 150), (120, 140), (240, 150)])  # crosses the first stroke
    assert not np.array_equal(pad.canvas_array(), first)
    pad.undo_stroke()
    np.testing.assert_array_equal(pad.canvas_array(), first)
    pad.undo_stroke()
    assert not pad.canvas_array().any() and pad.is_empty
    pad.undo_stroke()  # nothing left: no error


def test_the_draw_pad_module_still_exports_the_pad():
    from layerlab.app.views import draw_pad

    assert draw_pad.DrawPad is DrawPad and draw_pad.DEFAULT_PEN == DEFAULT_PEN

"""The lesson figure view: runs the lesson's experiment off the GUI thread, draws it, reruns
on slider moves (newest request wins), checks the lesson's claims against the run."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from layerlab.app.lessons.dock_access import dock_view, find_dock
from layerlab.app.views.lesson_figure import LessonFigureView
from layerlab.lessons.catalog import load_catalog


@pytest.fixture
def view(qtbot, line_experiment):
    v = LessonFigureView()
    qtbot.addWidget(v)
    v.resize(1000, 420)
    v.show()
    yield v
    v.runner.wait(5)


@pytest.fixture
def lesson(lesson_folder):
    return load_catalog(lesson_folder).by_id("xor_setup")


def _drawn_y(view):
    """The first curve's y values."""
    curves = [i for i in view.canvas.plots[0].items if isinstance(i, pg.PlotDataItem)]
    return curves[0].yData


def _wait_done(qtbot, view):
    qtbot.waitUntil(lambda: not view.runner.busy, timeout=10_000)


def test_opening_a_lesson_runs_its_figure_and_checks_its_claims(qtbot, view, lesson):
    view.show_lesson(lesson)
    assert view.status.text() == "running..."
    _wait_done(qtbot, view)
    np.testing.assert_array_equal(_drawn_y(view), [0.0, 2.0, 4.0, 6.0])  # slope 2 from the lesson
    assert view.canvas.caption.text() == "a = 2"
    claims = view.claims.text()
    assert "✓</span> end = 6 (expected ≈ 6 ± 1e-09)" in claims
    assert "✗</span> slope = 2 (expected &lt; 1)" in claims
    assert view.status.text().startswith("done in")
    assert view.sliders["slope"].value() == 2.0


def test_a_slider_reruns_the_experiment_with_its_value(qtbot, view, lesson, line_experiment):
    view.show_lesson(lesson)
    _wait_done(qtbot, view)
    control = view.sliders["slope"]
    control.slider.setValue(control.position_of(3.5))  # keys or a click on the groove
    _wait_done(qtbot, view)
    assert line_experiment[-1]["slope"] == 3.5
    np.testing.assert_array_equal(_drawn_y(view), [0.0, 3.5, 7.0, 10.5])
    assert view.claims.text() == "This run: slope = 3.5, end = 10.5"  # the claims need slope 2
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)  # back to the lesson's values
    _wait_done(qtbot, view)
    assert line_experiment[-1]["slope"] == 2.0 and control.value() == 2.0
    assert "✓" in view.claims.text()


def test_only_the_newest_request_is_drawn(qtbot, view, lesson, line_experiment):
    view.show_lesson(lesson)
    _wait_done(qtbot, view)
    delivered = []
    view.runner.finished.connect(lambda ticket, *_: delivered.append(ticket))
    view.set_slider("delay", 0.3)  # runs now, slowly
    view.set_slider("slope", 1.0)  # waits
    last = view.set_slider("slope", 4.0)  # replaces the waiting one
    qtbot.wait(50)
    assert view.status.text() == "running..."  # and the event loop keeps turning
    _wait_done(qtbot, view)
    assert delivered == [last]
    assert [c["slope"] for c in line_experiment[-2:]] == [2.0, 4.0]  # slope 1 never ran
    np.testing.assert_array_equal(_drawn_y(view), [0.0, 4.0, 8.0, 12.0])


def test_a_failing_experiment_is_reported_in_the_view(qtbot, view, lesson):
    view.show_lesson(lesson)
    _wait_done(qtbot, view)
    view.set_slider("fail", True)
    _wait_done(qtbot, view)
    assert "the test experiment was asked to fail" in view.status.text()
    np.testing.assert_array_equal(_drawn_y(view), [0.0, 2.0, 4.0, 6.0])  # the last good figure


def test_repeated_sigmoid_opens_from_the_browser_with_its_claims_met(
    qtbot, shipped_browser, window
):
    assert shipped_browser.open_lesson("repeated_sigmoid")
    view = dock_view(find_dock(window, "lesson_figure"))
    _wait_done(qtbot, view)
    y = _drawn_y(view)
    np.testing.assert_allclose(y[:4], [2.0, 0.8808, 0.7070, 0.6697], atol=5e-5)
    claims = view.claims.text()
    assert claims.count("✓") == 5 and "✗" not in claims


def test_another_lesson_replaces_the_sliders_and_figure(qtbot, view, lesson, lesson_folder):
    from layerlab.app.lessons.slider_control import SliderControl

    view.show_lesson(lesson)
    _wait_done(qtbot, view)
    qtbot.waitUntil(lambda: [c.isVisible() for c in view.findChildren(SliderControl)] == [True])
    view.show_lesson(load_catalog(lesson_folder).by_id("inline"))  # no [figure]
    assert view.sliders == {} and view.canvas.plots == []
    assert all(c.isHidden() for c in view.findChildren(SliderControl))
    assert view.status.text() == "This lesson has no figure." and not view.run_button.isEnabled()

"""Slider positions <-> experiment values: exact decimal steps, whole numbers, log scale."""

from layerlab.app.lessons.slider_control import LOG_POSITIONS, SliderControl
from layerlab.lessons.experiments import Slider


def _control(qtbot, spec, value):
    c = SliderControl(spec, value)
    qtbot.addWidget(c)
    return c


def test_decimal_steps_give_exact_values(qtbot):
    c = _control(qtbot, Slider("lr", "lr", 0.0, 1.0, 0.1, 0.5), 0.5)
    assert c.slider.maximum() == 10 and c.slider.value() == 5
    assert c.value_at(3) == 0.3  # not 0.30000000000000004
    assert c.value_label.text() == "0.5"


def test_whole_number_sliders_give_ints(qtbot):
    c = _control(qtbot, Slider("layers", "layers", 1, 10, 1, 3), 3)
    assert c.value() == 3 and isinstance(c.value(), int)
    assert c.value_at(9) == 10


def test_log_slider_spans_decades_evenly(qtbot):
    c = _control(qtbot, Slider("lr", "lr", 1e-4, 1.0, 0.0, 1e-2, log=True), 1e-2)
    assert c.slider.maximum() == LOG_POSITIONS
    assert c.slider.value() == LOG_POSITIONS // 2  # 1e-2 is halfway between 1e-4 and 1
    assert c.value_at(0) == 1e-4 and c.value_at(LOG_POSITIONS) == 1.0
    assert c.value_at(LOG_POSITIONS // 4) == 0.001


def test_moving_emits_the_value_once_released(qtbot):
    c = _control(qtbot, Slider("a", "a", 0.0, 2.0, 0.5, 1.0), 1.0)
    chosen = []
    c.value_chosen.connect(lambda name, v: chosen.append((name, v)))
    c.set_value(2.0)  # programmatic: silent
    assert chosen == [] and c.value_label.text() == "2"
    c.slider.setSliderDown(True)
    c.slider.setValue(1)  # dragging: the label follows, no run yet
    assert chosen == [] and c.value_label.text() == "0.5"
    c.slider.setSliderDown(False)  # released
    assert chosen == [("a", 0.5)]

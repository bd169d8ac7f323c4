"""DecadeAxis: log axes label powers of ten (and 2x, 5x within one decade), never crowd."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from layerlab.app.views.log_axis import DecadeAxis, labelled


def test_minor_ticks_are_labelled_only_at_powers_of_ten_over_two_decades() -> None:
    ticks = np.log10([2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2])
    assert labelled(ticks, 2, major_level=False).tolist() == [0, 0, 1, 0, 0, 0, 1]
    assert labelled(ticks, 1, major_level=False).tolist() == [1, 1, 1, 1, 0, 1, 1]
    assert labelled(ticks, 0, major_level=True).all()


def _labels(qtbot, lo: float, hi: float) -> list[str]:
    widget = pg.PlotWidget(axisItems={"left": DecadeAxis("left")})
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    widget.setLogMode(y=True)
    widget.plot(np.arange(50.0), np.geomspace(lo, hi, 50))
    widget.show()
    qtbot.waitExposed(widget)
    axis = widget.getAxis("left")
    qtbot.waitUntil(lambda: axis.range[0] < np.log10(lo) < np.log10(hi) < axis.range[1])
    lo_view, hi_view = axis.range
    out = []
    for spacing, values in axis.tickValues(lo_view, hi_view, axis.height()):
        out += axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
    return out


@pytest.mark.parametrize(
    ("lo", "hi", "want"),
    [(6e-4, 1.2e-2, {"0.001", "0.01"}), (2e-3, 8e-3, {"0.002", "0.005"})],
)
def test_a_plot_over_one_or_two_decades_has_few_labels(qtbot, lo, hi, want) -> None:
    assert set(_labels(qtbot, lo, hi)) - {""} == want

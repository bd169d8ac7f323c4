"""legend_corner: a lesson figure's legend goes where it covers the least data."""

from __future__ import annotations

import numpy as np

from layerlab.app.lessons.legend_place import legend_corner
from layerlab.lessons.figure import Bars, Line, Panel, Points


def test_a_rising_line_leaves_the_top_left_free() -> None:
    panel = Panel(items=[Line(np.array([0.0, 1.0]), np.array([0.0, 1.0]), label="rising")])
    assert legend_corner(panel, ["rising"]) == "top left"  # its two vertices alone would not


def test_a_falling_curve_keeps_the_legend_top_right() -> None:
    x = np.linspace(0, 5, 50)
    panel = Panel(items=[Line(x, np.exp(-x), label="loss")])
    assert legend_corner(panel, ["loss"]) == "top right"


def test_points_crowding_the_top_push_it_down() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, 500)
    y = np.where(rng.uniform(size=500) < 0.9, rng.uniform(0.6, 1.0, 500), rng.uniform(0, 1, 500))
    y[(x > 0.5) & (y < 0.4)] = 0.8  # the bottom right stays empty
    panel = Panel(items=[Points(x, y, label="samples")])
    assert legend_corner(panel, ["samples"]) == "bottom right"


def test_tall_bars_on_the_right_send_it_left() -> None:
    panel = Panel(items=[Bars(list("abcde"), np.array([0.1, 0.2, 0.3, 0.9, 1.0]), label="v")])
    assert legend_corner(panel, ["v"]) == "top left"


def test_log_axes_are_measured_in_log_units() -> None:
    x = np.arange(1.0, 101.0)
    y = 10.0 ** (-x / 10)  # falls by ten decades: on a log axis a straight line down
    panel = Panel(items=[Line(x, y, label="norm")], log_y=True)
    assert legend_corner(panel, ["norm"]) == "top right"
    linear = Panel(items=[Line(x, y, label="norm")])
    assert legend_corner(linear, ["norm"]) == "top right"


def test_nothing_to_cover_is_the_usual_top_right() -> None:
    assert legend_corner(Panel(), []) == "top right"


def test_a_given_range_counts_and_on_a_log_axis_in_decades() -> None:
    x = np.arange(1.0, 11.0)
    panel = Panel(items=[Line(x, 10.0**x, label="g")], log_y=True, y_range=(1.0, 1e20))
    # in view the line fills the lower half only: the top corners are both free
    assert legend_corner(panel, ["g"]) == "top right"
    panel = Panel(items=[Line(x, 10.0**x, label="g")], log_y=True, y_range=(1e5, 1e10))
    assert legend_corner(panel, ["g"]) == "top left"  # the line leaves through the top right


def test_a_line_on_a_log_axis_is_followed_as_drawn() -> None:
    """A peak [1e-6, 1, 1e-6] on a log axis is drawn as a tent: it ends in both bottom
    corners and leaves the top ones empty. Sampled in linear units the samples would crowd
    the top, and the legend would go to the bottom right, onto the line's end."""
    panel = Panel(
        items=[Line(np.array([0.0, 1.0, 2.0]), np.array([1e-6, 1.0, 1e-6]), label="peak")],
        log_y=True,
    )
    assert legend_corner(panel, ["peak"]) == "top right"

"""Figure -> pyqtgraph: every item kind becomes the pyqtgraph item with the figure's data."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from layerlab.app.lessons.figure_render import PALETTE, FigureCanvas, image_levels
from layerlab.app.views import style
from layerlab.lessons.figure import (
    Bars,
    Figure,
    Histogram,
    Image,
    Line,
    Marker,
    Panel,
    Points,
    Region,
    Text,
)

X = np.array([1.0, 2.0, 3.0, 4.0])


@pytest.fixture
def canvas(qtbot):
    c = FigureCanvas()
    qtbot.addWidget(c)
    c.resize(900, 600)
    c.show()
    return c


def _of(plot, kind):
    return [i for i in plot.items if type(i) is kind]


def test_lines_solid_dashed_and_dots_with_palette_colours_and_legend(canvas):
    fig = Figure(
        [
            Panel(
                "curves",
                [
                    Line(X, X**2, "square"),
                    Line(X, 2 * X, "double", "dashed"),
                    Line(X, X, "", "dots", colour=4),
                ],
                "x",
                "y",
            )
        ],
        columns=1,
        caption="three lines",
    )
    (plot,) = canvas.show_figure(fig)
    solid, dashed, dots = _of(plot, pg.PlotDataItem)
    np.testing.assert_array_equal(solid.xData, X)
    np.testing.assert_array_equal(solid.yData, X**2)
    assert solid.opts["pen"].color() == PALETTE[0]
    assert dashed.opts["pen"].style() == Qt.PenStyle.DashLine
    assert dashed.opts["pen"].color() == PALETTE[1]
    assert dots.opts["pen"] is None and dots.opts["symbol"] == "o"
    assert pg.mkBrush(dots.opts["symbolBrush"]).color() == PALETTE[4]
    assert [label.text for _, label in plot.legend.items] == ["square", "double"]
    assert plot.titleLabel.text == "curves"
    assert plot.getAxis("bottom").labelText == "x"
    assert canvas.caption.text() == "three lines" and canvas.caption.isVisibleTo(canvas)


def test_points_are_coloured_by_class(canvas):
    classes = np.array([0, 1, 1, 0, 2])
    fig = Figure([Panel("data", [Points(np.arange(5.0), np.ones(5), classes, "xor")])])
    (plot,) = canvas.show_figure(fig)
    (scatter,) = _of(plot, pg.ScatterPlotItem)
    np.testing.assert_array_equal(scatter.data["x"], np.arange(5.0))
    colours = [b.color().name() for b in scatter.data["brush"]]
    assert colours == [PALETTE[int(k)].name() for k in classes]


def test_bars_with_category_ticks_highlight_and_grouping(canvas):
    fig = Figure(
        [
            Panel(
                "optimizers",
                [
                    Bars(["sgd", "adam", "rmsprop"], np.array([3.0, 1.0, 2.0]), "loss", 1),
                    Bars(["sgd", "adam", "rmsprop"], np.array([2.0, 0.5, 1.0]), "val"),
                ],
            )
        ]
    )
    (plot,) = canvas.show_figure(fig)
    first, second = _of(plot, pg.BarGraphItem)
    np.testing.assert_array_equal(first.opts["height"], [3.0, 1.0, 2.0])
    np.testing.assert_allclose(first.opts["x"], [-0.2, 0.8, 1.8])  # two groups of 0.4
    np.testing.assert_allclose(second.opts["x"], [0.2, 1.2, 2.2])
    brushes = [b.color() for b in first.opts["brushes"]]
    assert brushes[1] == style.WARNING and brushes[0] == PALETTE[0]
    ticks = plot.getAxis("bottom")._tickLevels
    assert ticks == [[(0, "sgd"), (1, "adam"), (2, "rmsprop")]]


def test_image_without_extent_has_row_zero_at_the_top_and_fixed_levels(canvas):
    data = np.arange(6, dtype=np.float32).reshape(2, 3)
    fig = Figure(
        [Panel("kernel", [Image(data, levels=(0.0, 10.0), label="w"), Text(0.5, 0.5, "0")])]
    )
    (plot,) = canvas.show_figure(fig)
    (img,) = _of(plot, pg.ImageItem)
    np.testing.assert_array_equal(img.image, data)
    np.testing.assert_array_equal(img.levels, [0.0, 10.0])
    assert plot.getViewBox().yInverted()  # row 0 at the top, cells at (col, row)
    assert img.mapRectToParent(img.boundingRect()).getRect() == (0.0, 0.0, 3.0, 2.0)
    np.testing.assert_array_equal(img.lut, style.lut("sequential"))
    assert plot.titleLabel.text == "kernel - w"
    (text,) = _of(plot, pg.TextItem)
    assert text.textItem.toPlainText() == "0" and (text.pos().x(), text.pos().y()) == (0.5, 0.5)


def test_diverging_image_placed_at_its_extent(canvas):
    data = np.array([[-2.0, 0.0], [1.0, 4.0]])
    item = Image(data, diverging=True, extent=(-1.0, 1.0, 0.0, 2.0))
    assert image_levels(item) == (-4.0, 4.0)  # symmetric about zero
    (plot,) = canvas.show_figure(Figure([Panel("map", [item])]))
    (img,) = _of(plot, pg.ImageItem)
    np.testing.assert_array_equal(img.image, data[::-1])  # row 0 along y1, the top
    assert img.mapRectToParent(img.boundingRect()).getRect() == (-1.0, 0.0, 2.0, 2.0)
    np.testing.assert_array_equal(img.lut, style.lut("diverging"))
    assert not plot.getViewBox().yInverted()


def test_histogram_is_a_step_curve_of_the_counts(canvas):
    values = np.array([0.0, 0.1, 0.2, 0.9, 1.0, np.nan])
    (plot,) = canvas.show_figure(Figure([Panel("h", [Histogram(values, bins=2, label="w")])]))
    (curve,) = _of(plot, pg.PlotDataItem)
    np.testing.assert_array_equal(curve.xData, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(curve.yData, [3.0, 2.0])  # the NaN is left out
    assert curve.opts["stepMode"] == "center"


def test_region_marker_and_log_axes_in_data_units(canvas):
    panel = Panel(
        "lr",
        [
            Line(np.array([1e-4, 1e-2, 1.0]), np.array([1.0, 0.1, 10.0]), "loss"),
            Region(1e-3, 1e-1, "good", "vertical"),
            Marker(0.1, "best {lr}", "horizontal"),
        ],
        log_x=True,
        log_y=True,
        x_range=(1e-4, 1.0),
        y_range=(0.01, 100.0),
    )
    (plot,) = canvas.show_figure(Figure([panel]))
    (region,) = _of(plot, pg.LinearRegionItem)
    assert region.getRegion() == pytest.approx((-3.0, -1.0))
    assert not region.movable
    (marker,) = _of(plot, pg.InfiniteLine)
    assert marker.value() == pytest.approx(-1.0) and marker.angle == 0
    assert marker.label.toPlainText() == "best {lr}"  # braces kept literally
    assert plot.ctrl.logXCheck.isChecked() and plot.ctrl.logYCheck.isChecked()
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    assert (x0, x1, y0, y1) == pytest.approx((-4.0, 0.0, -2.0, 2.0))


def test_panels_fill_the_columns_and_aspect_lock(canvas):
    panels = [Panel(f"p{i}", [Line(X, X)], aspect_locked=i == 2, legend=False) for i in range(3)]
    plots = canvas.show_figure(Figure(panels, columns=2, caption=""))
    cells = [canvas.graphics.ci.items[p][0][:2] for p in plots]
    assert cells == [(0, 0), (0, 1), (1, 0)]
    assert plots[2].getViewBox().state["aspectLocked"] == 1.0
    assert not plots[0].getViewBox().state["aspectLocked"]
    assert plots[0].legend is None
    assert not canvas.caption.isVisibleTo(canvas)
    canvas.show_figure(Figure([Panel("again", [Line(X, X)])]))
    assert len(canvas.graphics.ci.items) == 1  # the old panels are gone


def test_long_titles_do_not_widen_the_grid(canvas, qtbot):
    title = "a very long title that would be wider than one column of a narrow dock " * 2
    plots = canvas.show_figure(Figure([Panel(title, [Line(X, X)]) for _ in range(3)], columns=3))
    for width in (900, 750):  # as shown, then narrower
        canvas.resize(width, 300)
        qtbot.wait(20)
        right = max(p.mapRectToScene(p.boundingRect()).right() for p in plots)
        assert right <= canvas.graphics.width() + 1
    assert plots[0].titleLabel.text.endswith("…") and plots[0].titleLabel.toolTip() == title


def test_a_reused_plot_forgets_the_previous_figure(canvas):
    busy = Panel(
        "busy",
        [Image(np.eye(2)), Bars(["a", "b"], np.ones(2), "n"), Line(X, X, "l")],
        log_x=True,
        aspect_locked=True,
    )
    (first,) = canvas.show_figure(Figure([busy]))
    (plot,) = canvas.show_figure(Figure([Panel("", [Line(X, -X)], legend=False)]))
    assert plot is first  # reused, not rebuilt
    assert [type(i) for i in plot.items] == [pg.PlotDataItem]
    box = plot.getViewBox()
    assert not box.yInverted() and not box.state["aspectLocked"]
    assert not plot.ctrl.logXCheck.isChecked()
    assert not plot.legend.isVisible() and plot.legend.items == []
    assert plot.getAxis("bottom")._tickLevels is None
    assert not plot.titleLabel.isVisible()

"""Drawing a lesson Figure (layerlab.lessons.figure) with pyqtgraph: one PlotItem per Panel in
a grid of ``columns`` columns, and the caption under the plots.

Conventions: an Image without ``extent`` is drawn pixel by pixel with row 0 at the top (the
panel's y axis points down, so Text at (column + 0.5, row + 0.5) sits on a cell); an Image with
``extent`` (x0, x1, y0, y1) fills that rectangle of the data plane, row 0 along y1 (the top).
Markers, regions, texts and ranges are given in data units, also on log axes."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from layerlab.app.lessons.legend_place import CORNERS, legend_corner
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

# Line and class colours, in order (Line.colour and Points.classes index this).
PALETTE: tuple[QColor, ...] = (
    style.CURVE_COLOURS["train_loss"],
    style.CURVE_COLOURS["val_loss"],
    style.CURVE_COLOURS["train_accuracy"],
    style.CURVE_COLOURS["val_accuracy"],
    style.CATEGORY_COLOURS["Convolution"],
    style.CURVE_COLOURS["smoothed"],
    style.CURVE_COLOURS["lr"],
)
TITLE_MARGIN = 80  # pixels of a column a title leaves free (the y axis, spacing)
BAR_WIDTH = 0.8  # of one category's slot, shared by the Bars items of a panel
_STYLES = {"solid": Qt.PenStyle.SolidLine, "dashed": Qt.PenStyle.DashLine}


def colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def _log(value: float, log: bool) -> float:
    """A data value in the axis' coordinates (log10 on a log axis)."""
    if not log:
        return float(value)
    return math.log10(value) if value > 0 else float("nan")


def _escape(label: str) -> str:
    """InfiniteLine labels are format strings: keep braces literal."""
    return label.replace("{", "{{").replace("}", "}}")


class FigureCanvas(QWidget):
    """A GraphicsLayoutWidget showing one Figure at a time, with its caption underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(style.PLOT_BACKGROUND)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption.setFont(style.mono_font())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.caption)
        self.plots: list[pg.PlotItem] = []  # the drawn figure's, one per panel
        self._pool: list[pg.PlotItem] = []  # every PlotItem made (70 ms each): reused
        self._columns = 1
        self.graphics.installEventFilter(self)

    def show_figure(self, figure: Figure) -> list[pg.PlotItem]:
        """Replace what is drawn by ``figure``; returns its PlotItems, one per panel."""
        self.clear()
        self._columns = columns = max(1, figure.columns)
        for i, panel in enumerate(figure.panels):
            if i < len(self._pool):
                plot = self._pool[i]
                _reset(plot)
            else:
                plot = pg.PlotItem()
                plot.setMenuEnabled(False)
                self._pool.append(plot)
            draw_panel(plot, panel)
            self._fit_title(plot)  # before the layout takes its width as a minimum
            self.graphics.addItem(plot, row=i // columns, col=i % columns)
            self.plots.append(plot)
        self.graphics.ci.setGeometry(QRectF(self.graphics.rect()))  # lay out at the view's size
        self.caption.setText(figure.caption)
        self.caption.setVisible(bool(figure.caption))
        return self.plots

    def _fit_title(self, plot: pg.PlotItem) -> None:
        """Elide a title to its column: pyqtgraph makes a title's width the plot's minimum
        width, and a long one would push the grid wider than the dock (cutting a column)."""
        full = plot.titleLabel.toolTip()  # the whole title (see draw_panel)
        if full and plot.titleLabel.isVisible():
            width = max(40, self.graphics.width() // self._columns - TITLE_MARGIN)
            metrics = QFontMetrics(_title_font(plot))
            shown = metrics.elidedText(full, Qt.TextElideMode.ElideRight, width)
            if shown != plot.titleLabel.text:
                plot.titleLabel.setText(shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.graphics and event.type() == QEvent.Type.Resize:
            for plot in self.plots:  # before the view lays the plots out at its new size
                self._fit_title(plot)
        return False

    def clear(self) -> None:
        for plot in self.plots:
            self.graphics.removeItem(plot)
        self.plots = []
        self.caption.clear()


def _title_font(plot: pg.PlotItem) -> QFont:
    """The font a title is drawn in (LabelItem sets its size in an HTML style, e.g. 11pt)."""
    font = QFont(plot.titleLabel.item.font())
    size = str(plot.titleLabel.opts.get("size", ""))
    if size.endswith("pt"):
        font.setPointSizeF(float(size[:-2]))
    elif size.endswith("px"):
        font.setPixelSize(round(float(size[:-2])))
    return font


def _reset(plot: pg.PlotItem) -> None:
    """A used PlotItem as good as new: no items, linear axes, auto range, no title."""
    plot.clear()
    if plot.legend is not None:
        plot.legend.clear()
        plot.legend.setVisible(False)
    plot.setLogMode(x=False, y=False)
    box = plot.getViewBox()
    box.invertY(False)
    box.setAspectLocked(False)
    plot.getAxis("bottom").setTicks(None)
    plot.setTitle(None)
    plot.titleLabel.setToolTip("")
    plot.enableAutoRange()


def draw_panel(plot: pg.PlotItem, panel: Panel) -> None:
    """Axes, legend, then every item of ``panel`` in order."""
    images = [it for it in panel.items if isinstance(it, Image)]
    title = " - ".join(t for t in [panel.title, *(im.label for im in images)] if t)
    if title:
        plot.setTitle(title)
        plot.titleLabel.setToolTip(title)
    plot.setLabel("bottom", panel.x_label)
    plot.setLabel("left", panel.y_label)
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.setLogMode(x=panel.log_x, y=panel.log_y)
    legend = None
    labels = [it.label for it in panel.items if _in_legend(it) and getattr(it, "label", "")]
    if panel.legend and labels:
        corner = CORNERS[legend_corner(panel, labels)]  # where it covers the least data
        legend = plot.addLegend(
            offset=corner,
            brush=style.brush(style.PLOT_BACKGROUND, 200),
            labelTextColor=style.TEXT,
            labelTextSize="8pt",  # small panels: a compact legend hides less
            verSpacing=-6,
        )
        legend.setOffset(corner)  # (a plot drawn again keeps its legend item)
        legend.setVisible(True)
    if any(im.extent is None for im in images):
        plot.getViewBox().invertY(True)
    next_colour = 0
    bars = [it for it in panel.items if isinstance(it, Bars)]
    for item in panel.items:
        if isinstance(item, Line | Histogram) and item.colour is None:
            c, next_colour = colour(next_colour), next_colour + 1
        else:
            c = colour(getattr(item, "colour", None) or 0)
        graphic = _graphic(item, c, panel, bars)
        plot.addItem(graphic, ignoreBounds=isinstance(item, Marker | Region))
        if legend is not None and _in_legend(item) and item.label:
            legend.addItem(graphic, item.label)
    if bars:
        labels = bars[0].labels
        plot.getAxis("bottom").setTicks([[(i, str(t)) for i, t in enumerate(labels)]])
    if panel.x_range is not None:
        lo, hi = (_log(v, panel.log_x) for v in panel.x_range)
        plot.setXRange(lo, hi, padding=0)
    if panel.y_range is not None:
        lo, hi = (_log(v, panel.log_y) for v in panel.y_range)
        plot.setYRange(lo, hi, padding=0)
    if panel.aspect_locked:
        plot.setAspectLocked(True, ratio=1.0)


def _in_legend(item: object) -> bool:
    return isinstance(item, Line | Points | Bars | Histogram)


def _graphic(item: object, c: QColor, panel: Panel, bars: list[Bars]) -> pg.GraphicsObject:
    if isinstance(item, Line):
        return _line(item, c)
    if isinstance(item, Points):
        return _points(item)
    if isinstance(item, Bars):
        index = next(i for i, b in enumerate(bars) if b is item)  # == compares arrays
        return _bars(item, index, len(bars))
    if isinstance(item, Image):
        return _image(item)
    if isinstance(item, Histogram):
        return _histogram(item, c)
    if isinstance(item, Region):
        return _region(item, panel)
    if isinstance(item, Marker):
        return _marker(item, panel)
    if isinstance(item, Text):
        text = pg.TextItem(item.text, color=style.TEXT, anchor=(0.5, 0.5))
        text.setPos(_log(item.x, panel.log_x), _log(item.y, panel.log_y))
        return text
    raise TypeError(f"a figure cannot draw {type(item).__name__}")


def _xy(item: Line | Points) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(item.x, dtype=np.float64), np.asarray(item.y, dtype=np.float64)


def _line(item: Line, c: QColor) -> pg.PlotDataItem:
    x, y = _xy(item)
    if item.style == "dots":
        return pg.PlotDataItem(
            x, y, pen=None, symbol="o", symbolSize=6, symbolPen=None, symbolBrush=style.brush(c)
        )
    p = style.pen(c, item.width)
    p.setStyle(_STYLES.get(item.style, Qt.PenStyle.SolidLine))
    return pg.PlotDataItem(x, y, pen=p)


def _points(item: Points) -> pg.ScatterPlotItem:
    x, y = _xy(item)
    classes = np.zeros(x.size, np.int64) if item.classes is None else np.asarray(item.classes)
    brushes = [style.brush(c, 220) for c in PALETTE]
    per_point = np.array([brushes[int(k) % len(brushes)] for k in classes.ravel()], dtype=object)
    scatter = pg.ScatterPlotItem(
        x=x, y=y, size=item.size, pen=pg.mkPen(style.PLOT_BACKGROUND, width=0.5), brush=per_point
    )
    scatter.opts["brush"] = brushes[0]  # the legend's sample
    return scatter


def _bars(item: Bars, index: int, count: int) -> pg.BarGraphItem:
    width = BAR_WIDTH / count
    x = np.arange(len(item.labels), dtype=np.float64) + (index - (count - 1) / 2) * width
    base = colour(index)
    brushes = [style.brush(base) for _ in item.labels]
    if item.highlight is not None and 0 <= item.highlight < len(brushes):
        brushes[item.highlight] = style.brush(style.WARNING)
    return pg.BarGraphItem(
        x=x,
        height=np.asarray(item.values, dtype=np.float64),
        width=width * 0.9,
        brush=style.brush(base),
        brushes=brushes,
        pen=pg.mkPen(style.PLOT_FOREGROUND, width=0.5),
    )


def image_levels(item: Image) -> tuple[float, float]:
    """The image's colour range: given, symmetric about 0 when diverging, else min..max."""
    if item.levels is not None:
        return float(item.levels[0]), float(item.levels[1])
    data = np.asarray(item.data, dtype=np.float64)
    finite = data[np.isfinite(data)]
    if finite.size == 0:
        return -1.0, 1.0
    if item.diverging:
        m = float(np.abs(finite).max()) or 1.0
        return -m, m
    lo, hi = float(finite.min()), float(finite.max())
    return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)


def _image(item: Image) -> pg.ImageItem:
    lo, hi = image_levels(item)
    data = np.nan_to_num(np.asarray(item.data, dtype=np.float32), nan=lo, posinf=hi, neginf=lo)
    if item.extent is not None:
        data = data[::-1]  # row 0 at the top of the extent
    data = np.ascontiguousarray(data)
    img = pg.ImageItem(axisOrder="row-major")
    img.setImage(
        data, levels=(lo, hi), lut=style.lut("diverging" if item.diverging else "sequential")
    )
    h, w = data.shape[:2]
    if item.extent is not None:
        x0, x1, y0, y1 = item.extent
        img.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    else:
        img.setRect(QRectF(0, 0, w, h))
    return img


def _histogram(item: Histogram, c: QColor) -> pg.PlotDataItem:
    values = np.asarray(item.values, dtype=np.float64).ravel()
    values = values[np.isfinite(values)]
    counts, edges = np.histogram(values, bins=max(1, item.bins))
    return pg.PlotDataItem(
        edges,
        counts.astype(np.float64),
        stepMode="center",
        fillLevel=0,
        fillBrush=style.brush(c, 60),
        pen=style.pen(c, 1.5),
    )


def _region(item: Region, panel: Panel) -> pg.LinearRegionItem:
    log = panel.log_x if item.orientation == "vertical" else panel.log_y
    region = pg.LinearRegionItem(
        values=(_log(item.start, log), _log(item.end, log)),
        orientation=item.orientation,
        brush=style.brush(style.MUTED, 45),
        pen=pg.mkPen(None),
        movable=False,
    )
    if item.label:
        pg.InfLineLabel(
            region.lines[0], _escape(item.label), position=0.92, color=style.TEXT, anchors=None
        )
    return region


def _marker(item: Marker, panel: Panel) -> pg.InfiniteLine:
    vertical = item.orientation == "vertical"
    value = _log(item.value, panel.log_x if vertical else panel.log_y)
    p = style.pen(style.PLOT_FOREGROUND, 1.2)
    p.setStyle(Qt.PenStyle.DashLine)
    return pg.InfiniteLine(
        pos=value,
        angle=90 if vertical else 0,
        pen=p,
        movable=False,
        label=_escape(item.label) or None,
        labelOpts={
            "position": 0.9 if vertical else 0.12,
            "color": style.TEXT,
            "fill": style.brush(style.PLOT_BACKGROUND, 200),
        },
    )

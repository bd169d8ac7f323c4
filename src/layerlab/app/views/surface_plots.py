"""SurfacePlots: one grid as a 3-D mesh and a 2-D contour map, with paths drawn on both.

Grids are indexed ``[i, j]`` at ``(xs[j], ys[i])`` (rows follow y, as images). The 3-D scene
lives in a box: x and y scaled into [-1, 1] (aspect kept), heights into [0, 1] by the levels.
The 3-D items (and pyqtgraph.opengl, ~150 ms to import) are made on first show, and the 3-D
view (pyqtgraph's GLViewWidget code in a native QOpenGLWindow, see GLViewWindow) only where the
platform can make an OpenGL context.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QOpenGLContext, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.views import style

if TYPE_CHECKING:
    import pyqtgraph.opengl as gl

    from layerlab.app.surface_worker import Plane

F64 = npt.NDArray[np.float64]
N_CONTOURS = 12  # contour lines, at quantiles of the values (evenly spread over the area)
HEIGHT = 1.0  # of the 3-D box
LIFT = 0.015 * HEIGHT  # paths float this far above the mesh


def tr(text: str) -> str:
    return QCoreApplication.translate("LossSurfaceView", text)


@cache
def opengl_available() -> bool:
    """True when this platform can make an OpenGL context for a window (not 'offscreen')."""
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return False  # offscreen's GLX contexts have no FBO; under Xvfb it even crashes at exit
    return QOpenGLContext().create()


@cache
def _gl_window_class() -> type:
    from pyqtgraph.opengl.GLViewWidget import GLViewMixin
    from PySide6.QtOpenGL import QOpenGLWindow

    class GLViewWindow(GLViewMixin, QOpenGLWindow):
        """pyqtgraph's 3-D view in a native window: unlike a QOpenGLWidget, it does not make
        Qt compose the whole top-level window through OpenGL on every repaint of any widget."""

        def devicePixelRatioF(self) -> float:
            return self.devicePixelRatio()

    return GLViewWindow


def _gl_window():
    return _gl_window_class()()


@cache
def _headlight_shader():
    """pyqtgraph's 'shaded', lit from the viewer (two-sided): faces towards the camera bright."""
    from pyqtgraph.opengl import shaders

    fragment = shaders.FragmentShader("""
        #ifdef GL_ES
        precision mediump float;
        #endif
        varying vec4 v_color;
        varying vec3 v_normal;
        void main() {
            float p = abs(dot(v_normal, normalize(vec3(0.4, 0.6, 1.0))));
            gl_FragColor = vec4(v_color.rgb * (0.45 + 0.55 * p), v_color.a);
        }
    """)  # fmt: skip
    vertex = shaders.getShaderProgram("shaded").shaders[0]
    return shaders.ShaderProgram("layerlab_headlight", [vertex, fragment])


def contour_segments(z: npt.ArrayLike, levels: npt.ArrayLike, xs: F64, ys: F64) -> F64:
    """Marching squares for every level at once: (2m, 2) endpoints, pairs for connect='pairs'.

    Cells with a NaN corner get no lines; a saddle cell is split by its centre's value.
    """
    z = np.asarray(z, np.float64)
    lv = np.asarray(levels, np.float64).reshape(-1, 1, 1)
    a, b, c, d = z[:-1, :-1], z[:-1, 1:], z[1:, 1:], z[1:, :-1]  # corners, counter-clockwise
    x0, x1 = xs[None, None, :-1], xs[None, None, 1:]
    y0, y1 = ys[None, :-1, None], ys[None, 1:, None]
    up = [v > lv for v in (a, b, c, d)]
    ok = np.isfinite(a + b + c + d)
    with np.errstate(all="ignore"):
        edges = [  # (crossed, x, y) of edges a-b, b-c, d-c, a-d
            (up[0] != up[1], x0 + (lv - a) / (b - a) * (x1 - x0), y0 + 0 * x0),
            (up[1] != up[2], x1 + 0 * y0, y0 + (lv - b) / (c - b) * (y1 - y0)),
            (up[3] != up[2], x0 + (lv - d) / (c - d) * (x1 - x0), y1 + 0 * x0),
            (up[0] != up[3], x0 + 0 * y0, y0 + (lv - a) / (d - a) * (y1 - y0)),
        ]
    count = sum(e[0].astype(np.int8) for e in edges)
    two, four = ok & (count == 2), ok & (count == 4)
    keep_ac = four & ((((a + b + c + d) / 4.0) > lv) == up[0])  # a and c joined through centre
    pairs = [((p, q), two & edges[p][0] & edges[q][0]) for p in range(4) for q in range(p + 1, 4)]
    pairs += [((0, 1), keep_ac), ((2, 3), keep_ac), ((3, 0), four & ~keep_ac)]
    pairs += [((1, 2), four & ~keep_ac)]
    out = []
    for (p, q), m in pairs:
        if m.any():
            pts = [np.stack([np.broadcast_to(e[1], m.shape)[m], np.broadcast_to(e[2], m.shape)[m]],
                            1) for e in (edges[p], edges[q])]  # fmt: skip
            out.append(np.stack(pts, 1).reshape(-1, 2))
    return np.concatenate(out) if out else np.zeros((0, 2))


def arrow_segments(xs: F64, ys: F64, gx: npt.ArrayLike, gy: npt.ArrayLike, length: float) -> F64:
    """Downhill arrows (-gradient) of one length at each grid point: 3 segments each, (6k, 2)."""
    px, py = np.meshgrid(xs, ys)
    gx, gy = np.asarray(gx, np.float64), np.asarray(gy, np.float64)
    norm = np.hypot(gx, gy)
    keep = np.isfinite(norm) & (norm > 1e-12 * max(np.nanmax(norm), 1e-300))
    ux, uy = -gx[keep] / norm[keep], -gy[keep] / norm[keep]
    tail = np.stack([px[keep] - 0.5 * length * ux, py[keep] - 0.5 * length * uy], 1)
    tip = np.stack([px[keep] + 0.5 * length * ux, py[keep] + 0.5 * length * uy], 1)
    segs = [tail, tip]
    for angle in (0.45, -0.45):  # the two strokes of the head
        c, s = np.cos(angle), np.sin(angle)
        back = np.stack([ux * c - uy * s, ux * s + uy * c], 1)
        segs += [tip, tip - 0.35 * length * back]
    return np.stack(segs, 1).reshape(-1, 2)


def height_colours(t: npt.ArrayLike) -> npt.NDArray[np.float32]:
    """(..., 4) float RGBA in [0, 1] from heights t in [0, 1] through the sequential LUT."""
    idx = np.clip(np.nan_to_num(np.asarray(t) * 255.0), 0, 255).astype(np.intp)
    return style.lut("sequential")[idx].astype(np.float32) * np.float32(1.0 / 255.0)


class SurfacePlots(QWidget):
    """The 3-D view and the contour map side by side, the 1-D slice below; items built once,
    updates set data."""

    map_clicked = Signal(float, float)  # data coordinates of a left click on the contour map

    def __init__(self, colours: list[QColor], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours
        self.map_widget = pg.PlotWidget()
        self.map = self.map_widget.getPlotItem()
        self.map.setAspectLocked(True)
        self.map.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(style.lut("sequential"))
        self.contours = self._curve(style.with_alpha(style.PLOT_BACKGROUND, 150), 1.0, "pairs")
        self.field = self._curve(style.with_alpha(style.PLOT_BACKGROUND, 190), 1.0, "pairs")
        self.trajectory = self._curve(style.PROBLEM, 2.0, "all", symbol="o")
        self.paths = [self._curve(c, 2.0, "finite", symbol="o") for c in colours]
        self.minima = pg.ScatterPlotItem(symbol="star", size=14, pen=style.pen(style.TEXT, 1),
                                         brush=style.brush(style.PLOT_BACKGROUND))  # fmt: skip
        self.start_marker = pg.ScatterPlotItem(symbol="x", size=14, pen=style.pen(style.TEXT, 3))
        self.map.addItem(self.image)
        for item in (self.contours, self.field, self.minima, self.trajectory, *self.paths):
            self.map.addItem(item)
        self.map.addItem(self.start_marker)
        self.legend = self.map.addLegend(
            offset=(-10, 10),
            brush=style.brush(style.PLOT_BACKGROUND, 200),
            labelTextColor=style.TEXT,
        )
        self.slice_widget = pg.PlotWidget()
        self.slice_widget.setMaximumHeight(150)
        self.slice_widget.setMinimumHeight(90)
        self.map_widget.setMinimumHeight(200)
        self.slice_widget.setLabel("bottom", tr("step along direction 1"))
        self.slice_curve = self.slice_widget.plot(pen=style.curve_pen("train_loss", 2))
        self.mesh: gl.GLSurfacePlotItem | None = None  # 3-D items: ensure_3d() makes them
        self.paths3d: list[gl.GLLinePlotItem] = []
        self.trajectory3d: gl.GLLinePlotItem | None = None
        self._mesh_data: dict = {}  # the latest 3-D data, replayed when the items are made
        self._lines3d = [np.zeros((0, 3), np.float32) for _ in range(len(colours) + 1)]
        self.gl_view: Any = None  # a GLViewWindow (QOpenGLWindow) where OpenGL works
        self.gl_placeholder = QLabel(tr("The 3-D view needs OpenGL, which is not available."))
        self.gl_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.gl_placeholder.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.gl_placeholder)
        self.splitter.addWidget(self.map_widget)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter, 1)
        lay.addWidget(self.slice_widget)
        self.box = (-1.0, 1.0, -1.0, 1.0, 0.0, 1.0)  # x0, x1, y0, y1, lo, hi of the grid shown
        self._shape: tuple[int, int] | None = None
        self._exact, self._has_grid = True, False
        self.plane: Plane | None = None  # the network grid shown (for export)
        self.export_button = self._export_button()
        self.map.scene().sigMouseClicked.connect(self._on_scene_clicked)

    def _curve(self, colour: QColor, width: float, connect: str, symbol: str | None = None):
        item = pg.PlotDataItem(pen=style.pen(colour, width), connect=connect, symbol=symbol,
                               symbolSize=5, symbolBrush=colour, symbolPen=None)  # fmt: skip
        item.setZValue(10 if symbol else 5)
        return item

    # ---- 3-D view, made once -----------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_3d()

    def ensure_3d(self) -> None:
        """Make the 3-D items (once) and, where OpenGL works, the view that draws them."""
        if self.mesh is not None:
            return
        import pyqtgraph.opengl as gl

        self.mesh = gl.GLSurfacePlotItem(smooth=False, shader=_headlight_shader())
        colours = [*self.colours, style.PROBLEM]
        lines = [
            gl.GLLinePlotItem(pos=p, color=c.getRgbF(), width=3, mode="line_strip")
            for p, c in zip(self._lines3d, colours, strict=True)
        ]
        self.paths3d, self.trajectory3d = lines[:-1], lines[-1]
        if self._mesh_data:
            self.mesh.setData(**self._mesh_data)
        self._show_3d()
        if opengl_available():
            view = _gl_window()
            view.setBackgroundColor(style.PLOT_BACKGROUND)
            view.setCameraPosition(distance=2.9, elevation=32, azimuth=-60)
            view.opts["center"] = pg.Vector(0, 0, 0.4 * HEIGHT)
            for item in (self.mesh, *lines):
                view.addItem(item)
            self.splitter.replaceWidget(0, QWidget.createWindowContainer(view))
            half = max(self.splitter.width() // 2, 100)
            self.splitter.setSizes([half, half])
            self.gl_placeholder.hide()
            self.gl_view = view
            self._update_actions()

    # ---- data --------------------------------------------------------------------------------
    def set_grid(self, xs: F64, ys: F64, z: npt.ArrayLike, levels: tuple[float, float],
                 contour_levels: npt.ArrayLike) -> None:  # fmt: skip
        """Show z (len(ys), len(xs)) as image, contours and mesh, coloured by ``levels``."""
        z = np.ascontiguousarray(z, np.float32)
        lo, hi = float(levels[0]), float(levels[1])
        hi = hi if hi > lo else lo + 1.0
        dx, dy = (xs[-1] - xs[0]) / (len(xs) - 1), (ys[-1] - ys[0]) / (len(ys) - 1)
        self.image.setImage(z, levels=(lo, hi), autoLevels=False)
        if not self._has_grid:
            self._has_grid = True
            self._show_3d()
        self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx,
                                  ys[-1] - ys[0] + dy))  # fmt: skip
        seg = contour_segments(z, contour_levels, xs, ys)
        self.contours.setData(seg[:, 0], seg[:, 1], skipFiniteCheck=True)
        new_box = (float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1]), lo, hi)
        t = (np.clip(np.nan_to_num(z.T, nan=lo), lo, hi) - lo) / (hi - lo)
        if self._shape != z.shape or new_box[:4] != self.box[:4]:
            self.box, self._shape = new_box, z.shape
            bx, by = self.to_box(xs, np.zeros_like(xs))[0], self.to_box(np.zeros_like(ys), ys)[1]
            self._set_mesh(x=bx, y=by, z=t * HEIGHT, colors=height_colours(t.reshape(-1)))
            self.map.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0.02)
        else:
            self.box = new_box
            self._set_mesh(z=t * HEIGHT, colors=height_colours(t.reshape(-1)))

    def set_mode(self, exact: bool) -> None:
        """Exact surfaces show field, paths, start and minima; networks the trajectory, slice."""
        self._exact = exact
        self._update_actions()
        for item in (self.field, self.start_marker, self.minima, *self.paths):
            item.setVisible(exact)
        self.trajectory.setVisible(not exact)
        self.slice_widget.setVisible(not exact)
        self._show_3d()

    def clear(self) -> None:
        """No grid: an empty map and no mesh (until the next set_grid)."""
        self._has_grid = False
        self.image.clear()
        self.contours.setData([], [])
        self.slice_curve.setData([], [])
        self.set_trajectory(None, None)
        self._show_3d()

    def _show_3d(self) -> None:
        if self.mesh is not None:
            self.mesh.setVisible(self._has_grid)
            for line in self.paths3d:
                line.setVisible(self._exact)
            self.trajectory3d.setVisible(not self._exact)

    def _set_mesh(self, **data) -> None:
        self._mesh_data.update(data)
        if self.mesh is not None:
            self.mesh.setData(**data)

    def _set_line3d(self, k: int, pos: npt.NDArray[np.float32]) -> None:
        """3-D line k (paths, then the trajectory), kept for replay before the items exist."""
        self._lines3d[k] = pos
        if self.mesh is not None:
            [*self.paths3d, self.trajectory3d][k].setData(pos=pos)

    def to_box(self, x: npt.ArrayLike, y: npt.ArrayLike, z: npt.ArrayLike | None = None):
        """Data coordinates to the 3-D box: (bx, by, bz); bz None without z."""
        x0, x1, y0, y1, lo, hi = self.box
        half = max(x1 - x0, y1 - y0) / 2 or 1.0
        bx = (np.asarray(x, np.float64) - (x0 + x1) / 2) / half
        by = (np.asarray(y, np.float64) - (y0 + y1) / 2) / half
        bz = None if z is None else (np.clip(np.asarray(z, np.float64), lo, hi) - lo) / (hi - lo)
        return bx, by, bz

    def draw_grid(self, xs: F64, ys: F64, z: np.ndarray) -> bool:
        """set_grid coloured from the lowest to the highest finite value; False if none."""
        finite = z[np.isfinite(z)]
        if finite.size == 0:
            return False
        contours = np.unique(np.quantile(finite, np.linspace(0.03, 0.97, N_CONTOURS)))
        self.set_grid(xs, ys, z, (float(finite.min()), float(finite.max())), contours)
        return True

    def show_plane(self, plane: Plane | None) -> None:
        """A network grid so far (coarse pass interpolated), its 1-D slice, the training path."""
        self.plane = plane
        self._update_actions()
        if plane is None:
            self.clear()
            self.set_legend([])
            return
        g = plane.grid
        z = g.preview()
        if not self.draw_grid(g.alphas, g.betas, z):
            return
        if plane.line is not None:
            self.slice_curve.setData(plane.line[0], plane.line[1])
        if plane.path is None:
            self.set_trajectory(None, None)
            self.set_legend([])
            return
        self.set_trajectory(plane.path, plane.loss_at(plane.path, z))
        label = tr("training path")
        if plane.explained is not None:
            label += tr(" (PCA: %.0f%% + %.0f%%)") % tuple(100 * plane.explained[:2])
        self.set_legend([(self.trajectory, label)])

    def set_field(self, fx: F64, fy: F64, gx: np.ndarray, gy: np.ndarray) -> None:
        """Downhill arrows at the points (fx[j], fy[i]), 0.7 of their spacing long."""
        seg = arrow_segments(fx, fy, gx, gy, 0.7 * min(fx[1] - fx[0], fy[1] - fy[0]))
        self.field.setData(seg[:, 0], seg[:, 1], skipFiniteCheck=True)

    def set_path(self, k: int, points: F64, heights: F64) -> None:
        """Path k on the map, and on the mesh (inside the box, lifted) in 3-D."""
        self.paths[k].setData(points[:, 0], points[:, 1])
        self._set_line3d(k, self._pos3d(points, heights))

    def set_trajectory(self, points: F64 | None, heights: F64 | None) -> None:
        if points is None or heights is None:
            points, heights = np.zeros((0, 2)), np.zeros(0)
        self.trajectory.setData(points[:, 0], points[:, 1])
        self._set_line3d(len(self.paths), self._pos3d(points, heights))

    def _pos3d(self, points: F64, heights: F64) -> npt.NDArray[np.float32]:
        x0, x1, y0, y1 = self.box[:4]
        ok = np.isfinite(points).all(axis=1) & np.isfinite(heights)
        px = np.clip(points[ok, 0], x0, x1)
        py = np.clip(points[ok, 1], y0, y1)
        bx, by, bz = self.to_box(px, py, heights[ok])
        return np.stack([bx, by, bz * HEIGHT + LIFT], 1).astype(np.float32)

    def set_minima(self, points: F64) -> None:
        self.minima.setData(pos=np.asarray(points, np.float64).reshape(-1, 2))

    def set_start(self, x: float, y: float) -> None:
        self.start_marker.setData(pos=[(x, y)])

    def set_legend(self, entries: list[tuple[pg.PlotDataItem, str]]) -> None:
        """Legend rows (an event, not a frame update)."""
        self.legend.clear()
        for item, text in entries:
            self.legend.addItem(item, text)

    def legend_text(self, item: pg.PlotDataItem) -> str | None:
        label = self.legend.getLabel(item)
        return None if label is None else label.text

    def set_legend_text(self, item: pg.PlotDataItem, text: str) -> None:
        label = self.legend.getLabel(item)
        if label is not None and label.text != text:
            label.setText(text)

    # ---- export and input --------------------------------------------------------------------
    def _export_button(self) -> QToolButton:
        b = QToolButton()
        b.setText(tr("Export"))
        b.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(b)
        self.act_csv = menu.addAction(tr("Grid as CSV…"), lambda: self.export_grid("csv"))
        self.act_npz = menu.addAction(tr("Grid as NPZ…"), lambda: self.export_grid("npz"))
        menu.addAction(tr("Contour map as PNG…"), lambda: self.export_png(False))
        self.act_png3d = menu.addAction(tr("3-D view as PNG…"), lambda: self.export_png(True))
        b.setMenu(menu)
        return b

    def _update_actions(self) -> None:
        grid = self.plane is not None and not self._exact
        self.act_csv.setEnabled(grid)
        self.act_npz.setEnabled(grid)
        self.act_png3d.setEnabled(self.gl_view is not None)

    def export_grid(self, fmt: str) -> str | None:
        """Save the network grid as CSV or NPZ where a file dialog says; returns the path."""
        if self.plane is None:
            return None
        filters = {"csv": tr("CSV table (*.csv)"), "npz": tr("NumPy arrays (*.npz)")}
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export loss grid"), f"loss_grid.{fmt}", filters[fmt]
        )
        if path:
            (self.plane.grid.to_csv if fmt == "csv" else self.plane.grid.to_npz)(path)
        return path or None

    def export_png(self, three_d: bool) -> str | None:
        """Save the contour map (ImageExporter) or the 3-D view (its framebuffer) as PNG."""
        name = "loss_surface_3d.png" if three_d else "loss_surface.png"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export image"), name, tr("PNG image (*.png)")
        )
        if not path:
            return None
        if three_d:
            ok = self.gl_view is not None and self.gl_view.grabFramebuffer().save(path)
            return path if ok else None
        from pyqtgraph.exporters import ImageExporter

        ImageExporter(self.map).export(path)
        return path

    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        pos = event.scenePos()
        if self.map.vb.sceneBoundingRect().contains(pos):
            p = self.map.vb.mapSceneToView(pos)
            self.map_clicked.emit(p.x(), p.y())

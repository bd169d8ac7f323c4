"""pyqtgraph's options for LayerLab, set once before the first plot is built."""

from __future__ import annotations

_configured = False


def configure_pyqtgraph() -> None:
    """Row-major images, no antialiasing, and axes cached as pixmaps.

    Axes are the costliest thing a live plot paints (tick text, drawn in software): a curve
    that changes makes the scene repaint the region around it, axes included, every frame.
    Cached in device coordinates an axis repaints as one pixmap copy until its ticks change.
    pyqtgraph builds its axes inside PlotItem, so the cache mode is set on every AxisItem as
    it is created.
    """
    global _configured
    if _configured:
        return
    import pyqtgraph as pg
    from PySide6.QtWidgets import QGraphicsItem

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=False)
    init = pg.AxisItem.__init__

    def cached_axis_init(self, *args, **kwargs) -> None:
        init(self, *args, **kwargs)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    pg.AxisItem.__init__ = cached_axis_init
    _configured = True

"""Export a pyqtgraph plot as PNG or SVG."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QGraphicsItem, QGraphicsScene, QMessageBox, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("PlotExport", text)


def write_svg(item: QGraphicsScene | QGraphicsItem, path: str) -> None:
    """Render a scene (or one item's area of its scene) into an SVG file.

    pyqtgraph 0.14's SVGExporter fails on the path data PySide6 6.11 writes, so Qt renders it.
    """
    if isinstance(item, QGraphicsScene):
        scene, rect = item, item.sceneRect()
    else:
        scene, rect = item.scene(), item.sceneBoundingRect()
    gen = QSvgGenerator()
    gen.setFileName(path)
    gen.setSize(rect.size().toSize())
    gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    gen.setTitle("LayerLab")
    painter = QPainter(gen)
    try:
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    finally:
        painter.end()


def export_plot(parent: QWidget, item, default_name: str) -> str | None:
    """Ask for a file and write ``item`` (a pyqtgraph scene or item) as PNG or SVG."""
    import pyqtgraph.exporters as exporters

    path, _ = QFileDialog.getSaveFileName(
        parent, tr("Export plot"), default_name, tr("PNG image (*.png);;SVG drawing (*.svg)")
    )
    if not path:
        return None
    try:
        if path.lower().endswith(".svg"):
            write_svg(item, path)
        else:
            exporters.ImageExporter(item).export(path)
    except (OSError, RuntimeError, ValueError) as e:
        QMessageBox.warning(parent, tr("Cannot export"), f"{path}\n\n{e}")
        return None
    return path

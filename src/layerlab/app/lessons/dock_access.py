"""Finding, revealing and arranging the window's docks by their names ("curves", "lessons")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

LESSON_TEXT_WIDTH = 400  # the lesson browser beside the canvas, in pixels
LESSON_TEXT_HEIGHT = 520  # of the left column, above the training panel
LESSON_FIGURE_HEIGHT = 340  # the lesson figure under the canvas, at least
LESSON_FIGURE_SHARE = 0.5  # or this share of the window's height, if more


def find_dock(window: QMainWindow, name: str) -> QDockWidget | None:
    """The dock called ``name`` (object name ``dock_<name>``), or None."""
    return window.findChild(QDockWidget, f"dock_{name}")


def dock_names(window: QMainWindow) -> list[str]:
    """Every dock's name, in the window's order."""
    return [
        d.objectName().removeprefix("dock_")
        for d in window.findChildren(QDockWidget)
        if d.objectName().startswith("dock_")
    ]


def is_open(dock: QDockWidget) -> bool:
    """Not closed (a tab behind another tab is open but not visible)."""
    return dock.toggleViewAction().isChecked()


def reveal(dock: QDockWidget) -> None:
    """Show the dock and bring its tab to the front."""
    dock.show()
    dock.raise_()


def dock_view(dock: QDockWidget) -> QWidget:
    """The view inside a dock, built now if it is lazy (a LazyView builds on first show)."""
    widget = dock.widget()
    if hasattr(widget, "ensure_built"):
        return widget.ensure_built()
    if hasattr(widget, "widget") and widget.widget() is not None:  # a QScrollArea
        return widget.widget()
    return widget


def enclosing_dock(widget: QWidget) -> QDockWidget | None:
    """The dock a widget lives in (None for the canvas and toolbars)."""
    w = widget.parentWidget()
    while w is not None and not isinstance(w, QDockWidget):
        w = w.parentWidget()
    return w


def _in_default_place(window: QMainWindow, dock: QDockWidget) -> bool:
    """Still a tab beside the curves, where the default layout puts every view dock."""
    curves = find_dock(window, "curves")
    return (
        curves is not None
        and not dock.isFloating()
        and window.dockWidgetArea(dock) == window.dockWidgetArea(curves)
        and (not is_open(dock) or curves in window.tabifiedDockWidgets(dock))
    )


def arrange_for_lesson(window: QMainWindow, show_figure: bool) -> None:
    """Lesson layout: the lesson's text left (a tab over the layer palette) and its figure
    under the canvas (a tab beside the problems; shown and raised when ``show_figure``), so
    that both stay visible with the views a lesson raises on the right. Docks the user has
    moved elsewhere stay where they are. The caller raises the text (after the lesson's views:
    one of them may share its tab group)."""
    text, figure = find_dock(window, "lessons"), find_dock(window, "lesson_figure")
    palette, problems = find_dock(window, "palette"), find_dock(window, "problems")
    training = find_dock(window, "training")
    if text is not None and palette is not None and _in_default_place(window, text):
        # the left column runs to the bottom: the text keeps its height beside the figure
        window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, text)
        window.tabifyDockWidget(palette, text)
        window.resizeDocks([text], [LESSON_TEXT_WIDTH], Qt.Orientation.Horizontal)
        if training is not None and is_open(training):
            window.resizeDocks([text], [LESSON_TEXT_HEIGHT], Qt.Orientation.Vertical)
        curves = find_dock(window, "curves")
        if curves is not None and is_open(curves):
            curves.raise_()  # the default front tab where the text was, not a neighbour
    if figure is None:
        return
    if problems is not None and _in_default_place(window, figure):
        was_open = is_open(figure)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, figure)
        window.tabifyDockWidget(problems, figure)
        figure.setVisible(was_open)
        if show_figure:
            reveal(figure)
            height = max(LESSON_FIGURE_HEIGHT, int(LESSON_FIGURE_SHARE * window.height()))
            window.resizeDocks([figure], [height], Qt.Orientation.Vertical)
    elif show_figure:
        reveal(figure)

"""LessonBrowserView: the guided lessons by topic in course order, a lesson's text with steps
that point at widgets, and "Open lesson", which sets the window up as the lesson says.

Lesson files that cannot be read are listed with their message. Nothing is loaded until the
dock is first shown (a LazyView builds this view then).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.views.docks import DockSpec

if TYPE_CHECKING:
    from layerlab.lessons.catalog import Catalog
    from layerlab.lessons.format import Lesson

ROLE_LESSON = Qt.ItemDataRole.UserRole  # a lesson item's id
ROLE_ERROR = Qt.ItemDataRole.UserRole + 1  # a broken file's message
ERROR_COLOUR = "#d33c3c"  # style.PROBLEM (style imports pyqtgraph; this view does not)


def tr(text: str) -> str:
    return QCoreApplication.translate("LessonBrowser", text)


class LessonBrowserView(QWidget):
    """Topics and lessons on top, the selected lesson's text and Open button underneath."""

    lesson_opened = Signal(str)  # lesson id, once its setup is applied

    def __init__(self, window: Any, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.setAutoFillBackground(True)  # a dock stacked under this tab must not show through
        from layerlab.app.lessons.step_text import StepText
        from layerlab.lessons.catalog import load_catalog

        self.window_ = window  # the MainWindow the lessons set up
        self.catalog = catalog if catalog is not None else load_catalog()
        self.lang = "zh" if str(window.translation.language).startswith("zh") else "en"
        self.lesson: Lesson | None = None  # the selected lesson
        self.opened: Lesson | None = None  # the lesson whose setup was applied last
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setObjectName("lesson_tree")
        self.text = StepText()
        self.text.setObjectName("lesson_text")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(tr("Open lesson"))
        self.open_button.setObjectName("open_lesson_button")
        self.open_button.setEnabled(False)
        hint = QLabel(tr("Click a step to see where it happens."))
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(hint, 1)
        lower = QWidget()
        lay = QVBoxLayout(lower)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.message)
        lay.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(lower)
        split.setSizes([180, 420])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.addWidget(split)
        self._fill_tree()
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.open_button.clicked.connect(lambda: self.open_lesson())
        self.text.step_clicked.connect(self.point_at_step)
        self.text.show_message(tr("Choose a lesson."))

    # ---- tree -----------------------------------------------------------------------------------
    def _fill_tree(self) -> None:
        from layerlab.lessons.catalog import topic_title

        for topic, lessons in self.catalog.topics():
            top = QTreeWidgetItem([topic_title(topic, self.lang)])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for lesson in lessons:
                item = QTreeWidgetItem([lesson.title_in(self.lang)])
                item.setData(0, ROLE_LESSON, lesson.id)
                item.setToolTip(0, self._reproduces(lesson))
                top.addChild(item)
            self.tree.addTopLevelItem(top)
        if self.catalog.errors:
            top = QTreeWidgetItem([tr("Lessons with errors (%s)") % len(self.catalog.errors)])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            top.setForeground(0, Qt.GlobalColor.red)
            for error in self.catalog.errors:
                item = QTreeWidgetItem([error.split(":", 1)[0]])
                item.setData(0, ROLE_ERROR, error)
                item.setToolTip(0, error)
                top.addChild(item)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()

    def _reproduces(self, lesson: Lesson) -> str:
        return lesson.reproduces.get(self.lang) or lesson.reproduces.get("en", "")

    def lesson_item(self, lesson_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, ROLE_LESSON) == lesson_id:
                    return top.child(j)
        return None

    def _on_tree_current_item_changed(self, item: QTreeWidgetItem | None, _: object) -> None:
        if item is None:
            return
        lesson_id, error = item.data(0, ROLE_LESSON), item.data(0, ROLE_ERROR)
        if lesson_id:
            self.select_lesson(lesson_id)
        elif error:
            self.lesson = None
            self.open_button.setEnabled(False)
            self.text.show_message(tr("This lesson file cannot be used:"))
            self._show_message(error, error=True)

    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _: int) -> None:
        if item.data(0, ROLE_LESSON):
            self.open_lesson()

    # ---- a lesson -------------------------------------------------------------------------------
    def select_lesson(self, lesson_id: str) -> Lesson:
        """Show a lesson's text (the tree follows); raises KeyError for an unknown id."""
        from layerlab.app.lessons.step_text import lesson_markdown

        lesson = self.catalog.by_id(lesson_id)
        self.lesson = lesson
        item = self.lesson_item(lesson_id)
        if item is not None and self.tree.currentItem() is not item:
            self.tree.setCurrentItem(item)
        text = lesson.text_in(self.lang)
        note = self._reproduces(lesson)
        note = tr("Reproduces: %s") % note if note else ""
        self.text.show_markdown(
            lesson_markdown(lesson.title_in(self.lang), note, text), len(text.steps)
        )
        self.open_button.setEnabled(True)
        self._show_message("")
        return lesson

    def open_lesson(self, lesson_id: str | None = None) -> bool:
        """Apply the lesson's setup to the window and show its figure; False (with the reason
        shown) when the setup is invalid or the user keeps unsaved work."""
        from layerlab.app.lessons.dock_access import (
            arrange_for_lesson,
            dock_view,
            find_dock,
            is_open,
            reveal,
        )
        from layerlab.app.lessons.setup import SetupError, apply_setup, plan_for_window

        lesson = self.select_lesson(lesson_id) if lesson_id else self.lesson
        if lesson is None:
            return False
        window = self.window_
        try:
            plan = plan_for_window(window, lesson.setup)
        except SetupError as e:
            self._show_message(tr("This lesson cannot be opened: %s") % e, error=True)
            return False
        if plan.replaces_network and not window.files.confirm_discard():
            self._show_message(tr("Not opened: your network is kept."))
            return False
        arrange_for_lesson(window, show_figure=lesson.figure is not None)
        apply_setup(window, plan)
        figure_dock = find_dock(window, "lesson_figure")
        if figure_dock is not None and is_open(figure_dock):
            dock_view(figure_dock).show_lesson(lesson, self.lang)
        text_dock = find_dock(window, "lessons")
        if text_dock is not None:
            reveal(text_dock)  # the steps stay readable whatever the lesson's views raised
        self.opened = lesson
        self._show_message(tr("Lesson opened. Follow the steps."))
        self.lesson_opened.emit(lesson.id)
        return True

    def point_at_step(self, index: int) -> bool:
        """Point at the widget step ``index`` names (if any); False when it names nothing here."""
        from layerlab.app.lessons.pointer import point_at

        if self.lesson is None:
            return False
        steps = self.lesson.text_in(self.lang).steps
        if not 0 <= index < len(steps) or steps[index].widget is None:
            return False
        name = steps[index].widget
        if point_at(self.window_, name) is None:
            self._show_message(tr("This step points at '%s', which is not in this window.") % name)
            return False
        return True

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setVisible(bool(text))


DOCK = DockSpec(
    "lessons",
    QT_TRANSLATE_NOOP("Docks", "Lessons"),
    lambda window: LessonBrowserView(window),
    Qt.DockWidgetArea.RightDockWidgetArea,
    polled=False,
    order=5,
    visible=True,
)

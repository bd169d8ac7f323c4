"""A lesson's text (title, intro, numbered steps, outro) in a QTextBrowser whose steps can be
clicked: a click on a step emits its index and highlights it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QTextBlock, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from layerlab.lessons.format import LessonText

HIGHLIGHT = QColor("#fff2cc")  # the clicked step's background (the pointer's yellow, faint)


def lesson_markdown(title: str, note: str, text: LessonText) -> str:
    """The Markdown shown for a lesson: title, a note in italics, intro, steps, outro."""
    parts = [f"## {title}"]
    if note:
        parts.append(f"*{note}*")
    if text.intro:
        parts.append(text.intro)
    if text.steps:
        parts.append("\n".join(f"{i}. {s.text}" for i, s in enumerate(text.steps, 1)))
    if text.outro:
        parts.append(text.outro)
    return "\n\n".join(parts) + "\n"


class StepText(QTextBrowser):
    """Shows Markdown; the first numbered list with as many items as the lesson has steps is
    the steps list, and clicking one of its items emits ``step_clicked(index)``."""

    step_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setMouseTracking(True)
        self._steps_start = -1  # document position of the first step, -1 without steps
        self.step_count = 0

    def show_markdown(self, markdown: str, step_count: int) -> None:
        self.setMarkdown(markdown)
        self.step_count = step_count
        self._steps_start = -1
        self.setExtraSelections([])
        block = self.document().begin()
        while block.isValid() and step_count:
            tl = block.textList()
            decimal = tl is not None and tl.format().style() == tl.format().Style.ListDecimal
            if decimal and tl.count() == step_count:
                self._steps_start = tl.item(0).position()
                break
            block = block.next()

    def show_message(self, markdown: str) -> None:
        self.show_markdown(markdown, 0)

    def step_block(self, index: int) -> QTextBlock | None:
        """The block of step ``index`` (0-based), or None."""
        if self._steps_start < 0 or not 0 <= index < self.step_count:
            return None
        first = self.document().findBlock(self._steps_start)
        return first.textList().item(index)

    def step_at(self, block: QTextBlock) -> int | None:
        tl = block.textList()
        if self._steps_start < 0 or tl is None or tl.item(0).position() != self._steps_start:
            return None
        return tl.itemNumber(block)

    def highlight_step(self, index: int | None) -> None:
        block = self.step_block(index) if index is not None else None
        if block is None:
            self.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.format = fmt
        sel.cursor = QTextCursor(block)
        self.setExtraSelections([sel])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if not self.anchorAt(event.position().toPoint()):
            on_step = self.step_at(self.cursorForPosition(event.position().toPoint()).block())
            shape = Qt.CursorShape.PointingHandCursor if on_step is not None else None
            if shape is None:
                self.viewport().unsetCursor()
            else:
                self.viewport().setCursor(shape)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton or self.anchorAt(pos):
            return
        if self.textCursor().hasSelection():
            return  # the learner is selecting text to copy
        index = self.step_at(self.cursorForPosition(pos).block())
        if index is not None:
            self.highlight_step(index)
            self.step_clicked.emit(index)

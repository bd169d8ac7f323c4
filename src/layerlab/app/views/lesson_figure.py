"""LessonFigureView: the open lesson's experiment drawn with pyqtgraph, its sliders, a Run
button, and the lesson's claims checked against the run's values.

Experiments run off the GUI thread (ExperimentRunner); the view says "running..." meanwhile and
draws only the newest run's result. pyqtgraph is imported when the view is built, not when the
window discovers this module.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.lessons.experiment_runner import ExperimentRunner
from layerlab.app.views.docks import DockSpec

if TYPE_CHECKING:
    from layerlab.lessons.experiments import Result, Slider
    from layerlab.lessons.format import Lesson

SIDE_WIDTH = 250  # the column of controls and claims, in pixels
OK_COLOUR, FAIL_COLOUR = "#2f9e6e", "#d33c3c"  # style.CATEGORY_COLOURS Normalization, PROBLEM


def tr(text: str) -> str:
    return QCoreApplication.translate("LessonFigure", text)


class LessonFigureView(QWidget):
    """Shows one lesson's [figure]: ``show_lesson`` runs its experiment with the lesson's
    parameters; sliders rerun it with the moved value; Run goes back to the lesson's values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)  # a dock stacked under this tab must not show through
        from layerlab.app.lessons.figure_render import FigureCanvas
        from layerlab.app.views import style

        self.lesson: Lesson | None = None
        self.moved: dict[str, Any] = {}  # slider values the learner chose
        self.sliders: dict[str, Any] = {}  # name -> SliderControl
        self.result: Result | None = None
        self.run_params: dict[str, Any] = {}  # the parameters of the drawn result
        self._asked: dict[int, dict[str, Any]] = {}  # ticket -> parameters
        self.title = QLabel(tr("No lesson open: choose one in the Lessons panel."))
        self.title.setFont(style.heading_font())
        self.title.setWordWrap(True)
        self.run_button = QPushButton(tr("Run"))
        self.run_button.setObjectName("lesson_run_button")
        self.run_button.setToolTip(tr("Run the experiment again with the lesson's values"))
        self.run_button.clicked.connect(self.run_lesson_values)
        self.run_button.setEnabled(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.slider_box = QVBoxLayout()
        self.canvas = FigureCanvas()
        self.claims = QLabel()
        self.claims.setWordWrap(True)
        self.claims.setTextFormat(Qt.TextFormat.RichText)
        self.claims.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self._side_column())
        self.runner = ExperimentRunner(self)
        self.runner.started.connect(lambda _: self._set_status(tr("running..."), None))
        self.runner.described.connect(self._on_runner_described)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)

    def _side_column(self) -> QScrollArea:
        """Title, Run and status, sliders, claims: a column beside the (wide) figure."""
        side = QWidget()
        side.setFixedWidth(SIDE_WIDTH)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        head = QHBoxLayout()
        head.addWidget(self.run_button)
        head.addWidget(self.status, 1)
        column.addLayout(head)
        column.addLayout(self.slider_box)
        column.addWidget(self.claims)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFixedWidth(SIDE_WIDTH + 14)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    # ---- lessons --------------------------------------------------------------------------------
    def show_lesson(self, lesson: Lesson, lang: str = "en") -> int | None:
        """Show ``lesson``'s figure: clears the old one and runs the experiment; returns the
        run's ticket (None when the lesson has no figure)."""
        self.lesson, self.moved, self.result, self.run_params = lesson, {}, None, {}
        self.title.setText(lesson.title_in(lang))
        self._clear_sliders()
        self.canvas.clear()
        self.claims.clear()
        self.runner.cancel()
        if lesson.figure is None:
            self.run_button.setEnabled(False)
            self._set_status(tr("This lesson has no figure."), None)
            return None
        self.run_button.setEnabled(True)
        return self._request()

    def params(self) -> dict[str, Any]:
        """The parameters of the next run: the lesson's, with the moved sliders' values."""
        if self.lesson is None or self.lesson.figure is None:
            return {}
        return {**self.lesson.figure.params, **self.moved}

    def run_lesson_values(self) -> int | None:
        """Sliders back to the lesson's values, and run."""
        if self.lesson is None or self.lesson.figure is None:
            return None
        self.moved = {}
        for name, control in self.sliders.items():
            control.set_value(self.lesson.figure.params.get(name, control.spec.default))
        return self._request()

    def set_slider(self, name: str, value: Any) -> int | None:
        """What moving slider ``name`` to ``value`` does: rerun with it."""
        if self.lesson is None or self.lesson.figure is None:
            return None
        self.moved[name] = value
        return self._request()

    def _request(self) -> int:
        assert self.lesson is not None and self.lesson.figure is not None
        params = self.params()
        ticket = self.runner.request(self.lesson.figure.experiment, params)
        self._asked = {ticket: params}
        return ticket

    # ---- sliders --------------------------------------------------------------------------------
    def _clear_sliders(self) -> None:
        for control in self.sliders.values():
            self.slider_box.removeWidget(control)
            control.hide()  # deleteLater waits for the event loop (a busy caller may not return)
            control.deleteLater()
        self.sliders = {}

    def _build_sliders(self, sliders: tuple[Slider, ...]) -> None:
        from layerlab.app.lessons.slider_control import SliderControl

        self._clear_sliders()
        params = self.params()
        for spec in sliders:
            control = SliderControl(spec, params.get(spec.name, spec.default))
            control.value_chosen.connect(self.set_slider)
            self.slider_box.addWidget(control)
            self.sliders[spec.name] = control

    # ---- runner ---------------------------------------------------------------------------------
    def _on_runner_described(self, experiment: str, sliders: tuple) -> None:
        figure = self.lesson.figure if self.lesson is not None else None
        same = figure is not None and experiment == figure.experiment
        if same and set(self.sliders) != {s.name for s in sliders}:
            self._build_sliders(sliders)

    def _on_runner_finished(self, ticket: int, result: Result, seconds: float) -> None:
        params = self._asked.get(ticket)
        if self.lesson is None or self.lesson.figure is None or params is None:
            return
        self.result, self.run_params = result, params
        if result.figure is not None:
            self.canvas.show_figure(result.figure)
        else:
            self.canvas.clear()
        self._set_status(tr("done in %.2f s") % seconds, None)
        self._show_claims(result.values)

    def _on_runner_failed(self, ticket: int, message: str) -> None:
        if ticket in self._asked:
            self._set_status(tr("The experiment failed: %s") % message, FAIL_COLOUR)

    def _set_status(self, text: str, colour: str | None) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    def _show_claims(self, values: dict[str, Any]) -> None:
        from layerlab.app.lessons.claim_report import claim_lines, format_value

        assert self.lesson is not None and self.lesson.figure is not None
        lines = claim_lines(self.lesson, self.lesson.figure.experiment, self.run_params, values)
        if lines:
            rows = [
                f'<span style="color:{OK_COLOUR if ln.ok else FAIL_COLOUR}">'
                f"{'✓' if ln.ok else '✗'}</span> {html.escape(ln.text)}"
                for ln in lines
            ]
            self.claims.setText(tr("The lesson's claims:") + "<br>" + "<br>".join(rows))
            return
        shown = ", ".join(f"{k} = {format_value(v)}" for k, v in list(values.items())[:8])
        self.claims.setText(html.escape(tr("This run: %s") % shown) if shown else "")


def _make_view(window: Any) -> LessonFigureView:
    return LessonFigureView()


DOCK = DockSpec(
    "lesson_figure",
    QT_TRANSLATE_NOOP("Docks", "Lesson figure"),
    _make_view,
    Qt.DockWidgetArea.BottomDockWidgetArea,
    polled=False,
    order=6,
    visible=False,
)

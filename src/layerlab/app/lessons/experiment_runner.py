"""Running a lesson's experiment off the GUI thread: one run at a time, the latest request wins.

Experiments can train networks for seconds. Each request gets a ticket; a request made while a
run is under way waits (replacing any earlier waiting one), and only the result of the newest
ticket is reported: a slider dragged across ten values runs at most two experiments.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 30


@dataclass
class _Run:
    ticket: int
    experiment: str
    params: dict[str, Any]
    thread: threading.Thread | None = None
    described: bool = False
    outcome: dict[str, Any] = field(default_factory=dict)  # result or error, seconds


class ExperimentRunner(QObject):
    """Runs ``layerlab.lessons.experiments`` in a daemon thread; polls it from a QTimer."""

    finished = Signal(int, object, float)  # ticket, Result, seconds
    failed = Signal(int, str)  # ticket, message
    started = Signal(int)  # ticket
    described = Signal(str, object)  # experiment, its sliders (once found, before it finishes)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest = 0  # the newest ticket handed out
        self._running: _Run | None = None
        self._waiting: _Run | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return self._running is not None or self._waiting is not None

    def request(self, experiment: str, params: dict[str, Any]) -> int:
        """Run ``experiment(**params)`` as soon as the current run ends; returns its ticket."""
        self.latest += 1
        self._waiting = _Run(self.latest, experiment, dict(params))
        if self._running is None:
            self._start_waiting()
        return self.latest

    def cancel(self) -> None:
        """Forget waiting requests and ignore the running one's result."""
        self.latest += 1
        self._waiting = None

    def _start_waiting(self) -> None:
        run, self._waiting = self._waiting, None
        if run is None:
            self._timer.stop()
            return
        run.thread = threading.Thread(
            target=_work, args=(run,), name="lesson-experiment", daemon=True
        )
        self._running = run
        run.thread.start()
        self._timer.start()
        self.started.emit(run.ticket)

    def _poll(self) -> None:
        run = self._running
        if run is None or run.thread is None:
            return
        if not run.described and "sliders" in run.outcome:
            run.described = True
            self.described.emit(run.experiment, run.outcome["sliders"])
        if run.thread.is_alive():
            return
        self._running = None
        self._start_waiting()
        if run.ticket != self.latest:
            return  # a newer request exists: this result is stale
        if "error" in run.outcome:
            self.failed.emit(run.ticket, run.outcome["error"])
        else:
            self.finished.emit(run.ticket, run.outcome["result"], run.outcome["seconds"])

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the running experiment's thread ends (tests, shutdown)."""
        run = self._running
        if run is not None and run.thread is not None:
            run.thread.join(timeout)
            return not run.thread.is_alive()
        return True


def _work(run: _Run) -> None:
    from layerlab.lessons.experiments import get

    t0 = time.perf_counter()
    try:
        experiment = get(run.experiment)  # the first call imports every experiment module
        run.outcome["sliders"] = experiment.sliders
        t0 = time.perf_counter()
        run.outcome["result"] = experiment.run(**run.params)
    except Exception as e:  # an experiment's bug is shown in the view, not raised in the GUI
        logging.getLogger(__name__).exception("experiment %s failed", run.experiment)
        run.outcome["error"] = f"{run.experiment}: {type(e).__name__}: {e}"
    run.outcome["seconds"] = time.perf_counter() - t0

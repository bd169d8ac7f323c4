"""TrainingWorker: the QThread that runs the trainer in chunks of about 10 ms."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal

if TYPE_CHECKING:
    from layerlab.app.session import Session

TARGET_CHUNK_S = 0.010
# Between its nogil chunks the worker needs the GIL for a moment; when the GUI thread holds it
# (painting views in Python), Python hands it over only after the switch interval (5 ms by
# default): a third of a 10 ms chunk. 1 ms keeps training at its pace while views draw.
GIL_SWITCH_S = 0.001


class TrainingWorker(QThread):
    """Calls ``session.trainer.run_chunk`` until told to stop; signals events only."""

    chunk_done = Signal()  # rarely connected: views poll instead
    epoch_finished = Signal(dict)
    stopped = Signal(str)  # the reason; '' when paused by the user
    failed = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self._halt = False
        self._budget: int | None = None  # steps left for 'step' commands; None = run on
        self._epoch_only = False
        self.chunk = 8

    def run_steps(self, budget: int | None, epoch_only: bool = False) -> None:
        """Start: ``budget`` steps (None: until stopped), or to the end of the epoch."""
        self._halt = False
        self._budget = budget
        self._epoch_only = epoch_only
        self.start()

    def halt(self) -> None:
        self._halt = True

    def run(self) -> None:
        from layerlab.engine.threads import limit_blas_threads

        try:
            limit_blas_threads(1)
            if sys.getswitchinterval() > GIL_SWITCH_S:
                sys.setswitchinterval(GIL_SWITCH_S)
            reason = self._loop()
        except Exception as e:
            self.failed.emit(f"{type(e).__name__}: {e}")
            return
        self.stopped.emit(reason)

    def _loop(self) -> str:
        s = self._session
        while not self._halt:
            k = self.chunk if self._budget is None else min(self.chunk, self._budget)
            t0 = time.perf_counter()
            with s.lock:
                r = s.trainer.run_chunk(k)
                for hook in s.chunk_hooks:
                    hook(s, r)
            dt = time.perf_counter() - t0
            if r.steps and dt > 0:  # aim at ~10 ms per chunk
                self.chunk = max(
                    1, min(4096, int(self.chunk * TARGET_CHUNK_S / dt * 0.5 + self.chunk * 0.5))
                )
            if self._budget is not None:
                self._budget -= r.steps
            if r.stopped:
                return r.stopped
            if r.epoch_finished and r.metrics is not None:
                self.epoch_finished.emit(dict(r.metrics))
                reason = s.stop_condition(r.metrics)
                if reason:
                    return reason
                if self._epoch_only:
                    return ""
            if self._budget is not None and self._budget <= 0:
                return ""
        return ""

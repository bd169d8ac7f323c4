"""Runs the engine warm-up in a helper process so the GUI thread never compiles."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QProcess, Signal


class EngineWarmup(QObject):
    """Starts ``python -m layerlab.engine.warmup`` unless the cache is already warm."""

    finished = Signal(bool, str)  # ok, message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proc: QProcess | None = None
        self.ready = False

    def start(self) -> None:
        from layerlab.engine.warmup import is_warm

        if is_warm():
            self.ready = True
            self.finished.emit(True, "")
            return
        self._proc = QProcess(self)
        self._proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self._proc.finished.connect(self._on_process_finished)
        self._proc.start(sys.executable, ["-m", "layerlab.engine.warmup"])

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.state() != QProcess.ProcessState.NotRunning

    def _on_process_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        out = bytes(self._proc.readAll()).decode(errors="replace") if self._proc else ""
        self.ready = code == 0 and status == QProcess.ExitStatus.NormalExit
        self.finished.emit(self.ready, out.strip().splitlines()[-1] if out.strip() else "")

    def stop(self) -> None:
        if self.running:
            self._proc.kill()
            self._proc.waitForFinished(2000)

"""TrainingControl: carries out the training panel's requests on the Session."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from layerlab.app.builder.document import GraphDocument
from layerlab.app.engine_messages import translate_message
from layerlab.app.session import Session
from layerlab.app.views.training_panel import TrainingPanel
from layerlab.app.warmup import EngineWarmup
from layerlab.data import DataError
from layerlab.engine.errors import SpecError, TrainingError


def tr(text: str) -> str:
    return QCoreApplication.translate("TrainingControl", text)


class TrainingControl(QObject):
    """Builds the session's network from the document and starts, pauses and resets it."""

    def __init__(
        self,
        doc: GraphDocument,
        session: Session,
        panel: TrainingPanel,
        warmup: EngineWarmup,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.doc, self.session, self.panel, self.warmup, self.window = (
            doc,
            session,
            panel,
            warmup,
            window,
        )
        self._pending: str | None = None  # an action waiting for the engine warm-up
        panel.train_clicked.connect(lambda: self._request("train"))
        panel.step_batch_clicked.connect(lambda: self._request("batch"))
        panel.step_epoch_clicked.connect(lambda: self._request("epoch"))
        panel.pause_clicked.connect(session.pause)
        panel.reset_clicked.connect(self._on_reset)
        panel.reinit_clicked.connect(self._on_reinit)
        session.state_changed.connect(lambda s: panel.set_running(s == "running"))
        session.stopped.connect(self._on_stopped)
        session.failed.connect(self._on_failed)
        warmup.finished.connect(self._on_warmup_finished)
        doc.validated.connect(self._on_doc_edited)

    def _request(self, action: str) -> None:
        if not self.warmup.ready:
            self._pending = action
            self.panel.show_message(
                tr("Preparing the engine (first start only); training starts when it is ready...")
            )
            return
        if not self._prepare():
            return
        {
            "train": self.session.start,
            "batch": self.session.step_batch,
            "epoch": self.session.step_epoch,
        }[action]()

    def _prepare(self) -> bool:
        inf = self.doc.inference()
        if not inf.ok:
            self.panel.show_message(
                tr("Fix the problems first:\n")
                + "\n".join(translate_message(p.message) for p in inf.problems[:5])
            )
            return False
        spec = self.doc.chain_spec()
        warning = self.session.memory_warning(spec)
        if (
            warning
            and QMessageBox.question(
                self.window, tr("Not enough memory"), warning + "\n\n" + tr("Train anyway?")
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        self.session.run = self.panel.run_settings()
        try:
            self.session.prepare(spec)
        except (SpecError, TrainingError, DataError, ValueError) as e:
            self.panel.show_message(translate_message(str(e)))
            return False
        return True

    def _on_warmup_finished(self, ok: bool, message: str) -> None:
        action, self._pending = self._pending, None
        if not ok:
            self.panel.show_message(tr("The engine could not be prepared: %s") % message)
        elif action:
            QTimer.singleShot(0, lambda: self._request(action))

    def _on_doc_edited(self) -> None:
        """An edit of the network stops training; optimizer changes apply live."""
        if self.session.net is None or not self.doc.inference().ok:
            if self.session.running:
                self.session.stop()
            return
        spec = self.doc.chain_spec()
        old = self.session.spec
        if old is not None and spec.optimizer != old.optimizer and spec.layers == old.layers:
            self.session.set_optimizer(spec.optimizer)
            return
        if self.session.running:
            self.session.stop()
            self.panel.show_message(
                tr("The network changed: training stopped. Press Train to rebuild it.")
            )

    def _on_reset(self) -> None:
        self.session.reset()
        self.panel.show_message(tr("Weights reset to their initial values."))

    def _on_reinit(self) -> None:
        self._reinits = getattr(self, "_reinits", 0) + 1
        seed = (self.doc.settings.get("seed", 0) + self._reinits) % (2**31)
        self.session.reinitialize(seed)
        self.panel.show_message(tr("New random weights (seed %s).") % seed)

    def _on_stopped(self, reason: str) -> None:
        if reason:
            self.panel.show_message(reason)
            if "loss became" in reason:
                QMessageBox.warning(self.window, tr("Training paused"), reason)

    def _on_failed(self, message: str) -> None:
        QMessageBox.critical(self.window, tr("Training failed"), message)

"""TrainingPanel: data set, stop conditions and the play/pause/step/reset buttons."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.session import RunSettings, Snapshot
from layerlab.data import DATASETS, available_datasets

TEXT_HZ = 10  # progress text updates a second while training: faster is unreadable


def tr(text: str) -> str:
    return QCoreApplication.translate("TrainingPanel", text)


class TrainingPanel(QWidget):
    """Controls only: it emits requests; the TrainingControl carries them out."""

    train_clicked = Signal()
    pause_clicked = Signal()
    step_batch_clicked = Signal()
    step_epoch_clicked = Signal()
    reset_clicked = Signal()
    reinit_clicked = Signal()
    run_settings_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self.dataset = QComboBox()
        for name in available_datasets():
            self.dataset.addItem(DATASETS[name].title if name in DATASETS else name, name)
        self.epochs = QSpinBox(minimum=1, maximum=100_000, value=10)
        self.target_loss = QDoubleSpinBox(decimals=4, minimum=0.0, maximum=100.0, singleStep=0.01)
        self.target_loss.setSpecialValueText(tr("off"))
        self.target_acc = QDoubleSpinBox(decimals=3, minimum=0.0, maximum=1.0, singleStep=0.01)
        self.target_acc.setSpecialValueText(tr("off"))
        self.val_percent = QSpinBox(minimum=0, maximum=90, suffix=" %")
        self.val_percent.setSpecialValueText(tr("default"))
        self.val_percent.setToolTip(tr("Share of the data held out for validation"))
        self.patience = QSpinBox(minimum=0, maximum=10_000)
        self.patience.setSpecialValueText(tr("off"))
        self.patience.setToolTip(
            tr("Early stopping: stop after this many epochs without a better validation loss")
        )
        self.restore_best = QCheckBox(tr("restore the best weights"))
        self.restore_best.setChecked(True)
        form = QFormLayout()
        form.addRow(tr("data set"), self.dataset)
        form.addRow(tr("validation split"), self.val_percent)
        form.addRow(tr("epochs"), self.epochs)
        form.addRow(tr("stop at loss"), self.target_loss)
        form.addRow(tr("stop at accuracy"), self.target_acc)
        form.addRow(tr("early stopping (epochs)"), self.patience)
        form.addRow("", self.restore_best)
        self._options: dict = {}  # the data set's options (set by a lesson; a new choice clears)
        self.dataset.currentIndexChanged.connect(lambda *_: self._options.clear())
        self._run_widgets = (
            self.dataset,
            self.val_percent,
            self.epochs,
            self.target_loss,
            self.target_acc,
            self.patience,
            self.restore_best,
        )
        for w in self._run_widgets:
            sig = (
                w.currentIndexChanged
                if isinstance(w, QComboBox)
                else w.toggled
                if isinstance(w, QCheckBox)
                else w.valueChanged
            )
            sig.connect(lambda *_: self.run_settings_changed.emit())
        self.train_button = QPushButton(tr("Train"))
        self.train_button.setObjectName("train_button")  # lessons point at it
        self.train_button.clicked.connect(self._on_train_button_clicked)
        buttons = QGridLayout()
        buttons.addWidget(self.train_button, 0, 0, 1, 2)
        for i, (text, sig) in enumerate(
            [
                (tr("Step batch"), self.step_batch_clicked),
                (tr("Step epoch"), self.step_epoch_clicked),
                (tr("Reset weights"), self.reset_clicked),
                (tr("New weights"), self.reinit_clicked),
            ]
        ):
            b = QPushButton(text)
            b.clicked.connect(sig)
            buttons.addWidget(b, 1 + i // 2, i % 2)
        self.status = QLabel(tr("not trained yet"))
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        lay.addStretch(1)
        self._running = False
        self._progress = ""
        self._message = ""
        self._text_at = -math.inf  # perf_counter of the last progress text

    def run_settings(self) -> RunSettings:
        options = dict(self._options)
        if self.val_percent.value():
            options["val_fraction"] = self.val_percent.value() / 100
        return RunSettings(
            dataset=self.dataset.currentData(),
            options=options,
            epochs=self.epochs.value(),
            target_loss=self.target_loss.value() or None,
            target_accuracy=self.target_acc.value() or None,
            patience=self.patience.value(),
            restore_best=self.restore_best.isChecked(),
        )

    def select_dataset(self, name: str) -> bool:
        """Choose the data set ``name`` (a network file's own); False if it is not offered
        (a folder data set that is not installed, say), leaving the choice as it was."""
        index = self.dataset.findData(name)
        if index < 0:
            return False
        self.dataset.setCurrentIndex(index)
        return True

    def set_run_settings(self, run: RunSettings) -> None:
        """Show ``run`` (a lesson's data set with its options, epochs and targets); one
        run_settings_changed. Raises ValueError for a data set the list does not offer."""
        index = self.dataset.findData(run.dataset)
        if index < 0:
            raise ValueError(f"the data set {run.dataset!r} is not available")
        blockers = [QSignalBlocker(w) for w in self._run_widgets]
        self.dataset.setCurrentIndex(index)
        self.val_percent.setValue(round(100 * float(run.options.get("val_fraction", 0.0))))
        self.epochs.setValue(run.epochs)
        self.target_loss.setValue(run.target_loss or 0.0)
        self.target_acc.setValue(run.target_accuracy or 0.0)
        self.patience.setValue(run.patience)
        self.restore_best.setChecked(run.restore_best)
        for b in blockers:
            b.unblock()
        self._options = {k: v for k, v in run.options.items() if k != "val_fraction"}
        self.run_settings_changed.emit()

    def set_running(self, running: bool) -> None:
        self._running = running
        if running:
            self._message = ""
        self.train_button.setText(tr("Pause") if running else tr("Train"))

    def _on_train_button_clicked(self) -> None:
        (self.pause_clicked if self._running else self.train_clicked).emit()

    def show_message(self, text: str) -> None:
        """A message under the progress line (replaced by the next message)."""
        self._message = text
        self.status.setText(f"{self._progress}\n{text}" if self._progress else text)

    def refresh(self, snap: Snapshot) -> bool:
        """The progress text; while training at most TEXT_HZ times a second (the frame clock
        offers the snapshot again later: False means not drawn)."""
        now = time.perf_counter()
        if snap.running and now - self._text_at < 1.0 / TEXT_HZ:
            return False
        self._text_at = now
        self.drawn_step = snap.step
        spe = max(snap.steps_per_epoch, 1)
        if snap.step and snap.step % spe == 0:
            text = tr("epoch %s done, %s steps") % (snap.epoch, snap.step)
        else:
            text = tr("epoch %s, step %s/%s") % (snap.epoch + 1, snap.step % spe, spe)
        if len(snap.trace):
            loss, acc = snap.trace[-1]
            text += tr(" - loss %.4f, accuracy %.3f") % (loss, acc)
        if snap.history:
            last = snap.history[-1]
            if "val_accuracy" in last:
                text += "\n" + tr("validation: loss %.4f, accuracy %.3f") % (
                    last["val_loss"],
                    last["val_accuracy"],
                )
        self._progress = text
        self.status.setText(f"{text}\n{self._message}" if self._message else text)
        return True

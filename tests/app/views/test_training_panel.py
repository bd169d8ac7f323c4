"""TrainingPanel: the progress text, at most TEXT_HZ times a second while training."""

from __future__ import annotations

import numpy as np

from layerlab.app.session import Snapshot
from layerlab.app.views.training_panel import TrainingPanel


def snap(step: int, running: bool) -> Snapshot:
    trace = np.array([[0.5, 0.75]], np.float32)
    return Snapshot(step, 0, 100, trace, [], running)


def test_progress_text_names_the_epoch_step_loss_and_accuracy(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    assert panel.refresh(snap(42, running=False)) is True
    assert panel.status.text() == "epoch 1, step 42/100 - loss 0.5000, accuracy 0.750"
    assert panel.drawn_step == 42


def test_while_training_the_text_changes_at_most_ten_times_a_second(qtbot, monkeypatch) -> None:
    from layerlab.app.views import training_panel

    clock = {"t": 100.0}
    monkeypatch.setattr(training_panel.time, "perf_counter", lambda: clock["t"])
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    assert panel.refresh(snap(1, running=True)) is True
    clock["t"] += 0.05
    assert panel.refresh(snap(2, running=True)) is False  # stays stale: offered again later
    assert "step 1/" in panel.status.text() and panel.drawn_step == 1
    clock["t"] += 0.06
    assert panel.refresh(snap(3, running=True)) is True
    assert "step 3/" in panel.status.text()
    clock["t"] += 0.01
    assert panel.refresh(snap(4, running=False)) is True  # stopped: the final state at once
    assert "step 4/" in panel.status.text()

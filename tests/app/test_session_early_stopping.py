"""Session: early stopping from the run settings, with the best epoch's weights restored; the
training panel's validation split and early-stopping controls."""

from __future__ import annotations

import numpy as np

from layerlab.app.session import RunSettings, Session
from layerlab.app.views.training_panel import TrainingPanel
from layerlab.engine.spec import NetworkSpec

TINY = {
    "input": {"shape": [2]},
    "layers": [
        {"id": "fc1", "kind": "Dense", "units": 4, "activation": "tanh"},
        {"id": "fc2", "kind": "Dense", "units": 2},
    ],
    "batch_size": 10,
}


def _epoch(session: Session, epoch: int, val_loss: float) -> str:
    """Pretend an epoch ended with ``val_loss``; its weights are all equal to ``epoch``."""
    for w in session.net.params.values():
        w[...] = epoch
    return session.stop_condition({"epoch": float(epoch), "loss": 1.0, "val_loss": val_loss})


def test_early_stopping_stops_after_patience_and_restores_the_best_weights(qtbot) -> None:
    session = Session()
    session.run = RunSettings(dataset="xor", epochs=100, patience=2, restore_best=True)
    session.prepare(NetworkSpec.from_dict(TINY))
    session._arm_early_stopping()
    assert _epoch(session, 1, 1.0) == ""
    assert _epoch(session, 2, 0.5) == ""  # best
    assert session.best_epoch == 2
    assert _epoch(session, 3, 0.6) == ""  # one epoch without progress: patience 2 waits
    reason = _epoch(session, 4, 0.7)
    assert "early stopping" in reason and "best at epoch 2" in reason
    assert all(np.all(w == 2) for w in session.net.params.values())  # epoch 2's weights back


def test_early_stopping_off_and_without_restore(qtbot) -> None:
    session = Session()
    session.run = RunSettings(dataset="xor", epochs=5, patience=0)
    session.prepare(NetworkSpec.from_dict(TINY))
    session._arm_early_stopping()
    assert [_epoch(session, e, 1.0 + e) for e in (1, 2, 3, 4)] == ["", "", "", ""]
    assert session.best_epoch is None
    session.run = RunSettings(dataset="xor", epochs=100, patience=1, restore_best=False)
    session._arm_early_stopping()
    assert _epoch(session, 1, 0.5) == ""
    assert "early stopping" in _epoch(session, 2, 0.9)
    assert all(np.all(w == 2) for w in session.net.params.values())  # the last weights stay


def test_panel_validation_split_and_early_stopping_round_trip(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    assert panel.run_settings().patience == 0 and "val_fraction" not in panel.run_settings().options
    changed = []
    panel.run_settings_changed.connect(lambda: changed.append(1))
    panel.val_percent.setValue(25)
    panel.patience.setValue(3)
    panel.restore_best.setChecked(False)
    run = panel.run_settings()
    assert run.options["val_fraction"] == 0.25 and run.patience == 3 and not run.restore_best
    assert len(changed) == 3
    panel.set_run_settings(
        RunSettings(dataset="xor", options={"val_fraction": 0.3, "noise": 0.1}, patience=5)
    )
    run = panel.run_settings()
    assert panel.val_percent.value() == 30
    assert run.options == {"val_fraction": 0.3, "noise": 0.1}
    assert run.patience == 5 and run.restore_best

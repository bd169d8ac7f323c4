"""Training from the window: the worker trains, views poll, edits stop it, NaN pauses it."""

import numpy as np
import pytest

from layerlab.app.builder.commands import SetParamCommand, SetSettingCommand
from layerlab.app.session import Session


@pytest.fixture
def window(new_window, monkeypatch):
    monkeypatch.setattr("layerlab.app.training_control.QMessageBox.warning", lambda *a: None)
    w = new_window()
    yield w
    w.session.shutdown()


def _train(window, qtbot, epochs=1):
    window.training.epochs.setValue(epochs)
    with qtbot.waitSignal(window.session.stopped, timeout=180_000) as blocker:
        window.training.train_button.click()
    return blocker.args[0]


def test_train_button_trains_one_epoch_and_the_curves_show_it(window, qtbot):
    reason = _train(window, qtbot)
    assert "finished 1 epochs" in reason
    snap = window.session.snapshot()
    assert snap.epoch == 1 and len(snap.history) == 1
    assert snap.history[0]["val_accuracy"] > 0.7
    qtbot.waitUntil(lambda: window.curves.drawn_step == snap.step, timeout=2000)
    x, y = window.curves.epoch_loss.getData()
    assert list(x) == [1.0]
    assert np.isclose(y[0], snap.history[0]["loss"])


def test_step_batch_runs_exactly_one_step(window, qtbot):
    with qtbot.waitSignal(window.session.stopped, timeout=180_000):
        window.training.step_batch_clicked.emit()
    assert window.session.trainer.step == 1


def test_reset_restores_the_initial_weights(window, qtbot):
    with qtbot.waitSignal(window.session.stopped, timeout=180_000):
        window.training.step_batch_clicked.emit()
    before = window.session.net.params["fc1.weight"].copy()
    window.session.reset()
    after_reset = window.session.net.params["fc1.weight"]
    assert not np.array_equal(before, after_reset)
    with qtbot.waitSignal(window.session.stopped, timeout=180_000):
        window.training.step_batch_clicked.emit()
    np.testing.assert_array_equal(window.session.net.params["fc1.weight"], before)


def test_learning_rate_change_applies_live_without_reset(window, qtbot):
    with qtbot.waitSignal(window.session.stopped, timeout=180_000):
        window.training.step_batch_clicked.emit()
    opt = dict(window.doc.settings["optimizer"], lr=0.005)
    window.doc.undo_stack.push(SetSettingCommand(window.doc, "optimizer", opt))
    assert window.session.trainer.opt.lr == 0.005
    assert window.session.trainer.step == 1


def test_editing_a_layer_while_training_stops_and_rebuilds(window, qtbot):
    window.training.epochs.setValue(1000)
    window.training.train_button.click()
    qtbot.waitUntil(lambda: window.session.trainer.step > 0, timeout=180_000)
    window.doc.undo_stack.push(SetParamCommand(window.doc, "fc1", "units", 50))
    assert not window.session.running
    with qtbot.waitSignal(window.session.stopped, timeout=180_000):
        window.training.step_batch_clicked.emit()
    assert window.session.net.params["fc1.weight"].shape == (784, 50)


def test_diverging_learning_rate_pauses_with_the_reason(window, qtbot):
    opt = {"kind": "sgd", "lr": 1e5}
    window.doc.undo_stack.push(SetSettingCommand(window.doc, "optimizer", opt))
    reason = _train(window, qtbot, epochs=3)
    assert "learning rate" in reason
    assert "learning rate" in window.training.status.text()


def test_wrong_data_shape_is_explained_not_raised(window, qtbot):
    window.doc.undo_stack.push(SetSettingCommand(window.doc, "input_shape", (2,)))
    window.training.dataset.setCurrentIndex(window.training.dataset.findData("mnist5k"))
    window.training.train_button.click()
    text = window.training.status.text()
    assert "(2,)" in text and "change the input shape or the data set" in text
    assert not window.session.running


def test_invalid_network_is_not_trained_and_the_problems_are_listed(window):
    window.doc.undo_stack.push(SetParamCommand(window.doc, "fc1", "units", -3))
    window.training.train_button.click()
    assert "Fix the problems first" in window.training.status.text()
    assert window.session.trainer is None


def test_saved_project_reopens_with_weights_and_resumes_training(window, qtbot, tmp_path):
    reason = _train(window, qtbot)
    assert "finished" in reason
    weights = window.session.net.params["fc1.weight"].copy()
    path = tmp_path / "run.layerlab"
    assert window.files.save_to(path)
    fresh = Session()
    window.session.shutdown()
    window.session = fresh
    window.files.training_state = fresh.training_state
    window.files.project_loaded.disconnect()
    window.files.project_loaded.connect(window._on_project_loaded)
    assert window.files.open_path(str(path))
    np.testing.assert_array_equal(fresh.net.params["fc1.weight"], weights)
    fresh.run = window.training.run_settings()
    fresh.prepare(window.doc.chain_spec())
    assert fresh.trainer.epoch == 1
    assert len(fresh.trainer.history.rows) == 1
    np.testing.assert_array_equal(fresh.net.params["fc1.weight"], weights)


def test_export_curves_as_png_and_svg(window, qtbot, tmp_path, monkeypatch):
    _train(window, qtbot)
    for suffix in ("png", "svg"):
        target = tmp_path / f"curves.{suffix}"
        monkeypatch.setattr(
            "layerlab.app.plot_export.QFileDialog.getSaveFileName",
            lambda *a, t=target, **k: (str(t), ""),
        )
        window.act_export_curves.trigger()
        assert target.exists() and target.stat().st_size > 500

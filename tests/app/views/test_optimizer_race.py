"""OptimizerRaceView: the race runs in its thread, the curves are the race's traces."""

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import Qt

from layerlab.app.builder.commands import SetParamCommand
from layerlab.app.views.optimizer_race import (
    RACER_COLOURS,
    OptimizerRaceView,
    RaceSetup,
    loss_curve_points,
    moving_average,
    setup_from_window,
)
from layerlab.engine.race import DEFAULT_RACERS
from layerlab.engine.spec import NetworkSpec

NET_2_8_2 = NetworkSpec.from_dict({"input": {"shape": [2]}, "seed": 1, "batch_size": 10,
                                   "loss": "softmax_cross_entropy", "layers": [
                                       {"id": "h", "kind": "Dense", "units": 8,
                                        "activation": "tanh"},
                                       {"id": "out", "kind": "Dense", "units": 2}]})  # fmt: skip
CIRCLE = RaceSetup(NET_2_8_2, "circle")  # 160 training rows: 16 steps per epoch


def make_view(qtbot, setup=lambda: CIRCLE) -> OptimizerRaceView:
    view = OptimizerRaceView(setup)
    qtbot.addWidget(view)
    view.show()
    return view


@pytest.fixture
def view(qtbot):
    v = make_view(qtbot)
    yield v
    v.shutdown()


def run_until(qtbot, view, steps: int) -> None:
    """Start, wait until every curve has ``steps`` points and two epochs, then pause."""
    view.start()

    def drawn():
        return all(c.yData is not None and len(c.yData) >= steps for c in view.loss_curves) and \
            all(len(c.yData) >= 3 for c in view.acc_curves)  # fmt: skip

    qtbot.waitUntil(lambda: len(view.loss_curves) > 0 and drawn(), timeout=60_000)
    view.pause()
    qtbot.waitUntil(lambda: not view.runner.running, timeout=10_000)


def test_the_table_starts_with_the_textbook_racers(view):
    assert [opt for _, opt in view.racers()] == [
        {"kind": o["kind"], "lr": pytest.approx(o["lr"])} for o in DEFAULT_RACERS
    ]


def test_curves_show_every_racers_loss_and_validation_accuracy(qtbot, view):
    view.smoothing.setValue(1)
    run_until(qtbot, view, 40)
    snap = view.runner.race.snapshot()
    assert len(view.loss_curves) == len(view.acc_curves) == len(snap.racers) == 5
    for r, loss, acc in zip(snap.racers, view.loss_curves, view.acc_curves, strict=True):
        np.testing.assert_array_equal(loss.yData, r.losses)  # smoothing 1: the raw trace
        np.testing.assert_array_equal(loss.xData, np.arange(1, len(r.losses) + 1))
        np.testing.assert_array_equal(acc.yData, r.val_accuracy)
        np.testing.assert_array_equal(acc.xData, np.arange(len(r.val_accuracy)))
    assert len(snap.racers[0].losses) == snap.step >= 40
    epoch = -(-snap.step // 16)
    assert view.status.text().startswith(f"step {snap.step} (epoch {epoch})\nSGD (0.01): ")
    names = [label.text for _, label in view.legend.items]
    assert names == ["SGD (0.01)", "Momentum (0.01)", "AdaGrad (0.01)", "RMSProp (0.001)",
                     "Adam (0.001)"]  # fmt: skip
    view.smoothing.setValue(8)  # redraws the smoothed traces at once
    for r, loss in zip(snap.racers, view.loss_curves, strict=True):
        np.testing.assert_allclose(loss.yData, moving_average(r.losses, 8), rtol=1e-6)


def test_moving_average_is_the_trailing_mean():
    x = np.array([1, 2, 3, 4, 10], np.float32)
    np.testing.assert_allclose(moving_average(x, 2), [1, 1.5, 2.5, 3.5, 7])
    np.testing.assert_allclose(moving_average(x, 3), [1, 1.5, 2, 3, 17 / 3], rtol=1e-6)
    assert moving_average(x, 1) is x


def test_long_traces_are_drawn_as_block_means_ending_at_the_last_step():
    losses = np.arange(1, 101, dtype=np.float32)  # loss = step
    x, y = loss_curve_points(losses, 1, max_points=10)
    np.testing.assert_array_equal(x, np.arange(10, 101, 10))
    np.testing.assert_allclose(y, np.arange(10, 101, 10) - 4.5)  # mean of the last 10 steps
    x, y = loss_curve_points(losses, 1, max_points=100)
    np.testing.assert_array_equal(y, losses)


def test_pause_stops_stepping_and_start_resumes_the_same_race(qtbot, view):
    run_until(qtbot, view, 20)
    race, steps = view.runner.race, view.runner.race.step_count
    assert not view.table.isEnabled() and view.start_button.isEnabled()
    qtbot.wait(100)
    assert race.step_count == steps
    view.start()
    qtbot.waitUntil(lambda: race.step_count > steps, timeout=10_000)
    view.pause()
    qtbot.waitUntil(lambda: not view.runner.running, timeout=10_000)
    assert view.runner.race is race


def test_reset_clears_the_curves_and_unlocks_the_table(qtbot, view):
    run_until(qtbot, view, 20)
    view.reset()
    assert view.runner.race is None and not view.runner.running
    assert view.loss_curves == [] and view.acc_curves == []
    assert view.legend.items == [] and view.table.isEnabled()
    view.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)  # race without SGD now
    run_until(qtbot, view, 5)
    assert view.runner.race.names[0] == "Momentum (0.01)" and len(view.loss_curves) == 4
    assert view.loss_curves[0].opts["pen"].color() == RACER_COLOURS[1]  # its row's colour


def test_edited_racers_race_and_a_diverging_one_is_reported(qtbot, view):
    view.table.selectRow(1)
    view.remove_button.click()  # Momentum goes; the rows below move up and take its colour
    assert view.table.rowCount() == 4 and view.table.item(1, 0).text() == "#2"
    assert view.table.cellWidget(1, 1).currentData() == "adagrad"
    assert view.table.item(1, 0).foreground().color() == RACER_COLOURS[1]
    while view.table.rowCount() > 1:
        view.table.selectRow(0)
        view.remove_button.click()
    view.table.cellWidget(0, 1).setCurrentIndex(view.table.cellWidget(0, 1).findData("adam"))
    assert view.table.cellWidget(0, 2).value() == pytest.approx(0.001)  # Adam's default
    view.add_button.click()
    view.table.cellWidget(1, 1).setCurrentIndex(view.table.cellWidget(1, 1).findData("sgd"))
    view.table.cellWidget(1, 2).setValue(100.0)
    assert [o for _, o in view.racers()] == [{"kind": "adam", "lr": 0.001},
                                              {"kind": "sgd", "lr": 100.0}]  # fmt: skip
    view.start()
    qtbot.waitUntil(lambda: "diverged" in view.status.text(), timeout=60_000)
    qtbot.waitUntil(lambda: len(view.loss_curves[0].yData) >= 40, timeout=60_000)
    view.pause()
    qtbot.waitUntil(lambda: not view.runner.running, timeout=10_000)
    adam, sgd = view.runner.race.snapshot().racers
    assert sgd.diverged and adam.diverged is None and len(adam.losses) > len(sgd.losses)
    assert f"SGD (100): {sgd.losses[-1]:.4f} - diverged: the loss" in view.status.text()


def test_a_setup_error_is_shown_and_starts_nothing(qtbot):
    def broken():
        raise ValueError("Fix the problems first:\nfc1: units must be positive")

    view = make_view(qtbot, broken)
    view.start()
    assert "units must be positive" in view.status.text()
    assert not view.runner.running and view.runner.race is None and view.table.isEnabled()


def test_data_the_network_cannot_take_is_reported(qtbot):
    view = make_view(qtbot, lambda: RaceSetup(NET_2_8_2, "mnist5k"))
    view.start()
    qtbot.waitUntil(lambda: not view.runner.running, timeout=60_000)
    qtbot.waitUntil(lambda: "training inputs have 784 values" in view.status.text(), timeout=5000)
    assert view.runner.race is None and view.start_button.isEnabled()


def test_destroying_the_view_stops_the_race_thread(qtbot):
    view = OptimizerRaceView(lambda: CIRCLE)
    view.start()
    runner = view.runner
    qtbot.waitUntil(lambda: runner.race is not None and runner.race.step_count > 0, timeout=60_000)
    shiboken6.delete(view)
    assert not runner.running


@pytest.fixture
def window(qtbot, new_window):
    w = new_window("playground_circle.json")
    qtbot.waitUntil(lambda: "optimizer_race" in w._docks, timeout=10_000)  # after first paint
    yield w
    w.close()


def test_the_window_races_the_builders_network_on_the_panels_data(window):
    view = window._docks["optimizer_race"].widget().ensure_built()
    assert isinstance(view, OptimizerRaceView)
    window.training.dataset.setCurrentIndex(window.training.dataset.findData("xor"))
    setup = view._setup()
    assert setup.spec == window.doc.chain_spec() and setup.dataset == "xor"
    assert setup.epochs == window.training.epochs.value()
    window.doc.undo_stack.push(SetParamCommand(window.doc, "h1", "units", -3))
    with pytest.raises(ValueError, match="Fix the problems first"):
        setup_from_window(window)
    view.start()
    assert "Fix the problems first" in view.status.text() and not view.runner.running


def test_the_race_ends_after_the_panels_epochs(qtbot):
    view = make_view(qtbot, lambda: RaceSetup(NET_2_8_2, "circle", {}, epochs=2))
    view.start()
    qtbot.waitUntil(
        lambda: not view.runner.running and view.runner.race is not None, timeout=60_000
    )
    qtbot.waitUntil(lambda: "finished" in view.status.text(), timeout=5000)
    assert view.runner.race.step_count == 32 and view.status.text().startswith("step 32 (epoch 2)")
    assert all(len(c.yData) == 3 for c in view.acc_curves)  # untrained, epoch 1, epoch 2
    view.start()
    assert "press Reset" in view.status.text() and not view.runner.running

"""LossCurveView: per-step curves as block means, epoch curves exact, ranges that follow."""

from __future__ import annotations

import numpy as np

from layerlab.app.session import Snapshot
from layerlab.app.views.loss_curve import STEP_POINTS, LossCurveView
from layerlab.app.views.series import block_means


def _snap(steps: int, spe: int = 100) -> Snapshot:
    t = np.arange(steps, dtype=np.float32)
    trace = np.stack([1.0 / (1.0 + t), t / steps], axis=1)
    history = [
        {
            "epoch": float(e),
            "loss": 1.0 / e,
            "accuracy": 0.5,
            "val_loss": 1.2 / e,
            "val_accuracy": 0.4,
        }
        for e in range(1, steps // spe + 1)
    ]
    return Snapshot(steps, steps // spe, spe, trace, history, True)


def test_refresh_draws_block_means_and_exact_epochs_and_follows(qtbot) -> None:
    view = LossCurveView()
    qtbot.addWidget(view)
    view.show()
    snap = _snap(20_000)
    view.refresh(snap)
    x, y = view.step_loss.xData, view.step_loss.yData
    want_x, want_y = block_means(np.arange(1, 20_001) / 100, snap.trace, STEP_POINTS)
    assert len(x) <= STEP_POINTS and x[-1] > 199.9  # the newest block ends at the last step
    np.testing.assert_allclose(x, want_x)
    np.testing.assert_allclose(y, want_y[:, 0], rtol=1e-6)
    np.testing.assert_allclose(view.epoch_loss.yData, [1.0 / e for e in range(1, 201)])
    (x0, x1), (y0, y1) = view.loss_plot.getViewBox().viewRange()
    assert x0 <= want_x[0] and x1 >= 200.0 and y0 <= 0.0 and y1 >= 1.0
    refits = view.follow_loss.refits
    view.refresh(_snap(20_100))  # a little more data: no new range, the axes stay
    assert view.follow_loss.refits == refits


def test_epoch_markers_only_while_few_and_a_reset_run_redraws(qtbot) -> None:
    from layerlab.app.views.loss_curve import MAX_SYMBOLS

    view = LossCurveView()
    qtbot.addWidget(view)
    view.refresh(_snap(1000))  # 10 epochs
    assert view.epoch_loss.opts["symbol"] == "o" and len(view.epoch_loss.yData) == 10
    view.refresh(_snap(100 * (MAX_SYMBOLS + 1)))
    assert view.epoch_loss.opts["symbol"] is None and view.val_loss.opts["symbol"] is None
    snap = _snap(1000)
    snap.history[-1]["loss"] = 9.0  # another run with as many epochs
    view.refresh(snap)
    assert view.epoch_loss.opts["symbol"] == "o" and view.epoch_loss.yData[-1] == 9.0


def test_epoch_curves_grow_incrementally_and_rebuild_after_thinning(qtbot) -> None:
    view = LossCurveView()
    qtbot.addWidget(view)
    snap = _snap(1000)
    view.refresh(snap)
    rows = snap.history
    grown = Snapshot(1100, 11, 100, snap.trace, [*rows, {**rows[-1], "epoch": 11.0}], True)
    view.refresh(grown)
    np.testing.assert_allclose(view.epoch_loss.xData, np.arange(1.0, 12.0))
    np.testing.assert_allclose(view.val_loss.xData, np.arange(1.0, 12.0))
    thinned = Snapshot(1100, 11, 100, snap.trace, grown.history[::2], True)  # the old half thinned
    view.refresh(thinned)
    np.testing.assert_allclose(view.epoch_loss.xData, [1.0, 3.0, 5.0, 7.0, 9.0, 11.0])


def test_thousands_of_epochs_are_drawn_thinned_with_the_last_one(qtbot) -> None:
    view = LossCurveView()
    qtbot.addWidget(view)
    view.refresh(_snap(500_000, spe=100))  # 5,000 epochs
    x = view.epoch_loss.xData
    assert len(x) <= STEP_POINTS and x[0] == 1.0 and x[-1] == 5000.0

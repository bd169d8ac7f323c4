"""LayerStatsView and LiveRecorders: what a real Session's chunk hook records is what is drawn."""

import numpy as np
import pytest

from layerlab.app.recorders import LayerInfo, LiveRecorders
from layerlab.app.session import RunSettings, Session
from layerlab.app.views.layer_stats_view import LayerStatsView, ceil_2_digits, weight_mosaic
from layerlab.engine.layer_stats import QUANTITIES
from layerlab.engine.spec import NetworkSpec

MLP = {"input": {"shape": [28, 28, 1]}, "batch_size": 32, "init": "he_normal",
       "optimizer": {"kind": "sgd", "lr": 0.05}, "loss": "softmax_cross_entropy", "layers": [
           {"id": "flat", "kind": "Flatten"},
           {"id": "fc1", "kind": "Dense", "units": 20, "activation": "relu"},
           {"id": "fc2", "kind": "Dense", "units": 10}]}  # fmt: skip


def make_session(qtbot, spec: dict, dataset: str, steps: int = 2) -> Session:
    """A real Session with the recorders' hook, trained ``steps`` single-step chunks."""
    session = Session()
    session.run = RunSettings(dataset=dataset)
    session.prepare(NetworkSpec.from_dict(spec))
    LiveRecorders.of(session).adopt_network()  # as a view's first refresh does
    train(qtbot, session, steps)
    return session


def train(qtbot, session: Session, steps: int) -> None:
    for _ in range(steps):
        with qtbot.waitSignal(session.stopped, timeout=120_000):
            session.step_batch()
        # 'stopped' is emitted just before the thread ends; a new step needs it ended
        qtbot.waitUntil(lambda: not session.running, timeout=10_000)


def empty(curve) -> bool:
    return curve.yData is None or len(curve.yData) == 0


@pytest.fixture
def session(qtbot):
    s = make_session(qtbot, MLP, "mnist5k")
    yield s
    s.shutdown()


@pytest.fixture
def view(qtbot, session):
    v = LayerStatsView(LiveRecorders.of(session))
    qtbot.addWidget(v)
    v.show()
    v.refresh(session.snapshot())
    return v


def test_one_recorder_per_session_registered_as_a_chunk_hook(session):
    rec = LiveRecorders.of(session)
    assert rec is LiveRecorders.of(session) and session.chunk_hooks == [rec]
    assert rec.stats.net is session.net and rec.stats.head >= 1


def test_the_hook_records_the_gradient_norms_of_the_step(qtbot):
    session = make_session(qtbot, MLP, "mnist5k", steps=1)
    stats = LiveRecorders.of(session).stats
    np.testing.assert_array_equal(stats.latest("steps"), [1])  # the first chunk is recorded
    for lid in ("fc1", "fc2"):
        norm = np.linalg.norm(session.net.grads[f"{lid}.weight"])
        np.testing.assert_allclose(
            stats.latest("grad_norm")[-1, stats.layer_ids.index(lid)], norm, rtol=1e-5
        )
    session.shutdown()


def test_refresh_draws_the_recorders_norms_and_percentile_bands(view, session):
    stats = view.rec.stats
    steps = stats.latest("steps") / session.trainer.steps_per_epoch
    for lid, curve in view.norm_curves.items():
        x, y = curve.xData, curve.yData  # getData() is log10 on the log axis
        np.testing.assert_allclose(x, steps)
        np.testing.assert_allclose(y, stats.latest("grad_norm")[:, stats.layer_ids.index(lid)])
    assert list(view.norm_curves) == ["fc1", "fc2"] and view.layer.currentText() == "fc1"
    for q in QUANTITIES:
        bands = stats.band_series(q, "fc1")
        np.testing.assert_array_equal(view.bands[q].bands, bands)
        np.testing.assert_allclose(view.bands[q].x, steps)
        np.testing.assert_array_equal(view.bands[q].median.getData()[1], bands[:, 3])


def test_choosing_a_layer_shows_its_bands(view):
    view.layer.setCurrentText("fc2")
    bands = view.rec.stats.band_series("activations", "fc2")
    np.testing.assert_array_equal(view.bands["activations"].median.getData()[1], bands[:, 3])
    view.layer.setCurrentText("flat")  # no weights: empty weight bands, activations shown
    assert empty(view.bands["weights"].median)
    assert view.bands["weights"].fills[0].path().isEmpty()
    assert view.weight_image.image is None


def test_first_layer_weight_mosaic_equals_the_weights_reshaped(view, session):
    w = session.net.params["fc1.weight"]  # paused: the copy is of the current weights
    img = view.weight_image.image
    cols = 5  # 20 units: a 4 x 5 grid of 28 x 28 tiles with 1-pixel gaps
    assert img.shape == (4 * 29 - 1, cols * 29 - 1)
    for j in (0, 7, 19):
        r, c = divmod(j, cols)
        tile = img[r * 29 : r * 29 + 28, c * 29 : c * 29 + 28]
        np.testing.assert_array_equal(tile, w[:, j].reshape(28, 28))
    assert np.isnan(img[28, 0])
    lv = ceil_2_digits(float(np.abs(w).max()))  # the colour scale: |w| rounded up
    assert view.weight_image.levels == pytest.approx([-lv, lv])
    assert lv >= float(np.abs(w).max()) > 0.9 * lv


def test_the_colour_scale_rounds_up_to_two_significant_digits() -> None:
    assert ceil_2_digits(0.734) == pytest.approx(0.74)
    assert ceil_2_digits(0.74) == pytest.approx(0.74)
    assert ceil_2_digits(0.7401) == pytest.approx(0.75)
    assert ceil_2_digits(12.01) == pytest.approx(13.0)
    assert ceil_2_digits(3e-6) == pytest.approx(3e-6)


def test_weight_histogram_counts_the_selected_layers_weights(view, session):
    x, y = view.hist_curve.getData()
    counts, edges = np.histogram(session.net.params["fc1.weight"], bins=60)
    np.testing.assert_allclose(x, edges)
    np.testing.assert_array_equal(y, counts)


def test_conv_filters_are_shown_as_a_mosaic_of_filters_by_channels():
    w = np.random.default_rng(0).standard_normal((3, 3, 2, 4)).astype(np.float32)
    info = LayerInfo("c", "Conv2D", "relu", (6, 6, 4), "c.weight", w.shape)
    img = weight_mosaic(info, w, True, (8, 8, 2))
    assert img.shape == (4 * 4 - 1, 2 * 4 - 1)  # rows: filters, columns: input channels
    np.testing.assert_array_equal(img[4 * 3 : 4 * 3 + 3, 4:7], w[:, :, 1, 3])
    dense = LayerInfo("d", "Dense", "relu", (5,), "d.weight", (12, 5))
    assert weight_mosaic(dense, np.zeros((12, 5), np.float32), True, (12,)) is None


def test_badges_show_the_diagnostics(view):
    d = view.rec.stats.diagnostics()
    assert f"{d.grad_ratio:.2g}" in view.badges["ratio"].text()
    assert f"{100 * d.dead_fraction:.1f}%" in view.badges["dead"].text()
    assert view.badges["saturated"].text().endswith("-")  # no sigmoid or tanh layer
    assert view.badges["finite"].property("level") == "ok"


def test_a_rebuilt_network_gets_new_recorders_and_curves(qtbot, view, session):
    old = view.rec.stats
    spec = dict(MLP, layers=[*MLP["layers"][:2], {"id": "fc9", "kind": "Dense", "units": 10}])
    session.prepare(NetworkSpec.from_dict(spec))
    train(qtbot, session, 1)
    view.refresh(session.snapshot())
    assert view.rec.stats is not old and list(view.norm_curves) == ["fc1", "fc9"]


def test_paused_reset_restarts_the_history_and_copies_the_weights(view, session):
    session.reset()
    view.drawn_step = -1  # as FrameClock.force() does after a reset
    view.refresh(session.snapshot())
    assert view.rec.stats.head == 0 and empty(view.norm_curves["fc1"])
    w = view.rec.weights()["fc1.weight"]
    np.testing.assert_array_equal(w, session.net.params["fc1.weight"])
    np.testing.assert_array_equal(view.weight_image.image[:28, :28], w[:, 0].reshape(28, 28))


def test_while_training_each_refresh_draws_one_part_in_turn(view, session):
    import dataclasses

    from layerlab.app.views.layer_stats_view import PARTS

    drawn = []
    view._draw_series = lambda stats, part: drawn.append(part)
    view._draw_weights = lambda: drawn.append("mosaic")
    view._dirty.update(PARTS)
    running = dataclasses.replace(session.snapshot(), running=True)
    counts = []
    for _ in range(len(PARTS) + 2):
        view.refresh(running)
        counts.append(len(drawn))
    assert counts == [*range(1, len(PARTS) + 1), len(PARTS), len(PARTS)]  # one per frame
    assert sorted(drawn) == sorted(PARTS)  # each part once, then nothing left
    assert not view._dirty

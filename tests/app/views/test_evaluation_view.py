"""EvaluationView: confusion matrix, per-class accuracy and the gallery of mistakes."""

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

from layerlab.app.recorders import LiveRecorders
from layerlab.app.views.activations_view import ActivationsView
from layerlab.app.views.evaluation_view import MAX_GALLERY, EvaluationView, confusion_matrix

from .test_layer_stats_view import MLP, make_session


@pytest.fixture
def session(qtbot):
    s = make_session(qtbot, MLP, "mnist5k", steps=3)
    yield s
    s.shutdown()


@pytest.fixture
def view(qtbot, session):
    v = EvaluationView(LiveRecorders.of(session), session.epoch_finished)
    qtbot.addWidget(v)
    v.show()
    return v


def _predictions(session, split="val"):
    ds = getattr(session.splits, split)
    return ds, np.argmax(session.net.forward(ds.x), axis=1)


def test_confusion_matrix_counts_equal_numpy(view, session):
    view.button.click()  # paused: evaluated at once on the GUI thread
    ds, pred = _predictions(session)
    expected = np.bincount(ds.y * 10 + pred, minlength=100).reshape(10, 10)
    np.testing.assert_array_equal(view.confusion, expected)
    assert view.numbers.texts[:10] == [str(c) for c in expected[0]]
    rows = expected.sum(axis=1)
    np.testing.assert_array_equal(view.numbers.bright, (expected / rows[:, None] > 0.5).ravel())
    rows = expected.sum(axis=1)
    np.testing.assert_allclose(view.matrix_image.image, expected / rows[:, None], rtol=1e-6)
    np.testing.assert_allclose(view.class_bars.opts["height"], np.diag(expected) / rows)
    acc = np.mean(pred == ds.y)
    assert f"accuracy {acc:.4f}" in view.summary.text()


def test_test_split_can_be_evaluated(view, session):
    view.split.setCurrentIndex(view.split.findData("test"))
    view.button.click()
    ds, pred = _predictions(session, "test")
    assert view.confusion.sum() == len(ds.y) == 10_000
    assert np.trace(view.confusion) == np.sum(pred == ds.y)


def test_gallery_lists_the_most_confident_mistakes_first(view, session):
    view.button.click()
    ds, pred = _predictions(session)
    wrong = np.flatnonzero(pred != ds.y)
    assert view.gallery.count() == min(MAX_GALLERY, len(wrong))
    shown = [view.gallery.item(i).data(Qt.ItemDataRole.UserRole) for i in range(3)]
    assert all(pred[i] != ds.y[i] for i in shown)
    conf = view.shown.scores[shown, pred[shown]]
    assert list(conf) == sorted(conf, reverse=True)
    first = view.gallery.item(0)
    names = ds.class_names
    assert first.text() == f"{names[ds.y[shown[0]]]} -> {names[pred[shown[0]]]}"
    assert not first.icon().isNull() and "%" in first.toolTip()


def test_clicking_a_mistake_probes_it_in_the_activations_view(qtbot, view, session):
    acts = ActivationsView(LiveRecorders.of(session))
    qtbot.addWidget(acts)
    view.button.click()
    item = view.gallery.item(1)
    view.gallery.itemClicked.emit(item)
    index = item.data(Qt.ItemDataRole.UserRole)
    assert acts.index.value() == index
    np.testing.assert_array_equal(acts.images["input"].image, session.splits.val.x[index, :, :, 0])


def test_evaluation_requested_during_training_runs_in_the_hook(qtbot, view, session):
    session.run.epochs = 1000
    session.start()
    qtbot.waitUntil(lambda: session.trainer.step > 5, timeout=60_000)
    view.button.click()

    def shown_by_the_frame_clock() -> bool:  # while training, refresh() shows the result
        view.refresh(session.snapshot())
        return view.shown is not None

    qtbot.waitUntil(shown_by_the_frame_clock, timeout=60_000)
    session.stop()
    assert view.shown.step > 3 and view.confusion.sum() == len(session.splits.val.y)


def test_confusion_matrix_helper():
    m = confusion_matrix(np.array([0, 1, 1, 2]), np.array([0, 2, 1, 2]), 3)
    np.testing.assert_array_equal(m, [[1, 0, 0], [0, 1, 1], [0, 0, 1]])


def test_an_epoch_end_evaluates_when_visible(qtbot, view, session):
    with qtbot.waitSignal(session.epoch_finished, timeout=60_000):
        session.step_epoch()
    qtbot.waitUntil(lambda: view.shown is not None, timeout=10_000)
    assert view.shown.step == session.trainer.steps_per_epoch


def test_short_epochs_evaluate_at_most_once_a_second(qtbot, view, monkeypatch):
    from layerlab.app.views import evaluation_view

    calls = []
    monkeypatch.setattr(view, "evaluate", lambda: calls.append(time.perf_counter()))
    monkeypatch.setattr(evaluation_view, "EVALUATE_EVERY_S", 0.3)
    for _ in range(5):  # five epochs end within a few milliseconds
        view._on_session_epoch_finished({})
    assert len(calls) == 1 and view._deferred.isActive()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)
    assert calls[1] - calls[0] >= 0.29  # the latest epoch, evaluated once the second is up
    qtbot.wait(400)
    assert len(calls) == 2


def test_gallery_icons_draw_ink_black_on_white(qtbot):
    from layerlab.app.views.evaluation_view import ICON, _icon

    img = np.zeros((28, 28), np.float32)
    img[10:18, 12:16] = 0.8  # a stroke
    qimg = _icon(img).pixmap(ICON, ICON).toImage()
    scale = ICON / 28
    ink = qimg.pixelColor(int(14 * scale), int(14 * scale))
    paper = qimg.pixelColor(2, 2)
    assert ink.value() < 10 and paper.value() > 245


def test_gallery_items_are_reused_and_icons_made_once(view, session, monkeypatch):
    from layerlab.app.views import evaluation_view

    view.button.click()
    first = [view.gallery.item(i) for i in range(view.gallery.count())]
    made = []
    original = evaluation_view._icon
    monkeypatch.setattr(evaluation_view, "_icon", lambda img: made.append(1) or original(img))
    view.shown = None  # the same evaluation shown again
    view._show_latest()
    assert [view.gallery.item(i) for i in range(view.gallery.count())] == first
    assert made == []  # same samples: no icon made again


def test_refresh_before_any_evaluation_keeps_the_prompt(view, session):
    prompt = view.summary.text()
    view.refresh(session.snapshot())  # the frame clock, in the first epoch: nothing to show
    assert view.summary.text() == prompt and view.shown is None


def test_another_split_shows_its_own_samples_pictures(view, session, monkeypatch):
    from layerlab.app.views import evaluation_view

    view.button.click()  # validation
    made = []
    original = evaluation_view._icon
    monkeypatch.setattr(evaluation_view, "_icon", lambda img: made.append(img) or original(img))
    view.split.setCurrentIndex(view.split.findData("test"))
    view.button.click()
    test_x = session.splits.test.x
    rows = [
        view.gallery.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.gallery.count())
    ]
    assert len(made) == len(rows)  # every row's picture made again, from the test set
    for img, i in zip(made, rows, strict=True):
        np.testing.assert_array_equal(img, test_x[i].reshape(28, 28))


def test_the_same_indices_in_another_data_set_get_that_data_sets_pictures(view, session):
    """Rows are reused across evaluations; a row for sample #i of another data set must not
    keep the picture of #i of the first one."""
    import dataclasses

    from layerlab.app.views.evaluation_view import _icon

    view.button.click()
    ev = view.shown
    ds = view.rec.dataset(ev.split)
    pred = np.argmax(ev.scores, axis=1)
    names = [str(c) for c in range(10)]
    other = dataclasses.replace(ds, x=np.ascontiguousarray(1.0 - ds.x))  # the same indices
    view._fill_gallery(ev, pred, names, other)

    def pixels(icon) -> bytes:
        img = icon.pixmap(56, 56).toImage()
        return bytes(img.constBits())

    for row in range(view.gallery.count()):
        item = view.gallery.item(row)
        i = item.data(Qt.ItemDataRole.UserRole)
        assert pixels(item.icon()) == pixels(_icon(other.x[i].reshape(28, 28))), row

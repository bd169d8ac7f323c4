"""ActivationsView: the probe sample's activations per layer, its label and the prediction."""

import numpy as np
import pytest

from layerlab.app.recorders import LiveRecorders
from layerlab.app.views.activations_view import ActivationsView, as_image, levels_for, mosaic

from .test_layer_stats_view import make_session, train

CNN = {"input": {"shape": [28, 28, 1]}, "batch_size": 16, "init": "he_normal",
       "optimizer": {"kind": "sgd", "lr": 0.05}, "loss": "softmax_cross_entropy", "layers": [
           {"id": "conv", "kind": "Conv2D", "filters": 3, "kernel_size": 5, "activation": "relu"},
           {"id": "pool", "kind": "MaxPool2D", "pool_size": 4},
           {"id": "flat", "kind": "Flatten"},
           {"id": "fc", "kind": "Dense", "units": 12, "activation": "tanh"},
           {"id": "out", "kind": "Dense", "units": 10}]}  # fmt: skip


@pytest.fixture
def session(qtbot):
    s = make_session(qtbot, CNN, "mnist5k", steps=1)
    yield s
    s.shutdown()


@pytest.fixture
def view(qtbot, session):
    v = ActivationsView(LiveRecorders.of(session))
    qtbot.addWidget(v)
    v.show()
    v.refresh(session.snapshot())
    return v


def _expected(session, split, index):
    """Each layer's activations for one sample, computed here on the paused network."""
    ds = getattr(session.splits, split)
    out = session.net.forward(ds.x[index : index + 1])
    return {k: a[0].copy() for k, a in session.net.activations().items()}, out[0], ds


def test_images_equal_the_layers_activations_for_the_probe_sample(view, session):
    acts, _, ds = _expected(session, "val", 0)
    assert set(view.images) == {"input", "conv", "pool", "flat", "fc", "out"}
    np.testing.assert_array_equal(view.images["input"].image, ds.x[0, :, :, 0])
    for lid, a in acts.items():
        np.testing.assert_array_equal(view.images[lid].image, as_image(a))
    assert view.images["conv"].image.shape == (2 * 25 - 1, 2 * 25 - 1)  # 3 maps of 24x24, 2x2


def test_levels_are_per_layer_for_this_frame(view, session):
    acts, _, _ = _expected(session, "val", 0)
    hi = float(np.abs(acts["fc"]).max())
    assert view.images["fc"].levels == pytest.approx([-hi, hi])  # tanh: signed, symmetric
    assert view.images["conv"].levels == pytest.approx([0.0, float(acts["conv"].max())])


def test_label_and_predicted_class_of_the_probe(view, session):
    _, out, ds = _expected(session, "val", 0)
    pred = int(np.argmax(out))
    assert f"label {ds.class_names[ds.y[0]]}" in view.info.text()
    assert f"predicted {ds.class_names[pred]}" in view.info.text()
    p = np.exp(out - out.max()) / np.exp(out - out.max()).sum()
    assert f"({100 * p[pred]:.1f}%)" in view.info.text()


def test_choosing_another_sample_redraws_it_while_paused(view, session):
    view.index.setValue(7)
    assert (view.rec.probe_split, view.rec.probe_index) == ("val", 7)
    acts, _, ds = _expected(session, "val", 7)
    np.testing.assert_array_equal(view.images["input"].image, ds.x[7, :, :, 0])
    np.testing.assert_array_equal(view.images["fc"].image, as_image(acts["fc"]))
    assert "sample 7" in view.info.text()
    view.split.setCurrentIndex(view.split.findData("test"))
    np.testing.assert_array_equal(view.images["input"].image, session.splits.test.x[7, :, :, 0])


def test_a_probe_set_elsewhere_moves_the_controls(view):
    view.rec.set_probe("test", 3)
    assert view.split.currentData() == "test" and view.index.value() == 3


def test_training_keeps_the_probe_up_to_date(qtbot, view, session):
    before = view.images["fc"].image.copy()
    train(qtbot, session, 1)
    view.refresh(session.snapshot())
    acts, _, _ = _expected(session, "val", 0)
    np.testing.assert_array_equal(view.images["fc"].image, as_image(acts["fc"]))
    assert not np.array_equal(before, view.images["fc"].image)


def test_vectors_become_near_square_grids_and_feature_maps_mosaics():
    img = as_image(np.arange(10, dtype=np.float32))
    assert img.shape == (3, 4)
    np.testing.assert_array_equal(img.ravel()[:10], np.arange(10))
    assert np.isnan(img.ravel()[10:]).all()
    maps = np.random.default_rng(0).random((4, 5, 3), dtype=np.float32)
    m = as_image(maps)
    np.testing.assert_array_equal(m[5:9, 0:5], maps[:, :, 2])  # channel 2: row 1, column 0
    np.testing.assert_array_equal(mosaic(np.ones((3, 2, 2)), cols=3)[:, 2], np.full(2, np.nan))
    assert levels_for(np.array([[0.0, 2.0]], np.float32), "relu") == (0.0, 2.0)
    assert levels_for(np.array([[-1.0, 0.5]], np.float32), "identity") == (-1.0, 1.0)


def test_the_output_cells_name_their_classes(view, session):
    from layerlab.app.views.cell_text import bright_cells

    _, out, ds = _expected(session, "val", 0)
    labels = view.output_labels
    assert labels.texts == list(ds.class_names)  # 10 digits in a 4-wide grid
    assert labels.cols == view.images["out"].image.shape[1] == 4
    item = view.images["out"]
    want = bright_cells(out, tuple(item.levels), item.lut)
    np.testing.assert_array_equal(labels.bright, want)


def test_regression_shows_the_target_and_the_output(qtbot):
    spec = {"input": {"shape": [2]}, "loss": "mse", "batch_size": 10,
            "layers": [{"id": "h", "kind": "Dense", "units": 4, "activation": "tanh"},
                       {"id": "out", "kind": "Dense", "units": 1}]}  # fmt: skip
    session = make_session(qtbot, spec, "plane", steps=1)
    view = ActivationsView(LiveRecorders.of(session))
    qtbot.addWidget(view)
    view.refresh(session.snapshot())
    out = session.net.forward(session.splits.val.x[:1])
    assert "target" in view.info.text() and f"{out[0, 0]:.3f}"[:4] in view.info.text()
    assert view.output_labels.texts == []  # no classes to name
    session.shutdown()

"""NetworkDiagramView: links from the weights, neuron maps and the decision boundary."""

import numpy as np
import pytest

from layerlab.app.recorders import GRID_SIZE, LiveRecorders
from layerlab.app.views.network_diagram import MAX_SHOWN, NetworkDiagramView
from layerlab.engine.network import Network

from .test_layer_stats_view import MLP, make_session

XOR = {"input": {"shape": [2]}, "batch_size": 10, "loss": "binary_cross_entropy",
       "optimizer": {"kind": "adam", "lr": 0.03}, "layers": [
           {"id": "h1", "kind": "Dense", "units": 5, "activation": "tanh"},
           {"id": "h2", "kind": "Dense", "units": 3, "activation": "relu"},
           {"id": "out", "kind": "Dense", "units": 1, "activation": "sigmoid"}]}  # fmt: skip


@pytest.fixture
def session(qtbot):
    s = make_session(qtbot, XOR, "xor", steps=3)
    yield s
    s.shutdown()


@pytest.fixture
def view(qtbot, session):
    v = NetworkDiagramView(LiveRecorders.of(session))
    qtbot.addWidget(v)
    v.show()
    v.refresh(session.snapshot())
    return v


def _grid_activations(session):
    """Every layer's outputs on the recorders' grid, from a fresh copy of the network."""
    net = Network(session.net.spec, batch_size=GRID_SIZE * GRID_SIZE)
    net.load_state_dict(session.net.state_dict())
    points = LiveRecorders.of(session).grid_points()
    out = session.net.forward(points)
    net.forward(points)
    return net.activations(), out, points


def test_decision_boundary_equals_the_network_on_the_grid(view, session):
    _, out, points = _grid_activations(session)
    x = session.splits.train.x
    assert points[:, 0].min() < x[:, 0].min() and points[:, 1].max() > x[:, 1].max()
    np.testing.assert_array_equal(points[1] - points[0], [points[1, 0] - points[0, 0], 0])
    expected = out[:, 0].reshape(GRID_SIZE, GRID_SIZE)  # sigmoid: the probability of class 1
    np.testing.assert_allclose(view.boundary_image.image, expected, rtol=1e-5, atol=1e-6)
    assert view.boundary_image.levels == pytest.approx([0.0, 1.0])
    assert len(view.points.data) == len(x)


def test_each_neuron_shows_its_output_over_the_input_plane(view, session):
    acts, _, points = _grid_activations(session)
    assert len(view.maps) == 2 + 5 + 3 + 1
    np.testing.assert_array_equal(view.maps[(0, 1)].image, points[:, 1].reshape(GRID_SIZE, -1))
    h1 = acts["h1"][:, 2].reshape(GRID_SIZE, GRID_SIZE)
    np.testing.assert_allclose(view.maps[(1, 2)].image, h1, rtol=1e-5, atol=1e-6)
    hi = float(np.abs(acts["h1"]).max())
    assert view.maps[(1, 2)].levels == pytest.approx([-hi, hi], rel=1e-5)


def test_hovering_a_neuron_enlarges_its_map(view, session):
    acts, _, _ = _grid_activations(session)
    view.hover((2, 1))
    h2 = acts["h2"][:, 1].reshape(GRID_SIZE, GRID_SIZE)
    np.testing.assert_allclose(view.boundary_image.image, h2, rtol=1e-5, atol=1e-6)
    view.hover(None)
    assert view.boundary_plot.titleLabel.text == "Decision boundary"


def test_links_are_coloured_by_sign_and_thick_by_weight(view, session):
    adj, pen = view.graph.adjacency, view.graph.pen
    assert len(adj) == 2 * 5 + 5 * 3 + 3 * 1
    w = session.net.params["h1.weight"]  # (2, 5): the first 10 links
    positive = pen["red"][:10] > pen["blue"][:10]
    np.testing.assert_array_equal(positive, w.ravel() >= 0)
    widths = pen["width"][:10]
    assert np.argmax(widths) == np.argmax(np.abs(w.ravel()))
    np.testing.assert_allclose(widths, 0.5 + 5.0 * np.abs(w.ravel()) / np.abs(w).max(), rtol=1e-5)


def test_wide_layers_show_their_first_units_and_an_ellipsis(qtbot):
    session = make_session(qtbot, MLP, "mnist5k", steps=1)
    view = NetworkDiagramView(LiveRecorders.of(session))
    qtbot.addWidget(view)
    view.refresh(session.snapshot())
    # images: one unit per channel; flattened and dense layers: one per feature
    assert view.columns == [("input", 1), ("flat", 784), ("fc1", 20), ("fc2", 10)]
    counts = np.bincount([c for c, _ in view.node_index])
    np.testing.assert_array_equal(counts, [1] + [MAX_SHOWN - 1] * 3)
    assert not view.maps and not view.boundary.isVisible()
    texts = [t.textItem.toPlainText() for t in view._extras]
    assert "... 784" in texts and "... 20" in texts
    session.shutdown()


def test_another_data_set_for_the_same_network_moves_the_grid(view, session):
    session.run.dataset = "circle"
    session.prepare(session.spec)  # same network, new data: the weights are kept
    view.refresh(session.snapshot())
    x = session.splits.train.x
    points = view.rec.grid_points()
    np.testing.assert_allclose(points.min(axis=0), x.min(axis=0) - 0.1 * np.ptp(x, axis=0))
    np.testing.assert_array_equal(view.points.data["x"], x[:, 0])


def test_batched_links_draw_the_same_pixels_as_one_line_per_link(qtbot):
    import pyqtgraph as pg
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QGraphicsScene

    from layerlab.app.views.network_diagram import PEN_DTYPE, BatchedGraphItem

    pos = np.array([[0, 0], [0, 40], [60, 0], [60, 40], [120, 20]], float)
    adj = np.array([[0, 2], [0, 3], [1, 2], [1, 3], [2, 4], [3, 4]])
    pens = np.array(
        [(230, 60, 50, 255, w) for w in (1.0, 2.5, 4.0)]
        + [(40, 90, 220, 255, w) for w in (1.0, 2.5, 0.5)],
        dtype=PEN_DTYPE,
    )

    def render(item) -> np.ndarray:
        item.setData(pos=pos, adj=adj, pen=pens, size=0.0, symbol="o")
        item.scatter.setVisible(False)  # only the links (a scatter outside a plot cannot paint)
        scene = QGraphicsScene()
        scene.addItem(item)
        img = QImage(140, 60, QImage.Format.Format_ARGB32)
        img.fill(QColor(0, 0, 0))
        painter = QPainter(img)
        scene.render(painter, QRectF(0, 0, 140, 60), QRectF(-10, -10, 140, 60))
        painter.end()
        return np.frombuffer(img.constBits(), np.uint8).reshape(60, 140, 4).copy()

    want, got = render(pg.GraphItem()), render(BatchedGraphItem())
    ink_want, ink_got = ((img[..., :3] > 0).any(axis=2).sum() for img in (want, got))
    assert ink_want > 500 and abs(int(ink_got) - int(ink_want)) < 0.06 * ink_want
    # line ends, and links over links at a shared node, may differ by a pixel
    assert (got == want).all(axis=2).mean() > 0.98
    for rgb in ((50, 60, 230), (220, 90, 40)):  # both link colours drawn (BGRA pixels)
        assert ((got[..., :3] == rgb).all(axis=2)).sum() > 100

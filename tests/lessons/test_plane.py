"""Helpers of the 2-D experiments: grids, decision lines, the best straight line, and every
layer's output for more rows than the network's batch."""

from __future__ import annotations

import numpy as np

from layerlab.engine.network import Network
from layerlab.lessons.experiments._networks import dense_spec, layer_outputs
from layerlab.lessons.experiments._plane import (
    as_image,
    best_line_accuracy,
    grid_points,
    line_in_box,
)


def test_grid_points_start_at_the_top_left_row_by_row():
    pts = grid_points((0.0, 2.0, -1.0, 1.0), 3)
    assert pts.tolist()[:3] == [[0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]
    assert pts.tolist()[-1] == [2.0, -1.0]
    image = as_image(pts[:, 1], 3)
    assert image[0].tolist() == [1.0, 1.0, 1.0] and image[2].tolist() == [-1.0] * 3


def test_line_in_box_ends_on_the_line_and_inside_the_box():
    box = (-0.5, 1.5, -0.5, 1.5)
    for w1, w2, b in [(0.5, 0.5, -0.7), (1.0, -0.01, -0.3), (0.0, 1.0, -1.0), (3.0, 1.0, 0.0)]:
        xs, ys = line_in_box(w1, w2, b, box)
        np.testing.assert_allclose(w1 * xs + w2 * ys + b, 0.0, atol=0.02)
        assert (xs >= -0.5).all() and (xs <= 1.5).all() and (ys >= -0.5).all()
    assert line_in_box(0.0, 0.0, 1.0, box) is None  # no line at all
    assert line_in_box(1.0, 0.0, -5.0, box) is None  # x = 5 misses the box


def test_best_line_accuracy_on_hand_made_sets():
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    assert best_line_accuracy(corners, np.array([0, 0, 0, 1])) == 1.0
    assert best_line_accuracy(corners, np.array([0, 1, 1, 0])) == 0.75
    # points on a line, labels 0 1 0: a threshold gets 2 of 3 at best
    assert best_line_accuracy(np.array([[0, 0], [1, 0], [2, 0]], float), np.array([0, 1, 0])) == (
        2 / 3
    )
    # a disk inside a ring: no line beats about 3/4
    rng = np.random.default_rng(0)
    angle = rng.uniform(0, 2 * np.pi, 400)
    radius = np.r_[rng.uniform(0, 0.4, 200), rng.uniform(0.8, 1.0, 200)]
    pts = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    assert best_line_accuracy(pts, np.r_[np.ones(200), np.zeros(200)]) < 0.8


def test_layer_outputs_cover_every_row_beyond_the_batch_size():
    net = Network(dense_spec([("h", 3, "tanh"), ("out", 1, "identity")], batch_size=4))
    x = np.random.default_rng(1).normal(size=(25, 2)).astype(np.float32)
    out = layer_outputs(net, x)
    w, b = net.params["h.weight"], net.params["h.bias"]
    np.testing.assert_allclose(out["h"], np.tanh(x @ w + b), atol=1e-6)
    np.testing.assert_allclose(out["out"], net.forward(x), atol=1e-6)

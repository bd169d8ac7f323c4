"""Linear collapse: the product of the layers' weights is the whole network, and its decision
boundary on the plane is that one straight line."""

from __future__ import annotations

import numpy as np

from layerlab.engine.network import Network
from layerlab.lessons.experiments import get
from layerlab.lessons.experiments._networks import dense_spec
from layerlab.lessons.experiments._plane import grid_points
from layerlab.lessons.experiments.linear import BOX, STEPS, collapsed_map, logits_of
from layerlab.lessons.figure import Image


def test_collapsed_map_multiplies_hand_set_weights():
    net = Network(dense_spec([("a", 2, "identity"), ("b", 1, "identity")]))
    net.params["a.weight"][...] = [[1.0, 2.0], [3.0, 4.0]]  # row convention: y = x W + b
    net.params["a.bias"][...] = [0.5, -1.0]
    net.params["b.weight"][...] = [[2.0], [-1.0]]
    net.params["b.bias"][...] = [0.25]
    w, b = collapsed_map(net)
    # W = Wa Wb = [[1*2 + 2*(-1)], [3*2 + 4*(-1)]] = [[0], [2]]; b = 0.5*2 + (-1)(-1) + 0.25
    np.testing.assert_allclose(w, [[0.0], [2.0]])
    np.testing.assert_allclose(b, [2.25])
    x = np.array([[1.0, 1.0], [-2.0, 0.5]], np.float32)
    np.testing.assert_allclose(net.forward(x)[:, 0], [4.25, 3.25])


def test_logits_of_undoes_the_final_sigmoid():
    net = Network(dense_spec([("h", 4, "identity"), ("out", 1, "sigmoid")], seed=3))
    x = np.random.default_rng(0).uniform(-2, 2, (50, 2)).astype(np.float32)
    z = logits_of(net, x)
    np.testing.assert_allclose(1 / (1 + np.exp(-z)), net.forward(x), atol=1e-6)


def test_trained_linear_stack_is_its_product_and_its_boundary_is_that_line():
    r = get("linear.collapse").run()
    v = r.values
    assert v["collapse_error"] < 1e-5
    assert v["linear_accuracy"] <= v["best_line_accuracy"] + 1e-9
    assert v["relu_accuracy"] > 0.9 > v["best_line_accuracy"]
    region = next(it for it in r.figure.panels[0].items if isinstance(it, Image)).data
    grid = grid_points(BOX, STEPS).astype(np.float64)
    side = (grid @ [v["w1"], v["w2"]] + v["b"] > 0).reshape(STEPS, STEPS)
    margin = np.abs(grid @ [v["w1"], v["w2"]] + v["b"]).reshape(STEPS, STEPS) > 1e-4
    assert ((region > 0) == side)[margin].all()  # the image holds p - 0.5
    assert "W3·W2·W1" in r.figure.caption


def test_the_slider_picks_the_non_linearity_of_the_right_panel():
    r = get("linear.collapse").run(nonlinear=2)
    assert r.figure.panels[1].title.startswith("the same with sigmoid")

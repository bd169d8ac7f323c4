"""Representation as geometry: the warped grids are the layers' outputs, the linear step keeps
lines straight, and the classes become separable."""

from __future__ import annotations

import numpy as np

from layerlab.lessons.experiments import get
from layerlab.lessons.experiments.geometry import grid_lines
from layerlab.lessons.figure import Line, Points


def test_grid_lines_are_vertical_then_horizontal():
    lines = grid_lines((-1.0, 1.0, -2.0, 2.0), 3)
    assert lines.shape == (6, 120, 2)
    assert (lines[0, :, 0] == -1.0).all() and lines[0, 0, 1] == -2.0 and lines[0, -1, 1] == 2.0
    assert (lines[5, :, 1] == 2.0).all() and lines[5, 0, 0] == -1.0


def _curves(panel):
    return [it for it in panel.items if isinstance(it, Line) and not it.label]


def test_panels_show_the_linear_map_and_each_tanh_layer_of_the_grid():
    r = get("geometry.uncrumple").run(epochs=300)
    assert [p.title.split(" ")[0] for p in r.figure.panels] == ["input", "z1", "h1", "h2", "h3"]
    grid = np.stack([np.stack([c.x, c.y], axis=1) for c in _curves(r.figure.panels[0])])
    z1 = np.stack([np.stack([c.x, c.y], axis=1) for c in _curves(r.figure.panels[1])])
    h1 = np.stack([np.stack([c.x, c.y], axis=1) for c in _curves(r.figure.panels[2])])
    np.testing.assert_allclose(h1, np.tanh(z1), atol=1e-5)  # h1 = tanh(z1)
    # z1 is affine in the grid: every straight grid line stays straight
    for line in z1:
        centred = line - line.mean(axis=0)
        assert np.linalg.svd(centred, compute_uv=False)[1] < 1e-4
    # and the data points travel with the grid
    x = r.figure.panels[0].items[-1]
    h3 = r.figure.panels[4].items[-2]
    assert isinstance(x, Points) and isinstance(h3, Points)
    assert len(x.x) == len(h3.x) == 240
    assert np.abs(h3.x).max() < 1.0 and np.abs(grid).max() == 1.5


def test_training_makes_the_last_hidden_space_separable():
    before = get("geometry.uncrumple").run(epochs=0).values
    after = get("geometry.uncrumple").run(epochs=300).values
    assert after["input_best_line"] == before["input_best_line"] < 0.9
    assert before["output_accuracy"] < 0.9
    assert after["last_hidden_best_line"] >= 0.97 and after["output_accuracy"] >= 0.97

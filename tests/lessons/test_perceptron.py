"""The perceptron experiments: book weights, the learning rule against the engine's preset, and
XOR by two layers."""

from __future__ import annotations

import numpy as np
import pytest

from layerlab.lessons.experiments import get
from layerlab.lessons.experiments._plane import best_line_accuracy
from layerlab.lessons.experiments.perceptron import (
    BOOK_WEIGHTS,
    gate_of,
    gate_table,
    step_neuron,
    xor_by_hand,
)
from layerlab.lessons.experiments.perceptron_rule import engine_rule, perceptron_rule
from layerlab.lessons.figure import Image, Line

TABLES = {"and": [0, 0, 0, 1], "nand": [1, 1, 1, 0], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}


@pytest.mark.parametrize("gate", ["and", "nand", "or"])
def test_book_weights_compute_their_gate(gate):
    x, t = gate_table(gate)
    assert x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert t.tolist() == TABLES[gate]
    assert step_neuron(x, *BOOK_WEIGHTS[gate]).tolist() == TABLES[gate]


def test_gate_of_names_truth_tables():
    assert gate_of(np.array([0, 1, 1, 0])) == "xor"
    assert gate_of(np.array([1, 0, 0, 0])) == "nor"
    assert gate_of(np.array([0, 0, 0, 0])) == "false"
    assert gate_of(np.array([1, 0, 1, 0])) == "no gate"


def test_hand_weights_figure_shows_the_line_and_the_neurons_region():
    r = get("perceptron.hand_weights").run(gate="and", w1=0.5, w2=0.5, b=-0.7)
    assert r.values["truth"] == "0001" and r.values["computes"] == "and"
    panel = r.figure.panels[0]
    image = next(it for it in panel.items if isinstance(it, Image))
    assert image.data[0, -1] == 0.5  # p - 0.5 at the top right (1.5, 1.5): 0.5*3 - 0.7 > 0
    assert image.data[-1, 0] == -0.5  # bottom left (-0.5, -0.5)
    line = next(it for it in panel.items if isinstance(it, Line))
    np.testing.assert_allclose(0.5 * line.x + 0.5 * line.y - 0.7, 0.0, atol=1e-9)
    moved = get("perceptron.hand_weights").run(gate="and", w1=0.5, w2=0.5, b=-0.2)
    assert moved.values["computes"] == "or" and moved.values["errors"] == 2


@pytest.mark.parametrize("gate", ["and", "or", "nand", "xor"])
def test_numpy_rule_matches_the_engine_preset_epoch_by_epoch(gate):
    ours, engine = perceptron_rule(gate, 0.1, 30), engine_rule(gate, 0.1, 30)
    assert ours.errors == engine.errors
    assert ours.converged_epoch == engine.converged_epoch
    at_epoch_ends = [ours.weights[4 * (e + 1)] for e in range(len(ours.errors))]
    np.testing.assert_array_equal(np.array(at_epoch_ends), np.array(engine.weights[1:]))


def test_each_update_moves_the_weights_by_lr_times_the_input_on_mistakes_only():
    run = perceptron_rule("and", lr=0.1, epochs=20)
    x, t = gate_table("and")
    steps = np.diff(np.array(run.weights, np.float64), axis=0)
    for step in steps:
        if np.any(step):
            candidates = [s * 0.1 * np.r_[xi, 1.0] for xi in x for s in (1, -1)]
            assert min(np.abs(step - c).max() for c in candidates) < 1e-6
    assert len(run.changes()) - 1 == sum(run.errors) == 10
    assert run.converged_epoch == 6
    assert step_neuron(x, *run.weights[-1]).tolist() == t.tolist()


def test_rule_never_converges_on_xor_and_errs_in_every_epoch():
    run = perceptron_rule("xor", lr=0.1, epochs=500)
    assert run.converged_epoch is None
    assert min(run.errors) >= 1  # an epoch without a mistake would mean the table is right
    x, t = gate_table("xor")
    assert best_line_accuracy(x, t) == 0.75


def test_learn_gate_draws_the_final_line_bold_and_the_slider_picks_an_update():
    r = get("perceptron.learn_gate").run(gate="and")
    lines = [it for it in r.figure.panels[0].items if isinstance(it, Line)]
    assert lines[-1].label == "final" and lines[-1].width == 3.0
    assert all(it.style == "dashed" for it in lines[:-1])
    assert len(r.figure.panels) == 3  # the gate, errors per epoch, XOR beside it
    early = get("perceptron.learn_gate").run(gate="and", shown=2)
    assert [it for it in early.figure.panels[0].items if isinstance(it, Line)][-1].label == (
        "after update 2"
    )


def test_xor_by_hand_is_nand_and_or_into_and():
    x, _ = gate_table("xor")
    s1, s2, y = xor_by_hand(x)
    assert s1.tolist() == TABLES["nand"]
    assert s2.tolist() == TABLES["or"]
    assert y.tolist() == TABLES["xor"]


def test_trained_xor_network_makes_the_hidden_points_separable():
    r = get("perceptron.xor_network").run(epochs=500)
    assert r.values["trained_truth"] == "0110"
    hidden = r.figure.panels[2]
    points = hidden.items[0]
    h = np.stack([points.x, points.y], axis=1)
    assert best_line_accuracy(h, points.classes) == 1.0
    x, _ = gate_table("xor")
    assert best_line_accuracy(x, points.classes) == 0.75

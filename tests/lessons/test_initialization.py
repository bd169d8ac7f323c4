"""Initialisation experiments: the measures on hand-made arrays, and activations of known
networks."""

from __future__ import annotations

import numpy as np
import pytest

from layerlab.lessons.experiments.initialization import (
    distinct_columns,
    hidden_activations,
    relative_column_spread,
    saturated_fraction,
    train_from,
    zero_symmetry,
)


def test_identical_columns_have_no_spread_and_count_once() -> None:
    col = np.array([[0.1], [0.3], [-0.2]])
    same = np.repeat(col, 4, axis=1)
    assert relative_column_spread(same) == 0.0
    assert distinct_columns(same) == 1
    mixed = np.concatenate([same, 2 * col], axis=1)
    assert relative_column_spread(mixed) == pytest.approx(0.3 / 0.6)
    assert distinct_columns(mixed) == 2


def test_saturated_fraction_counts_the_flat_ends() -> None:
    a = np.array([0.05, 0.5, 0.95, 0.2])
    assert saturated_fraction(a, "sigmoid") == 0.5
    assert saturated_fraction(np.array([-0.95, 0.0, 0.5, 0.99]), "tanh") == 0.5
    assert saturated_fraction(np.array([0.0, 0.0, 1.0, 2.0]), "relu") == 0.5


def test_zero_weights_give_sigmoid_one_half_and_tanh_zero() -> None:
    for a in hidden_activations("sigmoid", "zeros", layers=3, units=10, samples=20):
        np.testing.assert_array_equal(a, 0.5)
    for a in hidden_activations("tanh", "zeros", layers=3, units=10, samples=20):
        np.testing.assert_array_equal(a, 0.0)


def test_first_layer_spread_follows_the_weight_std() -> None:
    # tanh(z) ≈ z for small z: z = x·W has std ≈ std_w·√100 for x ~ N(0, 1), 100 inputs
    first = hidden_activations("tanh", "normal:0.001", layers=1)[0]
    assert first.std() == pytest.approx(0.001 * 10, rel=0.05)


def test_random_weights_break_the_symmetry_that_zeros_keep() -> None:
    values = zero_symmetry(
        init="zeros", compare="normal:0.01", steps=8, optimizer="sgd", lr=1.0
    ).values
    assert values["most_distinct_units"] == 1
    assert values["relative_spread"] < 1e-5
    assert values["smallest_max_weight"] > 0.0  # every layer moved, yet its units stay copies
    assert values["compare_fewest_distinct_units"] > 90
    assert values["compare_relative_spread"] > 0.5


@pytest.mark.parametrize(("steps", "zero_layers"), [(1, 5), (2, 4), (5, 1), (6, 0)])
def test_from_zero_each_step_reaches_one_layer_deeper(steps: int, zero_layers: int) -> None:
    # The first step moves only the output layer (every hidden weight is 0, so no error flows
    # back); each further step lets the error through one more layer.
    net, losses, distinct = train_from("zeros", steps=steps)
    moved = [bool(np.abs(net.params[f"h{i}.weight"]).max() > 0) for i in range(1, 6)]
    assert moved == [False] * zero_layers + [True] * (5 - zero_layers)
    assert distinct == [1, 1, 1, 1, 1]
    assert len(losses) == steps

"""Universal approximation: the contributions of the hidden units add up to the output, checked
on hand-set weights, and the error bookkeeping."""

from __future__ import annotations

import numpy as np

from layerlab.engine.network import Network
from layerlab.lessons.experiments.approximation import (
    contributions,
    fit_sine,
    monotone_through,
    mse,
    sine_network,
)


def test_contributions_are_w2_times_hidden_outputs() -> None:
    net = Network(sine_network(2, "tanh", 0.01, 0))
    p = net.params
    p["hidden.weight"][...] = [[1.0, -1.0]]
    p["hidden.bias"][...] = [0.0, 0.5]
    p["out.weight"][...] = [[2.0], [3.0]]
    p["out.bias"][...] = [0.25]
    x = np.linspace(-3.0, 3.0, 7, dtype=np.float32)[:, None]
    parts, bias, out = contributions(net, x)
    xs = x[:, 0].astype(np.float64)
    np.testing.assert_allclose(parts[:, 0], 2.0 * np.tanh(xs), atol=1e-6)
    np.testing.assert_allclose(parts[:, 1], 3.0 * np.tanh(0.5 - xs), atol=1e-6)
    assert bias == 0.25
    np.testing.assert_allclose(out, parts.sum(axis=1) + bias, atol=1e-6)


def test_monotone_through_stops_at_the_first_rise() -> None:
    assert monotone_through([1, 2, 4, 8], [4.0, 3.0, 5.0, 1.0]) == 2
    assert monotone_through([1, 2, 4], [3.0, 2.0, 1.0]) == 4
    assert monotone_through([1, 2], [1.0, 1.0]) == 1


def test_one_tanh_unit_cannot_fit_a_whole_sine_period() -> None:
    # a·tanh(w x + b) + c is monotone: the best fit to sin on [-π, π] keeps an error near 0.068
    assert 0.05 < mse(fit_sine(1)) < 0.08
    assert fit_sine(1) is fit_sine(1)  # trained once, then cached

"""The bike-sharing lessons' experiments: the numbers they report are consistent with the data
and with each other."""

from __future__ import annotations

import numpy as np
import pytest

from layerlab.lessons.experiments import bike


def test_predictor_network_is_56_10_1_with_sigmoid_hidden_units() -> None:
    net = bike.sigmoid_net(56, 10, {"kind": "sgd", "lr": 0.01}, 128, 0)
    assert {k: v.shape for k, v in net.params.items()} == {
        "hidden.weight": (56, 10),
        "hidden.bias": (10,),
        "output.weight": (10, 1),
        "output.bias": (1,),
    }
    assert net.layers[0].p["activation"] == "sigmoid" and net.loss.name == "mse"


def test_features_are_scaled_without_the_held_out_hours() -> None:
    f, h = bike.features(), bike.hours()
    fit = h.counts[: len(h) - bike.TEST_HOURS]
    assert f.cnt_mean == pytest.approx(fit.mean()) and f.cnt_std == pytest.approx(fit.std())
    assert f.cnt_mean != pytest.approx(h.counts.mean())


def test_predictor_errors_are_consistent_in_both_units() -> None:
    v = bike.udacity_predictor(epochs=3).values
    f = bike.features()
    test_y = f.y[-bike.TEST_HOURS :, 0].astype(np.float64)
    train_mean = f.y[: len(f.y) - bike.TEST_HOURS - bike.VAL_HOURS, 0].mean()
    assert v["mean_predictor_mse"] == pytest.approx(np.mean((test_y - train_mean) ** 2), rel=1e-5)
    # RMSE in bikes = the count's standard deviation times the RMSE of the standardised count
    assert v["test_rmse_bikes"] == pytest.approx(np.sqrt(v["test_mse"]) * f.cnt_std, rel=1e-4)
    assert v["improvement"] == pytest.approx(v["mean_predictor_mse"] / v["test_mse"])
    assert (v["inputs"], v["test_hours"]) == (56, 504)


def test_fit_errors_in_bikes_follow_from_the_normalised_errors() -> None:
    v = bike.fit_is_not_forecast(hidden=3, steps=200).values
    std = bike.hours().counts[:50].std()
    assert v["fit_rmse_bikes"] == pytest.approx(np.sqrt(v["fit_nmse"]) * std)
    assert v["future_rmse_bikes"] == pytest.approx(np.sqrt(v["future_nmse"]) * std)
    assert v["future_to_fit"] == pytest.approx(v["future_nmse"] / v["fit_nmse"])


def test_predictor_figure_draws_the_504_held_out_hours() -> None:
    fig = bike.udacity_predictor(epochs=2).figure
    truth = fig.panels[0].items[1]
    assert truth.label.startswith("data") and len(truth.y) == 504
    np.testing.assert_allclose(truth.y, bike.hours().counts[-504:], atol=1e-3)
    assert fig.panels[0].items[0].label == "Dec 24-26"

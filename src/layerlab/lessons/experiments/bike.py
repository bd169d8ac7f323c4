"""Regression on real data: hourly bike rentals in Washington D.C. (UCI Bike Sharing).

Version 1 fits a curve to the first 50 hourly counts against time and shows that fitting is not
predicting. Version 2 is Udacity's "Your first neural network" project: 56 calendar and weather
inputs, a 56-10-1 sigmoid network, the last 21 days (504 hours) held out.
"""

from __future__ import annotations

import functools

import numpy as np

from layerlab.data.bike_sharing import (
    HOURS_PER_DAY,
    BikeFeatures,
    BikeHours,
    read_hours,
    udacity_features,
)
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.figure import Figure, Line, Marker, Panel, Region

TEST_HOURS = 21 * HOURS_PER_DAY  # Udacity: test_data = data[-21*24:]
VAL_HOURS = 60 * HOURS_PER_DAY  # and the 60 days before them for validation


@functools.lru_cache(maxsize=1)
def hours() -> BikeHours:
    return read_hours()


def sigmoid_net(inputs: int, hidden: int, optimizer: dict, batch: int, seed: int) -> Network:
    """inputs - hidden (sigmoid) - 1 (linear), mean squared error."""
    return Network(NetworkSpec.from_dict({
        "input": [inputs],
        "layers": [{"id": "hidden", "kind": "Dense", "units": hidden, "activation": "sigmoid"},
                   {"id": "output", "kind": "Dense", "units": 1}],
        "loss": "mse", "optimizer": optimizer, "init": "glorot_uniform", "seed": seed,
        "batch_size": batch,
    }))  # fmt: skip


# ---- version 1: a curve through 50 points ------------------------------------------------------
@experiment(
    "bike.fit_is_not_forecast",
    sliders=(
        Slider("hidden", "hidden units", 1, 40, 1, 10),
        Slider("steps", "training steps", 500, 10000, 500, 5000),
    ),
)
def fit_is_not_forecast(hidden: int = 10, steps: int = 5000, seed: int = 0) -> Result:
    """A 1-hidden-1 sigmoid network fits count(t) on the first 50 hours (Adam 0.01, full batch)
    and is asked about the next 50."""
    h = hours()
    t, counts = h.hours_since_start()[:100], h.counts[:100]
    mean, std = counts[:50].mean(), counts[:50].std()
    x = (t / 50.0).astype(np.float32)[:, None]  # hours / 50: the first 50 rows span 0..1
    y = ((counts - mean) / std).astype(np.float32)[:, None]
    net = sigmoid_net(1, int(hidden), {"kind": "adam", "lr": 0.01}, 50, int(seed))
    Trainer(net, (x[:50], y[:50]), batch_size=50, seed=int(seed), shuffle=False).fit(int(steps))
    net.set_batch_size(200)
    pred = net.forward(x)[:, 0].astype(np.float64)
    fit_mse = float(np.mean((pred[:50] - y[:50, 0]) ** 2))  # standardized: MSE / variance
    future_mse = float(np.mean((pred[50:] - y[50:, 0]) ** 2))
    grid = np.linspace(0.0, t[-1] + 1, 200)
    curve = net.forward((grid / 50.0).astype(np.float32)[:, None])[:, 0] * std + mean
    split = (t[49] + t[50]) / 2
    fig = Figure(
        [
            Panel("bikes per hour, 2011-01-01 .. 01-05", [
                Region(split, float(t[-1] + 1), "future 未来"),
                Line(t[:50], counts[:50], "first 50 hours 拟合用", "dots", colour=0),
                Line(t[50:], counts[50:], "next 50 接下来", "dots", colour=1),
                Line(grid, curve, f"1-{hidden}-1 sigmoid", colour=2),
                Marker(split),
            ], "hours since 2011-01-01 00:00", "bikes per hour 每小时租车数"),
        ],
        columns=1,
        caption=(
            f"1-{hidden}-1 sigmoid network, {steps} Adam steps: normalised MSE {fit_mse:.3f} on "
            f"the 50 hours it fitted, {future_mse:.2f} on the next 50 "
            f"({future_mse / fit_mse:.0f}x); RMSE {np.sqrt(fit_mse) * std:.0f} vs "
            f"{np.sqrt(future_mse) * std:.0f} bikes/hour"
        ),
    )  # fmt: skip
    values = {
        "fit_nmse": fit_mse,
        "future_nmse": future_mse,
        "future_to_fit": future_mse / fit_mse,
        "fit_rmse_bikes": float(np.sqrt(fit_mse) * std),
        "future_rmse_bikes": float(np.sqrt(future_mse) * std),
    }
    return Result(values, fig)


# ---- version 2: Udacity's predictor ------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def features() -> BikeFeatures:
    """The 56 inputs, scaled with the statistics of everything but the 504 test hours."""
    return udacity_features(hours(), fit_rows=len(hours()) - TEST_HOURS)


@experiment(
    "bike.udacity_predictor",
    sliders=(
        Slider("lr", "learning rate 学习率", 0.001, 1.0, 0.001, 0.01, log=True),
        Slider("epochs", "epochs", 10, 300, 10, 300),
        Slider("hidden", "hidden units", 2, 40, 1, 10),
    ),
)
def udacity_predictor(
    lr: float = 0.01, epochs: int = 300, hidden: int = 10, batch: int = 128, seed: int = 0
) -> Result:
    """56-hidden-1 sigmoid network, SGD with mini-batches, trained on the hours before the last
    81 days; validated on the 60 days after; tested on the last 21 days (504 hours)."""
    f = features()
    n = len(f.x)
    n_train = n - TEST_HOURS - VAL_HOURS
    train = (f.x[:n_train], f.y[:n_train])
    val = (f.x[n_train : n - TEST_HOURS], f.y[n_train : n - TEST_HOURS])
    test_x, test_y = f.x[n - TEST_HOURS :], f.y[n - TEST_HOURS :]
    net = sigmoid_net(f.x.shape[1], int(hidden), {"kind": "sgd", "lr": float(lr)}, batch, seed)
    trainer = Trainer(net, train, val, batch_size=int(batch), seed=int(seed))
    history = trainer.fit(int(epochs))
    val_mse = history.column("val_loss")[-1] if history.rows else float("nan")
    test_mse, _, out = net.evaluate(test_x, test_y)
    train_mse = float(net.evaluate(*train)[0])
    mean_mse = float(np.mean((test_y - train[1].mean()) ** 2))
    truth, pred = f.to_counts(test_y), f.to_counts(out)
    rmse = float(np.sqrt(np.mean((pred - truth) ** 2)))
    dates = hours().dates[n - TEST_HOURS :]
    holidays = (dates >= np.datetime64("2012-12-24")) & (dates <= np.datetime64("2012-12-26"))
    ordinary = ~holidays
    caption = (
        f"56-{hidden}-1 sigmoid, SGD lr {lr:g}, batch {batch}, {epochs} epochs: held-out "
        f"MSE {test_mse:.3f} (predicting the training mean: {mean_mse:.3f}), RMSE "
        f"{rmse:.0f} bikes/hour; training {train_mse:.3f}, validation {val_mse:.3f}"
        + (f". Stopped: {trainer.stop_reason}" if trainer.stop_reason else "")
    )
    curves = (history.column("loss"), history.column("val_loss"))
    fig = _predictor_figure(truth, pred, *curves, caption)
    values = {
        "inputs": int(f.x.shape[1]),
        "test_hours": TEST_HOURS,
        "train_mse": train_mse,
        "val_mse": float(val_mse),
        "diverged": trainer.stop_reason is not None,
        "test_mse": float(test_mse),
        "mean_predictor_mse": mean_mse,
        "improvement": mean_mse / float(test_mse),
        "test_rmse_bikes": rmse,
        "test_correlation": float(np.corrcoef(pred, truth)[0, 1]),
        "christmas_pred_to_truth": float(pred[holidays].mean() / truth[holidays].mean()),
        "other_days_pred_to_truth": float(pred[ordinary].mean() / truth[ordinary].mean()),
    }
    return Result(values, fig)


def _predictor_figure(
    truth: np.ndarray, pred: np.ndarray, loss: list[float], val_loss: list[float], caption: str
) -> Figure:
    """The held-out hours against the day of December 2012, Christmas shaded; the loss curves."""
    h = hours()
    dates, hr = h.dates[-TEST_HOURS:], h["hr"][-TEST_HOURS:]
    day = (dates - np.datetime64("2012-12-01")).astype(np.int64) + 1 + hr / HOURS_PER_DAY
    epochs = np.arange(1, len(loss) + 1, dtype=float)
    return Figure(
        [
            Panel("held out: the last 504 hours 留出的最后 504 小时", [
                Region(24.0, 27.0, "Dec 24-26"),
                Line(day, truth, "data 真实"),
                Line(day, pred, "prediction 预测", "dashed"),
            ], "day of December 2012 (2012 年 12 月)", "bikes per hour 每小时租车数"),
            Panel("loss 损失 (standardised MSE)", [
                Line(epochs, np.array(loss), "training 训练"),
                Line(epochs, np.array(val_loss), "validation 验证", "dashed"),
            ], "epoch", "MSE", log_y=True),
        ],
        columns=1,
        caption=caption,
    )  # fmt: skip

"""Overfitting and regularisation on 300 MNIST digits (斋藤康毅《深度学习入门》§6.4): a wide
network memorises them; L2 weight decay, L1, dropout and early stopping against it.

Every run: 784-256-256-10 (ReLU, He initialisation), plain SGD (lr 0.1, batches of 50), 300
training digits (30 per class: ``mnist5k`` with ``val_fraction = 0.94``), validated after each
epoch on 1,000 of the 4,700 held-out digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.figure import Figure, Histogram, Line, Marker, Panel

HIDDEN = (256, 256)
VAL_FRACTION = 0.94  # 5,000 x 0.06 = 300 training digits
N_VAL = 1000
BATCH = 50
LR = 0.1
FIRST_WEIGHTS = "fc1.weight"


@dataclass(frozen=True)
class Setting:
    """One regularisation setting: its name in values and figures, and what it changes."""

    name: str  # none, l2, l1, dropout
    l2: float = 0.0
    l1: float = 0.0
    dropout: float = 0.0

    @property
    def label(self) -> str:
        strength = {"l2": self.l2, "l1": self.l1, "dropout": self.dropout}.get(self.name)
        return self.name if strength is None else f"{self.name} {strength:g}"


def run_setting(setting: Setting, epochs: int, patience: int = 0, seed: int = 0) -> runs.Run:
    """Train 784-256-256-10 on the 300 digits with ``setting`` (cached)."""
    spec = runs.dense_relu_spec(HIDDEN, dropout=setting.dropout, seed=seed)
    optimizer = {"kind": "sgd", "lr": LR}
    if setting.l2 > 0:
        optimizer["l2"] = setting.l2
    if setting.l1 > 0:
        optimizer["l1"] = setting.l1
    cfg = runs.config(
        spec,
        optimizer,
        epochs,
        BATCH,
        val_fraction=VAL_FRACTION,
        n_val=N_VAL,
        eval_train=True,
        patience=patience,
    )
    return runs.train(cfg)


def run_values(prefix: str, run: runs.Run) -> dict[str, float | int]:
    """The numbers a lesson claims about one run, names prefixed ``<prefix>_``."""
    best = int(np.argmin(run.val_loss))
    w = run.weights[FIRST_WEIGHTS]
    values = {
        "train_accuracy": float(run.train_accuracy[-1]),
        "val_accuracy": float(run.val_accuracy[-1]),
        "train_loss": float(run.train_loss[-1]),
        "val_loss": float(run.val_loss[-1]),
        "accuracy_gap": float(run.train_accuracy[-1] - run.val_accuracy[-1]),
        "loss_gap": float(run.val_loss[-1] - run.train_loss[-1]),
        "loss_ratio": float(run.val_loss[-1] / max(run.train_loss[-1], 1e-12)),
        "best_epoch": best + 1,
        "best_val_loss": float(run.val_loss[best]),
        "val_loss_rise": float(run.val_loss[-1] - run.val_loss[best]),
        "zero_fraction": float(np.mean(w == 0.0)),
        "weight_std": float(w.std()),
        "seconds": run.seconds,
    }
    return {f"{prefix}_{k}": v for k, v in values.items()}


def compare(settings: list[Setting], epochs: int) -> Result:
    """The unregularised baseline and each setting: values, curves and weight histograms."""
    all_settings = [Setting("none"), *settings]
    trained = [(s, run_setting(s, epochs)) for s in all_settings]
    values: dict[str, float | int | str] = {}
    for s, run in trained:
        values |= run_values(s.name, run)
    for s, _ in trained[1:]:
        for key in (
            "accuracy_gap",
            "loss_gap",
            "val_accuracy",
            "val_loss",
            "best_val_loss",
            "weight_std",
        ):
            values[f"{s.name}_{key}_vs_none"] = values[f"{s.name}_{key}"] - values[f"none_{key}"]
    return Result(values, _compare_figure(trained, values))


def _compare_figure(trained: list[tuple[Setting, runs.Run]], values: dict) -> Figure:
    acc = Panel("accuracy 精度 (dashed: train 训练, solid: validation 验证)", [], "epoch", "")
    val = Panel("validation loss 验证损失", [], "epoch", "")
    train = Panel("training loss 训练损失", [], "epoch", "", log_y=True)
    hist = Panel(f"{FIRST_WEIGHTS} histogram 权重分布", [], "weight", "count", log_y=True)
    for colour, (s, run) in enumerate(trained):
        e = run.epochs
        acc.items += [
            Line(e, run.train_accuracy, "", "dashed", colour),
            Line(e, run.val_accuracy, s.label, "solid", colour),
        ]
        best = values[f"{s.name}_best_epoch"]
        val.items += [
            Line(e, run.val_loss, s.label, "solid", colour),
            Line(np.array([best], float), np.array([run.val_loss[best - 1]]), "", "dots", colour),
        ]
        train.items.append(Line(e, np.maximum(run.train_loss, 1e-4), s.label, "dashed", colour))
        zeros = values[f"{s.name}_zero_fraction"]
        label = f"{s.label}: {zeros:.0%} zeros, std {values[f'{s.name}_weight_std']:.3f}"
        hist.items.append(Histogram(run.weights[FIRST_WEIGHTS].ravel(), 81, label, colour))
    caption = "; ".join(
        f"{s.label}: train {values[f'{s.name}_train_accuracy']:.3f}, "
        f"val {values[f'{s.name}_val_accuracy']:.3f}, "
        f"val loss {values[f'{s.name}_val_loss']:.3f} (lowest at epoch "
        f"{values[f'{s.name}_best_epoch']})"
        for s, _ in trained
    )
    later = np.concatenate([run.val_loss[len(run.val_loss) // 10 :] for _, run in trained])
    if len(later) and np.all(np.isfinite(later)):  # zoom past the first epochs' steep fall
        val.y_range = (0.9 * float(later.min()), 1.1 * float(later.max()))
    return Figure([acc, val, train, hist], columns=2, caption=caption)


@experiment(
    "regularization.weight_decay",
    sliders=(
        Slider("l2", "L2 strength λ", 1e-4, 1.0, 1e-4, 0.01, log=True),
        Slider("l1", "L1 strength λ", 1e-5, 0.1, 1e-5, 0.001, log=True),
    ),
)
def weight_decay(l2: float = 0.01, l1: float = 0.001, epochs: int = 100) -> Result:
    """No regularisation, L2 (weight decay: the gradient gains λw) and L1 (after each step,
    weights within lr·λ of zero become exactly zero): curves, first-layer weight histograms."""
    settings = []
    if l2 > 0:
        settings.append(Setting("l2", l2=l2))
    if l1 > 0:
        settings.append(Setting("l1", l1=l1))
    return compare(settings, epochs)


@experiment(
    "regularization.dropout",
    sliders=(Slider("dropout", "dropout rate p", 0.0, 0.9, 0.05, 0.5),),
)
def dropout(dropout: float = 0.5, epochs: int = 100) -> Result:
    """No regularisation against dropout after each hidden layer (rate p in training, none in
    evaluation)."""
    return compare([Setting("dropout", dropout=dropout)] if dropout > 0 else [], epochs)


@experiment(
    "regularization.early_stopping",
    sliders=(Slider("patience", "patience (epochs)", 1, 40, 1, 10),),
)
def early_stopping(patience: int = 10, epochs: int = 100) -> Result:
    """The baseline trained ``epochs`` epochs, and again with early stopping on the validation
    loss (``patience`` epochs without a new minimum), best weights restored."""
    patience = max(1, round(float(patience)))
    full = run_setting(Setting("none"), epochs)
    stopped = run_setting(Setting("none"), epochs, patience=patience)
    values: dict[str, float | int | str] = run_values("none", full)
    best = stopped.best_epoch
    best_val_loss = float(stopped.val_loss[best - 1]) if best > 0 else float("nan")
    values |= {
        "best_epoch": best,
        "stopped_epoch": len(stopped.val_loss),
        "stopped_after_best": len(stopped.val_loss) - best,
        "early_stopped": stopped.stopped.startswith("early stopping"),
        "epochs_saved": epochs - len(stopped.val_loss),
        "best_val_loss": best_val_loss,
        "restored_val_loss": stopped.final_val_loss,
        "restored_val_accuracy": stopped.final_val_accuracy,
        "restored_minus_best": stopped.final_val_loss - best_val_loss,
        "last_epoch_val_loss": float(stopped.val_loss[-1]),
    }
    return Result(values, _early_stopping_figure(full, stopped, values))


def _early_stopping_figure(full: runs.Run, stopped: runs.Run, values: dict) -> Figure:
    best, end = values["best_epoch"], values["stopped_epoch"]
    markers = [Marker(best, f"best {best}"), Marker(end, f"stop {end}")]
    e = full.epochs
    loss = Panel(
        "loss 损失",
        [
            Line(e, np.maximum(full.train_loss, 1e-4), "train 训练", "dashed", 0),
            Line(e, full.val_loss, "validation 验证", "solid", 1),
            Line(stopped.epochs, stopped.val_loss, "with early stopping 早停", "solid", 2, 4.0),
            *markers,
            Marker(
                values["best_val_loss"],
                f"best val loss {values['best_val_loss']:.3f}",
                "horizontal",
            ),
        ],
        "epoch",
        "",
        log_y=True,
    )
    acc = Panel(
        "accuracy 精度",
        [
            Line(e, full.train_accuracy, "train 训练", "dashed", 0),
            Line(e, full.val_accuracy, "validation 验证", "solid", 1),
            *markers,
        ],
        "epoch",
        "",
    )
    caption = (
        f"train accuracy {values['none_train_accuracy']:.3f}, validation "
        f"{values['none_val_accuracy']:.3f} after {len(e)} epochs; validation loss lowest "
        f"({values['best_val_loss']:.3f}) at epoch {best}, stopped at {end}, restored: "
        f"{values['restored_val_loss']:.3f}"
    )
    return Figure([loss, acc], columns=2, caption=caption)

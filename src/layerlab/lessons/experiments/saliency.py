"""What the network looks at: saliency maps (the gradient of a class score with respect to the
input pixels) and flagging low-confidence predictions for a person to check.

The network is the course MLP 784-128-64-10 trained a few epochs on the bundled digits (seeded);
everything is measured on the 500 held-out digits it never trained on.

Two scores can be differentiated; the engine gives both through ``input_gradient()``:

- ``logit``: z_c, the class's score before the softmax (Simonyan, Vedaldi and Zisserman 2014).
  The network is rebuilt with the mse loss, L = mean_j (z_j - t_j)^2 over the K outputs, and
  given the target t = z - (K/2) e_c, so dL/dz = e_c and dL/dx = dz_c/dx exactly.
- ``log_prob``: ln p_c. With the usual softmax cross-entropy and label c the engine returns
  d(-ln p_c)/dx; its negative is d ln p_c/dx = dz_c/dx - sum_k p_k dz_k/dx, which fades as
  p_c -> 1 (a sure prediction has little left to gain).
"""

from __future__ import annotations

import dataclasses
import functools
from importlib import resources

import numpy as np
import numpy.typing as npt

from layerlab.data.mnist import load_bundled_mnist
from layerlab.data.splits import Splits, split_dataset
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments.image_panels import image_at
from layerlab.lessons.figure import Bars, Figure, Histogram, Line, Marker, Panel, Points

F32 = npt.NDArray[np.float32]
MODES = ("logit", "log_prob")


def _mlp_spec(seed: int) -> NetworkSpec:
    """The course preset ``mlp_784_128_64_10.json`` with ``seed``."""
    path = resources.files("layerlab") / "resources" / "examples" / "mlp_784_128_64_10.json"
    return dataclasses.replace(NetworkSpec.from_json(path.read_text(encoding="utf-8")), seed=seed)


@functools.lru_cache(maxsize=1)
def held_out_digits() -> Splits:
    """The bundled digits as the app splits them: 4,500 to train, 500 held out (seed 0)."""
    return split_dataset(load_bundled_mnist(), 0.1, 0.0, 0)


@functools.lru_cache(maxsize=4)
def _trained(epochs: int, seed: int) -> dict[str, F32]:
    splits = held_out_digits()
    net = Network(_mlp_spec(seed))
    Trainer(net, splits.train, batch_size=64, seed=seed).fit(epochs)
    return net.state_dict()


def trained_mlp(epochs: int = 8, seed: int = 0, loss: str | None = None) -> Network:
    """The preset MLP after ``epochs`` epochs on the 4,500 training digits (cached weights),
    with input gradients on; ``loss`` swaps the loss (the weights stay)."""
    spec = _mlp_spec(seed)
    if loss is not None:
        spec = dataclasses.replace(spec, loss=loss)
    net = Network(spec, batch_size=1, input_grad=True)
    net.load_state_dict(_trained(int(epochs), int(seed)))
    return net


def saliency(net: Network, x: npt.ArrayLike, cls: int, mode: str = "logit") -> F32:
    """d score / d x for one input (784,): the score is z_cls (``logit``, a network built with
    the mse loss) or ln p_cls (``log_prob``, a network with softmax cross-entropy)."""
    x = np.asarray(x, np.float32).reshape(1, -1)
    if mode == "logit":
        if net.loss.name != "mse":
            raise ValueError("logit saliency needs the network built with loss='mse'")
        z = net.forward(x)
        k = z.shape[1]
        target = z.copy()
        target[0, cls] -= k / 2.0  # dL/dz = 2 (z - t) / K = e_cls
        net.loss_and_grads(x, target, training=False)
        return net.input_gradient()[0]
    if mode == "log_prob":
        if net.loss.name != "softmax_cross_entropy":
            raise ValueError("log_prob saliency needs the softmax cross-entropy loss")
        net.loss_and_grads(x, np.array([cls], np.int32), training=False)
        return -net.input_gradient()[0]
    raise ValueError(f"mode must be one of {MODES}, not {mode!r}")


def score(net: Network, x: npt.ArrayLike, cls: int, mode: str) -> float:
    """z_cls or ln p_cls for one input, in float64 from the engine's outputs."""
    z = net.forward(np.asarray(x, np.float32).reshape(1, -1))[0].astype(np.float64)
    if mode == "logit":
        return float(z[cls])
    return float(z[cls] - z.max() - np.log(np.exp(z - z.max()).sum()))


def finite_difference_error(
    net: Network, x: npt.ArrayLike, cls: int, mode: str, pixels: int = 8, eps: float = 1e-2
) -> float:
    """Largest relative gap between the engine's gradient and central differences
    (score(x + eps e_i) - score(x - eps e_i)) / 2 eps on the ``pixels`` most salient pixels."""
    x = np.asarray(x, np.float64).reshape(-1)
    grad = saliency(net, x, cls, mode).astype(np.float64)
    worst = 0.0
    for i in np.argsort(-np.abs(grad))[:pixels]:
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        fd = (score(net, up, cls, mode) - score(net, down, cls, mode)) / (2 * eps)
        worst = max(worst, abs(fd - grad[i]) / max(abs(grad[i]), 1e-12))
    return float(worst)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@experiment(
    "saliency.map",
    sliders=(Slider("sample", "held-out digit", 0, 499, 1, 0),),
)
def saliency_map(sample: int = 0, epochs: int = 8, seed: int = 0) -> Result:
    """|d z_c / d pixel| of a held-out digit's predicted class c, beside the digit, and the
    fainter |d ln p_c / d pixel| on the same colour scale."""
    val = held_out_digits().val
    i = int(sample) % val.n
    x, label = val.x[i].reshape(-1), int(val.y[i])
    by_score, by_prob = trained_mlp(epochs, seed, "mse"), trained_mlp(epochs, seed)
    probs = _softmax(by_score.forward(x[None])[0].astype(np.float64))
    pred = int(np.argmax(probs))
    grad = saliency(by_score, x, pred, "logit").reshape(28, 28)
    grad_log_p = saliency(by_prob, x, pred, "log_prob").reshape(28, 28)
    top = float(np.abs(grad).max()) or 1.0
    top_log_p = float(np.abs(grad_log_p).max())
    ink = x.reshape(28, 28) > 0.5
    rows, cols = np.nonzero(ink)
    square = {"x_range": (0, 28), "y_range": (0, 28), "aspect_locked": True, "legend": False}
    fig = Figure(
        [
            Panel(f"digit {label} 输入", [image_at(x.reshape(28, 28), levels=(0.0, 1.0))],
                  **square),
            Panel(f"|dz_{pred}/dx| 显著图", [image_at(np.abs(grad), levels=(0.0, top))], **square),
            Panel("dz/dx (red +, blue -), ink dotted", [
                image_at(grad, levels=(-top, top), diverging=True),
                Points(cols + 0.5, 27.5 - rows, label="ink > 0.5", size=3.0),
            ], **square),
            Panel(f"|d ln p_{pred}/dx|, same scale", [
                image_at(np.abs(grad_log_p), levels=(0.0, top))], **square),
            Panel("p(class) 概率", [Bars([str(d) for d in range(10)], probs, highlight=pred)],
                  y_range=(0, 1), legend=False),
        ],
        columns=3,
        caption=(
            f"held-out digit {i}: label {label}, predicted {pred} (p = {probs[pred]:.3f}); "
            f"largest |dz/dx| {top:.3f}, largest |d ln p/dx| {top_log_p:.3f}"
        ),
    )  # fmt: skip
    values = {
        "label": label,
        "predicted": pred,
        "confidence": float(probs[pred]),
        "saliency_max": top,
        "log_prob_saliency_max": top_log_p,
        "score_to_log_prob": top / top_log_p if top_log_p > 0 else float("inf"),
        "ink_mean_gradient": float(grad[ink].mean()),
        "blank_mean_gradient": float(grad[~ink].mean()),
        "centre_mean_gradient": float(grad[11:17, 11:17].mean()),
        "ink_mean_abs": float(np.abs(grad[ink]).mean()),
        "blank_mean_abs": float(np.abs(grad[~ink]).mean()),
        "finite_difference_error": finite_difference_error(by_score, x, pred, "logit"),
        "log_prob_finite_difference_error": finite_difference_error(by_prob, x, pred, "log_prob"),
    }
    return Result(values, fig)


# ---- send the unsure ones to a person ----------------------------------------------------------
def reject_curve(
    confidence: npt.ArrayLike, correct: npt.ArrayLike, thresholds: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """(coverage, accuracy on the kept) for predictions kept when confidence >= threshold;
    accuracy is nan where nothing is kept."""
    conf, ok = np.asarray(confidence), np.asarray(correct, bool)
    keep = conf[None, :] >= np.asarray(thresholds, np.float64)[:, None]
    kept = keep.sum(axis=1)
    coverage = kept / len(conf)
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.where(kept > 0, (keep & ok[None, :]).sum(axis=1) / kept, np.nan)
    return coverage, accuracy


@experiment(
    "saliency.confidence_threshold",
    sliders=(Slider("threshold", "threshold 阈值", 0.0, 0.99, 0.01, 0.9),),
)
def confidence_threshold(threshold: float = 0.9, epochs: int = 8, seed: int = 0) -> Result:
    """Keep a prediction when its top probability reaches the threshold, send the rest to a
    person: coverage (fraction kept) and accuracy on the kept ones, on 500 held-out digits."""
    val = held_out_digits().val
    net = trained_mlp(epochs, seed)
    net.set_batch_size(val.n)
    probs = _softmax(net.forward(val.x.reshape(val.n, -1)).astype(np.float64))
    conf, correct = probs.max(axis=1), probs.argmax(axis=1) == val.y
    grid = np.round(np.arange(0.0, 1.0, 0.01), 2)
    coverage, accuracy = reject_curve(conf, correct, grid)
    (cov_t,), (acc_t,) = reject_curve(conf, correct, [threshold])
    coarse = reject_curve(conf, correct, [0.0, 0.5, 0.7, 0.9])[1]
    overall = float(correct.mean())
    sent_mask = conf < threshold
    sent = int(np.count_nonzero(sent_mask))
    mistakes = int(np.count_nonzero(~correct))
    caught = int(np.count_nonzero(sent_mask & ~correct))
    caption = (
        f"threshold {threshold:.2f}: keep {cov_t:.1%} of 500 held-out digits ({sent} to a "
        f"person), accuracy on the kept {acc_t:.1%}; all: {overall:.1%}; {caught} of the "
        f"{mistakes} mistakes go to a person"
    )
    fig = _threshold_figure(conf, correct, (grid, coverage, accuracy), threshold, caption)
    values = {
        "overall_accuracy": overall,
        "coverage": float(cov_t),
        "kept_accuracy": float(acc_t),
        "coverage_at_0": float(coverage[0]),
        "accuracy_at_0": float(accuracy[0]),
        "gain_over_overall": float(acc_t - overall),
        "kept_accuracy_rises": bool(np.all(np.diff(coarse) >= 0)),
        "to_a_person": sent,
        "mistakes": mistakes,
        "mistakes_to_a_person": caught,
        "most_sent_label": int(np.argmax(np.bincount(val.y[sent_mask], minlength=10))),
    }
    return Result(values, fig)


def _threshold_figure(
    conf: np.ndarray,
    correct: np.ndarray,
    curves: tuple[np.ndarray, np.ndarray, np.ndarray],
    threshold: float,
    caption: str,
) -> Figure:
    """Accuracy against coverage, both against the threshold, and the confidence histograms;
    ``curves`` is (thresholds, coverage, accuracy on the kept)."""
    grid, coverage, accuracy = curves
    (cov_t,), (acc_t,) = reject_curve(conf, correct, [threshold])
    return Figure(
        [
            Panel("accuracy vs coverage", [
                Line(coverage, accuracy, "kept 保留"),
                Points(np.array([cov_t]), np.array([acc_t]), label=f"t = {threshold:.2f}",
                       size=10.0),
            ], "coverage 覆盖率", "accuracy on kept 准确率", x_range=(0, 1.02)),
            Panel("vs threshold 阈值", [
                Line(grid, accuracy, "accuracy on kept"),
                Line(grid, coverage, "coverage", "dashed"),
                Marker(threshold, f"t = {threshold:.2f}"),
            ], "threshold", "", x_range=(0, 1), y_range=(0, 1.02)),
            Panel("top probability 置信度 (cut at 40)", [
                Histogram(conf[correct], 20, "right 正确"),
                Histogram(conf[~correct], 20, "wrong 错误"),
                Marker(threshold, "t"),
            ], "max p", "digits", y_range=(0, 40)),
        ],
        columns=3,
        caption=caption,
    )  # fmt: skip

"""Inside LeNet-5: one digit's feature maps after conv1 (6) and conv2 (16), with the shapes and
parameter counts the engine infers for the course preset ``lenet5.json``."""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import numpy.typing as npt

from layerlab.data.mnist import load_bundled_mnist
from layerlab.data.splits import split_dataset
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments.convolution import DIGIT, digit
from layerlab.lessons.experiments.image_panels import image_at, map_grid
from layerlab.lessons.figure import Bars, Figure, Panel

F32 = npt.NDArray[np.float32]


def lenet_spec() -> NetworkSpec:
    """The course preset ``lenet5.json`` (conv1 6@5x5 same, conv2 16@5x5 valid)."""
    path = resources.files("layerlab") / "resources" / "examples" / "lenet5.json"
    return NetworkSpec.from_json(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4)
def _lenet_weights(train_samples: int, seed: int) -> tuple[dict[str, F32], float]:
    """LeNet-5 trained one pass over ``train_samples`` bundled digits (Adam 0.002, batch 32),
    and its accuracy on the 500 held-out digits (nan when untrained)."""
    net = Network(lenet_spec())
    if train_samples <= 0:
        return net.state_dict(), float("nan")
    splits = split_dataset(load_bundled_mnist(), 0.1, 0.0, 0)
    pick = np.random.default_rng(seed).permutation(splits.train.n)[:train_samples]
    train = (splits.train.x[pick], splits.train.y[pick])
    Trainer(net, train, optimizer={"kind": "adam", "lr": 0.002}, batch_size=32, seed=seed).fit(1)
    return net.state_dict(), float(net.evaluate(splits.val.x, splits.val.y)[1])


@experiment(
    "lenet.feature_maps",
    sliders=(Slider("digit_index", "digit (0-4999)", 0, 4999, 1, DIGIT),),
)
def feature_maps(digit_index: int = DIGIT, train_samples: int = 960, seed: int = 0) -> Result:
    """One digit through LeNet-5 (briefly trained, or untrained with train_samples = 0):
    conv1's 6 feature maps and conv2's 16, with the shapes the engine infers."""
    state, accuracy = _lenet_weights(int(train_samples), int(seed))
    net = Network(lenet_spec(), batch_size=1)
    net.load_state_dict(state)
    img = digit(digit_index)
    logits = net.forward(img[None, :, :, None])[0].astype(np.float64)
    maps = {k: v[0].copy() for k, v in net.activations().items()}
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    shapes = {k: "x".join(map(str, s)) for k, s in net.out_shapes.items()}
    counts = {k: int(v.size) for k, v in net.params.items()}
    conv1 = counts["conv1.weight"] + counts["conv1.bias"]
    conv2 = counts["conv2.weight"] + counts["conv2.bias"]
    label = int(load_bundled_mnist().y[int(digit_index) % 5000])
    trained = (
        f"after {train_samples} digits: {accuracy:.1%} on 500 held out"
        if train_samples > 0
        else "untrained"
    )
    caption = (
        f"28x28x1 -> conv1 {shapes['conv1']} -> pool1 {shapes['pool1']} -> conv2 "
        f"{shapes['conv2']} -> pool2 {shapes['pool2']} -> {shapes['flatten']}; "
        f"conv1 {conv1} parameters, conv2 {conv2}; {trained}"
    )
    values = {
        **{f"{k}_shape": s for k, s in shapes.items()},
        "conv1_params": conv1,
        "conv2_params": conv2,
        "total_params": int(sum(counts.values())),
        "label": label,
        "predicted": int(np.argmax(probs)),
        "val_accuracy": accuracy,
    }
    return Result(values, _figure(img, label, maps, shapes, probs, caption))


def _figure(
    img: F32, label: int, maps: dict[str, F32], shapes: dict[str, str], probs, caption: str
) -> Figure:
    g1, x1, y1 = map_grid(maps["conv1"], 3, gap=3.0)
    g2, x2, y2 = map_grid(maps["conv2"], 4, gap=2.0)
    return Figure(
        [
            Panel(f"digit ({label}) 输入", [image_at(img, levels=(0.0, 1.0))], x_range=(0, 28),
                  y_range=(0, 28), aspect_locked=True, legend=False),
            Panel(f"conv1 {shapes['conv1']} 特征图", g1, x_range=x1, y_range=y1,
                  aspect_locked=True, legend=False),
            Panel(f"conv2 {shapes['conv2']} 特征图", g2, x_range=x2, y_range=y2,
                  aspect_locked=True, legend=False),
            Panel("p(class) 概率", [Bars([str(d) for d in range(10)], probs,
                  highlight=int(np.argmax(probs)))], y_range=(0, 1), legend=False),
        ],
        columns=2,
        caption=caption,
    )  # fmt: skip

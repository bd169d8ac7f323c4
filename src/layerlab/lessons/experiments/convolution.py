"""Convolution by hand and by the engine: a 3x3 window sliding over a digit, the output-size
formula, classic kernels (edges, blur, sharpen) and 2x2 max pooling.

Every convolution here runs through the engine's Conv2D layer with its weights set by
``load_state_dict``; numpy recomputes the same numbers by hand (cross-correlation, as in every
deep-learning library: the kernel is not flipped).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import numpy.typing as npt

from layerlab.data.mnist import load_bundled_mnist
from layerlab.engine.network import Network
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments.image_panels import (
    box,
    image_at,
    map_grid,
    numbers_on,
    window_box,
)
from layerlab.lessons.figure import Figure, Panel, Text

F32 = npt.NDArray[np.float32]

DIGIT = 3500  # a 7 in the bundled digits (sorted by label, 500 per class)
KERNELS: dict[str, F32] = {
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float32),
    "sobel_y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], np.float32),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], np.float32),
    "box_blur": np.full((3, 3), 1 / 9, np.float32),
    "gaussian_blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], np.float32) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32),
}
KERNEL_NAMES = tuple(KERNELS)


@functools.lru_cache(maxsize=1)
def _digits() -> F32:
    return load_bundled_mnist().x


def digit(index: int = DIGIT) -> F32:
    """One bundled MNIST digit as a (28, 28) float32 image in [0, 1]."""
    x = _digits()
    return np.ascontiguousarray(x[int(index) % len(x), :, :, 0])


def output_size(size: int, kernel: int, padding: int, stride: int) -> int:
    """O = (I - K + 2P) / S + 1, rounded down (a window that does not fit is dropped)."""
    return (size - kernel + 2 * padding) // stride + 1


def conv_spec(size: int, kernel: int, padding: int, stride: int, filters: int = 1) -> NetworkSpec:
    """One Conv2D layer (no bias) over a size x size x 1 image."""
    layer = {"id": "conv", "kind": "Conv2D", "filters": filters, "kernel_size": kernel,
             "stride": stride, "padding": padding, "use_bias": False}  # fmt: skip
    return NetworkSpec.from_dict({"input": [size, size, 1], "layers": [layer], "loss": "mse"})


def engine_output_size(size: int, kernel: int, padding: int, stride: int) -> int | None:
    """The output height the engine's shape inference gives (None: it rejects the layer)."""
    inf = infer(conv_spec(size, kernel, padding, stride))
    return inf.out_shapes["conv"][0] if inf.ok else None


def engine_conv(image: npt.ArrayLike, kernels: F32, padding: int = 1, stride: int = 1) -> F32:
    """Apply kernels (n, k, k) to a square image with the engine's Conv2D: (O, O, n)."""
    img = np.asarray(image, np.float32)
    n, k, _ = kernels.shape
    net = Network(conv_spec(img.shape[0], k, padding, stride, filters=n), batch_size=1)
    net.load_state_dict({"conv.weight": np.transpose(kernels, (1, 2, 0))[:, :, None, :]})
    return net.forward(img[None, :, :, None])[0]


def correlate(image: npt.ArrayLike, kernel: npt.ArrayLike, padding: int = 1, stride: int = 1):
    """Cross-correlation in float64 by numpy (the textbook formula, no engine)."""
    img = np.pad(np.asarray(image, np.float64), padding)
    k = np.asarray(kernel, np.float64)
    win = np.lib.stride_tricks.sliding_window_view(img, k.shape)[::stride, ::stride]
    return np.einsum("ijuv,uv->ij", win, k)


# ---- the sliding window ------------------------------------------------------------------------
@experiment(
    "convolution.sliding_window",
    sliders=(
        Slider("row", "output row i", 0, 27, 1, 9),
        Slider("col", "output column j", 0, 27, 1, 12),
        Slider("padding", "padding P", 0, 2, 1, 0),
        Slider("stride", "stride S", 1, 3, 1, 1),
    ),
)
def sliding_window(
    row: int = 9,
    col: int = 12,
    padding: int = 0,
    stride: int = 1,
    kernel: str = "sobel_x",
    digit_index: int = DIGIT,
) -> Result:
    """A 3x3 kernel over a digit: the window at output (i, j), its numbers, the products and
    their sum, beside the engine's output at (i, j)."""
    padding, stride = int(padding), int(stride)
    img, w = digit(digit_index), KERNELS[kernel]
    size, k = img.shape[0], w.shape[0]
    o = output_size(size, k, padding, stride)
    out = engine_conv(img, w[None], padding, stride)[:, :, 0]
    i, j = min(int(row), o - 1), min(int(col), o - 1)
    padded = np.pad(img, padding)
    patch = padded[i * stride : i * stride + k, j * stride : j * stride + k]
    products = patch.astype(np.float64) * w
    hand, engine = float(products.sum()), float(out[i, j])
    fig = Figure(
        [
            *_window_panels(padded, out, (i, j), (k, padding, stride)),
            _numbers_panel("patch 窗口", patch, "{:.2f}", (-1.0, 1.0), True),  # 0 white: legible
            _numbers_panel(f"kernel {kernel} 卷积核", w, "{:g}", _sym(w), True),
            _numbers_panel(
                f"patch x kernel: sum {hand:.3f}", products, "{:.2f}", _sym(products), True
            ),
        ],
        columns=3,
        caption=(
            f"O = (I - K + 2P)/S + 1 = ({size} - {k} + 2*{padding})/{stride} + 1 = {o}   "
            f"y[{i},{j}] = sum(patch x kernel) = {hand:.4f}; engine {engine:.4f}"
        ),
    )
    values = {
        "output_size": o,
        "engine_output_size": int(out.shape[0]),
        "row": i,
        "col": j,
        "hand_sum": hand,
        "engine_value": engine,
        "abs_diff": abs(engine - hand),
    }
    return Result(values, fig)


def _window_panels(
    padded: F32, out: F32, at: tuple[int, int], geometry: tuple[int, int, int]
) -> list[Panel]:
    """The padded input with the window on it, and the output map with the cell it fills;
    ``geometry`` is (kernel size, padding, stride)."""
    (i, j), (k, padding, stride) = at, geometry
    side, o = padded.shape[0], out.shape[0]
    lim = float(np.abs(out).max()) or 1.0
    return [
        Panel(f"input {side}x{side} (P={padding}) 输入", [
            image_at(padded, levels=(0.0, 1.0)),
            window_box(i * stride, j * stride, k, side, f"window ({i}, {j})"),
        ], x_range=(0, side), y_range=(0, side), aspect_locked=True, legend=False),
        Panel(f"output {o}x{o} 输出", [
            image_at(out, levels=(-lim, lim), diverging=True),
            window_box(i, j, 1, o),
            Text(j + 0.5, o - i + 0.8, f"{float(out[i, j]):.3f}"),
        ], x_range=(0, o), y_range=(0, o + 2), aspect_locked=True, legend=False),
    ]  # fmt: skip


def _sym(a: np.ndarray) -> tuple[float, float]:
    lim = float(np.abs(a).max()) or 1.0
    return (-lim, lim)


def _numbers_panel(title: str, a: np.ndarray, fmt: str, levels, diverging: bool) -> Panel:
    n = a.shape[0]
    items = [image_at(a, levels=levels, diverging=diverging), *numbers_on(a, fmt)]
    return Panel(title, items, x_range=(0, n), y_range=(0, n), aspect_locked=True, legend=False)


# ---- output size -------------------------------------------------------------------------------
@experiment("convolution.output_size")
def output_size_case(size: int = 28, kernel: int = 3, padding: int = 0, stride: int = 1) -> Result:
    """O = (I - K + 2P)/S + 1 by the formula and by the engine's shape inference."""
    formula = output_size(size, kernel, padding, stride)
    engine = engine_output_size(size, kernel, padding, stride)
    return Result({"formula": formula, "engine": engine, "match": formula == engine})


@experiment("convolution.output_size_table")
def output_size_table(
    sizes: tuple[int, ...] = (5, 7, 28, 32),
    kernels: tuple[int, ...] = (1, 2, 3, 5, 7),
    paddings: tuple[int, ...] = (0, 1, 2, 3),
    strides: tuple[int, ...] = (1, 2, 3),
) -> Result:
    """Every (I, K, P, S) with a window that fits: the engine's output height equals the
    formula's."""
    cases = mismatches = 0
    for i, k, p, s in itertools.product(sizes, kernels, paddings, strides):
        if k > i + 2 * p or 2 * p >= k + i:
            continue
        cases += 1
        mismatches += engine_output_size(i, k, p, s) != output_size(i, k, p, s)
    return Result({"cases": cases, "mismatches": mismatches})


# ---- classic kernels and pooling ---------------------------------------------------------------
@experiment(
    "convolution.classic_kernels",
    sliders=(Slider("kernel_index", "kernel (0-5)", 0, len(KERNELS) - 1, 1, 0),),
)
def classic_kernels(kernel_index: int = 0, digit_index: int = DIGIT) -> Result:
    """Sobel x/y, Laplacian, box and Gaussian blur and sharpen applied to a digit by one
    Conv2D layer with six fixed filters (padding 1), then 2x2 max pooling."""
    img = digit(digit_index)
    bank = np.stack(list(KERNELS.values()))
    out = engine_conv(img, bank, padding=1)
    ref = np.stack([correlate(img, w) for w in bank], axis=-1)
    name = KERNEL_NAMES[int(kernel_index) % len(KERNELS)]
    chosen = out[:, :, KERNEL_NAMES.index(name)]
    pooled = max_pool(chosen)
    ink = float(img.sum())
    sums = {n: float(out[:, :, i].sum()) for i, n in enumerate(KERNEL_NAMES)}
    tiles, xr, yr = map_grid(out, 3, gap=2.0, names=KERNEL_NAMES)
    lim = float(np.abs(chosen).max()) or 1.0
    fig = Figure(
        [
            Panel("digit 输入", [image_at(img, levels=(0.0, 1.0))], x_range=(0, 28),
                  y_range=(0, 28), aspect_locked=True, legend=False),
            _numbers_panel(f"{name} 卷积核", KERNELS[name], "{:.3g}", _sym(KERNELS[name]), True),
            Panel(f"{name} output 28x28", [image_at(chosen, levels=(-lim, lim), diverging=True)],
                  x_range=(0, 28), y_range=(0, 28), aspect_locked=True, legend=False),
            Panel("max pool 2x2 -> 14x14 池化", [image_at(pooled, levels=(-lim, lim),
                  diverging=True)], x_range=(0, 14), y_range=(0, 14), aspect_locked=True,
                  legend=False),
            Panel("all six kernels", tiles, x_range=xr, y_range=yr, aspect_locked=True,
                  legend=False),
        ],
        columns=3,
        caption=(
            f"kernel sum {float(KERNELS[name].sum()):.3g}: output sum "
            f"{0.0 if abs(sums[name]) < 5e-4 else sums[name]:.3f} "
            f"(ink {ink:.3f})   engine vs numpy: {float(np.abs(out - ref).max()):.2g}"
        ),
    )  # fmt: skip
    values = {
        "kernel": name,
        "max_diff_vs_numpy": float(np.abs(out - ref).max()),
        "ink": ink,
        "box_blur_sum_ratio": sums["box_blur"] / ink,
        "gaussian_blur_sum_ratio": sums["gaussian_blur"] / ink,
        "sharpen_sum_ratio": sums["sharpen"] / ink,
        "sobel_x_sum": sums["sobel_x"],
        "laplacian_sum": sums["laplacian"],
        "sobel_x_max_abs": float(np.abs(out[:, :, 0]).max()),
    }
    return Result(values, fig)


def max_pool(x: npt.ArrayLike, size: int = 2) -> F32:
    """Max of each size x size block (numpy; the engine's MaxPool2D is checked against it)."""
    a = np.asarray(x, np.float32)
    h, w = a.shape[0] // size, a.shape[1] // size
    return a[: h * size, : w * size].reshape(h, size, w, size).max(axis=(1, 3))


@experiment("convolution.max_pool")
def max_pool_check(digit_index: int = DIGIT) -> Result:
    """The engine's MaxPool2D (2x2, stride 2) on a digit against the max of each 2x2 block."""
    img = digit(digit_index)
    spec = NetworkSpec.from_dict({
        "input": [28, 28, 1], "loss": "mse",
        "layers": [{"id": "pool", "kind": "MaxPool2D", "pool_size": 2, "stride": 2}],
    })  # fmt: skip
    out = Network(spec, batch_size=1).forward(img[None, :, :, None])[0, :, :, 0]
    blocks = max_pool(img)
    r, c = np.unravel_index(int(np.argmax(img[8:16, 8:16])), (8, 8))  # a block on the stroke
    r0, c0 = 8 + 2 * (r // 2), 8 + 2 * (c // 2)
    fig = Figure(
        [
            Panel("digit 28x28", [image_at(img, levels=(0.0, 1.0)), box(c0, 28 - r0 - 2, 2, 2)],
                  x_range=(0, 28), y_range=(0, 28), aspect_locked=True, legend=False),
            Panel("max pool 14x14 池化", [image_at(out, levels=(0.0, 1.0)),
                  box(c0 // 2, 14 - r0 // 2 - 1, 1, 1)], x_range=(0, 14), y_range=(0, 14),
                  aspect_locked=True, legend=False),
            _numbers_panel("one 2x2 block", img[r0 : r0 + 2, c0 : c0 + 2], "{:.2f}", (-1, 1),
                           True),
        ],
        columns=3,
        caption=f"block max {float(out[r0 // 2, c0 // 2]):.2f}; shape 28x28 -> "
        f"{out.shape[0]}x{out.shape[1]}",
    )  # fmt: skip
    values = {
        "out_height": int(out.shape[0]),
        "out_width": int(out.shape[1]),
        "max_diff_vs_blocks": float(np.abs(out - blocks).max()),
    }
    return Result(values, fig)

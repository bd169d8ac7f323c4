"""The convolution lessons' experiments against hand-computed numbers and naive loops."""

from __future__ import annotations

import numpy as np
import pytest

from layerlab.lessons.experiments import convolution as conv
from layerlab.lessons.experiments import image_panels, lenet
from layerlab.lessons.figure import Image, Text


def naive_correlate(image: np.ndarray, kernel: np.ndarray, padding: int, stride: int) -> np.ndarray:
    """y[i, j] = sum_{u,v} x_padded[i*s + u, j*s + v] k[u, v], by four loops in float64."""
    x = np.zeros((image.shape[0] + 2 * padding,) * 2)
    x[padding : padding + image.shape[0], padding : padding + image.shape[1]] = image
    k = kernel.shape[0]
    o = (image.shape[0] - k + 2 * padding) // stride + 1
    out = np.zeros((o, o))
    for i in range(o):
        for j in range(o):
            for u in range(k):
                for v in range(k):
                    out[i, j] += x[i * stride + u, j * stride + v] * kernel[u, v]
    return out


@pytest.mark.parametrize(
    ("size", "kernel", "padding", "stride", "expected"),
    [(28, 5, 0, 1, 24), (28, 3, 1, 1, 28), (28, 3, 0, 2, 13), (7, 3, 0, 2, 3), (31, 5, 2, 3, 11)],
)
def test_output_size_formula_and_engine_agree_with_hand_values(
    size: int, kernel: int, padding: int, stride: int, expected: int
) -> None:
    assert conv.output_size(size, kernel, padding, stride) == expected
    assert conv.engine_output_size(size, kernel, padding, stride) == expected


def test_engine_rejects_a_kernel_larger_than_the_padded_input() -> None:
    assert conv.engine_output_size(3, 5, 0, 1) is None


@pytest.mark.parametrize(("padding", "stride"), [(0, 1), (1, 1), (1, 2), (2, 3)])
def test_engine_conv_matches_a_naive_loop_for_every_classic_kernel(
    padding: int, stride: int
) -> None:
    img = np.random.default_rng(padding * 10 + stride).random((12, 12)).astype(np.float32)
    bank = np.stack(list(conv.KERNELS.values()))
    out = conv.engine_conv(img, bank, padding, stride)
    for n, kernel in enumerate(bank):
        ref = naive_correlate(img, kernel.astype(np.float64), padding, stride)
        np.testing.assert_allclose(out[:, :, n], ref, atol=1e-5)
        np.testing.assert_allclose(conv.correlate(img, kernel, padding, stride), ref, atol=1e-12)


def test_sliding_window_sum_is_the_kernel_times_the_patch() -> None:
    r = conv.sliding_window(row=9, col=12, padding=0, stride=1, kernel="sobel_x")
    img, k = conv.digit(), conv.KERNELS["sobel_x"]
    by_hand = float((img[9:12, 12:15].astype(np.float64) * k).sum())
    assert r.values["hand_sum"] == pytest.approx(by_hand, abs=1e-9)
    assert r.values["engine_value"] == pytest.approx(by_hand, abs=1e-5)
    assert r.values["output_size"] == r.values["engine_output_size"] == 26


def test_sliding_window_clips_the_position_to_the_output_and_pads_with_zeros() -> None:
    r = conv.sliding_window(row=27, col=27, padding=1, stride=2, kernel="laplacian")
    assert (r.values["row"], r.values["col"], r.values["output_size"]) == (13, 13, 14)
    padded = np.pad(conv.digit().astype(np.float64), 1)
    by_hand = float((padded[26:29, 26:29] * conv.KERNELS["laplacian"]).sum())
    assert r.values["hand_sum"] == pytest.approx(by_hand, abs=1e-9)
    assert r.values["abs_diff"] < 1e-5


def test_kernels_summing_to_one_keep_the_ink_and_to_zero_cancel() -> None:
    img = np.zeros((10, 10), np.float32)
    img[3:7, 2:8] = np.random.default_rng(0).random((4, 6))  # ink away from the border
    bank = np.stack(list(conv.KERNELS.values()))
    out = conv.engine_conv(img, bank, padding=1)
    for n, (name, kernel) in enumerate(conv.KERNELS.items()):
        assert out[:, :, n].sum() == pytest.approx(img.sum() * kernel.sum(), abs=1e-4), name


def test_classic_kernels_experiment_reports_the_engine_against_numpy() -> None:
    v = conv.classic_kernels(kernel_index=1).values
    assert v["kernel"] == "sobel_y"
    assert v["max_diff_vs_numpy"] < 1e-5
    assert v["box_blur_sum_ratio"] == pytest.approx(1.0, abs=1e-5)
    assert v["ink"] == pytest.approx(float(conv.digit().sum()), rel=1e-6)


def test_max_pool_takes_the_largest_of_each_block() -> None:
    x = np.array([[1, 2, 0, 5], [3, 4, 1, 1], [0, 0, 7, 8], [9, 0, 6, 2]], np.float32)
    np.testing.assert_array_equal(conv.max_pool(x), [[4, 5], [9, 8]])
    v = conv.max_pool_check().values
    assert (v["out_height"], v["out_width"], v["max_diff_vs_blocks"]) == (14, 14, 0.0)


def test_lenet_shapes_and_parameter_counts_are_the_textbook_ones() -> None:
    v = lenet.feature_maps(train_samples=0).values
    assert v["conv1_shape"] == "28x28x6" and v["pool1_shape"] == "14x14x6"
    assert v["conv2_shape"] == "10x10x16" and v["pool2_shape"] == "5x5x16"
    assert v["conv1_params"] == 5 * 5 * 1 * 6 + 6 == 156
    assert v["conv2_params"] == 5 * 5 * 6 * 16 + 16 == 2416
    fc = 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10
    assert v["total_params"] == 156 + 2416 + fc == 61706
    assert np.isnan(v["val_accuracy"])


def test_image_panels_put_row_zero_at_the_top() -> None:
    img = image_panels.image_at(np.zeros((3, 4)), x0=10, y0=20, cell=2)
    assert isinstance(img, Image) and img.extent == (10, 18, 20, 26)
    assert image_panels.cell_centre(0, 0, 3, 10, 20, 2) == (11, 25)
    assert image_panels.cell_centre(2, 3, 3, 10, 20, 2) == (17, 21)
    texts = image_panels.numbers_on(np.array([[1, 2], [3, 4]]), "{:g}")
    assert [(t.x, t.y, t.text) for t in texts][:2] == [(0.5, 1.5, "1"), (1.5, 1.5, "2")]
    texts = image_panels.numbers_on(np.array([[-0.001, -0.5]]), "{:.2f}")
    assert [t.text for t in texts] == ["0.00", "-0.50"]
    line = image_panels.window_box(1, 2, 3, 10)  # rows 1..3, columns 2..4 of a 10-row image
    assert (line.x.min(), line.x.max(), line.y.min(), line.y.max()) == (2, 5, 6, 9)


def test_map_grid_tiles_maps_with_their_names() -> None:
    maps = np.arange(2 * 3 * 5, dtype=np.float32).reshape(2, 3, 5)
    items, xr, yr = image_panels.map_grid(maps, 2, gap=1.0, names=list("abcde"))
    images = [i for i in items if isinstance(i, Image)]
    assert len(images) == 5 and [t.text for t in items if isinstance(t, Text)] == list("abcde")
    assert images[0].extent == (0, 3, 6, 8) and images[4].extent == (0, 3, 0, 2)
    np.testing.assert_array_equal(images[1].data, maps[:, :, 1])
    assert xr == (-1, 8) and yr == (-1, 10)

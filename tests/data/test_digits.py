"""Tests for layerlab.data.digits: pen rendering, MNIST preprocessing and its robustness."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from layerlab.data import find_mnist_folder, load_bundled_mnist, load_mnist_part
from layerlab.data.digits import (
    Preprocessor,
    draw_segment,
    preprocess,
    pretrained_paths,
    render_strokes,
    resize_area,
)

PENDIGITS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pendigits"
IDX = np.arange(28)


def centre_of_mass(img: np.ndarray) -> tuple[float, float]:
    """(row, column) centre of mass in index coordinates (pixel i has its centre at i)."""
    m = img.sum()
    return float(img.sum(1) @ IDX / m), float(img.sum(0) @ IDX / m)


def blob_canvas() -> np.ndarray:
    """An asymmetric blob off the pad's centre: a disc, a bar to its right, a faint tail."""
    y, x = np.mgrid[0:280, 0:280] + 0.5
    disc = (y - 90) ** 2 + (x - 70) ** 2 < 40**2
    bar = (np.abs(y - 110) < 12) & (x > 100) & (x < 200)
    tail = 0.4 * ((np.abs(x - 60) < 5) & (y > 120) & (y < 230))
    return np.maximum(np.maximum(disc, bar), tail).astype(np.float32)


# ---- preprocessing -------------------------------------------------------------------------------
def test_preprocess_puts_centre_of_mass_at_14_and_longer_side_at_20() -> None:
    out = preprocess(blob_canvas())
    assert out.shape == (28, 28) and out.dtype == np.float32
    cy, cx = centre_of_mass(out)
    assert abs(cy - 14) < 0.1 and abs(cx - 14) < 0.1
    rows = np.flatnonzero(out.max(1) > 0)  # the blob is 180 px tall, 170 px wide
    cols = np.flatnonzero(out.max(0) > 0)
    assert rows[-1] - rows[0] + 1 in (20, 21)  # 20 px, plus a partly covered edge pixel
    assert cols[-1] - cols[0] + 1 in (19, 20)  # 170 * 20/180 = 18.9 px
    assert out.min() >= 0.0 and out.max() <= 1.0


def test_solid_rectangle_keeps_its_aspect_ratio_and_ink() -> None:
    canvas = np.zeros((280, 280), np.float32)
    canvas[37:237, 100:180] = 1.0  # 200 tall, 80 wide: 20 x 8 after scaling
    out = preprocess(canvas)
    assert out.max(1).sum() == pytest.approx(20, abs=1e-3)
    assert out.max(0).sum() == pytest.approx(8, abs=1e-3)
    assert out.sum() == pytest.approx(160, rel=1e-4)


def test_tall_thin_stroke_keeps_its_aspect_ratio() -> None:
    canvas = render_strokes([np.array([[140.0, 40.0], [140.0, 240.0]])], pen_width=28)
    out = preprocess(canvas)
    scale = 20 / 228  # 200 px line plus two 14 px round caps
    capsule_area = 200 * 28 + np.pi * 14**2
    assert out.sum() == pytest.approx(capsule_area * scale**2, rel=0.02)
    rows = np.flatnonzero(out.max(1) > 0.05)
    cols = np.flatnonzero(out.max(0) > 0.05)
    assert rows[-1] - rows[0] + 1 in (20, 21)
    assert cols[-1] - cols[0] + 1 in (3, 4)  # 28 * 20/228 = 2.5 px wide, straddling pixels
    assert out.max(0).sum() == pytest.approx(28 * scale, abs=0.15)


@pytest.mark.parametrize("dtype", [np.float32, np.uint8])
def test_empty_canvas_gives_zeros(dtype) -> None:
    out = preprocess(np.zeros((280, 280), dtype))
    assert out.shape == (28, 28) and out.dtype == np.float32 and not out.any()


def test_uint8_canvas_is_scaled_by_255() -> None:
    canvas = blob_canvas()
    as_bytes = np.round(canvas * 255).astype(np.uint8)
    np.testing.assert_allclose(preprocess(as_bytes), preprocess(canvas), atol=1e-5)


def test_preprocess_is_deterministic_and_reuses_its_buffers() -> None:
    canvas = blob_canvas()
    first = preprocess(canvas)
    np.testing.assert_array_equal(first, preprocess(canvas))
    prep = Preprocessor((280, 280))
    res = prep(canvas)
    assert res is prep.out and prep(np.zeros_like(canvas)) is prep.out
    np.testing.assert_array_equal(prep(canvas), first)
    mine = np.empty((28, 28), np.float32)
    assert prep(canvas, out=mine) is mine
    np.testing.assert_array_equal(mine, first)


def test_wide_canvas_is_preprocessed_like_a_square_one() -> None:
    square = blob_canvas()
    wide = np.zeros((280, 600), np.float32)
    wide[:, 300:580] = square
    np.testing.assert_allclose(preprocess(wide), preprocess(square), atol=1e-5)


def test_preprocessor_rejects_another_canvas_shape() -> None:
    with pytest.raises(ValueError, match="shape"):
        Preprocessor((280, 280))(np.zeros((100, 100), np.float32))


def test_preprocess_leaves_an_mnist_digit_nearly_unchanged() -> None:
    for img in load_bundled_mnist().x[::50, :, :, 0]:
        out = preprocess(img)  # the same recipe; only the sub-pixel placement differs
        assert np.corrcoef(out.ravel(), img.ravel())[0, 1] > 0.85
        assert np.abs(np.subtract(centre_of_mass(out), centre_of_mass(img))).max() < 0.6


# ---- area resampling -----------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [0.1, 0.25, 0.5, 20 / 137, 20 / 91, 0.37, 1.7])
def test_area_resize_preserves_ink_up_to_the_area_ratio(scale) -> None:
    img = np.random.default_rng(0).random((137, 91), dtype=np.float32)
    out = resize_area(img, scale)
    assert out.sum() == pytest.approx(img.sum() * scale**2, rel=1e-4)
    assert out.max() <= img.max() + 1e-5


def test_area_resize_by_an_integer_ratio_is_the_block_mean() -> None:
    img = np.random.default_rng(1).random((140, 90), dtype=np.float32)
    np.testing.assert_allclose(
        resize_area(img, 0.1), img.reshape(14, 10, 9, 10).mean(axis=(1, 3)), rtol=1e-5
    )


def overlap_matrix(n_in: int, scale: float, offset: float, n_out: int) -> np.ndarray:
    """Naive float64 reference: W[i, j] = overlap of output pixel [i, i + 1] with input pixel j
    mapped to [scale * j + offset, scale * (j + 1) + offset]."""
    w = np.zeros((n_out, n_in))
    for i in range(n_out):
        for j in range(n_in):
            lo, hi = scale * j + offset, scale * (j + 1) + offset
            w[i, j] = max(0.0, min(i + 1, hi) - max(i, lo))
    return w


@pytest.mark.parametrize(
    ("scale", "offset"), [(0.1, 0.0), (20 / 137, 4.3), (0.37, -2.6), (1.7, 0.5)]
)
def test_area_resize_matches_the_overlap_matrix_reference(scale, offset) -> None:
    img = np.random.default_rng(2).random((137, 91), dtype=np.float32)
    wy = overlap_matrix(137, scale, offset, 28)
    wx = overlap_matrix(91, scale, -offset, 30)
    expected = wy @ img.astype(np.float64) @ wx.T
    got = resize_area(img, scale, (offset, -offset), (28, 30))
    np.testing.assert_allclose(got, expected, atol=2e-5)


# ---- rendering -----------------------------------------------------------------------------------
def test_render_strokes_draws_a_line_of_the_pen_width() -> None:
    canvas = render_strokes([np.array([[40.0, 140.0], [240.0, 140.0]])], pen_width=28)
    assert canvas.shape == (280, 280) and canvas.dtype == np.float32
    assert canvas[:, 140].sum() == pytest.approx(28, abs=0.05)  # across the line
    assert canvas[140].sum() == pytest.approx(228, abs=0.05)  # along it, with round caps
    assert canvas[140, 140] == 1.0 and canvas[155, 140] == 0.0
    hard = render_strokes([np.array([[40.0, 140.0], [240.0, 140.0]])], antialias=False)
    assert set(np.unique(hard)) == {0.0, 1.0}
    assert hard[:, 140].sum() == 28


def test_render_strokes_does_not_join_separate_strokes() -> None:
    strokes = [np.array([[40.0, 60.0], [100.0, 60.0]]), np.array([[180.0, 60.0], [240.0, 60.0]])]
    canvas = render_strokes(strokes, pen_width=10)
    assert canvas[60, 140] == 0.0 and canvas[60, 70] == 1.0 and canvas[60, 210] == 1.0


def test_a_single_point_draws_a_dot() -> None:
    canvas = render_strokes([np.array([[100.0, 100.0]])], pen_width=20)
    assert canvas.sum() == pytest.approx(np.pi * 10**2, rel=0.01)


def test_draw_segment_clips_at_the_canvas_edge_and_blends_by_maximum() -> None:
    canvas = np.full((50, 50), 0.5, np.float32)
    draw_segment(canvas, (-30, 10), (80, 10), 6)
    draw_segment(canvas, (200, 200), (300, 300), 6)  # entirely outside: nothing happens
    assert canvas[10].min() == 1.0 and canvas[30].max() == 0.5


# ---- the shipped network on re-drawn digits ------------------------------------------------------
@pytest.fixture(scope="module")
def shipped_net():
    from layerlab.engine.network import Network
    from layerlab.engine.spec import NetworkSpec

    spec_path, weights_path = pretrained_paths()
    net = Network(NetworkSpec.load(spec_path), batch_size=256)
    net.load_weights(weights_path)
    return net


def bilinear_matrix(n_out: int, n_in: int, k: float, t: float) -> np.ndarray:
    """(n_out, n_in) bilinear weights for u = k * v + t; zeros outside the source."""
    s = (np.arange(n_out) + 0.5 - t) / k - 0.5  # source index coordinate of each output centre
    i0 = np.floor(s).astype(int)
    frac = s - i0
    m = np.zeros((n_out, n_in))
    for idx, w in ((i0, 1 - frac), (i0 + 1, frac)):
        ok = (idx >= 0) & (idx < n_in)
        np.add.at(m, (np.flatnonzero(ok), idx[ok]), w[ok])
    return m


def to_pad(img: np.ndarray, scale: float, shift: np.ndarray) -> np.ndarray:
    """A 28x28 digit upscaled bilinearly by 10 * scale onto a 280x280 pad, moved by shift
    (dy, dx) px but kept on the pad."""
    k = 10 * scale
    rows, cols = np.flatnonzero(img.max(1) > 0), np.flatnonzero(img.max(0) > 0)
    t = []
    for (lo, hi), d in zip(((rows[0], rows[-1] + 1), (cols[0], cols[-1] + 1)), shift, strict=True):
        t0 = 140 - 14 * k
        t.append(t0 + np.clip(d, -(k * lo + t0), 280 - (k * hi + t0)))
    return (bilinear_matrix(280, 28, k, t[0]) @ img @ bilinear_matrix(280, 28, k, t[1]).T).astype(
        np.float32
    )


VARIANTS = {  # name: (scale, largest shift in px)
    "pad, centred": (1.0, 0),
    "pad, off-centre +-60 px": (1.0, 60),
    "scale 0.5, off-centre +-60 px": (0.5, 60),
    "scale 1.3, off-centre on the pad": (1.3, 60),
}


def redrawn_accuracy(net, x: np.ndarray, y: np.ndarray, scale: float, shift: float) -> float:
    shifts = np.random.default_rng(0).uniform(-shift, shift, (len(x), 2))
    prep = Preprocessor((280, 280))
    z = np.empty_like(x)
    with threadpool_limits(1):  # tiny matrix products: BLAS threads only slow them down
        for i, img in enumerate(x[..., 0]):
            prep(to_pad(img, scale, shifts[i]), out=z[i, :, :, 0])
    return float(net.evaluate(z, y)[1])


@pytest.fixture(scope="module")
def mnist_test_1000():
    folder = find_mnist_folder()
    if folder is None:
        pytest.skip("full MNIST not found (../shared/data/mnist or $LAYERLAB_MNIST_DIR)")
    test = load_mnist_part(folder, "test")
    return test.x[::10], test.y[::10]


@pytest.mark.parametrize("variant", VARIANTS)
def test_redrawn_mnist_test_digits_are_classified_as_well_as_the_originals(
    shipped_net, mnist_test_1000, variant
) -> None:
    x, y = mnist_test_1000
    base = shipped_net.evaluate(x, y)[1]
    acc = redrawn_accuracy(shipped_net, x, y, *VARIANTS[variant])
    assert acc >= base - 0.02, f"{variant}: {acc:.3f} vs {base:.3f} on the 28x28 originals"


@pytest.mark.parametrize("variant", VARIANTS)
def test_redrawn_bundled_digits_are_classified_as_well_as_the_originals(
    shipped_net, variant
) -> None:
    ds = load_bundled_mnist()
    x, y = ds.x[::10], ds.y[::10]  # training digits: a quick check of the pipeline, always run
    base = shipped_net.evaluate(x, y)[1]
    acc = redrawn_accuracy(shipped_net, x, y, *VARIANTS[variant])
    assert acc >= base - 0.02, f"{variant}: {acc:.3f} vs {base:.3f} on the 28x28 originals"


def test_replayed_pen_digits_are_mostly_recognised(shipped_net) -> None:
    path = PENDIGITS / "strokes_train.npz"
    if not path.is_file():
        pytest.skip(f"pendigits strokes not found at {path}")
    with np.load(path, allow_pickle=False) as f:
        pts, so, do, labels = f["points"], f["stroke_offsets"], f["digit_offsets"], f["labels"]
    picked = np.arange(0, len(labels), 5)  # 1,499 digits of all 30 writers
    x = np.empty((len(picked), 28, 28, 1), np.float32)
    canvas = np.zeros((280, 280), np.float32)
    prep = Preprocessor()
    for n, i in enumerate(picked):
        strokes = [pts[so[j] : so[j + 1]] for j in range(do[i], do[i + 1])]
        prep(render_strokes(strokes, pen_width=28, out=canvas), out=x[n, :, :, 0])
    acc = shipped_net.evaluate(x, labels[picked].astype(np.int32))[1]
    assert acc >= 0.93, f"pendigits accuracy {acc:.3f}"  # shipped: 0.954 here, 0.946 on all

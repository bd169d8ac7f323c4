"""landscape.py: filter-normalised directions, loss grids (fast and general paths), PCA paths."""

import numpy as np
import pytest

from layerlab.engine.landscape import (
    LossGrid,
    PlaneLoss,
    filter_normalize,
    pca_directions,
    project,
    random_directions,
)
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec

MLP = {
    "input": {"shape": [6]},
    "layers": [
        {"id": "fc1", "kind": "Dense", "units": 8, "activation": "relu"},
        {"id": "bn", "kind": "BatchNorm"},
        {"id": "drop", "kind": "Dropout", "rate": 0.3},
        {"id": "act", "kind": "PReLU"},
        {"id": "fc2", "kind": "Dense", "units": 3},
        {"id": "soft", "kind": "Softmax"},
    ],
    "batch_size": 4,
    "seed": 3,
}
CONV = {
    "input": {"shape": [5, 5, 1]},
    "layers": [
        {"id": "conv", "kind": "Conv2D", "filters": 2, "kernel_size": 3, "activation": "tanh"},
        {"id": "flat", "kind": "Flatten"},
        {"id": "out", "kind": "Dense", "units": 3},
    ],
    "seed": 1,
}
REGRESSION = {
    "input": {"shape": [3]},
    "layers": [
        {"id": "drop", "kind": "Dropout", "rate": 0.2},
        {"id": "fc1", "kind": "Dense", "units": 4, "activation": "tanh"},
        {"id": "fc2", "kind": "Dense", "units": 2},
    ],
    "loss": "mse",
}


def _net(spec):
    net = Network(NetworkSpec.from_dict(spec))
    rng = np.random.default_rng(7)
    for name, view in net.params.items():  # non-trivial BN statistics and PReLU slopes
        if name.endswith(("running_mean", "beta", "alpha")):
            view[...] = rng.normal(0, 0.3, view.shape)
        elif name.endswith(("running_var", "gamma")):
            view[...] = rng.uniform(0.5, 1.5, view.shape)
    return net


def _data(net, n=37, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, *net.input_shape)).astype(np.float32)
    if net.loss.name == "mse":
        return x, rng.standard_normal((n, 2)).astype(np.float32)
    return x, rng.integers(0, 3, n).astype(np.int32)


def _direct(net, x, y, d1, d2, a, b):
    """Loss at theta0 + a d1 + b d2 by setting the weights of a copy and calling evaluate."""
    other = Network(net.spec)
    other.P[:] = net.P
    other.P[: net.n_trainable] += a * d1 + b * d2
    return other.evaluate(x, y)[:2]


@pytest.mark.parametrize(
    ("spec", "fast"), [(MLP, True), (MLP, False), (CONV, True), (REGRESSION, True)]
)
def test_grid_values_equal_direct_evaluation(spec, fast):
    net = _net(spec)
    x, y = _data(net)
    d1, d2 = random_directions(net, seed=1)
    grid = LossGrid(net, x, y, d1, d2, n=5, fast=fast, batch=16)
    assert grid.plane.fast == (fast and spec is not REGRESSION)  # Dropout first: no fast path
    assert grid.compute()
    assert grid.done.all()
    center = grid.loss[2, 2]
    assert center == pytest.approx(net.evaluate(x, y)[0], rel=1e-5)
    rng = np.random.default_rng(2)
    for i, j in rng.integers(0, 5, (4, 2)):
        loss, acc = _direct(net, x, y, d1, d2, grid.alphas[j], grid.betas[i])
        assert grid.loss[i, j] == pytest.approx(loss, rel=2e-5)
        assert grid.accuracy[i, j] == pytest.approx(acc)


def test_grid_leaves_the_network_untouched():
    net = _net(MLP)
    before = net.P.copy()
    x, y = _data(net)
    LossGrid(net, x, y, n=3).compute()
    np.testing.assert_array_equal(net.P, before)


def test_filter_normalization_scales_dense_columns_and_zeroes_the_rest():
    net = _net(MLP)
    d1, d2 = random_directions(net, seed=0)
    assert d1.shape == (net.n_trainable,) and not np.allclose(d1, d2)
    np.testing.assert_array_equal(d1, random_directions(net, seed=0)[0])
    for name, slot in net.slots.items():
        if not slot.weight.trainable:
            continue
        piece = d1[slot.offset : slot.offset + slot.weight.size].reshape(slot.weight.shape)
        if slot.weight.role == "kernel":  # (in, out): one column per output neuron
            w = net.params[name]
            np.testing.assert_allclose(
                np.linalg.norm(piece, axis=0), np.linalg.norm(w, axis=0), rtol=1e-5
            )
        else:  # bias, gamma, beta, alpha
            assert not piece.any(), name


def test_filter_normalization_of_conv_weights_is_per_output_filter():
    net = _net(CONV)
    d = filter_normalize(net, np.random.default_rng(0).standard_normal(net.n_trainable))
    slot = net.slots["conv.weight"]
    piece = d[slot.offset : slot.offset + slot.weight.size].reshape(3, 3, 1, 2)
    w = net.params["conv.weight"]
    np.testing.assert_allclose(
        np.linalg.norm(piece.reshape(-1, 2), axis=0),
        np.linalg.norm(w.reshape(-1, 2), axis=0),
        rtol=1e-5,
    )
    with pytest.raises(ValueError, match="needs"):
        filter_normalize(net, np.zeros(3))


def test_compute_goes_coarse_first_and_resumes_after_cancel():
    net = _net(MLP)
    x, y = _data(net)
    grid = LossGrid(net, x, y, n=21)
    calls, progress = [0], []

    def cancel():
        calls[0] += 1
        return calls[0] > 1  # the first call (one point, to time it), then stop

    assert not grid.compute(cancel=cancel, on_progress=progress.append)
    assert grid.done.sum() == 1 and grid.done[0, 0]
    assert np.isnan(grid.preview()).sum() == 21 * 21 - 1
    assert grid.compute(on_progress=progress.append)
    assert grid.done.all() and progress[-1] == 1.0 and progress == sorted(progress)
    np.testing.assert_array_equal(grid.preview(), grid.loss)
    full = LossGrid(grid.plane, n=21)
    full.compute(coarse_to_fine=False)
    np.testing.assert_allclose(full.loss, grid.loss, rtol=1e-6)


def test_preview_interpolates_the_coarse_pass():
    net = _net(MLP)
    x, y = _data(net)
    grid = LossGrid(net, x, y, n=21)
    c = grid.coarse
    grid.compute(cancel=lambda: grid.done[np.ix_(c, c)].all())
    assert grid.done.sum() == 11 * 11 and list(c) == list(range(0, 21, 2))
    preview = grid.preview()
    assert np.isfinite(preview).all()
    np.testing.assert_array_equal(preview[np.ix_(c, c)], grid.loss[np.ix_(c, c)])
    lo, hi = grid.loss[0, 0], grid.loss[0, 2]
    assert min(lo, hi) - 1e-6 <= preview[0, 1] <= max(lo, hi) + 1e-6


def test_line_is_the_grid_row_through_beta_zero():
    net = _net(CONV)
    x, y = _data(net)
    grid = LossGrid(net, x, y, n=5, alpha_range=(-0.5, 0.5))
    grid.compute()
    a, loss, acc = grid.line()
    np.testing.assert_allclose(a, grid.alphas)
    np.testing.assert_allclose(loss, grid.loss[2], rtol=1e-6)
    np.testing.assert_allclose(acc, grid.accuracy[2])
    assert len(grid.line(9)[0]) == 9


def test_estimate_and_resize_reuse_the_plane():
    net = _net(MLP)
    x, y = _data(net)
    grid = LossGrid(net, x, y, n=5)
    t = grid.estimate_seconds(51)
    assert 0 < t < 60 and grid.estimate_seconds() < t
    bigger = grid.resized(7, alpha_range=(-2, 2))
    assert bigger.plane is grid.plane and bigger.alphas[0] == -2 and bigger.betas[0] == -1


def test_exports_hold_axes_and_values(tmp_path):
    net = _net(MLP)
    x, y = _data(net)
    grid = LossGrid(net, x, y, n=4)
    grid.compute()
    grid.to_npz(tmp_path / "g.npz")
    grid.to_csv(tmp_path / "g.csv")
    with np.load(tmp_path / "g.npz", allow_pickle=False) as f:
        np.testing.assert_array_equal(f["loss"], grid.loss)
        np.testing.assert_array_equal(f["alphas"], grid.alphas)
    table = np.loadtxt(tmp_path / "g.csv", delimiter=",", skiprows=1)
    assert (tmp_path / "g.csv").read_text().startswith("alpha,beta,loss,accuracy\n")
    assert table.shape == (16, 4)
    np.testing.assert_allclose(
        table[6], [grid.alphas[2], grid.betas[1], grid.loss[1, 2], grid.accuracy[1, 2]], rtol=1e-7
    )


def test_pca_of_a_straight_trajectory_has_one_component():
    rng = np.random.default_rng(0)
    final, u = rng.standard_normal(50), rng.standard_normal(50)
    checkpoints = [final + t * u for t in np.linspace(3, 0.2, 12)]
    d1, d2, ratio = pca_directions(checkpoints, final)
    assert ratio[0] == pytest.approx(1.0, abs=1e-6)
    assert abs(d1 @ u) / np.linalg.norm(u) == pytest.approx(1.0, abs=1e-5)
    coords = project(checkpoints, final, d1, d2)
    assert np.all(np.diff(coords[:, 0]) > 0)  # training runs towards +d1
    np.testing.assert_allclose(coords[:, 1], 0, atol=1e-4)


def test_pca_directions_span_a_planar_trajectory():
    rng = np.random.default_rng(1)
    final, u, v = (rng.standard_normal(40) for _ in range(3))
    t = np.linspace(0, 1, 15)
    checkpoints = [final + a * u + b * v for a, b in zip(2 * (1 - t), np.sin(3 * t), strict=True)]
    d1, d2, ratio = pca_directions(checkpoints, final)
    assert ratio[:2].sum() == pytest.approx(1.0, abs=1e-6)
    back = final + project(checkpoints, final, d1, d2) @ np.stack([d1, d2])
    np.testing.assert_allclose(back, np.stack(checkpoints), atol=1e-4)


def test_project_recovers_known_coordinates_on_non_orthogonal_directions():
    rng = np.random.default_rng(2)
    theta0, d1 = rng.standard_normal(30), rng.standard_normal(30)
    d2 = 0.6 * d1 + rng.standard_normal(30)
    coords = rng.uniform(-1, 1, (6, 2))
    points = [theta0 + a * d1 + b * d2 for a, b in coords]
    np.testing.assert_allclose(project(points, theta0, d1, d2), coords, atol=1e-10)


def test_plane_rejects_bad_directions_and_data():
    net = _net(MLP)
    x, y = _data(net)
    d1, d2 = random_directions(net)
    with pytest.raises(ValueError, match="direction"):
        PlaneLoss(net, x, y, d1[:-1], d2)
    with pytest.raises(ValueError, match="same number"):
        PlaneLoss(net, x, y[:-1], d1, d2)
    with pytest.raises(ValueError, match="do not fit"):
        PlaneLoss(net, x[:, :5], y, d1, d2)

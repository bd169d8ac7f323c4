"""kernels/losses.py: every loss, its gradient and the correct count against the references."""

import numpy as np
import pytest

from layerlab.engine.kernels import losses as k

from .. import reference as ref

N_DATA = 12  # targets live in a larger table; rows are picked by idx


def _run(kind, fused, z, y, idx):
    y = np.asarray(y)
    if np.issubdtype(y.dtype, np.integer):
        yi, yf, use_yf = y.astype(np.int32), np.zeros((1, z.shape[1]), np.float32), False
    else:
        yi, yf, use_yf = np.zeros(1, np.int32), y.astype(np.float32), True
    dz = np.full_like(z, np.nan)
    loss, correct = k.loss_forward_backward(kind, fused, z, yi, yf, idx, use_yf, dz)
    return loss, correct, dz


def _expected_correct(z, y, threshold):
    z = np.asarray(z, np.float64)
    y = np.asarray(y)
    if z.shape[1] == 1:
        truth = (y[:, 0] > 0.5).astype(int) if y.ndim == 2 else y
        return int(((z[:, 0] > threshold).astype(int) == truth).sum())
    truth = y.argmax(axis=1) if y.ndim == 2 else y
    return int((z.argmax(axis=1) == truth).sum())


def _problem(k_out, seed=0, n=5):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, (n, k_out)).astype(np.float32)
    idx = rng.permutation(N_DATA)[:n].astype(np.int64)
    labels = rng.integers(0, max(k_out, 2), N_DATA)
    return z, idx, labels


@pytest.mark.parametrize("fused", [k.FUSED_NONE, k.FUSED_SOFTMAX])
def test_softmax_cross_entropy_with_int_labels_matches_reference(fused):
    z, idx, labels = _problem(4)
    loss, correct, dz = _run(k.SOFTMAX_CE, fused, z, labels, idx)
    rloss, rdz = ref.softmax_cross_entropy(z, ref.one_hot(labels[idx], 4))
    assert loss == pytest.approx(rloss, rel=1e-6)
    assert ref.rel_err(dz, rdz) < 1e-6
    assert correct == _expected_correct(z, labels[idx], 0.0)


def test_softmax_cross_entropy_with_one_hot_and_soft_targets_matches_reference():
    z, idx, labels = _problem(3, seed=1)
    for table in (
        ref.one_hot(labels, 3),
        ref.softmax(np.random.default_rng(2).normal(size=(N_DATA, 3))),
    ):
        loss, correct, dz = _run(k.SOFTMAX_CE, k.FUSED_NONE, z, table.astype(np.float32), idx)
        rloss, rdz = ref.softmax_cross_entropy(z, table[idx].astype(np.float32))
        assert loss == pytest.approx(rloss, rel=1e-6)
        assert ref.rel_err(dz, rdz) < 1e-6
        assert correct == _expected_correct(z, table[idx], 0.0)


def test_softmax_cross_entropy_is_finite_for_huge_logits():
    z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]], np.float32)
    loss, correct, dz = _run(k.SOFTMAX_CE, k.FUSED_NONE, z, np.array([0, 0]), np.arange(2))
    assert loss == pytest.approx(1000.0, rel=1e-6)  # one sample right, one off by 2000
    np.testing.assert_allclose(dz, [[0, 0], [-0.5, 0.5]], atol=1e-7)
    assert correct == 1


@pytest.mark.parametrize("k_out", [1, 3])
def test_binary_cross_entropy_fused_with_sigmoid_takes_logits(k_out):
    z, idx, labels = _problem(k_out, seed=3)
    z[0, 0] = 60.0  # saturated logits stay exact
    y = labels if k_out == 1 else (np.random.default_rng(4).random((N_DATA, k_out)) > 0.5)
    y = y if k_out == 1 else y.astype(np.float32)
    loss, correct, dz = _run(k.BINARY_CE, k.FUSED_SIGMOID, z, y, idx)
    t = ref.targets(np.asarray(y)[idx], k_out)
    rloss, rdz = ref.binary_cross_entropy_with_logits(z, t)
    assert loss == pytest.approx(rloss, rel=1e-6)
    assert ref.rel_err(dz, rdz) < 1e-6
    if k_out == 1:
        assert correct == _expected_correct(z, labels[idx], 0.0)


def test_binary_cross_entropy_on_probabilities_matches_reference():
    z, idx, labels = _problem(1, seed=5)
    p = ref.activation("sigmoid", z).astype(np.float32)
    loss, correct, dz = _run(k.BINARY_CE, k.FUSED_NONE, p, labels, idx)
    rloss, rdp = ref.binary_cross_entropy(p, ref.targets(labels[idx], 1))
    assert loss == pytest.approx(rloss, rel=1e-5)
    assert ref.rel_err(dz, rdp) < 1e-5
    assert correct == _expected_correct(p, labels[idx], 0.5)


def test_binary_cross_entropy_clips_probabilities_zero_and_one():
    p = np.array([[0.0], [1.0]], np.float32)
    loss, _, dz = _run(k.BINARY_CE, k.FUSED_NONE, p, np.array([1, 0]), np.arange(2))
    assert np.isfinite(loss) and np.isfinite(dz).all()
    assert loss == pytest.approx(-np.log(1e-7), rel=1e-3)


@pytest.mark.parametrize("k_out", [1, 3])
def test_mse_is_the_mean_over_all_elements(k_out):
    z, idx, _ = _problem(k_out, seed=6)
    table = np.random.default_rng(7).normal(size=(N_DATA, k_out)).astype(np.float32)
    loss, _, dz = _run(k.MSE, k.FUSED_NONE, z, table, idx)
    rloss, rdz = ref.mse(z, table[idx])
    assert loss == pytest.approx(rloss, rel=1e-6)
    assert ref.rel_err(dz, rdz) < 1e-6


def test_mse_with_int_labels_uses_one_hot_targets():
    z, idx, labels = _problem(3, seed=8)
    loss, correct, dz = _run(k.MSE, k.FUSED_NONE, z, labels, idx)
    rloss, rdz = ref.mse(z, ref.one_hot(labels[idx], 3))
    assert loss == pytest.approx(rloss, rel=1e-6)
    assert ref.rel_err(dz, rdz) < 1e-6
    assert correct == _expected_correct(z, labels[idx], 0.5)


def test_perceptron_loss_is_half_sum_per_sample_mean_over_batch():
    z, idx, labels = _problem(1, seed=9)
    z = (z > 0).astype(np.float32)  # step outputs
    loss, correct, dz = _run(k.PERCEPTRON, k.FUSED_NONE, z, labels, idx)
    rloss, rdz = ref.perceptron(z, ref.targets(labels[idx], 1))
    assert loss == pytest.approx(rloss, rel=1e-6)
    assert ref.rel_err(dz, rdz) < 1e-6
    assert correct == _expected_correct(z, labels[idx], 0.5)


@pytest.mark.parametrize("k_out", [1, 4])
def test_hinge_matches_reference(k_out):
    z, idx, labels = _problem(k_out, seed=10, n=8)
    z *= 0.4 if k_out > 1 else 1.0  # many margins active, some not
    loss, correct, dz = _run(k.HINGE, k.FUSED_NONE, z, labels, idx)
    rloss, rdz = ref.hinge(z, labels[idx])
    assert 0 < np.count_nonzero(rdz) < rdz.size
    assert loss == pytest.approx(rloss, rel=1e-6)
    assert ref.rel_err(dz, rdz) < 1e-6
    assert correct == _expected_correct(z, labels[idx], 0.0)


@pytest.mark.parametrize("k_out", [1, 4])
def test_hinge_with_float_targets_equals_hinge_with_labels(k_out):
    """Float targets (0/1 or -1/+1 for one output, one-hot otherwise) mean the same labels."""
    z, idx, labels = _problem(k_out, seed=11, n=8)
    expected = _run(k.HINGE, k.FUSED_NONE, z, labels, idx)
    tables = (
        [ref.one_hot(labels, k_out)] if k_out > 1 else [labels[:, None], 2 * labels[:, None] - 1]
    )
    for table in tables:
        loss, correct, dz = _run(k.HINGE, k.FUSED_NONE, z, table.astype(np.float32), idx)
        assert loss == pytest.approx(expected[0], rel=1e-6)
        assert correct == expected[1]
        np.testing.assert_array_equal(dz, expected[2])

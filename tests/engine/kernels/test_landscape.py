"""kernels/landscape.py: moving parameters, the affine first op and the loss-only cross-entropy."""

import numpy as np
import pytest

from layerlab.engine import codes
from layerlab.engine.kernels import landscape as k
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec

from .. import reference as ref


def _softmax_ce_sum(z, labels):
    """Float64 reference: summed -log softmax(z)[label] and the count of argmax == label."""
    z = ref.f64(z)
    m = z.max(axis=1, keepdims=True)
    logp = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(z)), labels].sum(), int((z.argmax(axis=1) == labels).sum())


def test_set_point_moves_only_the_listed_ranges():
    rng = np.random.default_rng(0)
    theta, d1, d2 = (rng.standard_normal(12).astype(np.float32) for _ in range(3))
    P = np.full(12, 7.0, np.float32)
    ranges = np.array([[1, 4], [8, 10]], np.int64)
    k.set_point(theta, d1, d2, 0.5, -2.0, ranges, P)
    moved = np.r_[1:4, 8:10]
    np.testing.assert_allclose(P[moved], (theta + 0.5 * d1 - 2.0 * d2)[moved], rtol=1e-6)
    assert np.all(np.delete(P, moved) == 7.0)


def test_combine_affine_writes_z0_plus_a_z1_plus_b_z2_rows():
    rng = np.random.default_rng(1)
    zz = rng.standard_normal((3, 9, 5)).astype(np.float32)
    A = np.zeros(60, np.float32)
    k.combine_affine(zz, 2, 4, 0.25, -1.5, A, 7)
    expect = ref.f64(zz[0, 2:6]) + 0.25 * ref.f64(zz[1, 2:6]) - 1.5 * ref.f64(zz[2, 2:6])
    np.testing.assert_allclose(A[7:27].reshape(4, 5), expect, rtol=1e-5, atol=1e-6)
    assert not A[:7].any() and not A[27:].any()


def test_softmax_ce_sum_matches_the_reference_and_the_engine_argmax():
    rng = np.random.default_rng(2)
    z = rng.normal(0, 4, (30, 6)).astype(np.float32)
    z[3] = 1.0  # a tie: the first maximum wins, as in the engine
    labels = rng.integers(0, 6, 30).astype(np.int32)
    labels[3] = 0
    A = np.concatenate([np.zeros(5, np.float32), z.ravel()])
    idx = np.arange(30, dtype=np.int64)
    total, correct = k.softmax_ce_sum(A, 5, 30, 6, labels, idx)
    want_total, want_correct = _softmax_ce_sum(z, labels)
    assert total == pytest.approx(want_total, rel=1e-5)
    assert correct == want_correct


def test_grid_losses_prepare_stores_the_first_dense_outputs_for_theta_d1_d2():
    spec = {"input": {"shape": [4]}, "layers": [{"id": "fc", "kind": "Dense", "units": 3}]}
    net = Network(NetworkSpec.from_dict({**spec, "loss": "mse"}), batch_size=2)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((5, 4)).astype(np.float32)
    yf = rng.standard_normal((5, 3)).astype(np.float32)
    theta = net.P.copy()
    d1, d2 = (rng.standard_normal(net.P.size).astype(np.float32) for _ in range(2))
    zz = np.zeros((3, 5, 3), np.float32)
    coords = np.array([[0.5, -1.0]])
    out = np.zeros((1, 2))
    k.grid_losses(
        net.ops,
        net.fops,
        net.loss_row,
        net.P,
        net.A,
        net.dA,
        theta,
        d1,
        d2,
        np.zeros((0, 2), np.int64),
        zz,
        1,
        True,
        X,
        np.zeros(1, np.int32),
        yf,
        True,
        np.arange(5, dtype=np.int64),
        2,
        net.input_tensor.offset,
        net.rng,
        coords,
        out,
    )
    for v, p in enumerate((theta, d1, d2)):
        w, b = p[:12].reshape(4, 3), p[12:15]
        np.testing.assert_allclose(zz[v], ref.dense(X, w, b), rtol=1e-5, atol=1e-5)
    z = ref.dense(X, (theta + 0.5 * d1 - d2)[:12].reshape(4, 3), (theta + 0.5 * d1 - d2)[12:15])
    assert out[0, 0] == pytest.approx(np.mean((z - yf) ** 2), rel=1e-5)
    assert net.ops[0, codes.R_CODE] == codes.OP_DENSE

"""kernels/program.py: the op-table interpreter's training loop, evaluation and bookkeeping."""

import numpy as np
import pytest

from layerlab.engine.kernels import program as prog
from layerlab.engine.kernels.optimizers import optimizer_update
from layerlab.engine.network import Network
from layerlab.engine.optimizers import parse_optimizer
from layerlab.engine.spec import NetworkSpec

from .. import reference as ref

SPEC = {
    "input": {"shape": [4]},
    "layers": [
        {"kind": "Dense", "units": 6, "activation": "tanh"},
        {"kind": "BatchNorm"},
        {"kind": "Dense", "units": 3},
    ],
    "batch_size": 5,
    "seed": 1,
}


def _net(**changes):
    return Network(NetworkSpec.from_dict({**SPEC, **changes}))


def _data(n=15, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype(np.float32), rng.integers(0, 3, n).astype(np.int32)


def _train(net, x, y, batches, opt):
    cfg = parse_optimizer(opt)
    state = np.zeros((2, net.n_trainable), np.float32)
    losses, correct = np.zeros(len(batches)), np.zeros(len(batches), np.int64)
    lrs = np.full(len(batches), cfg.lr)
    done = prog.train_steps(net.ops, net.fops, net.loss_row, net.P, net.G, state, net.decay_mask,
        np.zeros(net.n_trainable, np.float32), net.A, net.dA, cfg.hyper(), cfg.code, lrs, 0, x, y,
        np.zeros((1, 3), np.float32), False, batches, net.input_tensor.offset, net.rng, losses,
        correct, True)  # fmt: skip
    return done, losses, correct


@pytest.mark.parametrize("opt", [{"kind": "sgd", "lr": 0.1}, {"kind": "adam", "lr": 0.01}])
def test_train_steps_equals_loss_and_grads_then_optimizer_update(opt):
    x, y = _data()
    batches = np.array([[0, 1, 2, 3, 4], [9, 8, 7, 6, 5], [10, 11, 12, 13, 14]], np.int64)
    a, b = _net(), _net()
    done, losses, _ = _train(a, x, y, batches, opt)
    assert done == 3
    cfg = parse_optimizer(opt)
    state = np.zeros((2, b.n_trainable), np.float32)
    for t, rows in enumerate(batches, start=1):
        loss = b.loss_and_grads(x[rows], y[rows])
        assert loss == pytest.approx(losses[t - 1], rel=1e-6)
        optimizer_update(cfg.code, b.P[: b.n_trainable], b.G, state, b.decay_mask, cfg.lr, t,
                         cfg.hyper(), np.zeros(b.n_trainable, np.float32))  # fmt: skip
    np.testing.assert_allclose(a.P, b.P, rtol=1e-6, atol=1e-7)  # running stats included


def test_train_steps_stops_at_a_non_finite_loss_without_updating():
    x, y = _data()
    x[7, 0] = np.nan
    batches = np.array([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14]], np.int64)
    a, b = _net(), _net()
    done, losses, _ = _train(a, x, y, batches, {"kind": "sgd", "lr": 0.1})
    assert done == 1
    assert np.isfinite(losses[0]) and not np.isfinite(losses[1])
    _train(b, x, y, batches[:1], {"kind": "sgd", "lr": 0.1})
    n = a.n_trainable
    np.testing.assert_array_equal(a.P[:n], b.P[:n])


def test_train_steps_counts_correct_predictions():
    x, y = _data()
    net = _net()
    _, _, correct = _train(net, x, y, np.arange(15, dtype=np.int64).reshape(3, 5), {"lr": 1e-9})
    logits = net.forward(x, training=True)  # same batches of 5; weights moved by ~1e-9
    hits = (logits.argmax(axis=1) == y).reshape(3, 5).sum(axis=1)
    np.testing.assert_array_equal(correct, hits)


def test_evaluate_rows_sums_loss_over_a_partial_last_batch():
    x, y = _data(13)
    net = _net(layers=SPEC["layers"][:1] + SPEC["layers"][2:])
    out = np.full((13, 3), np.nan, np.float32)
    total, correct = prog.evaluate_rows(net.ops, net.fops, net.loss_row, net.P, net.A, net.dA,
        x, y, np.zeros((1, 3), np.float32), False, np.arange(13, dtype=np.int64), 5,
        net.input_tensor.offset, net.rng, out, False)  # fmt: skip
    z = net.forward(x)
    np.testing.assert_allclose(out, z, rtol=1e-6)
    per_sample = [ref.softmax_cross_entropy(z[i : i + 1], ref.one_hot(y[i : i + 1], 3))[0]
                  for i in range(13)]  # fmt: skip
    assert total == pytest.approx(sum(per_sample), rel=1e-5)
    assert correct == int((z.argmax(axis=1) == y).sum())


def test_gather_rows_copies_the_selected_rows_into_the_arena():
    X = np.arange(20, dtype=np.float32).reshape(5, 4)
    A = np.zeros(3 + 8, np.float32)
    prog.gather_rows(X, np.array([4, 1], np.int64), A, 3)
    np.testing.assert_array_equal(A, [0, 0, 0, 16, 17, 18, 19, 4, 5, 6, 7])


def test_forward_in_training_mode_updates_batchnorm_running_stats_only_then():
    x, _ = _data(5)
    net = _net()
    before = net.params["batchnorm2.running_mean"].copy()
    net.forward(x, training=False)
    np.testing.assert_array_equal(net.params["batchnorm2.running_mean"], before)
    net.forward(x, training=True)
    h = np.tanh(ref.dense(x, net.params["dense1.weight"], net.params["dense1.bias"]))
    np.testing.assert_allclose(net.params["batchnorm2.running_mean"], 0.1 * h.mean(axis=0),
                               rtol=1e-5, atol=1e-7)  # fmt: skip


def test_first_layer_skips_its_input_gradient_unless_asked():
    assert _net().ops[0][prog.R_DX] == -1
    spec = NetworkSpec.from_dict(SPEC)
    assert Network(spec, input_grad=True).ops[0][prog.R_DX] >= 0

"""Trainer: it learns, it is reproducible, it stops where it should."""

import numpy as np
import pytest

from layerlab.data.gates import make_gate
from layerlab.engine.callbacks import EarlyStopping, TargetStop
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer


def _net(layers, loss, optimizer, input_shape=(2,), seed=0, batch=4):
    return Network(NetworkSpec.from_dict({
        "input": list(input_shape), "layers": layers, "loss": loss, "optimizer": optimizer,
        "seed": seed, "batch_size": batch}))  # fmt: skip


def _xor_net(seed=0):
    layers = [{"kind": "Dense", "units": 8, "activation": "tanh"},
              {"kind": "Dense", "units": 1, "activation": "sigmoid"}]  # fmt: skip
    return _net(layers, "binary_cross_entropy", {"kind": "adam", "lr": 0.05}, seed=seed)


def test_learns_xor_to_full_accuracy():
    xor = make_gate("xor")
    net = _xor_net()
    history = Trainer(net, xor).fit(300)
    loss, accuracy, out = net.evaluate(xor.x, xor.y)
    assert accuracy == 1.0
    assert loss < 0.05
    np.testing.assert_array_equal(out[:, 0] > 0.5, xor.y == 1)
    assert history.column("loss")[-1] < history.column("loss")[0] / 10


def test_training_is_reproducible_from_the_seed():
    x = np.random.default_rng(0).standard_normal((40, 2)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int32)
    runs = []
    for seed in (3, 3, 4):
        net = _xor_net(seed)
        trainer = Trainer(net, (x, y), batch_size=8)
        losses = np.concatenate([trainer.run_chunk(3).losses for _ in range(12)])
        runs.append((losses, net.P.copy()))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert not np.array_equal(runs[0][0], runs[2][0])


def test_dropout_training_is_reproducible_after_reset_progress():
    layers = [{"kind": "Dense", "units": 16, "activation": "relu"}, {"kind": "Dropout"},
              {"kind": "Dense", "units": 1, "activation": "sigmoid"}]  # fmt: skip
    net = _net(layers, "bce", {"kind": "sgd", "lr": 0.1})
    xor = make_gate("xor")
    trainer = Trainer(net, xor, batch_size=2)
    p0 = net.P.copy()
    first = trainer.run_chunk(2).losses
    net.P[:] = p0
    trainer.reset_progress()
    np.testing.assert_array_equal(trainer.run_chunk(2).losses, first)


def test_a_too_large_learning_rate_stops_with_a_message_about_it():
    rng = np.random.default_rng(1)
    x = rng.normal(0, 10, (64, 4)).astype(np.float32)
    y = (x @ np.array([1, -2, 3, 4], np.float32))[:, None] * 100
    net = _net([{"kind": "Dense", "units": 1}], "mse", {"kind": "sgd", "lr": 10.0}, (4,), batch=8)
    trainer = Trainer(net, (x, y))
    result = trainer.run_chunk(8)
    assert result.stopped is not None and trainer.stop_reason == result.stopped
    assert 0 < result.steps < 8
    assert len(result.losses) == result.steps and np.isfinite(result.losses).all()
    assert "learning rate" in result.stopped and "(now 10)" in result.stopped
    assert trainer.step == result.steps
    assert not result.epoch_finished and trainer.history.rows == []


def test_run_chunk_never_crosses_an_epoch():
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.zeros(10, np.int32)
    trainer = Trainer(_xor_net(), (x, y), batch_size=3)  # 3 steps per epoch, 1 sample left over
    r = trainer.run_chunk(100)
    assert (r.steps, r.epoch_finished, trainer.epoch) == (3, True, 1)
    assert r.metrics["epoch"] == 1.0
    r = trainer.run_chunk(2)
    assert (r.steps, r.epoch_finished) == (2, False)
    r = trainer.run_chunk(5)
    assert (r.steps, r.epoch_finished, trainer.epoch, trainer.step) == (1, True, 2, 6)
    for _ in range(3):  # each epoch is a fresh permutation of distinct samples
        rows = trainer._batches.ravel()
        assert len(set(rows.tolist())) == 9
        trainer.run_epoch()


def test_unshuffled_batches_go_in_order():
    x = np.zeros((6, 2), np.float32)
    trainer = Trainer(_xor_net(), (x, np.zeros(6, np.int32)), batch_size=2, shuffle=False)
    np.testing.assert_array_equal(trainer._batches, [[0, 1], [2, 3], [4, 5]])


def test_fit_reports_epoch_and_validation_metrics():
    xor = make_gate("xor")
    seen = []
    history = Trainer(_xor_net(), xor, val=(xor.x, xor.y)).fit(3, on_epoch=seen.append)
    assert [m["epoch"] for m in seen] == [1.0, 2.0, 3.0]
    assert history.rows == seen
    assert set(seen[0]) == {"epoch", "loss", "accuracy", "lr", "val_loss", "val_accuracy"}


def test_early_stopping_restores_the_best_weights():
    """Validation labels are the training labels flipped: val_loss rises from epoch 1."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((32, 2)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int32)
    layers = [{"kind": "Dense", "units": 1, "activation": "sigmoid"}]
    net = _net(layers, "bce", {"kind": "sgd", "lr": 0.5}, batch=32)
    snapshots = []
    stop = EarlyStopping(monitor="val_loss", patience=2)
    trainer = Trainer(net, (x, y), val=(x, 1 - y))
    history = trainer.fit(
        20, callbacks=[stop], on_epoch=lambda m: snapshots.append(net.state_dict())
    )
    val = history.column("val_loss")
    assert len(history.rows) == 3 and val[0] < val[1] < val[2]
    assert stop.best_epoch == 1.0
    for name, value in net.params.items():
        np.testing.assert_array_equal(value, snapshots[0][name])
    assert trainer.stop_reason.endswith("best at epoch 1 (its weights restored)")
    assert not np.array_equal(snapshots[0]["dense1.weight"], snapshots[2]["dense1.weight"])


def test_early_stopping_counts_patience_and_sets_the_reason():
    class FakeTrainer:
        def __init__(self, net):
            self.net, self.stop_reason = net, None

    net = _xor_net()
    trainer = FakeTrainer(net)
    stop = EarlyStopping(monitor="val_accuracy", patience=2, min_delta=0.01)
    best = net.state_dict()
    assert not stop.on_epoch_end(trainer, {"epoch": 1.0, "val_accuracy": 0.5})
    net.P[:] += 1.0
    assert not stop.on_epoch_end(trainer, {"epoch": 2.0, "val_accuracy": 0.505})  # < min_delta
    assert stop.on_epoch_end(trainer, {"epoch": 3.0, "val_accuracy": 0.4})
    np.testing.assert_array_equal(net.state_dict()["dense1.weight"], best["dense1.weight"])
    assert trainer.stop_reason == (
        "early stopping: val_accuracy has not improved for 2 epochs; best at epoch 1 "
        "(its weights restored)"
    )


@pytest.mark.parametrize("target", [{"accuracy": 1.0}, {"loss": 0.3}])
def test_target_stop_ends_training_once_reached(target):
    xor = make_gate("xor")
    trainer = Trainer(_xor_net(), xor)
    history = trainer.fit(1000, callbacks=[TargetStop(**target)])
    assert len(history.rows) < 1000
    assert trainer.stop_reason.startswith("target reached")
    last = history.rows[-1]
    assert last["accuracy"] >= 1.0 if "accuracy" in target else last["loss"] <= 0.3
    prev = history.rows[-2]
    assert prev["accuracy"] < 1.0 if "accuracy" in target else prev["loss"] > 0.3


def test_target_stop_can_watch_validation_metrics():
    stop = TargetStop(loss=0.5, use_validation=True)
    trainer = type("T", (), {"stop_reason": None})()
    assert not stop.on_epoch_end(trainer, {"loss": 0.1, "val_loss": 0.6})
    assert stop.on_epoch_end(trainer, {"loss": 0.9, "val_loss": 0.4})
    assert trainer.stop_reason == "target reached: val_loss 0.4 <= 0.5"


def _perceptron(seed=0):
    layers = [{"kind": "Dense", "units": 1, "activation": "step"}]
    return _net(layers, "perceptron", {"kind": "sgd", "lr": 0.1}, seed=seed, batch=1)


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_perceptron_learns_linearly_separable_gates(gate):
    data = make_gate(gate)
    net = _perceptron()
    history = Trainer(net, data, batch_size=1).fit(100, callbacks=[TargetStop(accuracy=1.0)])
    assert len(history.rows) < 100
    assert net.evaluate(data.x, data.y)[1] == 1.0
    np.testing.assert_array_equal(net.forward(data.x)[:, 0], data.y)


def test_perceptron_cannot_learn_xor():
    data = make_gate("xor")
    net = _perceptron()
    history = Trainer(net, data, batch_size=1).fit(100)
    assert max(history.column("accuracy")) < 1.0
    assert net.evaluate(data.x, data.y)[1] <= 0.75


def test_history_is_bounded_keeping_recent_epochs_and_thinning_old_ones():
    from layerlab.engine.trainer import History

    h = History(capacity=100)
    for e in range(1, 1001):
        h.append({"epoch": float(e), "loss": 1.0 / e})
    epochs = h.column("epoch")
    assert len(h.rows) <= 100
    assert epochs[0] == 1.0 and epochs[-1] == 1000.0 and epochs == sorted(epochs)
    assert epochs[-40:] == [float(e) for e in range(961, 1001)]  # the recent ones all kept

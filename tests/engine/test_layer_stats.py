"""LayerStatsRecorder: percentiles, gradient norms, dead and saturated units, diagnostics."""

from importlib import resources

import numpy as np
import pytest

from layerlab.data import load_bundled_mnist
from layerlab.engine.layer_stats import QUANTILES, QUANTITIES, LayerStatsRecorder
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer


@pytest.fixture(scope="module")
def mnist():
    ds = load_bundled_mnist()
    idx = np.random.default_rng(0).permutation(len(ds.x))[:512]
    return ds.x[idx].reshape(len(idx), -1), ds.y[idx]


def _net(layers, input_shape=(784,), batch=32, loss="softmax_cross_entropy", init="he_normal"):
    return Network(NetworkSpec.from_dict({
        "input": list(input_shape), "layers": layers, "loss": loss, "init": init,
        "optimizer": {"kind": "sgd", "lr": 0.05}, "batch_size": batch}))  # fmt: skip


def _mlp():
    return _net([{"id": "fc1", "kind": "Dense", "units": 96, "activation": "relu"},
                 {"id": "fc2", "kind": "Dense", "units": 32, "activation": "tanh"},
                 {"id": "out", "kind": "Dense", "units": 10}])  # fmt: skip


def _preset(name):
    path = resources.files("layerlab") / "resources" / "examples" / name
    return Network(NetworkSpec.from_json(path.read_text(encoding="utf-8")))


def test_percentiles_equal_numpy_percentile_on_the_same_subsample(mnist):
    net = _mlp()
    trainer = Trainer(net, mnist)
    trainer.run_chunk(3)
    rec = LayerStatsRecorder(net, sample=300)
    rec.record(trainer.step)
    sources = {
        "weights": lambda lid: net.params[f"{lid}.weight"],
        "activations": lambda lid: net.activations()[lid],
        "activation_grads": lambda lid: net.activation_grads()[lid],
    }
    for q, source in sources.items():
        for i, lid in enumerate(rec.layer_ids):
            idx = rec.indices(q, lid)
            values = source(lid).ravel()
            assert len(idx) == min(300, values.size) and len(np.unique(idx)) == len(idx)
            expected = np.percentile(values[idx], QUANTILES)
            got = rec.latest("bands")[-1, QUANTITIES.index(q), i]
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def test_subsample_indices_are_drawn_once():
    rec = LayerStatsRecorder(_mlp(), sample=100)
    a = rec.indices("weights", "fc1")
    np.testing.assert_array_equal(a, rec.indices("weights", "fc1"))
    np.testing.assert_array_equal(
        a, LayerStatsRecorder(_mlp(), sample=100).indices("weights", "fc1")
    )
    assert (
        rec.indices("weights", "out").size == 100
        and rec.indices("activations", "out", 2).size == 20
    )


def test_gradient_norms_equal_numpy_norms_of_the_gradients(mnist):
    net = _mlp()
    trainer = Trainer(net, mnist)
    rec = LayerStatsRecorder(net)
    for _ in range(3):
        trainer.run_chunk(2)
        rec.record(trainer.step)
    np.testing.assert_array_equal(rec.latest("steps"), [2, 4, 6])
    for i, lid in enumerate(rec.layer_ids):
        g, w = net.grads[f"{lid}.weight"], net.params[f"{lid}.weight"]
        np.testing.assert_allclose(rec.latest("grad_norm")[-1, i], np.linalg.norm(g), rtol=1e-5)
        np.testing.assert_allclose(rec.latest("weight_norm")[-1, i], np.linalg.norm(w), rtol=1e-5)


def test_dead_relu_fraction_counts_units_zero_for_every_sample():
    net = _net([{"id": "h", "kind": "Dense", "units": 4, "activation": "relu"},
                {"id": "out", "kind": "Dense", "units": 2}], input_shape=(3,), batch=8)  # fmt: skip
    w, b = net.params["h.weight"], net.params["h.bias"]
    w[:] = [[1.0, -1.0, 0.5, -2.0]] * 3  # positive inputs: units 1 and 3 never fire
    b[:] = [0.0, -0.1, 0.0, 0.0]
    x = np.random.default_rng(0).uniform(0.1, 1.0, (8, 3)).astype(np.float32)
    net.loss_and_grads(x, np.arange(8) % 2)
    rec = LayerStatsRecorder(net)
    rec.record(1)
    assert rec.latest("dead")[-1, 0] == 0.5
    assert np.isnan(rec.latest("dead")[-1, 1])  # not a ReLU layer
    assert rec.diagnostics().dead_fraction == 0.5


def test_dead_relu_counts_channels_of_feature_maps():
    net = _net([{"id": "c", "kind": "Conv2D", "filters": 3, "kernel_size": 3, "activation": "relu"},
                {"id": "f", "kind": "Flatten"}, {"id": "out", "kind": "Dense", "units": 2}],
               input_shape=(6, 6, 1), batch=4)  # fmt: skip
    net.params["c.weight"][..., 1] = -1.0  # positive images: channel 1 never fires
    net.params["c.weight"][..., 0] = 1.0
    x = np.random.default_rng(1).uniform(0.1, 1.0, (4, 6, 6, 1)).astype(np.float32)
    net.loss_and_grads(x, np.arange(4) % 2)
    rec = LayerStatsRecorder(net)
    rec.record(1)
    peak = net.activations()["c"].max(axis=(0, 1, 2))
    assert rec.latest("dead")[-1, 0] == pytest.approx(np.mean(peak <= 0)) and peak[1] == 0


def test_saturated_fraction_of_sigmoid_and_tanh_outputs(mnist):
    net = _net([{"id": "s", "kind": "Dense", "units": 16, "activation": "sigmoid"},
                {"id": "t", "kind": "Dense", "units": 16, "activation": "tanh"},
                {"id": "out", "kind": "Dense", "units": 10}])  # fmt: skip
    net.params["s.weight"][:] *= 20.0  # pushes most sigmoid outputs to 0 or 1
    net.loss_and_grads(mnist[0][:32], mnist[1][:32])
    rec = LayerStatsRecorder(net, sample=200)
    rec.record(1)
    acts = net.activations()
    s = acts["s"].ravel()[rec.indices("activations", "s")]
    t = acts["t"].ravel()[rec.indices("activations", "t")]
    expected = [np.mean((s < 0.01) | (s > 0.99)), np.mean(np.abs(t) > 0.99)]
    np.testing.assert_allclose(rec.latest("saturated")[-1, :2], expected)
    assert expected[0] > 0.5
    assert rec.diagnostics().saturated_fraction == pytest.approx(np.mean(expected))


def test_diagnostics_ratio_is_first_over_last_gradient_norm(mnist):
    net = _mlp()
    net.loss_and_grads(*[a[:32] for a in mnist])
    rec = LayerStatsRecorder(net)
    rec.record(1)
    d = rec.diagnostics()
    g = net.grads
    ratio = np.linalg.norm(g["fc1.weight"]) / np.linalg.norm(g["out.weight"])
    assert d.grad_ratio == pytest.approx(ratio, rel=1e-5) and d.step == 1
    assert d.non_finite == () and not d.vanishing and not d.exploding


def test_non_finite_weights_are_flagged(mnist):
    net = _mlp()
    net.loss_and_grads(*[a[:32] for a in mnist])
    net.params["fc2.weight"][3, 4] = np.nan
    rec = LayerStatsRecorder(net)
    rec.record(1)
    assert rec.diagnostics().non_finite == ("fc2",)


def test_ring_keeps_the_latest_records_and_restarts_after_a_reset(mnist):
    net = _mlp()
    net.loss_and_grads(*[a[:32] for a in mnist])
    rec = LayerStatsRecorder(net, capacity=4)
    for step in range(1, 7):
        rec.record(step)
    np.testing.assert_array_equal(rec.latest("steps"), [3, 4, 5, 6])
    np.testing.assert_array_equal(rec.latest("steps", 2), [5, 6])
    rec.record(1)  # the weights were reset
    np.testing.assert_array_equal(rec.latest("steps"), [1])


def test_maybe_record_keeps_to_the_time_budget(mnist):
    net = _mlp()
    net.loss_and_grads(*[a[:32] for a in mnist])
    rec = LayerStatsRecorder(net, budget=1e-4)
    assert rec.maybe_record(1)
    assert not any(rec.maybe_record(step) for step in range(2, 50))  # no time has passed
    assert LayerStatsRecorder(net, budget=1.0).maybe_record(1)


@pytest.mark.parametrize(
    ("preset", "low", "high"),
    [("sigmoid_10_layers.json", 0.0, 1e-3), ("relu_10_layers_he.json", 0.1, 10.0)],
)
def test_sigmoid_gradients_vanish_but_relu_with_he_init_do_not(mnist, preset, low, high):
    net = _preset(preset)
    trainer = Trainer(net, mnist)
    rec = LayerStatsRecorder(net)
    for _ in range(3):
        trainer.run_chunk(1)
        rec.record(trainer.step)
    ratio = rec.diagnostics().grad_ratio
    assert low < ratio < high
    assert rec.diagnostics().vanishing == (preset.startswith("sigmoid"))


def test_a_new_batch_size_redraws_the_activation_subsample(mnist):
    net = _mlp()
    net.loss_and_grads(mnist[0][:32], mnist[1][:32])
    rec = LayerStatsRecorder(net, sample=500)
    rec.record(1)
    net.loss_and_grads(mnist[0][:100], mnist[1][:100])  # larger than the batch: new arenas
    rec.record(2)
    a = net.activations()["fc1"]
    assert a.shape[0] == 100
    idx = rec.indices("activations", "fc1")
    got = rec.latest("bands")[-1, QUANTITIES.index("activations"), 0]
    np.testing.assert_allclose(got, np.percentile(a.ravel()[idx], QUANTILES), rtol=1e-5)
    assert rec.latest("dead")[-1, 0] == np.mean(a.max(axis=0) <= 0)

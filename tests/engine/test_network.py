"""Network: named parameter views, batching, activations, evaluation, saving and loading."""

import numpy as np
import pytest

from layerlab.engine.errors import SpecError
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec

from . import reference as ref

SPEC = {
    "input": {"shape": [4, 4, 1]},
    "layers": [
        {"id": "conv", "kind": "Conv2D", "filters": 2, "kernel_size": 3, "activation": "relu"},
        {"id": "flat", "kind": "Flatten"},
        {"id": "bn", "kind": "BatchNorm"},
        {"id": "out", "kind": "Dense", "units": 3},
    ],
    "batch_size": 4,
    "seed": 0,
}


def _net(batch=None, **changes):
    return Network(NetworkSpec.from_dict({**SPEC, **changes}), batch_size=batch)


def _x(n, seed=0):
    return np.random.default_rng(seed).standard_normal((n, 4, 4, 1)).astype(np.float32)


def _reference_forward(net, x):
    p = {k: ref.f64(v) for k, v in net.params.items()}
    h = np.maximum(ref.conv2d(x, p["conv.weight"], p["conv.bias"]), 0).reshape(len(x), -1)
    h = ref.batchnorm_eval(h, p["bn.gamma"], p["bn.beta"], 1e-5, p["bn.running_mean"],
                           p["bn.running_var"])  # fmt: skip
    return h @ p["out.weight"] + p["out.bias"]


def test_params_and_grads_are_named_writable_views():
    net = _net()
    params = net.params
    assert list(params) == ["conv.weight", "conv.bias", "bn.gamma", "bn.beta", "bn.running_mean",
        "bn.running_var", "out.weight", "out.bias"]  # fmt: skip
    assert params["conv.weight"].shape == (3, 3, 1, 2) and params["out.weight"].shape == (8, 3)
    assert set(net.grads) == set(params) - {"bn.running_mean", "bn.running_var"}
    params["out.bias"][:] = [1, 2, 3]
    np.testing.assert_array_equal(net.params["out.bias"], [1, 2, 3])
    assert net.n_trainable == sum(v.size for v in net.grads.values()) == net.G.size


def test_forward_matches_reference_in_batches_of_any_size():
    net = _net(batch=3)
    net.params["bn.running_var"][:] = np.linspace(0.5, 2, 8)
    x = _x(7)
    out = net.forward(x)  # 3 + 3 + 1
    assert out.shape == (7, 3)
    assert ref.rel_err(out, _reference_forward(net, x)) < 1e-5
    np.testing.assert_allclose(net.forward(x[0]), out[:1], rtol=1e-6)  # one unbatched sample
    np.testing.assert_allclose(net.forward(x.reshape(7, 16)), out, rtol=1e-6)  # flat rows


def test_forward_rejects_inputs_of_the_wrong_size():
    with pytest.raises(ValueError, match="does not match the network's"):
        _net().forward(np.zeros((2, 5, 5, 1)))


def test_activations_are_each_layers_output_from_the_last_pass():
    net = _net()
    x = _x(2)
    out = net.forward(x)
    acts = net.activations()
    assert set(acts) == {"conv", "flat", "bn", "out"}
    assert acts["conv"].shape == (2, 2, 2, 2) and acts["flat"].shape == (2, 8)
    np.testing.assert_array_equal(acts["conv"].reshape(2, 8), acts["flat"])
    np.testing.assert_array_equal(acts["out"], out)
    p = net.params
    expected = np.maximum(ref.conv2d(x, p["conv.weight"], p["conv.bias"]), 0)
    np.testing.assert_allclose(acts["conv"], expected, rtol=1e-5, atol=1e-6)


def test_loss_and_grads_grows_the_batch_when_needed():
    net = _net(batch=2)
    loss = net.loss_and_grads(_x(5), np.array([0, 1, 2, 0, 1]))
    assert net.batch_size == 5 and np.isfinite(loss)
    assert net.activations()["out"].shape == (5, 3)


def test_input_gradient_needs_input_grad():
    net = _net()
    net.loss_and_grads(_x(2), np.array([0, 1]))
    with pytest.raises(ValueError, match="input_grad=True"):
        net.input_gradient()


def test_labels_are_range_checked():
    net = _net()
    with pytest.raises(ValueError, match=r"class labels must be in 0..2; found 0..3"):
        net.loss_and_grads(_x(2), np.array([0, 3]))
    with pytest.raises(ValueError, match="targets have 2 values per sample; the network outputs 3"):
        net.loss_and_grads(_x(2), np.zeros((2, 2), np.float32))


def test_evaluate_gives_mean_loss_accuracy_and_outputs_in_eval_mode():
    net = _net(batch=3)
    x, y = _x(8, 1), np.array([0, 1, 2, 0, 1, 2, 0, 1])
    loss, accuracy, out = net.evaluate(x, y)
    z = _reference_forward(net, x)
    assert ref.rel_err(out, z) < 1e-5
    assert loss == pytest.approx(ref.softmax_cross_entropy(z, ref.one_hot(y, 3))[0], rel=1e-5)
    assert accuracy == pytest.approx((z.argmax(axis=1) == y).mean())


def test_save_and_load_weights_round_trip(tmp_path):
    a, b = _net(seed=1), _net(seed=2)
    a.params["bn.running_mean"][:] = 0.5  # non-trainable state travels too
    a.save_weights(tmp_path / "w.npz")
    b.load_weights(tmp_path / "w.npz")
    np.testing.assert_array_equal(a.P, b.P)
    np.testing.assert_array_equal(a.forward(_x(3)), b.forward(_x(3)))


def test_loading_mismatched_weights_lists_every_problem(tmp_path):
    net = _net()
    state = net.state_dict()
    state["out.weight"] = np.zeros((8, 4), np.float32)
    del state["conv.bias"]
    state["extra.weight"] = np.zeros(1, np.float32)
    with pytest.raises(SpecError) as e:
        net.load_state_dict(state)
    assert [p.code for p in e.value.problems] == ["missing_weight", "weight_shape", "extra_weight"]
    assert "'out.weight' has shape (8, 4) in the file but (8, 3) in the network" in str(e.value)
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(SpecError, match="cannot read weights"):
        net.load_weights(tmp_path / "bad.npz")


def test_from_spec_accepts_json_text_and_dicts():
    spec = NetworkSpec.from_dict(SPEC)
    a = Network.from_spec(spec.to_json())
    b = Network.from_spec(SPEC, batch_size=7)
    np.testing.assert_array_equal(a.P, b.P)
    assert b.batch_size == 7


@pytest.mark.parametrize(
    ("layers", "loss", "y"),
    [([{"kind": "Softmax"}], "softmax_cross_entropy", np.array([2, 0])),
     ([{"kind": "Flatten"}, {"kind": "Activation", "fn": "sigmoid"}], "bce",
      np.array([[1, 0, 1], [0, 0, 1]], np.float32))],
    ids=["softmax", "flatten-sigmoid"],
)  # fmt: skip
def test_parameter_free_network_ending_in_a_fused_activation_computes_its_loss(layers, loss, y):
    net = Network(NetworkSpec.from_dict({"input": [3], "layers": layers, "loss": loss}))
    z = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]], np.float32)
    t = ref.targets(y, 3)
    expected = (ref.softmax_cross_entropy(z, t) if loss != "bce"
                else ref.binary_cross_entropy_with_logits(z, t))[0]  # fmt: skip
    assert net.loss_and_grads(z, y) == pytest.approx(expected, rel=1e-6)

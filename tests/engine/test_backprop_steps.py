"""Step-through backprop: float64 numbers equal the engine's, and Mazur's worked example."""

import numpy as np
import pytest

from layerlab.engine.backprop_steps import (
    StepThroughError,
    plan_steps,
    target_vector,
    trace_backprop,
    trace_network,
)
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.worked_examples import load_into, mazur_2_2_2


def _spec(layers, loss="mse", n_in=3, optimizer=None):
    return NetworkSpec.from_dict(
        {"input": {"shape": [n_in]}, "layers": layers, "loss": loss, "seed": 5,
         "batch_size": 4, "init": "glorot_normal",
         "optimizer": optimizer or {"kind": "sgd", "lr": 0.1}}
    )  # fmt: skip


def _dense(lid, units, act="identity", **extra):
    return {"id": lid, "kind": "Dense", "units": units, "activation": act, **extra}


NETWORKS = {
    "sigmoid_mse": (
        [_dense("h", 4, "sigmoid"), _dense("o", 2, "sigmoid")], "mse", np.array([0.2, 0.9])),
    "tanh_bce_fused": (
        [_dense("h", 3, "tanh"), _dense("o", 1, "sigmoid")], "binary_cross_entropy", 1),
    "relu_softmax_ce": (
        [_dense("h1", 5, "relu"), _dense("h2", 4, "relu"), _dense("o", 3, "softmax")],
        "softmax_cross_entropy", 2),
    "activation_layers_softmax_layer": (
        [_dense("h", 4), {"id": "act", "kind": "Activation", "fn": "leaky_relu", "alpha": 0.1},
         _dense("o", 3), {"id": "sm", "kind": "Softmax"}], "softmax_cross_entropy", 0),
    "logits_ce_without_softmax": (
        [_dense("h", 4, "elu"), _dense("o", 3)], "softmax_cross_entropy", 1),
    "tanh_mse_one_hot_labels": ([_dense("h", 3, "tanh"), _dense("o", 3)], "mse", 2),
    "gelu_silu_perceptron_loss": (
        [_dense("h", 4, "gelu"), {"id": "a", "kind": "Activation", "fn": "silu", "beta": 1.5},
         _dense("o", 2, "tanh")], "perceptron", np.array([0.5, -0.3])),
    "softmax_with_mse": (
        [_dense("h", 3, "tanh"), _dense("o", 3, "softmax")], "mse", np.array([0.1, 0.2, 0.7])),
    "bce_after_sigmoid_then_relu_not_fused": (
        [_dense("h", 3, "tanh"), _dense("o", 2, "sigmoid"),
         {"id": "r", "kind": "Activation", "fn": "relu"}], "binary_cross_entropy",
        np.array([1.0, 0.0])),
    "no_bias_softplus": (
        [_dense("h", 3, "softplus", use_bias=False), _dense("o", 1, "sigmoid")], "mse",
        np.array([0.7])),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_float64_gradients_equal_the_engines_for_one_sample(name):
    layers, loss, y = NETWORKS[name]
    spec = _spec(layers, loss)
    net = Network(spec, input_grad=True)
    rng = np.random.default_rng(1)
    for key, view in net.params.items():
        if key.endswith("bias"):
            view[...] = rng.normal(0, 0.3, view.shape)  # non-zero biases: db is checked too
    x = rng.normal(0, 1, 3).astype(np.float32)
    y_batch = np.asarray([y]) if np.ndim(y) == 0 else y[None]
    engine_loss = net.loss_and_grads(x[None], y_batch)
    engine_out = net.activations()[spec.layers[-1].id][0]
    trace = trace_network(net, x, y)

    assert trace.loss == pytest.approx(engine_loss, rel=1e-5, abs=1e-6)
    np.testing.assert_allclose(trace.output, engine_out, rtol=1e-5, atol=1e-6)
    grads = net.grads
    for layer in trace.layers:
        np.testing.assert_allclose(
            layer.d_weight, grads[f"{layer.layer_id}.weight"], rtol=1e-4, atol=1e-6
        )
        if layer.has_bias:
            np.testing.assert_allclose(
                layer.d_bias, grads[f"{layer.layer_id}.bias"], rtol=1e-4, atol=1e-6
            )
        else:
            assert f"{layer.layer_id}.bias" not in grads
    np.testing.assert_allclose(trace.layers[0].d_input, net.input_gradient()[0], rtol=1e-4,
                               atol=1e-6)  # fmt: skip


def test_update_is_one_sgd_step_with_the_networks_learning_rate():
    spec = _spec([_dense("h", 2, "sigmoid"), _dense("o", 1)], optimizer={"kind": "sgd", "lr": 0.3})
    net = Network(spec)
    trace = trace_network(net, [1.0, -2.0, 0.5], np.array([1.0]))
    o = trace.layers[1]
    assert trace.lr == 0.3 and trace.update_note == ""
    np.testing.assert_allclose(o.new_weight, o.weight - 0.3 * o.d_weight)
    np.testing.assert_allclose(o.new_bias, o.bias - 0.3 * o.delta)
    # dW is the outer product of the layer's input and delta; dL/da_prev is W·delta
    np.testing.assert_allclose(o.d_weight, np.outer(trace.layers[0].a, o.delta))
    np.testing.assert_allclose(o.d_input, o.weight @ o.delta)


def test_other_optimizers_are_named_in_a_note():
    spec = _spec([_dense("o", 1)], optimizer={"kind": "adam", "lr": 0.01, "l2": 0.001})
    trace = trace_backprop(spec, Network(spec).params, [0, 1, 2], [0.5])
    assert trace.lr == 0.01
    assert "adam with l2" in trace.update_note


def test_stages_go_forward_then_loss_then_backward_from_the_last_layer():
    trace = mazur_2_2_2().trace()
    got = [(s.kind, s.layer) for s in trace.stages]
    assert got == [("input", -1), ("forward", 0), ("forward", 1), ("loss", -1),
                   ("backward", 1), ("backward", 0), ("update", -1)]  # fmt: skip


def test_mazur_worked_example_numbers():
    trace = mazur_2_2_2().trace()
    h, o = trace.layers
    assert h.z[0] == pytest.approx(0.3775, abs=1e-9)  # net_h1
    assert h.a[0] == pytest.approx(0.593269992, abs=1e-9)  # out_h1
    assert h.a[1] == pytest.approx(0.596884378, abs=1e-9)  # out_h2
    assert o.z[0] == pytest.approx(1.105905967, abs=1e-9)  # net_o1
    assert o.a[0] == pytest.approx(0.75136507, abs=1e-8)  # out_o1
    assert o.a[1] == pytest.approx(0.772928465, abs=1e-9)  # out_o2
    assert trace.loss == pytest.approx(0.298371109, abs=1e-9)  # E_total
    assert trace.d_output[0] == pytest.approx(0.74136507, abs=1e-8)  # dE/dout_o1
    assert o.delta[0] == pytest.approx(0.138498562, abs=1e-9)  # delta_o1
    assert o.d_weight[0, 0] == pytest.approx(0.082167041, abs=1e-9)  # dE/dw5
    assert o.d_input[0] == pytest.approx(0.036350306, abs=1e-9)  # dE/dout_h1
    assert h.d_weight[0, 0] == pytest.approx(0.000438568, abs=1e-9)  # dE/dw1
    # after one step, lr = 0.5: w5..w8 and w1..w4 as he prints them
    np.testing.assert_allclose(
        o.new_weight, [[0.35891648, 0.511301270], [0.408666186, 0.561370121]], atol=1e-8
    )
    np.testing.assert_allclose(
        h.new_weight, [[0.149780716, 0.24975114], [0.19956143, 0.29950229]], atol=1e-8
    )
    assert trace.names.weights[1][0, 0] == "w5" and trace.names.units[1] == ("o1", "o2")


def test_mazur_example_in_a_real_engine_network_matches_his_numbers():
    """The engine's mse over 2 outputs is his E_total = sum 1/2 (t - out)^2 (factor 2/k = 1)."""
    example = mazur_2_2_2()
    net = Network(example.spec)
    load_into(example, net.params)
    loss = net.loss_and_grads(example.x[None], example.target[None])
    assert loss == pytest.approx(0.298371109, abs=1e-6)
    assert net.grads["o.weight"][0, 0] == pytest.approx(0.082167041, abs=1e-6)  # dE/dw5
    assert net.grads["h.weight"][0, 0] == pytest.approx(0.000438568, abs=1e-7)  # dE/dw1
    trace = trace_network(net, example.x, example.target)  # float32 weights: within 1e-6
    assert trace.layers[1].new_weight[0, 0] == pytest.approx(0.35891648, abs=1e-6)
    assert trace.layers[0].new_weight[0, 0] == pytest.approx(0.149780716, abs=1e-6)


UNSUPPORTED = {
    "conv": ({"input": {"shape": [6, 6, 1]}, "layers": [
        {"id": "c", "kind": "Conv2D", "filters": 2, "kernel_size": 3},
        {"id": "f", "kind": "Flatten"}, _dense("o", 2)]}, "layer_kind"),
    "batch_norm": ({"input": {"shape": [3]}, "layers": [
        _dense("h", 4), {"id": "bn", "kind": "BatchNorm"}, _dense("o", 2)]}, "layer_kind"),
    "dropout": ({"input": {"shape": [3]}, "layers": [
        _dense("h", 4), {"id": "d", "kind": "Dropout", "rate": 0.5}, _dense("o", 2)]},
        "layer_kind"),
    "mnist_input": ({"input": {"shape": [784]}, "layers": [_dense("o", 10)]}, "too_big"),
    "wide_layer": ({"input": {"shape": [3]}, "layers": [_dense("h", 65), _dense("o", 2)]},
                   "too_big"),
    "deep": ({"input": {"shape": [3]}, "layers": [_dense(f"h{i}", 2) for i in range(9)]},
             "too_deep"),
    "hinge": ({"input": {"shape": [3]}, "loss": "hinge", "layers": [_dense("o", 2)]}, "loss"),
    "activation_first": ({"input": {"shape": [3]}, "layers": [
        {"id": "a", "kind": "Activation", "fn": "relu"}, _dense("o", 2)]}, "activation_first"),
    "invalid": ({"input": {"shape": [3]}, "layers": [_dense("o", -1)]}, "invalid"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_networks_it_cannot_show_raise_a_clear_error(name):
    data, code = UNSUPPORTED[name]
    with pytest.raises(StepThroughError) as info:
        plan_steps(NetworkSpec.from_dict(data))
    assert info.value.code == code
    assert str(info.value)


def test_the_largest_network_shown_is_64_units_by_8_layers():
    layers = [_dense(f"h{i}", 64) for i in range(8)]
    steps = plan_steps(NetworkSpec.from_dict({"input": {"shape": [64]}, "layers": layers}))
    assert len(steps) == 8 and all(s.units == 64 for s in steps)


def test_targets_are_read_as_the_engine_reads_them():
    np.testing.assert_array_equal(target_vector(np.int32(2), 3), [0, 0, 1])
    np.testing.assert_array_equal(target_vector(np.int32(1), 1), [1.0])
    np.testing.assert_array_equal(target_vector(np.array([0.25, 0.5], np.float32), 2), [0.25, 0.5])
    with pytest.raises(StepThroughError, match=r"outside 0\.\.2"):
        target_vector(3, 3)
    with pytest.raises(StepThroughError, match="2 target values"):
        target_vector(np.array([0.1, 0.2]), 3)


def test_a_sample_of_the_wrong_size_is_refused():
    example = mazur_2_2_2()
    with pytest.raises(StepThroughError, match="3 values"):
        trace_backprop(example.spec, example.params, [1, 2, 3], example.target)

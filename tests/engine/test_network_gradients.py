"""Network.loss_and_grads: parameter and input gradients against float64 finite differences.

The finite differences run on the float64 re-implementation in ``refnet`` (built from the
references), so they are accurate to ~1e-9; the float32 engine must agree to 1e-3 on a norm
basis. Each check first asserts that no value sits within 1e-4 of a kink (ReLU-like functions
at 0, max-pool ties, hinge margins), where finite differences would be meaningless.
"""

import numpy as np
import pytest

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec

from . import reference as ref
from . import refnet

TOL = 1e-3


def _net(input_shape, layers, loss="mse", batch=4):
    spec = NetworkSpec.from_dict(
        {"input": {"shape": list(input_shape)}, "layers": layers, "loss": loss, "seed": 3,
         "batch_size": batch, "init": "glorot_normal"}
    )  # fmt: skip
    return Network(spec, input_grad=True)


def _randomize(net, seed):
    """Non-trivial values for every parameter (BN/LN gammas away from 1, PReLU slopes, ...)."""
    rng = np.random.default_rng(seed)
    for name, view in net.params.items():
        if name.endswith(("gamma", "running_var")):
            view[...] = rng.uniform(0.5, 1.5, view.shape)
        elif name.endswith("alpha"):
            view[...] = rng.uniform(0.1, 0.4, view.shape)
        elif not name.endswith("weight"):
            view[...] = rng.normal(0, 0.3, view.shape)


def _check(got, expected, what):
    err = np.linalg.norm(ref.f64(got) - expected)
    scale = max(np.linalg.norm(got), np.linalg.norm(expected))
    assert err <= TOL * scale + 1e-7, f"{what}: relative error {err / max(scale, 1e-30):.2e}"


def check_network(net, x, y, training=True):
    """Engine loss, parameter gradients and input gradient all match the float64 reference."""
    loss = net.loss_and_grads(x, y, training)
    params = {k: ref.f64(v) for k, v in net.params.items()}
    margins = []
    assert loss == pytest.approx(
        refnet.reference_loss(net, params, x, y, training, margins), rel=1e-5
    )
    # Finite differences step 1e-6: every kink (ReLU at 0, max-pool ties, hinge margins) must
    # be much further away than that, or the comparison would be meaningless.
    assert min(margins, default=1.0) > 1e-4
    grads = {k: v.copy() for k, v in net.grads.items()}
    input_grad = net.input_gradient()
    assert input_grad.shape == np.shape(x)
    fd = refnet.numeric_param_grads(net, x, y, training)
    assert set(fd) == set(grads) and grads
    for name, g in grads.items():
        _check(g, fd[name], name)
    _check(input_grad, refnet.numeric_input_grad(net, x, y, training), "input")


CONV_LAYERS = [
    {"id": "c1", "kind": "Conv2D", "filters": 3, "kernel_size": 3, "stride": 2,
     "padding": "same", "activation": "tanh"},
    {"id": "bn", "kind": "BatchNorm"},
    {"id": "pr", "kind": "PReLU"},
    {"id": "c2", "kind": "Conv2D", "filters": 4, "kernel_size": 2, "padding": 1,
     "activation": "elu"},
    {"id": "mp", "kind": "MaxPool2D", "pool_size": 2},
    {"id": "ap", "kind": "AvgPool2D", "pool_size": 2, "stride": 1, "padding": "same"},
    {"id": "c3", "kind": "Conv2D", "filters": 3, "kernel_size": 2, "padding": "valid"},
    {"id": "fl", "kind": "Flatten"},
    {"id": "sm", "kind": "Softmax"},
]  # fmt: skip
MLP_LAYERS = [
    {"id": "rs", "kind": "Reshape", "shape": [2, 2, 3]},
    {"id": "ln", "kind": "LayerNorm"},
    {"id": "fl", "kind": "Flatten"},
    {"id": "d1", "kind": "Dense", "units": 6, "activation": "gelu"},
    {"id": "bn", "kind": "BatchNorm"},
    {"id": "do", "kind": "Dropout", "rate": 0.0},
    {"id": "d2", "kind": "Dense", "units": 3},
]


def test_conv_network_gradients_match_finite_differences():
    net = _net((7, 7, 2), CONV_LAYERS, "softmax_cross_entropy", batch=3)
    assert net.output_shape == (3,)
    assert [net.out_shapes[i] for i in ("c1", "c2", "mp", "ap", "c3")] == [
        (4, 4, 3), (5, 5, 4), (2, 2, 4), (2, 2, 4), (1, 1, 3)]  # fmt: skip
    _randomize(net, 0)
    x = np.random.default_rng(1).standard_normal((3, 7, 7, 2)).astype(np.float32)
    check_network(net, x, np.array([0, 2, 1]))


def test_conv_stride_two_without_padding_gradients_match_finite_differences():
    layers = [
        {"id": "c1", "kind": "Conv2D", "filters": 2, "kernel_size": [3, 2], "stride": [2, 1],
         "activation": "softplus", "use_bias": False},
        {"id": "fl", "kind": "Flatten"},
        {"id": "d", "kind": "Dense", "units": 2},
    ]  # fmt: skip
    net = _net((6, 5, 2), layers, batch=2)
    assert net.out_shapes["c1"] == (2, 4, 2)
    x = np.random.default_rng(2).standard_normal((2, 6, 5, 2)).astype(np.float32)
    check_network(net, x, np.random.default_rng(3).standard_normal((2, 2)).astype(np.float32))


def test_mlp_with_layernorm_batchnorm_dropout_gradients_match_finite_differences():
    net = _net((12,), MLP_LAYERS)
    _randomize(net, 4)
    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 12)).astype(np.float32)
    check_network(net, x, rng.standard_normal((4, 3)).astype(np.float32))


def test_batchnorm_in_eval_mode_gradients_match_finite_differences():
    net = _net((12,), MLP_LAYERS)
    _randomize(net, 6)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 12)).astype(np.float32)
    check_network(net, x, rng.standard_normal((4, 3)).astype(np.float32), training=False)


ACTIVATION_CASES = [(fn, -1.0, 1.0) for fn in ref.ACTIVATION_FNS if fn != "step"] + [
    ("leaky_relu", 0.2, 1.0),
    ("elu", 0.6, 1.0),
    ("swish", -1.0, 1.7),
    ("softmax", -1.0, 1.0),
]


@pytest.mark.parametrize(("fn", "alpha", "beta"), ACTIVATION_CASES)
def test_activation_layer_gradients_match_finite_differences(fn, alpha, beta):
    layers = [
        {"id": "d1", "kind": "Dense", "units": 5},
        {"id": "act", "kind": "Activation", "fn": fn, "alpha": alpha, "beta": beta},
        {"id": "d2", "kind": "Dense", "units": 3},
    ]
    net = _net((4,), layers)
    rng = np.random.default_rng(8)
    x = rng.normal(0, 1.5, (4, 4)).astype(np.float32)
    check_network(net, x, rng.standard_normal((4, 3)).astype(np.float32))


@pytest.mark.parametrize("fn", ["relu", "sigmoid", "selu", "gelu_tanh", "softmax"])
def test_dense_activation_parameter_gradients_match_finite_differences(fn):
    layers = [{"id": "d1", "kind": "Dense", "units": 5, "activation": fn},
              {"id": "d2", "kind": "Dense", "units": 2}]  # fmt: skip
    net = _net((3,), layers)
    rng = np.random.default_rng(9)
    x = rng.normal(0, 1.5, (4, 3)).astype(np.float32)
    check_network(net, x, rng.standard_normal((4, 2)).astype(np.float32))


def _labels(n, k, seed):
    return np.random.default_rng(seed).integers(0, max(k, 2), n)


def _one_hot(n, k, seed):
    return ref.one_hot(_labels(n, k, seed), k).astype(np.float32)


def _bits(n, k, seed):
    return (np.random.default_rng(seed).random((n, k)) > 0.5).astype(np.float32)


def _normal(n, k, seed):
    return np.random.default_rng(seed).standard_normal((n, k)).astype(np.float32)


# name: (final layers after a hidden Dense(4, tanh), loss, targets(n, k, seed), k)
LOSS_CASES = {
    "ce_int_labels_logits": ([{"kind": "Dense", "units": 3}], "softmax_cross_entropy", _labels, 3),
    "ce_int_labels_softmax_layer": (
        [{"kind": "Dense", "units": 3}, {"kind": "Softmax"}], "softmax_cross_entropy", _labels, 3),
    "ce_one_hot_logits": ([{"kind": "Dense", "units": 3}], "softmax_cross_entropy", _one_hot, 3),
    "ce_one_hot_dense_softmax": (
        [{"kind": "Dense", "units": 3, "activation": "softmax"}], "softmax_cross_entropy",
        _one_hot, 3),
    "bce_final_sigmoid_labels": (
        [{"kind": "Dense", "units": 1}, {"kind": "Activation", "fn": "sigmoid"}],
        "binary_cross_entropy", _labels, 1),
    "bce_dense_sigmoid_multi": (
        [{"kind": "Dense", "units": 3, "activation": "sigmoid"}], "binary_cross_entropy", _bits, 3),
    "bce_without_final_sigmoid": (
        [{"kind": "Dense", "units": 2, "activation": "sigmoid"}, {"kind": "Dropout", "rate": 0.0}],
        "binary_cross_entropy", _bits, 2),
    "mse": ([{"kind": "Dense", "units": 3}], "mse", _normal, 3),
    "hinge_binary": ([{"kind": "Dense", "units": 1}], "hinge", _labels, 1),
    "hinge_multiclass": ([{"kind": "Dense", "units": 4}], "hinge", _labels, 4),
    "perceptron": ([{"kind": "Dense", "units": 2}], "perceptron", _normal, 2),
}  # fmt: skip


@pytest.mark.parametrize("case", LOSS_CASES)
def test_loss_gradients_match_finite_differences(case):
    final, loss, make_targets, k = LOSS_CASES[case]
    layers = [{"kind": "Dense", "units": 4, "activation": "tanh"}, *final]
    net = _net((5,), layers, loss, batch=6)
    rng = np.random.default_rng(10)
    x = rng.normal(0, 1.0, (6, 5)).astype(np.float32)
    check_network(net, x, make_targets(6, k, 11))


@pytest.mark.parametrize("after_softmax", [[], [{"kind": "Dropout", "rate": 0.0}]])
def test_cross_entropy_reads_logits_unless_the_last_layer_is_softmax(after_softmax):
    layers = [{"id": "d", "kind": "Dense", "units": 3}, {"id": "sm", "kind": "Softmax"}]
    net = _net((3,), layers + after_softmax, "softmax_cross_entropy")
    x = np.random.default_rng(12).standard_normal((4, 3)).astype(np.float32)
    y, t = np.array([0, 1, 2, 0]), ref.one_hot([0, 1, 2, 0], 3)
    loss = net.loss_and_grads(x, y)
    z = net.activations()["d"].astype(np.float64)
    if not after_softmax:  # fused: CE of the probabilities, gradient (p - t) / n at the logits
        assert loss == pytest.approx(ref.softmax_cross_entropy(z, t)[0], rel=1e-6)
        np.testing.assert_allclose(net.activation_grads()["d"], (ref.softmax(z) - t) / 4, atol=1e-7)
    else:  # the Dropout's output (probabilities) is taken as logits
        assert loss == pytest.approx(ref.softmax_cross_entropy(ref.softmax(z), t)[0], rel=1e-6)


def test_step_activation_backpropagates_straight_through():
    net = _net((3,), [{"id": "d", "kind": "Dense", "units": 1, "activation": "step"}],
               "perceptron")  # fmt: skip
    rng = np.random.default_rng(13)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    t = np.array([1, 0, 1, 0])
    loss = net.loss_and_grads(x, t)
    w, b = ref.f64(net.params["d.weight"]), ref.f64(net.params["d.bias"])
    y = (x @ w + b > 0).astype(np.float64)
    dy = (y - t[:, None]) / 4
    assert loss == pytest.approx(0.5 * ((y - t[:, None]) ** 2).sum() / 4)
    np.testing.assert_allclose(net.grads["d.weight"], x.T @ dy, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(net.grads["d.bias"], dy.sum(axis=0), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(net.input_gradient(), dy @ w.T, rtol=1e-6, atol=1e-7)


def test_dropout_masks_scale_and_backpropagate_with_the_seeded_stream():
    net = _net((2000,), [{"id": "do", "kind": "Dropout", "rate": 0.25}], "mse", batch=1)
    x = np.random.default_rng(14).uniform(1, 2, (1, 2000)).astype(np.float32)
    seed = 0x1234_5678_9ABC_DEF0
    net.rng[0] = np.uint64(seed)
    y = net.forward(x, training=True)
    draws, state = ref.xorshift_uniforms(seed, 2000)
    mask = np.where(np.array(draws) >= 0.25, 1 / 0.75, 0.0)
    np.testing.assert_allclose(y[0], x[0] * mask, rtol=1e-6)
    assert int(net.rng[0]) == state
    assert abs((y == 0).mean() - 0.25) < 0.03
    net.rng[0] = np.uint64(seed)
    t = np.zeros((1, 2000), np.float32)
    net.loss_and_grads(x, t)
    np.testing.assert_allclose(net.input_gradient()[0], 2 * x[0] * mask**2 / 2000, rtol=1e-5)
    np.testing.assert_array_equal(net.forward(x), x)  # evaluation: identity

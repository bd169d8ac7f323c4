"""Outputs and gradients match PyTorch (float32 tolerances). NHWC <-> NCHW and
(kh, kw, c, f) <-> (f, c, kh, kw) are converted here; everything else is PyTorch as is."""

import numpy as np
import pytest

from layerlab.engine.kernels import optimizers as ko
from layerlab.engine.network import Network
from layerlab.engine.optimizers import KINDS, parse_optimizer
from layerlab.engine.spec import NetworkSpec

from . import reference as ref

torch = pytest.importorskip("torch")
F = torch.nn.functional
pytestmark = pytest.mark.torch
RTOL, ATOL = 1e-4, 1e-6


def _net(input_shape, layers, loss="mse", batch=4):
    spec = NetworkSpec.from_dict({"input": list(input_shape), "layers": layers, "loss": loss,
                                  "seed": 1, "batch_size": batch})  # fmt: skip
    return Network(spec, input_grad=True)


def _t(a, grad=True):
    return torch.tensor(np.asarray(a, np.float32), requires_grad=grad)


def _close(engine, torch_value, rtol=RTOL, atol=ATOL):
    value = torch_value.detach().numpy() if hasattr(torch_value, "detach") else torch_value
    np.testing.assert_allclose(engine, value, rtol=rtol, atol=atol)


def _nchw(x):
    return x.permute(0, 3, 1, 2)


def _nhwc(x):
    return x.permute(0, 2, 3, 1)


def _pad_same(x_nchw, size, k, s, value=0.0):
    (pt, pb), (pl, pr) = (ref.padding_amounts(size[i], k[i], s[i], "same") for i in (0, 1))
    return F.pad(x_nchw, (pl, pr, pt, pb), value=value)


def _run(net, x, y):
    """Engine loss, output, gradients (by name) and input gradient on one batch."""
    loss = net.loss_and_grads(x, y)
    out = net.activations()[net.layers[-1].id].copy()
    return loss, out, {k: v.copy() for k, v in net.grads.items()}, net.input_gradient()


def _rand(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def test_dense_matches_torch_linear():
    net = _net((6,), [{"id": "fc", "kind": "Dense", "units": 5}])
    x, t = _rand((4, 6), 0), _rand((4, 5), 1)
    loss, out, grads, dx = _run(net, x, t)
    tx, w, b = _t(x), _t(net.params["fc.weight"]), _t(net.params["fc.bias"])
    y = F.linear(tx, w.T, b)
    tl = F.mse_loss(y, _t(t, False))
    tl.backward()
    _close(out, y)
    assert loss == pytest.approx(tl.item(), rel=1e-5)
    _close(grads["fc.weight"], w.grad)
    _close(grads["fc.bias"], b.grad)
    _close(dx, tx.grad)


CONV_CASES = [((3, 3), (1, 1), "valid"), ((3, 3), (2, 2), "same"), ((2, 3), (2, 1), 1),
              ((3, 2), (1, 2), "same"), ((4, 4), (3, 3), 2)]  # fmt: skip


@pytest.mark.parametrize(("k", "s", "padding"), CONV_CASES)
def test_conv2d_matches_torch_after_layout_conversion(k, s, padding):
    layer = {"id": "c", "kind": "Conv2D", "filters": 4, "kernel_size": list(k), "stride": list(s),
             "padding": padding}  # fmt: skip
    net = _net((7, 6, 3), [layer])
    x = _rand((4, 7, 6, 3), 2)
    t = _rand((4, *net.output_shape), 3)
    loss, out, grads, dx = _run(net, x, t)
    tx = _t(x)
    w = _t(net.params["c.weight"].transpose(3, 2, 0, 1))  # (f, c, kh, kw)
    b = _t(net.params["c.bias"])
    xin = _pad_same(_nchw(tx), (7, 6), k, s) if padding == "same" else _nchw(tx)
    pad = 0 if padding in ("same", "valid") else padding
    y = _nhwc(F.conv2d(xin, w, b, stride=s, padding=pad))
    F.mse_loss(y, _t(t, False)).backward()
    _close(out, y)
    _close(grads["c.weight"], w.grad.permute(2, 3, 1, 0))
    _close(grads["c.bias"], b.grad)
    _close(dx, tx.grad)


POOL_CASES = [((2, 2), (2, 2), "valid"), ((3, 3), (2, 2), 1), ((3, 3), (2, 2), "same"),
              ((2, 3), (1, 2), "valid")]  # fmt: skip


@pytest.mark.parametrize("kind", ["MaxPool2D", "AvgPool2D"])
@pytest.mark.parametrize(("k", "s", "padding"), POOL_CASES)
def test_pools_match_torch(kind, k, s, padding):
    layer = {"id": "p", "kind": kind, "pool_size": list(k), "stride": list(s), "padding": padding}
    net = _net((6, 7, 2), [layer])
    x = _rand((4, 6, 7, 2), 4)
    t = _rand((4, *net.output_shape), 5)
    _, out, _, dx = _run(net, x, t)
    tx = _t(x)
    is_max = kind == "MaxPool2D"
    fill = -np.inf if is_max else 0.0
    xin = _pad_same(_nchw(tx), (6, 7), k, s, fill) if padding == "same" else _nchw(tx)
    pad = 0 if padding in ("same", "valid") else padding
    pool = F.max_pool2d if is_max else F.avg_pool2d
    y = _nhwc(pool(xin, k, s, padding=pad))
    F.mse_loss(y, _t(t, False)).backward()
    _close(out, y)
    _close(dx, tx.grad)


@pytest.mark.parametrize("shape", [(5,), (3, 3, 4)], ids=["dense", "conv"])
def test_batchnorm_matches_torch_in_training_and_evaluation(shape):
    net = _net(shape, [{"id": "bn", "kind": "BatchNorm"}], batch=6)
    x = _rand((6, *shape), 6) * 2 + 1
    t = _rand((6, *shape), 7)
    c = shape[-1]
    net.params["bn.gamma"][:] = np.linspace(0.5, 1.5, c)
    net.params["bn.beta"][:] = np.linspace(-1, 1, c)
    _, out, grads, dx = _run(net, x, t)
    bn = (torch.nn.BatchNorm1d if len(shape) == 1 else torch.nn.BatchNorm2d)(c, momentum=0.1)
    with torch.no_grad():
        bn.weight[:] = torch.tensor(net.params["bn.gamma"])
        bn.bias[:] = torch.tensor(net.params["bn.beta"])
    tx = _t(x)
    to = (lambda a: a) if len(shape) == 1 else _nchw
    back = (lambda a: a) if len(shape) == 1 else _nhwc
    y = back(bn(to(tx)))
    F.mse_loss(y, _t(t, False)).backward()
    _close(out, y)
    _close(grads["bn.gamma"], bn.weight.grad)
    _close(grads["bn.beta"], bn.bias.grad)
    _close(dx, tx.grad, atol=1e-5)
    _close(net.params["bn.running_mean"], bn.running_mean)
    _close(net.params["bn.running_var"], bn.running_var)
    bn.eval()
    x2 = _rand((6, *shape), 8)
    _close(net.forward(x2), back(bn(to(_t(x2, False)))))


def test_layernorm_matches_torch_over_the_last_axis():
    net = _net((3, 2, 5), [{"id": "ln", "kind": "LayerNorm"}])
    net.params["ln.gamma"][:] = np.linspace(0.5, 1.5, 5)
    net.params["ln.beta"][:] = np.linspace(-1, 1, 5)
    x, t = _rand((4, 3, 2, 5), 9), _rand((4, 3, 2, 5), 10)
    _, out, grads, dx = _run(net, x, t)
    ln = torch.nn.LayerNorm(5)
    with torch.no_grad():
        ln.weight[:] = torch.tensor(net.params["ln.gamma"])
        ln.bias[:] = torch.tensor(net.params["ln.beta"])
    tx = _t(x)
    y = ln(tx)
    F.mse_loss(y, _t(t, False)).backward()
    _close(out, y)
    _close(grads["ln.gamma"], ln.weight.grad)
    _close(grads["ln.beta"], ln.bias.grad)
    _close(dx, tx.grad, atol=1e-5)


TORCH_ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "elu": F.elu,
    "selu": F.selu,
    "silu": F.silu,
    "gelu": F.gelu,
    "gelu_tanh": lambda z: F.gelu(z, approximate="tanh"),
    "softplus": F.softplus,
    "softmax": lambda z: torch.softmax(z, dim=-1),
}


@pytest.mark.parametrize("fn", TORCH_ACTIVATIONS)
def test_activations_match_torch(fn):
    net = _net((7,), [{"kind": "Activation", "fn": fn}])
    x, t = _rand((4, 7), 11) * 3, _rand((4, 7), 12)
    _, out, _, dx = _run(net, x, t)
    tx = _t(x)
    y = TORCH_ACTIVATIONS[fn](tx)
    F.mse_loss(y, _t(t, False)).backward()
    _close(out, y)
    _close(dx, tx.grad)


def test_prelu_matches_torch():
    net = _net((5,), [{"id": "pr", "kind": "PReLU"}])
    net.params["pr.alpha"][:] = np.linspace(0.05, 0.5, 5)
    x, t = _rand((4, 5), 13), _rand((4, 5), 14)
    _, out, grads, dx = _run(net, x, t)
    tx, a = _t(x), _t(net.params["pr.alpha"])
    y = F.prelu(tx, a)
    F.mse_loss(y, _t(t, False)).backward()
    _close(out, y)
    _close(grads["pr.alpha"], a.grad)
    _close(dx, tx.grad)


def _labels(n, k):
    return np.random.default_rng(15).integers(0, max(k, 2), n)


LOSS_CASES = {
    "ce_labels": ([], "softmax_cross_entropy", 3, "labels",
                  lambda z, y: F.cross_entropy(z, torch.tensor(y))),
    "ce_softmax_layer": ([{"kind": "Softmax"}], "softmax_cross_entropy", 3, "labels",
                         lambda z, y: F.cross_entropy(z, torch.tensor(y))),
    "ce_one_hot": ([], "softmax_cross_entropy", 3, "one_hot",
                   lambda z, y: F.cross_entropy(z, torch.tensor(y))),
    "bce_logits": ([{"kind": "Activation", "fn": "sigmoid"}], "binary_cross_entropy", 1,
                   "labels", lambda z, y: F.binary_cross_entropy_with_logits(
                       z, torch.tensor(y, dtype=torch.float32)[:, None])),
    "bce_probs": ([{"kind": "Activation", "fn": "sigmoid"}, {"kind": "Dropout", "rate": 0.0}],
                  "binary_cross_entropy", 1, "labels", lambda z, y: F.binary_cross_entropy(
                      torch.sigmoid(z), torch.tensor(y, dtype=torch.float32)[:, None])),
    "mse": ([], "mse", 3, "float", lambda z, y: F.mse_loss(z, torch.tensor(y))),
    "hinge_binary": ([], "hinge", 1, "labels", lambda z, y: torch.clamp(
        1 - (2 * torch.tensor(y, dtype=torch.float32)[:, None] - 1) * z, min=0).mean()),
    # PyTorch's multi_margin_loss divides by the number of classes; LayerLab's does not.
    "hinge_multiclass": ([], "hinge", 4, "labels",
                         lambda z, y: 4 * F.multi_margin_loss(z, torch.tensor(y))),
    "perceptron": ([], "perceptron", 2, "float",
                   lambda z, y: 0.5 * ((z - torch.tensor(y)) ** 2).sum() / len(y)),
}  # fmt: skip


@pytest.mark.parametrize("case", LOSS_CASES)
def test_losses_and_their_gradients_match_torch(case):
    extra, loss_name, k, target_kind, torch_loss = LOSS_CASES[case]
    net = _net((5,), [{"id": "z", "kind": "Dense", "units": k}, *extra], loss_name, batch=6)
    x = _rand((6, 5), 16)
    if target_kind == "labels":
        y = _labels(6, k)
    elif target_kind == "one_hot":
        y = ref.one_hot(_labels(6, k), k).astype(np.float32)
    else:
        y = _rand((6, k), 17)
    loss, _, grads, dx = _run(net, x, y)
    tx, w, b = _t(x), _t(net.params["z.weight"]), _t(net.params["z.bias"])
    tl = torch_loss(F.linear(tx, w.T, b), y)
    tl.backward()
    assert loss == pytest.approx(tl.item(), rel=1e-5)
    _close(grads["z.weight"], w.grad)
    _close(grads["z.bias"], b.grad)
    _close(dx, tx.grad)


TORCH_OPTIMIZERS = {
    "sgd": lambda groups: torch.optim.SGD(groups, lr=0.05),
    "momentum": lambda groups: torch.optim.SGD(groups, lr=0.05, momentum=0.9),
    "nesterov": lambda groups: torch.optim.SGD(groups, lr=0.05, momentum=0.9, nesterov=True),
    "adagrad": lambda groups: torch.optim.Adagrad(groups, lr=0.05, eps=1e-10),
    "adadelta": lambda groups: torch.optim.Adadelta(groups, lr=1.0, rho=0.9, eps=1e-6),
    "rmsprop": lambda groups: torch.optim.RMSprop(groups, lr=0.05, alpha=0.99, eps=1e-8),
    "adam": lambda groups: torch.optim.Adam(groups, lr=0.05),
    "adamw": lambda groups: torch.optim.AdamW(groups, lr=0.05),
}


@pytest.mark.parametrize("extras", [{}, {"l2": 0.1, "clip_norm": 0.5, "clip_value": 0.08}],
                         ids=["plain", "l2-clipped"])  # fmt: skip
@pytest.mark.parametrize("kind", KINDS)
def test_optimizer_steps_match_torch_optim(kind, extras):
    """Three steps on a 'kernel' tensor (decayed) and a 'bias' tensor (not decayed).

    PyTorch's weight_decay is LayerLab's l2 (coupled) for all but AdamW, where it is the
    decoupled weight_decay; either way only the kernel's group gets it.
    """
    if kind == "adamw":  # the decay moves from l2 to weight_decay
        extras = {k: v for k, v in extras.items() if k != "l2"}
        extras["weight_decay"] = 0.1 if extras else 0.01
    lr = 1.0 if kind == "adadelta" else 0.05
    cfg = parse_optimizer({"kind": kind, "lr": lr, **extras})
    decay = cfg.settings.get("weight_decay", cfg.settings["l2"])
    rng = np.random.default_rng(18)
    p = rng.standard_normal(12).astype(np.float32)
    mask = np.r_[np.ones(8), np.zeros(4)].astype(np.float32)
    kernel, bias = _t(p[:8]), _t(p[8:])
    opt = TORCH_OPTIMIZERS[kind](
        [{"params": [kernel], "weight_decay": decay}, {"params": [bias], "weight_decay": 0.0}]
    )
    state, work = np.zeros((2, 12), np.float32), np.zeros(12, np.float32)
    for t in range(1, 4):
        g = rng.normal(0, 0.5, 12).astype(np.float32)
        ko.optimizer_update(cfg.code, p, g, state, mask, lr, t, cfg.hyper(), work)
        kernel.grad, bias.grad = torch.tensor(g[:8]), torch.tensor(g[8:])
        if extras.get("clip_norm"):
            torch.nn.utils.clip_grad_norm_([kernel, bias], extras["clip_norm"])
        if extras.get("clip_value"):
            torch.nn.utils.clip_grad_value_([kernel, bias], extras["clip_value"])
        opt.step()
        _close(p[:8], kernel, rtol=1e-5, atol=1e-6)
        _close(p[8:], bias, rtol=1e-5, atol=1e-6)

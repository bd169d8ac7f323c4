"""A float64 re-implementation of a built Network from the references, and finite differences."""

from __future__ import annotations

import numpy as np

from . import reference as ref

KINKED = ("relu", "leaky_relu", "elu", "selu")  # derivative jumps at 0


def _pool_args(p):
    k = p["pool_size"]
    s = tuple(si or ki for si, ki in zip(p["stride"], k, strict=True))
    return k, s, p["padding"]


def _act(h, fn, alpha=None, beta=1.0, margins=None):
    if fn in KINKED and margins is not None:
        margins.append(np.abs(h).min())
    if fn == "softmax":
        return ref.softmax(h)
    return ref.activation(fn, h, alpha, beta)


def _top_two_gap(h, k, s, padding):
    """Smallest gap between the largest and second-largest value of any pooling window."""
    (kh, kw), (sh, sw) = k, s
    (pt, pb), (pl, pr) = (ref.padding_amounts(h.shape[i + 1], k[i], s[i], padding) for i in (0, 1))
    xp = np.pad(h, ((0, 0), (pt, pb), (pl, pr), (0, 0)), constant_values=-np.inf)
    oh, ow = (xp.shape[1] - kh) // sh + 1, (xp.shape[2] - kw) // sw + 1
    gap = np.inf
    for i in range(oh):
        for j in range(ow):
            win = np.sort(xp[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :].reshape(
                len(h), -1, h.shape[3]), axis=1)  # fmt: skip
            top, second = win[:, -1], win[:, -2]
            finite = np.isfinite(second)
            if finite.any():
                gap = min(gap, (top - second)[finite].min())
    return gap


def layer_forward(layer, w, h, training=True, margins=None):
    """One layer on a float64 batch h; ``w`` maps weight names to float64 arrays.

    ``margins`` (a list) collects each kink's distance: |z| before ReLU-like functions, the
    top-two gap of max-pool windows.
    """
    kind, p, n = layer.kind, layer.p, h.shape[0]
    if kind == "Dense":
        return _act(h @ w["weight"] + w.get("bias", 0.0), p["activation"], margins=margins)
    if kind == "Conv2D":
        z = ref.conv2d(h, w["weight"], w.get("bias"), p["stride"], p["padding"])
        return _act(z, p["activation"], margins=margins)
    if kind == "MaxPool2D":
        if margins is not None:
            margins.append(_top_two_gap(h, *_pool_args(p)))
        return ref.maxpool2d(h, *_pool_args(p))[0]
    if kind == "AvgPool2D":
        return ref.avgpool2d(h, *_pool_args(p))
    if kind == "Flatten":
        return h.reshape(n, -1)
    if kind == "Reshape":
        return h.reshape(n, *p["shape"])
    if kind == "Dropout":
        assert p["rate"] == 0 or not training, "finite differences need rate 0"
        return h
    if kind == "BatchNorm":
        rows = h.reshape(-1, h.shape[-1])
        if training:
            y = ref.batchnorm_train(rows, w["gamma"], w["beta"], p["eps"], 0.1, 0, 1)[0]
        else:
            y = ref.batchnorm_eval(
                rows, w["gamma"], w["beta"], p["eps"], w["running_mean"], w["running_var"]
            )
        return y.reshape(h.shape)
    if kind == "LayerNorm":
        return ref.layernorm(h, w["gamma"], w["beta"], p["eps"])
    if kind == "PReLU":
        if margins is not None:
            margins.append(np.abs(h).min())
        return ref.prelu(h, w["alpha"])
    if kind == "Softmax":
        return ref.softmax(h)
    if kind == "Activation":
        return _act(h, p["fn"], None if p["alpha"] < 0 else p["alpha"], p["beta"], margins)
    raise AssertionError(kind)


def ends_in_softmax(net) -> bool:
    last = net.layers[-1]
    return last.kind == "Softmax" or last.p.get("activation", last.p.get("fn")) == "softmax"


def reference_loss(net, params, x, y, training=True, margins=None) -> float:
    """The mean loss of ``net`` with float64 ``params`` {name: array} on (x, y)."""
    h = ref.f64(x)
    for layer in net.layers:
        prefix = layer.id + "."
        w = {k[len(prefix) :]: v for k, v in params.items() if k.startswith(prefix)}
        h = layer_forward(layer, w, h, training, margins)
    z = h.reshape(len(h), -1)
    name = net.loss.name
    if name == "hinge":
        if margins is not None:  # hinge kinks where a margin term crosses 0
            labels = np.asarray(y)
            if z.shape[1] == 1:
                margins.append(np.abs(1 - (2 * labels - 1) * z[:, 0]).min())
            else:
                terms = z - z[np.arange(len(z)), labels][:, None] + 1
                terms[np.arange(len(z)), labels] = np.inf
                margins.append(np.abs(terms).min())
        return ref.hinge(z, y)[0]
    t = ref.targets(y, z.shape[1])
    if name == "softmax_cross_entropy":
        if ends_in_softmax(net):
            return ref.cross_entropy_of_probs(z, t)[0]
        return ref.softmax_cross_entropy(z, t)[0]
    fn = {
        "binary_cross_entropy": ref.binary_cross_entropy,
        "mse": ref.mse,
        "perceptron": ref.perceptron,
    }[name]
    return fn(z, t)[0]


def central_differences(f, x, h=1e-6):
    """df/dx of a scalar function of a float64 array, element by element."""
    x = ref.f64(x)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = f(x)
        flat[i] = old - h
        down = f(x)
        flat[i] = old
        gflat[i] = (up - down) / (2 * h)
    return grad


def numeric_param_grads(net, x, y, training=True) -> dict[str, np.ndarray]:
    """Finite-difference gradients of every trainable parameter, in float64."""
    params = {k: ref.f64(v) for k, v in net.params.items()}
    out = {}
    for name in net.grads:

        def f(value, name=name):
            return reference_loss(net, {**params, name: value}, x, y, training)

        out[name] = central_differences(f, params[name])
    return out


def numeric_input_grad(net, x, y, training=True) -> np.ndarray:
    params = {k: ref.f64(v) for k, v in net.params.items()}
    return central_differences(lambda v: reference_loss(net, params, v, y, training), x)

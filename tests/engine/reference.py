"""Naive float64 numpy references for every engine kernel (STYLE 8): clear, slow, independent.

Conventions match the engine: images NHWC, Dense weight (in, out), Conv2D weight (kh, kw, c, f),
losses are means over the batch.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erf

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0}
ACTIVATION_FNS = (
    "identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "silu",
    "gelu", "gelu_tanh", "softplus",
)  # fmt: skip


def f64(a) -> np.ndarray:
    return np.array(a, dtype=np.float64)


def rel_err(a, b) -> float:
    """||a - b|| / max(||a||, ||b||): the norm-basis relative error (0 when both are 0)."""
    a, b = f64(a).ravel(), f64(b).ravel()
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


# ---- dense -------------------------------------------------------------------------------------
def dense(x, w, b=None):
    x, w = f64(x), f64(w)
    n, o = x.shape[0], w.shape[1]
    y = np.zeros((n, o))
    for r in range(n):
        for j in range(o):
            y[r, j] = sum(x[r, i] * w[i, j] for i in range(w.shape[0]))
    return y if b is None else y + f64(b)


def dense_backward(x, w, dy):
    """(dx, dw, db) of y = x @ w + b."""
    x, w, dy = f64(x), f64(w), f64(dy)
    return dy @ w.T, x.T @ dy, dy.sum(axis=0)


# ---- sliding windows ---------------------------------------------------------------------------
def padding_amounts(size: int, k: int, s: int, padding) -> tuple[int, int]:
    """(before, after) zeros on one axis. 'same' follows TensorFlow: the extra one goes after."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        out = math.ceil(size / s)
        total = max((out - 1) * s + k - size, 0)
        return total // 2, total - total // 2
    return int(padding), int(padding)


def _geometry(x, k, s, padding):
    (kh, kw), (sh, sw) = k, s
    n, h, w, c = x.shape
    pt, pb = padding_amounts(h, kh, sh, padding)
    pl, pr = padding_amounts(w, kw, sw, padding)
    oh = (h + pt + pb - kh) // sh + 1
    ow = (w + pl + pr - kw) // sw + 1
    return pt, pb, pl, pr, oh, ow


def _pad(x, pt, pb, pl, pr, value=0.0):
    return np.pad(f64(x), ((0, 0), (pt, pb), (pl, pr), (0, 0)), constant_values=value)


def conv2d(x, w, b=None, stride=(1, 1), padding="valid"):
    """y[n,i,j,f] = sum_{u,v,c} xpad[n, i*sh+u, j*sw+v, c] * w[u,v,c,f] (+ b[f])."""
    w = f64(w)
    kh, kw, c, f = w.shape
    sh, sw = stride
    pt, pb, pl, pr, oh, ow = _geometry(x, (kh, kw), stride, padding)
    xp = _pad(x, pt, pb, pl, pr)
    y = np.zeros((xp.shape[0], oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :]
            y[:, i, j, :] = np.tensordot(patch, w, axes=3)
    return y if b is None else y + f64(b)


def conv2d_backward(x, w, dy, stride=(1, 1), padding="valid"):
    """(dx, dw, db) of conv2d."""
    w, dy = f64(w), f64(dy)
    kh, kw, c, f = w.shape
    sh, sw = stride
    n, h, wd, _ = x.shape
    pt, pb, pl, pr, oh, ow = _geometry(x, (kh, kw), stride, padding)
    xp = _pad(x, pt, pb, pl, pr)
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(oh):
        for j in range(ow):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            dw += np.tensordot(xp[:, rows, cols, :], dy[:, i, j, :], axes=([0], [0]))
            dxp[:, rows, cols, :] += np.tensordot(dy[:, i, j, :], w, axes=([1], [3]))
    return dxp[:, pt : pt + h, pl : pl + wd, :], dw, dy.sum(axis=(0, 1, 2))


def maxpool2d(x, k, stride, padding="valid"):
    """Window max; padding is -inf so it never wins. Returns (y, argmax flat index per sample)."""
    (kh, kw), (sh, sw) = k, stride
    n, h, w, c = x.shape
    pt, pb, pl, pr, oh, ow = _geometry(x, k, stride, padding)
    xp = _pad(x, pt, pb, pl, pr, -np.inf)
    y = np.zeros((n, oh, ow, c))
    arg = np.zeros((n, oh, ow, c), np.int64)
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for ch in range(c):
                    win = xp[b, i * sh : i * sh + kh, j * sw : j * sw + kw, ch]
                    u, v = np.unravel_index(np.argmax(win), win.shape)  # first max wins
                    y[b, i, j, ch] = win[u, v]
                    yy, xx = i * sh + u - pt, j * sw + v - pl
                    arg[b, i, j, ch] = (yy * w + xx) * c + ch
    return y, arg


def maxpool2d_backward(x, dy, k, stride, padding="valid"):
    _, arg = maxpool2d(x, k, stride, padding)
    dy = f64(dy)
    n = x.shape[0]
    dx = np.zeros((n, int(np.prod(x.shape[1:]))))
    for b in range(n):
        np.add.at(dx[b], arg[b].ravel(), dy[b].ravel())
    return dx.reshape(x.shape)


def avgpool2d(x, k, stride, padding="valid"):
    """Window mean; padded cells count as zeros (divisor kh*kw, PyTorch count_include_pad)."""
    (kh, kw), (sh, sw) = k, stride
    pt, pb, pl, pr, oh, ow = _geometry(x, k, stride, padding)
    xp = _pad(x, pt, pb, pl, pr)
    y = np.zeros((x.shape[0], oh, ow, x.shape[3]))
    for i in range(oh):
        for j in range(ow):
            y[:, i, j, :] = xp[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :].mean(axis=(1, 2))
    return y


def avgpool2d_backward(x, dy, k, stride, padding="valid"):
    (kh, kw), (sh, sw) = k, stride
    n, h, w, c = x.shape
    pt, pb, pl, pr, oh, ow = _geometry(x, k, stride, padding)
    dxp = np.zeros((n, h + pt + pb, w + pl + pr, c))
    for i in range(oh):
        for j in range(ow):
            dxp[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :] += f64(dy)[
                :, i, j, None, None, :
            ] / (kh * kw)
    return dxp[:, pt : pt + h, pl : pl + w, :]


# ---- activations -------------------------------------------------------------------------------
def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for any z


def activation(fn: str, z, alpha: float | None = None, beta: float = 1.0):
    z = f64(z)
    a = DEFAULT_ALPHA.get(fn, 0.0) if alpha is None else alpha
    if fn == "identity":
        return z
    if fn == "step":
        return (z > 0).astype(np.float64)
    if fn == "sigmoid":
        return _sigmoid(z)
    if fn == "tanh":
        return np.tanh(z)
    if fn == "relu":
        return np.maximum(z, 0.0)
    if fn == "leaky_relu":
        return np.where(z > 0, z, a * z)
    if fn == "elu":
        return np.where(z > 0, z, a * np.expm1(np.minimum(z, 0)))
    if fn == "selu":
        return SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0)))
    if fn in ("silu", "swish"):
        return z * _sigmoid(beta * z)
    if fn == "gelu":
        return 0.5 * z * (1.0 + erf(z / math.sqrt(2.0)))
    if fn == "gelu_tanh":
        return 0.5 * z * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z**3)))
    if fn == "softplus":
        return np.logaddexp(0.0, z)
    if fn == "softmax":
        return softmax(z)
    raise ValueError(fn)


def activation_derivative(fn: str, z, alpha: float | None = None, beta: float = 1.0):
    """f'(z), written out from calculus; 'step' is straight-through (1)."""
    z = f64(z)
    a = DEFAULT_ALPHA.get(fn, 0.0) if alpha is None else alpha
    if fn in ("identity", "step"):
        return np.ones_like(z)
    if fn == "sigmoid":
        s = _sigmoid(z)
        return s * (1 - s)
    if fn == "tanh":
        return 1.0 / np.cosh(z) ** 2
    if fn == "relu":
        return (z > 0).astype(np.float64)
    if fn == "leaky_relu":
        return np.where(z > 0, 1.0, a)
    if fn == "elu":
        return np.where(z > 0, 1.0, a * np.exp(np.minimum(z, 0)))
    if fn == "selu":
        return SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0)))
    if fn in ("silu", "swish"):
        s = _sigmoid(beta * z)
        return s + beta * z * s * (1 - s)
    if fn == "gelu":
        return 0.5 * (1 + erf(z / math.sqrt(2))) + z * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    if fn == "gelu_tanh":
        c = math.sqrt(2.0 / math.pi)
        t = np.tanh(c * (z + 0.044715 * z**3))
        return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * 0.044715 * z * z)
    if fn == "softplus":
        return _sigmoid(z)
    raise ValueError(fn)


def softmax(z):
    z = f64(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_backward(y, dy):
    """dx_i = sum_j dy_j * dy_j/dx_i with the Jacobian diag(y) - y y^T."""
    y, dy = f64(y), f64(dy)
    dx = np.zeros_like(y)
    for r in range(y.shape[0]):
        jac = np.diag(y[r]) - np.outer(y[r], y[r])
        dx[r] = jac.T @ dy[r]
    return dx


def prelu(x, alpha):
    x = f64(x)
    return np.where(x > 0, x, f64(alpha) * x)


def prelu_backward(x, alpha, dy):
    """(dx, dalpha); x, dy (rows, c)."""
    x, dy = f64(x), f64(dy)
    neg = x <= 0
    return np.where(neg, f64(alpha) * dy, dy), (np.where(neg, x, 0.0) * dy).sum(axis=0)


# ---- normalisation -----------------------------------------------------------------------------
def batchnorm_train(x, gamma, beta, eps, momentum, run_mean, run_var):
    """(y, new running mean, new running var) with PyTorch momentum and unbiased running var."""
    x = f64(x)
    m = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    y = f64(gamma) * (x - mean) / np.sqrt(var + eps) + f64(beta)
    new_mean = (1 - momentum) * f64(run_mean) + momentum * mean
    new_var = (1 - momentum) * f64(run_var) + momentum * var * m / max(m - 1, 1)
    return y, new_mean, new_var


def batchnorm_eval(x, gamma, beta, eps, run_mean, run_var):
    return f64(gamma) * (f64(x) - f64(run_mean)) / np.sqrt(f64(run_var) + eps) + f64(beta)


def batchnorm_train_backward(x, gamma, eps, dy):
    """(dx, dgamma, dbeta) through the batch statistics, derived term by term."""
    x, dy, gamma = f64(x), f64(dy), f64(gamma)
    m = x.shape[0]
    mu, var = x.mean(axis=0), x.var(axis=0)
    std = np.sqrt(var + eps)
    xhat = (x - mu) / std
    dxhat = dy * gamma
    dvar = (dxhat * (x - mu)).sum(axis=0) * -0.5 * std**-3
    dmu = -(dxhat / std).sum(axis=0) + dvar * (-2 * (x - mu)).mean(axis=0)
    dx = dxhat / std + dvar * 2 * (x - mu) / m + dmu / m
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)


def layernorm(x, gamma, beta, eps):
    x = f64(x)
    mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    return f64(gamma) * (x - mean) / np.sqrt(var + eps) + f64(beta)


def layernorm_backward(x, gamma, eps, dy):
    """(dx, dgamma, dbeta) for rows of x (rows, k): batchnorm's maths on the transpose."""
    x, dy = f64(x), f64(dy)
    dxt, _, _ = batchnorm_train_backward(x.T, np.ones(x.shape[0]), eps, (dy * f64(gamma)).T)
    xhat = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
    return dxt.T, (dy * xhat).sum(axis=0), dy.sum(axis=0)


# ---- losses: each returns (mean loss, d loss / d input) ----------------------------------------
def one_hot(labels, k: int):
    out = np.zeros((len(labels), k))
    out[np.arange(len(labels)), np.asarray(labels)] = 1.0
    return out


def targets(y, k: int):
    """Float targets (n, k): int labels become one-hot (k > 1) or a column (k == 1)."""
    y = np.asarray(y)
    if np.issubdtype(y.dtype, np.integer) and y.ndim == 1:
        return one_hot(y, k) if k > 1 else f64(y)[:, None]
    return f64(y).reshape(len(y), k)


def softmax_cross_entropy(z, t):
    """Logits z (n, k), targets t (n, k): -mean_n sum_k t log softmax(z)."""
    z, t = f64(z), f64(t)
    logp = z - z.max(axis=1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
    n = len(z)
    return float(-(t * logp).sum() / n), (np.exp(logp) - t) / n


def cross_entropy_of_probs(p, t):
    p, t = f64(p), f64(t)
    return float(-(t * np.log(p)).sum() / len(p)), -t / p / len(p)


def binary_cross_entropy(p, t):
    """Probabilities p (n, k): -mean over elements of t ln p + (1 - t) ln(1 - p)."""
    p, t = f64(p), f64(t)
    loss = -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean()
    return float(loss), (p - t) / (p * (1 - p)) / p.size


def binary_cross_entropy_with_logits(z, t):
    z, t = f64(z), f64(t)
    return float((np.logaddexp(0, z) - z * t).mean()), (_sigmoid(z) - t) / z.size


def mse(y, t):
    y, t = f64(y), f64(t)
    return float(((y - t) ** 2).mean()), 2 * (y - t) / y.size


def perceptron(y, t):
    """0.5 * sum over outputs of (y - t)^2, mean over the batch."""
    y, t = f64(y), f64(t)
    return float(0.5 * ((y - t) ** 2).sum() / len(y)), (y - t) / len(y)


def hinge(z, labels):
    """Binary (k == 1, labels 0/1 -> -1/+1): max(0, 1 - t z). Multi-class (Weston-Watkins,
    not divided by k): sum_{j != y} max(0, z_j - z_y + 1). Both averaged over the batch."""
    z = f64(z)
    n, k = z.shape
    dz = np.zeros_like(z)
    total = 0.0
    for r, label in enumerate(np.asarray(labels)):
        if k == 1:
            t = 1.0 if label == 1 else -1.0
            if 1 - t * z[r, 0] > 0:
                total += 1 - t * z[r, 0]
                dz[r, 0] = -t / n
            continue
        for j in range(k):
            margin = z[r, j] - z[r, label] + 1
            if j != label and margin > 0:
                total += margin
                dz[r, j] += 1 / n
                dz[r, label] -= 1 / n
    return total / n, dz


# ---- optimizers --------------------------------------------------------------------------------
OPTIMIZER_DEFAULTS = {
    "momentum": 0.0, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "rho": 0.9, "l2": 0.0,
    "l1": 0.0, "clip_norm": 0.0, "clip_value": 0.0, "weight_decay": 0.0,
}  # fmt: skip


def optimizer_step(kind, p, g, state, lr, t, mask=None, **hyper):
    """One update of p from g (PyTorch formulas). ``state`` is a dict the call updates.

    Order: clip by global norm, clip by value, add l2 * p (kernels only), the optimizer's rule
    (AdamW first shrinks kernels by 1 - lr * weight_decay), then the L1 soft-threshold.
    """
    h = {**OPTIMIZER_DEFAULTS, **hyper}
    p, g = f64(p).copy(), f64(g)
    mask = np.ones_like(p) if mask is None else f64(mask)
    if h["clip_norm"] > 0:
        g = g * min(1.0, h["clip_norm"] / (np.linalg.norm(g) + 1e-6))
    if h["clip_value"] > 0:
        g = np.clip(g, -h["clip_value"], h["clip_value"])
    g = g + h["l2"] * mask * p
    zeros = np.zeros_like(p)
    mu, eps, rho = h["momentum"], h["eps"], h["rho"]
    if kind == "sgd":
        p -= lr * g
    elif kind in ("momentum", "nesterov"):
        buf = mu * state.get("buf", zeros) + g
        state["buf"] = buf
        p -= lr * (g + mu * buf if kind == "nesterov" else buf)
    elif kind == "adagrad":
        state["sum"] = state.get("sum", zeros) + g * g
        p -= lr * g / (np.sqrt(state["sum"]) + eps)
    elif kind == "adadelta":
        sq = rho * state.get("sq", zeros) + (1 - rho) * g * g
        delta = np.sqrt(state.get("acc", zeros) + eps) / np.sqrt(sq + eps) * g
        state["sq"], state["acc"] = sq, rho * state.get("acc", zeros) + (1 - rho) * delta**2
        p -= lr * delta
    elif kind == "rmsprop":
        state["sq"] = rho * state.get("sq", zeros) + (1 - rho) * g * g
        p -= lr * g / (np.sqrt(state["sq"]) + eps)
    elif kind in ("adam", "adamw"):
        if kind == "adamw":
            p *= 1 - lr * h["weight_decay"] * mask
        b1, b2 = h["beta1"], h["beta2"]
        state["m"] = b1 * state.get("m", zeros) + (1 - b1) * g
        state["v"] = b2 * state.get("v", zeros) + (1 - b2) * g * g
        m_hat, v_hat = state["m"] / (1 - b1**t), state["v"] / (1 - b2**t)
        p -= lr * m_hat / (np.sqrt(v_hat) + eps)
    else:
        raise ValueError(kind)
    if h["l1"] > 0:
        thr = lr * h["l1"] * mask
        p = np.where(mask > 0, np.sign(p) * np.maximum(np.abs(p) - thr, 0.0), p)
    return p


# ---- dropout's generator -----------------------------------------------------------------------
def xorshift_uniforms(state: int, count: int) -> tuple[list[float], int]:
    """xorshift64* draws in [0, 1) (top 24 bits), as Python ints; returns (draws, new state)."""
    mask64 = (1 << 64) - 1
    out = []
    for _ in range(count):
        state ^= state >> 12
        state ^= (state << 25) & mask64
        state ^= state >> 27
        out.append(((state * 0x2545F4914F6CDD1D) & mask64) >> 40)
    return [v / 16777216.0 for v in out], state

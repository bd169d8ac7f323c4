"""PyTorch source for a network spec (an nn.Sequential taking NCHW images); see export_code."""

from __future__ import annotations

import math
from string import Template

from layerlab.engine.losses import loss_info
from layerlab.engine.optimizers import parse_optimizer
from layerlab.engine.spec import NetworkSpec
from layerlab.export_code import (
    Emitted,
    ExportLayer,
    activation_of,
    docstring,
    export_layers,
    init_of,
    q,
    schedule_code,
    window_of,
)

_TORCH_SCHEDULE = '''def make_scheduler(optimizer, steps_per_epoch):
    """Call scheduler.step() after each train_step: LayerLab sets the rate at every step."""
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: learning_rate(step / steps_per_epoch) / BASE_LR
    )
'''


# fmt: off
_TORCH_ACT = {
    "relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "selu": "nn.SELU()",
    "softplus": "nn.Softplus()", "gelu": "nn.GELU()", "gelu_tanh": 'nn.GELU(approximate="tanh")',
    "leaky_relu": "nn.LeakyReLU(negative_slope={alpha!r})", "elu": "nn.ELU(alpha={alpha!r})",
    "softmax": "nn.Softmax(dim={dim})", "step": "Step()",
    "silu": "Swish(beta={beta!r})", "swish": "Swish(beta={beta!r})",
}
_TORCH_OPT = {"sgd": "SGD", "momentum": "SGD", "nesterov": "SGD", "adagrad": "Adagrad",
              "adadelta": "Adadelta", "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW"}
_TORCH_LOSS = {
    "softmax_cross_entropy": "return F.cross_entropy(output, target)",
    "softmax_after_softmax": "# The model ends in softmax; LayerLab takes this loss from the "
    "logits (same value).\n    return F.nll_loss(torch.log(output.clamp_min(1e-12)), target)",
    "binary_cross_entropy": "# LayerLab clips probabilities to [1e-7, 1 - 1e-7].\n    return "
    "F.binary_cross_entropy(output.clamp(1e-7, 1 - 1e-7), as_targets(target, output))",
    "mse": "return F.mse_loss(output, as_targets(target, output))",
    "perceptron": "# the perceptron criterion: half the summed squared error per sample\n"
    "    return 0.5 * (output - as_targets(target, output)).pow(2).sum(1).mean()",
    "hinge": "t = 2 * as_targets(target, output) - 1  # labels 0/1 -> -1/+1\n"
    "    return torch.clamp(1 - t * output, min=0).mean()",
    "multi_hinge": "# PyTorch divides the summed margins by the class count; LayerLab does not.\n"
    "    return F.multi_margin_loss(output, target) * output.shape[1]",
}
# fmt: on
_TORCH_HELPERS = {
    "Step": '''class Step(nn.Module):
    """1 where x > 0, else 0 (PyTorch has no step). As in LayerLab its gradient is taken as 1
    (straight through), so the perceptron rule w += lr (t - y) x comes out."""

    def forward(self, x):
        return x + ((x > 0).to(x.dtype) - x).detach()''',
    "Swish": '''class Swish(nn.Module):
    """x * sigmoid(beta * x); nn.SiLU is beta = 1."""

    def __init__(self, beta):
        super().__init__()
        self.beta = beta

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)''',
    "Reshape": '''class Reshape(nn.Module):
    """LayerLab's Flatten/Reshape: values in (height, width, channel) order; images are NCHW."""

    def __init__(self, shape, image_in, image_out):
        super().__init__()
        self.shape, self.image_in, self.image_out = tuple(shape), image_in, image_out

    def forward(self, x):
        x = x.permute(0, 2, 3, 1) if self.image_in else x
        x = x.reshape(x.shape[0], *self.shape)
        return x.permute(0, 3, 1, 2) if self.image_out else x''',
    "LastAxis": '''class LastAxis(nn.Module):
    """Applies a per-feature module over LayerLab's last axis (an NCHW image's channels)."""

    def __init__(self, module, image):
        super().__init__()
        self.module, self.image = module, image

    def forward(self, x):
        if self.image:
            return self.module(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        return self.module(x.reshape(-1, x.shape[-1])).reshape(x.shape)''',
    "init_layer": '''def init_layer(layer, scheme):
    """LayerLab's initialiser ``scheme`` for the layer's weight; its bias starts at zero."""
    name, _, arg = scheme.partition(":")
    w, init = layer.weight, nn.init
    if name in ("zeros", "ones", "constant"):
        init.constant_(w, {"zeros": 0.0, "ones": 1.0}.get(name, float(arg or 0.0)))
    elif name == "normal":
        init.normal_(w, 0.0, float(arg or 0.01))
    elif name == "uniform":
        init.uniform_(w, -float(arg or 0.05), float(arg or 0.05))
    elif name.startswith("glorot"):
        (init.xavier_normal_ if name.endswith("normal") else init.xavier_uniform_)(w)
    else:  # he_*: gain sqrt(2), lecun_*: gain 1, both over fan_in
        draw = init.kaiming_normal_ if name.endswith("normal") else init.kaiming_uniform_
        draw(w, nonlinearity="relu" if name.startswith("he") else "linear")
    if layer.bias is not None:
        init.zeros_(layer.bias)''',
    "as_targets": '''def as_targets(target, output):
    """Targets as LayerLab reads them: floats as given, labels as 0/1 (one output) or one-hot."""
    if target.is_floating_point():
        return target.reshape(output.shape)
    if output.shape[1] == 1:
        return target.reshape(-1, 1).to(output.dtype)
    return F.one_hot(target.long(), output.shape[1]).to(output.dtype)''',
    "kernel_weights": '''def kernel_weights(model):
    """The weights LayerLab decays (L1/L2): those of Linear and Conv2d layers, not biases."""
    return [m.weight for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]''',
}


def _torch_act(la: ExportLayer, em: Emitted) -> str | None:
    fn, alpha, beta = activation_of(la)
    if fn in ("silu", "swish") and beta == 1.0:
        return "nn.SiLU()"
    if fn in ("step", "silu", "swish"):
        em.need("Step" if fn == "step" else "Swish")
    expr = _TORCH_ACT.get(fn)
    return expr.format(alpha=alpha, beta=beta, dim=1 if len(la.y) == 3 else -1) if expr else None


def _torch_pad(la: ExportLayer, fill: str = "") -> tuple[list[tuple[str, str]], tuple[int, int]]:
    """An explicit pad module and the layer's own padding (PyTorch pads both sides equally)."""
    k, _, (t, b, lf, r) = window_of(la)
    if t == b and lf == r and (la.kind == "Conv2D" or (2 * t <= k[0] and 2 * lf <= k[1])):
        return [], (t, lf)  # PyTorch pads max pools with -inf, averages count zeros: as LayerLab
    pad = f'nn.ConstantPad2d(({lf}, {r}, {t}, {b}), float("-inf"))' if fill else None
    return [(f"{la.name}_pad", pad or f"nn.ZeroPad2d(({lf}, {r}, {t}, {b}))")], (0, 0)


def _torch_layer(la: ExportLayer, em: Emitted) -> list[tuple[str, str]]:
    """(module name, constructor) pairs for one layer; adds its weight-map lines."""
    image, key, p = len(la.x) == 3, f"layers.{la.name}", la.p
    mods: list[tuple[str, str]] = []
    if la.kind == "Dense":
        mods = [(la.name, f"nn.Linear({la.x[0]}, {p['units']}, bias={p['use_bias']})")]
    elif la.kind == "Conv2D":
        k, s, _ = window_of(la)
        mods, pad = _torch_pad(la)
        args = f"kernel_size={k}, stride={s}, padding={pad}, bias={p['use_bias']}"
        mods.append((la.name, f"nn.Conv2d({la.x[2]}, {p['filters']}, {args})"))
    elif la.kind in ("MaxPool2D", "AvgPool2D"):
        k, s, _ = window_of(la)
        mods, pad = _torch_pad(la, "-inf" if la.kind == "MaxPool2D" else "")
        cls = "MaxPool2d" if la.kind == "MaxPool2D" else "AvgPool2d"
        mods.append((la.name, f"nn.{cls}(kernel_size={k}, stride={s}, padding={pad})"))
    elif la.kind == "Flatten" and not image:
        mods = [(la.name, "nn.Flatten()")]
    elif la.kind in ("Flatten", "Reshape"):
        em.need("Reshape")
        mods = [(la.name, f"Reshape({la.y}, image_in={image}, image_out={len(la.y) == 3})")]
    elif la.kind == "Dropout":
        mods = [(la.name, f"nn.Dropout(p={p['rate']!r})")]
    elif la.kind in ("BatchNorm", "LayerNorm", "PReLU"):
        c, eps = la.x[-1], p.get("eps")
        expr = {
            "BatchNorm": f"nn.BatchNorm{2 if image else 1}d({c}, eps={eps!r}, momentum="
            f"{p.get('momentum')!r})",
            "LayerNorm": f"nn.LayerNorm({c}, eps={eps!r})",
            "PReLU": f"nn.PReLU(num_parameters={c}, init={p.get('alpha_init')!r})",
        }[la.kind]
        per_row = la.kind != "LayerNorm" and len(la.x) not in (1, 3)  # BatchNorm1d/PReLU: dim 1
        if per_row or (la.kind == "LayerNorm" and image):
            expr, key = f"{em.need('LastAxis')}({expr}, image={image})", f"{key}.module"
        mods = [(la.name, expr)]
    act = _torch_act(la, em)
    if act or not mods:
        mods.append((f"{la.name}_act" if mods else la.name, act or "nn.Identity()"))
    rename = {"gamma": "weight", "beta": "bias", "alpha": "weight"}
    for w in la.weights:
        part = w.rsplit(".", 1)[1]
        change = ("dense" if la.kind == "Dense" else "conv") if part == "weight" else ""
        em.weights.append(f"    {q(w)}: ({q(key + '.' + rename.get(part, part))}, {q(change)}),")
    return mods


def _torch_loss(spec: NetworkSpec, layers: list[ExportLayer], em: Emitted) -> str:
    loss, fn = loss_info(spec.loss).name, activation_of(layers[-1])[0]
    if loss == "softmax_cross_entropy" and fn == "softmax":
        loss = "softmax_after_softmax"
    elif loss == "hinge" and math.prod(layers[-1].y) > 1:
        loss = "multi_hinge"
    if "as_targets" in _TORCH_LOSS[loss]:
        em.need("as_targets")
    return _TORCH_LOSS[loss]


def _torch_optimizer(spec: NetworkSpec, em: Emitted) -> tuple[str, str]:
    """Bodies of make_optimizer and of the middle of train_step."""
    cfg = parse_optimizer(spec.optimizer)
    st, kind = cfg.settings, cfg.kind
    decay = st.get("weight_decay", 0.0) if kind == "adamw" else st["l2"]
    args = [f"lr={st['lr']!r}"]
    args += [f"momentum={st['momentum']!r}"] if "momentum" in st else []
    args += ["nesterov=True"] if kind == "nesterov" else []
    args += [f"betas=({st['beta1']!r}, {st['beta2']!r})"] if "beta1" in st else []
    args += [f"{'alpha' if kind == 'rmsprop' else 'rho'}={st['rho']!r}"] if "rho" in st else []
    args += [f"eps={st['eps']!r}"] if "eps" in st else []
    args += ["weight_decay=0.0"] if kind == "adamw" and not decay else []
    opt, params = "", "model.parameters()"
    if decay:
        why = "AdamW's decay is decoupled" if kind == "adamw" else "weight_decay is LayerLab's l2"
        opt = (
            f"    # Only kernels decay, as in LayerLab; {why}.\n"
            f"    kernels = {em.need('kernel_weights')}(model)\n"
            "    rest = [p for p in model.parameters() if all(p is not w for w in kernels)]\n"
            f'    params = [{{"params": kernels, "weight_decay": {decay!r}}}, '
            '{"params": rest, "weight_decay": 0.0}]\n'
        )
        params = "params"
    opt += f"    return torch.optim.{_TORCH_OPT[kind]}({params}, {', '.join(args)})"
    step = "    loss.backward()\n"
    if kind == "adamw" and st["l2"]:
        step = (
            "    # LayerLab adds l2 * w to the clipped gradient; here it is a loss penalty.\n"
            f"    penalty = sum(w.pow(2).sum() for w in {em.need('kernel_weights')}(model))\n"
            f"    (loss + {st['l2'] / 2!r} * penalty).backward()\n"
        )
    if st["clip_norm"]:
        step += f"    torch.nn.utils.clip_grad_norm_(model.parameters(), {st['clip_norm']!r})\n"
    if st["clip_value"]:
        step += f"    torch.nn.utils.clip_grad_value_(model.parameters(), {st['clip_value']!r})\n"
    step += "    optimizer.step()\n"
    if st["l1"]:
        step += (
            "    with torch.no_grad():  # LayerLab's L1 is a proximal step: it makes exact zeros\n"
            f'        shrink = optimizer.param_groups[0]["lr"] * {st["l1"]!r}\n'
            f"        for w in {em.need('kernel_weights')}(model):\n"
            "            w.copy_(torch.sign(w) * torch.clamp(w.abs() - shrink, min=0))\n"
        )
    return opt, step


_TORCH_FILE = Template('''$doc

import io
${math}import zipfile
from collections import OrderedDict

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

INPUT_SHAPE = $input_shape  # one sample$channels
BATCH_SIZE = $batch_size
SEED = $seed
$helpers

class Network(nn.Module):
    """$count LayerLab layers; the module names are the layer ids."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(OrderedDict([
$modules
        ]))
$inits
    def forward(self, x):
        return self.layers(x)


def loss_fn(output, target):
    """$loss, as LayerLab computes it."""
    output = output.flatten(1)
    $loss_body


def make_optimizer(model):
    """$optimizer with the settings of the LayerLab spec."""
$optimizer_body


def train_step(model, optimizer, x, y):
    """One step as LayerLab takes it: forward, loss, backward, clipping, update."""
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
${step_body}    return loss.item()
$schedule

WEIGHTS = {  # LayerLab name: (PyTorch state_dict key, layout change)
$weights
}


def load_layerlab_weights(model, path):
    """Copy weights saved by LayerLab (a weights .npz or a .layerlab project) into ``model``."""
    if str(path).endswith(".layerlab"):
        with zipfile.ZipFile(path) as zf:
            path = io.BytesIO(zf.read("weights.npz"))
    state = model.state_dict()
    with np.load(path, allow_pickle=False) as f:
        for name, (key, change) in WEIGHTS.items():
            value = torch.from_numpy(f[name])
            if change == "dense":  # LayerLab (in, out) -> PyTorch (out, in)
                value = value.T
            elif change == "conv":  # LayerLab (kh, kw, c_in, f) -> PyTorch (f, c_in, kh, kw)
                value = value.permute(3, 2, 0, 1)
            if value.shape != state[key].shape:
                raise ValueError(f"{name}: shape {tuple(value.shape)} does not fit {key}")
            state[key].copy_(value)


if __name__ == "__main__":
    torch.manual_seed(SEED)
    model = Network()
    print(model)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    running = sum(b.numel() for n, b in model.named_buffers() if "running" in n)
    print(f"trainable parameters: {trainable:,}")
    print(f"non-trainable parameters: {running:,}")
    x = torch.rand(max(BATCH_SIZE, 2), *INPUT_SHAPE)
    y = torch.randint(0, $classes, (len(x),))
    model.eval()
    print("output shape:", tuple(model(x).shape))
    print("loss after one training step:", train_step(model, make_optimizer(model), x, y))
''')


def pytorch_source(spec: NetworkSpec) -> str:
    """Runnable PyTorch source for ``spec``: model, loss, optimizer, weight loader, a demo."""
    layers, em = export_layers(spec), Emitted()
    mods = [m for la in layers for m in _torch_layer(la, em)]
    inits = [
        f"        {em.need('init_layer')}(self.layers.{la.name}, {q(init_of(spec, la))})\n"
        for la in layers
        if la.kind in ("Dense", "Conv2D") and init_of(spec, la) != "torch_default"
    ]
    loss_body = _torch_loss(spec, layers, em)
    optimizer_body, step_body = _torch_optimizer(spec, em)
    schedule = schedule_code(spec)
    if schedule:
        schedule += _TORCH_SCHEDULE.replace("BASE_LR", repr(parse_optimizer(spec.optimizer).lr))
    x, image = spec.input_shape, len(spec.input_shape) == 3
    shape = (x[2], x[0], x[1]) if image else tuple(x)
    notes = f"Input: a batch of shape (N, {', '.join(map(str, shape))})." + (
        " Images are channels-first (NCHW) here while LayerLab stores them NHWC; Flatten and"
        " Reshape keep LayerLab's (height, width, channel) order." * image
    )
    notes += " Weights trained in LayerLab load with load_layerlab_weights(model, path)."
    return _TORCH_FILE.substitute(
        doc=docstring(spec, "PyTorch", notes),
        math="import math\n" if schedule else "",
        input_shape=shape,
        channels=", channels first" if image else "",
        batch_size=spec.batch_size,
        seed=spec.seed,
        helpers="".join(f"\n\n{_TORCH_HELPERS[h]}\n" for h in em.helpers),
        count=len(layers),
        modules="\n".join(f"            ({q(n)}, {e})," for n, e in mods),
        inits="".join(inits),
        loss=loss_info(spec.loss).name,
        loss_body=loss_body,
        optimizer=parse_optimizer(spec.optimizer).kind,
        optimizer_body=optimizer_body,
        step_body=step_body,
        schedule=schedule,
        weights="\n".join(em.weights),
        classes=max(math.prod(layers[-1].y), 2),
    )

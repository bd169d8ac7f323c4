"""Keras source for a network spec (tf.keras, channels-last like LayerLab); see export_code."""

from __future__ import annotations

import json
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

_HELPERS = {
    "step": '''def step(x):
    """1 where x > 0, else 0 (Keras has no step); gradient 1 (straight through), as LayerLab."""
    return x + tf.stop_gradient(tf.cast(x > 0, x.dtype) - x)''',
    "swish": '''def swish(beta):
    """x * sigmoid(beta * x); Keras's "swish" is beta = 1."""
    return lambda x: x * tf.sigmoid(beta * x)''',
    "gelu_tanh": '''def gelu_tanh(x):
    """GELU with the tanh approximation."""
    return tf.keras.activations.gelu(x, approximate=True)''',
    "targets": '''def targets(y_true, y_pred):
    """Targets as LayerLab reads them: floats as given, labels as 0/1 (one output) or one-hot."""
    k = y_pred.shape[-1]
    if k == 1 or (len(y_true.shape) == 2 and y_true.shape[-1] == k):
        return tf.reshape(tf.cast(y_true, y_pred.dtype), tf.shape(y_pred))
    return tf.one_hot(tf.cast(tf.reshape(y_true, [-1]), tf.int32), k, dtype=y_pred.dtype)''',
}
_NAMED = ("relu", "sigmoid", "tanh", "selu", "softplus", "softmax", "gelu")
_INIT = "tf.keras.initializers."
# fmt: off
_LOSS = {
    "binary_cross_entropy": "# Both clip probabilities to [1e-7, 1 - 1e-7].\n    return "
    "tf.keras.losses.binary_crossentropy(targets(y_true, y_pred), y_pred)",
    "mse": "return tf.reduce_mean(tf.square(y_pred - targets(y_true, y_pred)), axis=-1)",
    "perceptron": "# the perceptron criterion: half the summed squared error per sample\n    "
    "return 0.5 * tf.reduce_sum(tf.square(y_pred - targets(y_true, y_pred)), axis=-1)",
    "hinge": "return tf.keras.losses.hinge(targets(y_true, y_pred), y_pred)  # 0/1 -> -1/+1",
    "multi_hinge": "t = targets(y_true, y_pred)  # LayerLab sums the margins of wrong classes\n"
    "    correct = tf.reduce_sum(t * y_pred, axis=-1, keepdims=True)\n"
    "    return tf.reduce_sum(tf.nn.relu(y_pred - correct + 1.0) * (1.0 - t), axis=-1)",
}
_OPT = {"sgd": ("SGD", ()), "momentum": ("SGD", ("momentum",)),
        "nesterov": ("SGD", ("momentum",)), "adagrad": ("Adagrad", ("eps",)),
        "adadelta": ("Adadelta", ("rho", "eps")), "rmsprop": ("RMSprop", ("rho", "eps")),
        "adam": ("Adam", ("beta1", "beta2", "eps")),
        "adamw": ("AdamW", ("weight_decay", "beta1", "beta2", "eps"))}
_VELOCITY = "Keras keeps v = m v - lr g, LayerLab v = m v + g: the same at a constant lr."
_BIAS_FIX = "Keras folds the bias corrections into the rate, so epsilon acts a little differently."
_NOTES = {"momentum": _VELOCITY, "nesterov": _VELOCITY, "adam": _BIAS_FIX, "adamw": _BIAS_FIX,
          "rmsprop": "Keras adds epsilon inside the square root, LayerLab outside.",
          "adagrad": "Keras adds epsilon inside the square root, LayerLab outside."}
# fmt: on


def _fn(fn: str, beta: float, em: Emitted) -> str | None:
    """An activation= argument for ``fn``; None when it needs a layer of its own."""
    if fn in _NAMED or fn == "identity":
        return q("linear" if fn == "identity" else fn)
    if fn in ("silu", "swish"):
        return q("swish") if beta == 1.0 else f"{em.need('swish')}({beta!r})"
    return em.need(fn) if fn in ("step", "gelu_tanh") else None


def _act_layer(la: ExportLayer, em: Emitted) -> str:
    fn, alpha, beta = activation_of(la)
    if fn == "softmax":
        return "layers.Softmax(axis=-1"
    arg = _fn(fn, beta, em)
    return f"layers.Activation({arg}" if arg else f"layers.{_ALPHA_LAYER[fn]}({alpha!r}"


_ALPHA_LAYER = {"leaky_relu": "LeakyReLU", "elu": "ELU"}  # Keras's defaults differ from these


def _init(scheme: str) -> str:
    name, _, arg = scheme.partition(":")
    a = float(arg) if arg else {"normal": 0.01, "uniform": 0.05}.get(name, 0.0)
    return {
        "constant": f"{_INIT}Constant({a!r})",
        "normal": f"{_INIT}RandomNormal(stddev={a!r})",
        "uniform": f"{_INIT}RandomUniform({-a!r}, {a!r})",
        "torch_default": f'{_INIT}VarianceScaling(1 / 3, "fan_in", "uniform")',
    }.get(name, q(name))


def _weighted(spec: NetworkSpec, la: ExportLayer, em: Emitted, reg: bool) -> list[str]:
    """Dense or Conv2D (with a ZeroPadding2D before, an activation layer after, if needed)."""
    p, out = la.p, []
    args = [str(p["units"] if la.kind == "Dense" else p["filters"])]
    fan_in = la.x[0]
    if la.kind == "Conv2D":
        k, s, (t, b, lf, r) = window_of(la)
        if p["padding"] not in ("same", "valid") and t:
            out.append(
                f"layers.ZeroPadding2D((({t}, {b}), ({lf}, {r})), name={q(la.name + '_pad')})"
            )
        padding = "same" if p["padding"] == "same" else "valid"
        args += [f"kernel_size={k}", f"strides={s}", f"padding={q(padding)}"]
        fan_in = math.prod(k) * la.x[2]
    fn, _, beta = activation_of(la)
    act = _fn(fn, beta, em) if fn != "identity" else None
    args += [f"activation={act}"] if act else []
    args += [] if p["use_bias"] else ["use_bias=False"]
    args.append(f"kernel_initializer={_init(init_of(spec, la))}")
    if init_of(spec, la) == "torch_default" and p["use_bias"]:
        bound = 1 / math.sqrt(fan_in)
        args.append(f"bias_initializer={_INIT}RandomUniform({-bound!r}, {bound!r})")
    args += ["kernel_regularizer=REGULARIZER"] if reg else []
    out.append(f"layers.{la.kind}({', '.join(args)}, name={q(la.name)})")
    if fn != "identity" and act is None:
        out.append(f"{_act_layer(la, em)}, name={q(la.name + '_act')})")
    return out


def _pool(la: ExportLayer) -> list[str]:
    k, s, (t, b, lf, r) = window_of(la)
    cls = "MaxPooling2D" if la.kind == "MaxPool2D" else "AveragePooling2D"
    pad, out, name = la.p["padding"], [], q(la.name + "_pad")
    if (pad == "same" and la.kind == "MaxPool2D") or not (t or b or lf or r):
        pad = "same" if pad == "same" else "valid"
    elif la.kind == "AvgPool2D":  # Keras's 'same' averages real pixels only; LayerLab counts zeros
        out.append(f"layers.ZeroPadding2D((({t}, {b}), ({lf}, {r})), name={name})")
        pad = "valid"
    else:  # padding never wins a max
        pads = f"[[0, 0], [{t}, {b}], [{lf}, {r}], [0, 0]]"
        fill = f'tf.pad(x, {pads}, constant_values=float("-inf"))'
        out.append(f"layers.Lambda(lambda x: {fill}, name={name})")
        pad = "valid"
    return [*out, f"layers.{cls}(pool_size={k}, strides={s}, padding={q(pad)}, name={q(la.name)})"]


def _layer(spec: NetworkSpec, la: ExportLayer, em: Emitted, reg: bool) -> list[str]:
    """Keras constructor calls for one layer; adds its weight-map line."""
    if la.weights:
        em.weights.append(f"    ({q(la.name)}, {json.dumps(la.weights)}),")
    if la.kind in ("Dense", "Conv2D"):
        return _weighted(spec, la, em, reg)
    if la.kind in ("MaxPool2D", "AvgPool2D"):
        return _pool(la)
    p = la.p
    keras_momentum = round(1.0 - p.get("momentum", 0.0), 12)  # Keras keeps 1 - PyTorch's
    expr = {
        "Flatten": "layers.Flatten(",
        "Reshape": f"layers.Reshape({la.y}",
        "Dropout": f"layers.Dropout({p.get('rate')!r}",
        "BatchNorm": f"layers.BatchNormalization(axis=-1, momentum={keras_momentum!r}, "
        f"epsilon={p.get('eps')!r}",
        "LayerNorm": f"layers.LayerNormalization(axis=-1, epsilon={p.get('eps')!r}",
        "PReLU": f"layers.PReLU(alpha_initializer={_INIT}Constant({p.get('alpha_init')!r})"
        + (f", shared_axes={list(range(1, len(la.x)))}" if len(la.x) > 1 else ""),
    }.get(la.kind) or _act_layer(la, em)
    return [f"{expr}{', ' if not expr.endswith('(') else ''}name={q(la.name)})"]


def _loss(spec: NetworkSpec, layers: list[ExportLayer], em: Emitted) -> str:
    loss = loss_info(spec.loss).name
    if loss == "softmax_cross_entropy":
        logits = activation_of(layers[-1])[0] != "softmax"
        return (
            "# For integer labels; give one-hot rows to CategoricalCrossentropy instead.\n"
            f"loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits={logits})"
        )
    if loss == "hinge" and math.prod(layers[-1].y) > 1:
        loss = "multi_hinge"
    em.need("targets")
    doc = f'    """{loss_info(spec.loss).name}, as LayerLab computes it."""'
    return f"def loss_fn(y_true, y_pred):\n{doc}\n    {_LOSS[loss]}"


def _optimizer(spec: NetworkSpec) -> tuple[str, str]:
    """The make_optimizer body, and the regularizer definition ('' when none)."""
    cfg = parse_optimizer(spec.optimizer)
    st, kind = cfg.settings, cfg.kind
    cls, keys = _OPT[kind]
    names = {"beta1": "beta_1", "beta2": "beta_2", "eps": "epsilon"}
    args = [f"learning_rate={st['lr']!r}"] + [f"{names.get(k, k)}={st[k]!r}" for k in keys]
    args += ["nesterov=True"] if kind == "nesterov" else []
    args += ["initial_accumulator_value=0.0"] if kind == "adagrad" else []  # Keras: 0.1
    args += [f"global_clipnorm={st['clip_norm']!r}"] if st["clip_norm"] else []
    args += [f"clipvalue={st['clip_value']!r}"] if st["clip_value"] else []
    body = f"    # {_NOTES[kind]}\n" if kind in _NOTES else ""
    body += f"    optimizer = tf.keras.optimizers.{cls}({', '.join(args)})\n"
    if kind == "adamw":  # LayerLab decays kernels only
        exclude = '["bias", "gamma", "beta", "alpha"]'
        body += f"    optimizer.exclude_from_weight_decay(var_names={exclude})\n"
    reg = ""
    if st["l1"] or st["l2"]:
        reg = (
            "\n# LayerLab's l2 adds l2 * w to the gradient of kernels (Keras's L2(a) adds 2a * w);"
            "\n# its l1 is a proximal step making exact zeros, Keras's L1 adds l1 * sign(w)."
            f"\nREGULARIZER = tf.keras.regularizers.L1L2(l1={st['l1']!r}, l2={st['l2'] / 2!r})"
        )
    return body + "    return optimizer", reg


_FILE = Template('''$doc

import io
${math}import zipfile

import numpy as np
import tensorflow as tf

layers = tf.keras.layers
INPUT_SHAPE = $input_shape  # one sample, channels last
BATCH_SIZE = $batch_size
SEED = $seed$regularizer
$helpers

$loss


def make_optimizer():
    """$optimizer with the settings of the LayerLab spec."""
$optimizer_body
$schedule

def build_model():
    """The network as a compiled tf.keras.Sequential; layer names are the LayerLab ids."""
    model = tf.keras.Sequential([
        tf.keras.Input(shape=INPUT_SHAPE),
$layers
    ])
    model.compile(optimizer=make_optimizer(), loss=loss_fn, metrics=["accuracy"])
    return model


WEIGHTS = [  # Keras layer, LayerLab weights in Keras's order
$weights
]


def load_layerlab_weights(model, path):
    """Copy weights saved by LayerLab (a weights .npz or a .layerlab project) into ``model``."""
    if str(path).endswith(".layerlab"):
        with zipfile.ZipFile(path) as zf:
            path = io.BytesIO(zf.read("weights.npz"))
    with np.load(path, allow_pickle=False) as f:
        for layer_name, names in WEIGHTS:  # same layouts; PReLU's alpha gains unit axes
            layer = model.get_layer(layer_name)
            current = layer.get_weights()
            layer.set_weights([f[n].reshape(w.shape) for n, w in zip(names, current)])


if __name__ == "__main__":
    tf.keras.utils.set_random_seed(SEED)
    model = build_model()
    model.summary()
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    print(f"trainable parameters: {trainable:,}")
    x = np.random.rand(BATCH_SIZE, *INPUT_SHAPE).astype("float32")
    print("output shape:", tuple(model(x).shape))
    # model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=10$callbacks)
''')
_CALLBACKS = '''def make_callbacks():
    """For model.fit: Keras sets the rate once per epoch, LayerLab at every step."""
    return [tf.keras.callbacks.LearningRateScheduler(learning_rate)]
'''


def _notes(spec: NetworkSpec, layers: list[ExportLayer]) -> str:
    notes = (
        f"Input: a batch of shape (N, {', '.join(map(str, spec.input_shape))}), channels-last as "
        "in LayerLab. Weights trained in LayerLab load with load_layerlab_weights(model, path)."
    )
    if any(la.kind == "BatchNorm" for la in layers):
        notes += (
            " BatchNormalization: Keras's momentum is one minus LayerLab's (PyTorch-style) one,"
            " and Keras keeps the biased batch variance where LayerLab keeps the unbiased one."
        )
    if any(init_of(spec, la).endswith("_normal") for la in layers if la.kind in _WEIGHTED):
        notes += " Keras draws its *_normal initialisers from a truncated normal."
    return notes


_WEIGHTED = ("Dense", "Conv2D")


def keras_source(spec: NetworkSpec) -> str:
    """Runnable tf.keras source for ``spec``: model, loss, optimizer, weight loader, a demo."""
    layers, em = export_layers(spec), Emitted()
    optimizer_body, regularizer = _optimizer(spec)
    calls = [c for la in layers for c in _layer(spec, la, em, bool(regularizer))]
    loss = _loss(spec, layers, em)
    schedule = schedule_code(spec)
    return _FILE.substitute(
        doc=docstring(spec, "Keras", _notes(spec, layers)),
        math="import math\n" if schedule else "",
        input_shape=tuple(spec.input_shape),
        batch_size=spec.batch_size,
        seed=spec.seed,
        regularizer=regularizer,
        helpers="".join(f"\n\n{_HELPERS[h]}\n" for h in em.helpers),
        loss=loss,
        optimizer=parse_optimizer(spec.optimizer).kind,
        optimizer_body=optimizer_body,
        schedule=schedule + _CALLBACKS if schedule else "",
        layers="\n".join(f"        {c}," for c in calls),
        weights="\n".join(em.weights),
        callbacks=", callbacks=make_callbacks()" if schedule else "",
    )

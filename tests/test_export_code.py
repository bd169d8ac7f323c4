"""Exported PyTorch code runs and matches the engine; exported Keras code is well formed."""

import subprocess
import sys
import types
from importlib import resources

import numpy as np
import pytest

from layerlab.engine.errors import SpecError
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.summary import summarize
from layerlab.engine.trainer import Trainer
from layerlab.export_code import EXPORTERS, export_layers, to_keras, to_pytorch
from layerlab.project import Project, save_project

FOLDER = resources.files("layerlab") / "resources" / "examples"
EXAMPLES = sorted(p.name for p in FOLDER.iterdir() if p.name.endswith(".json"))

# Every layer kind, both image and non-image BatchNorm/PReLU/LayerNorm/Softmax, asymmetric
# 'same' padding, explicit pool padding, swish with beta, odd ids and a name needing escapes.
SINK = {
    "name": 'Every "layer" \\ kind',
    "input": {"shape": [12, 10, 3]},
    "layers": [
        {"id": "conv-a", "kind": "Conv2D", "filters": 4, "kernel_size": 3, "stride": 2,
         "padding": "same", "activation": "leaky_relu", "init": "glorot_normal"},
        {"id": "bn2d", "kind": "BatchNorm", "momentum": 0.2, "eps": 0.001},
        {"id": "prelu2d", "kind": "PReLU", "alpha_init": 0.1},
        {"id": "ln2d", "kind": "LayerNorm"},
        {"id": "max_same", "kind": "MaxPool2D", "pool_size": 2, "padding": "same"},
        {"id": "1st", "kind": "Conv2D", "filters": 5, "kernel_size": [2, 3], "padding": 1,
         "activation": "gelu_tanh", "use_bias": False, "init": "torch_default"},
        {"id": "avg_same", "kind": "AvgPool2D", "pool_size": 3, "stride": 1, "padding": "same"},
        {"id": "max_pad", "kind": "MaxPool2D", "pool_size": 3, "stride": 1, "padding": 2},
        {"id": "elu", "kind": "Activation", "fn": "elu", "alpha": 0.5},
        {"id": "to_rows", "kind": "Reshape", "shape": [30, 5]},
        {"id": "bn_rows", "kind": "BatchNorm"},
        {"id": "prelu_rows", "kind": "PReLU"},
        {"id": "ln_rows", "kind": "LayerNorm", "eps": 0.001},
        {"id": "soft_rows", "kind": "Softmax"},
        {"id": "flat", "kind": "Flatten"},
        {"id": "drop", "kind": "Dropout", "rate": 0.3},
        {"id": "dense_swish", "kind": "Dense", "units": 7, "activation": "swish",
         "init": "lecun_uniform"},
        {"id": "swish2", "kind": "Activation", "fn": "silu", "beta": 2.0},
        {"id": "dense_selu", "kind": "Dense", "units": 6, "activation": "selu",
         "init": "he_uniform"},
        {"id": "softplus", "kind": "Activation", "fn": "softplus"},
        {"id": "to_img", "kind": "Reshape", "shape": [1, 2, 3]},
        {"id": "conv_img", "kind": "Conv2D", "filters": 2, "kernel_size": 1, "activation": "gelu",
         "init": "uniform:0.3"},
        {"id": "flat2", "kind": "Flatten"},
        {"id": "dense_tanh", "kind": "Dense", "units": 5, "activation": "tanh",
         "init": "normal:0.2"},
        {"id": "sig", "kind": "Activation", "fn": "sigmoid"},
        {"id": "ident", "kind": "Activation", "fn": "identity"},
        {"id": "relu", "kind": "Activation", "fn": "relu"},
        {"id": "out", "kind": "Dense", "units": 4, "activation": "softmax", "init": "lecun_normal"},
    ],
    "loss": "softmax_cross_entropy",
    "optimizer": {"kind": "adamw", "lr": 0.01, "weight_decay": 0.01, "l2": 0.001, "l1": 0.0001,
                  "clip_norm": 1.0, "clip_value": 0.5, "schedule": {"kind": "cosine", "epochs": 5}},
    "init": "glorot_uniform", "seed": 3, "batch_size": 8,
}  # fmt: skip


def example(name: str) -> NetworkSpec:
    return NetworkSpec.from_json((FOLDER / name).read_text(encoding="utf-8"))


SPECS = {name: example(name) for name in EXAMPLES} | {"sink": NetworkSpec.from_dict(SINK)}


def run_source(src: str, name: str = "exported") -> dict:
    namespace = {"__name__": name}
    exec(compile(src, f"<{name}>", "exec"), namespace)
    return namespace


def randomized(spec: NetworkSpec, seed: int = 0) -> Network:
    """A network whose every parameter (running statistics too) is random, not its init."""
    net = Network(spec)
    rng = np.random.default_rng(seed)
    for name, value in net.params.items():
        value[...] = rng.normal(0, 0.5, value.shape)
        if name.endswith("running_var"):
            value[...] = np.abs(value) + 0.5
    return net


def as_torch_input(torch, x: np.ndarray):
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2) if x.ndim == 4 else x))


# ---- PyTorch ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SPECS))
def test_pytorch_model_has_the_summary_parameter_counts_and_runs(name):
    torch = pytest.importorskip("torch")
    spec = SPECS[name]
    model = run_source(to_pytorch(spec))["Network"]()
    s = summarize(spec)
    assert sum(p.numel() for p in model.parameters() if p.requires_grad) == s.trainable
    running = sum(b.numel() for n, b in model.named_buffers() if "running" in n)
    assert running == s.non_trainable
    x = np.random.default_rng(0).random((3, *spec.input_shape), dtype=np.float32)
    out = model.eval()(as_torch_input(torch, x))
    out_shape = export_layers(spec)[-1].y
    if len(out_shape) == 3:
        out_shape = (out_shape[2], out_shape[0], out_shape[1])
    assert tuple(out.shape) == (3, *out_shape)


@pytest.mark.parametrize("name", list(SPECS))
def test_pytorch_model_with_layerlab_weights_computes_what_the_engine_does(name, tmp_path):
    torch = pytest.importorskip("torch")
    spec = SPECS[name]
    net = randomized(spec)
    net.save_weights(tmp_path / "w.npz")
    ns = run_source(to_pytorch(spec))
    model = ns["Network"]()
    ns["load_layerlab_weights"](model, tmp_path / "w.npz")
    x = np.random.default_rng(1).random((5, *spec.input_shape), dtype=np.float32)
    with torch.no_grad():
        out = model.eval()(as_torch_input(torch, x)).numpy()
    expected = net.forward(x)
    if expected.ndim == 4:
        expected = expected.transpose(0, 3, 1, 2)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max())


def test_pytorch_weights_load_from_a_project_file(tmp_path):
    torch = pytest.importorskip("torch")
    spec = SPECS["lenet5.json"]
    net = randomized(spec, seed=4)
    save_project(Project(spec, weights=net.state_dict()), tmp_path / "lenet.layerlab")
    ns = run_source(to_pytorch(spec))
    model = ns["Network"]()
    ns["load_layerlab_weights"](model, str(tmp_path / "lenet.layerlab"))
    x = np.random.default_rng(2).random((2, 28, 28, 1), dtype=np.float32)
    with torch.no_grad():
        out = model.eval()(as_torch_input(torch, x)).numpy()
    expected = net.forward(x)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max())


@pytest.mark.parametrize("name", ["sink", "perceptron_and.json", "reference_bn.json"])
def test_pytorch_main_block_builds_counts_and_takes_a_training_step(name, capsys):
    pytest.importorskip("torch")
    run_source(to_pytorch(SPECS[name]), "__main__")
    out = capsys.readouterr().out
    assert f"trainable parameters: {summarize(SPECS[name]).trainable:,}" in out
    assert "loss after one training step:" in out


def _small(loss: str, out_units: int, out_act: str = "identity", **extra) -> NetworkSpec:
    return NetworkSpec.from_dict(
        {
            "input": {"shape": [5]},
            "layers": [
                {"id": "hidden", "kind": "Dense", "units": 4, "activation": "tanh"},
                {"id": "out", "kind": "Dense", "units": out_units, "activation": out_act},
            ],
            "loss": loss,
            "batch_size": 6,
            **extra,
        }
    )


@pytest.mark.parametrize(
    "spec",
    [
        _small("softmax_cross_entropy", 3),
        _small("softmax_cross_entropy", 3, "softmax"),
        _small("binary_cross_entropy", 1, "sigmoid"),
        _small("mse", 3),
        _small("hinge", 1),
        _small("hinge", 3),
        _small("perceptron", 1, "step"),
    ],
    ids=["ce", "ce_after_softmax", "bce", "mse", "hinge", "multi_hinge", "perceptron"],
)
def test_pytorch_loss_and_gradients_match_the_engine(spec):
    torch = pytest.importorskip("torch")
    net = randomized(spec, seed=5)
    x = np.random.default_rng(6).normal(size=(6, 5)).astype(np.float32)
    k = spec.layers[-1].params["units"]
    y = np.random.default_rng(7).integers(0, max(k, 2), 6)
    loss = net.loss_and_grads(x, y)
    ns = run_source(to_pytorch(spec))
    model = ns["Network"]()
    weights = {n: ns["WEIGHTS"][n][0] for n in net.params}
    state = model.state_dict()
    for name, value in net.params.items():
        state[weights[name]].copy_(torch.from_numpy(value.T.copy() if value.ndim == 2 else value))
    torch_loss = ns["loss_fn"](model(torch.from_numpy(x)), torch.from_numpy(y))
    torch_loss.backward()
    assert torch_loss.item() == pytest.approx(loss, rel=1e-5, abs=1e-6)
    grad = model.layers.hidden.weight.grad.numpy().T
    np.testing.assert_allclose(grad, net.grads["hidden.weight"], rtol=1e-4, atol=1e-6)


OPTIMIZERS = [
    {"kind": "sgd", "lr": 0.1, "l2": 0.01},
    {"kind": "momentum", "lr": 0.1, "momentum": 0.8, "clip_norm": 0.5},
    {"kind": "nesterov", "lr": 0.1, "momentum": 0.9, "clip_value": 0.05},
    {"kind": "adagrad", "lr": 0.1, "l1": 0.01},
    {"kind": "adadelta", "lr": 1.0, "rho": 0.9},
    {"kind": "rmsprop", "lr": 0.01, "rho": 0.9, "eps": 1e-7},
    {"kind": "adam", "lr": 0.01, "l2": 0.01,
     "schedule": {"kind": "step", "step_size": 1, "gamma": 0.5}},
    {"kind": "adamw", "lr": 0.01, "weight_decay": 0.1, "l2": 0.01, "l1": 0.001},
    {"kind": "adamw", "lr": 0.01, "schedule": {"kind": "exponential", "gamma": 0.9}},
]  # fmt: skip


@pytest.mark.parametrize(
    "opt", OPTIMIZERS, ids=lambda o: "+".join([o["kind"], *sorted(set(o) - {"kind", "lr"})])
)
def test_pytorch_training_steps_match_the_engine(opt):
    torch = pytest.importorskip("torch")
    spec = _small("softmax_cross_entropy", 3, optimizer=opt)
    net = randomized(spec, seed=8)
    x = np.random.default_rng(9).normal(size=(6, 5)).astype(np.float32)
    y = np.random.default_rng(10).integers(0, 3, 6)
    ns = run_source(to_pytorch(spec))
    model = ns["Network"]()
    state = model.state_dict()
    for name, value in net.params.items():
        key = ns["WEIGHTS"][name][0]
        state[key].copy_(torch.from_numpy(value.T.copy() if value.ndim == 2 else value))
    optimizer = ns["make_optimizer"](model)
    scheduler = ns["make_scheduler"](optimizer, 1) if "schedule" in opt else None
    for _ in range(3):
        ns["train_step"](model, optimizer, torch.from_numpy(x), torch.from_numpy(y))
        if scheduler:
            scheduler.step()
    Trainer(net, (x, y), batch_size=6, shuffle=False).fit(3)
    for name, value in net.params.items():
        got = model.state_dict()[ns["WEIGHTS"][name][0]].numpy()
        np.testing.assert_allclose(got.T if got.ndim == 2 else got, value, rtol=1e-4, atol=1e-5)


def test_exported_code_names_the_layers_and_maps_every_weight():
    src = to_pytorch(SPECS["sink"])
    assert "\"\"\"Every 'layer' ' kind: exported from LayerLab" in src
    assert '("conv_a_pad", nn.ZeroPad2d((0, 1, 0, 1)))' in src
    assert (
        '("l_1st", nn.Conv2d(4, 5, kernel_size=(2, 3), stride=(1, 1), padding=(1, 1), bias=False))'
        in src
    )
    assert 'nn.ConstantPad2d((0, 1, 0, 0), float("-inf"))' in src
    assert '("avg_same", nn.AvgPool2d(kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)))' in src
    assert "LastAxis(nn.BatchNorm1d(5, eps=1e-05, momentum=0.1), image=False)" in src
    assert "LastAxis(nn.LayerNorm(4, eps=1e-05), image=True)" in src
    assert "Swish(beta=2.0)" in src and "nn.SiLU()" in src and 'approximate="tanh"' in src
    assert '"conv-a.weight": ("layers.conv_a.weight", "conv")' in src
    assert "F.nll_loss(torch.log(" in src  # the model ends in softmax
    assert "torch.optim.AdamW(params, lr=0.01, betas=(0.9, 0.999), eps=1e-08)" in src
    assert "clip_grad_norm_(model.parameters(), 1.0)" in src
    assert "LambdaLR" in src and "math.cos" in src


def test_invalid_spec_is_refused():
    spec = NetworkSpec.from_dict(
        {"input": {"shape": [4, 4, 1]}, "layers": [{"id": "d", "kind": "Dense", "units": 2}]}
    )
    for export in EXPORTERS.values():
        with pytest.raises(SpecError, match="insert a Flatten"):
            export(spec)


@pytest.mark.parametrize("export", [to_pytorch, to_keras], ids=["pytorch", "keras"])
def test_exported_code_passes_pyflakes_checks(export, tmp_path):
    for i, spec in enumerate(SPECS.values()):
        (tmp_path / f"net{i}.py").write_text(export(spec))
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "F,E9",
         str(tmp_path)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if "No module named ruff" in done.stderr:
        pytest.skip("ruff is not installed")
    assert done.returncode == 0, done.stdout + done.stderr


# ---- Keras (TensorFlow is not installed: compile, read, and run against a recording stub) ------
class Recorder:
    """Stands in for tensorflow: every attribute is a Recorder, every call is recorded."""

    def __init__(self, path: str, calls: list) -> None:
        self.path, self.calls, self.args, self.kwargs = path, calls, (), {}

    def __getattr__(self, name: str) -> "Recorder":
        if name.startswith("__"):
            raise AttributeError(name)
        return Recorder(f"{self.path}.{name}", self.calls)

    def __call__(self, *args, **kwargs) -> "Recorder":
        call = Recorder(self.path + "()", self.calls)
        call.args, call.kwargs = args, kwargs
        self.calls.append(call)
        return call


def keras_layers(spec: NetworkSpec, monkeypatch) -> list[Recorder]:
    calls: list[Recorder] = []
    tf = Recorder("tf", calls)
    monkeypatch.setitem(sys.modules, "tensorflow", types.SimpleNamespace(keras=tf.keras))
    ns = run_source(to_keras(spec))
    ns["build_model"]()
    (sequential,) = [c for c in calls if c.path == "tf.keras.Sequential()"]
    compiled = [c for c in calls if c.path == "tf.keras.Sequential().compile()"]
    assert len(compiled) == 1 and compiled[0].kwargs["metrics"] == ["accuracy"]
    return sequential.args[0]


@pytest.mark.parametrize("name", list(SPECS))
def test_keras_code_compiles_and_builds_the_same_layers(name, monkeypatch):
    spec = SPECS[name]
    compile(to_keras(spec), name, "exec")
    built = keras_layers(spec, monkeypatch)
    assert built[0].path == "tf.keras.Input()"
    assert built[0].kwargs["shape"] == tuple(spec.input_shape)
    layers = export_layers(spec)
    for kind, cls, key in [("Dense", "Dense", "units"), ("Conv2D", "Conv2D", "filters")]:
        want = [la.p[key] for la in layers if la.kind == kind]
        assert [c.args[0] for c in built if c.path == f"tf.keras.layers.{cls}()"] == want
    named = {c.kwargs["name"] for c in built[1:]}
    assert {la.name for la in layers} <= named


def test_keras_layers_carry_the_spec_hyper_parameters(monkeypatch):
    built = {c.kwargs.get("name"): c for c in keras_layers(SPECS["sink"], monkeypatch)}
    assert built["bn2d"].kwargs == {"axis": -1, "momentum": 0.8, "epsilon": 0.001, "name": "bn2d"}
    assert built["conv_a"].kwargs["padding"] == "same" and built["conv_a"].kwargs["strides"] == (
        2,
        2,
    )
    assert built["conv_a_act"].path == "tf.keras.layers.LeakyReLU()"
    assert built["conv_a_act"].args == (0.01,)
    assert built["l_1st_pad"].args == (((1, 1), (1, 1)),)
    assert built["l_1st"].kwargs["use_bias"] is False
    assert built["avg_same_pad"].path == "tf.keras.layers.ZeroPadding2D()"
    assert built["max_pad_pad"].path == "tf.keras.layers.Lambda()"
    assert built["prelu2d"].kwargs["shared_axes"] == [1, 2]
    assert built["prelu_rows"].kwargs["shared_axes"] == [1]
    assert built["ln_rows"].kwargs == {"axis": -1, "epsilon": 0.001, "name": "ln_rows"}
    assert built["drop"].args == (0.3,)
    assert built["to_rows"].args == ((30, 5),)
    assert built["elu"].path == "tf.keras.layers.ELU()" and built["elu"].args == (0.5,)
    assert built["out"].kwargs["activation"] == "softmax"


def test_keras_text_has_loss_optimizer_and_differences_noted():
    src = to_keras(SPECS["reference_bn_keras.json"])
    assert "layers.BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001" in src
    assert "SparseCategoricalCrossentropy(from_logits=True)" in src
    assert (
        "tf.keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)"
        in src
    )
    assert "momentum is one minus LayerLab's (PyTorch-style) one" in " ".join(src.split())
    sink = to_keras(SPECS["sink"])
    assert "AdamW(" in sink and "exclude_from_weight_decay" in sink
    assert "global_clipnorm=1.0" in sink and "clipvalue=0.5" in sink
    assert "L1L2(l1=0.0001, l2=0.0005)" in sink and "kernel_regularizer=REGULARIZER" in sink
    assert "LearningRateScheduler" in sink and "from_logits=False" in sink
    perceptron = to_keras(SPECS["perceptron_and.json"])
    assert "activation=step" in perceptron and "tf.stop_gradient" in perceptron
    torch_flavour = to_keras(SPECS["reference_bn_pytorch.json"])
    assert 'VarianceScaling(1 / 3, "fan_in", "uniform")' in torch_flavour
    assert "bias_initializer=tf.keras.initializers.RandomUniform(" in torch_flavour


def test_export_modules_do_not_import_qt():
    code = (
        "import sys, layerlab.export_code, layerlab.export_torch, layerlab.export_keras, "
        "layerlab.project; print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'PySide6', 'pyqtgraph', 'torch', 'tensorflow'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

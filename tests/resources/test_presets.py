"""The course presets: they load, check, have the stated sizes and learn what they are for."""

from importlib import resources

import numpy as np
import pytest

from layerlab.data import TOY2D, load_bundled_mnist, make_gate
from layerlab.engine.network import Network
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.summary import summarize
from layerlab.engine.trainer import Trainer

FOLDER = resources.files("layerlab") / "resources" / "examples"
PRESETS = [
    "perceptron_or.json",
    "perceptron_nand.json",
    "xor_2_4_1.json",
    "mlp_512_rmsprop.json",
    "reference_bn_keras.json",
    "reference_bn_pytorch.json",
    "sigmoid_10_layers.json",
    "relu_10_layers_he.json",
    "playground_circle.json",
    "playground_spiral.json",
    "playground_xor.json",
]


def load(name: str) -> NetworkSpec:
    return NetworkSpec.from_json((FOLDER / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PRESETS)
def test_preset_loads_and_passes_shape_checks(name):
    spec = load(name)
    assert infer(spec).ok, infer(spec).problems
    assert NetworkSpec.from_json(spec.to_json()) == spec


@pytest.mark.parametrize("name", sorted(p.name for p in FOLDER.iterdir() if p.suffix == ".json"))
def test_every_preset_names_a_data_set_that_fits_its_input(name):
    from layerlab.data import DATASETS, load_dataset

    spec = load(name)
    assert spec.dataset in DATASETS, name
    data = load_dataset(spec.dataset)
    assert np.prod(data.train.feature_shape) == np.prod(spec.input_shape), name


def test_readme_lists_every_example():
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    names = [p.name for p in FOLDER.iterdir() if p.name.endswith(".json")]
    assert set(PRESETS) <= set(names)
    for name in names:
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize(
    ("name", "trainable", "non_trainable"),
    [
        ("mlp_512_rmsprop.json", 407_050, 0),
        ("reference_bn.json", 79_710, 200),
        ("reference_bn_keras.json", 79_710, 200),
        ("reference_bn_pytorch.json", 79_710, 200),
        ("mlp_784_128_64_10.json", 109_386, 0),
        ("sigmoid_10_layers.json", 88_330, 0),
        ("relu_10_layers_he.json", 88_330, 0),
    ],
)
def test_preset_has_the_stated_parameter_count(name, trainable, non_trainable):
    s = summarize(load(name))
    assert (s.trainable, s.non_trainable) == (trainable, non_trainable)


def test_reference_bn_flavours_differ_only_in_framework_defaults():
    keras, torch = load("reference_bn_keras.json"), load("reference_bn_pytorch.json")
    assert [la.kind for la in keras.layers] == [la.kind for la in torch.layers]
    assert (keras.init, torch.init) == ("glorot_uniform", "torch_default")
    assert keras.layers[1].params == {"momentum": 0.01, "eps": 1e-3}
    assert torch.layers[1].params == {"momentum": 0.1, "eps": 1e-5}
    assert (keras.optimizer["eps"], torch.optimizer["eps"]) == (1e-7, 1e-8)


def accuracy_after(name: str, data, epochs: int) -> float:
    net = Network(load(name))
    Trainer(net, data).fit(epochs)
    return net.evaluate(data.x, data.y)[1]


@pytest.mark.parametrize(
    ("name", "gate"), [("perceptron_or.json", "or"), ("perceptron_nand.json", "nand")]
)
def test_perceptron_learns_its_gate(name, gate):
    assert accuracy_after(name, make_gate(gate), 20) == 1.0


def test_perceptron_update_is_the_textbook_rule():
    """w += lr (t - y) x with y = step(w.x + b): one update on (1, 1) -> 1 from zeros."""
    net = Network(load("perceptron_or.json"))
    tr = Trainer(net, (np.array([[1.0, 1.0]], np.float32), np.array([1])), shuffle=False)
    tr.run_chunk(1)
    np.testing.assert_allclose(net.params["neuron.weight"].ravel(), [0.1, 0.1])
    np.testing.assert_allclose(net.params["neuron.bias"], [0.1])


def test_xor_2_4_1_solves_xor_from_many_seeds():
    data = make_gate("xor")
    for seed in range(10):
        spec = NetworkSpec.from_dict({**load("xor_2_4_1.json").to_dict(), "seed": seed})
        net = Network(spec)
        Trainer(net, data).fit(300)
        assert net.evaluate(data.x, data.y)[1] == 1.0, seed


@pytest.mark.parametrize(
    ("name", "data", "epochs", "target"),
    [
        ("playground_circle.json", "circle", 200, 1.0),
        ("playground_xor.json", "xor", 200, 0.99),
        ("playground_spiral.json", "spiral", 400, 0.98),
    ],
)
def test_playground_preset_learns_its_data_set(name, data, epochs, target):
    assert accuracy_after(name, TOY2D[data](), epochs) >= target


def _first_to_last_gradient(name: str) -> float:
    mnist = load_bundled_mnist()
    net = Network(load(name))
    net.loss_and_grads(mnist.x[::20], mnist.y[::20])
    return float(np.linalg.norm(net.grads["fc1.weight"]) / np.linalg.norm(net.grads["out.weight"]))


def test_ten_sigmoid_layers_starve_the_first_layer_of_gradient_and_relu_he_does_not():
    sigmoid = _first_to_last_gradient("sigmoid_10_layers.json")
    relu = _first_to_last_gradient("relu_10_layers_he.json")
    assert sigmoid < 1e-4
    assert relu > 0.1

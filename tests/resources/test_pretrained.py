"""The shipped pretrained digit classifier: its spec and weights load, and it reads MNIST."""

from importlib import resources

import numpy as np
import pytest

from layerlab.data import find_mnist_folder, load_bundled_mnist, load_mnist_part
from layerlab.data.digits import pretrained_paths
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec

FOLDER = resources.files("layerlab") / "resources" / "pretrained"


@pytest.fixture(scope="module")
def net() -> Network:
    spec_path, weights_path = pretrained_paths()
    net = Network(NetworkSpec.load(spec_path), batch_size=500)
    net.load_weights(weights_path)
    return net


def test_pretrained_folder_holds_spec_weights_and_readme() -> None:
    names = {p.name for p in FOLDER.iterdir()}
    assert {"digits.json", "digits.npz", "README.md"} <= names
    spec_path, weights_path = pretrained_paths()
    assert spec_path.is_file() and weights_path.is_file()
    assert weights_path.stat().st_size < 1_000_000


def test_spec_round_trips_and_takes_28x28_images_to_10_logits() -> None:
    spec_path, _ = pretrained_paths()
    spec = NetworkSpec.load(spec_path)
    assert NetworkSpec.from_json(spec.to_json()) == spec
    net = Network(spec)
    assert net.input_shape == (28, 28, 1) and net.output_shape == (10,)


def test_weights_file_matches_the_spec_exactly(net) -> None:
    _, weights_path = pretrained_paths()
    with np.load(weights_path, allow_pickle=False) as f:
        stored = {k: f[k] for k in f.files}
    assert set(stored) == set(net.params)
    for name, value in stored.items():
        assert value.dtype == np.float32 and np.isfinite(value).all(), name
        np.testing.assert_array_equal(net.params[name], value)


def test_classifies_the_bundled_digits(net) -> None:
    ds = load_bundled_mnist()  # training digits: a sanity check that runs everywhere
    assert net.evaluate(ds.x, ds.y)[1] >= 0.98


def test_reaches_97_percent_on_the_mnist_test_set(net) -> None:
    folder = find_mnist_folder()
    if folder is None:
        pytest.skip("full MNIST not found (../shared/data/mnist or $LAYERLAB_MNIST_DIR)")
    test = load_mnist_part(folder, "test")
    _, acc, _ = net.evaluate(test.x, test.y)
    assert acc >= 0.97, f"test accuracy {acc:.4f}"  # 0.9916 when shipped

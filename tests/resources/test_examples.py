"""Every bundled example network loads, passes shape checks and trains one chunk."""

from importlib import resources

import numpy as np
import pytest

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer

EXAMPLES = sorted(
    p.name
    for p in (resources.files("layerlab") / "resources" / "examples").iterdir()
    if p.name.endswith(".json")
)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_builds_and_trains_one_chunk(name):
    spec = NetworkSpec.from_json(
        (resources.files("layerlab") / "resources" / "examples" / name).read_text()
    )
    assert NetworkSpec.from_json(spec.to_json()) == spec
    net = Network(spec)
    k = int(np.prod(net.output_shape))
    rng = np.random.default_rng(0)
    n = max(spec.batch_size * 2, 4)
    x = rng.random((n, *net.input_shape), dtype=np.float32)
    y = rng.integers(0, max(k, 2), n)
    result = Trainer(net, (x, y)).run_chunk(2)
    assert result.steps >= 1
    assert np.isfinite(result.losses).all()


def test_there_are_examples():
    assert {"reference_bn.json", "lenet5.json", "mlp_784_128_64_10.json"} <= set(EXAMPLES)

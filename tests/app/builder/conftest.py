"""The builder tests' document: input 784 -> fc1 Dense(100) -> relu1 -> fc2 Dense(10)."""

import pytest

from layerlab.app.builder.document import GraphDocument
from layerlab.app.builder.scene import BuilderScene
from layerlab.engine.spec import NetworkSpec

CHAIN = {
    "input": {"shape": [784]},
    "layers": [
        {"id": "fc1", "kind": "Dense", "units": 100},
        {"id": "relu1", "kind": "Activation", "fn": "relu"},
        {"id": "fc2", "kind": "Dense", "units": 10},
    ],
}


@pytest.fixture
def doc(qapp):
    d = GraphDocument()
    d.load_spec(NetworkSpec.from_dict(CHAIN))
    return d


@pytest.fixture
def scene(doc):
    return BuilderScene(doc)

"""Summary: parameter counts, mult-adds and memory against hand-computed values."""

import pytest

from layerlab.engine.errors import SpecError
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.summary import summarize

REFERENCE = {
    "input": {"shape": [784]},
    "layers": [
        {"id": "fc1", "kind": "Dense", "units": 100},
        {"id": "bn1", "kind": "BatchNorm"},
        {"id": "relu1", "kind": "Activation", "fn": "relu"},
        {"id": "fc2", "kind": "Dense", "units": 10},
    ],
    "optimizer": {"kind": "adam", "lr": 0.001},
    "batch_size": 100,
}


def test_reference_network_has_79710_trainable_and_200_non_trainable_params():
    s = summarize(NetworkSpec.from_dict(REFERENCE))
    assert s.trainable == 79_710
    assert s.non_trainable == 200
    assert [r.trainable for r in s.rows] == [78_500, 200, 0, 1_010]


def test_textbook_mlp_counts_match_the_books():
    spec = NetworkSpec.from_dict(
        {
            "input": {"shape": [784]},
            "layers": [
                {"kind": "Dense", "units": 128, "activation": "relu"},
                {"kind": "Dense", "units": 64, "activation": "relu"},
                {"kind": "Dense", "units": 10},
            ],
        }
    )
    assert summarize(spec).trainable == 109_386
    spec = NetworkSpec.from_dict(
        {
            "input": {"shape": [784]},
            "layers": [
                {"kind": "Dense", "units": 512, "activation": "relu"},
                {"kind": "Dense", "units": 10},
            ],
        }
    )
    assert summarize(spec).trainable == 407_050


def test_conv_param_formula_and_mult_adds():
    spec = NetworkSpec.from_dict(
        {
            "input": {"shape": [28, 28, 1]},
            "layers": [{"id": "c", "kind": "Conv2D", "filters": 8, "kernel_size": 5}],
        }
    )
    s = summarize(spec, batch_size=2)
    row = s.rows[0]
    assert row.param_formula == "5x5x1x8+8 = 208"
    assert row.output_shape == (24, 24, 8)
    assert row.mult_adds == 24 * 24 * 8 * 25
    assert s.mult_adds == 2 * 24 * 24 * 8 * 25


def test_memory_matches_what_the_network_allocates():
    spec = NetworkSpec.from_dict(REFERENCE)
    s = summarize(spec, batch_size=100)
    net = Network(spec, batch_size=100)
    m = s.memory
    assert m["params"] == net.P.nbytes
    assert m["grads"] == net.G.nbytes
    assert m["input"] + m["activations"] == net.A.nbytes
    assert m["activation_grads"] == net.dA.nbytes
    # Adam keeps two slots plus the update's scratch vector
    assert m["optimizer_state"] == 3 * 4 * 79_710
    assert m["training_total"] == sum(
        m[k]
        for k in ("params", "grads", "optimizer_state", "input", "activations", "activation_grads")
    )


def test_activation_memory_scales_with_batch_size():
    spec = NetworkSpec.from_dict(REFERENCE)
    small, big = summarize(spec, batch_size=10), summarize(spec, batch_size=100)
    assert big.memory["activations"] == 10 * small.memory["activations"] - 9 * 2 * 4 * 100
    assert big.memory["params"] == small.memory["params"]


def test_text_outputs_show_totals():
    s = summarize(NetworkSpec.from_dict(REFERENCE))
    assert "Trainable params: 79,710" in s.torchinfo_text()
    assert "Non-trainable params: 200" in s.keras_text()
    assert "fc1 (Dense)" in s.keras_text()


def test_summary_of_an_invalid_spec_raises_spec_error():
    bad = {**REFERENCE, "layers": [{"id": "c", "kind": "Conv2D"}]}
    with pytest.raises(SpecError, match="Conv2D 'c' needs an image input"):
        summarize(NetworkSpec.from_dict(bad))

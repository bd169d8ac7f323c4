"""MNIST network lessons: parameter counts and memory of the three presets by hand, and the
experiment's refusal of a preset it does not know."""

from __future__ import annotations

import pytest

from layerlab.engine.summary import summarize
from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.experiments import mnist_networks as mn


@pytest.mark.parametrize(
    ("preset", "layers", "non_trainable"),
    [
        ("mlp_512_rmsprop", {"fc1": 784 * 512 + 512, "fc2": 512 * 10 + 10}, 0),
        ("reference_bn", {"fc1": 784 * 100 + 100, "bn1": 4 * 100, "relu1": 0, "fc2": 1010}, 200),
        ("mlp_784_128_64_10", {"fc1": 784 * 128 + 128, "fc2": 128 * 64 + 64, "fc3": 650}, 0),
    ],
)
def test_parameter_counts_match_the_formulas(preset, layers, non_trainable) -> None:
    values = mn.summary_values(summarize(runs.preset_spec(preset)))
    assert {k.removeprefix("params_"): v for k, v in values.items() if k.startswith("params_")} == (
        layers
    )
    assert values["total_params"] == sum(layers.values())
    assert values["non_trainable_params"] == non_trainable
    assert values["param_bytes"] == 4 * sum(layers.values())


def test_memory_of_the_512_network_at_batch_128() -> None:
    v = mn.summary_values(summarize(runs.preset_spec("mlp_512_rmsprop")))
    params = 4 * 407_050
    # layer outputs: 512 before and after ReLU, 10 logits and 10 softmax outputs per image
    activations = 4 * 128 * (512 + 512 + 10 + 10)
    assert v["activation_bytes"] == activations == 534_528
    # weights + gradients + RMSProp's average and scratch vector + input + outputs and their grads
    assert v["training_memory_bytes"] == params * 4 + 4 * 128 * 784 + 2 * activations


def test_an_unknown_preset_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="mlp_512_rmsprop, reference_bn, mlp_784_128_64_10"):
        mn.preset_on_mnist5k(preset="lenet5")


def test_one_epoch_of_the_reference_network_reports_what_it_drew() -> None:
    result = mn.preset_on_mnist5k(preset="reference_bn", epochs=1)
    v = result.values
    assert v["epochs"] == 1 and v["steps_per_epoch"] == 45
    assert 0.5 < v["test_accuracy"] <= 1.0
    acc_panel = result.figure.panels[1]
    assert acc_panel.items[-1].value == v["test_accuracy"]
    assert "79,910 parameters (79,710 trainable)" in result.figure.caption

"""Planning a lesson setup: what it changes, and refusing what cannot be applied."""

import pytest

from layerlab.app.lessons.setup import SetupError, plan_setup, preset_names, preset_spec
from layerlab.app.session import RunSettings
from layerlab.lessons.format import Setup

DOCKS = ["curves", "lessons", "lesson_figure", "training"]
DATA = ["mnist5k", "xor_gate", "circle"]
CURRENT_RUN = RunSettings("mnist5k", {"seed": 4}, 10, 0.5, None)


def _plan(**setup):
    return plan_setup(Setup(**setup), preset_spec("reference_bn"), CURRENT_RUN, DATA, DOCKS)


def test_a_preset_with_overrides_becomes_the_network_to_load():
    plan = _plan(preset="perceptron_and", optimizer={"kind": "sgd", "lr": 0.3}, seed=5)
    want = preset_spec("perceptron_and")
    assert plan.spec.layers == want.layers and plan.spec.loss == want.loss
    assert plan.spec.optimizer == {"kind": "sgd", "lr": 0.3} and plan.spec.seed == 5
    assert plan.spec.batch_size == want.batch_size
    assert plan.settings == {} and plan.run is None and plan.replaces_network


def test_without_a_network_the_overrides_change_the_current_one():
    plan = _plan(batch_size=64)
    assert plan.spec is None and plan.settings == {"batch_size": 64}


def test_run_settings_keep_what_the_lesson_does_not_name():
    plan = _plan(epochs=50)
    assert plan.run == RunSettings("mnist5k", {"seed": 4}, 50, None, None)
    plan = _plan(dataset="circle", dataset_options={"n": 40}, target_accuracy=0.9)
    assert plan.run == RunSettings("circle", {"n": 40}, 10, None, 0.9)
    assert _plan(dataset="xor_gate").run.options == {}  # another data set: its defaults
    plan = _plan(patience=3)  # early stopping on, the rest as it is
    assert plan.run == RunSettings("mnist5k", {"seed": 4}, 10, None, None, patience=3)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"preset": "perceptron_andd"}, "no preset network 'perceptron_andd'"),
        ({"views": ["curves", "curvs"]}, "unknown view(s) curvs"),
        ({"dataset": "spirals"}, "no data set 'spirals'"),
        ({"dataset": "mnist"}, "'mnist' is not on this computer"),
        ({"network": {"input": {"shape": [2]}, "layers": "no"}}, "cannot be read"),
        ({"network": {"input": {"shape": [2]}, "layers": [{"id": "d", "kind": "Dence"}]}}, "Dense"),
        ({"optimizer": {"kind": "adamm"}}, "unknown optimizer 'adamm'"),
        ({"preset": "xor_2_4_1", "optimizer": {"kind": "sgd", "lr": -1}}, "'lr'"),
    ],
)
def test_setups_that_cannot_be_applied_say_why(setup, message):
    with pytest.raises(SetupError) as e:
        _plan(**setup)
    assert message in str(e.value)


def test_presets_are_named_without_their_extension():
    assert "perceptron_and" in preset_names() and "reference_bn" in preset_names()

"""NetworkSpec: JSON round trip and the structural errors from_json/from_dict report."""

import json

import pytest

from layerlab.engine.errors import SpecError
from layerlab.engine.spec import LayerSpec, NetworkSpec

GOOD = {
    "format": "layerlab-network",
    "version": 1,
    "name": "lenet-ish",
    "input": {"shape": [28, 28, 1]},
    "layers": [
        {"id": "conv1", "kind": "Conv2D", "filters": 6, "kernel_size": 5, "padding": "same"},
        {"id": "pool1", "kind": "MaxPool2D", "inputs": ["conv1"]},
        {"id": "flat", "kind": "Flatten"},
        {"id": "out", "kind": "Dense", "units": 10, "activation": "softmax"},
    ],
    "loss": "softmax_cross_entropy",
    "optimizer": {"kind": "adam", "lr": 0.001, "schedule": {"kind": "cosine", "epochs": 5}},
    "init": "he_normal",
    "seed": 7,
    "batch_size": 64,
}


def _problems(data):
    with pytest.raises(SpecError) as e:
        NetworkSpec.from_dict(data)
    return e.value.problems


def test_json_round_trip_gives_an_equal_spec_and_the_same_json():
    spec = NetworkSpec.from_dict(GOOD)
    again = NetworkSpec.from_json(spec.to_json())
    assert again == spec
    assert json.loads(again.to_json()) == GOOD


def test_from_dict_reads_every_field():
    spec = NetworkSpec.from_dict(GOOD)
    assert spec.input_shape == (28, 28, 1)
    assert spec.layers[0] == LayerSpec(
        "conv1", "Conv2D", {"filters": 6, "kernel_size": 5, "padding": "same"}
    )
    assert spec.layers[1].inputs == ("conv1",)
    assert (spec.loss, spec.init, spec.seed, spec.batch_size, spec.name) == (
        "softmax_cross_entropy", "he_normal", 7, 64, "lenet-ish")  # fmt: skip
    assert spec.optimizer["schedule"] == {"kind": "cosine", "epochs": 5}


def test_the_data_set_it_was_made_for_round_trips_and_is_optional():
    spec = NetworkSpec.from_dict({**GOOD, "dataset": "spiral"})
    assert spec.dataset == "spiral"
    assert json.loads(spec.to_json())["dataset"] == "spiral"
    assert NetworkSpec.from_json(spec.to_json()) == spec
    plain = NetworkSpec.from_dict(GOOD)
    assert plain.dataset == "" and "dataset" not in plain.to_dict()  # older files unchanged


def test_save_and_load_round_trip(tmp_path):
    spec = NetworkSpec.from_dict(GOOD)
    path = tmp_path / "net.json"
    spec.save(path)
    assert NetworkSpec.load(path) == spec


def test_missing_optional_fields_take_defaults_and_layer_ids_are_numbered():
    spec = NetworkSpec.from_dict({"input": [4], "layers": [{"kind": "Dense"}, {"kind": "Dense"}]})
    assert [ls.id for ls in spec.layers] == ["dense1", "dense2"]
    assert spec.optimizer == {"kind": "sgd", "lr": 0.01}
    assert (spec.loss, spec.seed, spec.batch_size) == ("softmax_cross_entropy", 0, 32)


def test_a_single_string_input_is_accepted():
    spec = NetworkSpec.from_dict({"input": [4], "layers": [{"id": "a", "kind": "Dense"},
                                  {"id": "b", "kind": "Dense", "inputs": "a"}]})  # fmt: skip
    assert spec.layers[1].inputs == ("a",)


def test_bad_json_reports_line_and_column():
    with pytest.raises(SpecError) as e:
        NetworkSpec.from_json('{"input": {"shape": [4]},\n "layers": [}')
    (p,) = e.value.problems
    assert p.code == "bad_json"
    assert "line 2" in p.message and "column" in p.message


def test_unreadable_file_is_a_spec_error(tmp_path):
    with pytest.raises(SpecError) as e:
        NetworkSpec.load(tmp_path / "missing.json")
    assert e.value.problems[0].code == "unreadable"
    assert "missing.json" in str(e.value)


def test_a_json_array_is_not_a_spec():
    assert _problems([1, 2])[0].code == "not_object"


def test_unknown_top_level_keys_are_named():
    problems = _problems({**GOOD, "optimiser": {}, "epochs": 3})
    assert [p.code for p in problems] == ["unknown_key", "unknown_key"]
    assert "'epochs'" in problems[0].message and "'optimiser'" in problems[1].message


def test_wrong_format_and_version_are_reported():
    problems = _problems({**GOOD, "format": "keras", "version": 9})
    assert {p.code for p in problems} == {"format", "version"}
    assert any("9" in p.message for p in problems)


@pytest.mark.parametrize(
    "value", [None, [], [0], [28, -28], [2.5], [True], {"shape": "28x28"}, {"size": [4]}]
)
def test_bad_input_shapes_are_reported(value):
    data = {**GOOD, "input": value}
    if value is None:
        del data["input"]
    (p,) = _problems(data)
    assert p.code == "input_shape" and "sizes >= 1" in p.message


def test_bad_layer_entries_are_reported_by_position_or_id():
    problems = _problems({"input": [4], "layers": [
        {"units": 3}, "Dense", {"kind": "Dense", "id": ""},
        {"kind": "Dense", "id": "fc", "inputs": [1]}]})  # fmt: skip
    assert [p.code for p in problems] == ["layer", "layer", "layer_id", "inputs"]
    assert "layer #1" in problems[0].message and "layer #3" in problems[2].message
    assert problems[3].layer_id == "fc" and "'fc'" in problems[3].message
    assert _problems({"input": [4], "layers": {"kind": "Dense"}})[0].code == "layers"


@pytest.mark.parametrize(
    ("key", "value"),
    [("seed", "7"), ("seed", True), ("batch_size", 0), ("batch_size", 2.5), ("loss", 3),
     ("init", None), ("optimizer", "adam"), ("name", 5), ("dataset", 3)],
)  # fmt: skip
def test_wrong_scalar_types_are_reported(key, value):
    (p,) = _problems({**GOOD, key: value})
    assert p.code == key and f"'{key}' must be" in p.message and repr(value) in p.message


def test_all_problems_are_collected_at_once():
    problems = _problems({"input": [0], "layers": "x", "seed": "s", "bogus": 1})
    assert {p.code for p in problems} == {"unknown_key", "input_shape", "layers", "seed"}
    assert str(SpecError(problems)).count("\n") == 3

"""Validation and shape inference: every bad spec gives Problems that name the layer."""

import pytest

from layerlab.engine.errors import SpecError
from layerlab.engine.network import Network
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec


def _spec(layers, input_shape=(4,), **extra):
    return NetworkSpec.from_dict({"input": {"shape": list(input_shape)}, "layers": layers, **extra})


def _problems(layers, input_shape=(4,), **extra):
    """Problems from inference; building a Network must raise a SpecError with the same text."""
    spec = _spec(layers, input_shape, **extra)
    inf = infer(spec)
    assert inf.problems, "expected a problem"
    with pytest.raises(SpecError) as e:
        Network(spec)
    assert str(e.value) == "\n".join(p.message for p in inf.problems)
    return inf.problems


def _only(layers, input_shape=(4,), **extra):
    problems = _problems(layers, input_shape, **extra)
    assert len(problems) == 1, problems
    return problems[0]


def test_lenet_shapes_are_inferred():
    inf = infer(_spec([
        {"id": "c1", "kind": "Conv2D", "filters": 6, "kernel_size": 5, "padding": "same"},
        {"id": "p1", "kind": "AvgPool2D"},
        {"id": "c2", "kind": "Conv2D", "filters": 16, "kernel_size": 5},
        {"id": "p2", "kind": "MaxPool2D", "pool_size": 2, "stride": 2},
        {"id": "c3", "kind": "Conv2D", "filters": 4, "kernel_size": 3, "stride": 2, "padding": 1},
        {"id": "fl", "kind": "Flatten"},
        {"id": "out", "kind": "Dense", "units": 10}], (28, 28, 1)))  # fmt: skip
    assert inf.ok
    assert inf.out_shapes == {"c1": (28, 28, 6), "p1": (14, 14, 6), "c2": (10, 10, 16),
        "p2": (5, 5, 16), "c3": (3, 3, 4), "fl": (36,), "out": (10,)}  # fmt: skip
    assert inf.in_shapes["c2"] == (14, 14, 6)
    assert inf.output_shape == (10,)


@pytest.mark.parametrize(
    ("size", "k", "s", "expected"), [(7, 3, 2, 4), (6, 3, 2, 3), (5, 1, 3, 2), (1, 5, 1, 1)]
)
def test_same_padding_gives_ceil_of_size_over_stride(size, k, s, expected):
    layer = {"kind": "Conv2D", "filters": 2, "kernel_size": k, "stride": s, "padding": "same"}
    assert infer(_spec([layer], (size, size, 1))).output_shape == (expected, expected, 2)


def test_layers_run_in_the_order_their_inputs_give():
    inf = infer(_spec([
        {"id": "b", "kind": "Dense", "units": 2, "inputs": ["a"]},
        {"id": "a", "kind": "Dense", "units": 3, "inputs": ["input"]}]))  # fmt: skip
    assert inf.ok
    assert [la.id for la in inf.layers] == ["a", "b"]


def test_unknown_kind_suggests_the_closest():
    p = _only([{"id": "c", "kind": "Conv2d"}], (8, 8, 1))
    assert (p.layer_id, p.code) == ("c", "unknown_kind")
    assert p.message == "layer 'c': unknown kind 'Conv2d' (did you mean 'Conv2D'?)"


def test_unknown_parameter_suggests_the_closest_or_lists_them():
    p = _only([{"id": "fc", "kind": "Dense", "unit": 3}])
    assert p.message == "Dense 'fc': unknown parameter 'unit' (did you mean 'units'?)"
    p = _only([{"id": "drop", "kind": "Dropout", "zzz": 3}])
    assert p.code == "unknown_param" and "Dropout takes rate" in p.message
    p = _only([{"id": "fl", "kind": "Flatten", "units": 3}])
    assert "Flatten takes none" in p.message


@pytest.mark.parametrize(
    ("layer", "text"),
    [({"kind": "Dense", "units": "ten"}, "'units' must be a whole number, got 'ten'"),
     ({"kind": "Dense", "units": 2.5}, "'units' must be a whole number"),
     ({"kind": "Dense", "units": True}, "'units' must be a whole number"),
     ({"kind": "Dense", "use_bias": "yes"}, "'use_bias' must be true or false"),
     ({"kind": "Dense", "activation": "relux"}, "'activation' must be one of"),
     ({"kind": "Dense", "init": "xavier"}, "'init' must be one of"),
     ({"kind": "Dense", "init": "normal:abc"}, "initialiser value must be a number"),
     ({"kind": "Dense", "init": "he_normal:2"}, "takes no value"),
     ({"kind": "Dropout", "rate": "half"}, "'rate' must be a number"),
     ({"kind": "Dropout", "rate": float("nan")}, "'rate' must be a finite number"),
     ({"kind": "Reshape", "shape": "4"}, "'shape' must be a list")],
)  # fmt: skip
def test_wrong_parameter_types_name_the_layer(layer, text):
    p = _only([{"id": "bad", **layer}])
    assert p.layer_id == "bad" and p.code == "bad_param"
    assert p.message.startswith(f"{layer['kind']} 'bad': ") and text in p.message


@pytest.mark.parametrize(
    ("layer", "text"),
    [({"kind": "Dense", "units": -3}, "'units' must be at least 1, got -3"),
     ({"kind": "Dense", "units": 0}, "'units' must be at least 1, got 0"),
     ({"kind": "Conv2D", "kernel_size": 0}, "'kernel_size' must be at least 1"),
     ({"kind": "Conv2D", "kernel_size": [3, -1]}, "'kernel_size' must be at least 1"),
     ({"kind": "Conv2D", "filters": -8}, "'filters' must be at least 1"),
     ({"kind": "Conv2D", "stride": [1]}, "'stride' must be a whole number or a pair"),
     ({"kind": "Conv2D", "padding": -1}, "'padding' must be 'same', 'valid' or a whole number"),
     ({"kind": "MaxPool2D", "padding": "full"}, "'padding' must be 'same', 'valid'"),
     ({"kind": "Dropout", "rate": 1.0}, "'rate' must be at most 0.99"),
     ({"kind": "BatchNorm", "momentum": -0.1}, "'momentum' must be at least 0"),
     ({"kind": "Reshape", "shape": [-1, 4]}, "'shape' must hold whole numbers >= 1")],
)  # fmt: skip
def test_negative_or_zero_sizes_name_the_layer(layer, text):
    p = _only([{"id": "bad", **layer}], (8, 8, 1))
    assert p.layer_id == "bad" and text in p.message and "'bad'" in p.message


def test_dense_on_an_image_input_asks_for_flatten():
    p = _only([{"id": "fc", "kind": "Dense", "units": 3}], (28, 28, 1))
    assert (p.layer_id, p.code) == ("fc", "needs_flat")
    assert p.message == (
        "Dense 'fc' needs a flat input but gets 28x28x1: insert a Flatten layer before it"
    )


@pytest.mark.parametrize("kind", ["Conv2D", "MaxPool2D", "AvgPool2D"])
def test_image_layers_on_a_flat_input_ask_for_an_image(kind):
    p = _only([{"id": "x", "kind": kind}], (784,))
    assert p.code == "needs_image" and f"{kind} 'x' needs an image input" in p.message


def test_kernel_larger_than_its_input_names_both_sizes():
    problems = _problems([
        {"id": "conv1", "kind": "Conv2D", "kernel_size": 5},
        {"id": "conv2", "kind": "Conv2D", "kernel_size": 5},
        {"id": "fl", "kind": "Flatten"}], (7, 7, 1))  # fmt: skip
    assert [(p.layer_id, p.code) for p in problems] == [("conv2", "window_too_large")]
    assert "Conv2D 'conv2': kernel 5x5 is larger than its 3x3 input" in problems[0].message


def test_pool_window_larger_than_its_input_is_reported():
    p = _only([{"id": "pool", "kind": "MaxPool2D", "pool_size": 4}], (3, 5, 2))
    assert "MaxPool2D 'pool': pool window 4x4 is larger than its 3x5 input" in p.message


@pytest.mark.parametrize("kind", ["MaxPool2D", "AvgPool2D"])
def test_pool_padding_as_large_as_the_window_is_rejected(kind):
    """Such padding makes windows of padding alone (a max over nothing)."""
    p = _only([{"id": "pool", "kind": kind, "pool_size": 2, "padding": 2}], (5, 5, 1))
    assert (p.layer_id, p.code) == ("pool", "padding_too_large")
    assert f"{kind} 'pool'" in p.message
    assert infer(_spec([{"kind": kind, "pool_size": 3, "padding": 2}], (5, 5, 1), loss="mse")).ok


def test_reshape_to_a_different_size_is_reported():
    p = _only([{"id": "rs", "kind": "Reshape", "shape": [5, 5]}], (24,))
    assert p.message == "Reshape 'rs': cannot reshape 24 (24 values) to 5x5 (25 values)"


def test_loss_needing_more_outputs_names_the_last_layer():
    p = _only([{"id": "out", "kind": "Dense", "units": 1}], loss="softmax_cross_entropy")
    assert (p.layer_id, p.code) == ("out", "loss_outputs")
    assert "needs at least 2 outputs" in p.message and "binary_cross_entropy" in p.message


def test_unknown_loss_lists_the_choices():
    p = _only([{"kind": "Dense", "units": 2}], loss="crossentropy")
    assert p.code == "loss" and "unknown loss 'crossentropy'" in p.message and "mse" in p.message


@pytest.mark.parametrize(
    ("optimizer", "text"),
    [({"kind": "adamm"}, "unknown optimizer 'adamm'"),
     ({"kind": "sgd", "lr": 0}, "'lr' must be greater than 0"),
     ({"kind": "sgd", "lr": -0.1}, "'lr' must be a number >= 0"),
     ({"kind": "sgd", "lr": "fast"}, "'lr' must be a number >= 0"),
     ({"kind": "momentum", "momentum": 1.0}, "'momentum' must be below 1"),
     ({"kind": "adam", "beta2": 1.5}, "'beta2' must be below 1"),
     ({"kind": "sgd", "momentum": 0.9}, "optimizer 'sgd' has no setting 'momentum'"),
     ({"kind": "adam", "betas": [0.9, 0.99]}, "has no setting 'betas'"),
     ({"kind": "sgd", "clip_norm": True}, "'clip_norm' must be a number >= 0"),
     ({"kind": "sgd", "schedule": {"kind": "linear"}}, "unknown schedule 'linear'"),
     ({"kind": "sgd", "schedule": {"kind": "step", "every": 3}}, "unknown schedule key(s): every"),
     ({"kind": "sgd", "schedule": {"kind": "step", "gamma": -1}}, "'gamma' must be a number >= 0"),
     ({"kind": "sgd", "schedule": "cosine"}, "schedule: must be an object")],
)  # fmt: skip
def test_bad_optimizer_settings_are_reported(optimizer, text):
    p = _only([{"kind": "Dense", "units": 2}], optimizer=optimizer)
    assert p.code == "optimizer" and text in p.message


def test_unknown_network_initialiser_is_reported():
    p = _only([{"kind": "Dense", "units": 2}], init="xavier")
    assert p.code == "init" and "unknown initialiser 'xavier'" in p.message


def test_duplicate_ids_are_reported():
    problems = _problems([{"id": "fc", "kind": "Dense"}, {"id": "fc", "kind": "Dense"}])
    assert [(p.layer_id, p.code) for p in problems] == [("fc", "duplicate_id")]
    assert "two layers are called 'fc'" in problems[0].message


def test_input_is_a_reserved_id():
    problems = _problems([{"id": "input", "kind": "Dense"}])
    assert ("input", "reserved_id") in [(p.layer_id, p.code) for p in problems]


def test_missing_inputs_name_the_reader_and_the_missing_layer():
    problems = _problems([{"id": "a", "kind": "Dense"},
                          {"id": "b", "kind": "Dense", "inputs": ["nope"]}])  # fmt: skip
    missing = [p for p in problems if p.code == "missing_input"]
    assert missing[0].layer_id == "b"
    assert missing[0].message == "layer 'b' reads from 'nope', which does not exist"


def test_branching_names_the_shared_source():
    problems = _problems([
        {"id": "a", "kind": "Dense", "units": 3},
        {"id": "b", "kind": "Dense", "units": 2, "inputs": ["a"]},
        {"id": "c", "kind": "Dense", "units": 2, "inputs": ["a"]}])  # fmt: skip
    branch = [p for p in problems if p.code == "branch"]
    assert branch[0].layer_id == "a"
    assert "'a' feeds 2 layers (b, c)" in branch[0].message


def test_merging_two_inputs_is_reported():
    problems = _problems([
        {"id": "a", "kind": "Dense", "units": 3},
        {"id": "b", "kind": "Dense", "units": 3, "inputs": ["input"]},
        {"id": "c", "kind": "Dense", "units": 2, "inputs": ["a", "b"]}])  # fmt: skip
    assert ("c", "merge") in [(p.layer_id, p.code) for p in problems]


@pytest.mark.parametrize(
    "layers",
    [[{"id": "a", "kind": "Dense", "inputs": ["b"]}, {"id": "b", "kind": "Dense", "inputs": ["a"]}],
     [{"id": "a", "kind": "Dense", "inputs": ["a"]}],
     [{"id": "x", "kind": "Dense"}, {"id": "a", "kind": "Dense", "inputs": ["b"]},
      {"id": "b", "kind": "Dense", "inputs": ["a"]}]],
    ids=["two", "self", "beside-a-chain"],
)  # fmt: skip
def test_cycles_are_reported_as_cycles_naming_their_layers(layers):
    problems = _problems(layers)
    cycle = {p.layer_id for p in problems if p.code == "cycle"}
    assert cycle == {ls["id"] for ls in layers if ls.get("inputs")}
    assert all("cycle" in p.message and f"'{p.layer_id}'" in p.message
               for p in problems if p.code == "cycle")  # fmt: skip


def test_a_layer_off_the_chain_is_disconnected():
    problems = _problems([{"id": "a", "kind": "Dense"},
                          {"id": "b", "kind": "Dense", "inputs": ["input"]},
                          {"id": "c", "kind": "Dense", "inputs": ["b"]}])  # fmt: skip
    assert ("a", "branch") not in [(p.layer_id, p.code) for p in problems]
    assert any(p.code == "branch" and p.layer_id == "input" for p in problems)


def test_an_empty_network_is_reported():
    (p,) = _problems([])
    assert p.code == "empty"


def test_every_problem_in_one_spec_is_listed():
    problems = _problems([
        {"id": "fc", "kind": "Dense", "units": -1},
        {"id": "cv", "kind": "Conv2d"},
        {"id": "out", "kind": "Dense", "units": 1}], loss="softmax_cross_entropy",
        optimizer={"kind": "sgd", "lr": 0})  # fmt: skip
    assert [(p.layer_id, p.code) for p in problems] == [
        ("fc", "bad_param"), ("cv", "unknown_kind"), (None, "optimizer")]  # fmt: skip

"""The layerlab command: summary, train, and clear errors for bad input."""

import json

import numpy as np

from layerlab.cli import main

EXAMPLES = "src/layerlab/resources/examples"


def test_summary_prints_the_reference_counts(capsys):
    assert main(["summary", f"{EXAMPLES}/reference_bn.json"]) == 0
    out = capsys.readouterr().out
    assert "Trainable params: 79,710" in out
    assert "Non-trainable params: 200" in out


def test_summary_keras_style(capsys):
    assert main(["summary", f"{EXAMPLES}/lenet5.json", "--style", "keras"]) == 0
    assert "(None, 28, 28, 6)" in capsys.readouterr().out


def test_bad_spec_gives_a_message_naming_the_layer_and_exit_1(tmp_path, capsys):
    spec = {
        "input": {"shape": [3, 3, 1]},
        "layers": [
            {"id": "conv2", "kind": "Conv2D", "kernel_size": 5},
            {"kind": "Dense", "unit": 3},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(spec))
    assert main(["summary", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Conv2D 'conv2': kernel 5x5 is larger than its 3x3 input" in err
    assert "unknown parameter 'unit' (did you mean 'units'?)" in err
    assert "Traceback" not in err


def test_truncated_json_is_reported_with_its_position(tmp_path, capsys):
    path = tmp_path / "cut.json"
    path.write_text('{"input": {"shape": [784]}, "layers": [')
    assert main(["summary", str(path)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_train_perceptron_on_and_gate_and_save_weights(tmp_path, capsys):
    out = tmp_path / "w.npz"
    rc = main(
        [
            "train",
            f"{EXAMPLES}/perceptron_and.json",
            "--data",
            "and",
            "--epochs",
            "20",
            "--save-weights",
            str(out),
        ]
    )
    assert rc == 0
    with np.load(out, allow_pickle=False) as f:
        w, b = f["neuron.weight"].ravel(), f["neuron.bias"]
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
    assert ((x @ w + b > 0).astype(int) == [0, 0, 0, 1]).all()


def test_diverging_training_stops_with_exit_2_and_the_reason(capsys):
    rc = main(["train", f"{EXAMPLES}/mlp_784_128_64_10.json", "--epochs", "1", "--lr", "1e4"])
    assert rc == 2
    assert "learning rate" in capsys.readouterr().err


def test_unknown_data_set_is_a_clear_error(capsys):
    assert main(["train", f"{EXAMPLES}/xor_2_2_1.json", "--data", "nope"]) == 1
    assert "nope" in capsys.readouterr().err


def test_train_uses_the_data_set_the_spec_names(capsys):
    """playground_circle.json says "dataset": "circle": no --data needed (mnist5k would not
    fit its 2 inputs)."""
    assert main(["train", f"{EXAMPLES}/playground_circle.json", "--epochs", "1"]) == 0
    assert "loss" in capsys.readouterr().err

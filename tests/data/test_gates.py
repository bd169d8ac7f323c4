"""Tests for layerlab.data.gates."""

import numpy as np
import pytest

from layerlab.data.dataset import DataError
from layerlab.data.gates import make_gate


@pytest.mark.parametrize(
    ("name", "outputs"),
    [
        ("and", [0, 0, 0, 1]),
        ("or", [0, 1, 1, 1]),
        ("nand", [1, 1, 1, 0]),
        ("nor", [1, 0, 0, 0]),
        ("xor", [0, 1, 1, 0]),
        ("xnor", [1, 0, 0, 1]),
    ],
)
def test_gate_matches_its_truth_table(name: str, outputs: list[int]) -> None:
    ds = make_gate(name)
    assert ds.x.dtype == np.float32 and ds.y.dtype == np.int32
    np.testing.assert_array_equal(ds.x, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(ds.y, outputs)
    assert ds.task == "classification" and ds.n_classes == 2
    assert ds.name == f"{name}_gate"


def test_gate_names_ignore_case_and_spaces() -> None:
    np.testing.assert_array_equal(make_gate(" XOR ").y, [0, 1, 1, 0])


def test_unknown_gate_lists_the_valid_names() -> None:
    with pytest.raises(
        DataError, match="unknown logic gate 'imply'; valid gates: and, or, nand, nor, xor, xnor"
    ):
        make_gate("imply")

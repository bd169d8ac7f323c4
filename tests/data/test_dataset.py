"""Tests for layerlab.data.dataset."""

import re

import numpy as np
import pytest

from layerlab.data.dataset import DataError, Dataset


def _x(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float32)


def test_classification_set_reports_its_sizes() -> None:
    ds = Dataset("d", _x([[1, 2], [3, 4], [5, 6]]), np.array([0, 2, 1], np.int32), "classification",
                 ("a", "b", "c"))  # fmt: skip
    assert ds.n == 3
    assert ds.feature_shape == (2,)
    assert ds.n_classes == 3


def test_image_set_feature_shape_is_hwc() -> None:
    ds = Dataset("img", np.zeros((2, 4, 3, 1), np.float32), np.array([0, 1], np.int32),
                 "classification")  # fmt: skip
    assert ds.feature_shape == (4, 3, 1)


def test_missing_class_names_default_to_indices_up_to_the_largest_label() -> None:
    ds = Dataset("d", _x([[0], [1]]), np.array([0, 3], np.int32), "classification")
    assert ds.class_names == ("0", "1", "2", "3")
    assert ds.n_classes == 4


def test_regression_set_has_no_classes() -> None:
    ds = Dataset("r", _x([[0.5], [1.5]]), _x([[1.0], [2.0]]), "regression")
    assert ds.n_classes == 0
    assert ds.class_names == ()


def test_name_lists_are_stored_as_tuples() -> None:
    ds = Dataset(
        "d", _x([[1, 2]]), np.array([1], np.int32), "classification", ["n", "y"], ["u", "v"]
    )
    assert ds.class_names == ("n", "y")
    assert ds.feature_names == ("u", "v")


@pytest.mark.parametrize(
    ("x", "y", "task", "message"),
    [
        (np.zeros((2, 2)), np.zeros(2, np.int32), "classification", "x must be float32"),
        (np.zeros(2, np.float32), np.zeros(2, np.int32), "classification", "shape (N, *features)"),
        (np.zeros((2, 4), np.float32)[:, ::2], np.zeros(2, np.int32), "classification",
         "C-contiguous"),
        (_x([[0], [np.nan]]), np.zeros(2, np.int32), "classification", "NaN or infinite"),
        (_x([[0], [1]]), np.zeros(3, np.int32), "classification", "x has 2 samples but y has 3"),
        (_x([[0], [1]]), np.zeros(2, np.int64), "classification", "must be int32"),
        (_x([[0], [1]]), np.array([0, -1], np.int32), "classification", "-1 is negative"),
        (_x([[0], [1]]), np.zeros(2, np.float32), "regression", "float32 of shape (N, T)"),
        (_x([[0], [1]]), _x([[0], [np.inf]]), "regression", "y contains NaN"),
        (_x([[0], [1]]), np.zeros(2, np.int32), "ranking", "task must be one of"),
    ],
)  # fmt: skip
def test_invalid_arrays_raise_data_error_saying_why(x, y, task, message) -> None:
    with pytest.raises(DataError, match=re.escape(message)):
        Dataset("bad", x, y, task)


def test_class_index_beyond_the_class_names_is_rejected() -> None:
    with pytest.raises(DataError, match="class index 2 out of range for 2 classes"):
        Dataset("d", _x([[0], [1]]), np.array([0, 2], np.int32), "classification", ("a", "b"))


def test_feature_names_must_match_the_number_of_columns() -> None:
    with pytest.raises(DataError, match="3 feature names"):
        Dataset("d", _x([[0, 1]]), np.array([0], np.int32), "classification", (), ("a", "b", "c"))


def test_data_error_is_a_value_error() -> None:
    assert issubclass(DataError, ValueError)


def test_subset_copies_the_chosen_rows_in_order_with_the_same_metadata() -> None:
    ds = Dataset("d", _x([[0, 1], [2, 3], [4, 5]]), np.array([0, 1, 2], np.int32),
                 "classification", ("a", "b", "c"), ("f", "g"))  # fmt: skip
    sub = ds.subset(np.array([2, 0]))
    np.testing.assert_array_equal(sub.x, [[4, 5], [0, 1]])
    np.testing.assert_array_equal(sub.y, [2, 0])
    assert sub.y.dtype == np.int32
    assert (sub.name, sub.class_names, sub.feature_names) == ("d", ("a", "b", "c"), ("f", "g"))
    sub.x[0, 0] = 99.0
    assert ds.x[2, 0] == 4.0


def test_subset_of_no_rows_is_empty_but_valid() -> None:
    ds = Dataset("r", _x([[1], [2]]), _x([[1], [2]]), "regression")
    sub = ds.subset(np.array([], dtype=np.int64))
    assert sub.n == 0
    assert sub.y.shape == (0, 1)


def test_subset_rejects_indices_out_of_range() -> None:
    ds = Dataset("r", _x([[1], [2]]), _x([[1], [2]]), "regression")
    with pytest.raises(DataError, match="out of range for 2 samples"):
        ds.subset(np.array([0, 2]))


def test_dataset_is_frozen() -> None:
    ds = Dataset("r", _x([[1]]), _x([[1]]), "regression")
    with pytest.raises(AttributeError):
        ds.name = "other"  # type: ignore[misc]

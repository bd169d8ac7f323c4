"""Tests for layerlab.data.splits."""

import numpy as np
import pytest

from layerlab.data.dataset import DataError, Dataset
from layerlab.data.splits import split_dataset


def _classes(counts: list[int]) -> Dataset:
    """A classification set whose feature is the row number, with the given class sizes."""
    y = np.repeat(np.arange(len(counts)), counts).astype(np.int32)
    x = np.arange(len(y), dtype=np.float32).reshape(-1, 1)
    return Dataset("c", x, y, "classification")


def _rows(ds: Dataset | None) -> list[int]:
    return [] if ds is None else ds.x[:, 0].astype(int).tolist()


def test_sizes_follow_the_rounded_fractions() -> None:
    splits = split_dataset(_classes([50, 50]), val_fraction=0.1, test_fraction=0.25)
    assert (splits.train.n, splits.val.n, splits.test.n) == (65, 10, 25)


def test_parts_are_disjoint_and_cover_every_row() -> None:
    splits = split_dataset(_classes([30, 20, 13]), val_fraction=0.2, test_fraction=0.1, seed=4)
    rows = _rows(splits.train) + _rows(splits.val) + _rows(splits.test)
    assert sorted(rows) == list(range(63))


def test_zero_fraction_gives_no_part() -> None:
    splits = split_dataset(_classes([5, 5]), val_fraction=0.0)
    assert splits.val is None and splits.test is None
    assert splits.train.n == 10


def test_small_positive_fraction_holds_out_at_least_one_row() -> None:
    splits = split_dataset(_classes([2, 2]), val_fraction=0.1)
    assert (splits.train.n, splits.val.n) == (3, 1)


def test_stratified_parts_keep_class_shares_within_one_sample() -> None:
    counts = [500, 300, 120, 77, 3]
    n = sum(counts)
    splits = split_dataset(_classes(counts), val_fraction=0.1, test_fraction=0.2, seed=9)
    for part, f in ((splits.val, splits.val.n / n), (splits.test, splits.test.n / n)):
        got = np.bincount(part.y, minlength=5)
        assert np.all(np.abs(got - f * np.array(counts)) <= 1), got


def test_stratified_mnist_like_split_holds_out_ten_per_class() -> None:
    splits = split_dataset(_classes([100] * 10), val_fraction=0.1)
    np.testing.assert_array_equal(np.bincount(splits.val.y), [10] * 10)
    np.testing.assert_array_equal(np.bincount(splits.train.y), [90] * 10)


def test_same_seed_gives_the_same_split_and_another_seed_differs() -> None:
    ds = _classes([40, 60])
    a, b, c = (split_dataset(ds, 0.2, seed=s) for s in (1, 1, 2))
    assert _rows(a.val) == _rows(b.val)
    assert _rows(a.train) == _rows(b.train)
    assert sorted(_rows(a.val)) != sorted(_rows(c.val))


def test_regression_sets_are_split_without_strata() -> None:
    x = np.arange(20, dtype=np.float32).reshape(-1, 1)
    ds = Dataset("r", x, x.copy(), "regression")
    splits = split_dataset(ds, val_fraction=0.25)
    assert (splits.train.n, splits.val.n) == (15, 5)
    np.testing.assert_array_equal(splits.val.x, splits.val.y)


def test_parts_keep_the_metadata() -> None:
    splits = split_dataset(_classes([5, 5]), 0.2)
    assert splits.val.class_names == ("0", "1") and splits.val.name == "c"


@pytest.mark.parametrize(
    ("val", "test", "message"),
    [
        (-0.1, 0.0, "val_fraction must be in \\[0, 1\\)"),
        (0.1, 1.0, "test_fraction must be in \\[0, 1\\)"),
        (0.6, 0.5, "val_fraction \\+ test_fraction must be below 1, got 1.1"),
    ],
)
def test_bad_fractions_are_rejected(val: float, test: float, message: str) -> None:
    with pytest.raises(DataError, match=message):
        split_dataset(_classes([10, 10]), val, test)


def test_too_few_rows_to_keep_any_for_training_is_rejected() -> None:
    with pytest.raises(DataError, match="from only 2 samples"):
        split_dataset(_classes([1, 1]), val_fraction=0.5, test_fraction=0.4)

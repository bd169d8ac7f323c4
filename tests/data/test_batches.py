"""Tests for layerlab.data.batches."""

import numpy as np
import pytest

from layerlab.data.batches import BatchOrder
from layerlab.data.dataset import DataError


def test_drop_last_keeps_only_full_batches() -> None:
    order = BatchOrder(10, 3, seed=0)
    assert order.steps_per_epoch == 3
    assert order.tail_size == 0
    batches = order.epoch(0)
    assert batches.shape == (3, 3) and batches.dtype == np.int64
    assert len(set(batches.ravel().tolist())) == 9
    assert order.epoch_tail(0).shape == (0,)


def test_without_drop_last_batches_and_tail_cover_every_row_once() -> None:
    order = BatchOrder(10, 3, seed=0, drop_last=False)
    for e in range(3):
        rows = np.concatenate([order.epoch(e).ravel(), order.epoch_tail(e)])
        np.testing.assert_array_equal(np.sort(rows), np.arange(10))
    assert order.epoch_tail(0).shape == (1,) and order.tail_size == 1


def test_exact_multiple_has_an_empty_tail() -> None:
    order = BatchOrder(8, 4, seed=1, drop_last=False)
    assert order.epoch(0).shape == (2, 4)
    assert order.epoch_tail(0).size == 0


def test_no_shuffle_gives_rows_in_order() -> None:
    order = BatchOrder(7, 2, seed=5, shuffle=False, drop_last=False)
    np.testing.assert_array_equal(order.epoch(4), [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(order.epoch_tail(4), [6])


def test_epoch_order_is_a_pure_function_of_seed_and_epoch() -> None:
    first = BatchOrder(50, 5, seed=3)
    later = [first.epoch(e) for e in range(4)]
    restarted = BatchOrder(50, 5, seed=3)
    np.testing.assert_array_equal(restarted.epoch(2), later[2])
    expected = np.random.default_rng([3, 2]).permutation(50)
    np.testing.assert_array_equal(later[2].ravel(), expected)


def test_different_epochs_and_seeds_give_different_orders() -> None:
    order = BatchOrder(50, 5, seed=3)
    assert not np.array_equal(order.epoch(0), order.epoch(1))
    assert not np.array_equal(order.epoch(0), BatchOrder(50, 5, seed=4).epoch(0))


def test_returned_batches_can_be_modified_without_affecting_later_calls() -> None:
    order = BatchOrder(6, 2, seed=0)
    batches = order.epoch(0)
    kept = batches.copy()
    batches[:] = -1
    np.testing.assert_array_equal(order.epoch(0), kept)


def test_batch_larger_than_the_data_is_rejected() -> None:
    with pytest.raises(DataError, match="batch size 128 is larger than the 100 training samples"):
        BatchOrder(100, 128, seed=0)


@pytest.mark.parametrize(
    ("args", "message"),
    [((0, 1, 0), "from 0 training samples"), ((5, 0, 0), "at least 1"), ((5, 2, -1), "seed")],
)
def test_bad_arguments_are_rejected(args: tuple[int, int, int], message: str) -> None:
    with pytest.raises(DataError, match=message):
        BatchOrder(*args)


def test_negative_epoch_is_rejected() -> None:
    with pytest.raises(DataError, match="epoch must be non-negative"):
        BatchOrder(5, 2, seed=0).epoch(-1)

"""Tests for layerlab.data.registry."""

from pathlib import Path

import numpy as np
import pytest

from layerlab.data import registry
from layerlab.data.dataset import DataError
from layerlab.data.idx import write_idx
from layerlab.data.registry import DATASETS, available_datasets, load_dataset

TOY = ["circle", "xor", "gaussians", "spiral", "moons", "plane", "gaussian_regression"]
GATES = ["and", "or", "nand", "nor", "xor_gate", "xnor"]


def _fake_mnist(folder: Path, n_train: int = 20) -> Path:
    """Write a tiny MNIST-style folder: n_train training digits (2 per class) and 3 test."""
    folder.mkdir()
    write_idx(folder / "train-images-idx3-ubyte.gz", np.zeros((n_train, 28, 28), np.uint8))
    write_idx(folder / "train-labels-idx1-ubyte.gz", np.arange(n_train, dtype=np.uint8) % 10)
    write_idx(folder / "t10k-images-idx3-ubyte.gz", np.zeros((3, 28, 28), np.uint8))
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.array([4, 2, 7], np.uint8))
    return folder


@pytest.fixture
def no_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend neither MNIST nor Fashion-MNIST is on this machine."""
    monkeypatch.setattr(registry, "find_mnist_folder", lambda: None)
    monkeypatch.setattr(registry, "find_fashion_mnist_folder", lambda: None)


def test_registry_describes_every_built_in_set() -> None:
    assert list(DATASETS) == ["mnist5k", "mnist", "fashion_mnist", *TOY, *GATES, "bike_hourly"]
    assert DATASETS["mnist5k"].source == "bundled"
    assert DATASETS["fashion_mnist"].source == "folder"
    assert DATASETS["plane"].task == "regression"
    assert DATASETS["xor_gate"].title == "XOR gate"
    assert all(info.name == name for name, info in DATASETS.items())


def test_folder_sets_are_available_only_when_found(
    no_folders: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert available_datasets() == ["mnist5k", *TOY, *GATES, "bike_hourly"]
    monkeypatch.setattr(registry, "find_fashion_mnist_folder", lambda: tmp_path)
    assert available_datasets() == ["mnist5k", "fashion_mnist", *TOY, *GATES, "bike_hourly"]


def test_mnist5k_holds_out_a_stratified_tenth_and_has_no_test_without_mnist(
    no_folders: None,
) -> None:
    splits = load_dataset("mnist5k")
    assert (splits.train.n, splits.val.n) == (4500, 500)
    np.testing.assert_array_equal(np.bincount(splits.val.y), [50] * 10)
    assert splits.test is None


def test_mnist5k_tests_on_the_full_mnist_test_set_when_found(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = _fake_mnist(tmp_path / "mnist")
    monkeypatch.setattr(registry, "find_mnist_folder", lambda: folder)
    splits = load_dataset("mnist5k", seed=3)
    np.testing.assert_array_equal(splits.test.y, [4, 2, 7])
    assert splits.test.name == "mnist_test"


def test_mnist5k_seed_changes_the_validation_rows(no_folders: None) -> None:
    a, b = load_dataset("mnist5k", seed=1), load_dataset("mnist5k", seed=2)
    assert not np.array_equal(a.val.x, b.val.x)


def test_folder_set_splits_train_into_train_and_validation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = _fake_mnist(tmp_path / "fashion")
    monkeypatch.setattr(registry, "find_fashion_mnist_folder", lambda: folder)
    splits = load_dataset("fashion_mnist")
    assert (splits.train.n, splits.val.n, splits.test.n) == (18, 2, 3)
    assert splits.train.class_names[9] == "Ankle boot"


def test_folder_option_overrides_the_search(no_folders: None, tmp_path: Path) -> None:
    splits = load_dataset("mnist", folder=_fake_mnist(tmp_path / "m", n_train=40), seed=1)
    assert (splits.train.n, splits.val.n, splits.test.n) == (36, 4, 3)


def test_missing_folder_set_says_how_to_point_at_it(no_folders: None) -> None:
    with pytest.raises(DataError, match="LAYERLAB_MNIST_DIR"):
        load_dataset("mnist")


@pytest.mark.parametrize("name", TOY)
def test_generated_sets_hold_out_a_fifth_for_validation(name: str) -> None:
    splits = load_dataset(name, n=50, noise=0.1, seed=2)
    assert (splits.train.n, splits.val.n) == (40, 10)
    assert splits.test is None


def test_generated_sets_default_to_200_points() -> None:
    splits = load_dataset("spiral")
    assert (splits.train.n, splits.val.n) == (160, 40)


@pytest.mark.parametrize(("name", "outputs"), [("xor_gate", [0, 1, 1, 0]), ("nor", [1, 0, 0, 0])])
def test_gates_validate_on_their_training_rows(name: str, outputs: list[int]) -> None:
    splits = load_dataset(name)
    np.testing.assert_array_equal(splits.train.y, outputs)
    assert splits.val is splits.train
    assert splits.test is None


def test_csv_sets_split_into_train_val_and_test(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,y\n" + "".join(f"{i},{i % 2}\n" for i in range(20)))
    splits = load_dataset(f"csv:{path}", label_column="y", seed=0)
    assert (splits.train.n, splits.val.n, splits.test.n) == (16, 2, 2)
    assert splits.train.task == "classification"


def test_csv_needs_a_label_column(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="needs the option label_column"):
        load_dataset(f"csv:{tmp_path / 't.csv'}")


def test_unknown_name_lists_the_valid_names() -> None:
    with pytest.raises(DataError, match="unknown data set 'cifar'; valid names: mnist5k, mnist, "):
        load_dataset("cifar")


def test_unknown_options_are_named_with_the_valid_ones() -> None:
    with pytest.raises(
        DataError,
        match="unknown option\\(s\\) for data set 'circle': batch, size "
        "\\(valid: n, noise, seed, val_fraction\\)",
    ):
        load_dataset("circle", size=3, batch=2)
    with pytest.raises(DataError, match="'and': noise \\(valid: none\\)"):
        load_dataset("and", noise=0.1)

"""Tests for layerlab.data.mnist."""

from pathlib import Path

import numpy as np
import pytest

from layerlab.data import mnist
from layerlab.data.dataset import DataError
from layerlab.data.idx import write_idx
from layerlab.data.mnist import (
    FASHION_MNIST_FILES,
    MNIST_FILES,
    candidate_names,
    find_fashion_mnist_folder,
    find_mnist_folder,
    load_bundled_mnist,
    load_mnist_folder,
    load_mnist_part,
)

NAMES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}


def _images(n: int, value: int) -> np.ndarray:
    images = np.zeros((n, 28, 28), np.uint8)
    images[:, 0, 0] = value
    images[:, 27, 27] = 255
    return images


def _tiny_folder(folder: Path, gz: bool = True, train_labels=(3, 1, 4)) -> Path:
    """Write a fake MNIST folder: 3 training and 2 test images."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "train_images": _images(3, 51),
        "train_labels": np.array(train_labels, np.uint8),
        "test_images": _images(2, 102),
        "test_labels": np.array([9, 0], np.uint8),
    }
    for role, array in arrays.items():
        name = NAMES[role] if gz else NAMES[role].removesuffix(".gz")
        write_idx(folder / name, array, gzip=gz)
    return folder


def test_mnist_files_list_the_canonical_names_checksums_and_sizes() -> None:
    assert {role: f.name for role, f in MNIST_FILES.items()} == NAMES
    assert MNIST_FILES["train_images"].md5 == "f68b3c2dcbeaaa9fbdd348bbdeb94873"
    assert MNIST_FILES["train_labels"].md5 == "d53e105ee54ea40749a09fcbcd1e9432"
    assert MNIST_FILES["test_images"].md5 == "9fb629c4189551a2d022fa330f9573f3"
    assert MNIST_FILES["test_labels"].md5 == "ec29112dd5afa0611ce80d1b7f02629c"
    assert MNIST_FILES["train_images"].size == 9_912_422
    assert {role: f.name for role, f in FASHION_MNIST_FILES.items()} == NAMES


def test_candidate_names_cover_gzipped_raw_and_dotted_spellings() -> None:
    assert candidate_names("train-images-idx3-ubyte.gz") == (
        "train-images-idx3-ubyte.gz",
        "train-images-idx3-ubyte",
        "train-images.idx3-ubyte",
        "train-images.idx3-ubyte.gz",
    )


def test_bundled_mnist_has_500_scaled_digits_per_class() -> None:
    ds = load_bundled_mnist()
    assert ds.name == "mnist5k"
    assert ds.x.shape == (5000, 28, 28, 1)
    assert ds.x.dtype == np.float32 and ds.y.dtype == np.int32
    assert ds.class_names == tuple("0123456789")
    np.testing.assert_array_equal(np.bincount(ds.y), [500] * 10)
    assert (ds.y[0], ds.y[-1]) == (0, 9)
    assert ds.x.min() == 0.0 and ds.x.max() == 1.0


def test_bundled_mnist_pixels_are_the_stored_bytes_over_255() -> None:
    path = Path(mnist.__file__).parents[1] / "resources" / "mnist_5k.npz"
    with np.load(path, allow_pickle=False) as npz:
        images = npz["images"]
    ds = load_bundled_mnist()
    np.testing.assert_array_equal(ds.x[123, :, :, 0], images[123].astype(np.float32) / 255)


def test_folder_loads_train_and_test_scaled_to_unit_range(tmp_path: Path) -> None:
    train, test = load_mnist_folder(_tiny_folder(tmp_path / "m"))
    assert (train.name, test.name) == ("mnist_train", "mnist_test")
    assert train.x.shape == (3, 28, 28, 1) and test.x.shape == (2, 28, 28, 1)
    np.testing.assert_array_equal(train.y, [3, 1, 4])
    np.testing.assert_array_equal(test.y, [9, 0])
    assert train.x[0, 0, 0, 0] == np.float32(0.2)  # 51 / 255
    assert test.x[1, 0, 0, 0] == np.float32(0.4)  # 102 / 255
    assert train.x[2, 27, 27, 0] == 1.0


def test_folder_accepts_uncompressed_and_dotted_file_names(tmp_path: Path) -> None:
    folder = _tiny_folder(tmp_path / "raw", gz=False)
    (folder / "t10k-images-idx3-ubyte").rename(folder / "t10k-images.idx3-ubyte")
    train, test = load_mnist_part(folder, "train"), load_mnist_part(folder, "test")
    np.testing.assert_array_equal(train.y, [3, 1, 4])
    np.testing.assert_array_equal(test.y, [9, 0])


def test_fashion_kind_uses_the_clothing_class_names(tmp_path: Path) -> None:
    train, _ = load_mnist_folder(_tiny_folder(tmp_path / "f"), kind="fashion_mnist")
    assert train.name == "fashion_mnist_train"
    assert train.class_names[0] == "T-shirt/top"
    assert train.class_names[9] == "Ankle boot"
    assert len(train.class_names) == 10


def test_missing_file_is_named(tmp_path: Path) -> None:
    folder = _tiny_folder(tmp_path / "m")
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DataError, match=r"t10k-labels-idx1-ubyte\.gz not found in"):
        load_mnist_folder(folder)


def test_count_mismatch_names_both_files(tmp_path: Path) -> None:
    folder = _tiny_folder(tmp_path / "m", train_labels=(1, 2))
    with pytest.raises(DataError, match=r"has 3 images but train-labels-idx1-ubyte\.gz has 2"):
        load_mnist_folder(folder)


def test_images_that_are_not_28x28_are_rejected(tmp_path: Path) -> None:
    folder = _tiny_folder(tmp_path / "m")
    write_idx(folder / NAMES["train_images"], np.zeros((3, 27, 27), np.uint8))
    with pytest.raises(DataError, match="expected uint8 28x28 images, got uint8 \\(3, 27, 27\\)"):
        load_mnist_folder(folder)


def test_labels_above_9_are_rejected(tmp_path: Path) -> None:
    folder = _tiny_folder(tmp_path / "m", train_labels=(1, 10, 2))
    with pytest.raises(DataError, match=r"label 10 is outside 0\.\.9"):
        load_mnist_folder(folder)


def test_unknown_kind_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="unknown kind 'emnist'"):
        load_mnist_folder(_tiny_folder(tmp_path / "m"), kind="emnist")


@pytest.fixture
def no_default_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Hide every default location: empty home, no env vars, no dev or Debian folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("LAYERLAB_MNIST_DIR", raising=False)
    monkeypatch.delenv("LAYERLAB_FASHION_MNIST_DIR", raising=False)
    monkeypatch.setattr(mnist, "_dev_shared_folder", lambda: tmp_path / "no-dev")
    monkeypatch.setattr(mnist, "DEBIAN_FASHION_MNIST_DIR", tmp_path / "no-debian")
    return home


def test_find_mnist_folder_is_none_when_nothing_is_found(no_default_folders: Path) -> None:
    assert find_mnist_folder() is None
    assert find_fashion_mnist_folder() is None


def test_find_mnist_folder_prefers_the_environment_variable(
    no_default_folders: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = _tiny_folder(tmp_path / "env")
    _tiny_folder(no_default_folders / ".cache" / "layerlab" / "mnist")
    monkeypatch.setenv("LAYERLAB_MNIST_DIR", str(env))
    assert find_mnist_folder() == env


def test_find_mnist_folder_falls_back_to_the_user_cache(
    no_default_folders: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = _tiny_folder(no_default_folders / ".cache" / "layerlab" / "mnist")
    monkeypatch.setenv("LAYERLAB_MNIST_DIR", str(tmp_path / "empty"))
    assert find_mnist_folder() == cache


def test_find_mnist_folder_skips_a_folder_missing_one_file(
    no_default_folders: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = _tiny_folder(tmp_path / "env")
    (env / "train-labels-idx1-ubyte.gz").unlink()
    monkeypatch.setenv("LAYERLAB_MNIST_DIR", str(env))
    assert find_mnist_folder() is None


def test_dev_shared_folder_is_next_to_the_repository() -> None:
    repo = Path(mnist.__file__).resolve().parents[3]
    assert mnist._dev_shared_folder() == repo.parent / "shared" / "data" / "mnist"


def test_find_fashion_mnist_folder_searches_env_then_debian_then_cache(
    no_default_folders: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = _tiny_folder(no_default_folders / ".cache" / "layerlab" / "fashion-mnist")
    assert find_fashion_mnist_folder() == cache
    debian = _tiny_folder(tmp_path / "debian")
    monkeypatch.setattr(mnist, "DEBIAN_FASHION_MNIST_DIR", debian)
    assert find_fashion_mnist_folder() == debian
    env = _tiny_folder(tmp_path / "env")
    monkeypatch.setenv("LAYERLAB_FASHION_MNIST_DIR", str(env))
    assert find_fashion_mnist_folder() == env


def test_full_mnist_folder_loads_60000_and_10000_digits(shared_mnist: Path) -> None:
    train, test = load_mnist_folder(shared_mnist)
    assert train.x.shape == (60000, 28, 28, 1)
    assert test.x.shape == (10000, 28, 28, 1)
    np.testing.assert_array_equal(test.y[:5], [7, 2, 1, 0, 4])
    np.testing.assert_array_equal(train.y[:5], [5, 0, 4, 1, 9])

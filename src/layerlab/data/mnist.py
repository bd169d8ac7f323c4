"""MNIST and Fashion-MNIST: the bundled 5k subset and full IDX folders."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from layerlab.data.dataset import DataError, Dataset
from layerlab.data.idx import read_idx


@dataclass(frozen=True)
class IdxFile:
    """One canonical IDX file of a data set: its name and, where known, MD5 and size."""

    name: str
    md5: str | None = None
    size: int | None = None


PARTS = ("train", "test")

# Keyed by "<part>_images" / "<part>_labels".
MNIST_FILES: dict[str, IdxFile] = {
    "train_images": IdxFile(
        "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422
    ),
    "train_labels": IdxFile(
        "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881
    ),
    "test_images": IdxFile(
        "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877
    ),
    "test_labels": IdxFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542),
}

# Same names; no checksums, as packaged copies (e.g. Debian's) need not match upstream's bytes.
FASHION_MNIST_FILES: dict[str, IdxFile] = {
    role: IdxFile(info.name) for role, info in MNIST_FILES.items()
}

MNIST_CLASS_NAMES = tuple(str(d) for d in range(10))
FASHION_MNIST_CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip
KINDS = {"mnist": MNIST_CLASS_NAMES, "fashion_mnist": FASHION_MNIST_CLASS_NAMES}

DEBIAN_FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")


def load_bundled_mnist() -> Dataset:
    """Load the 5,000 MNIST digits shipped with LayerLab (500 per class, sorted by label)."""
    resource = resources.files("layerlab") / "resources" / "mnist_5k.npz"
    with resource.open("rb") as f, np.load(f, allow_pickle=False) as npz:
        images, labels = npz["images"], npz["labels"]
    return _to_dataset("mnist5k", images, labels, MNIST_CLASS_NAMES)


def candidate_names(name: str) -> tuple[str, ...]:
    """Accepted spellings of an IDX file name: gzipped or not, '-idx3' or '.idx3'."""
    base = name.removesuffix(".gz")
    stem, _, kind = base.rpartition("-idx")
    dotted = f"{stem}.idx{kind}"
    return (base + ".gz", base, dotted, dotted + ".gz")


def find_idx_file(folder: Path, name: str) -> Path | None:
    """Return the first existing spelling of ``name`` in ``folder``, or None."""
    for candidate in candidate_names(name):
        path = folder / candidate
        if path.is_file():
            return path
    return None


def holds_files(folder: Path, files: dict[str, IdxFile]) -> bool:
    """Tell whether ``folder`` holds all the given IDX files (in any accepted spelling)."""
    return folder.is_dir() and all(find_idx_file(folder, f.name) for f in files.values())


def load_mnist_part(folder: str | os.PathLike[str], part: str, kind: str = "mnist") -> Dataset:
    """Load the "train" or "test" part of an MNIST-style IDX folder."""
    if kind not in KINDS:
        raise DataError(f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    if part not in PARTS:
        raise DataError(f"unknown part {part!r}; valid parts: {', '.join(PARTS)}")
    folder = Path(folder)
    paths = []
    for role in (f"{part}_images", f"{part}_labels"):
        name = MNIST_FILES[role].name
        path = find_idx_file(folder, name)
        if path is None:
            raise DataError(f"{kind} file {name} not found in {folder}")
        paths.append(path)
    images, labels = read_idx(paths[0]), read_idx(paths[1])
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (28, 28):
        raise DataError(
            f"{paths[0]}: expected uint8 28x28 images, got {images.dtype} {images.shape}"
        )
    if labels.dtype != np.uint8 or labels.ndim != 1:
        raise DataError(f"{paths[1]}: expected uint8 labels of shape (N,), got {labels.shape}")
    if len(images) != len(labels):
        raise DataError(
            f"{paths[0].name} has {len(images)} images but {paths[1].name} has {len(labels)} labels"
        )
    if len(labels) and labels.max() > 9:
        raise DataError(f"{paths[1]}: label {int(labels.max())} is outside 0..9")
    return _to_dataset(f"{kind}_{part}", images, labels, KINDS[kind])


def load_mnist_folder(
    folder: str | os.PathLike[str], kind: str = "mnist"
) -> tuple[Dataset, Dataset]:
    """Load (train, test) from a folder of the four MNIST or Fashion-MNIST IDX files."""
    return load_mnist_part(folder, "train", kind), load_mnist_part(folder, "test", kind)


def _to_dataset(name: str, images: np.ndarray, labels: np.ndarray, classes: tuple) -> Dataset:
    """Scale uint8 images to float32 NHWC in [0, 1] and wrap them with int32 labels."""
    x = images.reshape(*images.shape, 1).astype(np.float32)
    np.divide(x, 255, out=x)
    return Dataset(name, x, labels.astype(np.int32), "classification", classes)


def _dev_shared_folder() -> Path:
    """The developers' shared MNIST folder next to a source checkout."""
    import layerlab

    return Path(layerlab.__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"


def mnist_search_folders() -> list[Path]:
    """Folders searched for MNIST, in order."""
    folders = []
    if os.environ.get("LAYERLAB_MNIST_DIR"):
        folders.append(Path(os.environ["LAYERLAB_MNIST_DIR"]).expanduser())
    folders.append(Path.home() / ".cache" / "layerlab" / "mnist")
    folders.append(_dev_shared_folder())
    return folders


def fashion_mnist_search_folders() -> list[Path]:
    """Folders searched for Fashion-MNIST, in order."""
    folders = []
    if os.environ.get("LAYERLAB_FASHION_MNIST_DIR"):
        folders.append(Path(os.environ["LAYERLAB_FASHION_MNIST_DIR"]).expanduser())
    folders.append(DEBIAN_FASHION_MNIST_DIR)
    folders.append(Path.home() / ".cache" / "layerlab" / "fashion-mnist")
    return folders


def find_mnist_folder() -> Path | None:
    """Return the first searched folder holding the four MNIST files, or None."""
    return next((f for f in mnist_search_folders() if holds_files(f, MNIST_FILES)), None)


def find_fashion_mnist_folder() -> Path | None:
    """Return the first searched folder holding the four Fashion-MNIST files, or None."""
    folders = fashion_mnist_search_folders()
    return next((f for f in folders if holds_files(f, FASHION_MNIST_FILES)), None)

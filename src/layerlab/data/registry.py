"""The built-in data sets by name, and loading any of them as train/val/test splits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layerlab.data.bike_sharing import load_bike_hourly
from layerlab.data.dataset import DataError
from layerlab.data.gates import make_gate
from layerlab.data.mnist import (
    find_fashion_mnist_folder,
    find_mnist_folder,
    load_bundled_mnist,
    load_mnist_part,
)
from layerlab.data.splits import Splits, split_dataset
from layerlab.data.tabular import load_csv
from layerlab.data.toy2d import TOY2D

CSV_PREFIX = "csv:"


@dataclass(frozen=True)
class DatasetInfo:
    """What the app shows about a built-in data set."""

    name: str
    title: str
    task: str
    source: str  # "bundled", "folder" or "generated"


_INFOS = (
    DatasetInfo("mnist5k", "MNIST digits (5,000 bundled)", "classification", "bundled"),
    DatasetInfo("mnist", "MNIST digits (70,000)", "classification", "folder"),
    DatasetInfo("fashion_mnist", "Fashion-MNIST clothes (70,000)", "classification", "folder"),
    DatasetInfo("circle", "Circle", "classification", "generated"),
    DatasetInfo("xor", "Exclusive or (quadrants)", "classification", "generated"),
    DatasetInfo("gaussians", "Two Gaussian blobs", "classification", "generated"),
    DatasetInfo("spiral", "Two spirals", "classification", "generated"),
    DatasetInfo("moons", "Two moons", "classification", "generated"),
    DatasetInfo("plane", "Plane", "regression", "generated"),
    DatasetInfo("gaussian_regression", "Two Gaussian bumps", "regression", "generated"),
    DatasetInfo("and", "AND gate", "classification", "generated"),
    DatasetInfo("or", "OR gate", "classification", "generated"),
    DatasetInfo("nand", "NAND gate", "classification", "generated"),
    DatasetInfo("nor", "NOR gate", "classification", "generated"),
    DatasetInfo("xor_gate", "XOR gate", "classification", "generated"),
    DatasetInfo("xnor", "XNOR gate", "classification", "generated"),
    DatasetInfo("bike_hourly", "Bike sharing, hourly (UCI)", "regression", "bundled"),
)
DATASETS: dict[str, DatasetInfo] = {info.name: info for info in _INFOS}


def _find_folder(name: str) -> Path | None:
    """The folder holding the "mnist" or "fashion_mnist" files, or None."""
    return find_mnist_folder() if name == "mnist" else find_fashion_mnist_folder()


def available_datasets() -> list[str]:
    """Names of the built-in data sets that can be loaded now (folder sets only when found)."""
    return [
        name
        for name, info in DATASETS.items()
        if info.source != "folder" or _find_folder(name) is not None
    ]


def load_dataset(name: str, **options: Any) -> Splits:
    """Load a built-in data set, or ``"csv:<path>"``, as train/validation/test splits.

    Options: mnist5k: seed, val_fraction (0.1); bike_hourly: test_hours (504), val_hours
    (1440) or val_fraction, held out at the end in time order; mnist, fashion_mnist: folder, seed,
    val_fraction (0.1); generated sets: n (200), noise (0.0), seed, val_fraction (0.2);
    csv: label_column (required), task, feature_columns, delimiter, seed, val_fraction (0.1),
    test_fraction (0.1); gates: none (validation = training = the four rows).
    """
    if name.startswith(CSV_PREFIX):
        return _load_csv(name.removeprefix(CSV_PREFIX), options)
    if name not in DATASETS:
        raise DataError(
            f"unknown data set {name!r}; valid names: {', '.join(DATASETS)}, or csv:<path>"
        )
    source = DATASETS[name].source
    if name == "mnist5k":
        return _load_mnist5k(options)
    if name == "bike_hourly":
        _check_options(name, options, {"test_hours", "val_hours", "val_fraction"})
        return load_bike_hourly(**options)
    if source == "folder":
        return _load_folder(name, options)
    if name in TOY2D:
        return _load_toy(name, options)
    _check_options(name, options, set())
    gate = make_gate(name.removesuffix("_gate"))
    return Splits(train=gate, val=gate, test=None)


def _check_options(name: str, options: dict[str, Any], allowed: set[str]) -> None:
    """Reject options that ``name`` does not understand."""
    unknown = sorted(set(options) - allowed)
    if unknown:
        valid = ", ".join(sorted(allowed)) or "none"
        raise DataError(
            f"unknown option(s) for data set {name!r}: {', '.join(unknown)} (valid: {valid})"
        )


def _load_mnist5k(options: dict[str, Any]) -> Splits:
    """The bundled 5k digits less a stratified validation split; test = full MNIST's if found."""
    _check_options("mnist5k", options, {"seed", "val_fraction"})
    splits = split_dataset(
        load_bundled_mnist(), options.get("val_fraction", 0.1), 0.0, options.get("seed", 0)
    )
    folder = find_mnist_folder()
    test = load_mnist_part(folder, "test") if folder is not None else None
    return Splits(train=splits.train, val=splits.val, test=test)


def _load_folder(name: str, options: dict[str, Any]) -> Splits:
    """MNIST or Fashion-MNIST from a folder: train less a stratified validation split, test."""
    _check_options(name, options, {"folder", "seed", "val_fraction"})
    folder = options.get("folder") or _find_folder(name)
    if folder is None:
        raise DataError(
            f"the {DATASETS[name].title} files were not found; download them or set "
            f"LAYERLAB_{name.upper()}_DIR to their folder"
        )
    train = load_mnist_part(folder, "train", name)
    splits = split_dataset(train, options.get("val_fraction", 0.1), 0.0, options.get("seed", 0))
    return Splits(splits.train, splits.val, load_mnist_part(folder, "test", name))


def _load_toy(name: str, options: dict[str, Any]) -> Splits:
    """A generated 2-D set less a 20% validation split."""
    _check_options(name, options, {"n", "noise", "seed", "val_fraction"})
    seed = options.get("seed", 0)
    ds = TOY2D[name](n=options.get("n", 200), noise=options.get("noise", 0.0), seed=seed)
    return split_dataset(ds, options.get("val_fraction", 0.2), 0.0, seed)


def _load_csv(path: str, options: dict[str, Any]) -> Splits:
    """A CSV table split into train (80%), validation (10%) and test (10%) sets."""
    csv_options = {"label_column", "task", "feature_columns", "delimiter"}
    _check_options("csv", options, csv_options | {"seed", "val_fraction", "test_fraction"})
    if "label_column" not in options:
        raise DataError("loading a CSV file needs the option label_column")
    ds = load_csv(path, **{k: v for k, v in options.items() if k in csv_options})
    return split_dataset(
        ds,
        options.get("val_fraction", 0.1),
        options.get("test_fraction", 0.1),
        options.get("seed", 0),
    )

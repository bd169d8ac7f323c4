"""Tests for the layerlab.data package interface."""

import os
import subprocess
import sys
from pathlib import Path

import layerlab.data

PUBLIC = {
    "Dataset", "DataError", "Splits", "split_dataset", "BatchOrder", "read_idx", "write_idx",
    "IdxError", "load_bundled_mnist", "load_mnist_folder", "find_mnist_folder",
    "find_fashion_mnist_folder", "download_file", "download_mnist", "DownloadError", "load_csv",
    "make_gate", "TOY2D", "load_dataset", "available_datasets", "DATASETS",
}  # fmt: skip


def test_package_exports_the_public_api() -> None:
    assert set(layerlab.data.__all__) >= PUBLIC
    for name in layerlab.data.__all__:
        assert hasattr(layerlab.data, name), name


def test_error_types_share_one_base() -> None:
    assert issubclass(layerlab.data.IdxError, layerlab.data.DataError)
    assert issubclass(layerlab.data.DownloadError, layerlab.data.DataError)


def test_importing_the_package_loads_no_gui_or_jit_modules() -> None:
    src = str(Path(layerlab.data.__file__).resolve().parents[2])
    code = (
        "import sys, layerlab.data; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numba', 'PySide6', 'pyqtgraph'}))"
    )
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"

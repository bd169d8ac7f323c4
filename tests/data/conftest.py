"""Shared fixtures for the layerlab.data tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO / ".." / "shared" / "data"

try:
    import layerlab  # noqa: F401
except ImportError:  # a checkout that is not pip-installed: test the sources in place
    sys.path.insert(0, str(REPO / "src"))


@pytest.fixture
def shared_data() -> Path:
    """The developers' shared data folder (<repo>/../shared/data); it may be absent."""
    return SHARED_DATA


@pytest.fixture
def shared_mnist(shared_data: Path) -> Path:
    """The full MNIST IDX folder, skipping the test when it is absent."""
    folder = shared_data / "mnist"
    if not (folder / "t10k-labels-idx1-ubyte.gz").is_file():
        pytest.skip(f"full MNIST not found in {folder}")
    return folder

"""PySide6 6.12.0 drops a reference to None on every void call under Python 3.11."""

import sys

import pytest

QtCore = pytest.importorskip("PySide6.QtCore")


def test_void_qt_calls_keep_the_refcount_of_none():
    rect = QtCore.QRectF()
    before = sys.getrefcount(None)
    for _ in range(1000):
        rect.setWidth(1.0)
    after = sys.getrefcount(None)
    assert after >= before - 10, f"None lost {before - after} references over 1000 calls"


def test_installed_pyside_is_not_the_broken_release():
    import PySide6

    assert PySide6.__version__ != "6.12.0"

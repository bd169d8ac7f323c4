"""Load a table of numbers from a CSV file with a header row."""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from layerlab.data.dataset import DataError, Dataset

DELIMITERS = (",", ";", "\t")
MAX_AUTO_CLASSES = 50
TASK_CHOICES = ("auto", "classification", "regression")

Row = tuple[int, list[str]]  # (1-based line number, cells)


def load_csv(
    path: str | os.PathLike[str],
    label_column: str | int,
    task: str = "auto",
    feature_columns: Sequence[str] | None = None,
    delimiter: str | None = None,
) -> Dataset:
    """Load a CSV file with a header row into a tabular Dataset.

    ``task="auto"`` makes a classification set when the labels are all integers with at most
    50 distinct values, or are non-numeric with at most 50 distinct values; otherwise a
    regression set. Class indices follow the sorted labels.
    """
    if task not in TASK_CHOICES:
        raise DataError(f"task must be one of {', '.join(TASK_CHOICES)}, not {task!r}")
    path = Path(path)
    header, rows = _read_rows(path, delimiter)
    label = _label_index(path, header, label_column)
    features = _feature_indices(path, header, label, feature_columns)
    x = _parse_features(path, header, rows, features)
    cells = [(line, cells[label].strip()) for line, cells in rows]
    for line, cell in cells:
        if not cell:
            raise DataError(f"{path} line {line}, column {header[label]!r}: the label is empty")
    if task == "auto":
        task = _guess_task(path, header[label], [c for _, c in cells])
    names = tuple(header[i] for i in features)
    if task == "regression":
        y = _parse_numbers(path, header[label], cells).reshape(-1, 1)
        return Dataset(path.stem, x, y.astype(np.float32), "regression", (), names)
    classes, y_idx = _encode_classes([c for _, c in cells])
    return Dataset(path.stem, x, y_idx, "classification", classes, names)


def _read_rows(path: Path, delimiter: str | None) -> tuple[list[str], list[Row]]:
    """Read the header and the non-blank rows, checking that every row has all columns."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read CSV file {path}: {exc}") from exc
    if not text.strip():
        raise DataError(f"CSV file {path} is empty")
    if delimiter is None:
        first_line = text.splitlines()[0]
        delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    if not any(header) or all(_is_float(name) for name in header):
        raise DataError(f"{path}: the first line must be a header row of column names, not data")
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise DataError(f"{path}: duplicate column names: {', '.join(duplicates)}")
    rows: list[Row] = []
    for cells in reader:
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != len(header):
            raise DataError(
                f"{path} line {reader.line_num}: {len(cells)} fields, "
                f"but the header has {len(header)} columns"
            )
        rows.append((reader.line_num, cells))
    if not rows:
        raise DataError(f"CSV file {path} has a header but no data rows")
    return header, rows


def _label_index(path: Path, header: list[str], label_column: str | int) -> int:
    """Find the label column by name or position."""
    if isinstance(label_column, int) and not isinstance(label_column, bool):
        if -len(header) <= label_column < len(header):
            return label_column % len(header)
    elif label_column in header:
        return header.index(label_column)
    raise DataError(
        f"{path}: no label column {label_column!r}; available columns: {', '.join(header)}"
    )


def _feature_indices(
    path: Path, header: list[str], label: int, feature_columns: Sequence[str] | None
) -> list[int]:
    """Resolve the feature columns (default: every column but the label)."""
    if feature_columns is None:
        indices = [i for i in range(len(header)) if i != label]
    else:
        missing = [name for name in feature_columns if name not in header]
        if missing:
            raise DataError(
                f"{path}: no feature column(s) {', '.join(map(repr, missing))}; "
                f"available columns: {', '.join(header)}"
            )
        indices = [header.index(name) for name in feature_columns]
    if label in indices:
        raise DataError(f"{path}: the label column {header[label]!r} cannot also be a feature")
    if not indices:
        raise DataError(f"{path}: no feature columns besides the label {header[label]!r}")
    return indices


def _parse_features(
    path: Path, header: list[str], rows: list[Row], features: list[int]
) -> NDArray[np.float32]:
    """Parse the feature columns into an (N, D) float32 array."""
    columns = [
        _parse_numbers(path, header[j], [(line, cells[j]) for line, cells in rows])
        for j in features
    ]
    return np.ascontiguousarray(np.stack(columns, axis=1), dtype=np.float32)


def _parse_numbers(path: Path, column: str, cells: list[tuple[int, str]]) -> NDArray[np.float64]:
    """Parse one column of finite numbers, naming the line and column of a bad cell."""
    values = np.empty(len(cells))
    for k, (line, cell) in enumerate(cells):
        try:
            value = float(cell)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise DataError(f"{path} line {line}, column {column!r}: {cell!r} is not a number")
        values[k] = value
    return values


def _is_int(text: str) -> bool:
    """Tell whether ``text`` is an integer literal."""
    try:
        int(text)
    except ValueError:
        return False
    return True


def _is_float(text: str) -> bool:
    """Tell whether ``text`` is a finite number."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _guess_task(path: Path, column: str, labels: list[str]) -> str:
    """Guess classification or regression from the label strings."""
    if all(_is_int(s) for s in labels):
        distinct = len({int(s) for s in labels})
        return "classification" if distinct <= MAX_AUTO_CLASSES else "regression"
    if all(_is_float(s) for s in labels):
        return "regression"
    distinct = len(set(labels))
    if distinct > MAX_AUTO_CLASSES:
        raise DataError(
            f"{path}: label column {column!r} has {distinct} distinct non-numeric values; "
            f"automatic detection allows at most {MAX_AUTO_CLASSES} classes "
            "(pass task='classification' to use them all)"
        )
    return "classification"


def _encode_classes(labels: list[str]) -> tuple[tuple[str, ...], NDArray[np.int32]]:
    """Map labels to 0..K-1 in sorted order (numeric order when all are integers)."""
    if all(_is_int(s) for s in labels):
        keys = [str(int(s)) for s in labels]
        names = sorted(set(keys), key=int)
    else:
        keys = labels
        names = sorted(set(keys))
    index = {name: i for i, name in enumerate(names)}
    return tuple(names), np.array([index[k] for k in keys], np.int32)

"""The UCI Bike Sharing data set: hourly rental counts in Washington D.C., 2011-2012.

17,379 hours from Capital Bikeshare with the weather and the calendar (Fanaee-T and Gama,
"Event labeling combining ensemble detectors and background knowledge", Progress in Artificial
Intelligence, 2013; CC BY 4.0). Shipped gzipped in ``resources/bike_sharing``; numpy only.

:func:`udacity_features` builds the 56 inputs of Udacity's "Your first neural network" project:
one-hot season (4), weathersit (4), mnth (12), hr (24) and weekday (7), the 0/1 columns yr and
holiday as they are, and standardized temp, hum and windspeed; the target is the standardized
count ``cnt``. Like the project it drops instant, dteday, atemp and workingday (workingday
follows from weekday and holiday), and casual and registered (they add up to the target).
"""

from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from layerlab.data.dataset import DataError, Dataset
from layerlab.data.splits import Splits

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

COLUMNS = (
    "instant", "dteday", "season", "yr", "mnth", "hr", "holiday", "weekday", "workingday",
    "weathersit", "temp", "atemp", "hum", "windspeed", "casual", "registered", "cnt",
)  # fmt: skip
ONE_HOT: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("season", (1, 2, 3, 4)),
    ("weathersit", (1, 2, 3, 4)),
    ("mnth", tuple(range(1, 13))),
    ("hr", tuple(range(24))),
    ("weekday", tuple(range(7))),
)
AS_IS = ("yr", "holiday")
STANDARDIZED = ("temp", "hum", "windspeed")
HOURS_PER_DAY = 24


def data_path() -> Path:
    """The shipped ``hour.csv.gz``."""
    return Path(str(resources.files("layerlab") / "resources" / "bike_sharing" / "hour.csv.gz"))


@dataclass(frozen=True)
class BikeHours:
    """The hourly table: ``dates`` (dteday, datetime64[D]) and every other column as float64."""

    dates: npt.NDArray[np.datetime64]
    columns: dict[str, F64]

    def __len__(self) -> int:
        return len(self.dates)

    def __getitem__(self, name: str) -> F64:
        return self.columns[name]

    @property
    def counts(self) -> F64:
        """Bikes rented in each hour (cnt)."""
        return self.columns["cnt"]

    def hours_since_start(self) -> F64:
        """Hours since 2011-01-01 00:00 (the table skips a few hours with no record)."""
        days = (self.dates - self.dates[0]).astype(np.int64)
        return (days * HOURS_PER_DAY + self.columns["hr"]).astype(np.float64)


def read_hours(path: str | os.PathLike[str] | None = None) -> BikeHours:
    """Read ``hour.csv`` (gzipped or plain; the shipped copy by default) into numpy columns."""
    path = Path(path) if path is not None else data_path()
    try:
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8")
    except FileNotFoundError:
        raise DataError(
            f"the bike-sharing data {path} is missing; reinstall LayerLab or put the UCI "
            "hour.csv there"
        ) from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as e:
        raise DataError(f"the bike-sharing data {path} cannot be read: {e}") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or tuple(c.strip() for c in lines[0].split(",")) != COLUMNS:
        raise DataError(f"{path}: the header must be {','.join(COLUMNS)}")
    rows = [line.split(",") for line in lines[1:]]
    for i, row in enumerate(rows):
        if len(row) != len(COLUMNS):
            raise DataError(
                f"{path} line {i + 2}: {len(row)} values, expected {len(COLUMNS)} ({row[:3]}...)"
            )
    if not rows:
        raise DataError(f"{path}: no rows after the header")
    cells = np.array(rows, dtype=str)
    columns = {name: _numbers(path, name, cells[:, j]) for j, name in enumerate(COLUMNS) if j != 1}
    try:
        dates = cells[:, 1].astype("datetime64[D]")
    except ValueError as e:
        raise DataError(f"{path}: column dteday holds a value that is not a date ({e})") from None
    return BikeHours(dates, columns)


def _numbers(path: Path, name: str, cells: npt.NDArray[np.str_]) -> F64:
    try:
        values = cells.astype(np.float64)
    except ValueError:
        bad = next(i for i, c in enumerate(cells) if not _is_number(c))
        raise DataError(
            f"{path} line {bad + 2}, column {name!r}: {str(cells[bad])!r} is not a number"
        ) from None
    if not np.isfinite(values).all():
        bad = int(np.flatnonzero(~np.isfinite(values))[0])
        raise DataError(
            f"{path} line {bad + 2}, column {name!r}: {str(cells[bad])!r} is not finite"
        )
    return values


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class BikeFeatures:
    """Inputs (N, 56), the standardized target (N, 1), and what undoes the scaling."""

    x: F32
    y: F32
    names: tuple[str, ...]
    cnt_mean: float
    cnt_std: float

    def to_counts(self, y: npt.ArrayLike) -> F64:
        """Standardized predictions back to bikes per hour."""
        return np.asarray(y, np.float64).reshape(-1) * self.cnt_std + self.cnt_mean


def udacity_features(hours: BikeHours, fit_rows: int | None = None) -> BikeFeatures:
    """The project's 56 inputs and standardized target; means and standard deviations are
    taken from the first ``fit_rows`` rows (all by default) so held-out rows stay unseen."""
    fit = slice(0, fit_rows)
    parts, names = [], []
    for column, values in ONE_HOT:
        codes = hours[column]
        parts.append(codes[:, None] == np.asarray(values, np.float64)[None, :])
        names += [f"{column}_{v}" for v in values]
    for column in AS_IS:
        parts.append(hours[column][:, None])
        names.append(column)
    for column in STANDARDIZED:
        v = hours[column]
        parts.append(((v - v[fit].mean()) / v[fit].std())[:, None])
        names.append(column)
    cnt = hours.counts
    mean, std = float(cnt[fit].mean()), float(cnt[fit].std())
    x = np.ascontiguousarray(np.hstack(parts), dtype=np.float32)
    y = np.ascontiguousarray(((cnt - mean) / std)[:, None], dtype=np.float32)
    return BikeFeatures(x, y, tuple(names), mean, std)


def load_bike_hourly(
    test_hours: int = 21 * HOURS_PER_DAY,
    val_hours: int = 60 * HOURS_PER_DAY,
    val_fraction: float | None = None,
) -> Splits:
    """Udacity's splits in time order: the last ``test_hours`` rows (21 days) are the test set,
    the ``val_hours`` rows before them (60 days; or ``val_fraction`` of the rows before the test
    set) the validation set, the rest training."""
    hours = read_hours()
    n = len(hours)
    if val_fraction is not None:
        if not 0.0 <= val_fraction < 1.0:
            raise DataError(f"val_fraction must be in [0, 1), not {val_fraction}")
        val_hours = round(val_fraction * (n - test_hours))
    if test_hours < 1 or val_hours < 0:
        raise DataError("test_hours must be at least 1 and val_hours at least 0")
    if test_hours + val_hours >= n:
        raise DataError(
            f"holding out {test_hours + val_hours} of {n} hours leaves no training data"
        )
    feats = udacity_features(hours, fit_rows=n - test_hours)
    n_train = n - test_hours - val_hours

    def part(rows: slice) -> Dataset:
        return Dataset(
            "bike_hourly", feats.x[rows].copy(), feats.y[rows].copy(), "regression", (), feats.names
        )

    val = part(slice(n_train, n - test_hours)) if val_hours else None
    return Splits(part(slice(0, n_train)), val, part(slice(n - test_hours, None)))

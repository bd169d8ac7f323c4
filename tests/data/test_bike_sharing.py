"""The shipped UCI bike-sharing data: reading, Udacity's 56 features, splits, bad files."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest

from layerlab.data import load_dataset
from layerlab.data.bike_sharing import (
    COLUMNS,
    data_path,
    load_bike_hourly,
    read_hours,
    udacity_features,
)
from layerlab.data.dataset import DataError

UCI_SHA256 = "e03de4ee4ef4dc376ac6e04bf829673c6269e8eba5c60fa121640fa2f829504f"  # hour.csv
HEADER = ",".join(COLUMNS)
ROW1 = "1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,3,13,16"
ROW2 = "2,2011-01-01,1,0,1,1,0,6,0,1,0.22,0.2727,0.8,0,8,32,40"


def _write(tmp_path: Path, text: str, name: str = "hour.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_shipped_file_is_the_uci_original_and_small() -> None:
    raw = data_path().read_bytes()
    assert len(raw) < 300_000  # gzip -9 of the 1.16 MB table
    assert hashlib.sha256(gzip.decompress(raw)).hexdigest() == UCI_SHA256
    readme = (data_path().parent / "Readme.txt").read_text(encoding="utf-8")
    assert "Fanaee-T, Hadi, and Gama, Joao" in readme


def test_reads_every_hour_with_numbers_and_dates() -> None:
    h = read_hours()
    assert len(h) == 17379
    assert str(h.dates[0]) == "2011-01-01" and str(h.dates[-1]) == "2012-12-31"
    assert (h["instant"][0], h["temp"][0], h.counts[0]) == (1, 0.24, 16)
    assert (h["hr"][-1], h.counts[-1]) == (23, 49)
    np.testing.assert_array_equal(h["casual"] + h["registered"], h.counts)
    t = h.hours_since_start()
    assert t[0] == 0 and t[-1] == 731 * 24 - 1 and np.all(np.diff(t) > 0)


def test_reads_a_plain_crlf_file(tmp_path: Path) -> None:
    h = read_hours(_write(tmp_path, f"{HEADER}\r\n{ROW1}\r\n{ROW2}\r\n"))
    assert len(h) == 2 and list(h.counts) == [16, 40] and list(h["hr"]) == [0, 1]


def test_udacity_features_are_56_with_one_hot_groups() -> None:
    h = read_hours()
    f = udacity_features(h)
    assert f.x.shape == (17379, 56) and f.y.shape == (17379, 1) and len(f.names) == 56
    assert f.names[:4] == ("season_1", "season_2", "season_3", "season_4")
    assert f.names[-5:] == ("yr", "holiday", "temp", "hum", "windspeed")
    groups = {g: [i for i, n in enumerate(f.names) if n.rsplit("_", 1)[0] == g] for g in
              ("season", "weathersit", "mnth", "hr", "weekday")}  # fmt: skip
    assert [len(v) for v in groups.values()] == [4, 4, 12, 24, 7]
    for cols in groups.values():
        np.testing.assert_array_equal(f.x[:, cols].sum(axis=1), 1.0)
    first = dict(zip(f.names, f.x[0], strict=True))  # 1 Jan 2011, 0:00, a Saturday
    assert first["season_1"] == first["hr_0"] == first["weekday_6"] == first["mnth_1"] == 1
    assert first["yr"] == first["holiday"] == 0
    temp = h["temp"]
    assert first["temp"] == pytest.approx((0.24 - temp.mean()) / temp.std(), rel=1e-5)
    np.testing.assert_allclose(f.to_counts(f.y), h.counts, atol=1e-3)


def test_scaling_uses_only_the_first_rows_when_asked() -> None:
    h = read_hours()
    f = udacity_features(h, fit_rows=100)
    assert f.cnt_mean == pytest.approx(h.counts[:100].mean())
    assert f.y[:100].mean() == pytest.approx(0.0, abs=1e-5)
    assert f.y[:100].std() == pytest.approx(1.0, abs=1e-4)


def test_splits_keep_time_order_with_the_last_504_hours_for_testing() -> None:
    s = load_bike_hourly()
    assert (s.train.n, s.val.n, s.test.n) == (17379 - 1440 - 504, 1440, 504)
    assert s.train.task == "regression" and s.train.feature_shape == (56,)
    f = udacity_features(read_hours(), fit_rows=17379 - 504)
    np.testing.assert_array_equal(s.test.x, f.x[-504:])
    np.testing.assert_array_equal(s.val.y, f.y[-1944:-504])
    assert load_bike_hourly(val_hours=0).val is None


def test_registry_loads_bike_hourly_with_its_options() -> None:
    s = load_dataset("bike_hourly", test_hours=48, val_fraction=0.1)
    assert s.test.n == 48 and s.val.n == round(0.1 * (17379 - 48))
    with pytest.raises(DataError, match="unknown option"):
        load_dataset("bike_hourly", seed=1)
    with pytest.raises(DataError, match="no training data"):
        load_bike_hourly(test_hours=17000, val_hours=1000)
    with pytest.raises(DataError, match="val_fraction"):
        load_bike_hourly(val_fraction=1.5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "header"),
        ("a,b,c\n1,2,3\n", "header"),
        (f"{HEADER}\n", "no rows"),
        (f"{HEADER}\n{ROW1}\n1,2011-01-01,1\n", "line 3: 3 values"),
        (f"{HEADER}\n{ROW1.replace(',0.81,', ',humid,')}\n", "line 2, column 'hum': 'humid'"),
        (f"{HEADER}\n{ROW1.replace(',0.81,', ',nan,')}\n", "not finite"),
        (f"{HEADER}\n{ROW1.replace('2011-01-01', 'January')}\n", "not a date"),
    ],
)
def test_malformed_files_are_refused_with_what_is_wrong(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(DataError, match=message):
        read_hours(_write(tmp_path, text))


def test_missing_and_corrupt_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="missing"):
        read_hours(tmp_path / "absent.csv.gz")
    bad = tmp_path / "hour.csv.gz"
    bad.write_bytes(gzip.compress(f"{HEADER}\n{ROW1}\n".encode())[:30])
    with pytest.raises(DataError, match="cannot be read"):
        read_hours(bad)
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DataError, match="cannot be read"):
        read_hours(bad)

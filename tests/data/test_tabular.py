"""Tests for layerlab.data.tabular."""

from pathlib import Path

import numpy as np
import pytest

from layerlab.data.dataset import DataError
from layerlab.data.tabular import load_csv


def _csv(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_integer_labels_make_a_classification_set_in_sorted_order(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a,b,label\n1,2,10\n3,4,2\n5.5,-6,10\n")
    ds = load_csv(path, "label")
    assert ds.name == "table" and ds.task == "classification"
    assert ds.feature_names == ("a", "b")
    np.testing.assert_array_equal(ds.x, [[1, 2], [3, 4], [5.5, -6]])
    assert ds.x.dtype == np.float32
    assert ds.class_names == ("2", "10")  # numeric order, not string order
    np.testing.assert_array_equal(ds.y, [1, 0, 1])


def test_fractional_labels_make_a_regression_set(tmp_path: Path) -> None:
    ds = load_csv(_csv(tmp_path, "x,y\n1,0.5\n2,1.5\n"), "y")
    assert ds.task == "regression" and ds.class_names == ()
    np.testing.assert_array_equal(ds.y, [[0.5], [1.5]])
    assert ds.y.dtype == np.float32


def test_more_than_50_distinct_integers_make_a_regression_set(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i * 3}\n" for i in range(51))
    ds = load_csv(_csv(tmp_path, "x,count\n" + rows), "count")
    assert ds.task == "regression"
    assert ds.y[50, 0] == 150.0


def test_text_labels_make_classes_in_sorted_order(tmp_path: Path) -> None:
    ds = load_csv(_csv(tmp_path, "x,kind\n1,setosa\n2,virginica\n3,setosa\n"), "kind")
    assert ds.class_names == ("setosa", "virginica")
    np.testing.assert_array_equal(ds.y, [0, 1, 0])


def test_explicit_task_overrides_the_guess(tmp_path: Path) -> None:
    path = _csv(tmp_path, "x,y\n1,3\n2,5\n")
    assert load_csv(path, "y", task="regression").y.tolist() == [[3.0], [5.0]]
    assert load_csv(path, "y", task="classification").class_names == ("3", "5")


def test_label_column_may_be_given_by_position(tmp_path: Path) -> None:
    path = _csv(tmp_path, "y,x\n0,1.5\n1,2.5\n")
    ds = load_csv(path, 0)
    assert ds.feature_names == ("x",)
    np.testing.assert_array_equal(ds.y, [0, 1])
    assert load_csv(path, -2).feature_names == ("x",)


def test_feature_columns_select_and_order_the_features(tmp_path: Path) -> None:
    path = _csv(tmp_path, "id,date,b,a,y\n1,2011-01-01,2,3,0\n2,2011-01-02,4,5,1\n")
    ds = load_csv(path, "y", feature_columns=["a", "b"])
    assert ds.feature_names == ("a", "b")
    np.testing.assert_array_equal(ds.x, [[3, 2], [5, 4]])


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimiters_are_detected(tmp_path: Path, delimiter: str) -> None:
    text = f"a{delimiter}y\n1.5{delimiter}1\n"
    ds = load_csv(_csv(tmp_path, text), "y")
    assert ds.x.tolist() == [[1.5]]


def test_explicit_delimiter_is_used(tmp_path: Path) -> None:
    ds = load_csv(_csv(tmp_path, "a|y\n2|1\n"), "y", delimiter="|")
    assert ds.x.tolist() == [[2.0]]


def test_crlf_line_ends_bom_quotes_and_blank_lines_are_handled(tmp_path: Path) -> None:
    text = '\ufeff"a","b",y\r\n1,"2",0\r\n\r\n3,4,1\r\n\r\n'
    ds = load_csv(_csv(tmp_path, text), "y")
    assert ds.feature_names == ("a", "b")
    np.testing.assert_array_equal(ds.x, [[1, 2], [3, 4]])


def test_non_numeric_feature_names_its_line_and_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a,b,y\n1,2,0\n3,abc,1\n")
    with pytest.raises(DataError, match="line 3, column 'b': 'abc' is not a number"):
        load_csv(path, "y")


def test_empty_and_nan_cells_are_not_numbers(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="line 2, column 'a': '' is not a number"):
        load_csv(_csv(tmp_path, "a,y\n,0\n"), "y")
    with pytest.raises(DataError, match="line 3, column 'a': 'nan' is not a number"):
        load_csv(_csv(tmp_path, "a,y\n1,0\nnan,1\n"), "y")


def test_missing_label_column_lists_the_available_columns(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no label column 'cnt'; available columns: a, b"):
        load_csv(_csv(tmp_path, "a,b\n1,2\n"), "cnt")


def test_missing_feature_column_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no feature column\\(s\\) 'c'; available columns: a, b"):
        load_csv(_csv(tmp_path, "a,b\n1,2\n"), "b", feature_columns=["a", "c"])


def test_label_cannot_also_be_a_feature(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="label column 'b' cannot also be a feature"):
        load_csv(_csv(tmp_path, "a,b\n1,2\n"), "b", feature_columns=["a", "b"])


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is empty"):
        load_csv(_csv(tmp_path, "\r\n"), "y")


def test_header_without_rows_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="has a header but no data rows"):
        load_csv(_csv(tmp_path, "a,y\n"), "y")


def test_a_numeric_first_line_is_not_taken_as_header(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="first line must be a header row"):
        load_csv(_csv(tmp_path, "1,2\n3,4\n"), 1)


def test_row_with_missing_fields_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="line 3: 2 fields, but the header has 3 columns"):
        load_csv(_csv(tmp_path, "a,b,y\n1,2,0\n3,1\n"), "y")


def test_empty_label_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="line 2, column 'y': the label is empty"):
        load_csv(_csv(tmp_path, "a,y\n1,\n"), "y")


def test_bad_task_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="task must be one of auto, classification, regression"):
        load_csv(_csv(tmp_path, "a,y\n1,0\n"), "y", task="clustering")


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read CSV file"):
        load_csv(tmp_path / "nope.csv", "y")


def test_bike_sharing_hours_load_as_regression(shared_data: Path) -> None:
    path = shared_data / "bike_sharing" / "hour.csv"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    ds = load_csv(path, "cnt", task="regression", feature_columns=["temp", "hum", "windspeed"])
    assert ds.x.shape == (17379, 3) and ds.y.shape == (17379, 1)
    # first data row: temp 0.24, hum 0.81, windspeed 0, cnt 16
    np.testing.assert_allclose(ds.x[0], [0.24, 0.81, 0.0], rtol=1e-6)
    assert ds.y[0, 0] == 16.0

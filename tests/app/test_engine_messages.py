"""The engine's problem messages are recognised and translated with their names and numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from layerlab.app.engine_messages import MAX_LINE, recognised, translate_message
from layerlab.app.i18n import Translation
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec

DENSE = {"id": "fc", "kind": "Dense", "units": 4}
BROKEN = {
    "not connected": [{"id": "a", "kind": "Dense", "units": 3, "inputs": [""]}],
    "unknown input": [{"id": "a", "kind": "Dense", "units": 3, "inputs": ["zz"]}],
    "duplicate": [DENSE, dict(DENSE)],
    "units 0": [{"id": "fc", "kind": "Dense", "units": 0}],
    "units text": [{"id": "fc", "kind": "Dense", "units": "many"}],
    "unknown param": [{"id": "fc", "kind": "Dense", "units": 3, "unitz": 2}],
    "unknown kind": [{"id": "x", "kind": "Dence"}],
    "image needed": [{"id": "c", "kind": "Conv2D", "filters": 2, "kernel_size": 3}],
    "flat needed": [{"id": "fc", "kind": "Dense", "units": 3}],
    "kernel too big": [
        {"id": "r", "kind": "Reshape", "shape": [4, 4, 1]},
        {"id": "c", "kind": "Conv2D", "filters": 2, "kernel_size": 5},
    ],
    "reshape": [{"id": "r", "kind": "Reshape", "shape": [3, 3, 1]}],
    "activation choice": [{"id": "fc", "kind": "Dense", "units": 3, "activation": "relux"}],
}
INPUTS = {"flat needed": [4, 4, 1]}


def _messages(name: str) -> list[str]:
    spec = {"input": {"shape": INPUTS.get(name, [16])}, "layers": BROKEN[name]}
    if name == "duplicate":
        spec["layers"] = [DENSE, {**DENSE, "units": 2}]
    if name == "loss":
        spec["loss"] = "softmax_cross_entropy"
    return [p.message for p in infer(NetworkSpec.from_dict(spec)).problems]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_message_of_a_broken_network_is_recognised(name) -> None:
    messages = _messages(name)
    assert messages, name
    for m in messages:
        assert recognised(m), m
        assert translate_message(m) == m  # English: the template gives the message back


def test_chinese_keeps_names_and_numbers(qapp) -> None:
    msg = "Conv2D 'c': kernel 5x5 is larger than its 4x4 input; use a smaller size, padding 'same', or remove a pooling layer before it"  # noqa: E501
    translation = Translation()
    assert translation.apply("zh_CN")
    try:
        zh = translate_message(msg)
    finally:
        translation.apply("en")
    assert zh != msg and "Conv2D 'c'" in zh and "5x5" in zh and "4x4" in zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert QCoreApplication.translate("EngineMessages", "unknown") == "unknown"


def test_unrecognised_messages_stay_as_they_are() -> None:
    assert translate_message("something new happened") == "something new happened"
    assert not recognised("Dense 'fc': something new happened")


def test_the_problems_panel_shows_them_in_chinese(qtbot) -> None:
    from layerlab.app.builder.document import GraphDocument
    from layerlab.app.views.problems_list import ProblemsView

    doc = GraphDocument()
    doc.load_spec(
        NetworkSpec.from_dict(
            {"input": {"shape": [4, 4, 1]}, "layers": [{"id": "fc", "kind": "Dense", "units": 3}]}
        )
    )
    translation = Translation()
    assert translation.apply("zh_CN")
    try:
        view = ProblemsView(doc)
        qtbot.addWidget(view)
        text = view.item(0).text()
    finally:
        translation.apply("en")
    assert text.startswith("Dense“fc”需要展平的输入") and "4x4x1" in text


def test_a_data_set_that_does_not_fit_the_network_is_recognised(qtbot) -> None:
    from layerlab.app.session import RunSettings, Session
    from layerlab.engine.errors import TrainingError

    session = Session()
    session.run = RunSettings(dataset="mnist5k")
    spec = {"input": {"shape": [2]}, "layers": [{"id": "o", "kind": "Dense", "units": 2}]}
    with pytest.raises(TrainingError) as info:
        session.prepare(NetworkSpec.from_dict(spec))
    assert recognised(str(info.value)), str(info.value)


# ---- spec files, project files and data sets ----------------------------------------------------
def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def chinese(qapp):
    translation = Translation()
    assert translation.apply("zh_CN")
    yield
    translation.apply("en")


def _error_text(make, *errors) -> str:
    with pytest.raises(errors) as info:
        make()
    return str(info.value)


def _check_every_line(qapp, text: str, names: list[str]) -> None:
    """English: every line recognised and given back as it is. Chinese: every line translated,
    keeping the names and numbers."""
    lines = text.split("\n")
    for line in lines:
        assert recognised(line), line
    assert translate_message(text) == text
    translation = Translation()
    assert translation.apply("zh_CN")
    try:
        zh = translate_message(text)
    finally:
        translation.apply("en")
    zh_lines = zh.split("\n")
    assert len(zh_lines) == len(lines)
    for en_line, zh_line in zip(lines, zh_lines, strict=True):
        assert zh_line != en_line and _has_chinese(zh_line), (en_line, zh_line)
    for name in names:
        assert name in zh, (name, zh)


SPECS = {  # JSON text -> names and numbers the translation keeps
    "not json": ('{"layers": [', ["13"]),
    "property name": ('{"input": 1,}', ["13"]),
    "delimiter": ('{"input" 1}', ["':'", "10"]),
    "extra data": ("{} x", ["4"]),
    "escape": ('{"name": "\\q"}', ["11"]),
    "unterminated": ('{"name": "x', ["10"]),
    "not an object": ("[1]", []),
    "top level": (
        '{"format": "x", "version": 2, "input": {"shape": [0]}, "layers": {}, "bogus": 1}',
        ["'bogus'", "'x'", "2", '{"shape": ['],
    ),
    "layers": (
        '{"input": [3], "layers": [1, {"kind": "Dense", "id": ""},'
        ' {"kind": "Dense", "id": "d", "inputs": [1]}]}',
        ["第 1 个层", "第 2 个层", "layer 'd'"],
    ),
    "scalars": (
        '{"input": [3], "layers": [], "name": 3, "loss": 1, "init": 2, "seed": "x",'
        ' "batch_size": 0, "optimizer": [], "dataset": 5}',
        ["“batch_size”", "'x'", '"mnist5k"', '{"kind": "adam", "lr": 0.001}', "[]"],
    ),
}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_problem_of_a_broken_spec_file_is_translated(qapp, name) -> None:
    from layerlab.engine.errors import SpecError

    text, names = SPECS[name]
    message = _error_text(lambda: NetworkSpec.from_json(text), SpecError)
    _check_every_line(qapp, message, names)


def test_an_unreadable_spec_file_is_translated(qapp, tmp_path) -> None:
    from layerlab.engine.errors import SpecError

    path = tmp_path / "gone.json"
    message = _error_text(lambda: NetworkSpec.load(path), SpecError)
    _check_every_line(qapp, message, [str(path)])


GOOD = {"input": {"shape": [4]}, "layers": [{"id": "fc", "kind": "Dense", "units": 2}]}
FLAT_NEEDED = {"input": {"shape": [4, 4, 1]}, "layers": [{"id": "fc", "kind": "Dense", "units": 2}]}


def _project(network=GOOD, **fields) -> str:
    import json

    return json.dumps({"format": "layerlab-project", "version": 1, "network": network, **fields})


def _npz(**arrays) -> bytes:
    import io

    import numpy as np

    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _projects() -> dict:
    """name -> (members of the .layerlab zip, or None for no file / bytes for not a zip, names)"""
    import numpy as np

    return {
        "missing": (None, ["missing.layerlab"]),
        "not a zip": (b"hello", ["not a zip.layerlab"]),
        "no project.json": ({"x.txt": "1"}, ["project.json"]),
        "not json": ({"project.json": "{oops"}, ["not json.layerlab/project.json", "2"]),
        "not utf-8": ({"project.json": b"\xff\xfe"}, ["not utf-8.layerlab/project.json"]),
        "format": ({"project.json": '{"format": "zz"}'}, ["format.layerlab", "'zz'"]),
        "newer": ({"project.json": '{"format": "layerlab-project", "version": 9}'}, ["9"]),
        "older": ({"project.json": '{"format": "layerlab-project", "version": 0}'}, ["0"]),
        "no network": ({"project.json": '{"format": "layerlab-project", "version": 1}'}, []),
        "bad network": (
            {"project.json": _project({"layers": 1, "unk": 2})},
            ["bad network.layerlab", "'unk'"],
        ),
        "layout": ({"project.json": _project(layout={"fc": [1]})}, ["“fc”", "[1]"]),
        "edges": ({"project.json": _project(edges=[1])}, ["1"]),
        "history": ({"project.json": _project(history=[1])}, ["1"]),
        "training": ({"project.json": _project(training={"step": -1})}, ["“step”", "-1"]),
        "weights": (
            {"project.json": _project(), "weights.npz": _npz(**{"fc.W": np.zeros(2), "zz": 1})},
            ["“fc.W”", "“zz”", "“fc.weight”"],
        ),
        "weight shape": (
            {
                "project.json": _project(),
                "weights.npz": _npz(**{"fc.weight": np.zeros((3, 3)), "fc.bias": np.zeros(2)}),
            },
            ["(3, 3)", "(4, 2)"],
        ),
        "broken network with weights": (
            {"project.json": _project(FLAT_NEEDED), "weights.npz": _npz(a=np.zeros(2))},
            ["Dense“fc”", "4x4x1"],
        ),
        "optimizer": (
            {"project.json": _project(), "optimizer.npz": _npz(a=np.zeros(2))},
            ["optimizer.npz", "“state”"],
        ),
        "corrupt weights": (
            {"project.json": _project(), "weights.npz": b"garbage"},
            ["corrupt weights.layerlab/weights.npz"],
        ),
        "object weights": (
            {"project.json": _project(), "weights.npz": _npz(w=np.array([{}], dtype=object))},
            ["“w.npy”", "object"],
        ),
        "unsafe member": ({"project.json": _project(), "../evil": "x"}, ["'../evil'"]),
    }


@pytest.mark.parametrize("name", sorted(_projects()))
def test_every_problem_of_a_broken_project_file_is_translated(qapp, tmp_path, name) -> None:
    import zipfile

    from layerlab.project import ProjectError, load_project

    members, names = _projects()[name]
    path = tmp_path / f"{name}.layerlab"
    if isinstance(members, bytes):
        path.write_bytes(members)
    elif members is not None:
        with zipfile.ZipFile(path, "w") as zf:
            for member, data in members.items():
                zf.writestr(member, data)
    message = _error_text(lambda: load_project(path), ProjectError)
    _check_every_line(qapp, message, names)


@pytest.mark.parametrize(
    ("text", "names"),
    [('{"layers": 3}', ["net.json", "[784]"]), ('{"layers": [', ["net.json", "13"])],
)
def test_a_broken_spec_opened_as_a_project_is_translated(qapp, tmp_path, text, names) -> None:
    from layerlab.project import ProjectError, load_any

    (tmp_path / "net.json").write_text(text)
    message = _error_text(lambda: load_any(tmp_path / "net.json"), ProjectError)
    _check_every_line(qapp, message, names)


def _data_errors(tmp: Path) -> dict:
    """name -> (a function raising DataError, names the translation keeps)"""
    from layerlab.data import BatchOrder, load_csv, load_dataset, read_idx
    from layerlab.data.download import download_file

    def csv(text: str, **options):
        def load():
            (tmp / "table.csv").write_text(text)
            load_csv(tmp / "table.csv", **{"label_column": "y", **options})

        return load

    def idx(data: bytes):
        def load():
            (tmp / "f.idx").write_bytes(data)
            read_idx(tmp / "f.idx")

        return load

    local = (tmp / "remote.bin").as_uri()  # a local file: nothing is downloaded
    return {
        "unknown set": (lambda: load_dataset("mnist6k"), ["'mnist6k'", "csv:<path>"]),
        "unknown option": (lambda: load_dataset("spiral", bogus=1), ["'spiral'", "bogus"]),
        "toy n": (lambda: load_dataset("moons", n=1), ["2", "1"]),
        "toy noise": (lambda: load_dataset("moons", noise=-1.0), ["-1.0"]),
        "val fraction": (lambda: load_dataset("circle", val_fraction=1.5), ["val_fraction"]),
        "mnist folder": (
            lambda: load_dataset("mnist", folder=str(tmp)),
            ["train-images-idx3-ubyte.gz", str(tmp)],
        ),
        "csv option": (lambda: load_dataset("csv:" + str(tmp / "t.csv")), ["label_column"]),
        "csv missing": (csv("a,y\n1,2\n", label_column="q"), ["table.csv", "'q'", "a, y"]),
        "csv no file": (lambda: load_csv(tmp / "none.csv", "y"), ["none.csv"]),
        "csv empty": (csv(""), ["table.csv"]),
        "csv no rows": (csv("a,y\n"), ["table.csv"]),
        "csv no header": (csv("1,2\n3,4\n"), ["table.csv"]),
        "csv duplicate": (csv("a,a,y\n1,2,3\n"), ["table.csv"]),
        "csv fields": (csv("a,y\n1,2,3\n"), ["table.csv", "2", "3"]),
        "csv number": (csv("a,y\nx,2\n"), ["'a'", "'x'"]),
        "csv label": (csv("a,y\n1, \n"), ["'y'"]),
        "csv features": (csv("a,y\n1,2\n", feature_columns=["q"]), ["'q'"]),
        "csv label feature": (csv("a,y\n1,2\n", feature_columns=["y"]), ["'y'"]),
        "csv task": (csv("a,y\n1,2\n", task="x"), ["'x'"]),
        "csv classes": (
            csv("a,y\n" + "".join(f"{i},c{i}\n" for i in range(60))),
            ["60", "50", "task='classification'"],
        ),
        "csv split": (
            lambda: load_dataset("csv:" + str(tmp / "one.csv"), label_column="y"),
            ["1"],
        ),
        "idx magic": (idx(b"\x01\x02\x03\x04"), ["f.idx", "01 02 03 04", "<type>"]),
        "idx type": (idx(b"\x00\x00\x77\x01"), ["0x77"]),
        "idx dimensions": (idx(b"\x00\x00\x08\x00"), ["f.idx"]),
        "idx header": (idx(b"\x00\x00\x08\x02\x00"), ["12", "5"]),
        "idx truncated": (idx(b"\x00\x00\x08\x01\x00\x00\x00\x05ab"), ["(5,)", "2"]),
        "idx garbage": (idx(b"\x00\x00\x08\x01\x00\x00\x00\x01abc"), ["(1,)", "2"]),
        "idx gzip": (idx(b"\x1f\x8bxx"), ["f.idx"]),
        "idx missing": (lambda: read_idx(tmp / "none.idx"), ["none.idx"]),
        "batch size": (lambda: BatchOrder(10, 20, 0), ["20", "10"]),
        "no samples": (lambda: BatchOrder(0, 20, 0), ["0"]),
        "seed": (lambda: BatchOrder(10, 2, -1), ["-1"]),
        "bike hours": (lambda: load_dataset("bike_hourly", test_hours=0), ["test_hours"]),
        "checksum": (
            lambda: download_file(local, tmp / "copy.bin", md5="0" * 32),
            [local, "0" * 32],
        ),
        "download": (lambda: download_file(local + "x", tmp / "copy.bin"), [local + "x"]),
    }


@pytest.mark.parametrize("name", sorted(_data_errors(Path("/unused"))))
def test_every_data_problem_is_translated(qapp, tmp_path, name) -> None:
    from layerlab.data import DataError

    (tmp_path / "one.csv").write_text("a,y\n1,2\n")
    (tmp_path / "remote.bin").write_bytes(b"data")
    make, names = _data_errors(tmp_path)[name]
    message = _error_text(make, DataError)
    _check_every_line(qapp, message, names)


def test_file_names_and_layers_before_a_message_stay_as_they_are(chinese) -> None:
    zh = translate_message("x.layerlab: history row 2 must map metric names to numbers: 1")
    assert zh.startswith("x.layerlab: ") and _has_chinese(zh) and "2" in zh
    assert not recognised("x.layerlab: something new happened")
    zh = translate_message("not valid JSON: Expecting value at line 3, column 7")
    assert "Expecting" not in zh and "3" in zh and "7" in zh  # the parser's words too
    zh = translate_message(
        "the weights do not match the network: missing 'a.W'; unknown weight 'b'"
    )
    assert zh.count("“") == 2 and "a.W" in zh and "missing" not in zh  # each item
    multi = "the network in a.layerlab is invalid:\nsomething new\n'layers' must be a list"
    multi += " of layer objects"
    lines = translate_message(multi).split("\n")
    assert "a.layerlab" in lines[0] and _has_chinese(lines[0])
    assert lines[1] == "something new" and _has_chinese(lines[2])
    assert not recognised(multi)


def test_a_file_prefix_comes_before_the_general_patterns(chinese) -> None:
    """'x.json: layer ... does not exist' is a file and a specific message, not the general
    '{path} does not exist' with the whole line as the path."""
    zh = translate_message("x.json: layer 'fc' reads from 'a', which does not exist")
    assert zh == "x.json: 层“fc”的输入“a”不存在"  # not "{path} 不存在" of the whole line
    zh = translate_message("/data/mnist does not exist")  # the general one, on its own
    assert "/data/mnist" in zh and _has_chinese(zh)


def test_long_or_odd_lines_are_left_as_they_are() -> None:
    """A line longer than any engine message is not searched (a 20 KB line of ': ' took
    seconds); only the first two ': ' may end a file name."""
    long_line = "a: " * (MAX_LINE // 3 + 1) + "the network has no layers: add one"
    assert not recognised(long_line) and translate_message(long_line) == long_line
    assert recognised("x.json: the network has no layers: add one")
    assert recognised("C: x.json: the network has no layers: add one")  # two ': ' in the path
    assert not recognised("a: b: c: the network has no layers: add one")


def test_opening_a_broken_spec_file_shows_the_problems_in_chinese(qtbot, tmp_path, chinese):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from layerlab.app.builder.document import GraphDocument
    from layerlab.app.document_files import DocumentFiles
    from layerlab.app.settings import AppSettings

    parent = QWidget()
    qtbot.addWidget(parent)
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    files = DocumentFiles(GraphDocument(), settings, parent)
    shown = []
    files._error = lambda title, text: shown.append((title, text))
    path = tmp_path / "broken.json"
    path.write_text('{"input": [3], "layers": [1], "bogus": 2}')
    assert not files.open_path(str(path))
    [(title, text)] = shown
    assert title == "无法打开文件"
    head, _, problems = text.partition("\n\n")
    assert head == str(path)
    lines = problems.split("\n")
    assert lines[0].startswith("broken.json: ") and "'bogus'" in lines[0]
    assert "1" in lines[1] and len(lines) == 2
    assert all(_has_chinese(line) for line in lines), lines

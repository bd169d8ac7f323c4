"""The engine's problem messages are recognised and translated with their names and numbers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from layerlab.app.engine_messages import recognised, translate_message
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

"""Parameter editors: the editor for each kind of ParamDef, and the values they emit."""

import pytest

from layerlab.app.builder.param_editors import (
    _BoolEdit,
    _ChoiceEdit,
    _LineEdit,
    _make_editor,
    _PaddingEdit,
    _SpinsEdit,
)
from layerlab.engine.params import ParamDef


@pytest.mark.parametrize(
    ("kind", "cls"),
    [("int", _SpinsEdit), ("pair", _SpinsEdit), ("float", _LineEdit), ("bool", _BoolEdit),
     ("choice", _ChoiceEdit), ("init", _ChoiceEdit), ("padding", _PaddingEdit),
     ("shape", _LineEdit)],
)  # fmt: skip
def test_make_editor_picks_the_editor_for_the_type(qtbot, kind, cls):
    editor = _make_editor(ParamDef("p", kind, None, choices=("a", "b")))
    qtbot.addWidget(editor)
    assert type(editor) is cls
    if kind in ("int", "pair"):
        assert len(editor.spins) == (1 if kind == "int" else 2)
    if kind in ("choice", "init"):
        assert editor.combo.isEditable() == (kind == "init")


def test_spins_clamp_to_the_bounds_and_emit_a_list_for_a_pair(qtbot):
    edit = _SpinsEdit(1, 9, count=2)
    qtbot.addWidget(edit)
    got = []
    edit.changed.connect(got.append)
    edit.set_value(3)  # one number fills both spins
    assert [s.value() for s in edit.spins] == [3, 3]
    edit.spins[1].setValue(20)
    assert got[-1] == [3, 9]


def test_shape_line_edit_reads_commas_and_x(qtbot):
    edit = _LineEdit(shape=True)
    qtbot.addWidget(edit)
    got = []
    edit.changed.connect(got.append)
    edit.set_value((28, 28, 1))
    assert edit.line.text() == "28,28,1"
    edit.line.setText("32x32,3")
    edit.line.editingFinished.emit()
    assert got == [[32, 32, 3]]


def test_padding_edit_switches_between_names_and_pixels(qtbot):
    edit = _PaddingEdit()
    qtbot.addWidget(edit)
    got = []
    edit.changed.connect(got.append)
    edit.set_value(3)
    assert edit.combo.currentIndex() == 2 and edit.spin.value() == 3 and edit.spin.isEnabled()
    edit.combo.setCurrentIndex(1)
    assert got[-1] == "same" and not edit.spin.isEnabled()

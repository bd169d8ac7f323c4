"""QuickAddPopup: filter by English or Chinese names; Enter adds after the selection."""

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from layerlab.app.builder.quick_add import QuickAddPopup, matching_entries

NO = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def popup(qtbot, scene):
    p = QuickAddPopup(scene)
    qtbot.addWidget(p)
    p.popup_at(QPoint(10, 10))
    return p


def type_text(widget, text):
    """Key presses carrying each character (QTest.keyClicks only handles ASCII)."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, NO, ch))


def labels(popup):
    return [e.label for e in popup.shown_entries()]


def test_typing_chinese_finds_the_layer(popup):
    type_text(popup.search, "卷积")
    assert labels(popup) == ["Conv2D"]
    popup.search.setText("最大池化")
    assert labels(popup) == ["MaxPool2D"]
    popup.search.setText("激活函数")
    assert labels(popup)[0] == "Activation"


def test_english_prefix_ranks_first_and_letters_in_order_match():
    assert [e.label for e in matching_entries("relu")][:1] == ["ReLU"]
    assert "LeakyReLU" in [e.label for e in matching_entries("relu")]
    assert [e.label for e in matching_entries("mxp")] == ["MaxPool2D"]
    assert matching_entries("zzzz") == []


def test_enter_inserts_after_the_selected_layer(popup, scene, doc):
    scene.select_ids(["fc1"])
    type_text(popup.search, "卷积")
    QTest.keyClick(popup.search, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert doc.chain() == ["fc1", "conv2d1", "relu1", "fc2"]
    assert doc.to_spec().layers[2].inputs == ("conv2d1",)
    assert scene.selected_node_ids() == ["conv2d1"]
    assert doc.nodes["fc2"].pos == (0.0, 270.0)  # the rest of the chain made room
    doc.undo_stack.undo()
    assert doc.chain() == ["fc1", "relu1", "fc2"] and doc.nodes["fc2"].pos == (0.0, 180.0)


def test_enter_after_the_last_layer_appends(popup, scene, doc):
    scene.select_ids(["fc2"])
    QTest.keyClicks(popup.search, "soft")
    QTest.keyClick(popup.search, Qt.Key.Key_Down)
    assert popup.current_entry().label == "Softmax"
    QTest.keyClick(popup.search, Qt.Key.Key_Enter)
    assert doc.to_spec().layers[-1].inputs == ("fc2",)
    assert doc.to_spec().layers[-1].kind == "Softmax"


def test_escape_closes_without_an_edit(popup, doc):
    QTest.keyClicks(popup.search, "dense")
    QTest.keyClick(popup.search, Qt.Key.Key_Escape)
    assert not popup.isVisible() and doc.undo_stack.count() == 0

"""BuilderView: palette drops, port-drag connections, keys, zoom; checked on the spec."""

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from layerlab.app.builder import commands as c
from layerlab.app.builder.palette import PaletteView
from layerlab.app.builder.view import BuilderView

NO = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def view(qtbot, scene):
    v = BuilderView(scene)
    qtbot.addWidget(v)
    v.resize(700, 700)
    v.show()
    qtbot.waitExposed(v)
    v.centerOn(0, 90)
    return v


def layers(doc):
    return [(ls.id, ls.kind, ls.params, ls.inputs) for ls in doc.to_spec().layers]


def palette_mime(qtbot, label):
    palette = PaletteView()
    qtbot.addWidget(palette)
    item = next(i for i in palette.entry_items() if i.text(0) == label)
    return palette.mimeData([item])


def drop(view, mime: QMimeData, scene_pos: QPointF) -> bool:
    """Drive dragEnter, dragMove and drop at a scene position; True when the drop was taken."""
    p = view.mapFromScene(scene_pos)
    actions = Qt.DropAction.CopyAction
    vp = view.viewport()
    enter = QDragEnterEvent(p, actions, mime, LEFT, NO)
    QApplication.sendEvent(vp, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(vp, QDragMoveEvent(p, actions, mime, LEFT, NO))
    event = QDropEvent(QPointF(p), actions, mime, LEFT, NO)
    QApplication.sendEvent(vp, event)
    return event.isAccepted()


def drag(view, a: QPointF, b: QPointF) -> None:
    vp = view.viewport()
    pa, pb = view.mapFromScene(a), view.mapFromScene(b)
    QTest.mousePress(vp, LEFT, NO, pa)
    QTest.mouseMove(vp, (pa + pb) / 2)
    QTest.mouseMove(vp, pb)
    QTest.mouseRelease(vp, LEFT, NO, pb)


def test_palette_drop_on_empty_canvas_appends_to_the_chain(qtbot, view, doc):
    assert drop(view, palette_mime(qtbot, "Dropout"), QPointF(250, 300))
    assert layers(doc)[-1] == ("dropout1", "Dropout", {}, ("fc2",))
    assert doc.nodes["dropout1"].pos == pytest.approx((250, 300), abs=1)
    doc.undo_stack.undo()
    assert "dropout1" not in doc.nodes and doc.chain() == ["fc1", "relu1", "fc2"]


def test_dropping_an_activation_preset_carries_its_function(qtbot, view, doc):
    drop(view, palette_mime(qtbot, "Tanh"), QPointF(250, 300))
    assert layers(doc)[-1] == ("activation1", "Activation", {"fn": "tanh"}, ("fc2",))


def test_drop_onto_an_edge_inserts_between(qtbot, view, scene, doc):
    edge = scene.edge_item("fc1", "relu1")
    at = edge.mapToScene(edge._path.pointAtPercent(0.5))
    assert drop(view, palette_mime(qtbot, "BatchNorm"), at)
    assert doc.chain() == ["fc1", "batchnorm1", "relu1", "fc2"]
    assert layers(doc)[1] == ("batchnorm1", "BatchNorm", {}, ("fc1",))
    assert doc.undo_stack.count() == 1
    assert scene.edge_item("fc1", "batchnorm1").label == "100"


def test_drop_of_foreign_data_is_refused(view, doc):
    mime = QMimeData()
    mime.setText("hello")
    assert not drop(view, mime, QPointF(250, 300))
    assert doc.undo_stack.count() == 0


def test_port_drag_connects_two_nodes_and_undo_redo_restore_the_spec(view, scene, doc):
    doc.undo_stack.push(c.RemoveEdgeCommand(doc, "relu1", "fc2"))
    before = doc.to_spec()
    vp = view.viewport()
    a = view.mapFromScene(scene.node_item("relu1").output_port())
    b = view.mapFromScene(scene.node_item("fc2").pos())
    QTest.mousePress(vp, LEFT, NO, a)
    QTest.mouseMove(vp, b)
    assert view._wire is not None  # the rubber line follows the mouse
    QTest.mouseRelease(vp, LEFT, NO, b)
    assert ("relu1", "fc2") in doc.edges
    after = doc.to_spec()
    assert after.layers[2].inputs == ("relu1",)
    assert scene.edge_item("relu1", "fc2") is not None
    assert view._wire is None and doc.nodes["relu1"].pos == (0.0, 90.0)  # nothing moved
    doc.undo_stack.undo()
    assert doc.to_spec() == before
    doc.undo_stack.redo()
    assert doc.to_spec() == after


def test_port_drag_onto_empty_canvas_connects_nothing(view, scene, doc):
    drag(view, scene.node_item("fc2").output_port(), QPointF(300, 400))
    assert doc.undo_stack.count() == 0
    assert view._wire is None


def test_delete_key_removes_selected_layer_and_bridges_the_chain(view, scene, doc):
    before = doc.to_spec()
    scene.select_ids(["relu1"])
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert layers(doc) == [("fc1", "Dense", {"units": 100}, ("input",)),
                           ("fc2", "Dense", {"units": 10}, ("fc1",))]  # fmt: skip
    assert scene.edge_item("fc1", "fc2").label == "100"
    doc.undo_stack.undo()
    assert doc.to_spec() == before


def test_delete_key_on_a_selected_edge_disconnects(view, scene, doc):
    scene.edge_item("relu1", "fc2").setSelected(True)
    QTest.keyClick(view, Qt.Key.Key_Backspace)
    assert ("relu1", "fc2") not in doc.edges and len(doc.nodes) == 3
    assert doc.to_spec().layers[2].inputs == ("",)


def test_alt_down_and_alt_up_reorder_the_chain(view, scene, doc):
    scene.select_ids(["fc1"])
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert doc.chain() == ["relu1", "fc1", "fc2"]
    assert doc.nodes["fc1"].pos == (0.0, 90.0)  # positions swapped with the neighbour
    assert doc.undo_stack.count() == 1
    QTest.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert doc.chain() == ["fc1", "relu1", "fc2"]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.chain() == ["fc1", "relu1", "fc2"] and doc.nodes["fc1"].pos == (0.0, 0.0)


def test_ctrl_wheel_zooms_and_fit_all_shows_every_item(view, scene):
    z = view.zoom()
    vp = view.viewport()
    centre = QPointF(vp.rect().center())
    wheel = QWheelEvent(centre, QPointF(vp.mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)  # fmt: skip
    QApplication.sendEvent(vp, wheel)
    assert view.zoom() == pytest.approx(z * 1.15)
    view.fit_all()
    shown = view.mapToScene(vp.rect()).boundingRect()
    assert shown.contains(scene.itemsBoundingRect())


def test_tab_and_a_space_tap_open_the_quick_add_popup(qtbot, view):
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert view.quick_add.isVisible()
    view.quick_add.close()
    QTest.keyPress(view, Qt.Key.Key_Space)
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert view.quick_add.isVisible()
    view.quick_add.close()

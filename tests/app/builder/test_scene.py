"""BuilderScene mirrors the document: items, labels, problem colours, one move per drag."""

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest

from layerlab.app.builder import commands as c
from layerlab.app.builder.document import Node
from layerlab.app.builder.items import EdgeItem, InputItem, NodeItem, summary
from layerlab.app.builder.view import BuilderView


@pytest.fixture
def view(qtbot, scene):
    v = BuilderView(scene)
    qtbot.addWidget(v)
    v.resize(600, 600)
    v.show()
    qtbot.waitExposed(v)
    v.centerOn(0, 90)
    return v


def test_scene_has_an_item_per_node_and_edge_plus_the_input(scene, doc):
    assert isinstance(scene.node_item("input"), InputItem)
    assert all(isinstance(scene.node_item(n), NodeItem) for n in doc.nodes)
    assert sorted(e.key for e in scene.edge_items()) == sorted(doc.edges)
    assert scene.node_item("relu1").pos().toTuple() == doc.nodes["relu1"].pos


def test_edge_labels_show_the_shape_flowing_along_them(scene, doc):
    assert scene.edge_item("input", "fc1").label == "784"
    assert scene.edge_item("fc1", "relu1").label == "100"
    doc.undo_stack.push(c.SetParamCommand(doc, "fc1", "units", 50))
    assert scene.edge_item("fc1", "relu1").label == "50"
    doc.undo_stack.undo()
    assert scene.edge_item("fc1", "relu1").label == "100"


def test_invalid_layer_turns_red_with_its_problem_as_tooltip(scene, doc):
    item = scene.node_item("fc1")
    assert not item.has_problem
    doc.undo_stack.push(c.SetParamCommand(doc, "fc1", "units", -3))
    assert item.has_problem
    assert "at least 1" in item.toolTip()
    assert scene.edge_item("fc1", "relu1").label == "?"
    doc.undo_stack.undo()
    assert not item.has_problem and "at least 1" not in item.toolTip()


def test_scene_follows_undo_and_redo_of_an_added_layer(scene, doc):
    doc.undo_stack.push(c.append_to_chain(doc, Node("sm1", "Softmax", {}, (0.0, 270.0))))
    assert scene.node_item("sm1") is not None and scene.edge_item("fc2", "sm1") is not None
    doc.undo_stack.undo()
    assert scene.node_item("sm1") is None and scene.edge_item("fc2", "sm1") is None
    doc.undo_stack.redo()
    assert scene.edge_item("fc2", "sm1").label == "10"


def test_input_item_shows_the_input_shape(scene, doc):
    doc.undo_stack.push(c.SetSettingCommand(doc, "input_shape", (28, 28, 1)))
    assert scene.node_item("input")._title == "Input 28x28x1"
    assert scene.node_item("fc1").has_problem  # Dense needs a flat input


def test_summaries_name_the_main_parameters(doc):
    doc.undo_stack.push(c.append_to_chain(doc, Node("conv1", "Conv2D", {
        "filters": 6, "kernel_size": 5, "padding": "same"})))  # fmt: skip
    doc.undo_stack.push(c.SetParamCommand(doc, "fc1", "activation", "relu"))
    assert summary(doc, "fc1") == "Dense 100 · relu"
    assert summary(doc, "conv1") == "Conv2D 6@5x5 same"
    assert summary(doc, "relu1") == "Activation relu"


def test_selection_changed_reports_layer_ids_only(qtbot, scene):
    with qtbot.waitSignal(scene.selection_changed_ids) as sig:
        scene.node_item("fc2").setSelected(True)
    assert sig.args == [["fc2"]]
    scene.node_item("input").setSelected(True)
    assert scene.selected_node_ids() == ["fc2"]


def test_dragging_two_selected_nodes_is_one_undo_step(view, scene, doc):
    old = {n: doc.nodes[n].pos for n in ("fc1", "fc2")}
    scene.select_ids(["fc1", "fc2"])
    vp = view.viewport()
    start = view.mapFromScene(scene.node_item("fc1").pos()) + QPoint(40, 0)
    end = start + QPoint(30, 20)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(vp, start + QPoint(10, 5))
    QTest.mouseMove(vp, end)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert doc.undo_stack.count() == 1
    moved = {n: doc.nodes[n].pos for n in ("fc1", "fc2")}
    for n in old:
        dx, dy = moved[n][0] - old[n][0], moved[n][1] - old[n][1]
        assert (dx, dy) != (0, 0) and dx == pytest.approx(30 / view.zoom(), abs=1)
    assert scene.edge_item("fc1", "relu1").label == "100"
    doc.undo_stack.undo()
    assert {n: doc.nodes[n].pos for n in old} == old
    assert scene.node_item("fc2").pos().toTuple() == old["fc2"]


def test_edges_follow_a_moved_node(scene, doc):
    edge = scene.edge_item("fc1", "relu1")
    before = edge.boundingRect()
    doc.undo_stack.push(c.MoveNodesCommand(doc, {"relu1": ((0.0, 90.0), (200.0, 90.0))}))
    assert edge.boundingRect() != before
    assert isinstance(edge, EdgeItem)


def test_renamed_layer_keeps_its_edges_on_the_canvas(scene, doc):
    doc.undo_stack.push(c.RenameNodeCommand(doc, "relu1", "act"))
    assert scene.node_item("relu1") is None and scene.node_item("act")._title == "act"
    assert scene.edge_item("fc1", "act").label == "100" and scene.edge_item("act", "fc2")
    doc.undo_stack.undo()
    assert scene.edge_item("fc1", "relu1") is not None and scene.node_item("act") is None


def test_loaded_layout_places_the_input_item(scene, doc):
    layout = {"input": [50.0, -200.0], "fc1": [0.0, 0.0]}
    doc.load_graph(doc.to_spec(), layout, [], list(doc.edges))
    assert scene.node_item("input").pos().toTuple() == (50.0, -200.0)


def test_items_paint_in_every_state(scene, doc):
    doc.undo_stack.push(c.SetParamCommand(doc, "fc1", "units", -3))
    scene.node_item("fc2").setSelected(True)
    scene.edge_item("relu1", "fc2").setSelected(True)
    scene.edge_item("fc1", "relu1").set_highlighted(True)
    image = QImage(400, 500, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), scene.itemsBoundingRect())
    painter.end()
    assert len({image.pixel(x, y) for x in range(0, 400, 7) for y in range(0, 500, 7)}) > 3

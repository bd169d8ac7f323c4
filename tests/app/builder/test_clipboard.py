"""Copy, paste and duplicate: fresh ids, inner edges kept, one undo step each."""

from PySide6.QtGui import QGuiApplication

from layerlab.app.builder.clipboard import (
    NODES_MIME,
    copy_selection,
    duplicate_selection,
    paste,
)


def test_copy_then_paste_adds_fresh_ids_with_the_inner_edge(scene, doc):
    scene.select_ids(["fc1", "relu1"])
    assert copy_selection(scene)
    assert QGuiApplication.clipboard().mimeData().hasFormat(NODES_MIME)
    new = paste(scene)
    assert len(new) == 2 and not set(new) & {"fc1", "relu1", "fc2"}
    assert (new[0], new[1]) in doc.edges
    spec = {ls.id: ls for ls in doc.to_spec().layers}
    assert spec[new[0]].params == {"units": 100} and spec[new[1]].inputs == (new[0],)
    assert doc.nodes[new[0]].pos == (40.0, 40.0)
    assert scene.selected_node_ids() == new
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert list(doc.nodes) == ["fc1", "relu1", "fc2"]


def test_paste_of_plain_json_text_works_and_garbage_is_ignored(scene, doc):
    QGuiApplication.clipboard().setText("not json")
    assert paste(scene) == []
    QGuiApplication.clipboard().setText(
        '{"nodes": [{"id": "a", "kind": "Dropout", "params": {"rate": 0.2}, "pos": [5, 5]}]}'
    )
    (new,) = paste(scene)
    assert doc.nodes[new].params == {"rate": 0.2}


def test_duplicate_leaves_the_clipboard_alone_and_shifts_each_copy(scene, doc):
    QGuiApplication.clipboard().setText("kept")
    scene.select_ids(["fc2"])
    first = duplicate_selection(scene)
    scene.select_ids(["fc2"])
    second = duplicate_selection(scene)
    assert QGuiApplication.clipboard().text() == "kept"
    assert doc.nodes[first[0]].pos == (40.0, 220.0)
    assert doc.nodes[second[0]].pos == (80.0, 260.0)
    assert first != second and doc.undo_stack.count() == 2

"""Every builder command: redo, undo (spec as before), redo (spec as after)."""

from layerlab.app.builder import commands as c
from layerlab.app.builder.document import Node


def layers(doc):
    return [(ls.id, ls.kind, ls.params, ls.inputs) for ls in doc.to_spec().layers]


def check_undo_redo(doc, cmd):
    before = doc.to_spec(), list(doc.edges)
    doc.undo_stack.push(cmd)
    after = doc.to_spec(), list(doc.edges)
    assert after != before
    doc.undo_stack.undo()
    assert (doc.to_spec(), list(doc.edges)) == before
    doc.undo_stack.redo()
    assert (doc.to_spec(), list(doc.edges)) == after
    return after


def test_loaded_spec_is_a_chain_with_edges(doc):
    assert doc.chain() == ["fc1", "relu1", "fc2"]
    assert doc.edges == [("input", "fc1"), ("fc1", "relu1"), ("relu1", "fc2")]
    assert doc.inference().ok
    assert doc.edge_shape("fc1") == (100,)
    assert doc.undo_stack.count() == 0


def test_append_node_adds_it_after_the_last_layer(doc):
    check_undo_redo(doc, c.append_to_chain(doc, Node("sm", "Softmax")))
    assert doc.chain() == ["fc1", "relu1", "fc2", "sm"]


def test_remove_node_undo_restores_edges_in_order(doc):
    edges = list(doc.edges)
    doc.undo_stack.push(c.RemoveNodeCommand(doc, "relu1"))
    assert "relu1" not in doc.nodes
    assert doc.chain() == ["fc1"]
    doc.undo_stack.undo()
    assert doc.edges == edges


def test_delete_bridges_the_chain_and_undoes_as_one_step(doc):
    check_undo_redo(doc, c.delete_nodes(doc, ["relu1"]))
    assert doc.chain() == ["fc1", "fc2"]
    assert doc.undo_stack.count() == 1


def test_insert_between_splits_an_edge(doc):
    node = Node("bn1", "BatchNorm")
    check_undo_redo(doc, c.insert_between(doc, node, "fc1", "relu1"))
    assert doc.chain() == ["fc1", "bn1", "relu1", "fc2"]
    assert doc.to_spec().layers[1].kind == "BatchNorm"


def test_connect_and_disconnect(doc):
    doc.undo_stack.push(c.RemoveEdgeCommand(doc, "relu1", "fc2"))
    assert doc.chain() == ["fc1", "relu1"]
    assert any(p.code == "disconnected" for p in doc.inference().problems)
    check_undo_redo(doc, c.AddEdgeCommand(doc, "relu1", "fc2"))
    assert doc.inference().ok


def test_set_param_changes_the_spec_and_merges_repeated_edits(doc):
    doc.undo_stack.push(c.SetParamCommand(doc, "fc1", "units", 50))
    doc.undo_stack.push(c.SetParamCommand(doc, "fc1", "units", 60))
    assert doc.undo_stack.count() == 1
    assert doc.to_spec().layers[0].params["units"] == 60
    doc.undo_stack.undo()
    assert doc.to_spec().layers[0].params["units"] == 100


def test_invalid_param_marks_the_layer_and_stays_editable(doc):
    doc.undo_stack.push(c.SetParamCommand(doc, "fc1", "units", -3))
    problems = doc.problems_by_node()
    assert "fc1" in problems and "at least 1" in problems["fc1"][0].message
    doc.undo_stack.undo()
    assert doc.inference().ok


def test_move_is_one_step_and_restores_positions(doc):
    old = doc.nodes["fc1"].pos
    doc.undo_stack.push(c.MoveNodesCommand(doc, {"fc1": (old, (50.0, 60.0))}))
    assert doc.nodes["fc1"].pos == (50.0, 60.0)
    doc.undo_stack.undo()
    assert doc.nodes["fc1"].pos == old


def test_reorder_moves_a_layer_in_the_chain(doc):
    check_undo_redo(doc, c.reorder(doc, "fc1", "relu1"))
    assert doc.chain() == ["relu1", "fc1", "fc2"]


def test_paste_copies_nodes_with_fresh_ids_and_inner_edges(doc):
    nodes = [doc.nodes["fc1"], doc.nodes["relu1"]]
    cmd, ids = c.paste_nodes(doc, nodes, [("fc1", "relu1")])
    check_undo_redo(doc, cmd)
    assert ids["fc1"] not in ("fc1", "relu1", "fc2")
    assert (ids["fc1"], ids["relu1"]) in doc.edges
    assert doc.nodes[ids["fc1"]].params == {"units": 100}


def test_setting_change_is_undoable(doc):
    check_undo_redo(doc, c.SetSettingCommand(doc, "input_shape", (28, 28, 1)))
    assert any(p.code == "needs_flat" for p in doc.inference().problems)


def test_rename_keeps_place_and_edges(doc):
    check_undo_redo(doc, c.RenameNodeCommand(doc, "relu1", "act"))
    assert doc.chain() == ["fc1", "act", "fc2"]
    assert list(doc.nodes) == ["fc1", "act", "fc2"]
    assert ("fc1", "act") in doc.edges and ("act", "fc2") in doc.edges

"""InspectorPanel: validated editors bound both ways to the document through undo commands."""

import pytest
from PySide6.QtCore import Qt

from layerlab.app.builder.commands import SetParamCommand, SetSettingCommand
from layerlab.app.builder.document import GraphDocument
from layerlab.app.builder.inspector import InspectorPanel
from layerlab.app.views.params_panel import ParamsPanel
from layerlab.app.views.style import PROBLEM
from layerlab.engine.spec import NetworkSpec

MLP = {"input": {"shape": [784]}, "batch_size": 100, "layers": [
    {"id": "fc1", "kind": "Dense", "units": 100},
    {"id": "bn1", "kind": "BatchNorm"},
    {"id": "relu1", "kind": "Activation", "fn": "relu"},
    {"id": "fc2", "kind": "Dense", "units": 10}]}  # fmt: skip
CNN = {"input": {"shape": [28, 28, 1]}, "layers": [
    {"id": "conv1", "kind": "Conv2D", "filters": 8, "kernel_size": 5},
    {"id": "flat", "kind": "Flatten"},
    {"id": "out", "kind": "Dense", "units": 10}]}  # fmt: skip


def make_doc(data):
    d = GraphDocument()
    d.load_spec(NetworkSpec.from_dict(data))
    return d


@pytest.fixture
def doc(qapp):
    return make_doc(MLP)


@pytest.fixture
def inspector(qtbot, doc):
    panel = InspectorPanel(doc)
    qtbot.addWidget(panel)
    return panel


def spec_params(doc, layer_id):
    return next(ls.params for ls in doc.to_spec().layers if ls.id == layer_id)


def type_into(qtbot, line, text):
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_editing_units_pushes_one_undo_step_and_updates_spec_and_panel(qtbot, inspector, doc):
    panel = ParamsPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    inspector.show_node("fc1")
    spin = inspector.editor("units").spin
    assert spin.value() == 100
    for value in (5, 50):  # keystrokes of one edit merge into one step
        spin.setValue(value)
    assert doc.undo_stack.count() == 1
    assert isinstance(doc.undo_stack.command(0), SetParamCommand)
    assert spec_params(doc, "fc1")["units"] == 50
    qtbot.wait(1)
    assert panel.summary.trainable == 784 * 50 + 50 + 2 * 50 + 50 * 10 + 10
    assert inspector._param_formula.text() == "parameters: 784x50+50 = 39,250"


def test_undo_updates_the_editor_without_pushing_a_command(inspector, doc):
    inspector.show_node("fc1")
    inspector.editor("units").spin.setValue(64)
    doc.undo_stack.undo()
    assert inspector.editor("units").spin.value() == 100
    assert doc.undo_stack.count() == 1 and doc.undo_stack.index() == 0
    doc.undo_stack.redo()
    assert inspector.editor("units").spin.value() == 64
    assert doc.undo_stack.count() == 1


def test_invalid_units_from_the_document_show_the_problem_in_red(inspector, doc):
    inspector.show_node("fc1")
    doc.undo_stack.push(SetParamCommand(doc, "fc1", "units", -3))
    problems = inspector._problems
    assert "'units' must be at least 1, got -3" in problems.text()
    assert PROBLEM.name() in problems.styleSheet()
    assert inspector._param_formula.text() == "parameters: ?"
    assert inspector._formula.text() == "y = f(x·W + b)"  # still known without a shape
    assert doc.undo_stack.count() == 1  # showing the bad value pushed nothing
    doc.undo_stack.undo()
    assert problems.text() == ""


def test_conv_parameter_formula_follows_the_input_shape(qtbot):
    doc = make_doc(CNN)
    panel = InspectorPanel(doc)
    qtbot.addWidget(panel)
    panel.show_node("conv1")
    assert panel._param_formula.text() == "parameters: 5x5x1x8+8 = 208"
    assert panel._shapes.text() == "28x28x1 → 24x24x8"
    doc.undo_stack.push(SetSettingCommand(doc, "input_shape", (28, 28, 3)))
    assert panel._param_formula.text() == "parameters: 5x5x3x8+8 = 608"
    doc.undo_stack.push(SetSettingCommand(doc, "input_shape", (784,)))  # not an image
    assert panel._param_formula.text() == "parameters: ?"
    assert "needs an image input" in panel._problems.text()


def test_pair_and_padding_editors_write_lists_and_pixels(qtbot):
    doc = make_doc(CNN)
    panel = InspectorPanel(doc)
    qtbot.addWidget(panel)
    panel.show_node("conv1")
    assert [s.value() for s in panel.editor("kernel_size").spins] == [5, 5]
    panel.editor("kernel_size").spins[1].setValue(3)
    assert spec_params(doc, "conv1")["kernel_size"] == [5, 3]
    padding = panel.editor("padding")
    padding.combo.setCurrentIndex(2)
    padding.spin.setValue(2)
    assert spec_params(doc, "conv1")["padding"] == 2
    assert panel._shapes.text() == "28x28x1 → 28x30x8"


def test_activation_formula_follows_its_function(inspector, doc):
    inspector.show_node("relu1")
    assert inspector._formula.text() == "y = max(0, x)"
    inspector.editor("fn").combo.setCurrentText("tanh")
    assert spec_params(doc, "relu1")["fn"] == "tanh"
    assert inspector._formula.text() == "y = tanh(x)"


def test_float_editor_accepts_scientific_notation(qtbot, inspector, doc):
    inspector.show_node("bn1")
    line = inspector.editor("eps").line
    assert line.text() == "1e-05"
    type_into(qtbot, line, "1e-7")
    assert spec_params(doc, "bn1")["eps"] == pytest.approx(1e-7)
    assert doc.undo_stack.count() == 1


def test_settings_lr_edit_pushes_a_set_setting_command(qtbot, inspector, doc):
    inspector.show_node(None)
    line = inspector.editor("opt.lr").line
    assert line.text() == "0.01"
    type_into(qtbot, line, "0.05")
    assert doc.undo_stack.count() == 1
    assert isinstance(doc.undo_stack.command(0), SetSettingCommand)
    assert doc.settings["optimizer"] == {"kind": "sgd", "lr": 0.05}
    doc.undo_stack.undo()
    assert line.text() == "0.01"
    assert doc.undo_stack.count() == 1


def test_optimizer_kind_change_shows_that_kinds_settings(inspector, doc):
    inspector.show_node(None)
    inspector.editor("optimizer").combo.setCurrentText("adam")
    assert doc.settings["optimizer"] == {"kind": "adam"}
    assert inspector.editor("opt.lr").line.text() == "0.001"  # adam's default
    assert inspector.editor("opt.beta2").line.text() == "0.999"
    doc.undo_stack.undo()
    assert inspector.editor("optimizer").combo.currentText() == "sgd"
    with pytest.raises(KeyError):
        inspector.editor("opt.beta2")


def test_network_settings_edits_are_undoable(qtbot, inspector, doc):
    inspector.show_node(None)
    inspector.editor("batch_size").spin.setValue(64)
    inspector.editor("loss").combo.setCurrentText("mse")
    type_into(qtbot, inspector.editor("input_shape").line, "28,28,1")
    assert doc.settings["batch_size"] == 64 and doc.settings["loss"] == "mse"
    assert doc.settings["input_shape"] == (28, 28, 1)
    assert doc.undo_stack.count() == 3
    assert "needs a flat input" in doc.inference().problems[0].message


def test_weight_stats_fill_a_row_per_tensor(inspector):
    inspector.show_node("fc1")
    stats = {"weight": {"mean": 0.001, "std": 0.05, "min": -0.2, "max": 0.21, "zeros": 0.25}}
    inspector.set_weight_stats(stats)
    table = inspector._weights
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(6)] == [
        "weight", "0.001", "0.05", "-0.2", "0.21", "25.0%"]  # fmt: skip
    inspector.show_node("fc2")  # another layer: its statistics are not known yet
    assert table.rowCount() == 0


def test_removing_the_inspected_layer_shows_the_settings(inspector, doc):
    inspector.show_node("fc2")
    assert inspector._stack.currentIndex() == 0
    doc.remove_node("fc2")
    assert inspector.node_id is None
    assert inspector._stack.currentIndex() == 1


def test_schedule_editor_sets_the_optimizer_schedule_the_engine_accepts(qtbot, inspector, doc):
    from layerlab.engine.optimizers import parse_optimizer

    inspector.show_node(None)
    edit = inspector._schedule_edit
    edit.kind.setCurrentIndex(edit.kind.findData("step"))
    step = {"kind": "step", "step_size": 10.0, "gamma": 0.1}
    assert doc.settings["optimizer"]["schedule"] == step
    spin = edit.spins["gamma"]
    spin.setValue(0.5)
    spin.editingFinished.emit()
    sched = doc.settings["optimizer"]["schedule"]
    assert sched == {"kind": "step", "step_size": 10.0, "gamma": 0.5}
    cfg = parse_optimizer(doc.chain_spec().optimizer)
    assert cfg.schedule == sched
    doc.undo_stack.undo()  # consecutive edits of one setting merge into one undo step
    assert "schedule" not in doc.settings["optimizer"]
    assert edit.kind.currentData() == "constant" and edit.spins == {}  # follows the document
    doc.undo_stack.redo()
    assert edit.kind.currentData() == "step" and edit.spins["gamma"].value() == 0.5
    edit.kind.setCurrentIndex(edit.kind.findData("constant"))
    assert "schedule" not in doc.settings["optimizer"] and edit.spins == {}

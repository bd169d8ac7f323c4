"""ParamsPanel: per-layer counts and memory that match the engine's summary, live while editing."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from layerlab.app.builder.commands import SetParamCommand, SetSettingCommand
from layerlab.app.builder.document import GraphDocument
from layerlab.app.views.params_panel import MEMORY_KEYS, ParamsPanel
from layerlab.engine.memory import human_bytes
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.summary import summarize

REFERENCE = {"input": {"shape": [784]}, "batch_size": 100, "layers": [
    {"id": "fc1", "kind": "Dense", "units": 100},
    {"id": "bn1", "kind": "BatchNorm"},
    {"id": "relu1", "kind": "Activation", "fn": "relu"},
    {"id": "fc2", "kind": "Dense", "units": 10}]}  # fmt: skip


@pytest.fixture
def doc(qapp):
    d = GraphDocument()
    d.load_spec(NetworkSpec.from_dict(REFERENCE))
    return d


@pytest.fixture
def panel(qtbot, doc):
    p = ParamsPanel(doc)
    qtbot.addWidget(p)  # closed and deleted after the test
    p.show()
    return p


def cell(panel, row, col):
    return panel.table.item(row, col).data(Qt.ItemDataRole.UserRole)


def total_row(panel):
    return panel.table.rowCount() - 1


def settle(qtbot):
    qtbot.wait(1)  # lets the 0 ms refresh timer fire


def test_reference_network_shows_79710_trainable_and_200_non_trainable(panel):
    row = total_row(panel)
    assert panel.table.rowCount() == 5
    assert panel.table.item(row, 2).text() == "79,710 / 200"
    assert cell(panel, row, 2) == (79_710, 200)
    assert panel.table.item(0, 0).text() == "fc1 (Dense)"
    assert cell(panel, 0, 2) == (78_500, 0)
    assert cell(panel, 1, 2) == (200, 200)  # gamma, beta / running mean, var
    assert cell(panel, 0, 3) == 784 * 100 * 100  # mult-adds for the batch of 100


def test_memory_totals_equal_the_engine_summary_for_batch_100(panel, doc):
    expected = summarize(doc.to_spec(), 100).memory
    assert panel.batch.value() == 100
    assert panel.memory == expected
    assert panel.memory["training_total"] == 1_559_720
    assert cell(panel, total_row(panel), 4) == expected["activations"]
    assert cell(panel, total_row(panel), 5) == expected["activation_grads"]
    text = panel.memory_text.text()
    assert human_bytes(expected["training_total"]) in text
    assert human_bytes(expected["inference_total"]) in text
    widths = panel.bars.opts["width"]
    mb = [expected[k] / 1024**2 for k in MEMORY_KEYS]
    assert list(widths) == pytest.approx(mb)  # 1.5 MB training total: the chart is in MB
    assert panel.plot.getAxis("bottom").labelText == "MB"


def test_panel_batch_size_scales_activation_memory_without_editing_the_document(panel, doc, qtbot):
    before = cell(panel, 0, 4)
    panel.batch.setValue(200)
    settle(qtbot)
    assert cell(panel, 0, 4) == 2 * before == 80_000  # fc1: 100 floats per sample
    assert cell(panel, 3, 4) == 2 * 4_000
    assert panel.memory == summarize(doc.to_spec(), 200).memory
    assert panel.memory["input"] == 2 * 313_600
    assert cell(panel, total_row(panel), 2) == (79_710, 200)  # parameters do not scale
    assert doc.settings["batch_size"] == 100
    assert doc.undo_stack.count() == 0


def test_float16_what_if_halves_every_byte_count(panel, qtbot):
    float32 = dict(panel.memory)
    panel.dtype.setCurrentIndex(panel.dtype.findData("float16"))
    settle(qtbot)
    assert panel.memory == {k: v // 2 for k, v in float32.items()}
    assert cell(panel, 0, 4) == 20_000
    assert "what if" in panel.dtype.currentText()
    assert "float32" in panel.memory_text.text()  # says what the engine really runs


def test_document_batch_setting_moves_the_panel_batch(panel, doc, qtbot):
    doc.undo_stack.push(SetSettingCommand(doc, "batch_size", 50))
    settle(qtbot)
    assert panel.batch.value() == 50
    assert panel.memory["activations"] == summarize(doc.to_spec(), 50).memory["activations"]


def test_burst_of_edits_is_computed_once(panel, doc, qtbot, monkeypatch):
    calls = []
    real = panel.refresh
    monkeypatch.setattr(panel, "refresh", lambda: (calls.append(1), real()))
    for units in (20, 30, 40):
        doc.undo_stack.push(SetParamCommand(doc, "fc1", "units", units))
    settle(qtbot)
    assert len(calls) == 1
    assert cell(panel, 0, 2) == (784 * 40 + 40, 0)


def test_invalid_network_shows_problems_and_greys_out_the_last_numbers(panel, doc, qtbot):
    doc.undo_stack.push(SetParamCommand(doc, "fc1", "units", -3))
    settle(qtbot)
    assert panel._problems.isVisible()
    assert "'units' must be at least 1, got -3" in panel._problems.text()
    assert not panel.table.isEnabled()
    assert not panel.copy_button.isEnabled()
    assert cell(panel, total_row(panel), 2) == (79_710, 200)  # last valid numbers, greyed
    doc.undo_stack.undo()
    settle(qtbot)
    assert panel.table.isEnabled()
    assert not panel._problems.isVisible()


def test_copy_as_text_puts_the_torchinfo_summary_on_the_clipboard(panel):
    QGuiApplication.clipboard().clear()
    panel.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert "Trainable params: 79,710" in text
    assert "Non-trainable params: 200" in text
    assert "fc1 (Dense)" in text


def test_measured_memory_is_shown_next_to_the_estimate_and_hidden_by_none(panel):
    panel.set_measured_memory(3 * 1024 * 1024)
    assert panel.measured.isVisible()
    assert panel.measured.text() == "measured process memory: 3.0 MB"
    panel.set_measured_memory(None)
    assert not panel.measured.isVisible()


def test_hidden_panel_defers_work_until_shown(qtbot, doc):
    p = ParamsPanel(doc)
    qtbot.addWidget(p)
    settle(qtbot)
    assert p.summary is None
    p.show()
    assert p.summary is not None and p.summary.trainable == 79_710

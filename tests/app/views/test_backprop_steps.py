"""BackpropStepsView: stepping through Mazur's example, the app's network on a data sample, and
the message for networks it cannot show."""

from types import SimpleNamespace

import numpy as np
import pytest

from layerlab.app.builder.commands import SetParamCommand
from layerlab.app.builder.document import GraphDocument
from layerlab.app.presets import load_preset
from layerlab.app.session import RunSettings, Session
from layerlab.app.views.backprop_steps import DOCK, TEXTBOOK, BackpropStepsView
from layerlab.app.views.training_panel import TrainingPanel
from layerlab.data import load_dataset
from layerlab.engine.backprop_steps import target_vector, trace_backprop
from layerlab.engine.network import Network


@pytest.fixture
def session():
    s = Session()
    yield s
    s.shutdown()


def make_view(qtbot, session, preset, dataset="xor_gate"):
    doc = GraphDocument()
    load_preset(doc, preset)
    view = BackpropStepsView(session, doc, lambda: RunSettings(dataset=dataset))
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    return view


def test_textbook_example_steps_to_mazurs_numbers(qtbot, session):
    view = make_view(qtbot, session, "reference_bn.json")  # the builder's network: too big
    view.source.setCurrentIndex(view.source.findData(TEXTBOOK))
    assert view.message.isHidden() and view.stage == 0
    out_o1 = view.diagram.neuron_labels[(2, 0)]
    assert not out_o1.isVisible()  # nothing computed yet
    assert view.table_values() == {"i1": "0.05", "i2": "0.1", "t[o1]": "0.01", "t[o2]": "0.99"}

    view.next_button.click()  # forward through the hidden layer
    assert view.table_values()["a[h1]"] == "0.593269992"
    assert "a = 0.59327" in view.diagram.neuron_labels[(1, 0)].text()
    view.next_button.click()  # forward through the output layer
    assert view.table_values()["a[o1]"] == "0.75136507"
    assert out_o1.isVisible() and "a = 0.751365" in out_o1.text()
    view.next_button.click()  # the loss
    assert view.table_values()["L"] == "0.298371109"
    assert "L = 0.298371109" in view.diagram.loss_label.text()
    view.next_button.click()  # backward through the output layer
    values = view.table_values()
    assert float(values["δ[o1]"]) == pytest.approx(0.138498562, abs=1e-9)
    assert float(values["∂L/∂w5"]) == pytest.approx(0.082167041, abs=1e-9)
    assert float(values["∂L/∂a[h1]"]) == pytest.approx(0.036350306, abs=1e-9)
    assert "∂L/∂w5 = 0.082167" in view.diagram.link_labels[(1, 0, 0)].text()
    assert "δ" not in view.diagram.neuron_labels[(1, 0)].text()  # hidden layer: not yet
    view.next_button.click()  # backward through the hidden layer
    assert float(view.table_values()["∂L/∂w1"]) == pytest.approx(0.000438568, abs=1e-9)
    view.next_button.click()  # the update
    values = view.table_values()
    assert values["w5"] == "0.35891648" and values["w1"] == "0.149780716"
    assert values["w6"] == "0.408666186" and values["w4"] == "0.299502287"
    assert view.diagram.link_labels[(1, 0, 0)].text() == "w5: 0.4 → 0.358916"
    assert not view.next_button.isEnabled()
    assert "Stage 7 of 7" in view.stage_label.text()


def test_buttons_step_back_jump_over_passes_and_reset(qtbot, session):
    view = make_view(qtbot, session, "xor_2_4_1.json")
    view.source.setCurrentIndex(view.source.findData(TEXTBOOK))
    assert not view.back_button.isEnabled()
    view.forward_button.click()
    assert view.trace.stages[view.stage].kind == "loss" and view.stage == 3
    view.back_button.click()
    assert view.stage == 2 and "L" not in view.table_values()
    view.backward_button.click()
    assert view.stage == 6 and view.slider.value() == 6
    view.slider.setValue(4)
    assert view.stage == 4 and "∂L/∂w5" in view.table_values()
    view.reset_button.click()
    assert view.stage == 0 and view.slider.value() == 0


def test_a_data_sample_goes_through_the_builders_network(qtbot, session):
    view = make_view(qtbot, session, "xor_2_4_1.json", dataset="xor_gate")
    view.sample.setValue(2)
    spec = view.doc.chain_spec()
    ds = load_dataset("xor_gate").train
    expected = trace_backprop(
        spec, Network(spec).params, ds.x[2], target_vector(ds.y[2], 1)
    )  # not trained: the initial weights, the same for the same seed
    view.forward_button.click()
    assert float(view.table_values()["L"]) == pytest.approx(expected.loss, rel=1e-9)
    assert "initial weights" in view.note.text()
    view.backward_button.click()
    w = expected.layers[0].new_weight
    assert float(view.table_values()["w(x1→h3)"]) == pytest.approx(w[0, 2], rel=1e-9)


def test_the_sessions_current_weights_are_used_once_it_has_built_the_network(qtbot, session):
    view = make_view(qtbot, session, "xor_2_4_1.json", dataset="xor_gate")
    session.run = RunSettings(dataset="xor_gate")
    session.prepare(view.doc.chain_spec())  # rebuilt: the view reloads
    session.net.params["out.weight"][...] = [[0.5], [-0.25], [1.0], [2.0]]
    view.reset_button.click()
    view.forward_button.click()
    ds = load_dataset("xor_gate").train
    expected = trace_backprop(
        session.net.spec, session.net.params, ds.x[0], target_vector(ds.y[0], 1)
    )
    assert float(view.table_values()["L"]) == pytest.approx(expected.loss, rel=1e-9)
    assert "current weights" in view.note.text()


def test_an_unsupported_network_shows_the_message(qtbot, session):
    view = make_view(qtbot, session, "reference_bn.json")
    assert not view.message.isHidden()
    assert "784" in view.message.text() and "at most 64" in view.message.text()
    assert view.trace is None and view.table.rowCount() == 0
    assert not view.diagram.neurons and not view.next_button.isEnabled()


def test_editing_the_builder_past_the_limits_shows_the_message_and_undo_restores(qtbot, session):
    view = make_view(qtbot, session, "xor_2_4_1.json")
    assert view.trace is not None
    view.doc.undo_stack.push(SetParamCommand(view.doc, "hidden", "units", 100))
    assert "100 units" in view.message.text() and view.trace is None
    view.doc.undo_stack.undo()
    assert view.message.isHidden() and len(view.diagram.neurons) == 2 + 4 + 1


def test_a_data_set_that_does_not_fit_the_input_says_so(qtbot, session):
    view = make_view(qtbot, session, "xor_2_4_1.json", dataset="mnist5k")
    assert "784 values" in view.message.text() and "takes 2" in view.message.text()


def test_dock_samples_the_training_panels_data_set(qtbot, session):
    doc = GraphDocument()
    load_preset(doc, "xor_2_4_1.json")
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.dataset.setCurrentIndex(panel.dataset.findData("xor_gate"))
    view = DOCK.factory(SimpleNamespace(session=session, doc=doc, training=panel))
    qtbot.addWidget(view)
    assert "xor_gate" in view.note.text()
    panel.dataset.setCurrentIndex(panel.dataset.findData("and"))
    assert "Sample 0 of and" in view.note.text()
    ds = load_dataset("and").train
    np.testing.assert_allclose(view.trace.x, ds.x[0])


def test_numbers_print_to_nine_digits_without_negative_zero():
    from layerlab.app.views.backprop_table import num

    assert num(0.2983711087600027) == "0.298371109"
    assert num(-0.0) == "0"

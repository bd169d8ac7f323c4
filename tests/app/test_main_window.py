"""The main window: docks, presets, edit actions, rename, and no JIT on the GUI thread."""

import threading

import pytest
from PySide6.QtCore import QSettings

from layerlab.app.builder.commands import SetParamCommand
from layerlab.app.builder.document import GraphDocument
from layerlab.app.i18n import Translation
from layerlab.app.main_window import MainWindow
from layerlab.app.presets import load_preset, presets
from layerlab.app.session import Session
from layerlab.app.settings import AppSettings

from .conftest import FakeWarmup


@pytest.fixture
def window(qtbot, new_window):
    w = new_window()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_window_shows_the_reference_network_and_its_parameter_count(window):
    assert window.doc.chain() == ["fc1", "bn1", "relu1", "fc2"]
    assert "79,710" in window.statusBar().currentMessage()
    core = {"palette", "inspector", "params", "problems", "training", "curves"}
    assert core <= set(window._docks)  # plus the docks view modules declare


def test_every_preset_loads_from_the_menu(window):
    titles = [a.text() for a in window.presets_menu.actions()]
    assert len(titles) == len(presets())
    for file_name, _ in presets():
        window.open_preset(file_name)
        assert window.doc.chain(), file_name


def test_opening_a_preset_chooses_the_data_set_it_was_made_for(window):
    window.open_preset("playground_spiral.json")
    assert window.training.dataset.currentData() == "spiral"
    window.open_preset("perceptron_and.json")
    assert window.training.dataset.currentData() == "and"
    window.open_preset("mlp_784_128_64_10.json")
    assert window.training.dataset.currentData() == "mnist5k"


def test_a_saved_project_reopens_with_its_data_set(window, tmp_path):
    window.open_preset("playground_circle.json")
    window.training.select_dataset("moons")  # the learner's own choice
    path = tmp_path / "moons.layerlab"
    assert window.files.save_to(path)
    window.training.select_dataset("mnist5k")
    assert window.files.open_path(str(path))
    assert window.training.dataset.currentData() == "moons"


def test_a_data_set_that_is_not_offered_is_said_and_the_choice_kept(window, tmp_path):
    spec = load_spec_text(window, "playground_xor.json").replace('"xor"', '"not_installed"')
    path = tmp_path / "net.json"
    path.write_text(spec, encoding="utf-8")
    window.training.select_dataset("circle")
    assert window.files.open_path(str(path))
    assert window.training.dataset.currentData() == "circle"
    assert "not_installed" in window.statusBar().currentMessage()


def load_spec_text(window, file_name: str) -> str:
    from importlib import resources

    folder = resources.files("layerlab") / "resources" / "examples"
    return (folder / file_name).read_text(encoding="utf-8")


def test_undo_action_reverts_an_edit(window):
    window.doc.undo_stack.push(SetParamCommand(window.doc, "fc1", "units", 50))
    assert window.doc.to_spec().layers[0].params["units"] == 50
    window.act_undo.trigger()
    assert window.doc.to_spec().layers[0].params["units"] == 100
    window.act_redo.trigger()
    assert window.doc.to_spec().layers[0].params["units"] == 50


def test_f2_renames_the_selected_layer(window, monkeypatch):
    window.select_node("relu1")
    monkeypatch.setattr(
        "layerlab.app.main_window.QInputDialog.getText", lambda *a, **k: ("act1", True)
    )
    window.act_rename.trigger()
    assert window.doc.chain() == ["fc1", "bn1", "act1", "fc2"]
    window.act_undo.trigger()
    assert window.doc.chain() == ["fc1", "bn1", "relu1", "fc2"]


def test_title_marks_unsaved_changes(window):
    assert "*" not in window.windowTitle()
    window.doc.undo_stack.push(SetParamCommand(window.doc, "fc1", "units", 50))
    assert "*" in window.windowTitle()


def test_problem_click_selects_the_layer(window, qtbot):
    window.doc.undo_stack.push(SetParamCommand(window.doc, "fc1", "units", -3))
    assert window.problems.count() >= 1
    window.problems.node_activated.emit("fc1")
    assert window.scene.selected_node_ids() == ["fc1"]


def test_building_and_editing_never_compiles_kernels_on_the_gui_thread(qtbot, tmp_path,
                                                                      monkeypatch):  # fmt: skip
    from numba.core.dispatcher import Dispatcher

    compiled_on = []
    original = Dispatcher._compile_for_args

    def spy(self, *args, **kwargs):
        compiled_on.append(threading.current_thread() is threading.main_thread())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Dispatcher, "_compile_for_args", spy)
    monkeypatch.setenv("LAYERLAB_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    doc = GraphDocument()
    w = MainWindow(doc, settings, Translation(), FakeWarmup(), Session())
    qtbot.addWidget(w)
    w.show()
    for file_name, _ in presets():
        load_preset(doc, file_name)
        qtbot.wait(1)
    assert not any(compiled_on)
    w.close()

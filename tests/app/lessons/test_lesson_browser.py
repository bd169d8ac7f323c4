"""The lesson browser: topics in course order, lesson text, Open lesson applying the setup to
the real window, errors shown instead of raised, steps pointing at widgets."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from layerlab.app.builder.commands import SetParamCommand
from layerlab.app.lessons.dock_access import dock_view, find_dock, is_open
from layerlab.app.lessons.pointer import PointerFlash
from layerlab.app.lessons.setup import preset_spec
from layerlab.app.views.lesson_browser import ROLE_ERROR, ROLE_LESSON, LessonBrowserView
from layerlab.lessons.catalog import load_catalog


def in_front(qtbot, dock) -> bool:
    """Shown and not behind another tab (a tab behind another still says isVisible())."""
    qtbot.wait(20)  # the dock layout settles
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def _tree(browser):
    """[(topic title, [lesson titles])] as the tree shows them."""
    out = []
    for i in range(browser.tree.topLevelItemCount()):
        top = browser.tree.topLevelItem(i)
        out.append((top.text(0), [top.child(j).text(0) for j in range(top.childCount())]))
    return out


def test_topics_follow_the_course_and_lessons_their_order(browser):
    tree = _tree(browser)
    assert [t for t, _ in tree][:3] == ["Perceptron", "Multilayer networks", "Activation functions"]
    assert tree[2][1] == ["Inline circle", "Settings only"]  # order 5, then 7
    item = browser.lesson_item("xor_setup")
    assert item.toolTip(0) == "XOR setup as in the book"


def test_chinese_interface_shows_chinese_titles_and_text(lesson_folder, window):
    window.translation.language = "zh_CN"
    browser = LessonBrowserView(window)
    try:
        assert _tree(browser)[0] == ("感知机", ["异或设置"])
        browser.select_lesson("xor_setup")
        text = browser.text.toPlainText()
        assert "异或设置的介绍" in text and "观察损失" in text and "书中的异或设置" in text
    finally:
        browser.deleteLater()


def test_selecting_a_lesson_shows_its_text_with_numbered_steps(browser):
    browser.tree.setCurrentItem(browser.lesson_item("xor_setup"))
    text = browser.text.toPlainText()
    assert "XOR setup" in text and "Intro of XOR setup." in text
    assert "Press Train." in text and "(@train_button)" not in text
    assert browser.text.step_count == 3
    assert browser.text.step_block(1).text() == "Watch the loss."
    assert browser.open_button.isEnabled()


def test_open_lesson_sets_up_network_settings_data_and_views(browser, window, qtbot):
    assert browser.open_lesson("xor_setup")
    spec = window.doc.chain_spec()
    want = preset_spec("xor_2_4_1")
    assert spec.layers == want.layers and spec.input_shape == (2,)
    assert spec.optimizer == {"kind": "adam", "lr": 0.05}
    assert (spec.seed, spec.batch_size) == (7, 2)
    run = window.training.run_settings()
    assert (run.dataset, run.epochs, run.target_loss, run.target_accuracy) == (
        "xor_gate",
        300,
        0.01,
        None,
    )
    assert window.doc.undo_stack.isClean()  # a fresh network, like a preset
    for name in ("curves", "network_diagram", "lesson_figure", "lessons"):
        assert is_open(find_dock(window, name)), name
    for name in ("curves", "lesson_figure", "lessons"):  # raised, not behind a tab
        assert in_front(qtbot, find_dock(window, name)), name
    assert not in_front(qtbot, find_dock(window, "network_diagram"))  # one tab group: 1st wins
    assert window.dockWidgetArea(find_dock(window, "lesson_figure")) == (
        Qt.DockWidgetArea.BottomDockWidgetArea
    )
    figure = dock_view(find_dock(window, "lesson_figure"))
    assert figure.lesson.id == "xor_setup"
    assert browser.opened.id == "xor_setup"


def test_inline_network_and_data_set_options_reach_the_session(browser, window):
    assert browser.open_lesson("inline")
    assert [ls.id for ls in window.doc.chain_spec().layers] == ["h", "o"]
    run = window.training.run_settings()
    assert (run.dataset, run.options) == ("circle", {"n": 100, "noise": 0.1, "seed": 3})
    assert window.control._prepare()  # what Train does before the first step
    assert window.session.splits.train.x.shape == (80, 2)  # n = 100 less 20% validation
    window.training.dataset.setCurrentIndex(window.training.dataset.findData("moons"))
    assert window.training.run_settings().options == {}  # the learner's choice: defaults


def test_a_lesson_changing_settings_only_is_one_undo_step(browser, window, qtbot):
    before = window.doc.chain_spec()
    assert browser.open_lesson("settings_only")
    assert in_front(qtbot, find_dock(window, "lessons"))  # its steps stay readable
    assert not in_front(qtbot, find_dock(window, "palette"))  # the view it names: a tab
    assert not is_open(find_dock(window, "lesson_figure"))  # no figure to show
    after = window.doc.chain_spec()
    assert after.layers == before.layers
    assert after.optimizer == {"kind": "momentum", "lr": 0.02} and after.seed == 11
    window.act_undo.trigger()
    assert window.doc.chain_spec() == before


def test_declining_to_discard_unsaved_changes_keeps_the_network(browser, window, monkeypatch):
    window.doc.undo_stack.push(SetParamCommand(window.doc, "fc1", "units", 50))
    asked = []
    monkeypatch.setattr(
        "layerlab.app.document_files.DocumentFiles.confirm_discard",
        lambda s: asked.append(1) or False,
    )
    before = window.doc.chain_spec()
    assert not browser.open_lesson("xor_setup")
    assert asked == [1]
    assert window.doc.chain_spec() == before
    assert window.training.run_settings().dataset == "mnist5k"
    assert "kept" in browser.message.text()


def test_invalid_setups_say_why_and_change_nothing(browser, window):
    before, run = window.doc.chain_spec(), window.training.run_settings()
    for lesson_id, word in [
        ("bad_view", "no_such_view"),
        ("bad_preset", "nope"),
        ("bad_data", "nodata"),
    ]:
        assert not browser.open_lesson(lesson_id)
        assert word in browser.message.text(), lesson_id
        assert window.doc.chain_spec() == before
        assert window.training.run_settings() == run


def test_a_broken_lesson_file_is_listed_with_its_message(browser):
    title, children = _tree(browser)[-1]
    assert title == "Lessons with errors (1)"
    top = browser.tree.topLevelItem(browser.tree.topLevelItemCount() - 1)
    item = top.child(0)
    assert "broken.md" in item.data(0, ROLE_ERROR) and item.data(0, ROLE_LESSON) is None
    browser.tree.setCurrentItem(item)
    assert "must start with a '+++' line" in browser.message.text()
    assert not browser.open_button.isEnabled()


def test_clicking_a_step_flashes_the_widget_it_points_at(browser, window, qtbot):
    browser.select_lesson("xor_setup")
    find_dock(window, "palette").raise_()  # the Training dock stays; point at curves later
    block = browser.text.step_block(0)
    rect = browser.text.cursorRect(_cursor_at(block))
    qtbot.mouseClick(browser.text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    flashes = window.findChildren(PointerFlash)
    assert [f.target.objectName() for f in flashes] == ["train_button"]
    train = window.training.train_button
    corner = train.mapTo(window, train.rect().topLeft())
    assert flashes[0].geometry().contains(corner)
    qtbot.waitUntil(lambda: not window.findChildren(PointerFlash), timeout=3000)
    find_dock(window, "params").raise_()
    assert not in_front(qtbot, find_dock(window, "curves"))
    assert browser.point_at_step(1)  # (@curves): a dock, raised
    assert in_front(qtbot, find_dock(window, "curves"))
    assert not browser.point_at_step(2)  # a step without a pointer


def test_help_lessons_raises_the_browser(window, qtbot):
    find_dock(window, "curves").raise_()
    dock = find_dock(window, "lessons")
    assert not in_front(qtbot, dock)
    action = next(a for a in window.menuBar().actions() if a.text() == "&Help").menu().actions()[0]
    action.trigger()
    assert in_front(qtbot, dock) and isinstance(dock, QDockWidget)
    assert isinstance(dock_view(dock), LessonBrowserView)


def test_shipped_lessons_are_listed(shipped_browser):
    shipped = load_catalog()
    for lesson in shipped.lessons:
        assert shipped_browser.lesson_item(lesson.id) is not None, lesson.id


def _cursor_at(block):
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    return cursor


def test_opening_a_lesson_while_training_stops_the_training_first(browser, window, qtbot):
    window.training.epochs.setValue(1000)
    window.training.train_button.click()
    qtbot.waitUntil(lambda: window.session.running, timeout=60_000)
    assert browser.open_lesson("xor_setup")
    assert not window.session.running
    assert window.doc.chain_spec().input_shape == (2,)
    assert window.training.run_settings().dataset == "xor_gate"

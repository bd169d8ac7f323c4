"""Every shipped lesson fits the real window: its step pointers name widgets or docks, its
setup names presets, data sets (with options they accept) and views that exist. A typo in a
lesson file fails here, naming the lesson and the step."""

from layerlab.app.lessons.pointer import resolve_pointer
from layerlab.app.lessons.setup import SetupError, plan_for_window
from layerlab.data import DATASETS, available_datasets, load_dataset
from layerlab.lessons.catalog import load_catalog


def test_every_step_pointer_names_a_widget_of_the_window(window):
    catalog = load_catalog()
    assert catalog.lessons
    missing = [
        f"{lesson.id} ({lang}) step {i}: (@{step.widget})"
        for lesson in catalog.lessons
        for lang, text in lesson.text.items()
        for i, step in enumerate(text.steps, 1)
        if step.widget and resolve_pointer(window, step.widget) is None
    ]
    assert not missing, "pointers to nothing: " + "; ".join(missing)


def test_every_setup_can_be_applied_to_the_window(window):
    problems = []
    for lesson in load_catalog().lessons:
        setup = lesson.setup
        folder_data = setup.dataset in DATASETS and DATASETS[setup.dataset].source == "folder"
        if folder_data and setup.dataset not in available_datasets():
            continue  # MNIST files are not on every machine; the window says so
        try:
            plan_for_window(window, setup)
        except SetupError as e:
            problems.append(f"{lesson.id}: {e}")
    assert not problems, "\n".join(problems)


def test_every_data_set_loads_with_the_lesson_options():
    for lesson in load_catalog().lessons:
        name, options = lesson.setup.dataset, lesson.setup.dataset_options
        if name is not None and DATASETS.get(name) and DATASETS[name].source != "folder":
            splits = load_dataset(name, **options)
            assert len(splits.train.x) > 0, lesson.id


def test_resolving_finds_docks_and_named_widgets_but_not_typos(window):
    assert resolve_pointer(window, "train_button") is window.training.train_button
    assert resolve_pointer(window, "canvas") is window.view
    assert resolve_pointer(window, "curves").objectName() == "dock_curves"
    assert resolve_pointer(window, "lesson_figure").objectName() == "dock_lesson_figure"
    assert resolve_pointer(window, "train_buton") is None

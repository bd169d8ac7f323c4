"""A real main window, lesson files written for the tests, and a tiny registered experiment."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from layerlab.app.lessons.dock_access import dock_view, find_dock
from layerlab.lessons.experiments import EXPERIMENTS, Experiment, Result, Slider, load_all
from layerlab.lessons.figure import Figure, Line, Panel


@pytest.fixture
def window(qtbot, new_window):
    """The window on the reference network; view docks added (as after the first paint)."""
    w = new_window()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: find_dock(w, "lessons") is not None)  # view docks come after paint
    yield w
    w.close()


@pytest.fixture
def browser(lesson_folder, line_experiment, window):
    """The Lessons dock's browser over the test lessons (built when the dock is first shown)."""
    window.show_lessons()
    return dock_view(find_dock(window, "lessons"))


@pytest.fixture
def shipped_browser(window):
    """The Lessons dock's browser over the lessons shipped with LayerLab."""
    window.show_lessons()
    return dock_view(find_dock(window, "lessons"))


SLOPE = Slider("slope", "slope a", 0.0, 4.0, 0.5, 1.0)


@pytest.fixture
def line_experiment(monkeypatch):
    """'testlab.line': y = slope * x on 0..3, values slope and end = 3 * slope; records calls.
    ``delay`` seconds of sleep make a run slow (stale-result tests)."""
    load_all()  # so that the registry does not import over our entry later
    calls: list[dict] = []

    def line(slope: float = 1.0, delay: float = 0.0, fail: bool = False) -> Result:
        calls.append({"slope": slope, "delay": delay})
        if delay:
            time.sleep(delay)
        if fail:
            raise RuntimeError("the test experiment was asked to fail")
        x = np.arange(4, dtype=float)
        fig = Figure([Panel("y = a x", [Line(x, slope * x, "line")])], 1, f"a = {slope:g}")
        return Result({"slope": slope, "end": 3 * slope}, fig)

    monkeypatch.setitem(EXPERIMENTS, "testlab.line", Experiment("testlab.line", line, "", (SLOPE,)))
    return calls


HEAD = '+++\ntopic = "{topic}"\norder = {order}\ntitle = {{ en = "{title}", zh = "{zh}" }}\n'
REPRO = 'reproduces = {{ en = "{title} as in the book", zh = "书中的{zh}" }}\n'
TEXT = """+++
<!-- en -->
Intro of {title}.

1. (@train_button) Press **Train**.
2. (@curves) Watch the loss.
3. Think.
<!-- zh -->
{zh}的介绍。

1. (@train_button) 按 **Train**。
2. (@curves) 观察损失。
3. 思考。
"""
LESSONS = {
    "perceptron/xor_setup.md": (
        "perceptron",
        10,
        "XOR setup",
        "异或设置",
        """[setup]
preset = "xor_2_4_1"
dataset = "xor_gate"
epochs = 300
optimizer = { kind = "adam", lr = 0.05 }
batch_size = 2
seed = 7
views = ["curves", "network_diagram"]
target_loss = 0.01
[figure]
experiment = "testlab.line"
params = { slope = 2.0 }
[[claims]]
expect = { end = { approx = 6.0, tol = 1e-9 }, slope = { lt = 1.0 } }
""",
    ),
    "activations/inline.md": (
        "activations",
        5,
        "Inline circle",
        "内联圆",
        """[setup]
network = { input = { shape = [2] }, layers = [ { id = "h", kind = "Dense", units = 3, activation = "relu" }, { id = "o", kind = "Dense", units = 2 } ], loss = "softmax_cross_entropy", batch_size = 10 }
dataset = "circle"
dataset_options = { n = 100, noise = 0.1, seed = 3 }
""",  # noqa: E501
    ),
    "activations/settings_only.md": (
        "activations",
        7,
        "Settings only",
        "只改设置",
        """[setup]
optimizer = { kind = "momentum", lr = 0.02 }
seed = 11
views = ["palette"]
""",
    ),
    "mlp/bad_view.md": ("mlp", 1, "Bad view", "坏视图", '[setup]\nviews = ["no_such_view"]\n'),
    "mlp/bad_preset.md": ("mlp", 2, "Bad preset", "坏预设", '[setup]\npreset = "nope"\n'),
    "mlp/bad_data.md": ("mlp", 3, "Bad data", "坏数据", '[setup]\ndataset = "nodata"\n'),
}


@pytest.fixture
def lesson_folder(tmp_path, monkeypatch) -> Path:
    """Lesson files for the tests (plus one broken file); the catalog reads them."""
    folder = tmp_path / "lessons"
    for name, (topic, order, title, zh, setup) in LESSONS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        head = HEAD.format(topic=topic, order=order, title=title, zh=zh)
        path.write_text(
            head + REPRO.format(title=title, zh=zh) + setup + TEXT.format(title=title, zh=zh),
            encoding="utf-8",
        )
    (folder / "mlp" / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    monkeypatch.setattr("layerlab.lessons.catalog.lessons_folder", lambda: folder)
    return folder

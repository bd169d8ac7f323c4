"""Lesson files: parsing both languages and steps, and clear messages for malformed files."""

from __future__ import annotations

import pytest

from layerlab.lessons import LessonError, load_catalog, parse_lesson
from layerlab.lessons.claims import check_value

GOOD = """+++
topic = "perceptron"
order = 3
title = { en = "AND", zh = "与门" }
reproduces = { en = "Fig. 2-1" }
[setup]
preset = "perceptron_and"
dataset = "and"
epochs = 5
views = ["network_diagram"]
[figure]
experiment = "activations.repeated_sigmoid"
params = { start = 1.0 }
[[claims]]
expect = { last = { approx = 0.659, tol = 0.01 } }
[[claims]]
experiment = "other.thing"
expect = { converged = false }
+++
<!-- en -->
Intro line.

1. (@train_button) Press **Train**
   and watch.
2. Second step.

After the steps.
<!-- zh -->
介绍。

1. 按 **训练**。
2. 第二步。
"""


def test_parses_setup_text_steps_and_claims() -> None:
    lesson = parse_lesson(GOOD, "good.md")
    assert lesson.topic == "perceptron" and lesson.order == 3
    assert lesson.title == {"en": "AND", "zh": "与门"}
    assert lesson.setup.preset == "perceptron_and" and lesson.setup.epochs == 5
    assert lesson.setup.views == ("network_diagram",)
    en = lesson.text["en"]
    assert en.intro == "Intro line."
    assert [s.widget for s in en.steps] == ["train_button", None]
    assert en.steps[0].text == "Press **Train** and watch."
    assert en.outro == "After the steps."
    assert lesson.text["zh"].steps[1].text == "第二步。"
    # the first claim defaults to the figure's experiment and parameters
    assert lesson.claims[0].experiment == "activations.repeated_sigmoid"
    assert lesson.claims[0].params == {"start": 1.0}
    assert lesson.claims[1].params == {}
    assert lesson.experiments() == {"activations.repeated_sigmoid", "other.thing"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "must start with a '+++'"),
        ("+++\ntopic = 'x'\n", "no closing '+++'"),
        ("+++\ntopic = \n+++\n", "not valid TOML"),
        ("+++\ntitle = 'x'\n+++\n<!-- en -->\n1. a\n", "needs 'topic'"),
        ("+++\ntopic='x'\ntitle='x'\ncolour=1\n+++\n<!-- en -->\n", "unknown front-matter key"),
        ("+++\ntopic='x'\ntitle={zh='x'}\n+++\n<!-- en -->\n", "needs an English text"),
        ("+++\ntopic='x'\ntitle='x'\n+++\nhello\n", "start the text with <!-- en -->"),
        ("+++\ntopic='x'\ntitle='x'\n+++\n<!-- zh -->\n1. a\n", "needs an English part"),
        ("+++\ntopic='x'\ntitle='x'\n+++\n<!-- en -->\n1. a\n3. b\n", "should be numbered 2"),
        ("+++\ntopic='x'\ntitle='x'\n[setup]\nepochs=0\n+++\n<!-- en -->\n", "epochs must be"),
        ("+++\ntopic='x'\ntitle='x'\n[setup]\nsped=1\n+++\n<!-- en -->\n", "unknown key"),
        ("+++\ntopic='x'\ntitle='x'\n[[claims]]\nexpect={a=1}\n+++\n<!-- en -->\n", "needs exp"),
        (
            "+++\ntopic='x'\ntitle='x'\n[[claims]]\nexperiment='a.b'\nexpect={a={near=1}}\n"
            "+++\n<!-- en -->\n",
            "uses ['near']",
        ),
    ],
)
def test_malformed_lessons_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(LessonError, match=r"lesson bad\.md") as info:
        parse_lesson(text, "bad.md")
    assert message in str(info.value)


def test_catalog_reports_broken_files_and_keeps_the_rest(tmp_path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.md").write_text("+++\n", encoding="utf-8")
    (tmp_path / "bin.md").write_bytes(b"\xff\xfe\x00garbage")
    catalog = load_catalog(tmp_path)
    assert [la.id for la in catalog.lessons] == ["good"]
    assert len(catalog.errors) == 2 and any("bad.md" in e for e in catalog.errors)
    assert catalog.topics()[0][0] == "perceptron"


@pytest.mark.parametrize(
    ("value", "cond", "ok"),
    [
        (True, True, True),
        (False, True, False),
        (0.66, {"approx": 0.659, "tol": 0.002}, True),
        (0.67, {"approx": 0.659, "tol": 0.002}, False),
        (1.1, {"approx": 1.0, "rel": 0.2}, True),
        (1e-5, {"lt": 1e-4}, True),
        (float("nan"), {"lt": 1.0}, False),
        (5, {"ge": 2, "le": 5}, True),
        (6, {"ge": 2, "le": 5}, False),
        ("x", {"lt": 1}, False),
    ],
)
def test_check_value(value, cond, ok) -> None:
    assert (check_value("v", value, cond) is None) is ok
